from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    intake_off_duty_until = fields.Date(
        string="Off Intake Duty Until",
        readonly=True,
        help="Set by the intake mismatch ladder: until this date the agent "
        "cannot judge lead classes.",
    )
