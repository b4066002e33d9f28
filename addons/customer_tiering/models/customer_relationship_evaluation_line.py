from odoo import api, fields, models
from odoo.exceptions import AccessError

SCORES = [
    ("1", "Poor"),
    ("2", "Weak"),
    ("3", "Fair"),
    ("4", "Good"),
    ("5", "Excellent"),
]


class CustomerRelationshipEvaluationLine(models.Model):
    """The evaluator's score of one criterion. The server opens the lines
    with the criterion's weight of that day; only the evaluation's evaluator
    changes a score, and only while he scores it."""

    _name = "customer.relationship.evaluation.line"
    _description = "Relationship Evaluation Score"
    _order = "evaluation_id, sequence, id"
    _check_company_auto = True

    evaluation_id = fields.Many2one(
        "customer.relationship.evaluation",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    criterion_id = fields.Many2one(
        "customer.relationship.criterion",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    sequence = fields.Integer(default=10)
    weight = fields.Float(digits=(6, 2), readonly=True)
    score = fields.Selection(SCORES, help="1 poor to 5 excellent.")
    comment = fields.Char()
    company_id = fields.Many2one(
        related="evaluation_id.company_id", store=True, index=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        """Lines are the criteria of the evaluation's company, opened by the
        server: nobody adds or drops a criterion to bend the score."""
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Scores: the criteria of an evaluation are set by the system "
                    "from the company's scorecard."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            allowed = {"score", "comment"}
            for line in self:
                evaluation = line.evaluation_id
                if (
                    set(vals) - allowed
                    or evaluation.evaluator_id != self.env.user
                    or evaluation.state != "draft"
                ):
                    raise AccessError(
                        self.env._(
                            "%(evaluation)s: only its evaluator scores it, while it "
                            "is to score.",
                            evaluation=evaluation.display_name,
                        )
                    )
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Scores: the criteria of an evaluation are set by the system "
                    "from the company's scorecard."
                )
            )
        return super().unlink()
