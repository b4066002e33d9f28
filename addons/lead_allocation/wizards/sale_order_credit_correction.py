from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.sale_order import CREDIT_BASES

MANAGER_GROUP = "sales_team.group_sale_manager"


class SaleOrderCreditCorrection(models.TransientModel):
    """A sales manager corrects the credit of a confirmed order, with a
    reason: the reason goes to the order's chatter and the tracking of its
    credit fields shows the old and the new values."""

    _name = "sale.order.credit.correction"
    _description = "Correct Sales Credit"
    _check_company_auto = True

    order_id = fields.Many2one(
        "sale.order",
        required=True,
        ondelete="cascade",
        check_company=True,
        default=lambda self: self._default_order_id(),
    )
    company_id = fields.Many2one(related="order_id.company_id")
    credit_user_id = fields.Many2one(
        "res.users",
        string="Credited Salesperson",
        domain="[('share', '=', False)]",
        help="Leave empty to credit the team only (department).",
    )
    credit_team_id = fields.Many2one(
        "crm.team", string="Credited Team", check_company=True
    )
    credit_basis = fields.Selection(CREDIT_BASES, required=True)
    reason = fields.Text(required=True)

    @api.model
    def _default_order_id(self):
        if self.env.context.get("active_model") != "sale.order":
            return False
        return (self.env.context.get("active_ids") or [False])[0]

    @api.onchange("order_id")
    def _onchange_order_id(self):
        order = self.order_id
        self.credit_user_id = order.credit_user_id
        self.credit_team_id = order.credit_team_id
        self.credit_basis = order.credit_basis

    @api.model_create_multi
    def create(self, vals_list):
        """Unset credit values start from the order's current credit."""
        orders = self.env["sale.order"].browse(
            [vals["order_id"] for vals in vals_list if vals.get("order_id")]
        )
        current = {order.id: order for order in orders}
        for vals in vals_list:
            order = current.get(vals.get("order_id"))
            if not order:
                continue
            vals.setdefault("credit_user_id", order.credit_user_id.id)
            vals.setdefault("credit_team_id", order.credit_team_id.id)
            vals.setdefault("credit_basis", order.credit_basis)
        return super().create(vals_list)

    def action_apply(self):
        """Checks the real user's group (no context key grants it), then
        writes the credit as the superuser: the order's credit fields are
        refused to everybody else, managers included."""
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only a sales manager can correct the sales credit.")
            )
        order = self.order_id
        order.check_access("write")
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Reason: say why the credit is corrected."))
        if order.state != "sale":
            raise UserError(
                self.env._(
                    "Order: %(order)s is not a confirmed sale; its credit is "
                    "decided when it is confirmed.",
                    order=order.display_name,
                )
            )
        if self.credit_basis == "department" and self.credit_user_id:
            raise UserError(
                self.env._(
                    "Credited Salesperson: a department credit goes to the team "
                    "only; empty the salesperson or choose another basis."
                )
            )
        if self.credit_basis != "department" and not self.credit_user_id:
            raise UserError(
                self.env._(
                    "Credited Salesperson: choose who is credited, or choose "
                    "the Department basis to credit the team only."
                )
            )
        order.sudo().write(
            {
                "credit_user_id": self.credit_user_id.id,
                "credit_team_id": self.credit_team_id.id,
                "credit_basis": self.credit_basis,
                "credit_date": order.credit_date or fields.Datetime.now(),
            }
        )
        order.message_post(
            body=Markup("%s<br/>%s")
            % (self.env._("Sales credit corrected:"), escape(reason)),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}
