from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.customer_tiering.tests.common import SettingsCase

from ..services import classing


@tagged("post_install", "-at_install")
class TestLeadAllocationSettings(SettingsCase):
    login_prefix = "la"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.intake_agent = cls._settings_user(
            "intake", "lead_allocation.group_intake_agent"
        )

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

    def test_eligibility_matrix_defaults(self):
        senior = self.env.ref("lead_allocation.crm_salesperson_level_senior")
        intermediate = self.env.ref(
            "lead_allocation.crm_salesperson_level_intermediate"
        )
        junior = self.env.ref("lead_allocation.crm_salesperson_level_junior")
        settings = Form(self.env["res.config.settings"].with_user(self.admin))
        self.assertEqual(settings.lead_class_a_level_ids[:], senior)
        self.assertEqual(settings.lead_class_b_level_ids[:], senior | intermediate)
        self.assertEqual(settings.lead_class_c_level_ids[:], intermediate | junior)
        self.assertEqual(settings.lead_class_d_level_ids[:], junior)
        self.assertEqual(
            self._matrix_text(),
            "A:senior;B:senior,intermediate;C:intermediate,junior;D:junior",
        )

    def test_eligibility_matrix_save(self):
        intermediate = self.env.ref(
            "lead_allocation.crm_salesperson_level_intermediate"
        )
        with Form(self.env["res.config.settings"].with_user(self.admin)) as form:
            form.lead_class_a_level_ids.add(intermediate)
            form.lead_class_d_level_ids.add(intermediate)
        form.record.execute()
        self.assertEqual(
            self._matrix_text(),
            "A:senior,intermediate;B:senior,intermediate;C:intermediate,junior;"
            "D:intermediate,junior",
        )

    def test_eligibility_matrix_needs_a_level_per_class(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["res.config.settings"].with_user(self.admin).create(
                {"lead_class_b_level_ids": [Command.clear()]}
            )
        self.assertIn("Class B Levels", str(caught.exception))
        self.env.invalidate_all()
        self.assertIn("B:senior,intermediate", self._matrix_text())

    def _matrix_text(self):
        self.env.invalidate_all()
        return classing.format_eligibility(self.env.company._lead_eligibility_matrix())

    def test_level_in_the_matrix_cannot_be_renamed_or_deleted(self):
        senior = self.env.ref("lead_allocation.crm_salesperson_level_senior")
        with self.assertRaises(UserError):
            senior.code = "principal"
        with self.assertRaises(UserError):
            senior.unlink()
        principal = self.env["crm.salesperson.level"].create(
            {"name": "Principal", "code": " Principal "}
        )
        self.assertEqual(principal.code, "principal")
        principal.code = "lead"
        principal.unlink()

    def test_allocation_cron_interval(self):
        cron = self.env.ref("lead_allocation.ir_cron_allocate_leads")
        with Form(self.env["res.config.settings"].with_user(self.admin)) as form:
            self.assertEqual(form.lead_allocation_interval_number, 1)
            self.assertEqual(form.lead_allocation_interval_type, "hours")
            form.lead_allocation_interval_number = 30
            form.lead_allocation_interval_type = "minutes"
            form.lead_allocate_on_create = True
        form.record.execute()
        self.assertEqual((cron.interval_number, cron.interval_type), (30, "minutes"))
        self.assertTrue(self.env.company.lead_allocate_on_create)
        with self.assertRaises(ValidationError) as caught:
            self.env["res.config.settings"].with_user(self.admin).create(
                {"lead_allocation_interval_number": 0}
            )
        self.assertIn("Allocate Every", str(caught.exception))
