from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    lead_class_a_threshold = fields.Monetary(
        related="company_id.lead_class_a_threshold", readonly=False
    )
    lead_class_b_threshold = fields.Monetary(
        related="company_id.lead_class_b_threshold", readonly=False
    )
    lead_class_c_threshold = fields.Monetary(
        related="company_id.lead_class_c_threshold", readonly=False
    )
