from odoo import api, fields, models


class SalesDisciplineTeamMixin(models.AbstractModel):
    """A salesperson's record, with his sales team kept on it so that team
    leaders see their team's records and reports total per team."""

    _name = "sales.discipline.team.mixin"
    _description = "Salesperson's Sales Team"

    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        domain=[("share", "=", False)],
        tracking=True,
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        index=True,
    )

    @api.depends(
        lambda self: (
            ["user_id"] + (["company_id"] if "company_id" in self._fields else [])
        )
    )
    def _compute_team_id(self):
        """The salesperson's team, unless it belongs to another company: a
        salesperson of two companies has one team, and his record in the
        other company is no business of its leader."""
        for record in self:
            team = record.user_id.sale_team_id
            company = record["company_id"] if "company_id" in record._fields else False
            if company and team.company_id and team.company_id != company:
                team = team.browse()
            record.team_id = team

    @api.model
    def _company_of(self, vals, *sources):
        """The company of a new record, derived on the server, never taken
        from the client: the first of ``sources`` (e.g. the lead, the
        customer) that has one, else the user's current company if the
        salesperson works there, else the first of the user's open
        companies he works for (checked later by ``_check_company``)."""
        for source in sources:
            if source.company_id:
                return source.company_id.id
        user = self.env["res.users"].sudo().browse(vals.get("user_id") or self.env.uid)
        if self.env.company in user.company_ids:
            return self.env.company.id
        return ((self.env.companies & user.company_ids)[:1] or self.env.company).id
