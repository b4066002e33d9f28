from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import TieringCase
from .rpc_common import RpcAttackMixin

OWNER_SCORES = {"Trust": "5", "Communication": "4"}


@tagged("post_install", "-at_install")
class TestRelationshipEvaluation(TieringCase):
    """The owner scores, the manager decides; nobody else moves anything."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Evaluation = cls.env["customer.relationship.evaluation"]
        cls.customer = cls._customer("Relationship Customer")
        cls.other_customer = cls._customer(
            "Another's Customer", user=cls.other_salesperson
        )
        cls.evaluation = (
            cls.Evaluation.with_user(cls.salesperson)
            .create({"partner_id": cls.customer.id})
            .with_env(cls.env)
        )
        cls.other_evaluation = cls.Evaluation.create(
            {"partner_id": cls.other_customer.id}
        )

    def _score(self, evaluation, score, user=None):
        evaluation.with_user(user or self.salesperson).write(
            {
                "line_ids": [
                    Command.update(line.id, {"score": score})
                    for line in evaluation.line_ids
                ]
            }
        )

    def _submitted(self, score="5"):
        self._score(self.evaluation, score)
        self.evaluation.with_user(self.salesperson).action_submit()
        return self.evaluation

    def _snapshot(self, evaluation):
        evaluation.invalidate_recordset()
        return (
            evaluation.state,
            evaluation.score,
            evaluation.recommendation,
            evaluation.decision,
            evaluation.evaluator_id,
            evaluation.company_id,
            evaluation.partner_id,
            tuple(evaluation.line_ids.mapped("score")),
            evaluation.decided_by_id,
        )

    # ------------------------------------------------------------------
    # the scorecard
    # ------------------------------------------------------------------
    def test_default_criteria_and_derived_fields(self):
        criteria = self.env["customer.relationship.criterion"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(
            criteria.mapped("name"),
            [
                "Trust",
                "Communication",
                "Cooperation",
                "Payment Behaviour",
                "Growth Potential",
            ],
        )
        self.assertEqual(set(criteria.mapped("weight")), {1.0})
        self.assertEqual(self.evaluation.line_ids.criterion_id, criteria)
        self.assertEqual(self.evaluation.evaluator_id, self.salesperson)
        self.assertEqual(self.evaluation.company_id, self.company)
        self.assertEqual(self.evaluation.state, "draft")
        self.assertEqual(
            self.evaluation.due_date,
            self.evaluation.period_date
            + timedelta(days=self.company.relationship_grace_days),
        )

    def test_weighted_score_and_recommendation(self):
        trust = self.evaluation.line_ids.filtered(
            lambda line: line.criterion_id.name == "Trust"
        )
        trust.criterion_id.weight = 3.0  # a later weight changes nothing here
        self._score(self.evaluation, "2")
        trust.with_user(self.salesperson).score = "5"
        # 5 + 4 * 2 over 5 equal weights
        self.assertAlmostEqual(self.evaluation.score, 2.6)
        self.assertEqual(self.evaluation.recommendation, "maintain")
        self._score(self.evaluation, "4")
        self.assertEqual(self.evaluation.recommendation, "develop")
        self._score(self.evaluation, "1")
        self.assertEqual(self.evaluation.recommendation, "terminate")

    def test_falling_value_lowers_maintain_to_terminate(self):
        self.customer.tier_growth = -35.0
        self._submitted("3")
        self.assertEqual(self.evaluation.value_growth, -35.0)
        self.assertEqual(self.evaluation.recommendation, "terminate")

    def test_falling_value_never_lowers_develop(self):
        self.customer.tier_growth = -90.0
        self._submitted("5")
        self.assertEqual(self.evaluation.recommendation, "develop")

    def test_submit_needs_every_score_and_the_evaluator(self):
        with self.assertRaises(UserError):
            self.evaluation.with_user(self.salesperson).action_submit()
        self._score(self.evaluation, "4")
        with self.assertRaises(AccessError):
            self.evaluation.with_user(self.manager).action_submit()
        self.assertEqual(self.evaluation.state, "draft")
        self.evaluation.with_user(self.salesperson).action_submit()
        self.assertEqual(self.evaluation.state, "submitted")
        with self.assertRaises(UserError):
            self.evaluation.with_user(self.salesperson).action_submit()

    # ------------------------------------------------------------------
    # attacks as a salesperson
    # ------------------------------------------------------------------
    def test_salesperson_cannot_evaluate_anothers_customer(self):
        before = self._snapshot(self.other_evaluation)
        as_seller = self.Evaluation.with_user(self.salesperson)
        with self.assertRaises(AccessError):
            as_seller.create({"partner_id": self.other_customer.id})
        with self.assertRaises(AccessError):
            self._score(self.other_evaluation, "1")
        with self.assertRaises(AccessError):
            self.other_evaluation.line_ids[0].with_user(self.salesperson).score = "1"
        with self.assertRaises(AccessError):
            self.other_evaluation.with_user(self.salesperson).action_submit()
        self.assertFalse(as_seller.search([("id", "=", self.other_evaluation.id)]))
        self.assertEqual(self._snapshot(self.other_evaluation), before)

    def test_salesperson_cannot_set_workflow_fields(self):
        before = self._snapshot(self.evaluation)
        as_seller = self.evaluation.with_user(self.salesperson)
        for vals in (
            {"state": "decided"},
            {"score": 5.0},
            {"recommendation": "develop"},
            {"decision": "develop"},
            {"decision_note": "ok"},
            {"value_growth": 50.0},
            {"due_date": fields.Date.today() + timedelta(days=300)},
            {"evaluator_id": self.other_salesperson.id},
            {"company_id": False},
            {"partner_id": self.other_customer.id},
            {"period_date": fields.Date.today() - timedelta(days=5)},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_seller.write(vals)
        self.assertEqual(self._snapshot(self.evaluation), before)

    def test_workflow_fields_ignored_on_create(self):
        customer = self._customer("Fresh Customer")
        evaluation = self.Evaluation.with_user(self.salesperson).create(
            {
                "partner_id": customer.id,
                "state": "decided",
                "decision": "terminate",
                "score": 1.0,
                "value_growth": -99.0,
                "evaluator_id": self.other_salesperson.id,
                "decision_note": "approved",
                "line_ids": [Command.create({"criterion_id": 1, "score": "5"})],
            }
        )
        self.assertEqual(evaluation.state, "draft")
        self.assertFalse(evaluation.decision)
        self.assertFalse(evaluation.decision_note)
        self.assertEqual(evaluation.value_growth, 0.0)
        self.assertEqual(evaluation.evaluator_id, self.salesperson)
        self.assertEqual(len(evaluation.line_ids), 5)
        self.assertFalse(any(evaluation.line_ids.mapped("score")))
        with self.assertRaises(AccessError):
            self.Evaluation.with_user(self.salesperson).with_context(
                default_state="decided"
            ).create({"partner_id": self._customer("Other Fresh").id})

    def test_salesperson_cannot_add_or_drop_criteria(self):
        criterion = self.evaluation.line_ids[0].criterion_id
        as_seller = self.evaluation.with_user(self.salesperson)
        with self.assertRaises(AccessError):
            as_seller.write(
                {"line_ids": [Command.create({"criterion_id": criterion.id})]}
            )
        with self.assertRaises(AccessError):
            as_seller.write(
                {"line_ids": [Command.delete(self.evaluation.line_ids[0].id)]}
            )
        with self.assertRaises(AccessError):
            self.evaluation.line_ids[0].with_user(self.salesperson).weight = 9.0
        self.assertEqual(len(self.evaluation.line_ids), 5)
        self.assertEqual(set(self.evaluation.line_ids.mapped("weight")), {1.0})

    def test_salesperson_cannot_decide_or_return(self):
        self._submitted("1")
        before = self._snapshot(self.evaluation)
        as_seller = self.evaluation.with_user(self.salesperson)
        for action in (
            as_seller.action_decide_develop,
            as_seller.action_decide_maintain,
            as_seller.action_decide_terminate,
            as_seller.action_return,
        ):
            with self.subTest(action=action.__name__), self.assertRaises(AccessError):
                action()
        with self.assertRaises(AccessError):
            self._score(self.evaluation, "5")
        self.assertEqual(self._snapshot(self.evaluation), before)

    def test_manager_does_not_score(self):
        before = self._snapshot(self.evaluation)
        with self.assertRaises(AccessError):
            self._score(self.evaluation, "5", user=self.manager)
        with self.assertRaises(AccessError):
            self.evaluation.with_user(self.manager).write({"decision": "develop"})
        self.assertEqual(self._snapshot(self.evaluation), before)

    # ------------------------------------------------------------------
    # the manager's decision
    # ------------------------------------------------------------------
    def test_manager_decides(self):
        self._submitted("5")
        self.evaluation.with_user(self.manager).action_decide_develop()
        self.assertEqual(self.evaluation.state, "decided")
        self.assertEqual(self.evaluation.decision, "develop")
        self.assertEqual(self.evaluation.decided_by_id, self.manager)
        self.assertIn(
            "develop the relationship", self.customer.message_ids[0].body or ""
        )
        with self.assertRaises(UserError):
            self.evaluation.with_user(self.manager).action_decide_terminate()
        self.assertEqual(self.evaluation.decision, "develop")

    def test_terminate_in_tiering_only_posts_a_note(self):
        self._submitted("1")
        self.evaluation.with_user(self.manager).action_decide_terminate()
        self.assertEqual(self.evaluation.decision, "terminate")
        self.assertIn(
            "terminate the relationship",
            "".join(self.customer.message_ids.mapped("body")),
        )

    # ------------------------------------------------------------------
    # develop: the key-account plan
    # ------------------------------------------------------------------
    def _plans(self):
        return self.env["customer.account.plan"].search(
            [("partner_id", "=", self.customer.id)]
        )

    def test_develop_starts_a_draft_key_account_plan(self):
        self._submitted("5")
        as_manager = self.evaluation.with_user(self.manager)
        with self.assertRaises(UserError):
            as_manager.action_open_account_plan()
        self.assertFalse(self._plans())
        as_manager.action_decide_develop()
        self.assertFalse(as_manager.has_account_plan)
        action = as_manager.action_open_account_plan()
        plan = self._plans()
        self.assertEqual(len(plan), 1)
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("customer.account.plan", plan.id)
        )
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.user_id, self.salesperson)
        self.assertEqual(plan.company_id, self.company)
        self.assertEqual(plan.date_start, self.today)
        self.assertGreater(plan.date_end, plan.date_start)
        self.evaluation.invalidate_recordset()
        self.assertTrue(as_manager.has_account_plan)
        # a second click opens the same plan
        self.assertEqual(as_manager.action_open_account_plan()["res_id"], plan.id)
        self.assertEqual(self._plans(), plan)

    def test_develop_opens_the_customers_active_plan(self):
        plan = self.env["customer.account.plan"].create(
            {
                "partner_id": self.customer.id,
                "date_start": self.today,
                "date_end": self.today + timedelta(days=100),
            }
        )
        plan.action_activate()
        self._submitted("5")
        as_manager = self.evaluation.with_user(self.manager)
        as_manager.action_decide_develop()
        self.assertTrue(as_manager.has_account_plan)
        self.assertEqual(as_manager.action_open_account_plan()["res_id"], plan.id)
        self.assertEqual(self._plans(), plan)

    def test_plan_only_after_develop(self):
        self._submitted("3")
        as_manager = self.evaluation.with_user(self.manager)
        as_manager.action_decide_maintain()
        with self.assertRaises(UserError):
            as_manager.action_open_account_plan()
        self.assertFalse(self._plans())

    def test_salesperson_cannot_start_the_plan(self):
        self._submitted("5")
        self.evaluation.with_user(self.manager).action_decide_develop()
        # he may create plans for his own customers, not this way: the
        # evaluation's button is a manager's, checked on the real user
        self.assertTrue(
            self.env["customer.account.plan"]
            .with_user(self.salesperson)
            .has_access("create")
        )
        with self.assertRaises(AccessError):
            self.evaluation.with_user(self.salesperson).with_context(
                active_test=False
            ).action_open_account_plan()
        self.assertFalse(self._plans())

    def test_return_needs_a_reason_and_goes_back_to_the_owner(self):
        self._submitted("3")
        as_manager = self.evaluation.with_user(self.manager)
        with self.assertRaises(UserError):
            as_manager.action_return()
        as_manager.decision_note = "Payment behaviour looks too kind"
        as_manager.action_return()
        self.assertEqual(self.evaluation.state, "draft")
        self.assertFalse(self.evaluation.decision)
        self._score(self.evaluation, "2")
        self.assertEqual(self.evaluation.recommendation, "terminate")

    def test_decision_refused_when_customer_changed_owner(self):
        self._submitted("1")
        self.customer.user_id = self.other_salesperson
        with self.assertRaises(UserError):
            self.evaluation.with_user(self.manager).action_decide_terminate()
        self.assertEqual(self.evaluation.state, "submitted")

    # ------------------------------------------------------------------
    # configuration
    # ------------------------------------------------------------------
    def test_criteria_by_managers_only(self):
        Criterion = self.env["customer.relationship.criterion"]
        criterion = Criterion.search([("company_id", "=", self.company.id)], limit=1)
        with self.assertRaises(AccessError):
            criterion.with_user(self.salesperson).weight = 10.0
        with self.assertRaises(AccessError):
            Criterion.with_user(self.salesperson).create({"name": "Golf"})
        self.assertEqual(criterion.weight, 1.0)
        with self.assertRaises(ValidationError):
            criterion.with_user(self.manager).weight = 0.0
        new = Criterion.with_user(self.manager).create({"name": "Golf", "weight": 2})
        self.assertEqual(new.company_id, self.company)

    def test_thresholds_are_validated(self):
        with self.assertRaises(ValidationError):
            self.company.relationship_terminate_threshold = 4.5
        with self.assertRaises(ValidationError):
            self.company.relationship_develop_threshold = 6.0
        with self.assertRaises(ValidationError):
            self.company.relationship_grace_days = -1
        with self.assertRaises(ValidationError):
            self.env["customer.tier.service.standard"].create(
                {
                    "scheme": "value",
                    "tier": "high",
                    "evaluation_interval_days": -3,
                    "company_id": self.company.id,
                }
            )

    def test_only_company_customers_with_an_owner(self):
        person = self.env["res.partner"].create(
            {"name": "Private Buyer", "user_id": self.salesperson.id}
        )
        with self.assertRaises(ValidationError):
            self.Evaluation.with_user(self.salesperson).create(
                {"partner_id": person.id}
            )


@tagged("post_install", "-at_install")
class TestRelationshipDue(TieringCase):
    """The daily run opens what is due, once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Standard = cls.env["customer.tier.service.standard"]
        for tier, days in (("vip", 90), ("regular", 0)):
            Standard.create(
                {
                    "scheme": "share",
                    "tier": tier,
                    "evaluation_interval_days": days,
                    "company_id": cls.company.id,
                }
            )
        cls.vip = cls._customer("VIP Customer")
        cls.regular = cls._customer("Regular Customer")
        cls.env.cr.execute(
            "UPDATE res_partner SET tier_share = %s WHERE id = %s",
            ("vip", cls.vip.id),
        )
        cls.env.cr.execute(
            "UPDATE res_partner SET tier_share = %s WHERE id = %s",
            ("regular", cls.regular.id),
        )
        cls.env.invalidate_all()
        cls.Evaluation = cls.env["customer.relationship.evaluation"]

    def _mine(self):
        return self.Evaluation.search(
            [("partner_id", "in", (self.vip | self.regular).ids)]
        )

    def test_cron_opens_due_evaluations_once(self):
        self.Evaluation._cron_evaluations_due()
        opened = self._mine()
        self.assertEqual(opened.partner_id, self.vip)
        self.assertEqual(opened.evaluator_id, self.salesperson)
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", opened._name),
                ("res_id", "=", opened.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(
                        "customer_tiering.mail_activity_type_relationship_due"
                    ).id,
                ),
            ]
        )
        self.assertEqual(activity.user_id, self.salesperson)
        self.assertEqual(activity.date_deadline, opened.due_date)
        self.Evaluation._cron_evaluations_due()
        self.assertEqual(self._mine(), opened)
        self.assertEqual(
            len(
                self.env["mail.activity"].search(
                    [("res_model", "=", opened._name), ("res_id", "=", opened.id)]
                )
            ),
            1,
        )

    def test_next_evaluation_after_the_interval(self):
        old = self.Evaluation.create(
            {
                "partner_id": self.vip.id,
                "period_date": self.today - timedelta(days=89),
            }
        )
        old.sudo().write({"state": "decided", "decision": "maintain"})
        self.Evaluation._cron_evaluations_due()
        self.assertEqual(self._mine(), old)
        old.sudo().write({"period_date": self.today - timedelta(days=90)})
        self.Evaluation._cron_evaluations_due()
        self.assertEqual(len(self._mine()), 2)

    def test_submit_closes_the_due_activity(self):
        self.Evaluation._cron_evaluations_due()
        opened = self._mine()
        opened.with_user(self.salesperson).write(
            {
                "line_ids": [
                    Command.update(line.id, {"score": "4"}) for line in opened.line_ids
                ]
            }
        )
        opened.with_user(self.salesperson).action_submit()
        self.assertFalse(opened.activity_ids)

    def test_overdue(self):
        evaluation = self.Evaluation.create({"partner_id": self.vip.id})
        self.assertFalse(evaluation.is_overdue)
        evaluation.sudo().due_date = self.today - timedelta(days=1)
        self.assertTrue(evaluation.is_overdue)
        self.assertIn(evaluation, self.Evaluation.search([("is_overdue", "=", True)]))
        self.assertNotIn(
            evaluation, self.Evaluation.search([("is_overdue", "=", False)])
        )


@tagged("post_install", "-at_install")
class TestRelationshipCompanies(TieringCase):
    """Nothing of one company's evaluations is read or moved from another."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create(
            {"name": "Relationship Co B", "currency_id": cls.usd.id}
        )
        cls.env.user.company_ids |= cls.company_b
        cls.seller_b = new_test_user(
            cls.env,
            login="rel_b_salesperson",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.manager_b = new_test_user(
            cls.env,
            login="rel_b_manager",
            groups="sales_team.group_sale_manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.customer_a = cls._customer("Relationship Customer A")
        cls.evaluation_a = cls.env["customer.relationship.evaluation"].create(
            {"partner_id": cls.customer_a.id}
        )
        cls.evaluation_a.write(
            {
                "line_ids": [
                    Command.update(line.id, {"score": "1"})
                    for line in cls.evaluation_a.line_ids
                ]
            }
        )
        cls.evaluation_a.action_submit()

    def test_other_companys_manager_starts_no_plan(self):
        # the manager's decision is free: develop despite the low score
        self.evaluation_a.with_user(self.manager).action_decide_develop()
        with self.assertRaises(AccessError):
            self.evaluation_a.with_user(self.manager_b).with_context(
                allowed_company_ids=self.company_b.ids
            ).action_open_account_plan()
        self.assertFalse(
            self.env["customer.account.plan"].search(
                [("partner_id", "=", self.customer_a.id)]
            )
        )

    def test_other_company_reads_and_decides_nothing(self):
        Evaluation = self.env["customer.relationship.evaluation"]
        Criterion = self.env["customer.relationship.criterion"]
        for user in (self.seller_b, self.manager_b):
            with self.subTest(user=user.login):
                env_b = dict(allowed_company_ids=self.company_b.ids)
                self.assertFalse(
                    Evaluation.with_user(user)
                    .with_context(**env_b)
                    .search([("id", "=", self.evaluation_a.id)])
                )
                self.assertFalse(
                    Criterion.with_user(user)
                    .with_context(**env_b)
                    .search([("company_id", "=", self.company.id)])
                )
                with self.assertRaises(AccessError):
                    self.evaluation_a.with_user(user).with_context(
                        **env_b
                    ).action_decide_terminate()
                with self.assertRaises(AccessError):
                    self.evaluation_a.with_user(user).with_context(**env_b).read(
                        ["score"]
                    )
        self.evaluation_a.invalidate_recordset()
        self.assertEqual(self.evaluation_a.state, "submitted")
        self.assertFalse(self.evaluation_a.decision)

    def test_company_comes_from_the_customer(self):
        self.assertEqual(self.evaluation_a.company_id, self.company)
        shared = self.env["res.partner"].create(
            {
                "name": "Shared Rel Customer",
                "is_company": True,
                "user_id": self.seller_b.id,
            }
        )
        evaluation = (
            self.env["customer.relationship.evaluation"]
            .with_user(self.seller_b)
            .with_context(allowed_company_ids=self.company_b.ids)
            .create({"partner_id": shared.id, "company_id": self.company.id})
        )
        self.assertEqual(evaluation.company_id, self.company_b)
        self.assertEqual(evaluation.line_ids.criterion_id.company_id, self.company_b)

    def test_other_companys_salesperson_cannot_evaluate_our_customer(self):
        with self.assertRaises(AccessError):
            self.env["customer.relationship.evaluation"].with_user(
                self.seller_b
            ).with_context(allowed_company_ids=self.company_b.ids).create(
                {"partner_id": self.customer_a.id}
            )


@tagged("post_install", "-at_install")
class TestRelationshipRpcAttacks(RpcAttackMixin, TieringCase, HttpCase):
    """The evaluation's refusals over JSON-RPC, as a salesperson's own client
    sends them; every test re-reads the records to show nothing moved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Evaluation = cls.env["customer.relationship.evaluation"]
        cls.customer = cls._customer("Rpc Relationship Customer")
        cls.foreign = cls._customer("Rpc Foreign Customer", user=cls.other_salesperson)
        cls.evaluation = cls.Evaluation.create({"partner_id": cls.customer.id})
        cls.foreign_evaluation = cls.Evaluation.create({"partner_id": cls.foreign.id})
        cls.criteria = cls.env["customer.relationship.criterion"].search(
            [("company_id", "=", cls.company.id)]
        )
        cls.client_context = cls._web_client_context()

    def _refused(self, model, method, *args, login="tier_salesperson", **kwargs):
        return self.assertRpcRefused(
            login, model, method, *args, context=self.client_context, **kwargs
        )

    def _call(self, model, method, *args, login="tier_salesperson", **kwargs):
        return self.rpc(
            login, model, method, *args, context=self.client_context, **kwargs
        )

    def _score_all(self, evaluation, score):
        evaluation.with_user(evaluation.evaluator_id).write(
            {
                "line_ids": [
                    Command.update(line.id, {"score": score})
                    for line in evaluation.line_ids
                ]
            }
        )

    def _snapshot(self, evaluation):
        self.env.invalidate_all()
        evaluation = evaluation.sudo()
        return (
            evaluation.state,
            evaluation.score,
            evaluation.recommendation,
            evaluation.decision,
            evaluation.decision_note,
            evaluation.value_growth,
            evaluation.due_date,
            evaluation.evaluator_id,
            evaluation.company_id,
            tuple(evaluation.line_ids.mapped(lambda line: (line.score, line.weight))),
            evaluation.decided_by_id,
        )

    def _criteria(self):
        self.env.invalidate_all()
        return [
            (criterion.name, criterion.weight, criterion.active)
            for criterion in self.criteria.with_context(active_test=False).sudo()
        ]

    def test_rpc_create_ignores_the_workflow_values(self):
        customer = self._customer("Rpc Fresh Customer")
        evaluation_id = self._call(
            "customer.relationship.evaluation",
            "create",
            [
                {
                    "partner_id": customer.id,
                    "state": "decided",
                    "decision": "develop",
                    "score": 5.0,
                    "recommendation": "develop",
                    "value_growth": 80.0,
                    "decision_note": "approved by myself",
                    "evaluator_id": self.other_salesperson.id,
                    "line_ids": [
                        Command.create(
                            {"criterion_id": self.criteria[0].id, "score": "5"}
                        )
                    ],
                }
            ],
        )
        evaluation = self.Evaluation.browse(evaluation_id)
        self.env.invalidate_all()
        self.assertEqual(evaluation.state, "draft")
        self.assertFalse(evaluation.decision)
        self.assertFalse(evaluation.decision_note)
        self.assertEqual(evaluation.score, 0.0)
        self.assertFalse(evaluation.recommendation)
        self.assertEqual(evaluation.value_growth, 0.0)
        self.assertEqual(evaluation.evaluator_id, self.salesperson)
        self.assertEqual(len(evaluation.line_ids), len(self.criteria))
        self.assertFalse(any(evaluation.line_ids.mapped("score")))
        count = self.Evaluation.search_count([])
        for key in ("default_state", "default_decision", "default_decided_by_id"):
            with self.subTest(key=key):
                self.assertRpcRefused(
                    "tier_salesperson",
                    "customer.relationship.evaluation",
                    "create",
                    [{"partner_id": self._customer(f"Rpc {key}").id}],
                    context=dict(
                        self.client_context,
                        **{key: "decided" if key == "default_state" else 1},
                    ),
                )
        self.assertEqual(self.Evaluation.search_count([]), count)

    def test_rpc_salesperson_cannot_write_the_workflow(self):
        self._score_all(self.evaluation, "2")
        before = self._snapshot(self.evaluation)
        for vals in (
            {"state": "decided"},
            {"state": "submitted"},
            {"decision": "develop"},
            {"score": 5.0},
            {"recommendation": "develop"},
            {"value_growth": 90.0},
            {"decision_note": "fine"},
            {"due_date": "2099-01-01"},
            {"decided_by_id": self.manager.id},
        ):
            with self.subTest(vals=vals):
                self._refused(
                    "customer.relationship.evaluation",
                    "write",
                    [self.evaluation.id],
                    vals,
                )
        line = self.evaluation.line_ids[0]
        self._refused(
            "customer.relationship.evaluation.line",
            "write",
            [line.id],
            {"weight": 50.0},
        )
        self._refused(
            "customer.relationship.evaluation",
            "write",
            [self.evaluation.id],
            {"line_ids": [Command.create({"criterion_id": self.criteria[0].id})]},
        )
        self._refused("customer.relationship.evaluation.line", "unlink", [line.id])
        self.assertEqual(self._snapshot(self.evaluation), before)

    def test_rpc_salesperson_cannot_decide_his_own_evaluation(self):
        self._score_all(self.evaluation, "1")
        self._call(
            "customer.relationship.evaluation", "action_submit", [self.evaluation.id]
        )
        before = self._snapshot(self.evaluation)
        self.assertEqual(before[0], "submitted")
        for method in (
            "action_decide_develop",
            "action_decide_maintain",
            "action_decide_terminate",
            "action_return",
            "_decide",
            "_approval_approve",
            "_approval_apply",
            "_apply_terminate",
        ):
            with self.subTest(method=method):
                self._refused(
                    "customer.relationship.evaluation", method, [self.evaluation.id]
                )
        self.assertEqual(self._snapshot(self.evaluation), before)
        self.env.invalidate_all()
        self.assertEqual(self.customer.user_id, self.salesperson)

    def test_rpc_salesperson_cannot_start_a_key_account_plan(self):
        self._score_all(self.evaluation, "5")
        self.evaluation.with_user(self.salesperson).action_submit()
        self.evaluation.with_user(self.manager).action_decide_develop()
        Plan = self.env["customer.account.plan"]
        self._refused(
            "customer.relationship.evaluation",
            "action_open_account_plan",
            [self.evaluation.id],
        )
        self.assertFalse(Plan.search([("partner_id", "=", self.customer.id)]))
        action = self._call(
            "customer.relationship.evaluation",
            "action_open_account_plan",
            [self.evaluation.id],
            login="tier_manager",
        )
        plan = Plan.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(action["res_id"], plan.id)
        self.assertEqual((plan.state, plan.user_id), ("draft", self.salesperson))

    def test_rpc_salesperson_cannot_read_or_score_anothers_evaluation(self):
        before = self._snapshot(self.foreign_evaluation)
        line = self.foreign_evaluation.line_ids[0]
        self._refused(
            "customer.relationship.evaluation",
            "read",
            [self.foreign_evaluation.id],
            ["score", "note"],
        )
        self._refused(
            "customer.relationship.evaluation.line", "read", [line.id], ["score"]
        )
        self.assertFalse(
            self._call(
                "customer.relationship.evaluation",
                "search",
                [("id", "=", self.foreign_evaluation.id)],
            )
        )
        self._refused(
            "customer.relationship.evaluation",
            "write",
            [self.foreign_evaluation.id],
            {"line_ids": [Command.update(line.id, {"score": "1"})]},
        )
        self._refused(
            "customer.relationship.evaluation.line",
            "write",
            [line.id],
            {"score": "1"},
        )
        self._refused(
            "customer.relationship.evaluation",
            "action_submit",
            [self.foreign_evaluation.id],
        )
        self._refused(
            "customer.relationship.evaluation",
            "create",
            [{"partner_id": self.foreign.id}],
        )
        self.assertEqual(self._snapshot(self.foreign_evaluation), before)
        self.assertEqual(
            self.Evaluation.search_count([("partner_id", "=", self.foreign.id)]), 1
        )

    def test_rpc_salesperson_cannot_edit_the_criteria(self):
        before = self._criteria()
        criterion = self.criteria[0]
        self._refused(
            "customer.relationship.criterion", "write", [criterion.id], {"weight": 9.0}
        )
        self._refused(
            "customer.relationship.criterion",
            "write",
            [criterion.id],
            {"active": False},
        )
        self._refused(
            "customer.relationship.criterion",
            "create",
            [{"name": "Golf", "weight": 5.0, "company_id": self.company.id}],
        )
        self._refused("customer.relationship.criterion", "unlink", [criterion.id])
        self._refused(
            "customer.relationship.criterion",
            "_create_default_criteria",
            [],
        )
        self.assertEqual(self._criteria(), before)
        self.assertFalse(
            self.env["customer.relationship.criterion"].search_count(
                [("name", "=", "Golf")]
            )
        )
