"""The pure part of the load test (benchmarks/load.py): how a JSON-RPC answer
is classified, how latencies are aggregated and what the servers' logs say
about retried concurrency failures. No Odoo, no network: tested in
tests/test_load_stats.py."""

import math
import re
import threading
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from datetime import datetime

OK = "ok"
REFUSED = "refused"
ERROR = "error"
#: no HTTP answer at all (refused or timed-out connection): the servers are
#: saturated, which says nothing of the suite's code
TRANSPORT = "transport"
#: an error or no answer while PostgreSQL restarts (``--restart-postgres``):
#: expected then, an ERROR at any other time
OUTAGE = "outage"

#: the suite's own clean refusals: an error the user reads and can act on
CLEAN_EXCEPTIONS = frozenset(
    {
        "odoo.exceptions.UserError",
        "odoo.exceptions.AccessError",
        "odoo.exceptions.ValidationError",
        "odoo.exceptions.AccessDenied",
        "odoo.exceptions.MissingError",
    }
)
#: ``odoo.service.model.retrying``'s messages (logged at INFO)
RETRY_RE = re.compile(
    r"(odoo\.service\.model|customer_tiering\.tools\.retry): (\w+), (\d+) tries left"
)
GAVE_UP_RE = re.compile(r"odoo\.service\.model: (\w+), maximum number of tries reached")
LOG_LINE_RE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ ")
LOG_ERROR_RE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
CRON_FAILED_RE = re.compile(r"odoo\.addons\.base\.models\.ir_cron: Job '(.*)' .*failed")
EXCEPTION_LINE_RE = re.compile(r"^[\w.]+(Error|Exception|Failure|Detected)\b.*?:")
CONCURRENCY_MARKERS = (
    "could not serialize access",
    "deadlock detected",
    "could not obtain lock",
)
#: a constraint violation Odoo turned into a ValidationError
CONSTRAINT_PREFIX = "The operation cannot be completed"


def classify(status, payload):
    """``(outcome, exception name, message)`` of one JSON-RPC answer:
    ``ok``, ``refused`` (a clean UserError / AccessError / ValidationError /
    AccessDenied / MissingError), ``transport`` (no answer: ``status`` is
    then the client's exception name) or ``error`` (anything else: HTTP
    error, unreadable body, another exception)."""
    if isinstance(status, str):
        return TRANSPORT, status, str(payload or "")[:400]
    if status != 200:
        return ERROR, f"HTTP {status}", ""
    if not isinstance(payload, dict):
        return ERROR, "invalid JSON-RPC answer", repr(payload)[:200]
    error = payload.get("error")
    if not error:
        if "result" not in payload:
            return ERROR, "invalid JSON-RPC answer", repr(payload)[:200]
        return OK, "", ""
    data = error.get("data") or {}
    name = data.get("name") or error.get("message") or "unknown error"
    message = data.get("message") or error.get("message") or ""
    if name in CLEAN_EXCEPTIONS:
        return REFUSED, name, message
    return ERROR, name, message


def percentile(values, fraction):
    """Nearest-rank percentile of ``values`` (``fraction`` in [0, 1]);
    ``None`` for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def short(message, width=160):
    """The first line of ``message``, cut to ``width`` characters."""
    line = (message or "").strip().splitlines()[0] if (message or "").strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


class Stats:
    """Thread-safe record of every call: its kind, latency and outcome."""

    def __init__(self, keep_errors=10):
        self._lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.outcomes = defaultdict(Counter)
        self.refusals = Counter()
        self.constraint_refusals = 0
        self.errors = []
        self.error_count = 0
        self.keep_errors = keep_errors
        #: ``[start, end]`` on ``time.perf_counter``'s clock; ``end`` None
        #: while it lasts
        self.outage = None
        self.answered_after_outage = 0

    def begin_outage(self):
        with self._lock:
            self.outage = [time.perf_counter(), None]

    def end_outage(self, grace):
        """The database is back; the servers get ``grace`` seconds to find
        out (their pooled connections fail once each)."""
        with self._lock:
            self.outage[1] = time.perf_counter() + grace

    def _during_outage(self, start, end):
        if not self.outage:
            return False
        begun, ended = self.outage
        return end >= begun and (ended is None or start <= ended)

    def record(self, kind, seconds, outcome, name="", message="", now=None):
        now = time.perf_counter() if now is None else now
        with self._lock:
            if outcome in (ERROR, TRANSPORT) and self._during_outage(
                now - seconds, now
            ):
                outcome = OUTAGE
            elif (
                outcome == OK
                and self.outage
                and self.outage[1] is not None
                and now - seconds > self.outage[1]
            ):
                self.answered_after_outage += 1
            self.latencies[kind].append(seconds)
            self.outcomes[kind][outcome] += 1
            if outcome == REFUSED:
                self.refusals[(kind, short(message, 100))] += 1
                if message.startswith(CONSTRAINT_PREFIX):
                    self.constraint_refusals += 1
            elif outcome in (ERROR, TRANSPORT):
                if outcome == ERROR:
                    self.error_count += 1
                if len(self.errors) < self.keep_errors:
                    self.errors.append((kind, name, short(message, 400)))

    def totals(self):
        total = Counter()
        for counter in self.outcomes.values():
            total.update(counter)
        return total

    def rows(self, elapsed):
        """One row per call kind: kind, calls, ok, refused, errors, p50,
        p95 and max in milliseconds, calls per second."""
        rows = []
        for kind in sorted(self.latencies):
            values = self.latencies[kind]
            counts = self.outcomes[kind]
            rows.append(
                (
                    kind,
                    len(values),
                    counts[OK],
                    counts[REFUSED],
                    counts[ERROR] + counts[TRANSPORT],
                    percentile(values, 0.50) * 1000,
                    percentile(values, 0.95) * 1000,
                    max(values) * 1000,
                    len(values) / elapsed if elapsed else 0.0,
                )
            )
        return rows


def format_table(rows):
    width = max([len("call kind")] + [len(row[0]) for row in rows]) + 2
    header = (
        f"{'call kind':<{width}}{'calls':>7}{'ok':>7}{'refused':>8}{'errors':>7}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'calls/s':>9}"
    )
    lines = [header, "-" * len(header)]
    for kind, calls, ok, refused, errors, p50, p95, top, rate in rows:
        lines.append(
            f"{kind:<{width}}{calls:>7}{ok:>7}{refused:>8}{errors:>7}"
            f"{p50:>9.0f}{p95:>9.0f}{top:>9.0f}{rate:>9.2f}"
        )
    return "\n".join(lines)


def _entries(lines):
    """Log entries: a timestamped line with its continuation lines (a
    query, a traceback)."""
    entry = []
    for line in lines:
        if LOG_LINE_RE.match(line) and entry:
            yield entry
            entry = []
        entry.append(line.rstrip("\n"))
    if entry:
        yield entry


def _logged_at(head):
    try:
        return datetime.strptime(head[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def scan_log(lines, outage=None):
    """What a server log says: ``retries`` (concurrency failures Odoo
    retried, per error code), ``gave_up`` (those it stopped retrying),
    ``conflicts`` (failed queries that were concurrency failures: each is
    retried when it happened in a request, or fails its scheduled action),
    ``timeouts`` (requests whose bytes did not come within the worker's
    2 seconds: a saturated machine, the client gets no answer),
    ``cron_failures`` (``(job, cause)`` of the scheduled actions that
    failed), ``outage`` (ERROR entries logged within ``outage``, a
    ``(start, end)`` of naive UTC datetimes while PostgreSQL restarted) and
    ``errors`` (every other ERROR / CRITICAL entry, its first line)."""
    outage_errors = 0
    retries = Counter()
    gave_up = Counter()
    conflicts = 0
    timeouts = 0
    cron_failures = []
    errors = []
    for entry in _entries(lines):
        head = entry[0]
        match = RETRY_RE.search(head)
        if match:
            # a scheduled action's batch replayed in its cron worker
            cron = "cron " if match.group(1).endswith("retry") else ""
            retries[cron + match.group(2)] += 1
            continue
        match = GAVE_UP_RE.search(head)
        if match:
            gave_up[match.group(1)] += 1
            continue
        if not LOG_ERROR_RE.match(head):
            continue
        logged = _logged_at(head)
        if outage and logged and outage[0] <= logged <= outage[1]:
            outage_errors += 1
            continue
        text = "\n".join(entry)
        if "odoo.sql_db: bad query" in head and any(
            marker in text for marker in CONCURRENCY_MARKERS
        ):
            conflicts += 1
            continue
        if "werkzeug: " in head and "Request timed out" in head:
            # the worker waited 2 s for a request's bytes: a starved client
            timeouts += 1
            continue
        match = CRON_FAILED_RE.search(head)
        if match:
            causes = [line for line in entry[1:] if EXCEPTION_LINE_RE.match(line)]
            cause = causes[-1] if causes else "no traceback"
            cron_failures.append((match.group(1), short(cause, 200)))
            continue
        errors.append(head)
    return {
        "retries": retries,
        "gave_up": gave_up,
        "conflicts": conflicts,
        "timeouts": timeouts,
        "cron_failures": cron_failures,
        "outage": outage_errors,
        "errors": errors,
    }


def write_junit(path, suite, checks, seconds):
    """A JUnit report of ``checks`` (``(name, failure or None)``), so that the
    test command's closing line counts the load test's checks beside the
    unit tests."""
    root = ET.Element(
        "testsuite",
        name=suite,
        tests=str(len(checks)),
        failures=str(sum(1 for __, failure in checks if failure)),
        time=f"{seconds:.1f}",
    )
    for name, failure in checks:
        case = ET.SubElement(root, "testcase", classname=suite, name=name)
        if failure:
            ET.SubElement(case, "failure", message=str(failure)[:500])
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
