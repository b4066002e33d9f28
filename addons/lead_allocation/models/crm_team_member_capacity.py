from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..services import classing

LEAD_CLASSES = [(lead_class, lead_class) for lead_class in classing.CLASSES]


class CrmTeamMemberCapacity(models.Model):
    """How many leads of one class a team member may receive over 30 days,
    as a row of the member rather than one column per class, so a class
    without a limit simply has no row."""

    _name = "crm.team.member.capacity"
    _description = "Team Member Capacity per Lead Class"
    _order = "member_id, lead_class"
    _check_company_auto = True

    member_id = fields.Many2one(
        "crm.team.member",
        string="Team Member",
        required=True,
        index=True,
        ondelete="cascade",
    )
    lead_class = fields.Selection(LEAD_CLASSES, required=True)
    capacity = fields.Integer(
        string="Max Leads",
        help="Leads of this class the member may receive over 30 days; 0 for no "
        "limit but the overall one.",
    )
    company_id = fields.Many2one(
        "res.company",
        related="member_id.crm_team_id.company_id",
        store=True,
        index=True,
    )

    _sql_constraints = [
        (
            "member_class_unique",
            "UNIQUE(member_id, lead_class)",
            "Lead Class: a team member has one capacity per lead class.",
        )
    ]

    @api.constrains("capacity", "lead_class", "member_id")
    def _check_capacity(self):
        for row in self:
            if row.capacity < 0:
                raise ValidationError(
                    self.env._(
                        "Max Leads: enter 0 (no limit) or a positive number of "
                        "class %(lead_class)s leads for %(user)s (it is "
                        "%(capacity)s).",
                        lead_class=row.lead_class,
                        user=row.member_id.user_id.name,
                        capacity=row.capacity,
                    )
                )
