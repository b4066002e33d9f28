from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .customer_tier_override import SHARE_TIERS, VALUE_TIERS


class CustomerTierServiceStandard(models.Model):
    """How often a customer of a tier must be visited or contacted."""

    _name = "customer.tier.service.standard"
    _description = "Customer Tier Service Standard"
    _order = "scheme, sequence, id"
    _rec_name = "tier"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    scheme = fields.Selection(
        [("share", "Share of Sales"), ("value", "Value")], required=True
    )
    tier = fields.Selection(SHARE_TIERS + VALUE_TIERS, required=True)
    visit_interval_days = fields.Integer(
        string="Visit Every (days)",
        help="The customer's salesperson gets a 'Visit due' activity when the last "
        "visit or contact is older than this; 0 means no standard.",
    )
    evaluation_interval_days = fields.Integer(
        string="Evaluate Relationship Every (days)",
        help="The customer's salesperson gets a relationship evaluation to score "
        "when the last one is this old; 0 means none.",
    )
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        help="Leave empty to apply to every company; a company's own standard for "
        "the same tier wins.",
    )
    note = fields.Char(string="Service Standard")

    @api.constrains("evaluation_interval_days")
    def _check_evaluation_interval(self):
        for standard in self:
            if standard.evaluation_interval_days < 0:
                raise ValidationError(
                    self.env._(
                        "%(tier)s, Evaluate Relationship Every (days): enter 0 "
                        "(none) or a positive number of days.",
                        tier=dict(
                            self._fields["tier"]._description_selection(self.env)
                        )[standard.tier],
                    )
                )

    @api.constrains("scheme", "tier", "visit_interval_days", "company_id")
    def _check_standard(self):
        allowed = {"share": dict(SHARE_TIERS), "value": dict(VALUE_TIERS)}
        for standard in self:
            if standard.tier not in allowed[standard.scheme]:
                raise ValidationError(
                    self.env._(
                        "Tier: choose a tier of the %(scheme)s scheme.",
                        scheme=dict(
                            self._fields["scheme"]._description_selection(self.env)
                        )[standard.scheme],
                    )
                )
            if standard.visit_interval_days < 0:
                raise ValidationError(
                    self.env._(
                        "Visit Every (days): enter 0 (no standard) or a positive "
                        "number of days."
                    )
                )
            if self.search_count(
                [
                    ("id", "!=", standard.id),
                    ("scheme", "=", standard.scheme),
                    ("tier", "=", standard.tier),
                    ("company_id", "=", standard.company_id.id),
                ]
            ):
                raise ValidationError(
                    self.env._(
                        "Tier: %(tier)s already has a service standard; edit that "
                        "one instead.",
                        tier=dict(
                            self._fields["tier"]._description_selection(self.env)
                        )[standard.tier],
                    )
                )
