from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from odoo.addons.customer_tiering.tests.common import SettingsCase


@tagged("post_install", "-at_install")
class TestSalesDisciplineSettings(SettingsCase):
    login_prefix = "sd"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = cls._settings_user(
            "officer", "sales_discipline.group_discipline_officer"
        )

    def test_group_definitions(self):
        self.assertTrue(
            self.officer.has_group("sales_team.group_sale_salesman_all_leads")
        )
        self.assertFalse(
            self.manager.has_group("sales_discipline.group_discipline_officer")
        )
        self.assertFalse(
            self.salesperson.has_group("sales_discipline.group_discipline_officer")
        )
        self.assertTrue(
            self.env.ref("base.user_admin").has_group(
                "sales_discipline.group_discipline_officer"
            )
        )

    def test_settings_save_and_reload(self):
        with Form(self.env["res.config.settings"].with_user(self.admin)) as form:
            self.assertEqual(form.first_contact_sla_minutes, 10)
            form.first_contact_sla_minutes = 15
        form.record.execute()
        reloaded = Form(self.env["res.config.settings"].with_user(self.admin))
        self.assertEqual(reloaded.first_contact_sla_minutes, 15)

    def test_settings_refuse_non_positive_sla(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["res.config.settings"].create(
                {"first_contact_sla_minutes": -5}
            ).execute()
        self.assertIn("First Contact Within", str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(self.env.company.first_contact_sla_minutes, 10)
