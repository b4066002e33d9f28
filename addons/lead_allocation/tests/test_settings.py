from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestLeadAllocationSettings(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env, login="la_salesperson", groups="sales_team.group_sale_salesman"
        )
        cls.intake_agent = new_test_user(
            cls.env, login="la_intake", groups="lead_allocation.group_intake_agent"
        )
        cls.manager = new_test_user(
            cls.env, login="la_manager", groups="sales_team.group_sale_manager"
        )
        cls.admin = new_test_user(
            cls.env,
            login="la_admin",
            groups="base.group_system,sales_team.group_sale_manager",
        )

    def test_module_installed(self):
        module = self.env["ir.module.module"].search([("name", "=", "lead_allocation")])
        self.assertEqual(module.state, "installed")

    def test_group_definitions(self):
        self.assertTrue(self.intake_agent.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(
            self.intake_agent.has_group("sales_team.group_sale_salesman_all_leads")
        )
        self.assertTrue(self.manager.has_group("lead_allocation.group_intake_agent"))
        self.assertFalse(
            self.salesperson.has_group("lead_allocation.group_intake_agent")
        )

    def test_settings_defaults(self):
        settings = Form(self.env["res.config.settings"].with_user(self.admin))
        self.assertEqual(
            (
                settings.lead_class_a_threshold,
                settings.lead_class_b_threshold,
                settings.lead_class_c_threshold,
            ),
            (800000.0, 400000.0, 200000.0),
        )

    def test_settings_save_and_reload(self):
        with Form(self.env["res.config.settings"].with_user(self.admin)) as form:
            form.lead_class_a_threshold = 1000000
            form.lead_class_c_threshold = 100000
        form.record.execute()
        reloaded = Form(self.env["res.config.settings"].with_user(self.admin))
        self.assertEqual(reloaded.lead_class_a_threshold, 1000000)
        self.assertEqual(reloaded.lead_class_b_threshold, 400000)
        self.assertEqual(reloaded.lead_class_c_threshold, 100000)

    def test_settings_refuse_unordered_thresholds(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["res.config.settings"].create(
                {"lead_class_b_threshold": 900000}
            ).execute()
        self.assertIn("Class A from", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            self.env["res.config.settings"].create(
                {"lead_class_c_threshold": 0}
            ).execute()
        self.assertIn("Class C from", str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(self.env.company.lead_class_b_threshold, 400000)
        self.assertEqual(self.env.company.lead_class_c_threshold, 200000)
