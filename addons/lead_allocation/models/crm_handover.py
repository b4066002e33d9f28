from odoo import api, fields, models

HANDOVER_REASONS = [
    ("departure", "Departure"),
    ("change_of_post", "Change of post"),
]


class CrmHandover(models.Model):
    """The report of a salesperson's handover: what of his book went where.

    Written once by the handover wizard, as the superuser after it checked
    the sales manager; nobody creates or changes it by hand (the access
    rights give read only), so it stays the evidence of the handover."""

    _name = "crm.handover"
    _description = "Salesperson Handover"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _mail_post_access = "read"

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        readonly=True,
        index=True,
        help="The salesperson who left or changed post.",
    )
    manager_id = fields.Many2one(
        "res.users", string="Handed Over By", required=True, readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    date = fields.Datetime(required=True, readonly=True, index=True)
    reason = fields.Selection(HANDOVER_REASONS, required=True, readonly=True)
    state = fields.Selection([("done", "Done")], default="done", readonly=True)
    user_archived = fields.Boolean(
        string="Salesperson Archived",
        readonly=True,
        help="The salesperson was archived at the end of the handover.",
    )
    line_ids = fields.One2many(
        "crm.handover.line", "handover_id", string="Moved Records", readonly=True
    )
    line_count = fields.Integer(compute="_compute_counts", string="Records")
    pool_count = fields.Integer(compute="_compute_counts", string="To the Pool")
    colleague_count = fields.Integer(compute="_compute_counts", string="To Colleagues")
    summary = fields.Text(
        readonly=True,
        help="What else was cancelled or is left to look at: open activities "
        "on other records, requests, visit plans.",
    )

    @api.depends("user_id", "date")
    def _compute_name(self):
        for handover in self:
            handover.name = self.env._(
                "Handover of %(user)s", user=handover.user_id.name or ""
            )

    @api.depends("line_ids.to_user_id")
    def _compute_counts(self):
        for handover in self:
            lines = handover.line_ids
            handover.line_count = len(lines)
            handover.pool_count = len(lines.filtered(lambda line: not line.to_user_id))
            handover.colleague_count = len(lines.filtered("to_user_id"))
