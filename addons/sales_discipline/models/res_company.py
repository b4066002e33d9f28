from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..services import ladder, mismatch, working_hours

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
    penalty_ladder_steps = fields.Char(
        string="Suspension Days per Violation",
        default=ladder.format_steps(ladder.DEFAULT_STEPS),
        help="Days of allocation suspension for the 1st, 2nd, 3rd... confirmed "
        "ladder violation in the window; the last step repeats.",
    )
    penalty_ladder_window_days = fields.Integer(
        string="Ladder Window (days)",
        default=ladder.DEFAULT_WINDOW_DAYS,
        help="Violations older than this many days no longer count on the ladder.",
    )
    intake_mismatch_steps = fields.Char(
        string="Intake Mismatch Ladder",
        default=mismatch.DEFAULT_STEPS_TEXT,
        help="months:mismatches:action:amount steps separated by ';' (action "
        "skip: turns to skip; suspend: days of suspension, plus one month off "
        "intake duty).",
    )
    visit_plan_deadline_days = fields.Integer(
        string="Visit Plan Due (days before the month)",
        default=0,
        help="A monthly visit plan must be submitted at least this many days "
        "before its month starts; 0: any time before the 1st.",
    )

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

    def _raise_setting_problems(self, problems, field_of):
        """One translated error listing every problem of a setting, each
        prefixed with the field to fix, as the other addons' settings do."""
        if problems:
            raise ValidationError(
                "\n".join(
                    self.env._(
                        "%(field)s: %(problem)s",
                        field=self._fields[field_of(problem)].get_description(self.env)[
                            "string"
                        ],
                        problem=self.env._(problem.message, **problem.params),  # pylint: disable=translation-required
                    )
                    for problem in problems
                )
            )

    @api.constrains("penalty_ladder_steps", "penalty_ladder_window_days")
    def _check_penalty_ladder(self):
        fields_by_setting = {
            "steps": "penalty_ladder_steps",
            "window_days": "penalty_ladder_window_days",
        }
        for company in self:
            company._raise_setting_problems(
                ladder.validate_steps(
                    company.penalty_ladder_steps, company.penalty_ladder_window_days
                ),
                lambda problem: fields_by_setting[problem.key],
            )

    @api.constrains("intake_mismatch_steps")
    def _check_intake_mismatch_steps(self):
        for company in self:
            company._raise_setting_problems(
                mismatch.validate_steps(company.intake_mismatch_steps),
                lambda _problem: "intake_mismatch_steps",
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

    def _penalty_steps(self):
        self.ensure_one()
        return ladder.parse_steps(self.penalty_ladder_steps)

    def _intake_mismatch_steps(self):
        self.ensure_one()
        return mismatch.parse_steps(self.intake_mismatch_steps)

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
