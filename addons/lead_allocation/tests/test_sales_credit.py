"""Sales credit frozen at confirmation: each basis from the history of owners,
the amount in the company's currency, re-confirmation, and the manager's
correction."""

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.customer_tiering.tests.common import CompanyCase

from .common import approved_transfer

SALESMAN = "sales_team.group_sale_salesman"
MANAGER = "sales_team.group_sale_manager"


class CreditCase(CompanyCase):
    company_name = "Credit Test Co"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner = cls._user("credit_owner", SALESMAN)
        cls.seller = cls._user("credit_seller", SALESMAN)
        cls.manager = cls._user("credit_manager", MANAGER)
        cls.team = cls.env["crm.team"].create(
            {"name": "Credit Team", "company_id": cls.company.id}
        )
        cls.other_team = cls.env["crm.team"].create(
            {"name": "Owner's Team", "company_id": cls.company.id}
        )
        cls.env["crm.team.member"].create(
            [
                {"crm_team_id": cls.other_team.id, "user_id": cls.owner.id},
                {"crm_team_id": cls.team.id, "user_id": cls.seller.id},
            ]
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Credit Widget", "list_price": 100.0}
        )

    @classmethod
    def _customer(cls, owner=None, **values):
        return cls.env["res.partner"].create(
            {
                "name": "Credit Customer",
                "is_company": True,
                "company_id": cls.company.id,
                "user_id": owner.id if owner else False,
                **values,
            }
        )

    @classmethod
    def _quotation(cls, partner, user, amount=1000.0, **values):
        return cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "company_id": cls.company.id,
                "user_id": user.id if user else False,
                "team_id": cls.team.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
                **values,
            }
        )

    def _transfer(self, record, to_user):
        return approved_transfer(self.manager, record, to_user)


@tagged("post_install", "-at_install")
class TestSalesCredit(CreditCase):
    def test_owner_is_credited(self):
        order = self._quotation(self._customer(self.owner), self.owner)
        order.with_user(self.owner).action_confirm()
        self.assertEqual(order.credit_basis, "owner")
        self.assertEqual(order.credit_user_id, self.owner)
        self.assertEqual(order.credit_team_id, self.team)
        self.assertEqual(order.credit_amount, 1000.0)
        self.assertTrue(order.credit_date)

    def test_private_swap_credits_the_team(self):
        customer = self._customer(self.owner)
        order = self._quotation(customer, self.seller)
        order.action_confirm()
        self.assertEqual(order.credit_basis, "department")
        self.assertFalse(order.credit_user_id)
        self.assertEqual(order.credit_team_id, self.team)

    def test_approved_transfer_credits_the_new_owner(self):
        customer = self._customer(self.owner)
        self._transfer(customer, self.seller)
        order = self._quotation(customer, self.seller)
        order.action_confirm()
        self.assertEqual(order.credit_basis, "transfer")
        self.assertEqual(order.credit_user_id, self.seller)

    def test_transfer_of_the_opportunity(self):
        customer = self._customer(self.owner)
        lead = self.env["crm.lead"].create(
            {
                "name": "Deal",
                "type": "opportunity",
                "partner_id": customer.id,
                "company_id": self.company.id,
                "user_id": self.owner.id,
            }
        )
        self._transfer(lead, self.seller)
        order = self._quotation(customer, self.seller, opportunity_id=lead.id)
        order.action_confirm()
        self.assertEqual(order.credit_basis, "transfer")
        self.assertEqual(order.credit_user_id, self.seller)

    def test_transfer_undone_by_a_later_release(self):
        """Transferred to the seller, then back to the owner: the seller's
        transfer no longer stands."""
        customer = self._customer(self.owner)
        self._transfer(customer, self.seller)
        self._transfer(customer, self.owner)
        order = self._quotation(customer, self.seller)
        order.action_confirm()
        self.assertEqual(order.credit_basis, "department")

    def test_first_registrant_of_a_pool_customer(self):
        customer = self._customer(
            registered_by_id=self.owner.id,
            registered_date=fields.Datetime.now(),
        )
        order = self._quotation(customer, self.seller)
        order.action_confirm()
        self.assertEqual(order.credit_basis, "first_registrant")
        self.assertEqual(order.credit_user_id, self.owner)
        self.assertEqual(order.credit_team_id, self.other_team)

    def test_unregistered_pool_customer_credits_the_seller(self):
        order = self._quotation(self._customer(), self.seller)
        order.action_confirm()
        self.assertEqual(order.credit_basis, "owner")
        self.assertEqual(order.credit_user_id, self.seller)

    def test_contact_person_order_uses_the_commercial_partner(self):
        customer = self._customer(self.owner)
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": customer.id, "user_id": self.seller.id}
        )
        order = self._quotation(contact, self.seller)
        order.action_confirm()
        self.assertEqual(order.credit_basis, "department")

    def test_amount_in_company_currency(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": eur.id, "rate": 0.5, "company_id": self.company.id}
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "EUR", "currency_id": eur.id, "company_id": self.company.id}
        )
        order = self._quotation(
            self._customer(self.owner), self.owner, pricelist_id=pricelist.id
        )
        order.action_confirm()
        self.assertEqual(order.currency_id, eur)
        self.assertAlmostEqual(order.credit_amount, 2000.0)

    def test_batch_confirmation_and_no_overwrite(self):
        customer = self._customer(self.owner)
        orders = self._quotation(customer, self.owner) | self._quotation(
            customer, self.seller
        )
        orders.action_confirm()
        self.assertEqual(orders.mapped("credit_basis"), ["owner", "department"])
        # frozen: a later ownership change does not move the credit
        self._transfer(customer, self.seller)
        orders._freeze_sales_credit()
        self.assertEqual(orders.mapped("credit_basis"), ["owner", "department"])

    def test_reconfirmation_decides_again(self):
        customer = self._customer(self.owner)
        order = self._quotation(customer, self.seller)
        order.action_confirm()
        self.assertEqual(order.credit_basis, "department")
        self._transfer(customer, self.seller)
        order._action_cancel()
        self.assertEqual(order.credit_basis, "department", "kept until re-confirmed")
        order.action_draft()
        self.assertFalse(order.credit_date)
        order.action_confirm()
        self.assertEqual(order.credit_basis, "transfer")
        self.assertEqual(order.credit_user_id, self.seller)

    def test_copy_does_not_carry_the_credit(self):
        order = self._quotation(self._customer(self.owner), self.owner)
        order.action_confirm()
        copy = order.copy()
        self.assertFalse(copy.credit_basis or copy.credit_user_id or copy.credit_date)

    def test_salesperson_cannot_set_the_credit(self):
        order = self._quotation(self._customer(self.owner), self.seller)
        order.action_confirm()
        as_seller = order.with_user(self.seller)
        for vals in (
            {"credit_user_id": self.seller.id},
            {"credit_basis": "owner"},
            {"credit_team_id": self.other_team.id},
            {"credit_amount": 1.0},
            {"credit_date": False},
        ):
            with self.assertRaises(AccessError):
                as_seller.write(vals)
        self.assertEqual(order.credit_basis, "department")
        self.assertFalse(order.credit_user_id)


@tagged("post_install", "-at_install")
class TestCreditCorrection(CreditCase):
    def _confirmed(self):
        order = self._quotation(self._customer(self.owner), self.seller)
        order.action_confirm()
        return order

    def _wizard(self, order, user, **values):
        return (
            self.env["sale.order.credit.correction"]
            .with_user(user)
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"order_id": order.id, **values})
        )

    def test_manager_corrects_with_a_reason(self):
        order = self._confirmed()
        wizard = self._wizard(
            order,
            self.manager,
            credit_user_id=self.seller.id,
            credit_team_id=self.team.id,
            credit_basis="transfer",
            reason="The owner handed it over at the fair; transfer forgotten.",
        )
        wizard.action_apply()
        self.assertEqual(order.credit_basis, "transfer")
        self.assertEqual(order.credit_user_id, self.seller)
        self.assertIn("transfer forgotten", order.message_ids[:3].mapped("body")[0])

    def test_wizard_defaults_to_the_order_credit(self):
        order = self._confirmed()
        wizard = self._wizard(order, self.manager, reason="x")
        self.assertEqual(wizard.credit_basis, "department")
        self.assertEqual(wizard.credit_team_id, self.team)

    def test_reason_required(self):
        order = self._confirmed()
        wizard = self._wizard(order, self.manager, credit_basis="owner", reason=" ")
        with self.assertRaises(UserError):
            wizard.action_apply()
        self.assertEqual(order.credit_basis, "department")

    def test_quotation_cannot_be_corrected(self):
        order = self._quotation(self._customer(self.owner), self.owner)
        wizard = self._wizard(order, self.manager, credit_basis="owner", reason="r")
        with self.assertRaises(UserError):
            wizard.action_apply()
        self.assertFalse(order.credit_basis)

    def test_manager_cannot_write_directly(self):
        """Even a manager goes through the correction and its reason."""
        order = self._confirmed()
        with self.assertRaises(AccessError):
            order.with_user(self.manager).write({"credit_basis": "owner"})

    def test_correction_is_tracked(self):
        order = self._confirmed()
        # the set-up's changes (made without tracking) are committed first
        self.env.cr.precommit.run()
        order = order.with_context(tracking_disable=False)
        self._wizard(
            order,
            self.manager,
            credit_user_id=self.owner.id,
            credit_basis="owner",
            reason="Owner did the work.",
        ).with_context(tracking_disable=False).action_apply()
        self.env.cr.precommit.run()
        values = order.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "credit_basis"
        )
        self.assertEqual(values[:1].old_value_char, "Department")
        self.assertEqual(values[:1].new_value_char, "Owner")


@tagged("post_install", "-at_install")
class TestCreditReport(CreditCase):
    def test_sales_analysis_groups_by_credit(self):
        customer = self._customer(self.owner)
        orders = (
            self._quotation(customer, self.owner, 100.0)
            | self._quotation(customer, self.seller, 30.0)
            | self._quotation(customer, self.owner, 20.0)
        )
        orders.action_confirm()
        self.env.flush_all()
        groups = self.env["sale.report"].read_group(
            [("order_reference", "in", [f"sale.order,{o.id}" for o in orders])],
            ["price_subtotal:sum"],
            ["credit_basis", "credit_user_id"],
            lazy=False,
        )
        totals = {
            (
                group["credit_basis"],
                group["credit_user_id"] and group["credit_user_id"][0],
            ): group["price_subtotal"]
            for group in groups
        }
        self.assertEqual(
            totals, {("owner", self.owner.id): 120.0, ("department", False): 30.0}
        )
