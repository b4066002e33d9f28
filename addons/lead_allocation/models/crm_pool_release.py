from odoo import api, fields, models

RELEASE_REASONS = [
    ("no_action", "No sales action"),
    ("cycle_expired", "Not won within the cycle"),
    ("no_order", "No confirmed order"),
    ("transfer", "Transferred"),
    ("manager", "Released by a manager"),
    ("relationship_terminated", "Relationship terminated"),
    ("departure", "Salesperson left"),
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
        readonly=True,
        index=True,
        help="The released record's company when it was released; empty for a "
        "customer shared by all companies.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        """The company is the released record's, derived here whatever the
        values say. It is history, set once: a stored compute on the lead's
        company would search the releases of every lead Odoo's assignment
        writes, one lead at a time."""
        leads = (
            self.env["crm.lead"]
            .sudo()
            .browse([vals["lead_id"] for vals in vals_list if vals.get("lead_id")])
        )
        partners = (
            self.env["res.partner"]
            .sudo()
            .browse(
                [vals["partner_id"] for vals in vals_list if vals.get("partner_id")]
            )
        )
        companies = {("lead", lead.id): lead.company_id.id for lead in leads}
        companies.update(
            {("partner", partner.id): partner.company_id.id for partner in partners}
        )
        for vals in vals_list:
            key = (
                ("lead", vals["lead_id"])
                if vals.get("lead_id")
                else ("partner", vals.get("partner_id"))
            )
            vals["company_id"] = companies.get(key, False)
        return super().create(vals_list)
