from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SalesViolationType(models.Model):
    """A breach of the written sales rules and what it costs: a fine, a step
    on the penalty ladder, allocation turns, an escalation when severe."""

    _name = "sales.violation.type"
    _description = "Violation Type"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    company_id = fields.Many2one("res.company", index=True)
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        help="The fine's currency: the company's.",
    )
    fine_amount = fields.Monetary(
        string="Fine", help="Charged per violation, in company currency; may be 0."
    )
    counts_on_ladder = fields.Boolean(
        string="Counts on the Ladder",
        default=True,
        help="A confirmed violation of this type suspends the salesperson's "
        "allocation for the next step of the penalty ladder.",
    )
    severe = fields.Boolean(
        help="A confirmed violation of this type is escalated to the sales "
        "managers, who decide on further measures."
    )
    skip_turns = fields.Integer(
        string="Turns Lost",
        help="Allocation turns a confirmed violation of this type costs, on "
        "top of the ladder.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_company_unique",
            "UNIQUE(code, company_id)",
            "Code: another violation type of this company has this code.",
        )
    ]

    @api.depends("company_id")
    def _compute_currency_id(self):
        for violation_type in self:
            violation_type.currency_id = (
                violation_type.company_id.currency_id or self.env.company.currency_id
            )

    @api.constrains("fine_amount", "skip_turns")
    def _check_amounts(self):
        for violation_type in self:
            if violation_type.fine_amount < 0:
                raise ValidationError(self.env._("Fine: enter 0 or a positive amount."))
            if violation_type.skip_turns < 0:
                raise ValidationError(
                    self.env._("Turns Lost: enter 0 or a positive number of turns.")
                )
