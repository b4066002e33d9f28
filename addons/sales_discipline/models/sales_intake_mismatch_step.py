from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..services import mismatch

ACTIONS = [
    ("skip", "Skip allocation turns"),
    ("suspend", "Suspend and take off intake"),
]
SERVICE_ACTIONS = {
    "skip": mismatch.SKIP_TURNS,
    "suspend": mismatch.SUSPEND_AND_OFF_DUTY,
}


class SalesIntakeMismatchStep(models.Model):
    """One step of a company's intake mismatch ladder, as a row rather than a
    "months:mismatches:action:amount" text: that many mismatches of an intake
    agent within that many consecutive calendar months cost turns or a
    suspension (see services/mismatch.py). The number of months identifies
    the step, so it is unique per company."""

    _name = "sales.intake.mismatch.step"
    _description = "Intake Mismatch Ladder Step"
    _order = "company_id, months, id"
    _check_company_auto = True

    months = fields.Integer(
        string="Consecutive Months",
        required=True,
        default=1,
        help="Calendar months the step counts, the current one included.",
    )
    threshold = fields.Integer(
        string="Mismatches",
        required=True,
        default=3,
        help="Approved re-allocation requests within those months that fire the step.",
    )
    action = fields.Selection(ACTIONS, required=True, default="skip")
    skip_turns = fields.Integer(
        string="Turns to Skip", default=1, help="Allocation turns the agent loses."
    )
    suspension_days = fields.Integer(
        string="Days Suspended", default=7, help="Days of allocation suspension."
    )
    off_duty_months = fields.Integer(
        string="Months off Intake",
        default=mismatch.DEFAULT_OFF_DUTY_MONTHS,
        help="Months the agent is taken off intake duty after a suspension.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.company,
    )

    _sql_constraints = [
        (
            "months_unique",
            "UNIQUE(company_id, months)",
            "Each number of consecutive months can only be one step of a company's "
            "intake mismatch ladder.",
        )
    ]

    @api.depends("months", "threshold")
    def _compute_display_name(self):
        for step in self:
            step.display_name = self.env._(
                "%(count)s in %(months)s months",
                count=step.threshold,
                months=step.months,
            )

    def _raise(self, field_name, message):
        raise ValidationError(
            self.env._(
                "%(field)s: %(problem)s",
                field=self._fields[field_name].get_description(self.env)["string"],
                problem=message,
            )
        )

    @api.constrains(
        "months",
        "threshold",
        "action",
        "skip_turns",
        "suspension_days",
        "off_duty_months",
        "company_id",
    )
    def _check_step(self):
        for step in self:
            row = self.env._(
                "the %(months)s-month step of %(company)s",
                months=step.months,
                company=step.company_id.name,
            )
            if step.months <= 0:
                step._raise(
                    "months",
                    self.env._(
                        "%(row)s needs a number of months greater than 0.", row=row
                    ),
                )
            if step.threshold <= 0:
                step._raise(
                    "threshold",
                    self.env._(
                        "%(row)s needs a number of mismatches greater than 0.",
                        row=row,
                    ),
                )
            if step.action == "skip" and step.skip_turns <= 0:
                step._raise(
                    "skip_turns",
                    self.env._(
                        "%(row)s needs a number of turns greater than 0.", row=row
                    ),
                )
            if step.action == "suspend" and step.suspension_days <= 0:
                step._raise(
                    "suspension_days",
                    self.env._(
                        "%(row)s needs a number of days greater than 0.", row=row
                    ),
                )
            if step.action == "suspend" and step.off_duty_months <= 0:
                step._raise(
                    "off_duty_months",
                    self.env._(
                        "%(row)s needs a number of months greater than 0.", row=row
                    ),
                )

    def _to_service_step(self):
        self.ensure_one()
        if self.action == "skip":
            return mismatch.Step(
                self.months, self.threshold, mismatch.SKIP_TURNS, self.skip_turns
            )
        return mismatch.Step(
            self.months,
            self.threshold,
            mismatch.SUSPEND_AND_OFF_DUTY,
            self.suspension_days,
            self.off_duty_months,
        )

    @api.model
    def _vals_from_service_steps(self, company, steps):
        vals_list = []
        for step in steps:
            vals = {
                "company_id": company.id,
                "months": step.months,
                "threshold": step.threshold,
            }
            if step.action == mismatch.SKIP_TURNS:
                vals.update(action="skip", skip_turns=step.amount)
            else:
                vals.update(
                    action="suspend",
                    suspension_days=step.amount,
                    off_duty_months=step.off_duty_months,
                )
            vals_list.append(vals)
        return vals_list

    @api.model
    def _default_vals_list(self, company):
        return self._vals_from_service_steps(company, mismatch.DEFAULT_STEPS)
