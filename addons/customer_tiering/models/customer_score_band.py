from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..services import scorecard
from .customer_tier_override import SCORE_GRADES


class CustomerScoreBand(models.Model):
    """A band of a company's value scorecard: from this score, this grade."""

    _name = "customer.score.band"
    _description = "Value Score Band"
    _order = "company_id, score_from desc, id"
    _rec_name = "grade"
    _check_company_auto = True

    score_from = fields.Float(required=True, digits=(5, 2))
    grade = fields.Selection(SCORE_GRADES, required=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.company,
    )

    _sql_constraints = [
        (
            "grade_company_uniq",
            "unique(company_id, grade)",
            "Grade: each grade has one band per company.",
        )
    ]

    @api.constrains("score_from")
    def _check_score_from(self):
        for band in self:
            if not 0 <= band.score_from <= 100:
                raise ValidationError(
                    self.env._(
                        "Score From: the band of grade %(grade)s needs a score "
                        "between 0 and 100 (it is %(score)s).",
                        grade=band.grade,
                        score=band.score_from,
                    )
                )

    @api.model
    def _default_vals_list(self, company):
        return [
            {"company_id": company.id, "score_from": score_from, "grade": grade}
            for score_from, grade in scorecard.DEFAULT_BANDS
        ]
