from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmTeamMember(models.Model):
    _inherit = "crm.team.member"

    level_id = fields.Many2one(
        "crm.salesperson.level",
        ondelete="restrict",
        index=True,
        tracking=True,
        help="Decides which lead classes the member may receive in this team.",
    )
    allocation_weight = fields.Float(
        default=1.0,
        tracking=True,
        help="Share of the fair allocation: a member of weight 2 receives "
        "twice as many leads as a member of weight 1.",
    )
    allocation_opt_out = fields.Boolean(
        string="Out of Allocation",
        tracking=True,
        help="The member keeps its leads but receives no new one from the fair "
        "allocation (e.g. on leave).",
    )

    @api.constrains("allocation_weight")
    def _check_allocation_weight(self):
        for member in self:
            if member.allocation_weight <= 0:
                raise ValidationError(
                    self.env._(
                        "Allocation Weight: enter a number greater than 0 for "
                        "%(user)s (1 for a normal share, 2 for twice as many "
                        "leads).",
                        user=member.user_id.name,
                    )
                )
