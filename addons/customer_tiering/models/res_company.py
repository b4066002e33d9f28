from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..services import relationship, tiering

THRESHOLD_FIELDS = (
    "tier_lookback_days",
    "tier_value_high_amount",
    "tier_value_high_orders",
    "tier_value_high_stability",
    "tier_value_mid_amount",
    "tier_value_mid_orders",
    "tier_value_mid_stability",
    "tier_share_vip",
    "tier_share_senior",
    "tier_share_regular",
    "tier_pareto_a",
    "tier_pareto_b",
    "tier_pareto_c",
    "tier_pareto_d",
    "tier_new_days",
    "tier_loyal_orders",
    "tier_loyal_months",
    "tier_churn_days",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    # Thresholds live on the company rather than in ir.config_parameter so that
    # a meaningful 0 survives a save of the Settings page.
    tier_lookback_days = fields.Integer(
        string="Tier Lookback Window (days)",
        default=365,
        help="Confirmed sales of this many days back are used to compute the "
        "customer tiers.",
    )
    tier_value_high_amount = fields.Monetary(
        string="High Value: Sales From", default=500000.0, currency_field="currency_id"
    )
    tier_value_high_orders = fields.Integer(
        string="High Value: Orders From", default=12
    )
    tier_value_high_stability = fields.Float(
        string="High Value: Stability From", default=0.5, digits=(3, 2)
    )
    tier_value_mid_amount = fields.Monetary(
        string="Mid Value: Sales From", default=100000.0, currency_field="currency_id"
    )
    tier_value_mid_orders = fields.Integer(string="Mid Value: Orders From", default=4)
    tier_value_mid_stability = fields.Float(
        string="Mid Value: Stability From", default=0.2, digits=(3, 2)
    )
    tier_share_vip = fields.Float(
        string="VIP Share From (%)", default=5.0, digits=(5, 2)
    )
    tier_share_senior = fields.Float(
        string="Senior Share From (%)", default=2.0, digits=(5, 2)
    )
    tier_share_regular = fields.Float(
        string="Regular Share From (%)", default=1.0, digits=(5, 2)
    )
    tier_pareto_a = fields.Float(
        string="Grade A Up To (%)", default=60.0, digits=(5, 2)
    )
    tier_pareto_b = fields.Float(
        string="Grade B Up To (%)", default=70.0, digits=(5, 2)
    )
    tier_pareto_c = fields.Float(
        string="Grade C Up To (%)", default=80.0, digits=(5, 2)
    )
    tier_pareto_d = fields.Float(
        string="Grade D Up To (%)", default=90.0, digits=(5, 2)
    )
    tier_new_days = fields.Integer(string="New Customer For (days)", default=90)
    tier_loyal_orders = fields.Integer(string="Loyal: Orders From", default=3)
    tier_loyal_months = fields.Integer(string="Loyal: Months From", default=3)
    tier_churn_days = fields.Integer(string="Churned After (days)", default=365)

    def _check_team_setting(self, fname):
        """A setting of the company that names a sales team takes one of the
        company's teams or a team of no company: the engines hand the
        company's leads and customers to it."""
        label = self._fields[fname]._description_string(self.env)
        for company in self:
            team = company[fname]
            if team.company_id and team.company_id != company:
                raise ValidationError(
                    self.env._(
                        "%(setting)s: %(team)s belongs to %(other)s; choose a "
                        "team of %(company)s or of no company.",
                        setting=label,
                        team=team.name,
                        other=team.company_id.name,
                        company=company.name,
                    )
                )

    def _tier_settings(self):
        """Thresholds in the units of the pure rules (fractions, not percents)."""
        self.ensure_one()
        return tiering.TierSettings(
            lookback_days=self.tier_lookback_days,
            value=tiering.ValueThresholds(
                high_amount=self.tier_value_high_amount,
                high_orders=self.tier_value_high_orders,
                high_stability=self.tier_value_high_stability,
                mid_amount=self.tier_value_mid_amount,
                mid_orders=self.tier_value_mid_orders,
                mid_stability=self.tier_value_mid_stability,
            ),
            share=(
                self.tier_share_vip / 100.0,
                self.tier_share_senior / 100.0,
                self.tier_share_regular / 100.0,
            ),
            pareto=(
                self.tier_pareto_a / 100.0,
                self.tier_pareto_b / 100.0,
                self.tier_pareto_c / 100.0,
                self.tier_pareto_d / 100.0,
            ),
            new_days=self.tier_new_days,
            loyal_orders=self.tier_loyal_orders,
            loyal_months=self.tier_loyal_months,
            churn_days=self.tier_churn_days,
        )

    @api.constrains(*THRESHOLD_FIELDS)
    def _check_tier_thresholds(self):
        for company in self:
            problems = tiering.validate_settings(company._tier_settings())
            if problems:
                field_name, message = problems[0]
                raise ValidationError(
                    self.env._(
                        "%(field)s: %(problem)s",
                        field=self._fields[field_name].get_description(self.env)[
                            "string"
                        ],
                        problem=self.env._(message),  # pylint: disable=translation-required
                    )
                )

    relationship_develop_threshold = fields.Float(
        string="Develop From Score",
        default=4.0,
        digits=(3, 2),
        help="A relationship evaluation scoring this or more recommends developing "
        "the relationship.",
    )
    relationship_terminate_threshold = fields.Float(
        string="Terminate Below Score",
        default=2.5,
        digits=(3, 2),
        help="A relationship evaluation scoring below this recommends terminating "
        "the relationship.",
    )
    relationship_decline_threshold = fields.Float(
        string="Falling Value Below Growth (%)",
        default=-20.0,
        digits=(5, 1),
        help="A customer whose sales growth is below this is losing value: its "
        "'Maintain' recommendation is lowered to 'Terminate'.",
    )
    relationship_grace_days = fields.Integer(
        string="Score Evaluations Within (days)",
        default=14,
        help="Days the salesperson has to score and submit a due relationship "
        "evaluation before it is overdue.",
    )

    @api.constrains(
        "relationship_develop_threshold",
        "relationship_terminate_threshold",
        "relationship_grace_days",
    )
    def _check_relationship_thresholds(self):
        fields_by_key = {
            "develop": "relationship_develop_threshold",
            "grace_days": "relationship_grace_days",
        }
        for company in self:
            problems = relationship.validate_thresholds(
                company.relationship_develop_threshold,
                company.relationship_terminate_threshold,
                company.relationship_grace_days,
            )
            if problems:
                problem = problems[0]
                raise ValidationError(
                    self.env._(
                        "%(field)s: %(problem)s",
                        field=self._fields[fields_by_key[problem.key]].get_description(
                            self.env
                        )["string"],
                        problem=self.env._(problem.message),  # pylint: disable=translation-required
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._create_default_scorecard()
        return companies

    @api.model
    def _create_default_scorecard_everywhere(self):
        self.sudo().with_context(active_test=False).search(
            []
        )._create_default_scorecard()

    def _create_default_scorecard(self):
        """The default indicators and bands as rows, for the companies that
        have none yet (new companies, and every company at install)."""
        companies = self.sudo()
        Indicator = self.env["customer.score.indicator"].sudo()
        Band = self.env["customer.score.band"].sudo()
        with_indicators = set(
            Indicator.with_context(active_test=False)
            .search([("company_id", "in", companies.ids)])
            .company_id.ids
        )
        with_bands = set(
            Band.search([("company_id", "in", companies.ids)]).company_id.ids
        )
        indicator_vals, band_vals = [], []
        for company in companies:
            if company.id not in with_indicators:
                indicator_vals += Indicator._default_vals_list(company)
            if company.id not in with_bands:
                band_vals += Band._default_vals_list(company)
        Indicator.create(indicator_vals)
        Band.create(band_vals)
