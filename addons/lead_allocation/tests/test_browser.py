from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.customer_tiering.tests.browser_common import BrowserCase

from .browser_common import FairTeamBrowserCase

ROOTS = ["lead_allocation.allocation_menu"]
CREDIT_ROOTS = ["sale.menu_sale_order", "sale.menu_reporting_sales"]
LEAD_NAME = "Tour Lead: Shanghai Harbour"


@tagged("post_install", "-at_install")
class TestAllocationBrowser(FairTeamBrowserCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = cls._browser_user(
            "la_web_sales", "sales_team.group_sale_salesman"
        )
        cls.salesperson.name = "Tour Senior"
        cls._browser_managers("la_web")
        cls.intake = cls._browser_user(
            "la_web_intake", "lead_allocation.group_intake_agent"
        )
        cls.team = cls._fair_team("Tour Team", {cls.salesperson: "senior"})
        cls.own_lead = cls.env["crm.lead"].create(
            {
                "name": "Web own lead",
                "user_id": cls.salesperson.id,
                "team_id": cls.team.id,
            }
        )
        cls.other_lead = cls.env["crm.lead"].create(
            {"name": "Web colleague's lead", "user_id": cls.manager.id}
        )

    def test_salesperson_walks_every_menu(self):
        self._walk_menus(
            self.salesperson,
            ROOTS,
            ["crm.pool.item", "crm.pool.claim", "crm.pool.transfer"],
        )

    def test_manager_walks_every_menu(self):
        self._walk_menus(
            self.manager,
            ROOTS,
            ["crm.lead", "crm.allocation.suspension", "crm.reallocation.request"],
        )

    def test_intake_agent_walks_every_menu(self):
        self._walk_menus(self.intake, ROOTS, ["crm.lead"])

    def test_settings_section(self):
        self._walk_settings(self.admin, "lead_allocation")

    def test_salesperson_gets_a_clean_access_error(self):
        self._assert_clean_access_error(
            self.salesperson.login,
            self.env.ref("crm.crm_lead_all_leads"),
            self.other_lead,
        )

    def test_tour_allocation_recycling_and_claim_back(self):
        """Thresholds set in Settings, a lead allocated on arrival, recycled
        when neglected and claimed back with a manager's approval."""
        company = self.env.company
        settings = self.env.ref("customer_tiering.res_config_settings_action")
        self.start_tour(
            f"/odoo/action-{settings.id}",
            "lead_allocation_settings_tour",
            login=self.admin.login,
        )
        self.assertEqual(company.lead_class_a_threshold, 1000000.0)
        self.assertEqual(company.pool_idle_days, 45)
        self.assertEqual(company.pool_claim_cooldown_days, 0)
        self.assertTrue(company.lead_allocate_on_create)
        self.assertEqual(
            company._lead_eligibility_matrix()["D"], {"intermediate", "junior"}
        )

        unassigned = self.env.ref("lead_allocation.crm_lead_action_unassigned")
        self.start_tour(
            f"/odoo/action-{unassigned.id}",
            "lead_allocation_intake_tour",
            login=self.intake.login,
        )
        lead = self.env["crm.lead"].search([("name", "=", LEAD_NAME)])
        self.assertEqual(lead.user_id, self.salesperson)
        self.assertEqual(lead.allocation_class, "A")

        today = fields.Date.context_today(lead)
        lead.date_open = datetime.combine(
            today - timedelta(days=46), datetime.min.time()
        )
        engine = self.env["crm.pool.engine"]
        while engine._cron_recycle(batch_size=1000):
            pass
        self.assertFalse(lead.user_id)
        self.assertEqual(lead.pool_reason, "no_action")

        pool = self.env.ref("lead_allocation.crm_pool_item_action")
        self.start_tour(
            f"/odoo/action-{pool.id}?view_type=list",
            "lead_allocation_claim_tour",
            login=self.salesperson.login,
        )
        claim = self.env["crm.pool.claim"].search([("lead_id", "=", lead.id)])
        self.assertEqual((claim.user_id, claim.state), (self.salesperson, "requested"))
        self.assertFalse(lead.user_id)

        claims = self.env.ref("lead_allocation.crm_pool_claim_action")
        self.start_tour(
            f"/odoo/action-{claims.id}",
            "lead_allocation_approve_tour",
            login=self.manager.login,
        )
        self.assertEqual(claim.state, "approved")
        self.assertEqual(lead.user_id, self.salesperson)

    def test_tour_intake_in_chinese_shows_no_english_label(self):
        """The intake tour, played by an intake agent who works in Simplified
        Chinese, meets no label of the suite in English."""
        self.env.company.lead_allocate_on_create = True
        self._speak_chinese(self.intake)
        unassigned = self.env.ref("lead_allocation.crm_lead_action_unassigned")
        self._play_tour_in_chinese(
            f"/odoo/action-{unassigned.id}", "lead_allocation_intake_tour", self.intake
        )
        lead = self.env["crm.lead"].search([("name", "=", LEAD_NAME)])
        self.assertEqual(lead.user_id, self.salesperson)
        self.assertEqual(lead.judged_class, "A")

    def test_tour_territories(self):
        """A manager defines two territories in the editable list; a web lead
        from Hangzhou takes the Hangzhou team and Allocate Now hands it out;
        then its salesperson leaves and the manager splits his book between
        a colleague (his leads) and the pool (his customer)."""
        south = self._fair_team("Tour South Team", {})
        south.use_fair_allocation = True
        self.team.use_fair_allocation = True
        self.start_tour(
            f"/odoo/action-{self.env.ref('lead_allocation.crm_territory_action').id}",
            "lead_allocation_territory_tour",
            login=self.manager.login,
        )
        hangzhou = self.env["crm.territory"].search([("name", "=", "Tour Hangzhou")])
        suzhou = self.env["crm.territory"].search([("name", "=", "Tour Suzhou")])
        self.assertEqual((hangzhou.city, hangzhou.team_id), ("Hangzhou", self.team))
        self.assertEqual(suzhou.team_id, south)
        lead = self.env["crm.lead"].create(
            {
                "name": "Tour Territory Lead",
                "type": "lead",
                "user_id": False,
                "city": "hangzhou ",
                "expected_revenue": 900000.0,  # class A: the senior's
            }
        )
        self.assertEqual(lead.territory_id, hangzhou)
        self.assertFalse(lead.user_id)
        unassigned = self.env.ref("lead_allocation.crm_lead_action_unassigned")
        self.start_tour(
            f"/odoo/action-{unassigned.id}",
            "lead_allocation_territory_allocate_tour",
            login=self.manager.login,
        )
        self.assertEqual(lead.user_id, self.salesperson)
        # then he leaves: his leads to a colleague, his customer to the pool
        colleague = self._browser_user(
            "la_web_colleague", "sales_team.group_sale_salesman"
        )
        colleague.name = "Tour Colleague"
        customer = self.env["res.partner"].create(
            {"name": "Tour Senior's customer", "is_company": True}
        )
        customer.sudo().user_id = self.salesperson
        self.own_lead.type = "lead"
        member = self.env["crm.team.member"].search(
            [("user_id", "=", self.salesperson.id), ("crm_team_id", "=", self.team.id)]
        )
        self.start_tour(
            f"/odoo/action-{self.env.ref('sales_team.crm_team_member_action').id}"
            f"/{member.id}",
            "lead_allocation_territory_departure_tour",
            login=self.manager.login,
        )
        self.env.invalidate_all()
        self.assertEqual((lead | self.own_lead).user_id, colleague)
        self.assertFalse(customer.user_id)
        self.assertEqual(customer.pool_reason, "departure")
        self.assertFalse(self.salesperson.active)


@tagged("post_install", "-at_install")
class TestRelationshipEvaluationBrowser(BrowserCase):
    """Issue 13, part 2 in the web client: the owner scores his due
    evaluation, a manager terminates the relationship and the customer is in
    the pool (lead_allocation's side of the decision); another customer the
    manager decides to develop is put on a key-account plan."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = cls._browser_user(
            "la_rel_sales", "sales_team.group_sale_salesman"
        )
        cls.manager = cls._browser_user(
            "la_rel_manager", "sales_team.group_sale_manager"
        )
        company = cls.salesperson.company_id
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Tour Relationship Customer",
                "is_company": True,
                "company_id": company.id,
                "user_id": cls.salesperson.id,
            }
        )
        cls.growth = Partner.create(
            {
                "name": "Tour Growth Customer",
                "is_company": True,
                "company_id": company.id,
                "user_id": cls.salesperson.id,
            }
        )
        Evaluation = cls.env["customer.relationship.evaluation"].with_user(
            cls.salesperson
        )
        cls.evaluation = Evaluation.create({"partner_id": cls.customer.id}).with_env(
            cls.env
        )
        # what the daily run leaves the owner: the due activity
        cls.evaluation.activity_schedule(
            "customer_tiering.mail_activity_type_relationship_due",
            date_deadline=cls.evaluation.due_date,
            user_id=cls.salesperson.id,
        )
        cls.growth_evaluation = Evaluation.create({"partner_id": cls.growth.id})
        cls.growth_evaluation.write(
            {
                "line_ids": [
                    Command.update(line.id, {"score": "5"})
                    for line in cls.growth_evaluation.line_ids
                ]
            }
        )
        cls.growth_evaluation.action_submit()
        cls.growth_evaluation = cls.growth_evaluation.with_env(cls.env)
        cls.action = cls.env.ref(
            "customer_tiering.customer_relationship_evaluation_action"
        )

    def test_tour_relationship_evaluation_terminate(self):
        self.assertEqual(self.evaluation.state, "draft")
        self.assertTrue(self.evaluation.activity_ids)
        self.start_tour(
            f"/odoo/action-{self.action.id}",
            "customer_relationship_evaluation_score_tour",
            login=self.salesperson.login,
        )
        self.env.invalidate_all()
        self.assertEqual(self.evaluation.state, "submitted")
        self.assertEqual(
            sorted(self.evaluation.line_ids.mapped("score")),
            ["1", "1", "1", "2", "2"],
        )
        self.assertAlmostEqual(self.evaluation.score, 1.4)
        self.assertEqual(self.evaluation.recommendation, "terminate")
        self.assertEqual(
            self.evaluation.note, "Orders stopped and invoices are paid late."
        )
        self.assertFalse(self.evaluation.activity_ids)
        self.assertEqual(self.customer.user_id, self.salesperson)

        self.start_tour(
            f"/odoo/action-{self.action.id}/{self.evaluation.id}",
            "customer_relationship_evaluation_decide_tour",
            login=self.manager.login,
        )
        self.env.invalidate_all()
        self.assertEqual(self.evaluation.state, "decided")
        self.assertEqual(self.evaluation.decision, "terminate")
        self.assertEqual(self.evaluation.decided_by_id, self.manager)
        self.assertIn("the pool may win", self.evaluation.decision_note)
        self.assertFalse(self.customer.user_id)
        self.assertEqual(self.customer.pool_reason, "relationship_terminated")
        release = self.env["crm.pool.release"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(release.reason, "relationship_terminated")
        self.assertEqual(release.user_id, self.salesperson)
        self.assertFalse(
            self.env["customer.account.plan"].search(
                [("partner_id", "=", self.customer.id)]
            )
        )

    def test_tour_relationship_evaluation_develop(self):
        self.assertEqual(self.growth_evaluation.recommendation, "develop")
        self.start_tour(
            f"/odoo/action-{self.action.id}/{self.growth_evaluation.id}",
            "customer_relationship_evaluation_develop_tour",
            login=self.manager.login,
        )
        self.env.invalidate_all()
        self.assertEqual(self.growth_evaluation.decision, "develop")
        plan = self.env["customer.account.plan"].search(
            [("partner_id", "=", self.growth.id)]
        )
        self.assertEqual(len(plan), 1)
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.user_id, self.salesperson)
        self.assertEqual(self.growth.user_id, self.salesperson)


@tagged("post_install", "-at_install")
class TestReferralBrowser(BrowserCase):
    """Issue 14, part 2 in the web client: referral bands configured from
    Settings, the scout's reward proposed from the order his referral
    brought, approved by a manager; every new menu walked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scout = cls._browser_user("la_ref_scout", "sales_team.group_sale_salesman")
        cls.scout.name = "Tour Scout"
        cls.closer = cls._browser_user(
            "la_ref_closer", "sales_team.group_sale_salesman"
        )
        cls._browser_managers("la_ref")
        company = cls.scout.company_id
        # the demo story's bands would compete with the tour's
        cls.env["crm.referral.band"].search([("company_id", "=", company.id)]).unlink()
        Team = cls.env["crm.team"]
        team_x = Team.create({"name": "Tour Team X", "company_id": company.id})
        team_y = Team.create({"name": "Tour Team Y", "company_id": company.id})
        cls.env["crm.team.member"].create(
            [
                {"crm_team_id": team_x.id, "user_id": cls.scout.id},
                {"crm_team_id": team_y.id, "user_id": cls.closer.id},
            ]
        )
        customer = cls.env["res.partner"].create(
            {
                "name": "Tour Referred Customer",
                "is_company": True,
                "company_id": company.id,
            }
        )
        customer.sudo().registered_by_id = cls.scout
        claim = (
            cls.env["crm.pool.claim"]
            .with_user(cls.closer)
            .create(
                {
                    "partner_id": customer.id,
                    "user_id": cls.closer.id,
                    "reason": "Met them",
                }
            )
        )
        if claim.state == "requested":
            claim.with_user(cls.manager).action_approve()
        product = cls.env["product.product"].create(
            {"name": "Tour Referral Widget", "list_price": 2000.0}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "company_id": company.id,
                "user_id": cls.closer.id,
                "team_id": team_y.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "price_unit": 2000.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        cls.order.action_confirm()
        cls.line = cls.env["crm.referral.reward.line"].search(
            [("order_id", "=", cls.order.id)]
        )

    def _propose(self):
        return self.env["crm.referral.reward"]._propose_month(self.line.month)

    def test_salesperson_walks_every_menu(self):
        self._walk_menus(
            self.scout,
            ROOTS,
            ["crm.referral.reward", "crm.referral.reward.line"],
        )

    def test_manager_walks_every_menu(self):
        self.env["crm.referral.band"].create(
            {"measure": "count", "value_from": 1, "reward_type": "fixed", "value": 1}
        )
        self._propose()
        self._walk_menus(
            self.manager,
            ROOTS,
            ["crm.referral.reward", "crm.referral.reward.line", "crm.referral.band"],
        )

    def test_tour_referral_bands_and_reward_approval(self):
        self.assertEqual(self.line.referrer_id, self.scout)
        self.assertEqual(self.line.amount, 2000.0)
        settings = self.env.ref("customer_tiering.res_config_settings_action")
        self.start_tour(
            f"/odoo/action-{settings.id}",
            "lead_allocation_referral_bands_tour",
            login=self.admin.login,
        )
        band = self.env["crm.referral.band"].search(
            [("company_id", "=", self.scout.company_id.id)]
        )
        self.assertEqual(
            (band.measure, band.value_from, band.reward_type, band.value),
            ("amount", 1000.0, "percentage", 5.0),
        )
        reward = self._propose()
        self.assertEqual(reward.reward_amount, 100.0)
        action = self.env.ref("lead_allocation.crm_referral_reward_action")
        self.start_tour(
            f"/odoo/action-{action.id}",
            "lead_allocation_referral_approve_tour",
            login=self.manager.login,
        )
        self.assertEqual(reward.state, "approved")
        self.assertEqual(reward.decided_by_id, self.manager)


@tagged("post_install", "-at_install")
class TestSalesCreditBrowser(BrowserCase):
    """The credit on the order form and in the sales analysis, walked by a
    salesperson and a manager; the manager's correction played as a tour."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = cls._browser_user(
            "credit_web_sales", "sales_team.group_sale_salesman"
        )
        cls.salesperson.name = "Tour Seller"
        cls.owner = cls._browser_user(
            "credit_web_owner", "sales_team.group_sale_salesman"
        )
        cls._browser_managers("credit_web")
        customer = cls.env["res.partner"].create(
            {
                "name": "Tour Credit Customer",
                "is_company": True,
                "user_id": cls.owner.id,
            }
        )
        product = cls.env["product.product"].create(
            {"name": "Tour Credit Widget", "list_price": 500.0}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": cls.salesperson.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 2})
                ],
            }
        )
        cls.order.action_confirm()

    def test_salesperson_walks_orders_and_analysis(self):
        """Reporting is the managers' (Odoo's own menu groups)."""
        self._walk_menus(self.salesperson, CREDIT_ROOTS, ["sale.order"])

    def test_manager_walks_orders_and_analysis(self):
        self._walk_menus(self.manager, CREDIT_ROOTS, ["sale.order", "sale.report"])

    def test_tour_manager_corrects_a_credit(self):
        self.assertEqual(self.order.credit_basis, "department")
        action = self.env.ref("sale.action_orders")
        self.start_tour(
            f"/odoo/action-{action.id}/{self.order.id}",
            "lead_allocation_sales_credit_tour",
            login=self.manager.login,
        )
        self.assertEqual(self.order.credit_basis, "transfer")
        self.assertEqual(self.order.credit_user_id, self.salesperson)


@tagged("post_install", "-at_install")
class TestHandoverBrowser(FairTeamBrowserCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._browser_managers("ho_web")
        cls.leaver = cls._browser_user(
            "ho_web_leaver", "sales_team.group_sale_salesman"
        )
        cls.leaver.name = "Tour Leaver"
        cls.colleague = cls._browser_user(
            "ho_web_colleague", "sales_team.group_sale_salesman"
        )
        cls.colleague.name = "Tour Colleague"
        cls.team = cls._fair_team(
            "Handover Team", {cls.leaver: "senior", cls.colleague: "senior"}
        )
        cls.leads = cls.env["crm.lead"].create(
            [
                {
                    "name": f"Leaver's lead {index}",
                    "type": "lead",
                    "user_id": cls.leaver.id,
                    "team_id": cls.team.id,
                }
                for index in range(2)
            ]
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Leaver's customer", "is_company": True, "user_id": cls.leaver.id}
        )

    def test_tour_a_salesperson_leaves(self):
        """A manager hands a leaving salesperson's leads to a colleague and
        his customers to the pool from the team membership."""
        member = self.env["crm.team.member"].search(
            [("user_id", "=", self.leaver.id), ("crm_team_id", "=", self.team.id)]
        )
        action = self.env.ref("sales_team.crm_team_member_action")
        self.start_tour(
            f"/odoo/action-{action.id}/{member.id}",
            "lead_allocation_handover_tour",
            login=self.manager.login,
        )
        self.env.invalidate_all()
        self.assertEqual(self.leads.user_id, self.colleague)
        self.assertFalse(self.customer.user_id)
        self.assertEqual(self.customer.pool_reason, "departure")
        self.assertFalse(self.leaver.active)
        report = self.env["crm.handover"].search([("user_id", "=", self.leaver.id)])
        self.assertEqual(report.manager_id, self.manager)
        self.assertEqual(len(report.line_ids), 3)
