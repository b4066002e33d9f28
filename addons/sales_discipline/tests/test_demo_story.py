from unittest.mock import patch

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import PoFileReader

from .. import hooks
from ..demo import story

STORY = "odoo.addons.sales_discipline.demo.story.load_story"


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    """The demo story is demo data, not a part of the addon."""

    def test_story_is_no_model(self):
        self.assertNotIn("sales.policy.story", self.env.registry)
        self.assertFalse(
            self.env["ir.model"].search_count([("model", "=", "sales.policy.story")])
        )

    def test_story_loads_with_demo_data_only(self):
        module = self.env.ref("base.module_sales_discipline")
        with patch(STORY) as load_story:
            module.demo = False
            hooks.post_init_hook(self.env)
            load_story.assert_not_called()
            module.demo = True
            hooks.post_init_hook(self.env)
            load_story.assert_called_once_with(self.env)

    def test_story_told_in_a_demo_database(self):
        if not self.env.ref("base.module_sales_discipline").demo:
            self.skipTest("installed without demo data")
        teams = self.env["crm.team"].search([("name", "in", story.TEAMS)])
        self.assertEqual(len(teams), 3)
        east = teams.filtered(lambda team: team.name == story.TEAMS[0])
        self.assertEqual(east.user_id.login, "chen.jie@example.com")
        leads = self.env["crm.lead"].search([("team_id", "in", teams.ids)])
        self.assertTrue(leads.filtered("user_id"))
        self.assertTrue(
            leads.filtered(lambda lead: lead.first_contact_state == "breached")
        )

    def test_demo_database_works_in_chinese(self):
        """The story's people work in Simplified Chinese and read the
        suite's menus and Odoo's in it; the administrator keeps English."""
        if not self.env.ref("base.module_sales_discipline").demo:
            self.skipTest("installed without demo data")
        self.assertTrue(self.env.ref("base.lang_zh_CN").active)
        logins = ["chen.jie@example.com", "xu.tao@example.com", "ma.lan@example.com"]
        people = self.env["res.users"].search([("login", "in", logins)])
        self.assertEqual(len(people), 3)
        self.assertEqual(set(people.mapped("lang")), {"zh_CN"})
        self.assertEqual(self.env.ref("base.user_admin").lang, "en_US")
        menus = {
            "customer_tiering.tiering_menu": "customer_tiering",
            "lead_allocation.allocation_menu": "lead_allocation",
            "sales_discipline.discipline_menu": "sales_discipline",
            "sale.sale_menu_root": "sale",
        }
        for xmlid, module in menus.items():
            menu = self.env.ref(xmlid)
            self.env.cr.execute(
                "SELECT name->>'en_US', name->>'zh_CN' FROM ir_ui_menu WHERE id = %s",
                [menu.id],
            )
            english, chinese = self.env.cr.fetchone()
            translations = {
                entry["src"]: entry["value"]
                for entry in PoFileReader(file_path(f"{module}/i18n/zh_CN.po"))
            }
            self.assertTrue(translations.get(english), f"{xmlid}: {english}")
            self.assertEqual(chinese, translations[english], xmlid)

    def test_demo_company_works_in_cny(self):
        """The demo company is a Chinese one: its currency, its address and
        its customers' are Chinese, and the story's orders read in CNY."""
        if not self.env.ref("base.module_sales_discipline").demo:
            self.skipTest("installed without demo data")
        company = self.env.ref("base.main_company")
        china = self.env.ref("base.cn")
        self.assertEqual(company.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(
            (company.country_id, company.state_id.country_id), (china, china)
        )
        teams = self.env["crm.team"].search([("name", "in", story.TEAMS)])
        customers = self.env["res.partner"].search(
            [("user_id", "in", teams.member_ids.ids), ("is_company", "=", True)]
        )
        self.assertTrue(customers)
        self.assertEqual(customers.country_id, china)
        self.assertEqual(customers.state_id.country_id, china)
        orders = self.env["sale.order"].search([("partner_id", "in", customers.ids)])
        self.assertTrue(orders)
        self.assertEqual(orders.currency_id, self.env.ref("base.CNY"))

    def test_story_evaluates_relationships(self):
        """Evaluations of each recommendation: decided (develop put on a
        plan, terminate sent to the pool), waiting for the manager, overdue,
        and due today with the owner's activity."""
        if not self.env.ref("base.module_sales_discipline").demo:
            self.skipTest("installed without demo data")
        teams = self.env["crm.team"].search([("name", "in", story.TEAMS)])
        Evaluation = self.env["customer.relationship.evaluation"]
        evaluations = Evaluation.search([("evaluator_id", "in", teams.member_ids.ids)])
        decided = evaluations.filtered(lambda e: e.state == "decided")
        self.assertEqual(
            set(decided.mapped("decision")), {"develop", "maintain", "terminate"}
        )
        for evaluation in decided:
            self.assertEqual(evaluation.decision, evaluation.recommendation)
            self.assertEqual(evaluation.decided_by_id.login, "admin")
        develop = decided.filtered(lambda e: e.decision == "develop")
        plan = self.env["customer.account.plan"].search(
            [("partner_id", "=", develop.partner_id.id)]
        )
        self.assertEqual(len(plan), 1)
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.user_id, develop.evaluator_id)
        terminated = decided.filtered(lambda e: e.decision == "terminate").partner_id
        self.assertFalse(terminated.user_id)
        self.assertEqual(terminated.pool_reason, "relationship_terminated")
        self.assertEqual(
            self.env["crm.pool.release"]
            .search([("partner_id", "=", terminated.id)])
            .reason,
            "relationship_terminated",
        )
        waiting = evaluations.filtered(lambda e: e.state == "submitted")
        self.assertEqual(
            sorted(waiting.mapped("recommendation")),
            ["develop", "maintain", "terminate"],
        )
        self.assertTrue(all(1 <= score <= 5 for score in waiting.mapped("score")))
        overdue = Evaluation.search(
            [("id", "in", evaluations.ids), ("is_overdue", "=", True)]
        )
        self.assertEqual(len(overdue), 2)
        due_type = self.env.ref("customer_tiering.mail_activity_type_relationship_due")
        due_today = evaluations.filtered(
            lambda e: e.state == "draft" and not e.is_overdue
        )
        self.assertTrue(due_today)
        for evaluation in overdue | due_today:
            activity = evaluation.activity_ids.filtered(
                lambda a, t=due_type: a.activity_type_id == t
            )
            self.assertEqual(activity.user_id, evaluation.evaluator_id)

    def test_story_referral_rewards_one_per_band(self):
        if not self.env.ref("base.module_sales_discipline").demo:
            self.skipTest("installed without demo data")
        company = self.env.ref("base.user_admin").company_id
        bands = self.env["crm.referral.band"].search([("company_id", "=", company.id)])
        referrers = self.env["res.users"].search(
            [("name", "in", ["Chen Jie", "Liu Yang", "Zhou Xin"])]
        )
        rewards = self.env["crm.referral.reward"].search(
            [("referrer_id", "in", referrers.ids)]
        )
        self.assertEqual(len(rewards), 3)
        self.assertEqual(rewards.band_id, bands)
        for reward in rewards:
            self.assertEqual(len(reward.line_ids), reward.order_count)
            self.assertNotIn(reward.line_ids.team_id, reward.referrer_id.crm_team_ids)
        approved = rewards.filtered(lambda reward: reward.state == "approved")
        self.assertEqual(approved.referrer_id.name, "Chen Jie")
        self.assertEqual(approved.reward_amount, 1200.0)

    def test_story_credit_policies_and_pending_proposals(self):
        if not self.env.ref("base.module_sales_discipline").demo:
            self.skipTest("installed without demo data")
        company = self.env.ref("base.user_admin").company_id
        policies = self.env["customer.credit.policy"].search(
            [("company_id", "=", company.id), ("scheme", "=", "scorecard")]
        )
        self.assertEqual(sorted(policies.mapped("tier")), ["A1", "A2", "B1", "B2", "C"])
        proposals = self.env["customer.credit.proposal"].search(
            [("company_id", "=", company.id), ("state", "=", "proposed")]
        )
        self.assertTrue(proposals)
        self.assertTrue(all(proposal.reason for proposal in proposals))
        self.assertLessEqual(set(proposals.policy_id.ids), set(policies.ids))

    def test_story_credits_orders_of_each_basis(self):
        """The sales analysis has an order of each credit basis to group, and
        the private swap waits as a draft violation."""
        if not self.env.ref("base.module_sales_discipline").demo:
            self.skipTest("installed without demo data")
        teams = self.env["crm.team"].search([("name", "in", story.TEAMS)])
        orders = self.env["sale.order"].search(
            [("state", "=", "sale"), ("credit_team_id", "in", teams.ids)]
        )
        self.assertEqual(
            set(orders.mapped("credit_basis")),
            {"owner", "transfer", "department", "first_registrant"},
        )
        swap = orders.filtered(lambda order: order.credit_basis == "department")
        self.assertFalse(swap.credit_user_id)
        violation = self.env["sales.violation"].search(
            [("origin", "=", f"private_swap:sale.order:{swap.id}")]
        )
        self.assertEqual(violation.state, "draft")
        self.assertEqual(violation.user_id, swap.user_id)
        registrant = orders.filtered(
            lambda order: order.credit_basis == "first_registrant"
        )
        self.assertNotEqual(registrant.credit_user_id, registrant.user_id)
        self.assertEqual(
            registrant.credit_user_id, registrant.partner_id.registered_by_id
        )

    def test_story_flags_special_customers(self):
        """A special customer of each kind, and a lead of one on the desk."""
        if not self.env.ref("base.module_sales_discipline").demo:
            self.skipTest("installed without demo data")
        flags = self.env["sales.special.flag"].search(
            [("partner_id.name", "like", "Co., Ltd.")]
        )
        self.assertEqual(
            set(flags.mapped("kind")),
            {"high_frequency", "harassment", "unreasonable_claims"},
        )
        self.assertTrue(all(flags.partner_id.mapped("is_special_customer")))
        desk = self.env["crm.team"].search([("name", "=", story.SPECIAL_TEAM)])
        self.assertEqual(self.env.company.special_team_id, desk)
        lead = self.env["crm.lead"].search(
            [("partner_id", "in", flags.partner_id.ids), ("team_id", "=", desk.id)]
        )
        self.assertTrue(lead)
        self.assertTrue(lead.is_special_customer)
