from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..services import credit
from .customer_tier_override import SCHEME_VALUES, SCHEMES, TIER_VALUES

TRUST = [("good", "Good Debtor"), ("normal", "Normal Debtor"), ("bad", "Bad Debtor")]


class CustomerCreditPolicy(models.Model):
    """The credit limit, rating, payment term and trust of the customers of
    one tier; the nightly proposals apply the first matching policy by
    sequence (services/credit.py), Finance approves them."""

    _name = "customer.credit.policy"
    _description = "Customer Credit Policy"
    _order = "sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    scheme = fields.Selection(SCHEMES, required=True, default="scorecard")
    tier = fields.Selection(
        TIER_VALUES,
        string="Tier or Grade",
        required=True,
        help="A tier of the chosen scheme, e.g. grade A1 of the value score.",
    )
    name = fields.Char(
        string="Credit Rating",
        required=True,
        translate=True,
        help="The rating the customers of this tier get, e.g. AAA.",
    )
    limit_type = fields.Selection(
        [
            (credit.PERCENT, "% of 12-Month Sales"),
            (credit.FIXED, "Fixed Amount"),
        ],
        string="Limit Based On",
        required=True,
        default=credit.PERCENT,
    )
    limit_amount = fields.Monetary(
        string="Credit Limit",
        currency_field="currency_id",
        help="The credit limit when it is a fixed amount.",
    )
    limit_percent = fields.Float(
        string="Limit (%)",
        digits=(16, 2),
        help="The credit limit as a percentage of the customer's confirmed sales "
        "of the last 12 months, from 0 to 1000.",
    )
    payment_term_id = fields.Many2one(
        "account.payment.term",
        string="Payment Terms",
        check_company=True,
        help="Leave empty to keep each customer's current payment terms.",
    )
    trust = fields.Selection(TRUST, required=True, default="normal")

    _sql_constraints = [
        (
            "company_scheme_tier_unique",
            "unique(company_id, scheme, tier)",
            "Tier or Grade: a tier has one credit policy per company; edit the "
            "existing one.",
        )
    ]

    @api.constrains("scheme", "tier")
    def _check_tier(self):
        schemes = dict(self._fields["scheme"]._description_selection(self.env))
        for policy in self:
            if policy.tier not in dict(SCHEME_VALUES[policy.scheme]):
                raise ValidationError(
                    self.env._(
                        "Tier or Grade: choose a tier of the %(scheme)s scheme "
                        "(%(values)s).",
                        scheme=schemes[policy.scheme],
                        values=", ".join(
                            label for __, label in SCHEME_VALUES[policy.scheme]
                        ),
                    )
                )

    @api.constrains("limit_type", "limit_amount", "limit_percent")
    def _check_limit(self):
        for policy in self:
            problems = credit.check_policy(
                policy.limit_type, policy.limit_amount, policy.limit_percent
            )
            if problems:
                problem = problems[0]
                raise ValidationError(
                    self.env._(problem.message, **problem.params)  # pylint: disable=translation-required
                )

    def _credit_rows(self):
        """The policies as the plain dicts of services/credit.py."""
        return [
            {
                "id": policy.id,
                "sequence": policy.sequence,
                "scheme": policy.scheme,
                "tier": policy.tier,
                "rating": policy.name,
                "limit_type": policy.limit_type,
                "limit_amount": policy.limit_amount,
                "limit_percent": policy.limit_percent,
                "payment_term_id": policy.payment_term_id.id or None,
                "trust": policy.trust,
            }
            for policy in self
        ]
