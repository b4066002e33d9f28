"""A private swap found at confirmation is a draft violation, once per order."""

from odoo.tests import tagged

from odoo.addons.lead_allocation.tests.test_sales_credit import CreditCase


@tagged("post_install", "-at_install")
class TestPrivateSwap(CreditCase):
    def _violations(self, orders):
        return self.env["sales.violation"].search(
            [("origin", "in", [f"private_swap:sale.order:{o.id}" for o in orders])]
        )

    def test_swap_records_one_draft_violation(self):
        customer = self._customer(self.owner)
        swap = self._quotation(customer, self.seller)
        own = self._quotation(customer, self.owner)
        (swap | own).action_confirm()
        violation = self._violations(swap | own)
        self.assertEqual(len(violation), 1)
        self.assertEqual(violation.state, "draft")
        self.assertEqual(violation.user_id, self.seller)
        self.assertEqual(violation.partner_id, customer)
        self.assertEqual(
            violation.type_id,
            self.env.ref("sales_discipline.violation_type_private_swap"),
        )
        self.assertIn(self.owner.name, violation.description)

    def test_reconfirmation_does_not_duplicate(self):
        order = self._quotation(self._customer(self.owner), self.seller)
        order.action_confirm()
        order._action_cancel()
        order.action_draft()
        order.action_confirm()
        self.assertEqual(order.credit_basis, "department")
        self.assertEqual(len(self._violations(order)), 1)

    def test_salesperson_confirming_a_swap_gets_the_violation(self):
        """The salesperson may not create violations; the confirmation records
        it for him all the same."""
        order = self._quotation(self._customer(self.owner), self.seller)
        order.with_user(self.seller).action_confirm()
        self.assertEqual(len(self._violations(order)), 1)

    def test_no_violation_for_transfer_or_first_registrant(self):
        customer = self._customer(self.owner)
        self._transfer(customer, self.seller)
        order = self._quotation(customer, self.seller)
        order.action_confirm()
        self.assertEqual(order.credit_basis, "transfer")
        self.assertFalse(self._violations(order))
