from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    first_contact_sla_minutes = fields.Integer(
        related="company_id.first_contact_sla_minutes", readonly=False
    )
    penalty_ladder_steps = fields.Char(
        related="company_id.penalty_ladder_steps", readonly=False
    )
    penalty_ladder_window_days = fields.Integer(
        related="company_id.penalty_ladder_window_days", readonly=False
    )
    intake_mismatch_steps = fields.Char(
        related="company_id.intake_mismatch_steps", readonly=False
    )
    visit_plan_deadline_days = fields.Integer(
        related="company_id.visit_plan_deadline_days", readonly=False
    )
