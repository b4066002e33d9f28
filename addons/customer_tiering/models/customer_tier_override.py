from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.derived import (
    check_derived_write,
    strip_derived_create,
    without_defaults,
)

SCHEMES = [
    ("value", "Value"),
    ("share", "Share of Sales"),
    ("pareto", "Pareto Grade"),
    ("lifecycle", "Lifecycle"),
    ("scorecard", "Value Score Grade"),
]
VALUE_TIERS = [("high", "High"), ("mid", "Mid"), ("low", "Low")]
SHARE_TIERS = [
    ("vip", "VIP"),
    ("senior", "Senior"),
    ("regular", "Regular"),
    ("ordinary", "Ordinary"),
    ("potential", "Potential"),
]
PARETO_GRADES = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D"), ("E", "E")]
LIFECYCLE_STAGES = [
    ("potential", "Potential"),
    ("new", "New"),
    ("loyal", "Loyal"),
    ("active", "Active"),
    ("churned", "Churned"),
]
SCORE_GRADES = [("A1", "A1"), ("A2", "A2"), ("B1", "B1"), ("B2", "B2"), ("C", "C")]
SCHEME_VALUES = {
    "value": VALUE_TIERS,
    "share": SHARE_TIERS,
    "pareto": PARETO_GRADES,
    "lifecycle": LIFECYCLE_STAGES,
    "scorecard": SCORE_GRADES,
}
# One selection for history and overrides; "potential" is shared by two schemes.
TIER_VALUES = list(
    dict(
        VALUE_TIERS + SHARE_TIERS + PARETO_GRADES + LIFECYCLE_STAGES + SCORE_GRADES
    ).items()
)
PARTNER_FIELD = {
    "value": "tier_value",
    "share": "tier_share",
    "pareto": "tier_pareto",
    "lifecycle": "tier_lifecycle",
    "scorecard": "tier_score_grade",
}
#: the company comes from the customer, the decider is who saved it
DERIVED_FIELDS = ("company_id", "user_id")


class CustomerTierOverride(models.Model):
    """A manager's decision that beats the computed tier until it expires."""

    _name = "customer.tier.override"
    _description = "Customer Tier Override"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="partner_id.company_id", store=True, index=True
    )
    scheme = fields.Selection(SCHEMES, required=True, tracking=True)
    value = fields.Selection(TIER_VALUES, string="Tier", required=True, tracking=True)
    reason = fields.Text(required=True, tracking=True)
    expiry_date = fields.Date(
        string="Expires On",
        tracking=True,
        help="Last day the override applies; empty means until removed.",
    )
    user_id = fields.Many2one(
        "res.users", string="Decided By", default=lambda self: self.env.user
    )
    active = fields.Boolean(default=True, tracking=True)
    is_effective = fields.Boolean(
        compute="_compute_is_effective", search="_search_is_effective"
    )

    @api.depends("active", "expiry_date")
    def _compute_is_effective(self):
        today = fields.Date.context_today(self)
        for override in self:
            override.is_effective = override.active and (
                not override.expiry_date or override.expiry_date >= today
            )

    def _search_is_effective(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        today = fields.Date.context_today(self)
        domain = [
            ("active", "=", True),
            "|",
            ("expiry_date", "=", False),
            ("expiry_date", ">=", today),
        ]
        return domain if (operator == "=") == value else ["!"] + domain

    @api.constrains("scheme", "value")
    def _check_value_fits_scheme(self):
        for override in self:
            allowed = dict(SCHEME_VALUES[override.scheme])
            if override.value not in allowed:
                raise ValidationError(
                    self.env._(
                        "Tier: %(value)s is not a tier of the %(scheme)s scheme; "
                        "choose one of %(allowed)s.",
                        value=override.value,
                        scheme=dict(
                            self._fields["scheme"]._description_selection(self.env)
                        )[override.scheme],
                        allowed=", ".join(allowed.values()),
                    )
                )

    @api.constrains("partner_id", "scheme", "active")
    def _check_one_active_override(self):
        for override in self.filtered("active"):
            clash = self.search_count(
                [
                    ("id", "!=", override.id),
                    ("partner_id", "=", override.partner_id.id),
                    ("scheme", "=", override.scheme),
                    ("active", "=", True),
                ]
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "Scheme: %(partner)s already has an active override for "
                        "this scheme; archive it first.",
                        partner=override.partner_id.display_name,
                    )
                )

    @api.constrains("expiry_date")
    def _check_expiry_date(self):
        today = fields.Date.context_today(self)
        for override in self:
            if (
                override.expiry_date
                and override.expiry_date < today
                and override.active
            ):
                raise ValidationError(
                    self.env._("Expires On: choose today or a later date.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = strip_derived_create(self, vals_list, DERIVED_FIELDS)
        self = without_defaults(self, DERIVED_FIELDS)
        overrides = super().create(vals_list)
        overrides.partner_id._recompute_tiers(source="override")
        return overrides

    def write(self, vals):
        check_derived_write(self, vals, DERIVED_FIELDS)
        partners = self.partner_id
        result = super().write(vals)
        (partners | self.partner_id)._recompute_tiers(source="override")
        return result
