from datetime import date, datetime

from odoo.tests import tagged

from odoo.addons.lead_allocation.tests.browser_common import FairTeamBrowserCase

ROOTS = ["sales_discipline.discipline_menu"]


@tagged("post_install", "-at_install")
class TestDisciplineBrowser(FairTeamBrowserCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rookie = cls._browser_user(
            "sd_web_rookie", "sales_team.group_sale_salesman"
        )
        cls.rookie.name = "Tour Rookie"
        cls.colleague = cls._browser_user(
            "sd_web_colleague", "sales_team.group_sale_salesman"
        )
        cls._browser_managers("sd_web")
        cls.team = cls._fair_team(
            "Discipline Tour Team", {cls.rookie: "junior", cls.colleague: "junior"}
        )
        customer = cls.env["res.partner"].create(
            {"name": "Visited Customer", "is_company": True, "user_id": cls.rookie.id}
        )
        violations = cls.env["sales.violation"]
        late = cls.env.ref("sales_discipline.violation_type_late_entry")
        cls.own_violation = violations.create(
            {"user_id": cls.rookie.id, "type_id": late.id, "description": "Own"}
        )
        cls.colleague_violation = violations.create(
            {"user_id": cls.colleague.id, "type_id": late.id, "description": "Not his"}
        )
        cls.caller = cls.env["res.partner"].create(
            {
                "name": "Tour Caller Co",
                "is_company": True,
                "phone": "13800138088",
                "user_id": cls.rookie.id,
            }
        )
        cls.env["sales.call.log"].with_user(cls.rookie).create(
            {"direction": "inbound", "phone": "13800138088", "note": "Again"}
        )
        cls.env["sales.special.flag"].create(
            {
                "partner_id": customer.id,
                "kind": "unreasonable_claims",
                "reason": "Wants a refund for a used machine",
                "expiry_date": date.today().replace(year=date.today().year + 1),
            }
        )
        cls.env["sales.visit.plan"].with_user(cls.rookie).create(
            {
                "month": date(2026, 12, 1),
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "partner_id": customer.id,
                            "purpose": "order_push",
                            "planned_date": datetime(2026, 12, 3, 10, 0),
                        },
                    )
                ],
            }
        )

    def test_salesperson_walks_every_menu(self):
        self._walk_menus(
            self.rookie,
            ROOTS,
            [
                "sales.violation",
                "sales.visit.plan",
                "sales.visit.report",
                "crm.lead",
                "sales.call.log",
            ],
        )

    def test_manager_walks_every_menu(self):
        self._walk_menus(
            self.manager,
            ROOTS,
            [
                "sales.violation",
                "sales.intake.mismatch.firing",
                "sales.violation.type",
                "sales.call.log",
                "sales.special.flag",
                "res.partner",
            ],
        )

    def test_settings_section(self):
        self._walk_settings(self.admin, "sales_discipline")

    def test_tour_ladder_step_edited_from_settings(self):
        """Settings open the company's penalty ladder; the edited step is the
        next suspension."""
        company = self.admin.company_id
        settings = self.env.ref("customer_tiering.res_config_settings_action")
        self.start_tour(
            f"/odoo/action-{settings.id}",
            "sales_discipline_ladder_settings_tour",
            login=self.admin.login,
        )
        self.assertEqual(company._penalty_steps()[0], 5)
        # the next confirmed violation follows the edited step
        self.assertEqual(self.own_violation.company_id, company)
        self.own_violation.with_user(self.manager).action_confirm()
        suspension = self.own_violation.suspension_ids
        self.assertEqual((suspension.date_to - suspension.date_from).days, 5)

    def test_salesperson_gets_a_clean_access_error(self):
        self._assert_clean_access_error(
            self.rookie.login,
            self.env.ref("sales_discipline.sales_violation_action"),
            self.colleague_violation,
        )

    def test_tour_first_contact_then_violation_suspends(self):
        """The owner logs his first contact in the chatter; a manager then
        confirms a violation and the rookie leaves the rotation for the
        first step of the ladder."""
        lead = self.env["crm.lead"].create(
            {
                "name": "Tour SLA lead",
                "team_id": self.team.id,
                "user_id": self.rookie.id,
            }
        )
        self.assertEqual(lead.first_contact_state, "pending")
        self.start_tour(
            f"/odoo/crm/{lead.id}",
            "sales_discipline_first_contact_tour",
            login=self.rookie.login,
        )
        self.assertEqual(lead.first_contact_state, "met")
        self.assertTrue(lead.first_contact_date)

        action = self.env.ref("sales_discipline.sales_violation_action")
        self.start_tour(
            f"/odoo/action-{action.id}",
            "sales_discipline_violation_tour",
            login=self.manager.login,
        )
        violation = self.env["sales.violation"].search(
            [("user_id", "=", self.rookie.id), ("state", "=", "confirmed")]
        )
        self.assertEqual(len(violation), 1)
        suspension = violation.suspension_ids
        self.assertEqual((suspension.date_to - suspension.date_from).days, 7)
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"After the violation {index}",
                    "team_id": self.team.id,
                    "user_id": False,
                }
                for index in range(4)
            ]
        )
        self.env["crm.lead.allocation.engine"]._allocate(leads)
        self.assertEqual(leads.user_id, self.colleague)

    def test_tour_call_log_in_chinese_shows_no_english_label(self):
        """The call log tour, played by a salesperson who works in Simplified
        Chinese, meets no label of the suite in English."""
        self._speak_chinese(self.rookie)
        self._play_tour_in_chinese(
            f"/odoo/contacts/{self.caller.id}",
            "sales_discipline_call_log_tour",
            self.rookie,
        )
        call = self.env["sales.call.log"].search(
            [("partner_id", "=", self.caller.id), ("note", "=", "Asked for a refund")]
        )
        self.assertEqual((call.user_id, call.direction), (self.rookie, "inbound"))

    def test_tour_special_customer(self):
        """The salesperson logs the customer's call from its form; the
        manager flags it for harassment: the banner and the badge show, and
        its next lead goes to the special customers desk."""
        desk = self.env["crm.team"].create({"name": "Tour Special Desk"})
        self.admin.company_id.special_team_id = desk
        self.start_tour(
            f"/odoo/contacts/{self.caller.id}",
            "sales_discipline_call_log_tour",
            login=self.rookie.login,
        )
        call = self.env["sales.call.log"].search(
            [("partner_id", "=", self.caller.id), ("note", "=", "Asked for a refund")]
        )
        self.assertEqual((call.user_id, call.direction), (self.rookie, "inbound"))
        self.start_tour(
            f"/odoo/contacts/{self.caller.id}",
            "sales_discipline_special_flag_tour",
            login=self.manager.login,
        )
        flag = self.caller.special_flag_ids
        self.assertEqual((flag.kind, flag.set_by_id), ("harassment", self.manager))
        self.assertTrue(self.caller.is_special_customer)
        lead = self.env["crm.lead"].create(
            {"name": "Tour special lead", "partner_id": self.caller.id}
        )
        self.assertEqual(lead.team_id, desk)
