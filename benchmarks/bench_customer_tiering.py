"""Benchmark of the customer tier recomputation (not a test).

Creates 100,000 customers and 1,000,000 confirmed order lines directly in SQL
in the given database, then times, in the same run, the full recomputation
and the raw SQL aggregate over the same lines, and reports peak memory.

Run it through ``bin/benchmark customer_tiering`` (which prepares a scratch
database), or by hand: ``python benchmarks/bench_customer_tiering.py -c
odoo.conf -d DATABASE [--customers N] [--lines N]``.
"""

import argparse
import cProfile
import pstats
import resource
import time

import odoo
from odoo.tools import config


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--lines-per-order", type=int, default=4)
    parser.add_argument(
        "--profile", action="store_true", help="print where the first run spends time"
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
    return len(partner_ids), len(order_ids), len(order_ids) * lines_per_order


RAW_AGGREGATE = """
    SELECT p.commercial_partner_id, date_trunc('month', so.date_order),
           SUM(sol.price_subtotal)
    FROM sale_order_line sol
    JOIN sale_order so ON so.id = sol.order_id
    JOIN res_partner p ON p.id = so.partner_id
    WHERE so.state = 'sale'
    GROUP BY 1, 2
"""


def main():
    args = parse_args()
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        started = time.perf_counter()
        partners, orders, lines = generate(
            cr, args.customers, args.lines, args.lines_per_order
        )
        cr.commit()
        print(
            f"generated {partners} customers, {orders} orders, {lines} lines "
            f"in {time.perf_counter() - started:.1f} s"
        )

    with registry.cursor() as cr:
        started = time.perf_counter()
        cr.execute(RAW_AGGREGATE)
        rows = len(cr.fetchall())
        raw = time.perf_counter() - started
        print(f"raw SQL aggregate: {raw:.2f} s ({rows} partner-month rows)")

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        profiler = cProfile.Profile() if args.profile else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        processed = env["customer.tier.engine"]._recompute_all(source="cron")
        cr.commit()
        full = time.perf_counter() - started
        if profiler:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(12)
        print(
            f"full recomputation (first run, every tier new): {full:.2f} s "
            f"for {processed} customers"
        )
        profiler = cProfile.Profile() if args.profile else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        env["customer.tier.engine"]._recompute_all(source="cron")
        cr.commit()
        again = time.perf_counter() - started
        if profiler:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
        print(f"full recomputation (nightly run, nothing changed): {again:.2f} s")
        cr.execute("SELECT count(*) FROM customer_tier_history")
        print(f"history rows: {cr.fetchone()[0]}")

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ratio first run / raw aggregate: {full / raw:.2f}")
    print(f"ratio nightly run / raw aggregate: {again / raw:.2f}")
    print(f"peak memory: {peak_mb:.0f} MB")
    for label, seconds in (("first run", full), ("nightly run", again)):
        print(
            f"targets, {label}: <= 60 s: {'met' if seconds <= 60 else 'MISSED'}; "
            f"<= 3x raw aggregate: {'met' if seconds <= 3 * raw else 'MISSED'}"
        )
    print(f"target peak memory < 1024 MB: {'met' if peak_mb < 1024 else 'MISSED'}")


if __name__ == "__main__":
    main()
