"""The pure part of the load test (benchmarks/load_stats.py): the
classification of JSON-RPC answers, the latency aggregation and the scan of
the servers' logs."""

import importlib.util
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "load_stats.py"
_spec = importlib.util.spec_from_file_location("load_stats", PATH)
load_stats = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(load_stats)


def rpc_error(name, message="Nope"):
    return {
        "jsonrpc": "2.0",
        "id": 1,
        "error": {
            "code": 200,
            "message": "Odoo Server Error",
            "data": {"name": name, "message": message, "debug": "Traceback..."},
        },
    }


# ----------------------------------------------------------------------
# classification
# ----------------------------------------------------------------------
def test_result_is_ok():
    payload = {"jsonrpc": "2.0", "id": 1, "result": False}
    assert load_stats.classify(200, payload) == ("ok", "", "")


@pytest.mark.parametrize(
    "name",
    [
        "odoo.exceptions.UserError",
        "odoo.exceptions.AccessError",
        "odoo.exceptions.ValidationError",
        "odoo.exceptions.AccessDenied",
        "odoo.exceptions.MissingError",
    ],
)
def test_suite_exceptions_are_clean_refusals(name):
    outcome, got_name, message = load_stats.classify(200, rpc_error(name, "Why"))
    assert (outcome, got_name, message) == ("refused", name, "Why")


@pytest.mark.parametrize(
    "name",
    [
        "psycopg2.errors.SerializationFailure",
        "builtins.KeyError",
        "odoo.http.SessionExpiredException",
        "psycopg2.errors.LockNotAvailable",
    ],
)
def test_other_exceptions_are_errors(name):
    assert load_stats.classify(200, rpc_error(name))[0] == "error"


@pytest.mark.parametrize(
    ("status", "payload"),
    [
        (500, None),
        (404, {"result": 1}),
        (200, None),
        (200, "<html>"),
        (200, {"jsonrpc": "2.0", "id": 1}),
    ],
)
def test_broken_answers_are_errors(status, payload):
    assert load_stats.classify(status, payload)[0] == "error"


def test_no_answer_is_a_transport_failure():
    assert load_stats.classify("ReadTimeout", "timed out") == (
        "transport",
        "ReadTimeout",
        "timed out",
    )


def test_error_without_data_keeps_its_message():
    payload = {"error": {"code": 100, "message": "Odoo Session Expired"}}
    outcome, name, message = load_stats.classify(200, payload)
    assert outcome == "error"
    assert name == message == "Odoo Session Expired"


# ----------------------------------------------------------------------
# latencies
# ----------------------------------------------------------------------
def test_percentile_nearest_rank():
    values = list(range(1, 101))
    assert load_stats.percentile(values, 0.50) == 50
    assert load_stats.percentile(values, 0.95) == 95
    assert load_stats.percentile(values, 1.0) == 100
    assert load_stats.percentile(values, 0.0) == 1


def test_percentile_of_few_values_and_order():
    assert load_stats.percentile([3.0], 0.95) == 3.0
    assert load_stats.percentile([9, 1, 5], 0.5) == 5
    assert load_stats.percentile([], 0.5) is None


def test_stats_rows_per_kind():
    stats = load_stats.Stats(keep_errors=1)
    for ms in (10, 20, 30, 40):
        stats.record("claim.create", ms / 1000, "ok")
    stats.record("claim.create", 0.5, "refused", "odoo.exceptions.UserError", "Taken")
    stats.record("cron x", 2.0, "error", "builtins.KeyError", "boom\nsecond line")
    stats.record("cron x", 1.0, "error", "builtins.KeyError", "again")
    stats.record("cron x", 30.0, "transport", "ReadTimeout", "timed out")
    rows = {row[0]: row for row in stats.rows(elapsed=10.0)}
    kind, calls, ok, refused, errors, p50, p95, top, rate = rows["claim.create"]
    assert (calls, ok, refused, errors) == (5, 4, 1, 0)
    assert (p50, p95, top) == pytest.approx((30.0, 500.0, 500.0))
    assert rate == pytest.approx(0.5)
    # the errors column counts the calls without an answer too
    assert rows["cron x"][4] == 3
    assert stats.totals() == {"ok": 4, "refused": 1, "error": 2, "transport": 1}
    # only the first errors are kept, their first line
    assert stats.error_count == 2
    assert stats.errors == [("cron x", "builtins.KeyError", "boom")]
    assert stats.refusals[("claim.create", "Taken")] == 1
    stats.record("cron ir_cron_relationship_evaluations_due", 1.0, "ok")
    table = load_stats.format_table(stats.rows(10.0))
    assert "claim.create" in table and "p95 ms" in table
    # long kinds widen the first column: the columns stay aligned
    assert len({len(line) for line in table.splitlines()}) == 1


def test_constraint_refusals_are_counted_apart():
    stats = load_stats.Stats()
    stats.record(
        "x",
        0.1,
        "refused",
        "odoo.exceptions.ValidationError",
        "The operation cannot be completed: another model requires the record",
    )
    stats.record("x", 0.1, "refused", "odoo.exceptions.UserError", "Taken")
    assert stats.constraint_refusals == 1


def test_short_message():
    assert load_stats.short("") == ""
    assert load_stats.short(None) == ""
    assert load_stats.short("  first\nsecond") == "first"
    assert load_stats.short("x" * 50, width=10) == "x" * 9 + "…"


# ----------------------------------------------------------------------
# server logs
# ----------------------------------------------------------------------
LOG = """\
2026-12-03 15:53:20,193 11579 INFO salespol_load odoo.service.model: SERIALIZATION_FAILURE, 4 tries left, try again in 0.1234 sec...
2026-12-03 15:53:20,200 11579 INFO salespol_load odoo.service.model: SERIALIZATION_FAILURE, 3 tries left, try again in 0.5000 sec...
2026-12-03 15:53:21,000 11579 INFO salespol_load odoo.service.model: LOCK_NOT_AVAILABLE, 4 tries left, try again in 0.2000 sec...
2026-12-03 15:53:21,500 11580 INFO salespol_load odoo.addons.customer_tiering.tools.retry: SERIALIZATION_FAILURE, 4 tries left, try again in 1.20 s (CrmPoolEngine._cron_recycle)
2026-12-03 15:53:22,000 11579 INFO salespol_load odoo.service.model: DEADLOCK_DETECTED, maximum number of tries reached!
2026-12-03 15:53:29,137 11579 ERROR salespol_load odoo.sql_db: bad query: b' UPDATE "crm_lead"
                    SET "first_contact_state" = 1'
ERROR: could not serialize access due to concurrent update

2026-12-03 15:53:29,140 11579 ERROR salespol_load odoo.addons.base.models.ir_cron: Job 'Sales Discipline: first contacts missed' (38) server action #452 failed
Traceback (most recent call last):
  File "/opt/odoo18/odoo/sql_db.py", line 357, in execute
    res = self._obj.execute(query, params)
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
psycopg2.errors.SerializationFailure: could not serialize access due to concurrent update

2026-12-03 15:53:30,137 11579 ERROR salespol_load odoo.sql_db: bad query: b'SELECT 1'
ERROR: syntax error at or near "x"
2026-12-03 15:54:09,416 24981 ERROR salespol_load werkzeug: 127.0.0.1 - - [03/Dec/2026 16:10:19] Request timed out: TimeoutError('timed out') 16 0.109 2.095
2026-12-03 15:54:09,417 11352 CRITICAL ? odoo.service.server: boom
2026-12-03 15:54:09,418 11352 WARNING salespol_load odoo.http: ERROR in a message
"""  # noqa: E501


def test_scan_log():
    scanned = load_stats.scan_log(LOG.splitlines())
    assert scanned["retries"] == {
        "SERIALIZATION_FAILURE": 2,
        "LOCK_NOT_AVAILABLE": 1,
        "cron SERIALIZATION_FAILURE": 1,
    }
    assert scanned["gave_up"] == {"DEADLOCK_DETECTED": 1}
    # the failed UPDATE was a concurrency failure: counted, not an error
    assert scanned["conflicts"] == 1
    assert scanned["timeouts"] == 1
    assert scanned["cron_failures"] == [
        (
            "Sales Discipline: first contacts missed",
            "psycopg2.errors.SerializationFailure: could not serialize access due "
            "to concurrent update",
        )
    ]
    assert [line.split()[3] for line in scanned["errors"]] == ["ERROR", "CRITICAL"]
    assert "SELECT 1" in scanned["errors"][0]


def test_scan_empty_log():
    scanned = load_stats.scan_log([])
    assert not scanned["retries"] and not scanned["gave_up"] and not scanned["errors"]
    assert scanned["conflicts"] == scanned["timeouts"] == 0
    assert scanned["cron_failures"] == []


def test_write_junit_counts_in_the_closing_line(tmp_path):
    """The load test's checks are counted by bin/summarize.py like tests."""
    spec = importlib.util.spec_from_file_location(
        "summarize", PATH.parent.parent / "bin" / "summarize.py"
    )
    summarize = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(summarize)
    path = tmp_path / "load.xml"
    load_stats.write_junit(
        path, "load", [("invariant a", None), ("invariant b", "2 offending")], 21.0
    )
    assert summarize.count(path) == {"passed": 1, "failed": 1, "skipped": 0}


def test_failures_during_a_postgres_restart_are_the_outage_not_errors():
    stats = load_stats.Stats()
    stats.record("x", 0.1, load_stats.ERROR, "E", "before", now=1.0)
    stats.outage = [10.0, None]  # restart under way
    stats.record("x", 0.5, load_stats.ERROR, "E", "during", now=11.0)
    stats.record("x", 0.5, load_stats.TRANSPORT, "T", "during", now=12.0)
    stats.outage[1] = 20.0  # back, grace included
    # a call that began during the grace fails: still the outage's
    stats.record("x", 1.0, load_stats.ERROR, "E", "grace", now=20.5)
    stats.record("x", 0.5, load_stats.OK, now=21.0)
    stats.record("x", 0.5, load_stats.ERROR, "E", "after", now=30.0)
    totals = stats.totals()
    assert totals[load_stats.OUTAGE] == 3
    assert totals[load_stats.ERROR] == 2
    assert stats.answered_after_outage == 1


def test_scan_log_counts_errors_of_the_restart_apart():
    restart_log = (
        "2026-12-03 15:53:30,137 11579 ERROR salespol_load odoo.sql_db: "
        "bad query: terminating connection due to administrator command\n"
        "2026-12-03 15:54:09,416 24981 ERROR salespol_load odoo.http: boom\n"
    )
    window = (
        load_stats.datetime(2026, 12, 3, 15, 53, 29),
        load_stats.datetime(2026, 12, 3, 15, 53, 40),
    )
    scanned = load_stats.scan_log(restart_log.splitlines(), outage=window)
    assert scanned["outage"] == 1
    assert len(scanned["errors"]) == 1
    assert load_stats.scan_log(restart_log.splitlines())["outage"] == 0
