from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    tier_lookback_days = fields.Integer(
        related="company_id.tier_lookback_days", readonly=False
    )
