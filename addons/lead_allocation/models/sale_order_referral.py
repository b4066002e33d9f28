# The sales credit owns sale_order.py; the referral reward hooks into it here.
# pylint: disable=consider-merging-classes-inherited
from odoo import models


class SaleOrder(models.Model):
    """A confirmed order of a referred customer rewards its referrer, once
    its sales credit is frozen: the credit says which team and salesperson
    the business counts for."""

    _inherit = "sale.order"

    def _freeze_sales_credit(self):
        result = super()._freeze_sales_credit()
        self.env["crm.referral.reward.line"].sudo()._create_for_orders(self)
        return result

    def _action_cancel(self):
        """A cancelled order no longer rewards a referral, unless the reward
        of its month was proposed already (the proposal is the record)."""
        result = super()._action_cancel()
        self.env["crm.referral.reward.line"].sudo().search(
            [("order_id", "in", self.ids), ("reward_id", "=", False)]
        ).unlink()
        return result
