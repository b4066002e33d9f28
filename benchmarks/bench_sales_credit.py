"""Benchmark of the sales credit frozen at confirmation (not a test).

10,000 quotations (one service line each) of 2,000 customers and 50
salespeople in 5 teams: most are sold by the customer's owner, some by a
salesperson an approved transfer gave the customer to (a customer the former
owner registered in another team: referred, as the transfer records it), some
by another salesperson (private swaps, each a draft violation), some of pool
customers registered by someone else. The same orders are confirmed twice
from the same starting point, in batches as the web client's list confirms
them: with the crediting switched off (Odoo's confirmation and the suite's
other hooks; a first pass only warms the caches), then with it (which also
creates the referral reward lines). The run prints both times and queries per
order, the extra queries per order the crediting costs, and the crediting's
own time and queries.

With ``--native-database`` (a database with the suite's dependencies but
without the suite, as ``bin/benchmark`` provides), the same salespeople,
teams, customers, owners and orders (what native Odoo has of them) are built
there too and the same orders confirmed in the same batches, with a warming
pass as well: the run then also prints native Odoo's figures, the extra
queries per order of the whole suite against native Odoo, and which queries
make the difference.

Run it through ``bin/benchmark sales_credit`` (scratch databases), or
``python benchmarks/bench_sales_credit.py -c odoo.conf -d DATABASE
[--native-database NATIVE]``.
"""

import argparse
import re
import threading
import time
from collections import Counter
from contextlib import contextmanager

from common import create_salespeople

import odoo
from odoo.tools import config


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument(
        "--native-database",
        help="a database without the suite (same Odoo dependencies): native "
        "Odoo's confirmation of the same orders is measured there",
    )
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--customers", type=int, default=2_000)
    parser.add_argument("--salespeople", type=int, default=50)
    parser.add_argument("--teams", type=int, default=5)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument(
        "--top", type=int, default=8, help="query shapes listed per difference"
    )
    return parser.parse_args()


def setup(env, args, suite):
    """Salespeople, teams and customers; with ``suite``, the suite's facts
    too: who registered each customer, the approved transfers with the
    former owners' releases, and the referrals those transfers record."""
    # a run commits its data: a second run on the same database needs its
    # own logins
    users = create_salespeople(
        env,
        args.salespeople,
        "Credit Bench Salesperson",
        f"credit_sp_{int(time.time())}_",
    )
    teams = env["crm.team"].create(
        [{"name": f"Credit Bench Team {index}"} for index in range(args.teams)]
    )
    env["crm.team.member"].create(
        [
            {"crm_team_id": teams[index % args.teams].id, "user_id": user.id}
            for index, user in enumerate(users)
        ]
    )
    product = env["product.product"].create(
        {
            "name": "Credit Bench Service",
            "type": "service",
            "invoice_policy": "order",
            "list_price": 100,
            "taxes_id": [odoo.Command.clear()],
        }
    )
    env.flush_all()
    cr = env.cr
    company = env.company
    user_ids = users.ids
    params = {
        "company": company.id,
        "users": user_ids,
        "n": len(user_ids),
        "teams": teams.ids,
        "t": len(teams),
        "count": args.customers,
    }
    # customers: one in ten in the pool, registered by a salesperson
    registration = (
        (
            ", registered_by_id, registered_date",
            ", (%(users)s::int[])[1 + g %% %(n)s], now() - interval '100 days'",
        )
        if suite
        else ("", "")
    )
    cr.execute(
        f"""
        INSERT INTO res_partner (name, complete_name, is_company, active, type,
                                 company_id, user_id, autopost_bills,
                                 create_date, write_date{registration[0]})
        SELECT 'Credit Bench Customer ' || g, 'Credit Bench Customer ' || g,
               true, true, 'contact', %(company)s,
               CASE WHEN g %% 10 = 0 THEN NULL
                    ELSE (%(users)s::int[])[1 + g %% %(n)s] END,
               'always', now(), now(){registration[1]}
          FROM generate_series(1, %(count)s) g
        RETURNING id
        """,
        params,
    )
    partner_ids = [row[0] for row in cr.fetchall()]
    params["ids"] = partner_ids
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
        [partner_ids],
    )
    # one customer in ten handed over to another salesperson; in the suite,
    # by an approved transfer (with the former owner's release), and the
    # former owner registered the customer: when his team is not the new
    # owner's, the transfer records him as the referrer
    referral = (
        """,
                   referrer_id = CASE WHEN %(former_team)s != %(new_team)s
                                      THEN %(former)s END,
                   referrer_team_id = CASE WHEN %(former_team)s != %(new_team)s
                                           THEN %(former_team)s END,
                   referral_date = CASE WHEN %(former_team)s != %(new_team)s
                                        THEN now() - interval '30 days' END"""
        % {
            "former": "(%(users)s::int[])[1 + g.i %% %(n)s]",
            "former_team": "(%(teams)s::int[])[1 + (g.i %% %(n)s) %% %(t)s]",
            "new_team": "(%(teams)s::int[])[1 + ((g.i + 7) %% %(n)s) %% %(t)s]",
        }
        if suite
        else ""
    )
    moved = f"""
            UPDATE res_partner p
               SET user_id = (%(users)s::int[])[1 + (g.i + 7) %% %(n)s]{referral}
              FROM (SELECT id, row_number() OVER (ORDER BY id) AS i
                      FROM res_partner WHERE id = ANY(%(ids)s)) g
             WHERE p.id = g.id AND g.i %% 10 = 3
    """
    if not suite:
        cr.execute(moved, params)
        env["res.partner"].invalidate_model()
        return users, teams, product, partner_ids
    cr.execute(
        f"""
        WITH moved AS ({moved}
         RETURNING p.id, p.user_id, (%(users)s::int[])[1 + g.i %% %(n)s] AS former
        ), transfers AS (
            INSERT INTO crm_pool_transfer (name, partner_id, from_user_id, to_user_id,
                                           reason, state, company_id, decided_on,
                                           create_date, write_date)
            SELECT 'bench', id, former, user_id, 'bench', 'approved', %(company)s,
                   now() - interval '30 days', now(), now()
              FROM moved
        )
        INSERT INTO crm_pool_release (partner_id, user_id, date, reason, company_id,
                                      create_date, write_date)
        SELECT id, former, now() - interval '30 days', 'transfer', %(company)s,
               now(), now()
          FROM moved
        """,
        params,
    )
    env["res.partner"].invalidate_model()
    return users, teams, product, partner_ids


def insert_quotations(env, args, users, teams, product, partner_ids):
    """Quotations straight in SQL, one service line each, their amounts as
    Odoo computes them: the salesperson is the customer's owner for most,
    another salesperson for one in twenty (a private swap, or a pool
    customer registered by someone else)."""
    cr = env.cr
    cr.execute(
        """
        INSERT INTO sale_order (name, partner_id, partner_invoice_id,
                                partner_shipping_id, company_id, currency_id,
                                user_id, team_id, state, date_order,
                                amount_untaxed, amount_tax, amount_total,
                                currency_rate, create_date, write_date)
        SELECT 'CB' || g, p.id, p.id, p.id, %(company)s, %(currency)s,
               CASE WHEN g %% 20 = 0 OR p.user_id IS NULL
                    THEN (%(users)s::int[])[1 + (g * 3) %% %(n)s]
                    ELSE p.user_id END,
               (%(teams)s::int[])[1 + g %% %(t)s], 'draft', now(),
               100 + g %% 900, 0, 100 + g %% 900, 1, now(), now()
          FROM generate_series(1, %(count)s) g
          JOIN res_partner p
            ON p.id = (%(partners)s::int[])[1 + g %% %(p)s]
        RETURNING id
        """,
        {
            "company": env.company.id,
            "currency": env.company.currency_id.id,
            "users": users.ids,
            "n": len(users),
            "teams": teams.ids,
            "t": len(teams),
            "partners": partner_ids,
            "p": len(partner_ids),
            "count": args.orders,
        },
    )
    order_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        """
        INSERT INTO sale_order_line (
            order_id, sequence, name, product_id, product_uom, product_uom_qty,
            price_unit, technical_price_unit, discount, price_subtotal,
            price_tax, price_total, price_reduce_taxexcl, price_reduce_taxinc,
            purchase_price, margin, margin_percent, customer_lead, company_id,
            currency_id, order_partner_id, salesman_id, state, invoice_status,
            qty_delivered_method, qty_delivered, qty_invoiced, qty_to_invoice,
            untaxed_amount_invoiced, untaxed_amount_to_invoice,
            create_uid, write_uid, create_date, write_date)
        SELECT so.id, 10, %(name)s, %(product)s, %(uom)s, 1,
               so.amount_untaxed, so.amount_untaxed, 0, so.amount_untaxed,
               0, so.amount_untaxed, so.amount_untaxed, so.amount_untaxed,
               0, so.amount_untaxed, 1, 0, so.company_id,
               so.currency_id, so.partner_id, so.user_id, 'draft', 'no',
               'manual', 0, 0, 0, 0, 0,
               %(uid)s, %(uid)s, now(), now()
          FROM sale_order so
         WHERE so.id = ANY(%(ids)s)
        """,
        {
            "name": product.display_name,
            "product": product.id,
            "uom": product.uom_id.id,
            "uid": env.uid,
            "ids": order_ids,
        },
    )
    env["sale.order"].invalidate_model()
    return order_ids


def build(env, args, suite):
    users, teams, product, partner_ids = setup(env, args, suite)
    order_ids = insert_quotations(env, args, users, teams, product, partner_ids)
    env.cr.execute("ANALYZE")
    env.cr.commit()
    return order_ids


@contextmanager
def query_shapes():
    """Counts the queries by their text (parameters apart) through Odoo's
    query hooks: where the queries of a pass go."""
    shapes = Counter()

    def hook(cr, query, params, start, delay):
        shapes[query] += 1

    thread = threading.current_thread()
    hooks = getattr(thread, "query_hooks", None)
    thread.query_hooks = (*(hooks or ()), hook)
    try:
        yield shapes
    finally:
        if hooks is None:
            del thread.query_hooks
        else:
            thread.query_hooks = hooks


def confirm(env, order_ids, batch):
    """Confirms the orders batch by batch: seconds, queries, the queries'
    shapes and how many orders are confirmed then."""
    cr = env.cr
    with query_shapes() as shapes:
        queries = cr.sql_log_count
        started = time.perf_counter()
        for start in range(0, len(order_ids), batch):
            env["sale.order"].browse(order_ids[start : start + batch]).action_confirm()
            env.flush_all()
            env.invalidate_all()
        seconds = time.perf_counter() - started
        queries = cr.sql_log_count - queries
    confirmed = env["sale.order"].search_count(
        [("id", "in", order_ids), ("state", "=", "sale")]
    )
    return seconds, queries, shapes, confirmed


def confirm_twice(env, order_ids, batch):
    """The first pass warms the caches (registry, PostgreSQL); the second,
    from the same starting point, is measured. Both are rolled back."""
    for __ in range(2):
        measured = confirm(env, order_ids, batch)
        env.cr.rollback()
        env.invalidate_all()
    return measured


def bench_native(args):
    registry = odoo.modules.registry.Registry(args.native_database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": False})
        if "credit_date" in env["sale.order"]._fields:
            raise SystemExit(
                f"{args.native_database} has the suite installed: native Odoo "
                "is measured on a database without it"
            )
        order_ids = build(env, args, suite=False)
        return confirm_twice(env, order_ids, args.batch)


def bench_suite(args):
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": False})
        order_ids = build(env, args, suite=True)

        SaleOrder = type(env["sale.order"])
        freeze = SaleOrder._freeze_sales_credit
        SaleOrder._freeze_sales_credit = lambda self: None
        try:
            plain = confirm_twice(env, order_ids, args.batch)
        finally:
            SaleOrder._freeze_sales_credit = freeze

        spent = []

        def timed_freeze(self):
            started = time.perf_counter()
            queries = self.env.cr.sql_log_count
            freeze(self)
            spent.append(
                (time.perf_counter() - started, self.env.cr.sql_log_count - queries)
            )

        SaleOrder._freeze_sales_credit = timed_freeze
        try:
            credited = confirm(env, order_ids, args.batch)
        finally:
            SaleOrder._freeze_sales_credit = freeze
        orders = env["sale.order"].browse(order_ids)
        facts = {
            "bases": Counter(orders.mapped("credit_basis")),
            "uncredited": len(orders.filtered(lambda order: not order.credit_date)),
            "referred": len(
                orders.filtered(
                    lambda order: order.partner_id.commercial_partner_id.referrer_id
                )
            ),
            "reward_lines": env["crm.referral.reward.line"].search_count(
                [("order_id", "in", order_ids)]
            ),
            "engine_s": sum(seconds for seconds, __ in spent),
            "engine_q": sum(queries for __, queries in spent),
            "batches": len(spent),
        }
        swaps = orders.filtered(lambda order: order.credit_basis == "department")
        facts["violations"] = env["sales.violation"].search_count(
            [("origin", "in", [f"private_swap:sale.order:{o.id}" for o in swaps])]
        )
        cr.rollback()
    return plain, credited, facts


def shape(query):
    """A query's text on one line, its literal numbers and long lists
    folded, cut to a readable length."""
    text = re.sub(r"\s+", " ", str(query)).strip()
    text = re.sub(r"\b\d+\b", "N", text)
    return text if len(text) <= 150 else text[:147] + "..."


def print_difference(title, more, fewer, count, top):
    """The query shapes that the first pass ran more often than the second."""
    delta = Counter()
    for query, number in more.items():
        delta[shape(query)] += number
    for query, number in fewer.items():
        delta[shape(query)] -= number
    total = sum(delta.values())
    changed = sorted(
        ((text, number) for text, number in delta.items() if number),
        key=lambda item: -abs(item[1]),
    )
    print(
        f"{title}: {total:+d} queries ({total / count:+.3f} per order)"
        + (", by shape:" if changed else "; every query shape as often")
    )
    for text, number in changed[:top]:
        print(f"  {number:+7d} ({number / count:+.3f}/order)  {text}")


def main():
    args = parse_args()
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    native = bench_native(args) if args.native_database else None
    plain, credited, facts = bench_suite(args)
    plain_s, plain_q, plain_shapes, plain_confirmed = plain
    credit_s, credit_q, credit_shapes, credit_confirmed = credited

    count = args.orders
    extra = (credit_q - plain_q) / count
    print(
        f"{count} orders (one line each) confirmed in batches of {args.batch}, "
        f"{args.customers} customers, {args.salespeople} salespeople, "
        f"{args.teams} teams"
    )
    if native:
        native_s, native_q, native_shapes, native_confirmed = native
        print(
            f"native Odoo (no suite): {native_s:.2f} s, {native_q} queries "
            f"({native_q / count:.3f} per order); {native_confirmed} confirmed"
        )
    print(
        f"suite, crediting off:   {plain_s:.2f} s, {plain_q} queries "
        f"({plain_q / count:.3f} per order); {plain_confirmed} confirmed"
    )
    print(
        f"suite, crediting on:    {credit_s:.2f} s, {credit_q} queries "
        f"({credit_q / count:.3f} per order); {credit_confirmed} confirmed"
    )
    print(
        f"crediting alone: {extra:+.3f} queries per order, "
        f"{(credit_s - plain_s) / count * 1000:+.2f} ms per order "
        f"(time ratio on / off {credit_s / plain_s:.2f})"
    )
    print(
        f"the crediting itself (reward lines included): {facts['engine_s']:.2f} s, "
        f"{facts['engine_q']} queries in {facts['batches']} batches "
        f"({facts['engine_q'] / max(facts['batches'], 1):.1f} per batch, "
        f"{facts['engine_s'] / count * 1000:.2f} ms per order)"
    )
    print(
        "credit bases: "
        + ", ".join(
            f"{basis}: {n}" for basis, n in sorted(facts["bases"].items(), key=str)
        )
        + f"; not credited: {facts['uncredited']}; "
        f"private swap violations: {facts['violations']}; "
        f"orders of referred customers: {facts['referred']}, "
        f"referral reward lines: {facts['reward_lines']}"
    )
    whole = None
    if native:
        whole = (credit_q - native_q) / count
        print(
            f"whole suite vs native: {whole:+.3f} queries per order "
            f"(crediting off: {(plain_q - native_q) / count:+.3f}), "
            f"{(credit_s - native_s) / count * 1000:+.2f} ms per order "
            f"(time ratio suite / native {credit_s / native_s:.2f})"
        )
        print_difference(
            "suite (crediting off) minus native",
            plain_shapes,
            native_shapes,
            count,
            args.top,
        )
    print_difference(
        "crediting on minus off", credit_shapes, plain_shapes, count, args.top
    )
    print(
        "target: crediting <= 1 extra query per order: {} ({:+.3f})".format(
            "PASS" if extra <= 1 and not facts["uncredited"] else "FAIL", extra
        )
    )
    if whole is not None:
        verdict = "PASS" if whole <= 1 else "FAIL"
        print(
            f"whole suite <= 1 extra query per order vs native Odoo: {verdict} "
            f"({whole:+.3f})"
        )


if __name__ == "__main__":
    main()
