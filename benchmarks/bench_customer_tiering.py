"""Benchmark of the customer tier recomputation (not a test).

Creates 100,000 customers and 1,000,000 confirmed order lines directly in SQL
in the given database, then times, in the same run, the full recomputation
and the raw SQL aggregate over the same lines, and reports peak memory.

The five schemes run, the value scorecard included: its default indicators
and bands (installed by data/customer_score_data.xml) plus one manual
indicator with values for a share of the customers (``--manual-share``, 0 to
keep the default scorecard alone), so that the manual values are read too.
The scorecard part is then timed alone on the same customers, and the grades
it gives are checked against the stored ones.

Run it through ``bin/benchmark customer_tiering`` (which prepares a scratch
database), or by hand: ``python benchmarks/bench_customer_tiering.py -c
odoo.conf -d DATABASE [--customers N] [--lines N]``.
"""

import argparse
import cProfile
import pstats
import resource
import time

import floor

import odoo
from odoo import fields
from odoo.tools import config


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--lines-per-order", type=int, default=4)
    parser.add_argument(
        "--manual-share",
        type=float,
        default=0.2,
        help="share of the customers with a value on the benchmark's manual "
        "scorecard indicator (0: no manual indicator)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="print where the first and the nightly runs spend time",
    )
    return parser.parse_args()


def generate(cr, customers, lines, lines_per_order):
    """Customers, orders spread over two years, and their lines, in SQL."""
    orders = lines // lines_per_order
    cr.execute("SELECT id, currency_id FROM res_company ORDER BY id LIMIT 1")
    company_id, currency_id = cr.fetchone()
    cr.execute("SELECT id FROM product_product ORDER BY id LIMIT 1")
    product_id = cr.fetchone()[0]
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, active, is_company, type,
                                 company_id, autopost_bills, create_date, write_date)
        SELECT 'Bench Customer ' || g, 'Bench Customer ' || g, true, true, 'contact',
               %s, 'ask', now(), now()
        FROM generate_series(1, %s) g
        RETURNING id
        """,
        (company_id, customers),
    )
    partner_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
        (partner_ids,),
    )
    cr.execute(
        "CREATE TEMP TABLE bench_partner AS SELECT unnest(%s::int[]) AS id",
        (partner_ids,),
    )
    cr.execute("ALTER TABLE bench_partner ADD COLUMN n serial")
    # Skewed buying: low partner numbers buy far more often (Pareto-like).
    cr.execute(
        """
        INSERT INTO sale_order (name, partner_id, partner_invoice_id,
                                partner_shipping_id, company_id, currency_id,
                                currency_rate, state, date_order, create_date,
                                write_date)
        SELECT 'BENCH/' || o.g, p.id, p.id, p.id, %s, %s, 1.0, 'sale',
               now() - (random() * interval '730 days'), now(), now()
        FROM (
            SELECT g, 1 + floor(power(random(), 3) * %s)::int AS n
            FROM generate_series(1, %s) g
        ) o
        JOIN bench_partner p ON p.n = o.n
        RETURNING id
        """,
        (company_id, currency_id, customers, orders),
    )
    order_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        """
        INSERT INTO sale_order_line (order_id, name, product_id, product_uom_qty,
                                     price_unit, price_subtotal, margin, customer_lead,
                                     create_date, write_date)
        SELECT o, 'Bench line', %s, 1, v, v, v * 0.3, 0, now(), now()
        FROM unnest(%s::int[]) o, generate_series(1, %s) l,
             LATERAL (SELECT round((50 + random() * 5000)::numeric, 2) AS v) price
        """,
        (product_id, order_ids, lines_per_order),
    )
    # The stored order totals Odoo keeps in step with the lines.
    cr.execute(
        """
        UPDATE sale_order so SET amount_untaxed = t.amount, margin = t.margin
        FROM (
            SELECT order_id, SUM(price_subtotal) AS amount, SUM(margin) AS margin
            FROM sale_order_line WHERE order_id = ANY(%s) GROUP BY order_id
        ) t
        WHERE so.id = t.order_id
        """,
        (order_ids,),
    )
    cr.execute("ANALYZE res_partner; ANALYZE sale_order; ANALYZE sale_order_line")
    return partner_ids, len(order_ids), len(order_ids) * lines_per_order


MANUAL_WEIGHT = 10.0


def add_manual_values(env, partner_ids, share):
    """Values of a manual indicator for ``share`` of the customers, spread
    over them, in SQL like the rest of the data. The indicator is the first
    company's active manual one (the demo data's *Strategic Value* when the
    database has demo data), else one added with its weight taken from the
    sales indicator, so that the weights still add up to 100."""
    company = env["res.company"].search([], order="id", limit=1)
    Indicator = env["customer.score.indicator"]
    indicator = Indicator.search(
        [("company_id", "=", company.id), ("source", "=", "manual")], limit=1
    )
    if not indicator:
        sales = Indicator.search(
            [("company_id", "=", company.id), ("source", "=", "sales")], limit=1
        )
        sales.weight -= MANUAL_WEIGHT
        indicator = Indicator.create(
            {
                "company_id": company.id,
                "name": "Industry Influence (benchmark)",
                "source": "manual",
                "weight": MANUAL_WEIGHT,
                "sequence": 100,
            }
        )
    env.flush_all()
    step = max(1, round(1 / share))
    env.cr.execute(
        """
        INSERT INTO customer_score_manual_value (partner_id, indicator_id, value,
            company_id, create_uid, write_uid, create_date, write_date)
        SELECT p, %s, round((random() * 100)::numeric, 2), %s, 1, 1, now(), now()
        FROM unnest(%s::int[]) WITH ORDINALITY AS t(p, n)
        WHERE n %% %s = 0
        """,
        (indicator.id, company.id, partner_ids, step),
    )
    inserted = env.cr.rowcount
    return indicator.name, inserted


def scorecard_proof(env):
    """Evidence that the scorecard ran: its indicators, the customers per
    grade and the history rows per scheme."""
    company = env["res.company"].search([], order="id", limit=1)
    for indicator in env["customer.score.indicator"].search(
        [("company_id", "=", company.id)]
    ):
        print(
            f"  scorecard indicator {indicator.name!r}: source {indicator.source}, "
            f"weight {indicator.weight:g}, {indicator.normalisation}"
        )
    env.cr.execute(
        "SELECT tier_score_grade, count(*), round(avg(tier_score)::numeric, 2) "
        "FROM res_partner WHERE tier_score_grade IS NOT NULL GROUP BY 1 ORDER BY 1"
    )
    for grade, count, score in env.cr.fetchall():
        print(f"  scorecard grade {grade}: {count} customers (mean score {score})")
    env.cr.execute(
        "SELECT scheme, count(*) FROM customer_tier_history GROUP BY 1 ORDER BY 1"
    )
    for scheme, count in env.cr.fetchall():
        print(f"  history rows of scheme {scheme}: {count}")


def time_scorecard(env):
    """The scorecard part of a run, alone, on the customers of the first
    company, as the engine runs it: ``_score_batch`` over the sums of
    ``_fetch_stats`` and the metrics of ``classify_batch`` (both shared with
    the four other schemes, so timed apart). Then the same scores with their
    breakdown, computed from scratch: they must equal the stored ones."""
    # the addons path is known once the configuration is parsed
    from odoo.addons.customer_tiering.services import tiering  # noqa: PLC0415

    engine = env["customer.tier.engine"]
    company = env["res.company"].search([], order="id", limit=1)
    partner_ids = engine._pending_partner_ids(0)
    today = fields.Date.context_today(engine)
    previous_start, start, end = engine._window(company, today)
    started = time.perf_counter()
    stats = engine._fetch_stats(company, previous_start, start, end)
    results = tiering.classify_batch(
        partner_ids,
        stats,
        (start.date(), end.date()),
        today,
        company._tier_settings(),
    )
    shared = time.perf_counter() - started
    started = time.perf_counter()
    engine._score_batch(
        company, partner_ids, stats, start, end, results=results, breakdown=False
    )
    scored = time.perf_counter() - started
    started = time.perf_counter()
    scores = engine._score_batch(company, partner_ids, stats, start, end)
    explained = time.perf_counter() - started
    env.cr.execute(
        "SELECT id, tier_score_grade, tier_score FROM res_partner WHERE id = ANY(%s)",
        (partner_ids,),
    )
    stored = {row[0]: row[1:] for row in env.cr.fetchall()}
    env.cr.execute(
        "SELECT partner_id FROM customer_tier_override "
        "WHERE scheme = 'scorecard' AND active"
    )
    overridden = {row[0] for row in env.cr.fetchall()}
    differ = [
        partner_id
        for partner_id, score in scores.items()
        if partner_id not in overridden
        and stored[partner_id] != (score.grade, score.score)
    ]
    started = time.perf_counter()
    engine._score_breakdown(env["res.partner"].browse(partner_ids[-1]))
    breakdown = time.perf_counter() - started
    print(
        f"scorecard part of a run, alone: {scored:.2f} s for {len(partner_ids)} "
        f"customers (after {shared:.2f} s of sales scan and metrics shared with "
        "the other schemes)"
    )
    print(
        f"the same scores with their breakdown, from scratch: {explained:.2f} s; "
        f"customers whose stored grade or score differs: {len(differ)} "
        f"{differ[:5]} ({len(overridden)} with a scorecard override left out)"
    )
    print(
        f"breakdown of one customer's score (Why this grade? dialog): {breakdown:.2f} s"
    )


def history_count(cr):
    cr.execute("SELECT count(*) FROM customer_tier_history")
    return cr.fetchone()[0]


#: tables a tier run adds rows to: the history, the chatter notes
FLOOR_INSERTED = ("customer_tier_history", "mail_message")

RAW_AGGREGATE = """
    SELECT p.commercial_partner_id, date_trunc('month', so.date_order),
           SUM(sol.price_subtotal)
    FROM sale_order_line sol
    JOIN sale_order so ON so.id = sol.order_id
    JOIN res_partner p ON p.id = so.partner_id
    WHERE so.state = 'sale'
    GROUP BY 1, 2
"""


def start_capture(cr, partner_ids):
    """Notes the customers' tier columns and the tables a run adds rows to,
    before the run whose floor is measured."""
    capture = floor.Capture(cr, {"res_partner": (partner_ids, "tier_")}, FLOOR_INSERTED)
    capture.start()
    return capture


def timed_recompute(env, profile, tottime_lines, cumulative_lines=0):
    """Seconds of a committed full recomputation and the customers it
    processed; with ``profile``, where it spent its time."""
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    processed = env["customer.tier.engine"]._recompute_all(source="cron")
    env.cr.commit()
    seconds = time.perf_counter() - started
    if profiler:
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(tottime_lines)
        if cumulative_lines:
            stats.sort_stats("cumulative").print_stats(cumulative_lines)
    return seconds, processed


def measure_floor(env, capture, run):
    """Seconds of the raw aggregate plus the rows the committed ``run`` wrote,
    written again in bare SQL (the same values and as many new rows), then
    rolled back."""
    cr = env.cr
    capture.stop()
    started = time.perf_counter()
    cr.execute(RAW_AGGREGATE)
    cr.fetchall()
    bare = time.perf_counter() - started + capture.replay()
    cr.rollback()
    env.invalidate_all()
    print(
        f"floor of {run}, the raw aggregate plus the same writes in bare SQL "
        f"({capture.summary()}): {bare:.2f} s"
    )
    return bare


def main():
    args = parse_args()
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        started = time.perf_counter()
        partner_ids, orders, lines = generate(
            cr, args.customers, args.lines, args.lines_per_order
        )
        indicator, manual = None, 0
        if args.manual_share > 0:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            indicator, manual = add_manual_values(env, partner_ids, args.manual_share)
        cr.commit()
        print(
            f"generated {len(partner_ids)} customers, {orders} orders, {lines} "
            f"lines, {manual} values of the manual scorecard indicator "
            f"{indicator!r} in {time.perf_counter() - started:.1f} s"
        )

    with registry.cursor() as cr:
        started = time.perf_counter()
        cr.execute(RAW_AGGREGATE)
        rows = len(cr.fetchall())
        raw = time.perf_counter() - started
        print(f"raw SQL aggregate: {raw:.2f} s ({rows} partner-month rows)")

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        history_before = history_count(cr)
        capture = start_capture(cr, partner_ids)
        full, processed = timed_recompute(env, args.profile, 12)
        history_first = history_count(cr)
        print(
            f"full recomputation (first run, every tier new): {full:.2f} s "
            f"for {processed} customers, {history_first - history_before} "
            "history rows"
        )
        # the floor: the raw aggregate plus the same rows written in bare SQL
        # (over the committed run: the same values and as many new rows)
        # the engine's high-water mark, before the floor holds the written rows
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        bare = measure_floor(env, capture, "the first run")
        again, __ = timed_recompute(env, args.profile, 15)
        print(
            f"full recomputation (nightly run, nothing changed): {again:.2f} s, "
            f"{history_count(cr) - history_first} history rows"
        )
        # a night later: a tenth of the customers sold three times as much
        cr.execute(
            """
            UPDATE sale_order_line sol SET price_subtotal = sol.price_subtotal * 3
              FROM sale_order so
             WHERE so.id = sol.order_id AND so.partner_id = ANY(%(ids)s);
            UPDATE sale_order SET amount_untaxed = amount_untaxed * 3,
                                  amount_total = amount_total * 3
             WHERE partner_id = ANY(%(ids)s)
            """,
            {"ids": partner_ids[::10]},
        )
        cr.commit()
        history_second = history_count(cr)
        capture = start_capture(cr, partner_ids)
        changed, __ = timed_recompute(env, args.profile, 15, cumulative_lines=30)
        print(
            f"full recomputation (nightly run, 10% of the customers changed): "
            f"{changed:.2f} s, {history_count(cr) - history_second} history rows"
        )
        # its floor, as the first run's: what changed is written again bare
        changed_bare = measure_floor(env, capture, "the nightly run, 10% changed")
        print(f"history rows in the database: {history_count(cr)}")
        scorecard_proof(env)
        time_scorecard(env)

    checks_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ratio first run / raw aggregate: {full / raw:.2f}")
    print(f"ratio first run / its floor: {full / bare:.2f}")
    print(f"ratio nightly run / raw aggregate: {again / raw:.2f}")
    print(f"ratio nightly run, 10% changed / raw aggregate: {changed / raw:.2f}")
    print(f"ratio nightly run, 10% changed / its floor: {changed / changed_bare:.2f}")
    print(
        f"peak memory of the first run: {peak_mb:.0f} MB ({checks_mb:.0f} MB at "
        "the end, with the floor's copy of the written rows and the scorecard "
        "checks, which build every customer's breakdown)"
    )
    met = {True: "met", False: "MISSED"}
    print(
        f"targets: first run <= 2x its floor: {met[full <= 2 * bare]}; nightly "
        f"run, 10% changed, <= 3x raw aggregate: {met[changed <= 3 * raw]}; "
        f"each <= 60 s: {met[max(full, again, changed) <= 60]}"
    )
    print(f"target peak memory < 1024 MB: {'met' if peak_mb < 1024 else 'MISSED'}")


if __name__ == "__main__":
    main()
