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
