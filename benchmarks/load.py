"""Load and concurrency test of the suite over JSON-RPC (not a unit test).

Two Odoo servers in prefork mode share one demo database (``bin/load``
starts them on loopback ports). For a fixed duration, 50 salespeople,
5 sales managers and 2 intake agents work at once through a real HTTP
client, the way the web client calls the server: intake agents register
leads (some of them duplicates by phone or email) and judge their class;
salespeople claim pool leads and customers, ask for transfers and
re-allocations, log calls and visit reports; managers approve and reject
what waits. Meanwhile the administrator triggers every scheduled action of
the suite again and again on both servers, and switches the automatic
approval of claims on halfway.

At the end the invariants are checked straight in SQL and printed with the
latency per call kind; the exit code is 1 when an invariant fails or an
unexpected error (anything but a clean UserError / AccessError /
ValidationError) occurred.

``load.py setup -c odoo.conf -d DB`` prepares a database once (users,
memberships, pool material; needs Odoo), ``load.py run --url ... -d DB``
drives the load (needs ``requests`` and ``psycopg2``, not Odoo). Run it
through ``bin/load``.
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_stats import (  # noqa: E402
    ERROR,
    OK,
    OUTAGE,
    TRANSPORT,
    Stats,
    classify,
    format_table,
    scan_log,
    write_junit,
)


def utc_now():
    """Naive UTC, as the servers' logs stamp their lines (bin/lib.sh sets
    TZ=UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


#: bump when ``setup`` changes: bin/load then prepares its database again
SETUP_VERSION = 2
SUITE = ("customer_tiering", "lead_allocation", "sales_discipline")
PASSWORD = "demo"
SALESPEOPLE = 50
MANAGERS = 5
INTAKE_AGENTS = 2
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
LEVELS = ("senior", "intermediate", "junior")
CLASSES = ("A", "B", "C", "D")
REVENUE = {"A": 1_200_000, "B": 550_000, "C": 300_000, "D": 60_000}


def login(role, index):
    return f"load.{role}.{index}@example.com"


# ----------------------------------------------------------------------
# setup (Odoo, once per prepared database)
# ----------------------------------------------------------------------
def setup(args):
    """Users of the three roles with the password ``demo``, memberships of
    the demo's fair-allocation teams, pool leads and pool customers, owned
    judged leads and owned customers to work on."""
    import odoo  # noqa: PLC0415
    from odoo import Command  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    rng = random.Random(57)
    with registry.cursor() as cr:
        env = odoo.api.Environment(
            cr, odoo.SUPERUSER_ID, {"tracking_disable": True, "no_reset_password": True}
        )
        if env["res.users"].search_count([("login", "=", login("sp", 0))]):
            print("load setup: already done")
            return 0
        groups = {
            "sp": env.ref("sales_team.group_sale_salesman"),
            "mgr": env.ref("sales_team.group_sale_manager"),
            "intake": env.ref("lead_allocation.group_intake_agent"),
        }
        counts = {"sp": SALESPEOPLE, "mgr": MANAGERS, "intake": INTAKE_AGENTS}
        users = {}
        for role, count in counts.items():
            users[role] = env["res.users"].create(
                [
                    {
                        "name": f"Load {role.title()} {index}",
                        "login": login(role, index),
                        "email": login(role, index),
                        "groups_id": [Command.set(groups[role].ids)],
                    }
                    for index in range(count)
                ]
            )
        # One hash of Odoo's own strength for all: 57 hashes would take a
        # minute, and a weaker one is replaced at the first login, which
        # clears every worker's caches.
        env.flush_all()
        cr.execute(
            "UPDATE res_users SET password = %s WHERE id = ANY(%s)",
            (
                env["res.users"]._crypt_context().hash(PASSWORD),
                [user.id for role in users.values() for user in role],
            ),
        )
        teams = env["crm.team"].search(
            [("use_fair_allocation", "=", True), ("company_id", "in", [False, 1])]
        )
        levels = [env.ref(f"lead_allocation.crm_salesperson_level_{c}") for c in LEVELS]
        env["crm.team.member"].create(
            [
                {
                    "crm_team_id": teams[index % len(teams)].id,
                    "user_id": user.id,
                    "level_id": levels[(index // len(teams)) % len(levels)].id,
                    "assignment_max": 500,
                }
                for index, user in enumerate(users["sp"])
            ]
        )
        leads = env["crm.lead"].with_context(lead_allocation_no_auto=True)

        def lead_vals(index, tag, **extra):
            lead_class = CLASSES[index % 4]
            return {
                "name": f"Load {tag} lead {index}",
                "type": "lead",
                "partner_name": f"Load {tag} Company {index}",
                "email_from": f"buyer{index}@load-{tag}.example.com",
                "phone": f"+86 21 {5000 + index:04d} {index % 97:04d}",
                "expected_revenue": REVENUE[lead_class] + rng.randint(0, 9000),
                **extra,
            }

        # pool leads: a quarter in fair teams (the scheduled allocation races
        # the claims for them), the rest in no team (only claims take them)
        leads.create(
            [
                lead_vals(
                    index,
                    "pool",
                    team_id=teams[index % len(teams)].id if index % 4 == 0 else False,
                )
                for index in range(args.pool_leads)
            ]
        )
        # owned, judged leads: material for transfers, re-allocation requests
        # and calls
        owned = leads.create(
            [
                lead_vals(
                    index,
                    "owned",
                    user_id=user.id,
                    team_id=teams[number % len(teams)].id,
                    judged_class=CLASSES[index % 4],
                )
                for number, user in enumerate(users["sp"])
                for index in range(number * 4, number * 4 + 4)
            ]
        )
        env.flush_all()
        agents = users["intake"]
        for number, lead in enumerate(owned):
            cr.execute(
                "UPDATE crm_lead SET judged_by_id = %s, judged_date = now() "
                "WHERE id = %s",
                (agents[number % len(agents)].id, lead.id),
            )
        partners = env["res.partner"]
        partners.create(
            [
                {
                    "name": f"Load Pool Customer {index}",
                    "is_company": True,
                    "email": f"office{index}@load-customer.example.com",
                    "phone": f"+86 10 {6000 + index:04d} 0001",
                }
                for index in range(args.pool_customers)
            ]
        )
        partners.create(
            [
                {
                    "name": f"Load Owned Customer {index}",
                    "is_company": True,
                    "user_id": user.id,
                    "email": f"office{index}@load-owned.example.com",
                }
                for index, user in enumerate(list(users["sp"]) * 2)
            ]
        )
        env["ir.config_parameter"].set_param("load.prepared", "1")
    print(
        f"load setup: {SALESPEOPLE} salespeople, {MANAGERS} managers, "
        f"{INTAKE_AGENTS} intake agents in {len(teams)} fair teams; "
        f"{args.pool_leads} pool leads, {args.pool_customers} pool customers"
    )
    return 0


# ----------------------------------------------------------------------
# the HTTP client
# ----------------------------------------------------------------------
class Client:
    """One simulated user on one server, with its own HTTP session.

    ``form`` (the default): the login form, as a browser posts it, then
    ``/web/dataset/call_kw`` for each call, as the web client does; the
    password is checked once. ``web``: ``/web/session/authenticate`` then
    call_kw; that login also builds the session info (the menus), seconds
    of CPU per user on a small machine. ``jsonrpc``: ``/jsonrpc``
    ``execute_kw``, as an integration does; every worker checks the
    password (600,000 rounds) once per user and again after any cache
    clearing, which makes the load mostly password hashing."""

    def __init__(self, url, database, user_login, password, stats, args):
        import requests  # noqa: PLC0415

        self.url = url
        self.database = database
        self.login = user_login
        self.password = password
        self.stats = stats
        self.timeout = args.timeout
        self.web = args.protocol in ("web", "form")
        self.form = args.protocol == "form"
        self.session = requests.Session()
        self.uid = None
        self._id = 0

    def _post(self, kind, path, params):
        self._id += 1
        body = {"jsonrpc": "2.0", "method": "call", "id": self._id, "params": params}
        start = time.perf_counter()
        try:
            response = self.session.post(
                self.url + path, json=body, timeout=self.timeout
            )
            status = response.status_code
            try:
                payload = response.json()
            except ValueError:
                payload = None
        except Exception as exc:  # noqa: BLE001 - a failed call is a result
            status, payload = type(exc).__name__, str(exc)
        elapsed = time.perf_counter() - start
        outcome, name, message = classify(status, payload)
        self.stats.record(kind, elapsed, outcome, name, message)
        result = payload.get("result") if outcome == OK else None
        return outcome, result

    def authenticate(self):
        if self.form:
            return self._form_login()
        if self.web:
            outcome, result = self._post(
                "authenticate",
                "/web/session/authenticate",
                {"db": self.database, "login": self.login, "password": self.password},
            )
            self.uid = (result or {}).get("uid") if outcome == OK else None
        else:
            outcome, result = self._post(
                "authenticate",
                "/jsonrpc",
                {
                    "service": "common",
                    "method": "login",
                    "args": [self.database, self.login, self.password],
                },
            )
            self.uid = result if outcome == OK else None
        return bool(self.uid)

    def session_id(self):
        values = [c.value for c in self.session.cookies if c.name == "session_id"]
        return values[-1] if values else None

    def reuse(self, session_id):
        """Takes up a session of an earlier run (the session store and the
        copied database outlive the run): no password to check again."""
        self.session.cookies.set("session_id", session_id)
        rows = self.search_read(
            "login(reused session)",
            "res.users",
            [("login", "=", self.login)],
            ["id"],
            limit=1,
        )
        self.uid = rows[0]["id"] if rows else None
        if not self.uid:
            self.session.cookies.clear()
        return bool(self.uid)

    def log_in(self, session_id=None):
        return (session_id and self.web and self.reuse(session_id)) or (
            self.authenticate()
        )

    def _form_login(self):
        """The login form, as a browser posts it: the password is checked
        once, no session info is built; then the user's id."""
        start = time.perf_counter()
        outcome, name, message = OK, "", ""
        # the first login checks a 600,000-round hash: more time than a call
        timeout = max(self.timeout, 60.0)
        try:
            page = self.session.get(self.url + "/web/login", timeout=timeout)
            match = CSRF_RE.search(page.text)
            response = self.session.post(
                self.url + "/web/login",
                data={
                    "login": self.login,
                    "password": self.password,
                    "csrf_token": match.group(1) if match else "",
                    "redirect": "/web/webclient/version_info",
                },
                timeout=timeout,
                allow_redirects=False,
            )
            if response.status_code != 303:
                outcome, name = ERROR, "login refused"
                message = (
                    f"{self.login}: the login form answered {response.status_code}"
                )
        except Exception as exc:  # noqa: BLE001 - a failed call is a result
            outcome, name, message = TRANSPORT, type(exc).__name__, str(exc)
        self.stats.record("login", time.perf_counter() - start, outcome, name, message)
        if outcome != OK:
            return False
        rows = self.search_read(
            "login", "res.users", [("login", "=", self.login)], ["id"], limit=1
        )
        self.uid = rows[0]["id"] if rows else None
        return bool(self.uid)

    def call(self, kind, model, method, args=(), **kwargs):
        if self.web:
            return self._post(
                kind,
                f"/web/dataset/call_kw/{model}/{method}",
                {
                    "model": model,
                    "method": method,
                    "args": list(args),
                    "kwargs": kwargs,
                },
            )
        return self._post(
            kind,
            "/jsonrpc",
            {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    self.database,
                    self.uid,
                    self.password,
                    model,
                    method,
                    list(args),
                    kwargs,
                ],
            },
        )

    def search_read(self, kind, model, domain, fields, limit=20, offset=0, order=None):
        kwargs = {"fields": fields, "limit": limit, "offset": offset}
        if order:
            kwargs["order"] = order
        outcome, result = self.call(kind, model, "search_read", [domain], **kwargs)
        return result if outcome == OK else []


# ----------------------------------------------------------------------
# the people
# ----------------------------------------------------------------------
class Run:
    def __init__(self, args):
        self.args = args
        self.stats = Stats()
        self.rng = random.Random(args.seed)
        self.start = None
        self.deadline = None
        self.auto_approve = False
        self.salesperson_ids = []
        self.fair_team_ids = []
        self.contacts = []  # (email, phone) of existing leads, for duplicates
        self.crons = []
        self.outage = None
        self.restart_status = None
        self.company_id = None
        self.prepared_contacts = 0
        # ``URL=WEIGHT``: a server takes users in proportion to its workers
        self.servers = []
        self.slots = []
        for value in args.url:
            url, __, weight = value.rpartition("=")
            if not (url and weight.isdigit()):
                url, weight = value, "1"
            self.servers.append(url)
            self.slots.extend([url] * int(weight))

    def halfway(self):
        return time.monotonic() >= self.start + self.args.duration / 2

    def running(self):
        return time.monotonic() < self.deadline

    def think(self, rng):
        time.sleep(rng.uniform(0, 2 * self.args.think))

    def client(self, number, user_login, password, url=None):
        url = url or self.slots[number % len(self.slots)]
        return Client(
            url, self.args.database, user_login, password, self.stats, self.args
        )

    # -- intake agents -------------------------------------------------
    def intake(self, number, me):
        rng = random.Random(self.args.seed * 1000 + 700 + number)
        serial = 0
        while self.running():
            if rng.random() < 0.6:
                serial += 1
                tag = f"{number}-{serial}-{self.args.seed}"
                vals = {
                    "name": f"Load intake lead {tag}",
                    "type": "lead",
                    "partner_name": f"Load Intake Company {tag}",
                    "email_from": f"buyer@intake-{tag}.example.com",
                    "phone": f"+86 755 {number}{serial:06d}",
                    "expected_revenue": rng.choice(list(REVENUE.values())),
                    "team_id": rng.choice(self.fair_team_ids),
                }
                kind = "lead.create"
                if self.contacts and rng.random() < 0.3:
                    # half of them registered by the other agent in this run
                    fresh = self.contacts[self.prepared_contacts :]
                    pool = fresh if fresh and rng.random() < 0.5 else self.contacts
                    email, phone = rng.choice(pool)
                    if rng.random() < 0.5:
                        vals["email_from"] = email
                    else:
                        vals["phone"] = phone
                    kind = "lead.create(duplicate)"
                if rng.random() < 0.5:
                    vals["judged_class"] = rng.choice(CLASSES)
                outcome, __ = me.call(kind, "crm.lead", "create", [[vals]])
                if outcome == OK and kind == "lead.create":
                    self.contacts.append((vals["email_from"], vals["phone"]))
            else:
                leads = me.search_read(
                    "lead.search",
                    "crm.lead",
                    [("judged_class", "=", False), ("create_uid", "=", me.uid)],
                    ["id"],
                    limit=10,
                )
                if leads:
                    me.call(
                        "lead.judge",
                        "crm.lead",
                        "write",
                        [
                            [rng.choice(leads)["id"]],
                            {"judged_class": rng.choice(CLASSES)},
                        ],
                    )
            self.think(rng)

    # -- salespeople ---------------------------------------------------
    def salesperson(self, number, me):
        rng = random.Random(self.args.seed * 1000 + number)
        actions = [
            (self.sp_claim, 4),
            (self.sp_transfer, 1),
            (self.sp_reallocation, 1),
            (self.sp_call, 3),
            (self.sp_visit, 2),
        ]
        functions = [action for action, __ in actions]
        weights = [weight for __, weight in actions]
        while self.running():
            rng.choices(functions, weights)[0](me, rng)
            self.think(rng)

    def my_leads(self, me, fields=("id",), extra=()):
        return me.search_read(
            "lead.search",
            "crm.lead",
            [("user_id", "=", me.uid), *extra],
            list(fields),
            limit=20,
        )

    def sp_claim(self, me, rng):
        # leads and customers alike (the pool lists the newest first)
        items = me.search_read(
            "pool.search",
            "crm.pool.item",
            [("kind", "=", rng.choice(["lead", "customer"]))],
            ["lead_id", "partner_id"],
            limit=20,
            offset=rng.randint(0, 60),
        )
        if not items:
            return
        item = rng.choice(items)
        vals = {"reason": "Load test: I know this buyer."}
        if item["lead_id"]:
            vals["lead_id"] = item["lead_id"][0]
        else:
            vals["partner_id"] = item["partner_id"][0]
        mode = "auto" if self.auto_approve else "manual"
        me.call(f"claim.create({mode})", "crm.pool.claim", "create", [[vals]])

    def sp_transfer(self, me, rng):
        leads = self.my_leads(me)
        if not leads:
            return
        target = rng.choice([uid for uid in self.salesperson_ids if uid != me.uid])
        me.call(
            "transfer.create",
            "crm.pool.transfer",
            "create",
            [
                [
                    {
                        "lead_id": rng.choice(leads)["id"],
                        "to_user_id": target,
                        "reason": "Load test: the buyer moved to his region.",
                    }
                ]
            ],
        )

    def sp_reallocation(self, me, rng):
        leads = self.my_leads(
            me, ("id", "judged_class"), [("judged_class", "!=", False)]
        )
        if not leads:
            return
        lead = rng.choice(leads)
        actual = rng.choice([c for c in CLASSES if c != lead["judged_class"]])
        me.call(
            "reallocation.create",
            "crm.reallocation.request",
            "create",
            [
                [
                    {
                        "lead_id": lead["id"],
                        "actual_class": actual,
                        "reason": "Load test: the budget is not what was judged.",
                    }
                ]
            ],
        )

    def sp_call(self, me, rng):
        leads = self.my_leads(me, ("id", "phone"))
        if not leads:
            return
        lead = rng.choice(leads)
        me.call(
            "call.create",
            "sales.call.log",
            "create",
            [
                [
                    {
                        "lead_id": lead["id"],
                        "phone": lead["phone"] or False,
                        "direction": "outbound",
                        "outcome": rng.choice(["answered", "no_answer", "busy"]),
                        "note": "Load test call.",
                    }
                ]
            ],
        )

    def sp_visit(self, me, rng):
        customers = me.search_read(
            "customer.search",
            "res.partner",
            [("user_id", "=", me.uid), ("is_company", "=", True)],
            ["id"],
            limit=10,
        )
        if not customers:
            return
        me.call(
            "visit.create",
            "sales.visit.report",
            "create",
            [
                [
                    {
                        "partner_id": rng.choice(customers)["id"],
                        "purpose": "relationship_maintenance",
                        "visit_type": "relationship_building",
                        "outcome": rng.choice("BCE"),
                        "summary": "Load test visit: met the buyer.",
                    }
                ]
            ],
        )

    # -- managers ------------------------------------------------------
    def manager(self, number, me):
        rng = random.Random(self.args.seed * 1000 + 500 + number)
        models = [
            ("claim", "crm.pool.claim"),
            ("transfer", "crm.pool.transfer"),
            ("reallocation", "crm.reallocation.request"),
        ]
        while self.running():
            short, model = rng.choice(models)
            pending = me.search_read(
                f"{short}.search",
                model,
                [("state", "=", "requested")],
                ["id"],
                limit=10,
                order="id",
            )
            if pending:
                request = [rng.choice(pending)["id"]]
                if rng.random() < 0.7:
                    me.call(f"{short}.approve", model, "action_approve", [request])
                else:
                    outcome, __ = me.call(
                        f"{short}.write_note",
                        model,
                        "write",
                        [request, {"decision_note": "Load test: not now."}],
                    )
                    if outcome == OK:
                        me.call(f"{short}.reject", model, "action_reject", [request])
            self.think(rng)

    # -- the administrator: scheduled actions and the setting ----------
    def admin(self, number, me):
        """Runs the suite's scheduled actions by hand, each pass in another
        order, so that a short run still reaches all of them."""
        rng = random.Random(self.args.seed * 1000 + 900 + number)
        # the first pass starts at this administrator's share of the list:
        # together they reach every action early
        admins = len(self.servers) * self.args.cron_threads
        start = len(self.crons) * number // admins
        crons = self.crons[start:] + self.crons[:start]
        while self.running():
            for cron_id, name in crons:
                if not self.running():
                    break
                me.call(f"cron {name}", "ir.cron", "method_direct_trigger", [[cron_id]])
            time.sleep(rng.uniform(0, self.args.think))
            rng.shuffle(crons)

    def switch_auto_approval(self, number, me):
        """Halfway, the company's claims start being approved automatically."""
        while self.running() and not self.halfway():
            time.sleep(0.2)
        if self.running():
            self.set_auto_approve(me, True)

    def suite_crons(self, me):
        rows = me.search_read(
            "admin.search",
            "ir.model.data",
            [("model", "=", "ir.cron"), ("module", "in", list(SUITE))],
            ["res_id", "name"],
            limit=100,
        )
        active = {
            row["id"]
            for row in me.search_read(
                "admin.search",
                "ir.cron",
                [("id", "in", [row["res_id"] for row in rows])],
                ["id"],
                limit=100,
            )
        }
        return [(row["res_id"], row["name"]) for row in rows if row["res_id"] in active]

    def set_auto_approve(self, me, value):
        outcome, __ = me.call(
            "admin.setting",
            "res.company",
            "write",
            [[self.company_id], {"pool_claim_auto_approve": value}],
        )
        if outcome == OK:
            self.auto_approve = value
            print(f"  claims approved automatically: {value}", flush=True)
        return outcome == OK

    # -- the run -------------------------------------------------------
    def prepare(self):
        admin = self.client(0, "admin", self.args.admin_password)
        if not admin.authenticate():
            raise SystemExit("load: admin cannot log in")
        self.company_id = admin.search_read(
            "admin.search", "res.users", [("id", "=", admin.uid)], ["company_id"]
        )[0]["company_id"][0]
        self.set_auto_approve(admin, False)
        self.crons = self.suite_crons(admin)
        self.salesperson_ids = [
            row["id"]
            for row in admin.search_read(
                "admin.search",
                "res.users",
                [("login", "like", "load.sp.%")],
                ["id"],
                limit=SALESPEOPLE,
            )
        ]
        self.fair_team_ids = [
            row["id"]
            for row in admin.search_read(
                "admin.search",
                "crm.team",
                [("use_fair_allocation", "=", True)],
                ["id"],
                limit=20,
            )
        ]
        self.contacts = [
            (row["email_from"], row["phone"])
            for row in admin.search_read(
                "admin.search",
                "crm.lead",
                [("email_from", "!=", False), ("phone", "!=", False)],
                ["email_from", "phone"],
                limit=300,
            )
        ]
        self.prepared_contacts = len(self.contacts)
        if not self.salesperson_ids:
            raise SystemExit("load: the database was not prepared (load.py setup)")

    def log_in(self):
        """Every simulated user logs in before the clock starts, a few at a
        time: the first requests also load the registry in every worker."""
        people = (
            [
                (self.intake, n, login("intake", n), PASSWORD)
                for n in range(INTAKE_AGENTS)
            ]
            + [(self.manager, n, login("mgr", n), PASSWORD) for n in range(MANAGERS)]
            + [
                (self.salesperson, n, login("sp", n), PASSWORD)
                for n in range(SALESPEOPLE)
            ]
            + [
                (self.admin, n, "admin", self.args.admin_password)
                for n in range(len(self.servers) * self.args.cron_threads)
            ]
            + [(self.switch_auto_approval, 0, "admin", self.args.admin_password)]
        )
        clients = [
            self.client(
                n,
                user,
                password,
                # the administrator works on each server
                url=self.servers[n % len(self.servers)]
                if function == self.admin
                else None,
            )
            for function, n, user, password in people
        ]
        cache = Path(self.args.session_cache) if self.args.session_cache else None
        sessions = {}
        if cache and cache.exists():
            sessions = json.loads(cache.read_text())
        start = time.monotonic()
        with ThreadPoolExecutor(max_workers=self.args.login_concurrency) as pool:
            logged = list(
                pool.map(
                    lambda client: client.log_in(sessions.get(client.login)), clients
                )
            )
        if cache:
            for client, ok in zip(clients, logged, strict=True):
                session_id = client.session_id()
                if ok and session_id:
                    sessions[client.login] = session_id
            cache.write_text(json.dumps(sessions, indent=1))
        print(
            f"load: {sum(logged)} of {len(clients)} users logged in "
            f"in {time.monotonic() - start:.1f} s",
            flush=True,
        )
        return [
            (function, n, client)
            for (function, n, __, __), client, ok in zip(
                people, clients, logged, strict=True
            )
            if ok
        ]

    def run(self):
        self.prepare()
        people = self.log_in()
        print(
            f"load: {SALESPEOPLE} salespeople, {MANAGERS} managers, {INTAKE_AGENTS} "
            f"intake agents and the administrator on {len(self.servers)} servers "
            f"for {self.args.duration:.0f} s",
            flush=True,
        )
        self.start = time.monotonic()
        self.deadline = self.start + self.args.duration
        failures = []
        restarter = None
        if self.args.restart_postgres:
            restarter = threading.Thread(target=self.restart_postgres, daemon=True)
            restarter.start()
        with ThreadPoolExecutor(max_workers=len(people)) as pool:
            futures = [pool.submit(function, n, me) for function, n, me in people]
            for future in futures:
                try:
                    future.result()
                except Exception as exc:  # noqa: BLE001 - reported below
                    failures.append(repr(exc))
        if restarter:
            restarter.join()
        return time.monotonic() - self.start, failures

    def restart_postgres(self):
        """Restarts PostgreSQL in the middle of the run; calls that fail
        meanwhile (and for a grace period after, while the servers' pooled
        connections fail once each) are counted apart from errors."""
        time.sleep(self.args.duration * self.args.restart_at)
        self.outage = [utc_now()]
        self.stats.begin_outage()
        started = time.perf_counter()
        done = subprocess.run(self.args.restart_postgres, shell=True, check=False)
        self.restart_seconds = time.perf_counter() - started
        self.restart_status = done.returncode
        self.stats.end_outage(self.args.outage_grace)
        self.outage.append(utc_now() + timedelta(seconds=self.args.outage_grace))
        print(
            f"  PostgreSQL restarted in {self.restart_seconds:.1f} s "
            f"(exit code {done.returncode})",
            flush=True,
        )


# ----------------------------------------------------------------------
# invariants, in SQL
# ----------------------------------------------------------------------
# Each query returns the offending rows; none is a PASS. ``%(start)s`` is the
# start of the run (UTC, as Odoo stores it): history written before it is the
# demo's.
INVARIANTS = [
    (
        "a lead is handed out again only after it was released",
        """
        WITH handouts AS (
            SELECT lead_id, user_id, date,
                   lag(date) OVER (PARTITION BY lead_id ORDER BY date, id) AS previous
              FROM crm_lead_allocation_log
             WHERE event = 'assigned' AND lead_id IS NOT NULL
               AND date >= %(start)s
        )
        SELECT h.lead_id, h.user_id, h.previous, h.date FROM handouts h
         WHERE h.previous IS NOT NULL
           AND NOT EXISTS (
               SELECT 1 FROM crm_pool_release r
                WHERE r.lead_id = h.lead_id AND r.reason != 'transfer'
                  AND r.date BETWEEN h.previous AND h.date)
        """,
    ),
    (
        "a record is claimed (approved) again only after it was released",
        """
        WITH approved AS (
            SELECT id, lead_id, partner_id, decided_on,
                   lag(decided_on) OVER (PARTITION BY lead_id, partner_id
                                         ORDER BY decided_on, id) AS previous
              FROM crm_pool_claim
             WHERE state = 'approved' AND decided_on >= %(start)s
        )
        SELECT a.id, a.lead_id, a.partner_id, a.previous, a.decided_on
          FROM approved a
         WHERE a.previous IS NOT NULL
           AND NOT EXISTS (
               SELECT 1 FROM crm_pool_release r
                WHERE (r.lead_id = a.lead_id OR r.partner_id = a.partner_id)
                  AND r.reason != 'transfer'
                  AND r.date BETWEEN a.previous AND a.decided_on)
        """,
    ),
    (
        "every owner is the last hand-out's (no lost owner update)",
        """
        WITH events AS (
            SELECT lead_id, NULL::int AS partner_id, user_id, date AS at, 1 AS rank
              FROM crm_lead_allocation_log
             WHERE event = 'assigned' AND lead_id IS NOT NULL AND date >= %(start)s
            UNION ALL
            SELECT lead_id, partner_id, user_id, decided_on, 2
              FROM crm_pool_claim
             WHERE state = 'approved' AND partner_id IS NOT NULL
               AND decided_on >= %(start)s
            UNION ALL
            SELECT lead_id, partner_id, to_user_id, decided_on, 3
              FROM crm_pool_transfer
             WHERE state = 'approved' AND decided_on >= %(start)s
            UNION ALL
            SELECT lead_id, partner_id, NULL, date, 0
              FROM crm_pool_release
             WHERE reason != 'transfer' AND date >= %(start)s
        ), last AS (
            SELECT DISTINCT ON (lead_id, partner_id) lead_id, partner_id, user_id, at
              FROM events
             ORDER BY lead_id, partner_id, at DESC, rank DESC
        )
        SELECT last.lead_id, last.partner_id, last.user_id AS expected,
               COALESCE(l.user_id, p.user_id) AS owner, last.at
          FROM last
          LEFT JOIN crm_lead l ON l.id = last.lead_id
          LEFT JOIN res_partner p ON p.id = last.partner_id AND last.lead_id IS NULL
         WHERE (l.id IS NOT NULL OR p.id IS NOT NULL)
           AND COALESCE(l.user_id, p.user_id) IS DISTINCT FROM last.user_id
        """,
    ),
    (
        "one allocation-log row per approved lead claim",
        """
        SELECT c.id, c.lead_id, c.user_id, count(g.id) AS logs
          FROM crm_pool_claim c
          LEFT JOIN crm_lead_allocation_log g
            ON g.lead_id = c.lead_id AND g.user_id = c.user_id
           AND g.actor = 'claim' AND g.event = 'assigned'
           AND g.date BETWEEN c.decided_on - interval '1 minute'
                          AND c.decided_on + interval '1 minute'
         WHERE c.state = 'approved' AND c.lead_id IS NOT NULL
           AND c.decided_on >= %(start)s
         GROUP BY c.id HAVING count(g.id) != 1
        """,
    ),
    (
        "one allocation-log row per re-allocation replacement",
        """
        SELECT r.id, r.replacement_lead_id, count(g.id) AS logs
          FROM crm_reallocation_request r
          LEFT JOIN crm_lead_allocation_log g
            ON g.lead_id = r.replacement_lead_id AND g.user_id = r.user_id
           AND g.actor = 'reallocation' AND g.event = 'assigned'
         WHERE r.replacement_state = 'done' AND r.decided_on >= %(start)s
         GROUP BY r.id HAVING count(g.id) != 1
        """,
    ),
    (
        "no duplicate allocation-log row (same lead, user, actor, second)",
        """
        SELECT lead_id, user_id, actor, date_trunc('second', date), count(*)
          FROM crm_lead_allocation_log
         WHERE event = 'assigned' AND lead_id IS NOT NULL AND date >= %(start)s
         GROUP BY 1, 2, 3, 4 HAVING count(*) > 1
        """,
    ),
    (
        "a transfer from the same owner is approved only once",
        """
        SELECT t1.id, t2.id, t1.lead_id, t1.partner_id, t1.from_user_id
          FROM crm_pool_transfer t1
          JOIN crm_pool_transfer t2
            ON t2.id > t1.id AND t2.from_user_id = t1.from_user_id
           AND t2.lead_id IS NOT DISTINCT FROM t1.lead_id
           AND t2.partner_id IS NOT DISTINCT FROM t1.partner_id
         WHERE t1.state = 'approved' AND t2.state = 'approved'
           AND t2.decided_on >= %(start)s
           AND NOT EXISTS (
               SELECT 1 FROM crm_lead_allocation_log g
                WHERE g.lead_id = t1.lead_id AND g.user_id = t1.from_user_id
                  AND g.date BETWEEN LEAST(t1.decided_on, t2.decided_on)
                                 AND GREATEST(t1.decided_on, t2.decided_on))
           AND NOT EXISTS (
               SELECT 1 FROM crm_pool_transfer t3
                WHERE t3.state = 'approved' AND t3.to_user_id = t1.from_user_id
                  AND t3.lead_id IS NOT DISTINCT FROM t1.lead_id
                  AND t3.partner_id IS NOT DISTINCT FROM t1.partner_id
                  AND t3.decided_on BETWEEN LEAST(t1.decided_on, t2.decided_on)
                                        AND GREATEST(t1.decided_on, t2.decided_on))
           AND NOT EXISTS (
               SELECT 1 FROM crm_pool_claim c
                WHERE c.state = 'approved' AND c.user_id = t1.from_user_id
                  AND c.lead_id IS NOT DISTINCT FROM t1.lead_id
                  AND c.partner_id IS NOT DISTINCT FROM t1.partner_id
                  AND c.decided_on BETWEEN LEAST(t1.decided_on, t2.decided_on)
                                       AND GREATEST(t1.decided_on, t2.decided_on))
        """,
    ),
    (
        "a decided request carries one decision (state, decider, date)",
        """
        SELECT 'claim', id FROM crm_pool_claim
         WHERE create_date >= %(start)s
           AND (state IN ('approved', 'rejected')) != (decided_on IS NOT NULL)
        UNION ALL
        SELECT 'transfer', id FROM crm_pool_transfer
         WHERE create_date >= %(start)s
           AND (state IN ('approved', 'rejected')) != (decided_on IS NOT NULL)
        UNION ALL
        SELECT 'reallocation', id FROM crm_reallocation_request
         WHERE create_date >= %(start)s
           AND (state IN ('approved', 'rejected')) != (decided_on IS NOT NULL)
        """,
    ),
    (
        "one intake mismatch per approved re-allocation request",
        """
        SELECT r.id, count(m.id) FROM crm_reallocation_request r
          LEFT JOIN crm_intake_mismatch m ON m.request_id = r.id
         WHERE r.state = 'approved' AND r.decided_on >= %(start)s
         GROUP BY r.id HAVING count(m.id) != 1
        """,
    ),
    (
        "at most one waiting re-allocation request per lead",
        """
        SELECT lead_id, count(*) FROM crm_reallocation_request
         WHERE state = 'requested' GROUP BY lead_id HAVING count(*) > 1
        """,
    ),
    (
        "no record both in the pool and owned (pooled after its last hand-out)",
        """
        SELECT 'lead', l.id, l.user_id, l.pooled_date, NULL FROM crm_lead l
         WHERE l.user_id IS NOT NULL AND l.pooled_date >= %(start)s
           AND NOT EXISTS (
               SELECT 1 FROM crm_lead_allocation_log g
                WHERE g.lead_id = l.id AND g.event = 'assigned'
                  AND g.date >= l.pooled_date)
        UNION ALL
        SELECT 'customer', id, user_id, pooled_date, owner_since FROM res_partner
         WHERE user_id IS NOT NULL AND pooled_date >= %(start)s
           AND pooled_date > COALESCE(owner_since, '-infinity')
        """,
    ),
    (
        "no duplicate violation (one live violation per origin)",
        """
        SELECT origin, company_id, count(*) FROM sales_violation
         WHERE origin IS NOT NULL AND state != 'cancelled'
         GROUP BY origin, company_id HAVING count(*) > 1
        """,
    ),
    (
        "no duplicate suspension (one per violation, one per firing)",
        """
        SELECT 'violation', violation_id, count(*) FROM crm_allocation_suspension
         WHERE violation_id IS NOT NULL
         GROUP BY violation_id HAVING count(*) > 1
        UNION ALL
        SELECT 'firing', suspension_id, count(*) FROM sales_intake_mismatch_firing
         WHERE suspension_id IS NOT NULL
         GROUP BY suspension_id HAVING count(*) > 1
        """,
    ),
    (
        "no duplicate mismatch firing (user, company, step, window)",
        """
        SELECT user_id, company_id, step, window_start, window_end, count(*)
          FROM sales_intake_mismatch_firing
         GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1
        """,
    ),
]


def check_invariants(database, start):
    import psycopg2  # noqa: PLC0415

    results = []
    with psycopg2.connect(dbname=database) as connection:
        with connection.cursor() as cr:
            for title, query in INVARIANTS:
                cr.execute(query, {"start": start})
                rows = cr.fetchall()
                results.append((title, rows))
    connection.close()
    return results


def database_now(database):
    import psycopg2  # noqa: PLC0415

    with psycopg2.connect(dbname=database) as connection:
        with connection.cursor() as cr:
            cr.execute("SELECT (now() AT TIME ZONE 'UTC')::timestamp(0)")
            value = cr.fetchone()[0]
    connection.close()
    return value


def activity(database, start):
    """What the run did, counted in the database."""
    import psycopg2  # noqa: PLC0415

    queries = {
        "leads created": "SELECT count(*) FROM crm_lead WHERE create_date >= %(start)s",
        "claims (approved/rejected/requested)": """
            SELECT count(*) FILTER (WHERE state = 'approved') || '/' ||
                   count(*) FILTER (WHERE state = 'rejected') || '/' ||
                   count(*) FILTER (WHERE state = 'requested')
              FROM crm_pool_claim WHERE create_date >= %(start)s""",
        "transfers (approved/rejected/requested)": """
            SELECT count(*) FILTER (WHERE state = 'approved') || '/' ||
                   count(*) FILTER (WHERE state = 'rejected') || '/' ||
                   count(*) FILTER (WHERE state = 'requested')
              FROM crm_pool_transfer WHERE create_date >= %(start)s""",
        "re-allocations (approved/rejected/requested)": """
            SELECT count(*) FILTER (WHERE state = 'approved') || '/' ||
                   count(*) FILTER (WHERE state = 'rejected') || '/' ||
                   count(*) FILTER (WHERE state = 'requested')
              FROM crm_reallocation_request WHERE create_date >= %(start)s""",
        "allocation-log hand-outs": """
            SELECT count(*) FROM crm_lead_allocation_log
             WHERE event = 'assigned' AND date >= %(start)s""",
        "pool releases": """
            SELECT count(*) FROM crm_pool_release WHERE date >= %(start)s""",
        "calls logged": """
            SELECT count(*) FROM sales_call_log WHERE create_date >= %(start)s""",
        "visit reports": """
            SELECT count(*) FROM sales_visit_report WHERE create_date >= %(start)s""",
        "violations created": """
            SELECT count(*) FROM sales_violation WHERE create_date >= %(start)s""",
    }
    counts = {}
    with psycopg2.connect(dbname=database) as connection:
        with connection.cursor() as cr:
            for label, query in queries.items():
                cr.execute(query, {"start": start})
                counts[label] = cr.fetchone()[0]
    connection.close()
    return counts


class LockMonitor(threading.Thread):
    """Samples ``pg_stat_activity`` every ``interval`` seconds during the
    run: how many sessions wait for a lock, and the oldest open transaction
    (what it last ran), so that a stall can be told from a busy CPU."""

    SAMPLE = """
        SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'),
               count(*) FILTER (WHERE state = 'active'),
               (SELECT ROW(extract(epoch FROM now() - xact_start)::int, pid,
                           application_name, left(regexp_replace(query, '\\s+', ' ',
                                                                'g'), 160))::text
                  FROM pg_stat_activity
                 WHERE datname = %(db)s AND xact_start IS NOT NULL
                   AND pid != pg_backend_pid()
                 ORDER BY xact_start LIMIT 1)
          FROM pg_stat_activity WHERE datname = %(db)s
    """

    def __init__(self, database, interval=2.0):
        super().__init__(daemon=True)
        self.database = database
        self.interval = interval
        self.stopped = threading.Event()
        self.samples = []

    def run(self):
        import psycopg2  # noqa: PLC0415

        start = time.monotonic()
        connection = None
        while not self.stopped.wait(self.interval):
            try:
                if connection is None or connection.closed:
                    connection = psycopg2.connect(dbname=self.database)
                    connection.autocommit = True
                with connection.cursor() as cr:
                    cr.execute(self.SAMPLE, {"db": self.database})
                    waiting, active, oldest = cr.fetchone()
            except psycopg2.Error:
                # PostgreSQL restarting (--restart-postgres): no sample
                if connection is not None:
                    connection.close()
                connection = None
                continue
            self.samples.append((time.monotonic() - start, waiting, active, oldest))
        if connection is not None:
            connection.close()

    def summary(self):
        if not self.samples:
            return ["  no sample"]
        worst = max(self.samples, key=lambda sample: sample[1])
        lines = [
            f"  samples: {len(self.samples)}; sessions waiting for a lock: "
            f"max {worst[1]} (at {worst[0]:.0f} s), mean "
            f"{sum(s[1] for s in self.samples) / len(self.samples):.1f}; "
            f"active sessions: max {max(s[2] for s in self.samples)}"
        ]
        oldest = max(
            self.samples,
            key=lambda sample: (
                int(sample[3].strip("(").split(",")[0]) if sample[3] else -1
            ),
        )
        if oldest[3]:
            lines.append(
                f"  oldest open transaction (s, pid, query) at {oldest[0]:.0f} s: "
                f"{oldest[3]}"
            )
        return lines


def report(args, run, elapsed, failures, start):
    stats = run.stats
    print()
    print(f"== latency per call kind ({elapsed:.1f} s) ==")
    print(format_table(stats.rows(elapsed)))
    totals = stats.totals()
    calls = sum(totals.values())
    print(
        f"total: {calls} calls, {calls / elapsed:.1f} calls/s; ok {totals[OK]}, "
        f"clean refusals {totals['refused']} (constraint violations among them: "
        f"{stats.constraint_refusals}), unexpected errors {totals[ERROR]}, "
        f"no answer (saturated servers) {totals[TRANSPORT]}"
    )
    untouched = sorted(
        name for __, name in run.crons if f"cron {name}" not in stats.latencies
    )
    print(
        f"scheduled actions triggered by hand: "
        f"{len(run.crons) - len(untouched)} of {len(run.crons)}"
        + (f"; not reached: {', '.join(untouched)}" if untouched else "")
    )
    print()
    print("== most frequent clean refusals ==")
    for (kind, message), count in stats.refusals.most_common(args.show_refusals):
        print(f"  {count:>5}  {kind}: {message}")
    transport_limit = args.max_no_answer * calls
    checks = [
        (
            "no unexpected error in a call",
            f"{totals[ERROR]} unexpected errors" if totals[ERROR] else None,
        ),
        (
            "the servers answered",
            f"{totals[TRANSPORT]} calls without an answer"
            if totals[TRANSPORT] > transport_limit
            else None,
        ),
        (
            "every simulated user ran to the end",
            "; ".join(map(str, failures)) if failures else None,
        ),
    ]
    outage = None
    if run.outage:
        outage = (run.outage[0] - timedelta(seconds=1), run.outage[1])
        print(
            f"PostgreSQL restarted at {run.outage[0]:%H:%M:%S} UTC: "
            f"{totals[OUTAGE]} calls failed during the restart and its "
            f"{args.outage_grace:.0f} s of grace; {stats.answered_after_outage} "
            "calls answered after it"
        )
        checks += [
            (
                "PostgreSQL restarted",
                None
                if run.restart_status == 0
                else f"the restart command exited with {run.restart_status}",
            ),
            (
                "the servers answered again after PostgreSQL restarted",
                None
                if stats.answered_after_outage
                else "no call answered after the restart",
            ),
        ]
    if totals[TRANSPORT] > transport_limit:
        print(
            f"  more calls without an answer than --max-no-answer allows "
            f"({args.max_no_answer:.0%}): the servers were saturated"
        )
    if stats.errors:
        print()
        print(
            f"== first unexpected errors and calls without an answer "
            f"({stats.error_count} errors in all) =="
        )
        for kind, name, message in stats.errors:
            print(f"  {kind}: {name}: {message}")
    for failure in failures:
        print(f"  simulated user crashed: {failure}")
    print()
    print("== server logs ==")
    for path in args.log or ():
        scanned = scan_log(
            Path(path).read_text(errors="replace").splitlines(), outage=outage
        )
        retried = ", ".join(f"{k} {v}" for k, v in scanned["retries"].items()) or "none"
        gave_up = ", ".join(f"{k} {v}" for k, v in scanned["gave_up"].items()) or "none"
        print(
            f"  {path}:\n"
            f"    concurrency failures retried (by Odoo; 'cron': a scheduled "
            f"action's batch replayed): {retried}; "
            f"given up: {gave_up}\n"
            f"    failed queries that were concurrency failures: "
            f"{scanned['conflicts']}\n"
            f"    requests the workers gave up reading (saturation): "
            f"{scanned['timeouts']}\n"
            f"    scheduled-action runs that failed: {len(scanned['cron_failures'])}\n"
            f"    ERROR lines during the PostgreSQL restart: {scanned['outage']}\n"
            f"    other ERROR lines: {len(scanned['errors'])}"
        )
        for job, cause in scanned["cron_failures"][: args.show_log_errors]:
            print(f"    cron failed: {job}: {cause}")
        for line in scanned["errors"][: args.show_log_errors]:
            print(f"    {line[:400]}")
        broken = [
            f"{label}: {len(scanned[key])}"
            for key, label in (
                ("errors", "ERROR lines"),
                ("gave_up", "concurrency failures given up"),
                ("cron_failures", "failed scheduled-action runs"),
            )
            if scanned[key]
        ]
        checks.append(
            (f"server log {Path(path).name} is clean", ", ".join(broken) or None)
        )
    print()
    print("== what the run did ==")
    for label, value in activity(args.database, start).items():
        print(f"  {label}: {value}")
    print()
    print("== invariants ==")
    for title, rows in check_invariants(args.database, start):
        status = "PASS" if not rows else "FAIL"
        print(f"{status} {title} ({len(rows)} offending)")
        for row in rows[:5]:
            print(f"     {row}")
        checks.append((title, f"{len(rows)} offending: {rows[:5]}" if rows else None))
    bad = any(failure for __, failure in checks)
    if args.junitxml:
        write_junit(args.junitxml, "load", checks, elapsed)
    print()
    print("RESULT:", "FAIL" if bad else "PASS")
    return 1 if bad else 0


def run(args):
    start = database_now(args.database)
    load = Run(args)
    monitor = LockMonitor(args.database)
    monitor.start()
    try:
        elapsed, failures = load.run()
    finally:
        monitor.stopped.set()
        monitor.join()
    print()
    print("== database locks during the run ==")
    print("\n".join(monitor.summary()))
    return report(args, load, elapsed, failures, start)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    prepare = sub.add_parser("setup", help="prepare a database (needs Odoo)")
    prepare.add_argument("-c", "--config", required=True)
    prepare.add_argument("-d", "--database", required=True)
    prepare.add_argument("--pool-leads", type=int, default=600)
    prepare.add_argument("--pool-customers", type=int, default=150)
    drive = sub.add_parser("run", help="drive the load, then check the invariants")
    drive.add_argument("-d", "--database", required=True)
    drive.add_argument("--url", action="append", required=True, help="one per server")
    drive.add_argument("--log", action="append", help="a server's log file")
    drive.add_argument("--duration", type=float, default=20.0)
    drive.add_argument("--think", type=float, default=0.5, help="mean pause (s)")
    drive.add_argument("--timeout", type=float, default=20.0)
    drive.add_argument("--login-concurrency", type=int, default=6)
    drive.add_argument(
        "--cron-threads",
        type=int,
        default=2,
        help="administrators triggering the scheduled actions, per server",
    )
    drive.add_argument(
        "--max-no-answer",
        type=float,
        default=0.02,
        help="share of calls that may get no answer (connection refused or timed "
        "out) before the run fails",
    )
    drive.add_argument(
        "--session-cache",
        help="a JSON file of the users' web sessions, taken up by the next run "
        "(bin/load keeps it next to the prepared database)",
    )
    drive.add_argument(
        "--protocol",
        choices=("form", "web", "jsonrpc"),
        default="form",
        help="form: log in through the login form, then /web/dataset/call_kw "
        "(default); web: /web/session/authenticate then call_kw; jsonrpc: "
        "/jsonrpc execute_kw, the password checked by each worker",
    )
    drive.add_argument("--seed", type=int, default=18)
    drive.add_argument(
        "--admin-password", default=os.environ.get("LOAD_ADMIN", "admin")
    )
    drive.add_argument("--show-refusals", type=int, default=12)
    drive.add_argument("--show-log-errors", type=int, default=8)
    drive.add_argument(
        "--junitxml", help="a JUnit report: one test case per check of the run"
    )
    drive.add_argument(
        "--restart-postgres",
        metavar="COMMAND",
        help="a shell command that restarts PostgreSQL, run once during the load",
    )
    drive.add_argument(
        "--restart-at",
        type=float,
        default=0.5,
        help="when to restart, as a share of the duration",
    )
    drive.add_argument(
        "--outage-grace",
        type=float,
        default=5.0,
        help="seconds after the restart during which failed calls still count "
        "as the outage's",
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if args.command == "setup":
        return setup(args)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
