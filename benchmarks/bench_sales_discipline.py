"""Benchmark of the first-contact SLA scan (not a test).

10,000 open allocated leads wait for their first contact. The run prints the
time of the scheduled scan when nothing is due (the target: under 1 s per
run, on the index of the deadline), the plan PostgreSQL chooses for it, the
time to start the clock of 10,000 leads allocated at once, and the time of a
run that breaches 1,000 leads (violations, suspensions, team leader
activities included). Then, for the special customers, 2,000 customers with
100,000 calls over 60 days: the time of the nightly flagging (one grouped
query), of its re-run (nothing new), and of 1,000 calls imported at once
(matched by number in one search a batch).

Run it through ``bin/benchmark sales_discipline`` (scratch database), or
``python benchmarks/bench_sales_discipline.py -c odoo.conf -d DATABASE``.
"""

import argparse
import resource
import time

from common import create_salespeople

import odoo
from odoo.tools import config


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--leads", type=int, default=10_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--salespeople", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--customers", type=int, default=2_000)
    parser.add_argument("--calls", type=int, default=100_000)
    return parser.parse_args()


def setup(env, args):
    users = create_salespeople(
        env, args.salespeople, "SLA Bench Salesperson", "sla_bench_"
    )
    leader = env.ref("base.user_admin")
    team = env["crm.team"].create({"name": "SLA Bench Team", "user_id": leader.id})
    env.cr.execute(
        """
        INSERT INTO crm_lead (name, type, active, team_id, user_id, probability,
                              company_id, stage_id, first_contact_state,
                              first_contact_start, first_contact_deadline,
                              create_date, write_date)
        SELECT 'SLA bench lead ' || g, 'lead', true, %s,
               (%s::int[])[1 + g %% %s], 10,
               (SELECT id FROM res_company ORDER BY id LIMIT 1),
               (SELECT id FROM crm_stage ORDER BY sequence, id LIMIT 1),
               'pending', now() at time zone 'UTC',
               (now() at time zone 'UTC') + interval '1 day', now(), now()
        FROM generate_series(1, %s) g
        RETURNING id
        """,
        (team.id, users.ids, len(users), args.leads),
    )
    return [row[0] for row in env.cr.fetchall()]


def main():
    args = parse_args()
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        lead_ids = setup(env, args)
        cr.execute("ANALYZE crm_lead")
        Lead = env["crm.lead"]
        print(f"{len(lead_ids)} open allocations, first contact pending")

        times = []
        for _run in range(args.runs):
            env.invalidate_all()
            queries = cr.sql_log_count
            start = time.perf_counter()
            breached = Lead._cron_check_first_contact()
            times.append(time.perf_counter() - start)
            queries = cr.sql_log_count - queries
            assert breached == 0, breached
        print(
            f"scan with nothing due: best {min(times) * 1000:.1f} ms, worst "
            f"{max(times) * 1000:.1f} ms over {args.runs} runs, {queries} queries"
        )
        cr.execute(
            """
            EXPLAIN SELECT id FROM crm_lead
            WHERE first_contact_state = 'pending'
              AND first_contact_deadline <= now() at time zone 'UTC'
            ORDER BY first_contact_deadline, id LIMIT 1001
            """
        )
        print("plan: " + " / ".join(row[0].strip() for row in cr.fetchall()[:3]))

        leads = Lead.browse(lead_ids)
        start = time.perf_counter()
        leads._start_first_contact_clock()
        cr.flush()
        clock = time.perf_counter() - start
        print(f"clock started for {len(leads)} leads at once: {clock:.2f} s")

        due = lead_ids[: args.due]
        cr.execute(
            "UPDATE crm_lead SET first_contact_deadline = "
            "(now() at time zone 'UTC') - interval '1 minute' WHERE id = ANY(%s)",
            (due,),
        )
        env.invalidate_all()
        start = time.perf_counter()
        breached = Lead._cron_check_first_contact()
        cr.flush()
        breach = time.perf_counter() - start
        violations = env["sales.violation"].search_count([("lead_id", "in", due)])
        print(
            f"run breaching {breached} leads: {breach:.2f} s "
            f"({breach / max(breached, 1) * 1000:.1f} ms a lead), "
            f"{violations} violations"
        )
        bench_special_customers(env, args)
        cr.rollback()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak_mb:.0f} MB")
    print(
        "target: scan with nothing due under 1 s: {}".format(
            "met" if max(times) < 1 else "MISSED"
        )
    )


def bench_special_customers(env, args):
    cr = env.cr
    customers = env["res.partner"].create(
        [
            {
                "name": f"Bench Caller {index}",
                "is_company": True,
                "phone": f"1390000{index:04d}",
            }
            for index in range(args.customers)
        ]
    )
    user = env.ref("base.user_admin")
    cr.execute(
        """
        INSERT INTO sales_call_log (direction, phone, phone_key, partner_id, user_id,
                                    call_date, outcome, company_id, duration,
                                    create_date, write_date)
        SELECT CASE WHEN g %% 3 = 0 THEN 'outbound' ELSE 'inbound' END,
               'x', 'x', (%s::int[])[1 + (g * 7919) %% %s], %s,
               (now() at time zone 'UTC') - (g %% 60) * interval '1 day'
                   - (g %% 11) * interval '1 hour',
               CASE WHEN g %% 5 = 0 THEN 'no_answer' ELSE 'answered' END,
               (SELECT id FROM res_company ORDER BY id LIMIT 1), 3, now(), now()
        FROM generate_series(1, %s) g
        """,
        (customers.ids, len(customers), user.id, args.calls),
    )
    cr.execute("ANALYZE sales_call_log")
    Flag = env["sales.special.flag"]
    print(f"{args.calls} calls of {len(customers)} customers over 60 days")
    for label in ("nightly flagging", "re-run, nothing new"):
        env.invalidate_all()
        queries = cr.sql_log_count
        start = time.perf_counter()
        flagged = Flag._cron_flag_special_customers()
        cr.flush()
        elapsed = time.perf_counter() - start
        print(
            f"{label}: {elapsed:.2f} s, {flagged} customers flagged, "
            f"{cr.sql_log_count - queries} queries"
        )
    start = time.perf_counter()
    env["sales.call.log"].create(
        [
            {"direction": "inbound", "phone": f"+86 139 0000 {index % 10000:04d}"}
            for index in range(1000)
        ]
    )
    cr.flush()
    print(f"1000 calls imported and matched: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
