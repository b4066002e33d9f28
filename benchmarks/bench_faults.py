"""Fault test of the engines (not a unit test): each killed with ``kill -9``
in the middle of a large batch, started again, and compared with an
uninterrupted run on a copy of the same database.

For each engine (the pool recycling, the tier recompute, the lead
allocation) the data of its benchmark is built and committed, the database
is copied, and the engine runs the way its scheduled action does (one batch
per transaction, committed, until nothing remains) in a worker process:
uninterrupted on the copy, and on the original killed halfway through a
batch (the reference run's duration of that batch tells when), then started
again until done. The end states are compared in SQL: the same owners, the
same history rows, the same release and allocation-log rows (dates aside:
the two runs happen at different times), and no duplicates.

Run it through ``bin/benchmark faults [--only recycle,tiers,allocation]``.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from contextlib import closing
from datetime import datetime

import bench_customer_tiering
import bench_lead_allocation

import odoo
from odoo.tools import SQL, config

JOBS = ("recycle", "tiers", "allocation")
#: the suite's mark on a database it created (bin/lib.sh's DB_MARK)
DB_MARK = "created by the sales policy suite"
#: where a database's name is claimed before it is created and marked
#: (bin/lib.sh's create_own_db): a run killed in between is recognised
CLAIMED = os.path.join(os.path.dirname(__file__), os.pardir, ".cache", "claimed")
#: the allocation's clock, the same in both runs: its cool-downs and
#: rotation compare dates with it
ALLOCATION_NOW = datetime(2026, 12, 1, 9, 0, 0)

SIGNATURES = {
    "recycle": {
        "owners": "SELECT id, user_id, pool_due_date, pool_due_reason FROM crm_lead "
        "ORDER BY id",
        "releases": "SELECT lead_id, partner_id, user_id, reason, detail "
        "FROM crm_pool_release ORDER BY 1, 2, 3, 4, 5",
    },
    "tiers": {
        "tiers": "SELECT id, tier_value, tier_share, tier_pareto, tier_lifecycle, "
        "tier_sales_amount, tier_order_count, tier_share_percent FROM res_partner "
        "ORDER BY id",
        "history": "SELECT partner_id, scheme, old_value, new_value, source, "
        "order_count, active_months, share, score FROM customer_tier_history "
        "ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9",
    },
    "allocation": {
        "owners": "SELECT id, user_id, team_id FROM crm_lead ORDER BY id",
        "logs": "SELECT lead_id, user_id, team_id, lead_class, level_id, event, "
        "actor FROM crm_lead_allocation_log ORDER BY 1, 2, 3, 4, 5, 6, 7",
    },
}
#: what a run writes once only, whatever its batches (rows of this run:
#: ``id`` above the largest before it): a released record is released once
#: (it has no owner any more), a lead is handed out once, a customer's tier
#: changes once per scheme at the run's time
DUPLICATES = {
    "recycle": (
        "crm_pool_release",
        "SELECT count(*) FROM (SELECT lead_id, partner_id FROM crm_pool_release "
        "WHERE id > %s GROUP BY 1, 2 HAVING count(*) > 1) d",
    ),
    "tiers": (
        "customer_tier_history",
        "SELECT count(*) FROM (SELECT partner_id, scheme, date FROM "
        "customer_tier_history WHERE id > %s GROUP BY 1, 2, 3 "
        "HAVING count(*) > 1) d",
    ),
    "allocation": (
        "crm_lead_allocation_log",
        "SELECT count(*) FROM (SELECT lead_id FROM crm_lead_allocation_log "
        "WHERE id > %s AND event = 'assigned' GROUP BY 1 HAVING count(*) > 1) d",
    ),
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--only", default=",".join(JOBS))
    parser.add_argument("--recycle-leads", type=int, default=200_000)
    parser.add_argument("--recycle-due", type=int, default=20_000)
    parser.add_argument("--recycle-batch", type=int, default=5_000)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--tier-batch", type=int, default=20_000)
    parser.add_argument("--leads", type=int, default=10_000)
    parser.add_argument("--salespeople", type=int, default=50)
    parser.add_argument("--teams", type=int, default=5)
    parser.add_argument("--worker", choices=JOBS, help=argparse.SUPPRESS)
    parser.add_argument("--batch", type=int, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# ----------------------------------------------------------------------
# the worker: one engine, batch after batch, as its scheduled action
# ----------------------------------------------------------------------
def run_batch(env, job, batch):
    """One transaction's work; returns what remains."""
    if job == "recycle":
        return env["crm.pool.engine"]._cron_recycle(batch_size=batch)
    if job == "tiers":
        return env["customer.tier.engine"]._cron_recompute(batch_size=batch)
    env["crm.lead.allocation.engine"]._allocate(now=ALLOCATION_NOW)
    return 0


def worker(args):
    registry = odoo.modules.registry.Registry(args.database)
    number = 0
    while True:
        number += 1
        print(json.dumps({"start": number}), flush=True)
        started = time.perf_counter()
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            remaining = run_batch(env, args.worker, args.batch)
            cr.commit()
        print(
            json.dumps(
                {
                    "done": number,
                    "seconds": time.perf_counter() - started,
                    "remaining": remaining,
                }
            ),
            flush=True,
        )
        if not remaining:
            return 0


def start_worker(args, database, job, batch):
    return subprocess.Popen(
        [
            sys.executable,
            os.path.abspath(__file__),
            "-c",
            args.config,
            "-d",
            database,
            "--worker",
            job,
            "--batch",
            str(batch or 0),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )


def drive(args, database, job, batch, kill_at=None):
    """Runs the worker to the end; with ``kill_at = (number, seconds)`` kills
    it ``seconds`` into batch ``number``, then starts it again. Returns the
    batches' durations of the first process and whether it was killed."""
    process = start_worker(args, database, job, batch)
    durations = []
    killed = False
    for line in process.stdout:
        event = json.loads(line)
        if "done" in event:
            durations.append(event["seconds"])
        elif kill_at and event["start"] == kill_at[0]:
            time.sleep(kill_at[1])
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
                killed = True
                break
    process.wait()
    if killed:
        process.stdout.close()
        again = start_worker(args, database, job, batch)
        for line in again.stdout:
            event = json.loads(line)
            if "done" in event:
                durations.append(event["seconds"])
        if again.wait():
            raise RuntimeError(f"{job}: the restarted worker failed")
    elif process.returncode:
        raise RuntimeError(f"{job}: the worker failed")
    return durations, killed


# ----------------------------------------------------------------------
# the data, the copies and the comparison
# ----------------------------------------------------------------------
def prepare(args, job):
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if job == "recycle":
            team = env["crm.team"].create({"name": "Fault Recycling Team"})
            owner = env.ref("base.user_admin")
            bench_lead_allocation.insert_leads(
                cr, team, args.recycle_due, owner.id, 100
            )
            bench_lead_allocation.insert_leads(
                cr, team, args.recycle_leads - args.recycle_due, owner.id, 10
            )
            size = f"{args.recycle_leads} owned leads, {args.recycle_due} due"
        elif job == "tiers":
            bench_customer_tiering.generate(cr, args.customers, args.lines, 4)
            size = f"{args.customers} customers, {args.lines} order lines"
        else:
            teams, __ = bench_lead_allocation.setup_teams(
                env, args.salespeople, args.teams
            )
            bench_lead_allocation.insert_leads(cr, teams, args.leads)
            size = f"{args.leads} pending leads, {args.salespeople} salespeople"
        cr.execute("ANALYZE")
        cr.execute(
            SQL(
                "SELECT coalesce(max(id), 0) FROM %s",
                SQL.identifier(DUPLICATES[job][0]),
            )
        )
        before = cr.fetchone()[0]
        cr.commit()
    odoo.sql_db.close_db(args.database)
    return size, before


def _postgres(query):
    """``query`` on the server's maintenance database, outside a transaction
    (CREATE and DROP DATABASE refuse one)."""
    with closing(odoo.sql_db.db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute(query)


def copy_database(source, target):
    odoo.sql_db.close_db(source)
    drop_database(target)
    os.makedirs(CLAIMED, exist_ok=True)
    claim = os.path.join(CLAIMED, target)
    open(claim, "w").close()
    _postgres(
        SQL(
            "CREATE DATABASE %s TEMPLATE %s",
            SQL.identifier(target),
            SQL.identifier(source),
        )
    )
    _postgres(
        SQL(
            "COMMENT ON DATABASE %s IS %s",
            SQL.identifier(target),
            f"{DB_MARK}: fault reference",
        )
    )
    os.remove(claim)


def drop_database(name):
    """Drops ``name`` only if the suite created it (its mark or its claim
    says so), as bin/lib.sh's ``drop_own_db`` does."""
    with closing(odoo.sql_db.db_connect("postgres").cursor()) as cr:
        cr.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = %s",
            [name],
        )
        row = cr.fetchone()
    if row is None:
        return
    claim = os.path.join(CLAIMED, name)
    comment = row[0] or ""
    if not (comment.startswith(DB_MARK) or (not comment and os.path.exists(claim))):
        raise SystemExit(f"refusing to drop {name}: not created by this suite")
    odoo.sql_db.close_db(name)
    _postgres(SQL("DROP DATABASE IF EXISTS %s", SQL.identifier(name)))
    if os.path.exists(claim):
        os.remove(claim)


def signature(database, job, before):
    with odoo.sql_db.db_connect(database).cursor() as cr:
        found = {}
        for name, query in SIGNATURES[job].items():
            cr.execute(query)
            found[name] = cr.fetchall()
        cr.execute(DUPLICATES[job][1], (before,))
        found["duplicates"] = cr.fetchone()[0]
    odoo.sql_db.close_db(database)
    return found


def compare(reference, faulted):
    lines = []
    for name, rows in reference.items():
        if name == "duplicates":
            continue
        other = faulted[name]
        same = rows == other
        lines.append(
            f"  {'same' if same else 'DIFFERENT'} {name}: {len(rows)} rows "
            f"uninterrupted, {len(other)} after the kill"
        )
        if not same:
            only_reference = sorted(set(rows) - set(other))[:3]
            only_faulted = sorted(set(other) - set(rows))[:3]
            lines.append(f"    only uninterrupted: {only_reference}")
            lines.append(f"    only after the kill: {only_faulted}")
    lines.append(
        f"  duplicates: {reference['duplicates']} uninterrupted, "
        f"{faulted['duplicates']} after the kill"
    )
    ok = all(
        reference[name] == faulted[name] for name in reference if name != "duplicates"
    ) and not (faulted["duplicates"] or reference["duplicates"])
    return ok, lines


def fault(args, job):
    batch = {
        "recycle": args.recycle_batch,
        "tiers": args.tier_batch,
        "allocation": 0,
    }[job]
    size, before = prepare(args, job)
    reference_db = f"{args.database}_ref"
    copy_database(args.database, reference_db)
    try:
        durations, __ = drive(args, reference_db, job, batch)
        # the middle of the second batch when there is one, else of the first
        number = 2 if len(durations) > 1 else 1
        kill_at = (number, durations[number - 1] / 2)
        faulted, killed = drive(args, args.database, job, batch, kill_at)
        ok, lines = compare(
            signature(reference_db, job, before),
            signature(args.database, job, before),
        )
    finally:
        drop_database(reference_db)
    print(f"{job}: {size}; {len(durations)} batches, {sum(durations):.1f} s")
    print(
        f"  killed -9 {kill_at[1]:.1f} s into batch {kill_at[0]}: "
        f"{'yes' if killed else 'NO (it finished first)'}; "
        f"{len(faulted)} batches finished in all"
    )
    print("\n".join(lines))
    verdict = ok and killed
    print(f"  {'PASS' if verdict else 'FAIL'}")
    return verdict


def main(argv=None):
    args = parse_args(argv)
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    if args.worker:
        return worker(args)
    results = [fault(args, job) for job in args.only.split(",")]
    print("RESULT:", "PASS" if all(results) else "FAIL")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
