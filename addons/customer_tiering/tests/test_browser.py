from odoo import Command
from odoo.tests import tagged

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

    def test_salesperson_walks_every_menu(self):
        self._walk_menus(
            self.salesperson, ROOTS, ["res.partner", "customer.key.person"]
        )

    def test_manager_walks_every_menu(self):
        self._walk_menus(
            self.manager,
            ROOTS,
            ["res.partner", "customer.key.person", "customer.tier.service.standard"],
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
