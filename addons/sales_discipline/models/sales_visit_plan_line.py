from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.customer_tiering.tools.guard import (
    check_guarded_write,
    strip_guarded_create,
)

from ..services import visits

# kept by the plan (salesperson, company) or set by its approval and its
# visit report
DERIVED_FIELDS = ("user_id", "company_id", "calendar_event_id", "report_id")


class SalesVisitPlanLine(models.Model):
    _name = "sales.visit.plan.line"
    _description = "Planned Visit"
    _order = "planned_date, id"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "sales.visit.plan",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    user_id = fields.Many2one(related="plan_id.user_id", store=True, index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    state = fields.Selection(related="plan_id.state")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        domain=[("is_company", "=", True)],
        check_company=True,
    )
    key_person_ids = fields.Many2many(
        "customer.key.person",
        string="Key Persons to Meet",
        domain="[('partner_id', '=', partner_id)]",
    )
    purpose = fields.Selection(visits.PURPOSES, required=True)
    planned_date = fields.Datetime(required=True)
    duration = fields.Float(default=1.0, help="Hours.")
    note = fields.Char()
    calendar_event_id = fields.Many2one(
        "calendar.event", readonly=True, copy=False, ondelete="set null"
    )
    report_id = fields.Many2one(
        "sales.visit.report", string="Visit Report", readonly=True, copy=False
    )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = strip_guarded_create(self, vals_list, DERIVED_FIELDS, group=None)
        lines = super().create(vals_list)
        lines.plan_id._check_editable()
        return lines

    def write(self, vals):
        check_guarded_write(self, vals, DERIVED_FIELDS, group=None)
        self.plan_id._check_editable()
        result = super().write(vals)
        if "plan_id" in vals:
            self.plan_id._check_editable()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        self.plan_id._check_editable()

    def _create_calendar_events(self):
        """One event per approved visit in the salesperson's calendar; a
        visit that has one keeps it."""
        lines = self.filtered(lambda line: not line.calendar_event_id)
        if not lines:
            return
        purposes = dict(self._fields["purpose"]._description_selection(self.env))
        events = (
            self.env["calendar.event"]
            .sudo()
            .with_context(no_mail_to_attendees=True)
            .create(
                [
                    {
                        "name": self.env._(
                            "Visit: %(customer)s (%(purpose)s)",
                            customer=line.partner_id.name,
                            purpose=purposes.get(line.purpose, ""),
                        ),
                        "start": line.planned_date,
                        "stop": line.planned_date
                        + timedelta(hours=max(line.duration, 0.25)),
                        "duration": max(line.duration, 0.25),
                        "user_id": line.user_id.id,
                        "partner_ids": [(6, 0, line.user_id.partner_id.ids)],
                        "description": line.note or False,
                    }
                    for line in lines
                ]
            )
        )
        for line, event in zip(lines, events, strict=True):
            line.sudo().calendar_event_id = event
