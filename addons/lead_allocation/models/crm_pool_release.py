from odoo import fields, models

RELEASE_REASONS = [
    ("no_action", "No sales action"),
    ("cycle_expired", "Not won within the cycle"),
    ("no_order", "No confirmed order"),
    ("transfer", "Transferred"),
    ("manager", "Released by a manager"),
]


class CrmPoolRelease(models.Model):
    """A record leaving its owner: the history of recycling, and what the
    claim cool-down counts from."""

    _name = "crm.pool.release"
    _description = "Pool Release"
    _order = "date desc, id desc"
    _rec_name = "user_id"

    lead_id = fields.Many2one("crm.lead", index=True, ondelete="cascade")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", index=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users", string="Former Owner", required=True, index=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    reason = fields.Selection(RELEASE_REASONS, required=True)
    detail = fields.Char()
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
