from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    first_contact_sla_minutes = fields.Integer(
        related="company_id.first_contact_sla_minutes", readonly=False
    )
