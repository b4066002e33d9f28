from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .crm_pool_claim import OWNER_CONTEXT, check_requester_write


class CrmPoolTransfer(models.Model):
    """Handing a lead or a customer from one salesperson to another, which
    only the sales manager may decide."""

    _name = "crm.pool.transfer"
    _description = "Ownership Transfer"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    lead_id = fields.Many2one("crm.lead", index=True, ondelete="cascade", tracking=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", index=True, ondelete="cascade", tracking=True
    )
    from_user_id = fields.Many2one(
        "res.users", string="From", required=True, index=True, tracking=True
    )
    to_user_id = fields.Many2one(
        "res.users",
        string="To",
        required=True,
        index=True,
        domain=[("share", "=", False)],
        tracking=True,
    )
    reason = fields.Text(required=True)
    state = fields.Selection(
        [
            ("requested", "Requested"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        default="requested",
        required=True,
        tracking=True,
    )
    decided_by_id = fields.Many2one("res.users", readonly=True)
    decided_on = fields.Datetime(readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.depends("lead_id", "partner_id", "from_user_id", "to_user_id")
    def _compute_name(self):
        for transfer in self:
            record = transfer.lead_id or transfer.partner_id
            transfer.name = self.env._(
                "%(record)s: %(origin)s to %(target)s",
                record=record.display_name or "",
                origin=transfer.from_user_id.name or "",
                target=transfer.to_user_id.name or "",
            )

    @api.constrains("lead_id", "partner_id", "from_user_id", "to_user_id")
    def _check_transfer(self):
        for transfer in self:
            if bool(transfer.lead_id) == bool(transfer.partner_id):
                raise ValidationError(
                    self.env._(
                        "Lead / Customer: a transfer is for one lead or one customer."
                    )
                )
            if transfer.from_user_id == transfer.to_user_id:
                raise ValidationError(
                    self.env._("To: choose another salesperson than the current owner.")
                )

    def write(self, vals):
        check_requester_write(self, vals, ["to_user_id", "reason"])
        return super().write(vals)

    @api.onchange("lead_id", "partner_id")
    def _onchange_record(self):
        record = self.lead_id or self.partner_id
        if record:
            self.from_user_id = record.user_id

    def action_approve(self):
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise UserError(self.env._("Only a sales manager can approve a transfer."))
        for transfer in self:
            record = transfer.lead_id or transfer.partner_id
            if transfer.state != "requested":
                raise UserError(
                    self.env._("Only a requested transfer can be approved.")
                )
            if record.user_id != transfer.from_user_id:
                raise UserError(
                    self.env._(
                        "%(record)s no longer belongs to %(user)s; reject this "
                        "transfer and file a new one.",
                        record=record.display_name,
                        user=transfer.from_user_id.name,
                    )
                )
            record.sudo().with_context(**{OWNER_CONTEXT: True}).write(
                {"user_id": transfer.to_user_id.id}
            )
            self.env["crm.pool.release"].sudo().create(
                {
                    "lead_id": transfer.lead_id.id,
                    "partner_id": transfer.partner_id.id,
                    "user_id": transfer.from_user_id.id,
                    "reason": "transfer",
                    "detail": transfer.reason,
                }
            )
            transfer.write(
                {
                    "state": "approved",
                    "decided_by_id": self.env.user.id,
                    "decided_on": fields.Datetime.now(),
                }
            )
        return True

    def action_reject(self):
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise UserError(self.env._("Only a sales manager can reject a transfer."))
        self.write(
            {
                "state": "rejected",
                "decided_by_id": self.env.user.id,
                "decided_on": fields.Datetime.now(),
            }
        )
        return True
