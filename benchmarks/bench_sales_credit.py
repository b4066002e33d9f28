"""Benchmark of the sales credit frozen at confirmation (not a test).

10,000 quotations of 2,000 customers and 50 salespeople in 5 teams: most
are sold by the customer's owner, some by a salesperson an approved transfer
gave the customer to, some by another salesperson (private swaps, each a
draft violation), some of pool customers registered by someone else. The
same orders are confirmed twice from the same starting point, in batches as
the web client's list confirms them: with the crediting switched off (Odoo's
confirmation alone; a first pass only warms the caches), then with it. The
run prints both times and queries per order, the extra queries per order
the crediting costs, and the crediting's own time and queries.

Run it through ``bin/benchmark sales_credit`` (scratch database), or
``python benchmarks/bench_sales_credit.py -c odoo.conf -d DATABASE``.
"""

import argparse
import time
from collections import Counter

from common import create_salespeople

import odoo
from odoo.tools import config


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--customers", type=int, default=2_000)
    parser.add_argument("--salespeople", type=int, default=50)
    parser.add_argument("--teams", type=int, default=5)
    parser.add_argument("--batch", type=int, default=500)
    return parser.parse_args()


def setup(env, args):
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
    env.flush_all()
    cr = env.cr
    company = env.company
    user_ids = users.ids
    # customers: one in ten in the pool, registered by a salesperson
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, is_company, active, type,
                                 company_id, user_id, registered_by_id,
                                 registered_date, autopost_bills,
                                 create_date, write_date)
        SELECT 'Credit Bench Customer ' || g, 'Credit Bench Customer ' || g,
               true, true, 'contact', %(company)s,
               CASE WHEN g %% 10 = 0 THEN NULL
                    ELSE (%(users)s::int[])[1 + g %% %(n)s] END,
               (%(users)s::int[])[1 + g %% %(n)s],
               now() - interval '100 days', 'always', now(), now()
          FROM generate_series(1, %(count)s) g
        RETURNING id
        """,
        {
            "company": company.id,
            "users": user_ids,
            "n": len(user_ids),
            "count": args.customers,
        },
    )
    partner_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
        [partner_ids],
    )
    # one customer in ten handed over by an approved transfer (with the
    # former owner's release); one in twenty taken back later
    cr.execute(
        """
        WITH moved AS (
            UPDATE res_partner p
               SET user_id = (%(users)s::int[])[1 + (g.i + 7) %% %(n)s]
              FROM (SELECT id, row_number() OVER (ORDER BY id) AS i
                      FROM res_partner WHERE id = ANY(%(ids)s)) g
             WHERE p.id = g.id AND g.i %% 10 = 3
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
        {
            "users": user_ids,
            "n": len(user_ids),
            "ids": partner_ids,
            "company": company.id,
        },
    )
    env["res.partner"].invalidate_model()
    return users, teams, partner_ids


def insert_quotations(env, args, users, teams, partner_ids):
    """Quotations straight in SQL: the salesperson is the customer's owner
    for most, another salesperson for one in twenty (a private swap, or a
    pool customer registered by someone else)."""
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
    env["sale.order"].invalidate_model()
    return [row[0] for row in cr.fetchall()]


def confirm(env, order_ids, batch):
    cr = env.cr
    queries = cr.sql_log_count
    started = time.perf_counter()
    for start in range(0, len(order_ids), batch):
        env["sale.order"].browse(order_ids[start : start + batch]).action_confirm()
        env.flush_all()
        env.invalidate_all()
    seconds = time.perf_counter() - started
    return seconds, cr.sql_log_count - queries


def main():
    args = parse_args()
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": False})
        users, teams, partner_ids = setup(env, args)
        order_ids = insert_quotations(env, args, users, teams, partner_ids)
        cr.execute("ANALYZE")
        cr.commit()

        SaleOrder = type(env["sale.order"])
        freeze = SaleOrder._freeze_sales_credit
        SaleOrder._freeze_sales_credit = lambda self: None
        try:
            # the first pass warms the caches (registry, PostgreSQL) for both
            for __ in range(2):
                plain_s, plain_q = confirm(env, order_ids, args.batch)
                cr.rollback()
                env.invalidate_all()
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
            credit_s, credit_q = confirm(env, order_ids, args.batch)
        finally:
            SaleOrder._freeze_sales_credit = freeze
        engine_s = sum(seconds for seconds, __ in spent)
        engine_q = sum(queries for __, queries in spent)
        orders = env["sale.order"].browse(order_ids)
        bases = Counter(orders.mapped("credit_basis"))
        uncredited = len(orders.filtered(lambda order: not order.credit_date))
        swaps = orders.filtered(lambda order: order.credit_basis == "department")
        violations = env["sales.violation"].search_count(
            [("origin", "in", [f"private_swap:sale.order:{o.id}" for o in swaps])]
        )
        cr.rollback()

    count = len(order_ids)
    extra = (credit_q - plain_q) / count
    print(
        f"{count} orders confirmed in batches of {args.batch}, "
        f"{args.customers} customers, {args.salespeople} salespeople"
    )
    print(
        f"without crediting: {plain_s:.2f} s, {plain_q} queries "
        f"({plain_q / count:.3f} per order)"
    )
    print(
        f"with crediting:    {credit_s:.2f} s, {credit_q} queries "
        f"({credit_q / count:.3f} per order)"
    )
    print(
        f"crediting costs {extra:.3f} extra queries per order and "
        f"{(credit_s - plain_s) / count * 1000:.2f} ms per order "
        f"(time ratio {credit_s / plain_s:.2f})"
    )
    print(
        f"the crediting itself: {engine_s:.2f} s, {engine_q} queries in "
        f"{len(spent)} batches ({engine_q / len(spent):.1f} per batch, "
        f"{engine_s / count * 1000:.2f} ms per order)"
    )
    print(
        "credit bases: "
        + ", ".join(f"{basis}: {n}" for basis, n in sorted(bases.items(), key=str))
        + f"; not credited: {uncredited}; private swap violations: {violations}"
    )
    print(
        "target: <= 1 extra query per order: {}".format(
            "met" if extra <= 1 and not uncredited else "MISSED"
        )
    )


if __name__ == "__main__":
    main()
