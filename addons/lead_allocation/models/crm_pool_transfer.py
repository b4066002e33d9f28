from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.customer_tiering.tools.guard import check_guarded_write

from .crm_pool_claim import MANAGER_GROUP, record_company


class CrmPoolTransfer(models.Model):
    """Handing a lead or a customer from one salesperson to another, which
    only the sales manager may decide."""

    _name = "crm.pool.transfer"
    _description = "Ownership Transfer"
    _inherit = ["sales.policy.approval.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True
    _approval_requester_fields = ("to_user_id", "reason")
    _approval_cancelled_state = None

    name = fields.Char(compute="_compute_name", store=True)
    lead_id = fields.Many2one(
        "crm.lead",
        index=True,
        ondelete="cascade",
        tracking=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        ondelete="cascade",
        tracking=True,
        check_company=True,
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
    decision_note = fields.Text(
        copy=False, help="Why the transfer was rejected; required to reject it."
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
        help="The transferred record's company.",
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

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._prepare_transfer_vals(vals) for vals in vals_list]
        return super().create(vals_list)

    @api.model
    def _prepare_transfer_vals(self, vals):
        """The owner and the company are the record's, read on the server; a
        salesperson asks to hand over his own records only."""
        vals = dict(vals)
        record = self.env["crm.lead"].browse(vals.get("lead_id")) or self.env[
            "res.partner"
        ].browse(vals.get("partner_id"))
        owner = record.sudo().user_id
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            if owner != self.env.user:
                raise AccessError(
                    self.env._(
                        "From: you can only ask to hand over your own leads and "
                        "customers; %(record)s is not yours.",
                        record=record.sudo().display_name,
                    )
                )
        vals["from_user_id"] = owner.id
        vals["company_id"] = record_company(record, self.env).id
        return vals

    def write(self, vals):
        check_guarded_write(self, vals, ("company_id", "from_user_id"), group=None)
        return super().write(vals)

    @api.onchange("lead_id", "partner_id")
    def _onchange_record(self):
        record = self.lead_id or self.partner_id
        if record:
            self.from_user_id = record.user_id

    def _approval_error(self, kind):
        if kind == "decider":
            return self.env._("Only a sales manager can approve a transfer.")
        return super()._approval_error(kind)

    def _approval_lock_targets(self):
        """Row lock on the transferred record, whose owner must still be the
        one the transfer hands it over from."""
        record = self.lead_id or self.partner_id
        owner_id = self._approval_lock_row(
            record, column="user_id", mode="NO KEY UPDATE"
        )
        if owner_id != self.from_user_id.id:
            raise UserError(
                self.env._(
                    "%(record)s no longer belongs to %(user)s; reject this "
                    "transfer and file a new one.",
                    record=record.display_name,
                    user=self.from_user_id.name,
                )
            )

    def _approval_apply(self):
        record = self.lead_id or self.partner_id
        self.env["crm.pool.engine"].sudo()._unsubscribe_former_owners(record)
        record.sudo().write({"user_id": self.to_user_id.id})
        record._referral_record()

    def _approval_after(self):
        """The former owner's release: the cool-down and the history."""
        self.env["crm.pool.release"].sudo().create(
            {
                "lead_id": self.lead_id.id,
                "partner_id": self.partner_id.id,
                "user_id": self.from_user_id.id,
                "reason": "transfer",
                "detail": self.reason,
            }
        )

    def action_approve(self):
        return self._approval_approve()

    def action_reject(self):
        return self._approval_reject()
