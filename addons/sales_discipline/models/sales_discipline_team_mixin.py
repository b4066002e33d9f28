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
