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

    @api.depends("user_id")
    def _compute_team_id(self):
        for record in self:
            record.team_id = record.user_id.sale_team_id
