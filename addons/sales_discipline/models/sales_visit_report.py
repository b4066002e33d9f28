from odoo import api, fields, models
from odoo.exceptions import UserError

from ..services import visits


class SalesVisitReport(models.Model):
    """What happened at one customer visit. Filing it is a sales action for
    the ownership cycles and a contact for the tier's service standard."""

    _name = "sales.visit.report"
    _description = "Visit Report"
    _inherit = ["sales.discipline.team.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    date = fields.Date(
        required=True, index=True, default=fields.Date.context_today, tracking=True
    )
    user_id = fields.Many2one(default=lambda self: self.env.user)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        domain=[("is_company", "=", True)],
        tracking=True,
    )
    lead_id = fields.Many2one("crm.lead", index=True, ondelete="set null")
    plan_line_id = fields.Many2one(
        "sales.visit.plan.line", string="Planned Visit", ondelete="set null"
    )
    key_person_ids = fields.Many2many(
        "customer.key.person",
        string="Key Persons Met",
        domain="[('partner_id', '=', partner_id)]",
    )
    purpose = fields.Selection(visits.PURPOSES, required=True)
    visit_type = fields.Selection(visits.VISIT_TYPES, required=True)
    outcome = fields.Selection(visits.OUTCOMES, required=True, tracking=True)
    summary = fields.Text(required=True)
    next_steps = fields.Text()
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    expense_amount = fields.Monetary(string="Expenses")

    @api.depends("partner_id", "date", "user_id")
    def _compute_name(self):
        for report in self:
            report.name = self.env._(
                "%(customer)s, %(date)s",
                customer=report.partner_id.name or "",
                date=report.date or "",
            )

    @api.model_create_multi
    def create(self, vals_list):
        reports = super().create(vals_list)
        reports._check_expenses()
        reports._record_contact()
        for report in reports.filtered("plan_line_id"):
            report.plan_line_id.sudo().report_id = report
        return reports

    def write(self, vals):
        result = super().write(vals)
        if set(vals) & {"date", "partner_id", "lead_id", "key_person_ids"}:
            self._record_contact()
        if "expense_amount" in vals:
            self._check_expenses()
        return result

    def _check_expenses(self):
        if any(report.expense_amount < 0 for report in self):
            raise UserError(self.env._("Expenses: enter 0 or a positive amount."))

    def _record_contact(self):
        """Moves the recycling clock of the customer and the lead, and the
        customer's and key persons' last contact, forward to the visit date
        (never back), one write per date."""
        by_date = {}
        for report in self:
            by_date.setdefault(report.date, self.browse())
            by_date[report.date] |= report
        for day, reports in by_date.items():
            customers = reports.partner_id.commercial_partner_id.sudo()
            customers.filtered(
                lambda p, day=day: (
                    not p.tier_last_contact_date or p.tier_last_contact_date < day
                )
            ).write({"tier_last_contact_date": day})
            owned = customers.filtered(
                lambda p, day=day, reports=reports: (
                    p.user_id in reports.user_id
                    and (not p.last_sales_action_date or p.last_sales_action_date < day)
                )
            )
            owned.write({"last_sales_action_date": day})
            leads = reports.lead_id.sudo().filtered(
                lambda lead, day=day, reports=reports: (
                    lead.user_id in reports.user_id
                    and (
                        not lead.last_sales_action_date
                        or lead.last_sales_action_date < day
                    )
                )
            )
            leads.write({"last_sales_action_date": day})
            reports.key_person_ids.sudo().filtered(
                lambda person, day=day: (
                    not person.last_contact_date or person.last_contact_date < day
                )
            ).write({"last_contact_date": day})
