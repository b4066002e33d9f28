from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.customer_tiering.tools.guard import (
    check_guarded_write,
    strip_guarded_create,
)

from ..services import visits

# which team sees the report is the salesperson's, or a sales manager's choice
MANAGER_FIELDS = ("team_id",)


class SalesVisitReport(models.Model):
    """What happened at one customer visit. Filing it is a sales action for
    the ownership cycles and a contact for the tier's service standard."""

    _name = "sales.visit.report"
    _description = "Visit Report"
    _inherit = ["sales.discipline.team.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    date = fields.Date(
        required=True, index=True, default=fields.Date.context_today, tracking=True
    )
    user_id = fields.Many2one(default=lambda self: self.env.user, check_company=True)
    team_id = fields.Many2one(check_company=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        domain=[("is_company", "=", True)],
        tracking=True,
        check_company=True,
    )
    lead_id = fields.Many2one(
        "crm.lead", index=True, ondelete="set null", check_company=True
    )
    plan_line_id = fields.Many2one(
        "sales.visit.plan.line",
        string="Planned Visit",
        ondelete="set null",
        check_company=True,
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

    @api.constrains("date")
    def _check_date_not_in_future(self):
        """A report records a visit that took place: a future date would hold
        the no-action clock and the visit-due reminder until that day. Today
        is the salesperson's day in his own time zone, not the client's."""
        today = fields.Date.context_today(self.with_context(tz=self.env.user.tz))
        for report in self:
            if report.date and report.date > today:
                raise ValidationError(
                    self.env._(
                        "Date: %(date)s is in the future; a visit report records "
                        "a visit that took place, enter its date (today, %(today)s, "
                        "or earlier).",
                        date=report.date,
                        today=today,
                    )
                )

    @api.constrains("plan_line_id", "user_id")
    def _check_plan_line_owner(self):
        for report in self:
            line = report.plan_line_id.sudo()
            if line and line.user_id != report.user_id:
                raise ValidationError(
                    self.env._(
                        "Planned Visit: %(visit)s is in %(user)s's plan; choose a "
                        "visit of %(salesperson)s's own plan or leave it empty.",
                        visit=line.display_name,
                        user=line.user_id.name,
                        salesperson=report.user_id.name,
                    )
                )

    @api.constrains("key_person_ids", "partner_id")
    def _check_key_persons_of_customer(self):
        """Filing the report moves the key persons' last contact: only the
        visited customer's key persons were met."""
        for report in self:
            customer = report.partner_id.commercial_partner_id
            strangers = report.key_person_ids.sudo().filtered(
                lambda person, customer=customer: person.partner_id != customer
            )
            if strangers:
                raise ValidationError(
                    self.env._(
                        "Key Persons Met: %(persons)s are not key persons of "
                        "%(customer)s; choose the visited customer's key persons.",
                        persons=", ".join(strangers.mapped("display_name")),
                        customer=customer.display_name,
                    )
                )

    @api.model
    def _company_of(self, vals, *sources):
        """The visited customer's company: the lead's, the partner's, else
        the salesperson's."""
        lead = self.env["crm.lead"].browse(vals.get("lead_id")).exists().sudo()
        partner = self.env["res.partner"].browse(vals.get("partner_id")).exists().sudo()
        return super()._company_of(vals, lead, partner, *sources)

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = strip_guarded_create(self, vals_list, MANAGER_FIELDS)
        if not self.env.su:
            vals_list = [
                dict(vals, company_id=self._company_of(vals)) for vals in vals_list
            ]
        reports = super().create(vals_list)
        reports._check_expenses()
        reports._record_contact()
        for report in reports.filtered("plan_line_id"):
            report.plan_line_id.sudo().report_id = report
        return reports

    def write(self, vals):
        check_guarded_write(self, vals, ("company_id",), group=None)
        check_guarded_write(self, vals, MANAGER_FIELDS)
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
