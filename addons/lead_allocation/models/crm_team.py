from odoo import fields, models
from odoo.exceptions import UserError


class CrmTeam(models.Model):
    _inherit = "crm.team"

    use_fair_allocation = fields.Boolean(
        string="Fair Allocation",
        tracking=True,
        help="Leads of this team are handed out by the lead classes and "
        "salesperson levels of Lead Allocation; Odoo's rule-based assignment "
        "skips the team.",
    )

    def _action_assign_leads(self, force_quota=False, creation_delta_days=7):
        """Odoo's rule-based assignment neither sends leads to, nor assigns
        leads within, a team that uses the fair allocation."""
        native = self.filtered(lambda team: not team.use_fair_allocation)
        return super(CrmTeam, native)._action_assign_leads(
            force_quota=force_quota, creation_delta_days=creation_delta_days
        )

    def _check_allocation_manager(self):
        if not (
            self.env.is_superuser()
            or self.env.user.has_group("sales_team.group_sale_manager")
        ):
            raise UserError(
                self.env._(
                    "Allocate Now: only sales managers may run the lead "
                    "allocation; ask your sales manager."
                )
            )

    def action_allocate_now(self):
        """Allocates the pending leads of these teams at once."""
        self._check_allocation_manager()
        engine = self.env["crm.lead.allocation.engine"]
        fair = self.filtered("use_fair_allocation")
        if not fair:
            raise UserError(
                self.env._(
                    "Fair Allocation: the team does not use it; tick Fair "
                    "Allocation on the team first."
                )
            )
        leads = (
            self.env["crm.lead"]
            .sudo()
            .search(engine._pending_domain() + [("team_id", "in", fair.ids)])
        )
        return engine._notify(engine._allocate(leads))
