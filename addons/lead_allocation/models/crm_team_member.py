from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


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

    capacity_ids = fields.One2many(
        "crm.team.member.capacity",
        "member_id",
        string="Capacity per Class",
        help="Leads of a class the member may receive over 30 days; a class "
        "without a row, or with 0, has no limit but the overall one.",
    )

    def _class_capacities(self):
        """``{class: capacity}`` of the classes this member has a limit for;
        read for every member of the recordset at once by the prefetch."""
        self.ensure_one()
        return {
            row.lead_class: row.capacity
            for row in self.sudo().capacity_ids
            if row.capacity > 0
        }

    def _get_class_lead_from_date(self, date_from):
        """``{(user id, team id, class): leads}`` received since ``date_from``,
        in one grouped query, as Odoo's ``_get_lead_from_date`` per class."""
        return {
            (user.id, team.id, lead_class): count
            for user, team, lead_class, count in self.env["crm.lead"]
            .with_context(active_test=False)
            ._read_group(
                [
                    ("date_open", ">=", date_from),
                    ("team_id", "in", self.crm_team_id.ids),
                    ("user_id", "in", self.user_id.ids),
                ],
                ["user_id", "team_id", "allocation_class"],
                ["__count"],
            )
        }

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

    def _owns_open_leads(self):
        """Whether the member still owns open leads of the team, by the
        suite's definition of an open lead (a customer has no team)."""
        self.ensure_one()
        self.env["crm.lead"].flush_model(
            ["user_id", "team_id", "active", "probability", "stage_id"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT EXISTS (
                    SELECT 1 FROM crm_lead l
                    WHERE l.user_id = %(user)s AND l.team_id = %(team)s AND %(open)s
                )
                """,
                user=self.user_id.id,
                team=self.crm_team_id.id,
                open=self.env["sales.policy.facts"]._open_lead_sql("l"),
            )
        )
        return self.env.cr.fetchone()[0]

    def action_archive(self):
        """For a sales manager archiving one member who still owns open leads
        of the team, the handover opens first. Odoo's own flows (a move
        between teams, its tests) remove memberships freely: a membership is
        not ownership, and the records' owner is guarded on the user."""
        if (
            len(self) == 1
            and self.env.user.has_group("sales_team.group_sale_manager")
            and self._owns_open_leads()
        ):
            return self.user_id.action_open_handover()
        return super().action_archive()
