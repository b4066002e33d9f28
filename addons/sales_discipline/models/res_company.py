from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..services import ladder, mismatch, special_customers, working_hours

# how far ahead the working calendar is read: a deadline of a few minutes
# needs the next opening, which a long holiday may push weeks away
HORIZON_DAYS = 45


class ResCompany(models.Model):
    _inherit = "res.company"

    first_contact_sla_minutes = fields.Integer(
        string="First Contact Within (minutes)",
        default=10,
        help="Working minutes a salesperson has to contact a newly allocated lead.",
    )
    penalty_step_ids = fields.One2many(
        "sales.penalty.step",
        "company_id",
        string="Penalty Ladder",
        help="Days of allocation suspension for the 1st, 2nd, 3rd... confirmed "
        "ladder violation in the window; the last step repeats.",
    )
    penalty_ladder_window_days = fields.Integer(
        string="Ladder Window (days)",
        default=ladder.DEFAULT_WINDOW_DAYS,
        help="Violations older than this many days no longer count on the ladder.",
    )
    intake_mismatch_step_ids = fields.One2many(
        "sales.intake.mismatch.step",
        "company_id",
        string="Intake Mismatch Ladder",
        help="What an intake agent loses when that many mismatches fall within "
        "that many consecutive months.",
    )
    visit_plan_deadline_days = fields.Integer(
        string="Visit Plan Due (days before the month)",
        default=0,
        help="A monthly visit plan must be submitted at least this many days "
        "before its month starts; 0: any time before the 1st.",
    )

    special_monthly_calls = fields.Integer(
        string="Special Customers: Calls a Month",
        default=special_customers.DEFAULT_MONTHLY_CALLS,
        help="Answered inbound calls in 30 days from which a customer is flagged "
        "as a high-frequency caller.",
    )
    special_daily_calls = fields.Integer(
        string="Special Customers: Calls a Day",
        default=special_customers.DEFAULT_DAILY_CALLS,
        help="Answered inbound calls in one day from which a customer is flagged "
        "as a high-frequency caller.",
    )
    special_team_id = fields.Many2one(
        "crm.team",
        string="Special Customers Team",
        help="New leads of special customers go to this team, unassigned; "
        "empty: they stay where they are created.",
    )

    @api.constrains("special_monthly_calls", "special_daily_calls")
    def _check_special_thresholds(self):
        for company in self:
            problems = special_customers.check_thresholds(
                company.special_monthly_calls, company.special_daily_calls
            )
            if problems:
                raise ValidationError(
                    "\n".join(
                        self.env._(problem.message, **problem.params)  # pylint: disable=translation-required
                        for problem in problems
                    )
                )

    @api.constrains("special_team_id")
    def _check_special_team(self):
        self._check_team_setting("special_team_id")

    @api.constrains("first_contact_sla_minutes")
    def _check_first_contact_sla_minutes(self):
        for company in self:
            if company.first_contact_sla_minutes <= 0:
                raise ValidationError(
                    self.env._(
                        "First Contact Within: enter a number of minutes greater "
                        "than 0 (it is %(minutes)s).",
                        minutes=company.first_contact_sla_minutes,
                    )
                )

    @api.constrains("penalty_ladder_window_days")
    def _check_penalty_ladder_window_days(self):
        for company in self:
            if company.penalty_ladder_window_days <= 0:
                raise ValidationError(
                    self.env._(
                        "Ladder Window: enter a number of days greater than 0 (it "
                        "is %(days)s).",
                        days=company.penalty_ladder_window_days,
                    )
                )

    @api.constrains("visit_plan_deadline_days")
    def _check_visit_plan_deadline_days(self):
        for company in self:
            if company.visit_plan_deadline_days < 0:
                raise ValidationError(
                    self.env._(
                        "Visit Plan Due: enter 0 or a positive number of days "
                        "(it is %(days)s).",
                        days=company.visit_plan_deadline_days,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._create_default_discipline_steps()
        return companies

    def _create_default_discipline_steps(self):
        """Today's ladders as rows, for the companies that have none yet
        (new companies, and every company at install)."""
        companies = self.sudo()
        penalty = self.env["sales.penalty.step"].sudo()
        intake = self.env["sales.intake.mismatch.step"].sudo()
        with_penalty = set(
            penalty.search([("company_id", "in", companies.ids)]).company_id.ids
        )
        with_intake = set(
            intake.search([("company_id", "in", companies.ids)]).company_id.ids
        )
        penalty_vals, intake_vals = [], []
        for company in companies:
            if company.id not in with_penalty:
                penalty_vals += penalty._default_vals_list(company)
            if company.id not in with_intake:
                intake_vals += intake._default_vals_list(company)
        penalty.create(penalty_vals)
        intake.create(intake_vals)

    def _penalty_steps(self):
        """The ladder as the plain tuple of days the service takes; without
        rows, the default ladder, since a violation must suspend."""
        self.ensure_one()
        days = tuple(self.sudo().penalty_step_ids.mapped("suspension_days"))
        return days or ladder.DEFAULT_STEPS

    def _intake_mismatch_steps(self):
        """The ladder as the service's ``Step`` tuples; without rows, the
        default ladder."""
        self.ensure_one()
        steps = tuple(
            step._to_service_step() for step in self.sudo().intake_mismatch_step_ids
        )
        return steps or mismatch.DEFAULT_STEPS

    def _working_intervals(self, start, end):
        """The company's working time between two naive UTC datetimes, as
        naive UTC pairs (holidays removed); round the clock without a
        calendar."""
        self.ensure_one()
        calendar = self.resource_calendar_id
        if not calendar:
            return [(start, end)]
        intervals = calendar._work_intervals_batch(
            pytz.utc.localize(start), pytz.utc.localize(end)
        )[False]
        return working_hours.naive_utc_intervals(intervals)

    def _first_contact_deadline(self, start):
        """``first_contact_sla_minutes`` working minutes after ``start``."""
        self.ensure_one()
        horizon = start + timedelta(days=HORIZON_DAYS)
        try:
            deadline = working_hours.add_working_minutes(
                start,
                self.first_contact_sla_minutes,
                self._working_intervals(start, horizon),
            )
        except working_hours.WorkingTimeError:
            # no opening in the next weeks: do not make up a deadline
            deadline = horizon
        return deadline
