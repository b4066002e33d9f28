from odoo import api, fields, models
from odoo.exceptions import ValidationError


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

    @api.constrains("tier_lookback_days")
    def _check_tier_lookback_days(self):
        for company in self:
            if company.tier_lookback_days <= 0:
                raise ValidationError(
                    self.env._(
                        "Tier Lookback Window: enter a number of days greater "
                        "than 0 (it is %(days)s).",
                        days=company.tier_lookback_days,
                    )
                )
