from odoo import api, fields, models

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
    _check_company_auto = True

    lead_id = fields.Many2one(
        "crm.lead", index=True, ondelete="cascade", check_company=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Former Owner", required=True, index=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    reason = fields.Selection(RELEASE_REASONS, required=True)
    detail = fields.Char()
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        index=True,
        help="The released record's company; empty for a customer shared by all "
        "companies.",
    )

    @api.depends("lead_id.company_id", "partner_id.company_id")
    def _compute_company_id(self):
        for release in self:
            release.company_id = (release.lead_id or release.partner_id).company_id
