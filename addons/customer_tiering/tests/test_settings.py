from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import SettingsCase


@tagged("post_install", "-at_install")
class TestCustomerTieringSettings(SettingsCase):
    login_prefix = "ct"

    def test_settings_save_and_reload(self):
        with Form(self.env["res.config.settings"].with_user(self.admin)) as form:
            form.tier_lookback_days = 180
        form.record.execute()
        self.assertEqual(self.admin.company_id.tier_lookback_days, 180)
        reloaded = Form(self.env["res.config.settings"].with_user(self.admin))
        self.assertEqual(reloaded.tier_lookback_days, 180)

    def test_settings_refuse_non_positive_window(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["res.config.settings"].create({"tier_lookback_days": 0}).execute()
        self.assertIn("Tier Lookback Window", str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(self.env.company.tier_lookback_days, 365)

    def test_menus_follow_sales_roles(self):
        menu = self.env.ref("customer_tiering.tiering_menu")
        settings_menu = self.env.ref("customer_tiering.res_config_settings_menu")
        Menu = self.env["ir.ui.menu"]
        visible_for_salesperson = Menu.with_user(self.salesperson)._visible_menu_ids()
        visible_for_manager = Menu.with_user(self.admin)._visible_menu_ids()
        self.assertIn(menu.id, visible_for_salesperson)
        self.assertNotIn(settings_menu.id, visible_for_salesperson)
        self.assertIn(settings_menu.id, visible_for_manager)

    def test_salesperson_cannot_change_settings(self):
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.salesperson).create(
                {"tier_lookback_days": 30}
            ).execute()
        self.env.invalidate_all()
        self.assertEqual(self.env.company.tier_lookback_days, 365)

    def test_settings_error_is_translated(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_tiering"], ["zh_CN"])
        with self.assertRaises(ValidationError) as caught:
            self.env["res.config.settings"].with_context(lang="zh_CN").create(
                {"tier_lookback_days": -1}
            ).execute()
        self.assertIn("等级回溯期", str(caught.exception))
        self.assertIn("大于 0", str(caught.exception))
