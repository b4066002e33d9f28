import json
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from ..services import scorecard
from .browser_common import BrowserCase

ROOTS = ["customer_tiering.tiering_menu"]


@tagged("post_install", "-at_install")
class TestTieringBrowser(BrowserCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = cls._browser_user(
            "ct_web_sales", "sales_team.group_sale_salesman"
        )
        cls.other = cls._browser_user("ct_web_other", "sales_team.group_sale_salesman")
        cls._browser_managers("ct_web")
        partners = cls.env["res.partner"]
        cls.customer = partners.create(
            {"name": "Web Customer", "is_company": True, "user_id": cls.salesperson.id}
        )
        cls.other_customer = partners.create(
            {"name": "Other Web Customer", "is_company": True, "user_id": cls.other.id}
        )
        cls.approver = partners.create(
            {"name": "Wu Fang", "parent_id": cls.customer.id}
        )
        product = cls.env["product.product"].create(
            {"name": "Web Widget", "list_price": 500.0}
        )
        for quantity in (10, 20, 40):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": cls.customer.id,
                    "user_id": cls.salesperson.id,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": quantity}
                        )
                    ],
                }
            )
            order.action_confirm()
        key_persons = cls.env["customer.key.person"]
        cls.key_person = key_persons.create(
            {
                "partner_id": cls.customer.id,
                "contact_id": partners.create(
                    {"name": "Chen Jing", "parent_id": cls.customer.id}
                ).id,
                "decision_role": "decision_maker",
                "relationship_status": "positive",
                "holder_ids": [Command.create({"user_id": cls.salesperson.id})],
            }
        )
        cls.other_key_person = key_persons.create(
            {
                "partner_id": cls.other_customer.id,
                "contact_id": partners.create(
                    {"name": "Zhao Lei", "parent_id": cls.other_customer.id}
                ).id,
                "decision_role": "influencer",
                "relationship_status": "neutral",
                "holder_ids": [Command.create({"user_id": cls.other.id})],
            }
        )

    def _credit_proposals(self):
        """Two graded web customers under credit policies of their own: the
        demo's policies and proposals of the company make way for them."""
        company = self.env.ref("base.main_company")
        self.env["customer.credit.proposal"].sudo().search(
            [("company_id", "=", company.id)]
        ).unlink()
        policies = self.env["customer.credit.policy"]
        policies.search([("company_id", "=", company.id)]).unlink()
        term = self.env.ref("account.account_payment_term_30days")
        for grade, rating, amount in (("A1", "Prime", 12000.0), ("C", "Watch", 3000.0)):
            policies.create(
                {
                    "company_id": company.id,
                    "scheme": "scorecard",
                    "tier": grade,
                    "name": rating,
                    "limit_type": "fixed",
                    "limit_amount": amount,
                    "payment_term_id": term.id,
                    "trust": "good" if grade == "A1" else "bad",
                }
            )
        for partner, grade in ((self.customer, "A1"), (self.other_customer, "C")):
            partner.sudo().write(
                {"tier_score_grade": grade, "tier_company_id": company.id}
            )
        self.env["customer.credit.proposal"].sudo()._cron_propose()
        proposals = self.env["customer.credit.proposal"].search(
            [("partner_id", "in", (self.customer | self.other_customer).ids)]
        )
        self.assertEqual(len(proposals), 2)
        return company, term, proposals

    def test_finance_walks_the_credit_proposals(self):
        self._credit_proposals()
        finance = self._browser_user(
            "ct_web_finance", "account.group_account_manager,base.group_partner_manager"
        )
        self._walk_menus(
            finance,
            ["customer_tiering.customer_credit_proposal_menu_finance"],
            ["customer.credit.proposal"],
        )

    def test_tour_finance_approves_credit_proposals(self):
        company, term, proposals = self._credit_proposals()
        finance = self._browser_user(
            "ct_web_finance", "account.group_account_manager,base.group_partner_manager"
        )
        self.assertFalse(self.customer.with_company(company).credit_limit)
        action = self.env.ref("customer_tiering.customer_credit_proposal_action")
        self.start_tour(
            f"/odoo/action-{action.id}", "customer_credit_tour", login=finance.login
        )
        self.env.invalidate_all()
        self.assertEqual(set(proposals.mapped("state")), {"approved"})
        self.assertEqual(proposals.decided_by_id, finance)
        customer = self.customer.with_company(company)
        self.assertEqual(customer.credit_limit, 12000.0)
        self.assertTrue(customer.use_partner_credit_limit)
        self.assertEqual(customer.property_payment_term_id, term)
        self.assertEqual(customer.trust, "good")
        self.assertEqual(customer.credit_rating, "Prime")
        other = self.other_customer.with_company(company)
        self.assertEqual((other.credit_limit, other.trust), (3000.0, "bad"))
        self.assertIn("Credit proposal approved", self.customer.message_ids[0].body)

    def test_salesperson_walks_every_menu(self):
        self._walk_menus(
            self.salesperson, ROOTS, ["res.partner", "customer.key.person"]
        )

    def test_manager_walks_every_menu(self):
        self._walk_menus(
            self.manager,
            ROOTS,
            [
                "res.partner",
                "customer.key.person",
                "customer.tier.service.standard",
                "customer.credit.policy",
                "customer.credit.proposal",
            ],
        )

    def test_settings_section(self):
        self._walk_settings(self.admin, "customer_tiering")

    def test_salesperson_gets_a_clean_access_error(self):
        self._assert_clean_access_error(
            self.salesperson.login,
            self.env.ref("customer_tiering.customer_key_person_action"),
            self.other_key_person,
        )

    def test_tour_tiers_and_key_persons_on_the_customer_form(self):
        self.customer.action_recompute_tiers()
        self.assertTrue(self.customer.tier_value)
        action = self.env.ref("customer_tiering.res_partner_action")
        self.start_tour(
            f"/odoo/action-{action.id}/{self.customer.id}",
            "customer_tiering_tour",
            login=self.salesperson.login,
        )
        approver = self.customer.key_person_ids.filtered(
            lambda person: person.contact_id == self.approver
        )
        self.assertEqual(approver.decision_role, "approver")
        self.assertEqual(approver.relationship_status, "not_established")

    def _tour_tiers_in_chinese(self, expected=()):
        self.customer.action_recompute_tiers()
        action = self.env.ref("customer_tiering.res_partner_action")
        self._play_tour_in_chinese(
            f"/odoo/action-{action.id}/{self.customer.id}",
            "customer_tiering_tour",
            self.salesperson,
            expected,
        )
        approver = self.customer.key_person_ids.filtered(
            lambda person: person.contact_id == self.approver
        )
        self.assertEqual(approver.decision_role, "approver")

    def test_tour_tiers_in_chinese_shows_no_english_label(self):
        """The tiers tour, played by a salesperson who works in Simplified
        Chinese, meets no label of the suite in English."""
        self._speak_chinese(self.salesperson)
        self._tour_tiers_in_chinese()

    def test_tour_in_chinese_reports_an_untranslated_label(self):
        """The watch sees a label whose translation is gone: the tab and the
        group of the customer's tiers read "Tiers" again."""
        self._speak_chinese(self.salesperson)
        view = self.env.ref("customer_tiering.res_partner_view_form")
        view.update_field_translations("arch_db", {"zh_CN": {"Tiers": "Tiers"}})
        # the views are cached per language, and a new translation does not
        # clear that cache: a form rendered in Chinese before would hide it
        self.env.registry.clear_cache("templates")
        self._tour_tiers_in_chinese(expected=["Tiers"])

    def test_tour_value_scorecard_from_settings_to_the_customer_form(self):
        """An administrator moves the scorecard's weights in Settings, a sales
        manager rates the customer on a manual indicator, the engine grades
        it and its salesperson reads the grade on the form and asks why."""
        company = self.env.ref("base.main_company")
        indicators = self.env["customer.score.indicator"]
        # the default scorecard, whatever the demo data added to it
        defaults = dict(scorecard.DEFAULT_INDICATORS)
        for indicator in indicators.search([("company_id", "=", company.id)]):
            if indicator.source in defaults:
                indicator.weight = defaults.pop(indicator.source)
            else:
                indicator.active = False
        self.assertFalse(defaults)
        influence = indicators.create(
            {
                "name": "Industry Influence",
                "source": "manual",
                "weight": 0,
                "normalisation": "linear",
                "floor": 0,
                "cap": 100,
                "company_id": company.id,
            }
        )
        sales = indicators.search(
            [("company_id", "=", company.id), ("source", "=", "sales")]
        )
        # linear, so that the customer's score does not depend on the other
        # customers of the database
        sales.write({"normalisation": "linear", "floor": 0, "cap": 50000})
        settings = self.env.ref("customer_tiering.res_config_settings_action")
        self.start_tour(
            f"/odoo/action-{settings.id}",
            "customer_tiering_scorecard_weights_tour",
            login=self.admin.login,
        )
        weights = {
            indicator.source if indicator != influence else "influence": (
                indicator.weight
            )
            for indicator in indicators.search([("company_id", "=", company.id)])
        }
        self.assertEqual(weights.pop("sales"), 50)
        self.assertEqual(weights.pop("influence"), 50)
        self.assertEqual(set(weights.values()), {0})

        manual_values = self.env.ref(
            "customer_tiering.customer_score_manual_value_action"
        )
        self.start_tour(
            f"/odoo/action-{manual_values.id}",
            "customer_tiering_scorecard_manual_value_tour",
            login=self.manager.login,
        )
        value = self.env["customer.score.manual.value"].search(
            [("indicator_id", "=", influence.id)]
        )
        self.assertEqual(value.partner_id, self.customer)
        self.assertEqual(value.value, 80)

        self.customer.with_user(self.manager).action_recompute_tiers()
        self.customer.invalidate_recordset()
        # 10 + 20 + 40 units at 500: 35,000 of a 50,000 cap scores 70, the
        # influence 80; half each
        self.assertEqual(self.customer.tier_sales_amount, 35000)
        self.assertAlmostEqual(self.customer.tier_score, 75.0, places=2)
        self.assertEqual(self.customer.tier_score_grade, "A2")
        action = self.env.ref("customer_tiering.res_partner_action")
        self.start_tour(
            f"/odoo/action-{action.id}/{self.customer.id}",
            "customer_tiering_scorecard_grade_tour",
            login=self.salesperson.login,
        )
        # the dialog was computed once, for him, on his click
        dialog = self.env["customer.score.breakdown"].search(
            [("create_uid", "=", self.salesperson.id)]
        )
        self.assertEqual(dialog.partner_id, self.customer)
        self.assertIn("75.00 (A2)", dialog.breakdown)

    def test_tour_key_account_plan_goals_actions_and_review(self):
        """A sales manager activates a key account's plan with a measured goal
        and schedules an action that is soon late; the account manager
        records the review."""
        today = fields.Date.context_today(self.manager)
        plan = (
            self.env["customer.account.plan"]
            .with_user(self.manager)
            .create(
                {
                    "partner_id": self.customer.id,
                    "date_start": today - timedelta(days=30),
                    "date_end": today + timedelta(days=335),
                    "review_interval": 30,
                }
            )
        )
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.user_id, self.salesperson)
        self.customer.with_user(self.manager).action_recompute_tiers()
        self.assertEqual(self.customer.tier_sales_amount, 35000)
        plans = self.env.ref("customer_tiering.customer_account_plan_action")
        self.start_tour(
            f"/odoo/action-{plans.id}",
            "customer_tiering_account_plan_activate_tour",
            login=self.manager.login,
        )
        plan.invalidate_recordset()
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.next_review_date, today + timedelta(days=30))
        goal = plan.goal_ids
        self.assertEqual(
            (goal.name, goal.metric, goal.target),
            ("Grow sales", "tier_sales_amount", 50000),
        )
        self.assertEqual(goal.current_value, 35000)
        self.assertEqual(goal.progress, 70)
        self.assertEqual(plan.progress, 70)

        self.start_tour(
            f"/odoo/action-{plans.id}/{plan.id}",
            "customer_tiering_account_plan_action_tour",
            login=self.manager.login,
        )
        action = plan.activity_ids
        self.assertEqual(action.summary, "Workshop on next year's volumes")
        self.assertEqual(action.date_deadline, today - timedelta(days=3))
        plan.invalidate_recordset()
        self.assertEqual(plan.overdue_action_count, 1)

        self.start_tour(
            f"/odoo/action-{plans.id}/{plan.id}",
            "customer_tiering_account_plan_review_tour",
            login=self.salesperson.login,
        )
        plan.invalidate_recordset()
        review = plan.review_ids
        self.assertEqual(len(review), 1)
        self.assertEqual(review.user_id, self.salesperson)
        self.assertEqual(review.date, today)
        self.assertEqual(review.progress, 70)
        self.assertIn("the workshop is late", review.notes)
        self.assertEqual(
            [
                (row["name"], row["target"], row["current"], row["progress"])
                for row in json.loads(review.goal_snapshot)
            ],
            [("Grow sales", 50000, 35000, 70)],
        )
        self.assertEqual(plan.last_review_date, today)
        self.assertEqual(plan.next_review_date, today + timedelta(days=30))
