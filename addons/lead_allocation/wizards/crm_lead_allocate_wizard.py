from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmLeadAllocateWizard(models.TransientModel):
    """A sales manager hands leads to a salesperson directly, with a reason;
    the level rule does not apply, a suspension does."""

    _name = "crm.lead.allocate.wizard"
    _description = "Allocate Leads Directly"

    lead_ids = fields.Many2many(
        "crm.lead",
        string="Leads",
        required=True,
        default=lambda self: self._default_lead_ids(),
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        domain="[('share', '=', False)]",
    )
    reason = fields.Text(required=True)

    @api.model
    def _default_lead_ids(self):
        if self.env.context.get("active_model") != "crm.lead":
            return False
        return [fields.Command.set(self.env.context.get("active_ids") or [])]

    def action_allocate(self):
        self.ensure_one()
        self.env["crm.team"]._check_allocation_manager()
        now = fields.Datetime.now().replace(microsecond=0)
        suspension = (
            self.env["crm.allocation.suspension"]
            ._in_force(self.user_id.ids, now)
            .filtered(lambda suspension: suspension.kind == "period")[:1]
        )
        if suspension:
            until = (
                fields.Datetime.to_string(
                    fields.Datetime.context_timestamp(self, suspension.date_to)
                )
                if suspension.date_to
                else self.env._("it is lifted")
            )
            raise UserError(
                self.env._(
                    "Salesperson: %(user)s is suspended from allocation until "
                    "%(until)s; choose someone else or lift the suspension "
                    "first.",
                    user=self.user_id.name,
                    until=until,
                )
            )
        leads = self.lead_ids
        foreign = leads.filtered(
            lambda lead: (
                lead.company_id and lead.company_id not in self.user_id.company_ids
            )
        )
        if foreign:
            raise UserError(
                self.env._(
                    "Salesperson: %(user)s does not work for %(company)s, the "
                    "company of %(leads)s; choose a salesperson of that company.",
                    user=self.user_id.name,
                    company=foreign[0].company_id.name,
                    leads=", ".join(foreign[:3].mapped("display_name")),
                )
            )
        members = self.env["crm.team.member"].search(
            [
                ("user_id", "=", self.user_id.id),
                ("crm_team_id", "in", leads.team_id.ids),
            ]
        )
        level_by_team = {member.crm_team_id.id: member.level_id for member in members}
        log_values = [
            {
                "lead_id": lead.id,
                "user_id": self.user_id.id,
                "team_id": lead.team_id.id,
                "company_id": (
                    lead.company_id or lead.team_id.company_id or self.env.company
                ).id,
                "lead_class": lead.allocation_class,
                "level_id": level_by_team.get(lead.team_id.id, members[:0]).id,
                "date": now,
                "event": "assigned",
                "actor": "manager",
                "reason": self.reason,
            }
            for lead in leads
        ]
        leads.write({"user_id": self.user_id.id})
        leads._close_key_activities()
        leads._referral_record()
        self.env["crm.lead.allocation.log"].sudo().create(log_values)
        return {"type": "ir.actions.act_window_close"}
