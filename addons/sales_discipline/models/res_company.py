from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    first_contact_sla_minutes = fields.Integer(
        string="First Contact Within (minutes)",
        default=10,
        help="Working minutes a salesperson has to contact a newly allocated lead.",
    )

    @api.constrains("first_contact_sla_minutes")
    def _check_first_contact_sla_minutes(self):
        for company in self:
            if company.first_contact_sla_minutes <= 0:
                raise ValidationError(
                    self.env._(
                        "First Contact Within: enter a number of minutes greater "
                        "than 0 (it is %(minutes)s).",
                        minutes=company.first_contact_sla_minutes,
                    )
                )
