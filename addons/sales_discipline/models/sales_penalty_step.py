from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..services import ladder


class SalesPenaltyStep(models.Model):
    """One step of a company's penalty ladder, as a row an administrator edits
    rather than a comma-separated text: the n-th confirmed ladder violation in
    the window suspends the salesperson for the n-th step's days, and the last
    step repeats for every later violation (see services/ladder.py)."""

    _name = "sales.penalty.step"
    _description = "Penalty Ladder Step"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    suspension_days = fields.Integer(
        required=True,
        default=7,
        help="Days of allocation suspension for the violation of this rank.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.company,
    )

    def _rank(self):
        """1-based position of the step in its company's ladder, to name the
        row in messages."""
        self.ensure_one()
        steps = self.sudo().search([("company_id", "=", self.company_id.id)])
        return list(steps).index(self) + 1 if self in steps else len(steps) + 1

    @api.depends("sequence", "suspension_days")
    def _compute_display_name(self):
        for step in self:
            step.display_name = self.env._("%(days)s days", days=step.suspension_days)

    @api.constrains("suspension_days")
    def _check_suspension_days(self):
        for step in self:
            if step.suspension_days <= 0:
                raise ValidationError(
                    self.env._(
                        "Suspension Days: step %(step)s of the penalty ladder of "
                        "%(company)s must be a number of days greater than 0 (it "
                        "is %(days)s).",
                        step=step._rank(),
                        company=step.company_id.name,
                        days=step.suspension_days,
                    )
                )

    @api.model
    def _default_vals_list(self, company):
        return [
            {"company_id": company.id, "sequence": rank * 10, "suspension_days": days}
            for rank, days in enumerate(ladder.DEFAULT_STEPS, start=1)
        ]
