"""The demo database's story: three sales teams living with the policies
for a year, so that every list, report and tier has something to show.

Demo data, not part of the addon: nothing here is a model, and
``hooks.post_init_hook`` runs it only when the addon is installed with demo
data. It works as the people of the story would, through the addons' public
API (creating records, their buttons, the scheduled actions run by hand by
the manager), and is seeded, so that two demo databases tell the same story.
"""

import random
from datetime import datetime, time, timedelta

from odoo import Command, fields

TEAMS = [
    "East China Key Accounts",
    "South China Industry",
    "North China Distribution",
]
SALESPEOPLE = [
    # name, team index, level xml id
    ("Chen Jie", 0, "senior"),
    ("Liu Yang", 0, "intermediate"),
    ("Sun Li", 0, "junior"),
    ("Huang Lei", 1, "senior"),
    ("Zhou Xin", 1, "intermediate"),
    ("Xu Tao", 1, "junior"),
    ("Gao Ming", 2, "senior"),
    ("He Jing", 2, "intermediate"),
    ("Lin Na", 2, "junior"),
    # one on each step of the penalty ladder
    ("Ma Jun", 0, "intermediate"),
    ("Guo Hua", 1, "junior"),
    ("Luo Ping", 2, "intermediate"),
]
LADDER_STEPS = {9: 1, 10: 2, 11: 3}  # salesperson index: confirmed violations
INTAKE_AGENTS = ["Ma Lan", "Zhao Qing"]
INDUSTRIES = [
    "Steel",
    "Logistics",
    "Foods",
    "Textiles",
    "Machinery",
    "Electronics",
    "Chemicals",
    "Packaging",
    "Pharma",
    "Auto Parts",
]
PROVINCES = {
    # city: its province (base.state_cn_*)
    "Ningbo": "ZJ",
    "Suzhou": "JS",
    "Hangzhou": "ZJ",
    "Shenzhen": "GD",
    "Foshan": "GD",
    "Dongguan": "GD",
    "Tianjin": "TJ",
    "Qingdao": "SD",
    "Dalian": "LN",
    "Wuxi": "JS",
    "Xiamen": "FJ",
    "Jinan": "SD",
}
PLACES = list(PROVINCES)
CONTACTS = [
    "Wu Fang",
    "Zheng Hao",
    "Feng Yu",
    "Cao Rui",
    "Peng Bo",
    "Lu Yan",
    "Jiang Tao",
    "Han Mei",
    "Tang Jun",
    "Shen Yi",
]
POSITIONS = {
    "decision_maker": "General Manager",
    "approver": "Chief Financial Officer",
    "financial_buyer": "Purchasing Director",
    "technical_evaluator": "Chief Engineer",
    "influencer": "Production Manager",
    "user": "Line Supervisor",
    "gatekeeper": "Executive Assistant",
}
ROLES = list(POSITIONS)
STATUSES = ["positive", "neutral", "negative", "not_established"]
LEAD_SUBJECTS = [
    "Production line upgrade",
    "Warehouse automation",
    "Spare parts framework",
    "Energy monitoring",
    "Conveyor retrofit",
    "Quality inspection cameras",
    "Packaging line",
    "Maintenance contract",
]
# Expected revenue per lead class, around the default 800k/400k/200k bounds.
CLASS_REVENUE = {"A": (850000, 2500000), "B": (420000, 780000), "C": (210000, 390000)}
CLASS_COUNTS = {"A": 25, "B": 40, "C": 55, "D": 80}
# the owner's logged call, as demo users write it (demo data: untranslated)
CALL_NOTE = "Called the buyer; next steps agreed."


def load_story(env):
    """Loads the story once, as the superuser (like demo data files)."""
    if env["crm.team"].search_count([("name", "=", TEAMS[0])]):
        return
    rng = random.Random(18)
    env = env(su=True, context=dict(env.context, tracking_disable=True))
    teams, salespeople, agents = _people(env)
    customers = _customers(env, salespeople)
    _orders(env, rng, customers)
    _key_persons(env, rng, customers)
    _leads(env, rng, teams, salespeople, agents)
    _requests(env, salespeople, agents)
    _visits(env, rng, salespeople)
    _violations(env, salespeople)
    _sales_credit(env, customers, salespeople)
    # what the scheduled actions do each night, run by hand by the manager
    _run_manually(env, "customer_tiering.ir_cron_recompute_tiers")
    env["crm.pool.engine"].with_user(_admin(env)).action_refresh_due_dates()
    _scorecard(env, customers)
    _account_plans(env, customers)
    _relationship_evaluations(env, customers)
    _credit(env)
    _referrals(env, salespeople)
    _special_customers(env, customers, salespeople)


def _admin(env):
    """The manager of the story: the administrator, a sales manager."""
    return env.ref("base.user_admin")


def _run_manually(env, xmlid):
    """The scheduled action's Run Manually button, pressed by the manager."""
    env.ref(xmlid).with_user(_admin(env)).method_direct_trigger()


def _people(env):
    users = env["res.users"].with_context(no_reset_password=True)
    salesman = env.ref("sales_team.group_sale_salesman")
    intake = env.ref("lead_allocation.group_intake_agent")
    teams = env["crm.team"].create(
        [
            {
                "name": name,
                "use_leads": True,
                "use_opportunities": True,
                "use_fair_allocation": True,
            }
            for name in TEAMS
        ]
    )

    def user_vals(name, group):
        login = name.lower().replace(" ", ".") + "@example.com"
        return {
            "name": name,
            "login": login,
            "email": login,
            "password": "demo",
            "lang": "zh_CN",
            "groups_id": [Command.set(group.ids)],
        }

    salespeople = users.create(
        [user_vals(name, salesman) for name, __, __ in SALESPEOPLE]
    )
    agents = users.create([user_vals(name, intake) for name in INTAKE_AGENTS])
    members = [
        (user, team_index, level)
        for user, (__, team_index, level) in zip(salespeople, SALESPEOPLE, strict=True)
    ]
    env["crm.team.member"].create(
        [
            {
                "crm_team_id": teams[team_index].id,
                "user_id": user.id,
                "level_id": env.ref(
                    f"lead_allocation.crm_salesperson_level_{level}"
                ).id,
                "assignment_max": 40,
            }
            for user, team_index, level in members
        ]
    )
    for team, user in zip(teams, salespeople[0:9:3], strict=True):
        team.user_id = user
    return teams, salespeople, agents


def _customers(env, salespeople):
    china = env.ref("base.cn")
    vals = []
    for index in range(45):
        place = PLACES[index % len(PLACES)]
        industry = INDUSTRIES[index % len(INDUSTRIES)]
        vals.append(
            {
                "name": f"{place} {industry} Co., Ltd."
                + (f" {index}" if index >= 40 else ""),
                "is_company": True,
                "city": place,
                "state_id": env.ref(f"base.state_cn_{PROVINCES[place]}").id,
                "country_id": china.id,
                "user_id": salespeople[index % len(salespeople)].id,
                "email": f"info{index}@{place.lower()}.example.com",
            }
        )
    return env["res.partner"].create(vals)


def _orders(env, rng, customers):
    """Five prospects without orders, five customers gone quiet for over a
    year, eight new ones, and a long tail of regulars whose sizes fall off
    like a real customer base (so every value, share, Pareto and
    lifecycle tier is populated)."""
    products = env["product.product"].create(
        [
            {"name": name, "list_price": price, "standard_price": price * 0.62}
            for name, price in (
                ("Servo Drive SD-200", 1800.0),
                ("Vision Sensor VS-9", 950.0),
                ("Control Cabinet CC-4", 12500.0),
            )
        ]
    )
    now = fields.Datetime.now()
    plans = []  # (customer, days ago, amount)
    for index, customer in enumerate(customers[5:]):
        if index < 5:  # churned: only orders 14 to 20 months back
            for months in (14, 16, 19):
                plans.append((customer, months * 30 + rng.randint(0, 20), 30000))
        elif index < 13:  # new: first order in the last two months
            for days in sorted(rng.sample(range(3, 60), rng.randint(1, 2))):
                plans.append((customer, days, rng.randint(8000, 60000)))
        else:
            size = 1400000 * (0.84 ** (index - 13))
            months = 12 if index % 3 else 6
            for month in range(months):
                if (index + month) % 5 == 0 and index > 25:
                    continue  # irregular buyers: stability differs
                amount = size * rng.uniform(0.6, 1.4) / (12 if months == 12 else 6)
                days = month * 30 * (12 // months) + rng.randint(1, 25)
                plans.append((customer, days, round(amount, -2)))
    orders = env["sale.order"].create(
        [
            {
                "partner_id": customer.id,
                "user_id": customer.user_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": max(
                                1, round(amount / product.list_price)
                            ),
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
            for (customer, __, amount), product in (
                (plan, products[i % 3]) for i, plan in enumerate(plans)
            )
        ]
    )
    orders.action_confirm()
    for order, (__, days, __) in zip(orders, plans, strict=True):
        order.date_order = now - timedelta(days=days, hours=rng.randint(0, 8))


def _key_persons(env, rng, customers):
    partners = env["res.partner"]
    vals = []
    for index, customer in enumerate(customers[:30]):
        for offset in range(2):
            slot = index * 2 + offset
            role = ROLES[slot % len(ROLES)]
            contact = partners.create(
                {
                    "name": CONTACTS[slot % len(CONTACTS)],
                    "parent_id": customer.id,
                    "function": POSITIONS[role],
                    "email": f"contact{slot}@example.com",
                }
            )
            vals.append(
                {
                    "partner_id": customer.id,
                    "contact_id": contact.id,
                    "position": POSITIONS[role],
                    "decision_role": role,
                    "relationship_status": STATUSES[slot % len(STATUSES)],
                    "influence": ("high", "medium", "low")[slot % 3],
                    "last_contact_date": fields.Date.context_today(env.user)
                    - timedelta(days=rng.randint(1, 120)),
                    "holder_ids": [
                        Command.create(
                            {
                                "user_id": customer.user_id.id,
                                "level": ("close", "good", "normal", "weak")[slot % 4],
                            }
                        )
                    ],
                }
            )
    env["customer.key.person"].create(vals)


def _leads(env, rng, teams, salespeople, agents):
    """About two hundred leads: most allocated by the rotation, some
    judged by the intake agents, some back in the pool, some due for
    recycling, some whose first contact came too late."""
    vals = []
    for lead_class, count in CLASS_COUNTS.items():
        low, high = CLASS_REVENUE.get(lead_class, (5000, 190000))
        for index in range(count):
            number = len(vals)
            place = PLACES[(index + number) % len(PLACES)]
            subject = LEAD_SUBJECTS[number % len(LEAD_SUBJECTS)]
            industry = INDUSTRIES[number % len(INDUSTRIES)]
            vals.append(
                {
                    "name": f"{subject} - {place}",
                    "partner_name": f"{place} {industry} Prospect {number}",
                    "type": "opportunity",
                    "expected_revenue": round(rng.uniform(low, high), -3),
                    "team_id": teams[len(vals) % len(teams)].id,
                    "user_id": False,
                }
            )
    rng.shuffle(vals)
    leads = env["crm.lead"].create(vals)
    pool, judged, allocated = leads[:30], leads[30:60], leads[30:]
    for agent, chunk in zip(agents, (judged[:15], judged[15:]), strict=True):
        for lead in chunk:
            lead.with_user(agent).judged_class = rng.choice("ABCD")
    now = fields.Datetime.now()
    pool.write({"team_id": False, "company_id": env.company.id})
    for lead in pool:
        lead.write(
            {
                "pool_reason": rng.choice(["no_action", "cycle_expired"]),
                "pooled_date": now - timedelta(days=rng.randint(1, 80)),
            }
        )
    env["crm.pool.release"].create(
        [
            {
                "lead_id": lead.id,
                "user_id": rng.choice(salespeople).id,
                "reason": lead.pool_reason,
                "detail": "Released by the pool cycle (demo)",
            }
            for lead in pool[:15]
        ]
    )
    allocated.with_user(_admin(env)).action_allocate_now()
    owned = allocated.filtered("user_id")
    # Most owners call within the ten minutes, one in ten later; a dozen
    # leads still wait, and a dozen more were never called in time.
    late, due = owned[:12], owned[12:34]
    for lead in owned[46:]:
        minutes = rng.randint(11, 40) if rng.random() < 0.1 else rng.randint(2, 9)
        # reached its owner ``minutes`` ago, under a ten-minute deadline
        start = now - timedelta(minutes=minutes)
        lead.write(
            {
                "first_contact_start": start,
                "first_contact_deadline": start + timedelta(minutes=10),
            }
        )
        lead.with_user(lead.user_id).message_post(
            body=CALL_NOTE,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
    late.write({"first_contact_deadline": now - timedelta(hours=2)})
    _run_manually(env, "sales_discipline.ir_cron_first_contact_sla")
    for index, lead in enumerate(due):
        lead.date_open = datetime.combine(
            fields.Date.context_today(env.user) - timedelta(days=48 + index % 14),
            time(9, 0),
        )


def _requests(env, salespeople, agents):
    """Claims on pool leads, transfers of customers and re-allocation
    requests; Ma Lan's four approved misjudgements this month put her on
    the first step of the intake mismatch ladder."""
    manager = _admin(env)
    pool = env["crm.lead"].search(
        [("user_id", "=", False), ("pool_reason", "!=", False)], limit=4, order="id"
    )
    claims = env["crm.pool.claim"]
    for lead, user in zip(pool, salespeople[:4], strict=False):
        claims |= claims.with_user(user).create(
            {"lead_id": lead.id, "reason": "I know their purchasing director."}
        )
    claims[:1].with_user(manager).action_approve()
    claims[1:2].with_user(manager).write({"decision_note": "Not your region."})
    claims[1:2].with_user(manager).action_reject()
    transfers = env["crm.pool.transfer"]
    for index in range(2):
        giver, taker = salespeople[index * 3], salespeople[index * 3 + 1]
        customer = env["res.partner"].search(
            [("user_id", "=", giver.id), ("is_company", "=", True)], limit=1
        )
        transfers |= transfers.with_user(giver).create(
            {
                "partner_id": customer.id,
                "from_user_id": giver.id,
                "to_user_id": taker.id,
                "reason": "Moving to another region next month.",
            }
        )
    transfers[:1].with_user(manager).action_approve()
    judged = env["crm.lead"].search(
        [("judged_by_id", "=", agents[0].id), ("user_id", "!=", False)],
        limit=5,
        order="id",
    )
    requests = env["crm.reallocation.request"]
    for lead in judged:
        actual = "D" if lead.judged_class != "D" else "C"
        requests |= requests.with_user(lead.user_id).create(
            {
                "lead_id": lead.id,
                "actual_class": actual,
                "reason": f"After the first call this is a class {actual} lead.",
            }
        )
    for request in requests[:4]:
        request.with_user(manager).action_approve()


def _visits(env, rng, salespeople):
    today = fields.Date.context_today(env.user)
    first_next = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    plans = env["sales.visit.plan"]
    reports = []
    for index, user in enumerate(salespeople):
        customers = env["res.partner"].search(
            [("user_id", "=", user.id), ("is_company", "=", True)], limit=4
        )
        if not customers:
            continue
        plan = plans.with_user(user).create(
            {
                "month": first_next,
                "line_ids": [
                    Command.create(
                        {
                            "partner_id": customer.id,
                            "key_person_ids": [
                                Command.set(customer.key_person_ids[:1].ids)
                            ],
                            "purpose": rng.choice(
                                [
                                    "order_push",
                                    "relationship_maintenance",
                                    "new_project",
                                ]
                            ),
                            "planned_date": datetime.combine(
                                first_next + timedelta(days=3 + 6 * line),
                                time(2, 0),
                            ),
                        }
                    )
                    for line, customer in enumerate(customers)
                ],
            }
        )
        if index % 3 != 2:
            plan.with_user(user).action_submit()
        if index % 3 == 0:
            plan.with_user(_admin(env)).action_approve()
        for visit in range(5):
            customer = customers[visit % len(customers)]
            reports.append(
                {
                    "user_id": user.id,
                    "partner_id": customer.id,
                    "key_person_ids": [Command.set(customer.key_person_ids[:1].ids)],
                    "date": today - timedelta(days=rng.randint(0, 60)),
                    "purpose": rng.choice(
                        [
                            "order_push",
                            "payment_collection",
                            "relationship_maintenance",
                        ]
                    ),
                    "visit_type": rng.choice(
                        ["first_visit", "problem_handling", "relationship_building"]
                    ),
                    "outcome": rng.choice("ABCDE"),
                    "summary": "Met the buyer; notes in the customer records.",
                    "expense_amount": rng.choice([0, 60, 120, 240]),
                }
            )
    env["sales.visit.report"].create(reports)


def _violations(env, salespeople):
    late = env.ref("sales_discipline.violation_type_late_entry")
    swap = env.ref("sales_discipline.violation_type_private_swap")
    violations = env["sales.violation"].create(
        [
            {
                "user_id": salespeople[1].id,
                "type_id": late.id,
                "description": "Visit of last Tuesday entered four days late.",
            },
            {
                "user_id": salespeople[4].id,
                "type_id": swap.id,
                "description": "Swapped a customer with a colleague, unapproved.",
            },
            {
                "user_id": salespeople[7].id,
                "type_id": late.id,
                "description": "Quotation sent before the lead was updated.",
            },
        ]
    )
    violations[1:].with_user(_admin(env)).action_confirm()
    violations[2].with_user(salespeople[7]).write(
        {"appeal_reason": "The customer asked for the quotation at the trade fair."}
    )
    violations[2].with_user(salespeople[7]).action_appeal()
    today = fields.Date.context_today(env.user)
    for index, steps in LADDER_STEPS.items():
        ladder = env["sales.violation"].create(
            [
                {
                    "user_id": salespeople[index].id,
                    "type_id": late.id,
                    "date": today - timedelta(days=5 + 60 * step),
                    "description": "Customer visit entered too late.",
                }
                for step in reversed(range(steps))
            ]
        )
        for violation in ladder:
            violation.with_user(_admin(env)).action_confirm()


def _sales_credit(env, customers, salespeople):
    """Orders of each credit basis besides the owners' own: a customer handed
    over by an approved transfer, a private swap (credited to the team, a
    draft violation for the manager), and a pool prospect sold by someone
    who did not register it (credited to who registered it first)."""
    admin = _admin(env)
    product = env["product.product"].create(
        {"name": "Retrofit Kit RK-7", "list_price": 4800.0, "standard_price": 3000.0}
    )
    transferred, swapped = customers[40], customers[41]
    heir = salespeople[(40 + 1) % len(salespeople)]
    transfer = (
        env["crm.pool.transfer"]
        .with_user(admin)
        .create(
            {
                "partner_id": transferred.id,
                "to_user_id": heir.id,
                "reason": "Owner moved to the northern region.",
            }
        )
    )
    transfer.action_approve()
    registrant, seller = salespeople[4], salespeople[7]
    prospect = (
        env["res.partner"]
        .with_user(registrant)
        .create(
            {
                "name": "Kunshan Robotics Co., Ltd.",
                "is_company": True,
                "city": "Kunshan",
                "state_id": env.ref("base.state_cn_JS").id,
                "country_id": env.ref("base.cn").id,
                "email": "info@kunshan-robotics.example.com",
            }
        )
    )
    sales = [
        (transferred, heir),
        (swapped, salespeople[(41 + 2) % len(salespeople)]),
        (prospect, seller),
    ]
    orders = env["sale.order"].create(
        [
            {
                "partner_id": partner.id,
                "user_id": user.id,
                "team_id": user.sale_team_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": 3,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
            for partner, user in sales
        ]
    )
    orders.action_confirm()


def _account_plans(env, customers):
    """Two Pareto-A customers' salespeople draw up and activate their
    key-account plans, one with an overdue action; the nightly check then
    reminds the owners of the other key accounts still without a plan."""
    today = fields.Date.context_today(env.user)
    key_accounts = customers.filtered(lambda c: c.tier_pareto == "A")[:2]
    for index, customer in enumerate(key_accounts):
        owner = customer.user_id
        plan = (
            env["customer.account.plan"]
            .with_user(owner)
            .create(
                {
                    "partner_id": customer.id,
                    "date_start": today - timedelta(days=60),
                    "date_end": today + timedelta(days=305),
                    "review_interval": 30,
                    "goal_ids": [
                        Command.create(
                            {
                                "name": "Grow sales",
                                "metric": "tier_sales_amount",
                                "target": round(customer.tier_sales_amount * 1.2, -3)
                                or 100000.0,
                            }
                        ),
                        Command.create(
                            {
                                "name": "Margin",
                                "metric": "tier_margin_percent",
                                "target": 30.0,
                            }
                        ),
                        Command.create(
                            {
                                "name": "Joint workshops",
                                "metric": "manual",
                                "target": 4.0,
                                "manual_value": float(index + 1),
                            }
                        ),
                    ],
                }
            )
        )
        plan.action_activate()
        plan.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=today - timedelta(days=5 + index),
            summary="Present the annual supply proposal",
            user_id=owner.id,
        )
        if index == 0:
            plan.action_record_review("Volumes on track; margin below target.")
    _run_manually(env, "customer_tiering.ir_cron_account_plan_missing")


def _scorecard(env, customers):
    """The manager adds a manual "Strategic Value" indicator to the value
    scorecard (taking 10 points from sales), the salespeople rate their first
    customers on it, and the manager recomputes the tiers and grades the
    runner-up A1 by an override."""
    admin = _admin(env)
    indicators = env["customer.score.indicator"].with_user(admin)
    company = admin.company_id
    strategic = indicators.create(
        {
            "name": "Strategic Value",
            "source": "manual",
            "weight": 10,
            "normalisation": "linear",
            "floor": 0,
            "cap": 100,
            "company_id": company.id,
        }
    )
    indicators.search(
        [("company_id", "=", company.id), ("source", "=", "sales")]
    ).weight -= 10
    for index, customer in enumerate(customers[:20]):
        env["customer.score.manual.value"].with_user(customer.user_id).create(
            {
                "partner_id": customer.id,
                "indicator_id": strategic.id,
                "value": (95, 80, 60, 35, 10)[index % 5],
            }
        )
    _run_manually(env, "customer_tiering.ir_cron_recompute_tiers")
    runner_up = customers.sorted(lambda customer: -customer.tier_score)[1:2]
    env["customer.tier.override"].with_user(admin).create(
        {
            "partner_id": runner_up.id,
            "scheme": "scorecard",
            "value": "A1",
            "reason": "Group headquarters account: key account by decision of the "
            "board.",
        }
    )


# the owners' scores of the five default criteria, one list per story line
EVALUATION_SCORES = {
    "develop": ["5", "4", "5", "4", "5"],
    "maintain": ["3", "4", "3", "3", "3"],
    "terminate": ["2", "1", "2", "1", "2"],
}


def _relationship_evaluations(env, customers):
    """Relationship evaluations of every kind: last quarter's, scored and
    decided (a customer to develop put on a draft key-account plan, one kept,
    one a quiet customer whose termination sends it to the pool); this
    month's, scored and waiting for the manager (one of each
    recommendation); two nobody scored in time (overdue); then the daily run
    opens the evaluations due today, with an activity for each owner."""
    admin = _admin(env)
    today = fields.Date.context_today(env.user)
    company = admin.company_id
    planned = env["customer.account.plan"].search([]).partner_id
    candidates = customers.filtered(
        lambda c: c.user_id and c.tier_sales_amount and c not in planned
    )
    # the recommendation must be the one of the story: a customer whose value
    # is falling would have a "maintain" lowered to "terminate"
    steady = candidates.filtered(
        lambda c: c.tier_growth >= company.relationship_decline_threshold
    )
    regulars = steady.filtered(lambda c: c.tier_pareto != "A")
    quiet = candidates.filtered(lambda c: c.tier_lifecycle == "churned") or (
        candidates - regulars
    )
    decided = [
        ("develop", regulars[0]),
        ("maintain", regulars[1]),
        ("terminate", quiet[0]),
    ]
    waiting = [
        ("develop", regulars[2]),
        ("maintain", regulars[3]),
        ("terminate", regulars[4]),
    ]
    overdue = regulars[5:7]

    def evaluate(customer, period, scores=None):
        owner = customer.user_id
        evaluation = (
            env["customer.relationship.evaluation"]
            .with_user(owner)
            .create({"partner_id": customer.id, "period_date": period})
        )
        if scores:
            evaluation.write(
                {
                    "line_ids": [
                        Command.update(line.id, {"score": score})
                        for line, score in zip(
                            evaluation.line_ids, scores, strict=False
                        )
                    ],
                    "note": "Scored after the quarterly meeting.",
                }
            )
            evaluation.action_submit()
        return evaluation

    for recommendation, customer in decided:
        evaluation = evaluate(
            customer, today - timedelta(days=120), EVALUATION_SCORES[recommendation]
        ).with_user(admin)
        getattr(evaluation, f"action_decide_{recommendation}")()
        if recommendation == "develop":
            evaluation.action_open_account_plan()
    for recommendation, customer in waiting:
        evaluate(
            customer, today - timedelta(days=10), EVALUATION_SCORES[recommendation]
        )
    activity_type = env.ref("customer_tiering.mail_activity_type_relationship_due")
    for customer in overdue:
        evaluation = evaluate(customer, today - timedelta(days=40))
        evaluation.activity_schedule(
            activity_type_id=activity_type.id,
            date_deadline=evaluation.due_date,
            summary="Relationship evaluation due",
            user_id=customer.user_id.id,
        )
    _run_manually(env, "customer_tiering.ir_cron_relationship_evaluations_due")


def _credit(env):
    """The manager sets a credit policy per value score grade; the nightly
    run proposes the customers' credit limits, rating and payment terms, and
    the proposals wait for Finance (the administrator approves them in the
    README's tour)."""
    admin = _admin(env)
    company = admin.company_id
    terms = {
        "A1": "account.account_payment_term_45days",
        "A2": "account.account_payment_term_30days",
        "B1": "account.account_payment_term_30days",
        "B2": "account.account_payment_term_15days",
        "C": "account.account_payment_term_immediate",
    }
    rows = [
        ("A1", "AAA", "percent", 30.0, 0.0, "good"),
        ("A2", "AA", "percent", 20.0, 0.0, "good"),
        ("B1", "A", "percent", 15.0, 0.0, "normal"),
        ("B2", "B", "fixed", 0.0, 50000.0, "normal"),
        ("C", "C", "fixed", 0.0, 10000.0, "bad"),
    ]
    env["customer.credit.policy"].with_user(admin).create(
        [
            {
                "company_id": company.id,
                "sequence": index * 10,
                "scheme": "scorecard",
                "tier": grade,
                "name": rating,
                "limit_type": limit_type,
                "limit_percent": percent,
                "limit_amount": amount,
                "payment_term_id": env.ref(terms[grade]).id,
                "trust": trust,
            }
            for index, (grade, rating, limit_type, percent, amount, trust) in enumerate(
                rows
            )
        ]
    )
    _run_manually(env, "customer_tiering.ir_cron_propose_credit")


# referrer index, closer index (another team), the orders the closer confirms:
# one reward per band of _referrals
REFERRALS = [
    (0, 3, "Kunming Solar Co., Ltd.", (60000,)),
    (1, 6, "Harbin Cold Chain Co., Ltd.", (9000, 12000)),
    (4, 0, "Nanning Robotics Co., Ltd.", (150000, 120000)),
]


def _referrals(env, salespeople):
    """Three salespeople hand a customer they registered to a colleague of
    another team (an approved transfer records the referral); the closers'
    orders make the referrers' reward lines, and the month's run proposes
    one reward per band: Chen Jie's single large order wins the amount band,
    Liu Yang's two small ones the order count band, Zhou Xin's the top
    band. The manager approves Chen Jie's; the others wait for him."""
    admin = _admin(env)
    company = admin.company_id
    env["crm.referral.band"].with_user(admin).create(
        [
            {
                "company_id": company.id,
                "sequence": sequence,
                "measure": measure,
                "value_from": start,
                "value_to": stop,
                "reward_type": reward_type,
                "value": value,
            }
            for sequence, measure, start, stop, reward_type, value in (
                (10, "amount", 50000, 200000, "percentage", 2.0),
                (20, "count", 2, 0, "fixed", 800.0),
                (30, "amount", 200000, 0, "percentage", 3.0),
            )
        ]
    )
    product = env["product.product"].search(
        [("name", "=", "Control Cabinet CC-4")], limit=1
    )
    orders = env["sale.order"]
    for referrer_index, closer_index, name, amounts in REFERRALS:
        referrer, closer = salespeople[referrer_index], salespeople[closer_index]
        customer = (
            env["res.partner"]
            .with_user(referrer)
            .create({"name": name, "is_company": True, "user_id": referrer.id})
        )
        env["crm.pool.transfer"].with_user(referrer).create(
            {
                "partner_id": customer.id,
                "to_user_id": closer.id,
                "reason": "Their plant is in your region.",
            }
        ).with_user(admin).action_approve()
        orders |= orders.create(
            [
                {
                    "partner_id": customer.id,
                    "user_id": closer.id,
                    "team_id": closer.sale_team_id.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "price_unit": amount,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
                for amount in amounts
            ]
        )
    orders.action_confirm()
    # what the monthly run does when the month is over
    rewards = env["crm.referral.reward"]._propose_month(
        fields.Date.context_today(admin)
    )
    rewards.filtered(lambda reward: reward.referrer_id == salespeople[0]).with_user(
        admin
    ).action_approve()


SPECIAL_TEAM = "Special Customers Desk"
SPECIAL_PHONES = ("+86 138 0021 4001", "+86 21 6021 4002", "0755-8021 4003")


def _special_customers(env, customers, salespeople):
    """Three special customers, one of each kind: one calls the hotline
    every few days (flagged by the nightly count), one harasses the
    salespeople and one keeps claiming refunds he is not owed (flagged by
    the manager). Their new leads go to the special customers desk, where
    its leader, Chen Jie, assigns them (a desk without members: a member
    would leave his fair-allocation team)."""
    admin = _admin(env)
    company = admin.company_id
    desk = env["crm.team"].create(
        {
            "name": SPECIAL_TEAM,
            "use_leads": True,
            "use_opportunities": True,
            "user_id": salespeople[0].id,
            "company_id": company.id,
        }
    )
    env["res.config.settings"].with_user(admin).create(
        {"special_team_id": desk.id}
    ).execute()
    frequent, harassing, claiming = customers[40:43]
    for customer, phone in zip(customers[40:43], SPECIAL_PHONES, strict=True):
        customer.phone = phone
    now = fields.Datetime.now().replace(microsecond=0)
    calls = [
        {
            "direction": "inbound",
            "phone": frequent.phone,
            "call_date": now - timedelta(days=3 * index, hours=2),
            "duration": 12.0,
            "outcome": "answered",
            "user_id": frequent.user_id.id,
            "note": "Asked again when the delivery arrives.",
        }
        for index in range(6)
    ]
    calls += [
        {
            "direction": direction,
            "phone": customer.phone,
            "call_date": now - timedelta(days=days),
            "duration": 5.0,
            "outcome": outcome,
            "user_id": customer.user_id.id,
        }
        for customer in (harassing, claiming)
        for direction, days, outcome in (
            ("inbound", 4, "answered"),
            ("outbound", 2, "no_answer"),
        )
    ]
    env["sales.call.log"].create(calls)
    _run_manually(env, "sales_discipline.ir_cron_special_customers")
    today = fields.Date.context_today(admin)
    env["sales.special.flag"].with_user(admin).create(
        [
            {
                "partner_id": harassing.id,
                "kind": "harassment",
                "reason": "Shouted at and insulted two salespeople on the phone.",
                "expiry_date": today + timedelta(days=90),
            },
            {
                "partner_id": claiming.id,
                "kind": "unreasonable_claims",
                "reason": "Claims a full refund for goods used for six months.",
                "expiry_date": today + timedelta(days=180),
            },
        ]
    )
    env["crm.lead"].create(
        {
            "name": "Wants another free replacement",
            "type": "lead",
            "partner_id": claiming.id,
            "phone": claiming.phone,
        }
    )
