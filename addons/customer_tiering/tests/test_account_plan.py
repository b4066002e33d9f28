import json
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import TieringCase, public_methods
from .rpc_common import RpcAttackMixin


@tagged("post_install", "-at_install")
class TestAccountPlan(TieringCase):
    """Key-account plans: the workflow, the goals, the reviews and the crons,
    and every refusal tried by a salesperson who should not get through."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.customer = cls._customer("Key Account Ltd")
        cls.others = cls._customer("Other Key Account Ltd", cls.other_salesperson)
        cls._order(cls.customer, 1000.0, 10)
        cls.env["customer.tier.engine"]._recompute_partners(
            cls.customer | cls.others, source="cron"
        )
        cls.Plan = cls.env["customer.account.plan"]
        cls.plan = cls._plan(cls.customer)
        cls.other_plan = cls._plan(cls.others)

    @classmethod
    def _plan(cls, partner):
        return cls.env["customer.account.plan"].create(
            {
                "partner_id": partner.id,
                "date_start": cls.today,
                "date_end": cls.today + timedelta(days=365),
                "review_interval": 30,
                "goal_ids": [
                    Command.create(
                        {
                            "name": "Sales",
                            "metric": "tier_sales_amount",
                            "target": 4000.0,
                        }
                    ),
                    Command.create(
                        {"name": "Workshops", "metric": "manual", "target": 4.0}
                    ),
                ],
            }
        )

    def _as(self, user, record):
        return record.with_user(user).with_context(allowed_company_ids=self.company.ids)

    def test_plan_defaults_from_the_customer(self):
        self.assertEqual(self.plan.user_id, self.salesperson)
        self.assertEqual(self.plan.company_id, self.company)
        self.assertEqual(self.plan.state, "draft")
        self.assertEqual(self.other_plan.user_id, self.other_salesperson)

    def test_goal_progress_from_metrics_and_manual_values(self):
        sales, manual = self.plan.goal_ids
        self.assertEqual(sales.current_value, self.customer.tier_sales_amount)
        self.assertEqual(sales.current_value, 1000.0)
        self.assertEqual(sales.progress, 25.0)
        manual.manual_value = 2.0
        self.assertEqual(manual.progress, 50.0)
        self.assertEqual(self.plan.progress, 37.5)

    def test_goal_rows_validated(self):
        with self.assertRaisesRegex(ValidationError, "Workshops"):
            self.plan.goal_ids[1].target = 0.0
        with self.assertRaises(ValidationError):
            self.plan.date_end = self.plan.date_start - timedelta(days=1)

    def test_workflow_by_account_manager(self):
        plan = self._as(self.salesperson, self.plan)
        plan.action_activate()
        self.assertEqual(self.plan.state, "active")
        self.assertEqual(self.plan.next_review_date, self.today + timedelta(days=30))
        with self.assertRaises(UserError):
            plan.action_activate()
        with self.assertRaisesRegex(ValidationError, "already has an active"):
            self._plan(self.customer).action_activate()
        plan.action_close()
        self.assertEqual(self.plan.state, "closed")

    def test_salesperson_cannot_move_anothers_plan(self):
        for action in ("action_activate", "action_close", "action_record_review"):
            with self.subTest(action=action), self.assertRaises(AccessError):
                getattr(self._as(self.salesperson, self.other_plan), action)()
        self.assertEqual(self.other_plan.state, "draft")
        self.assertFalse(self.other_plan.review_ids)

    def test_salesperson_sees_only_own_customers_plans(self):
        plans = self._as(self.salesperson, self.Plan).search(
            [("id", "in", (self.plan | self.other_plan).ids)]
        )
        self.assertEqual(plans, self.plan)
        with self.assertRaises(AccessError):
            self._as(self.salesperson, self.other_plan).read(["name"])
        with self.assertRaises(AccessError):
            self._as(self.salesperson, self.other_plan.goal_ids).write({"target": 1.0})
        with self.assertRaises(AccessError):
            self._as(self.salesperson, self.Plan).create(
                {
                    "partner_id": self.others.id,
                    "date_end": self.today + timedelta(days=30),
                }
            )
        self.assertEqual(self.other_plan.goal_ids[0].target, 4000.0)

    def test_salesperson_cannot_write_workflow_fields(self):
        plan = self._as(self.salesperson, self.plan)
        for vals in (
            {"state": "active"},
            {"next_review_date": self.today},
            {"last_review_date": self.today},
            {"user_id": self.other_salesperson.id},
            {"partner_id": self.others.id},
            {"company_id": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                plan.write(vals)
        with self.assertRaises(AccessError):
            self._as(self.manager, self.plan).write({"state": "closed"})
        self.assertEqual(self.plan.state, "draft")
        self.assertEqual(self.plan.user_id, self.salesperson)
        self.assertFalse(self.plan.next_review_date)
        with self.assertRaises(AccessError):
            self._as(self.salesperson, self.plan.review_ids).create(
                {"plan_id": self.plan.id, "date": self.today}
            )
        self.assertFalse(self.plan.review_ids)

    def test_workflow_fields_ignored_on_create(self):
        plan = self._as(self.salesperson, self.Plan).create(
            {
                "partner_id": self.customer.id,
                "date_end": self.today + timedelta(days=30),
                "state": "active",
                "next_review_date": self.today,
                "user_id": self.other_salesperson.id,
            }
        )
        self.assertEqual(plan.state, "draft")
        self.assertFalse(plan.next_review_date)
        self.assertEqual(plan.user_id, self.salesperson)
        with self.assertRaises(AccessError):
            self._as(self.salesperson, self.Plan).with_context(
                default_state="active"
            ).create(
                {
                    "partner_id": self.customer.id,
                    "date_end": self.today + timedelta(days=30),
                }
            )

    def test_manager_moves_any_plan(self):
        self._as(self.manager, self.other_plan).action_activate()
        self.assertEqual(self.other_plan.state, "active")
        self._as(self.manager, self.other_plan).write({"user_id": self.salesperson.id})
        # named account manager, the salesperson now reads and reviews it
        self._as(self.salesperson, self.other_plan).action_record_review("ok")
        self.assertEqual(len(self.other_plan.review_ids), 1)

    def test_closed_plan_goals_by_managers_only(self):
        self.plan.action_activate()
        self.plan.action_close()
        with self.assertRaisesRegex(AccessError, "closed"):
            self._as(self.salesperson, self.plan.goal_ids[0]).write({"target": 1.0})
        self.assertEqual(self.plan.goal_ids[0].target, 4000.0)
        self._as(self.manager, self.plan.goal_ids[0]).write({"target": 2000.0})
        self.assertEqual(self.plan.goal_ids[0].target, 2000.0)

    def test_review_cron_and_record(self):
        self.plan.action_activate()
        self.Plan._cron_review_due()
        self.assertFalse(self.plan.activity_ids)
        self.env.cr.execute(
            "UPDATE customer_account_plan SET next_review_date = %s WHERE id = %s",
            (self.today - timedelta(days=1), self.plan.id),
        )
        self.plan.invalidate_recordset()
        self.Plan._cron_review_due()
        self.Plan._cron_review_due()
        self.assertEqual(len(self.plan.activity_ids), 1)
        self.assertEqual(self.plan.activity_ids.user_id, self.salesperson)
        self.plan.goal_ids[1].manual_value = 1.0
        wizard = (
            self.env["customer.account.plan.review.wizard"]
            .with_user(self.salesperson)
            .with_context(active_ids=self.plan.ids)
            .create({"notes": "Going well"})
        )
        wizard.action_record()
        review = self.plan.review_ids
        self.assertEqual(len(review), 1)
        self.assertEqual(review.notes, "Going well")
        self.assertEqual(review.user_id, self.salesperson)
        snapshot = json.loads(review.goal_snapshot)
        self.assertEqual([row["current"] for row in snapshot], [1000.0, 1.0])
        self.assertEqual(self.plan.next_review_date, self.today + timedelta(days=30))
        self.assertEqual(self.plan.last_review_date, self.today)
        self.assertFalse(self.plan.activity_ids)
        self.assertEqual(self.plan.done_action_count, 1)

    def test_action_counts(self):
        self.plan.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=self.today - timedelta(days=2),
            user_id=self.salesperson.id,
        )
        self.plan.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=self.today + timedelta(days=2),
            user_id=self.salesperson.id,
        )
        self.plan.invalidate_recordset()
        self.assertEqual(self.plan.open_action_count, 2)
        self.assertEqual(self.plan.overdue_action_count, 1)
        self.assertEqual(self.plan.done_action_count, 0)

    def test_views_and_overdue_list_for_a_salesperson(self):
        Plan = self._as(self.salesperson, self.Plan)
        views = Plan.get_views(
            [(False, "kanban"), (False, "list"), (False, "form"), (False, "search")]
        )
        self.assertIn("progress", views["views"]["kanban"]["arch"])
        late = self.plan.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=self.today - timedelta(days=2),
            user_id=self.salesperson.id,
        )
        self.other_plan.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=self.today - timedelta(days=2),
            user_id=self.other_salesperson.id,
        )
        action = self.env.ref(
            "customer_tiering.customer_account_plan_action_overdue_actions"
        )
        self.assertIn("date_deadline", action.domain)
        found = (
            self.env["mail.activity"]
            .with_user(self.salesperson)
            .search(
                [
                    ("res_model", "=", "customer.account.plan"),
                    ("date_deadline", "<", self.today),
                ]
            )
        )
        self.assertEqual(found, late)

    def test_plan_missing_and_its_cron(self):
        Requirement = self.env["customer.account.plan.requirement"]
        Partner = self.env["res.partner"]
        self.assertEqual(self.customer.tier_pareto, "A")
        self.assertFalse(self.customer.account_plan_missing)
        Requirement.create(
            {"company_id": self.company.id, "scheme": "pareto", "tier": "A"}
        )
        self.customer.invalidate_recordset()
        self.assertTrue(self.customer.account_plan_missing)
        self.assertIn(
            self.customer, Partner.search([("account_plan_missing", "=", True)])
        )
        self.assertNotIn(
            self.customer, Partner.search([("account_plan_missing", "=", False)])
        )
        Partner._cron_account_plan_missing()
        Partner._cron_account_plan_missing()
        activity_type = self.env.ref(
            "customer_tiering.mail_activity_type_account_plan_missing"
        )
        activities = self.customer.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.salesperson)
        self._as(self.salesperson, self.plan).action_activate()
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.account_plan_missing)
        self.assertFalse(
            self.customer.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            )
        )
        Partner._cron_account_plan_missing()
        self.assertFalse(self.customer.activity_ids)

    def test_requirement_rows_validated_and_by_managers(self):
        Requirement = self.env["customer.account.plan.requirement"]
        with self.assertRaisesRegex(ValidationError, "Pareto Grade"):
            Requirement.create(
                {"company_id": self.company.id, "scheme": "pareto", "tier": "vip"}
            )
        Requirement.create(
            {"company_id": self.company.id, "scheme": "share", "tier": "vip"}
        )
        with self.assertRaisesRegex(ValidationError, "already requires"):
            Requirement.create(
                {"company_id": self.company.id, "scheme": "share", "tier": "vip"}
            )
        with self.assertRaises(AccessError):
            self._as(self.salesperson, Requirement).create(
                {"company_id": self.company.id, "scheme": "value", "tier": "high"}
            )
        self.assertFalse(
            Requirement.search(
                [("scheme", "=", "value"), ("company_id", "=", self.company.id)]
            )
        )

    def test_every_public_method_reviewed(self):
        reviewed = {
            "customer.account.plan": {
                "create",
                "write",
                "action_activate",
                "action_close",
                "action_record_review",
                "action_open_review_wizard",
            },
            "customer.account.plan.goal": {"create", "write", "unlink"},
            "customer.account.plan.review": set(),
            "customer.account.plan.review.wizard": {"action_record"},
            "customer.account.plan.requirement": set(),
        }
        self.assertEqual(public_methods(self.env, reviewed), reviewed)


@tagged("post_install", "-at_install")
class TestAccountPlanCompanies(TieringCase):
    """Another company's plans are neither read nor moved from this one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create(
            {"name": "Plan Test Co B", "currency_id": cls.usd.id}
        )
        cls.env.user.company_ids |= cls.company_b
        cls.seller_b = cls.env["res.users"].create(
            {
                "name": "Plan Seller B",
                "login": "plan_seller_b",
                "company_id": cls.company_b.id,
                "company_ids": [Command.set(cls.company_b.ids)],
                "groups_id": [
                    Command.set([cls.env.ref("sales_team.group_sale_manager").id])
                ],
            }
        )
        cls.customer_a = cls._customer("Plan Customer A")
        cls.plan_a = cls.env["customer.account.plan"].create(
            {
                "partner_id": cls.customer_a.id,
                "date_end": cls.today + timedelta(days=90),
                "goal_ids": [Command.create({"name": "G", "target": 1.0})],
            }
        )

    def test_other_company_sees_and_moves_nothing(self):
        Plan = (
            self.env["customer.account.plan"]
            .with_user(self.seller_b)
            .with_context(allowed_company_ids=self.company_b.ids)
        )
        self.assertFalse(Plan.search([("id", "=", self.plan_a.id)]))
        self.assertFalse(
            self.env["customer.account.plan.goal"]
            .with_user(self.seller_b)
            .with_context(allowed_company_ids=self.company_b.ids)
            .search([("plan_id", "=", self.plan_a.id)])
        )
        with self.assertRaises(AccessError):
            Plan.browse(self.plan_a.id).action_activate()
        with self.assertRaises(AccessError):
            Plan.browse(self.plan_a.id).write({"review_interval": 5})
        self.assertEqual(self.plan_a.state, "draft")
        self.assertEqual(self.plan_a.review_interval, 30)

    def test_company_derived_from_the_customer(self):
        plan = (
            self.env["customer.account.plan"]
            .with_user(self.salesperson)
            .with_context(allowed_company_ids=self.company.ids)
            .create(
                {
                    "partner_id": self.customer_a.id,
                    "company_id": self.company_b.id,
                    "date_end": self.today + timedelta(days=90),
                }
            )
        )
        self.assertEqual(plan.company_id, self.company)


@tagged("post_install", "-at_install")
class TestAccountPlanRpc(RpcAttackMixin, TieringCase, HttpCase):
    """The plan's refusals over JSON-RPC, with the context a client sends."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Rpc Key Account")
        cls.others = cls._customer("Rpc Other Account", cls.other_salesperson)
        cls.plan = TestAccountPlan._plan.__func__(cls, cls.customer)
        cls.other_plan = TestAccountPlan._plan.__func__(cls, cls.others)
        cls.client_context = cls._web_client_context()

    def _refused(self, method, *args, model="customer.account.plan", **kwargs):
        return self.assertRpcRefused(
            "tier_salesperson",
            model,
            method,
            *args,
            context=self.client_context,
            **kwargs,
        )

    def test_rpc_workflow_and_fields(self):
        self._refused("write", [self.plan.id], {"state": "active"})
        self._refused("write", [self.plan.id], {"next_review_date": "2020-01-01"})
        self._refused("write", [self.plan.id], {"user_id": self.other_salesperson.id})
        for action in ("action_activate", "action_close", "action_record_review"):
            self._refused(action, [self.other_plan.id])
        self._refused(
            "create",
            [{"plan_id": self.plan.id, "date": "2020-01-01"}],
            model="customer.account.plan.review",
        )
        self._refused("read", [self.other_plan.id], ["name"])
        self.assertEqual((self.plan | self.other_plan).mapped("state"), ["draft"] * 2)
        self.assertFalse(self.plan.next_review_date)
        self.assertEqual(self.plan.user_id, self.salesperson)
        self.assertFalse((self.plan | self.other_plan).review_ids)

    def test_rpc_created_plan_starts_as_draft(self):
        plan_id = self.rpc(
            "tier_salesperson",
            "customer.account.plan",
            "create",
            [
                {
                    "partner_id": self.customer.id,
                    "date_end": "2099-01-01",
                    "state": "closed",
                    "next_review_date": "2020-01-01",
                    "company_id": False,
                }
            ],
            context=self.client_context,
        )
        plan = self.env["customer.account.plan"].browse(plan_id)
        self.assertEqual(plan.state, "draft")
        self.assertFalse(plan.next_review_date)
        self.assertEqual(plan.company_id, self.company)
        self.assertRpcRefused(
            "tier_salesperson",
            "customer.account.plan",
            "create",
            [{"partner_id": self.customer.id, "date_end": "2099-01-01"}],
            context=dict(self.client_context, default_state="active"),
        )
        self.assertEqual(
            self.env["customer.account.plan"].search_count(
                [("partner_id", "=", self.customer.id)]
            ),
            2,
        )
