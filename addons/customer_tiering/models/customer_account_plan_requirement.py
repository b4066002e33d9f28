from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .customer_tier_override import PARTNER_FIELD, SCHEME_VALUES, SCHEMES, TIER_VALUES


class CustomerAccountPlanRequirement(models.Model):
    """One tier of one scheme whose customers must have an active
    key-account plan, per company.

    Rows rather than a fixed set of check boxes: a new scheme (a scorecard
    grade, say) adds itself and its values to ``scheme`` and ``tier`` with
    ``selection_add``, to ``_plan_scheme_values`` and, with its partner field,
    to ``_plan_scheme_fields``; its rows are then added like any other.
    """

    _name = "customer.account.plan.requirement"
    _description = "Key-Account Plan Requirement"
    _order = "company_id, scheme, tier"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    scheme = fields.Selection(SCHEMES, required=True, default="pareto")
    tier = fields.Selection(
        TIER_VALUES,
        required=True,
        help="Customers of this tier of the scheme need an active key-account plan.",
    )
    active = fields.Boolean(default=True)

    @api.model
    def _plan_scheme_values(self):
        """Scheme -> its (value, label) list; extended by new schemes."""
        return dict(SCHEME_VALUES)

    @api.model
    def _plan_scheme_fields(self):
        """Scheme -> the res.partner field holding the customer's tier."""
        return dict(PARTNER_FIELD)

    @api.constrains("scheme", "tier")
    def _check_tier_fits_scheme(self):
        schemes = self._plan_scheme_values()
        labels = dict(self._fields["scheme"]._description_selection(self.env))
        for row in self:
            allowed = dict(schemes.get(row.scheme, []))
            if row.tier not in allowed:
                raise ValidationError(
                    self.env._(
                        "Tier of the requirement %(scheme)s / %(tier)s: it is not "
                        "a tier of this scheme; choose one of %(allowed)s.",
                        scheme=labels.get(row.scheme, row.scheme),
                        tier=row.tier,
                        allowed=", ".join(allowed.values()),
                    )
                )

    @api.constrains("company_id", "scheme", "tier", "active")
    def _check_unique(self):
        labels = dict(self._fields["scheme"]._description_selection(self.env))
        for row in self.filtered("active"):
            if self.search_count(
                [
                    ("id", "!=", row.id),
                    ("company_id", "=", row.company_id.id),
                    ("scheme", "=", row.scheme),
                    ("tier", "=", row.tier),
                ]
            ):
                raise ValidationError(
                    self.env._(
                        "Tier of the requirement %(scheme)s / %(tier)s: "
                        "%(company)s already requires a plan for it.",
                        scheme=labels.get(row.scheme, row.scheme),
                        tier=row.tier,
                        company=row.company_id.display_name,
                    )
                )

    @api.model
    def _requirement_rows(self):
        """Every active row of every company, as (company, field, tier)."""
        fields_by_scheme = self._plan_scheme_fields()
        return [
            (row.company_id.id, fields_by_scheme[row.scheme], row.tier)
            for row in self.sudo().search([])
            if row.scheme in fields_by_scheme
        ]
