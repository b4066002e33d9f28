from odoo import api, fields, models

from .crm_lead import LEAD_CLASSES

EVENTS = [("assigned", "Lead Received"), ("skipped", "Turn Skipped")]
ACTORS = [
    ("scheduled", "Fair Rotation"),
    ("manager", "Manager"),
    ("claim", "Claim"),
    ("reallocation", "Re-allocation"),
]


class CrmLeadAllocationLog(models.Model):
    """One row per lead handed out and per allocation turn skipped: the
    record of fairness, reported per member and period, and the count of the
    period's turns the rotation reads back."""

    _name = "crm.lead.allocation.log"
    _description = "Lead Allocation Log"
    _order = "date desc, id desc"
    _check_company_auto = True

    date = fields.Datetime(
        required=True, index=True, default=fields.Datetime.now, readonly=True
    )
    lead_id = fields.Many2one(
        "crm.lead", index=True, ondelete="set null", readonly=True, check_company=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        index=True,
        ondelete="set null",
        readonly=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        readonly=True,
    )
    lead_class = fields.Selection(LEAD_CLASSES, readonly=True)
    level_id = fields.Many2one(
        "crm.salesperson.level", ondelete="set null", readonly=True
    )
    event = fields.Selection(EVENTS, required=True, default="assigned", readonly=True)
    actor = fields.Selection(
        ACTORS, string="Decided By", required=True, default="scheduled", readonly=True
    )
    reason = fields.Text(string="Rule or Reason", readonly=True)

    @api.depends("user_id", "lead_id", "event")
    def _compute_display_name(self):
        events = dict(self._fields["event"]._description_selection(self.env))
        for log in self:
            subject = (
                log.lead_id.display_name
                if log.event == "assigned"
                else events.get(log.event)
            )
            log.display_name = f"{log.user_id.name or ''}: {subject or ''}"
