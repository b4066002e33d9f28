from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _credit_private_swaps(self):
        """A draft "private swap" violation of each order's salesperson, for
        the discipline officer to confirm or drop. One per order: the origin
        names the order, so re-confirming it or re-running the crediting
        never records the swap twice, even if the first one was cancelled."""
        res = super()._credit_private_swaps()
        violation_type = self.env.ref(
            "sales_discipline.violation_type_private_swap", raise_if_not_found=False
        )
        if not self or not violation_type or not violation_type.active:
            return res
        Violation = self.env["sales.violation"].sudo().with_context(active_test=False)
        origins = {order.id: f"private_swap:sale.order:{order.id}" for order in self}
        known = set(
            Violation.search([("origin", "in", list(origins.values()))]).mapped(
                "origin"
            )
        )
        vals_list = [
            order._prepare_private_swap_violation_vals(
                violation_type, origins[order.id]
            )
            for order in self.sudo()
            if order.user_id and origins[order.id] not in known
        ]
        if vals_list:
            # the order's chatter tells the story: no creation message per
            # violation nor follower, as for the other automatic violations
            Violation.with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
            ).create(vals_list)
        return res

    def _prepare_private_swap_violation_vals(self, violation_type, origin):
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        owner = customer.user_id or self.opportunity_id.user_id
        return {
            "user_id": self.user_id.id,
            "type_id": violation_type.id,
            "partner_id": customer.id,
            "lead_id": self.opportunity_id.id,
            "company_id": self.company_id.id,
            "date": fields.Date.context_today(self, self.date_order),
            "origin": origin,
            "description": self.env._(
                "%(seller)s sold %(order)s to %(customer)s, owned by %(owner)s, "
                "without an approved transfer or claim: the sale is credited to "
                "the team.",
                seller=self.user_id.name,
                order=self.name,
                customer=customer.display_name,
                owner=owner.name or "",
            ),
        }
