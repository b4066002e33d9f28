from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    lead_class_a_threshold = fields.Monetary(
        string="Class A from",
        currency_field="currency_id",
        default=800000.0,
        help="Leads whose expected revenue reaches this amount are class A.",
    )
    lead_class_b_threshold = fields.Monetary(
        string="Class B from",
        currency_field="currency_id",
        default=400000.0,
        help="Leads whose expected revenue reaches this amount are class B.",
    )
    lead_class_c_threshold = fields.Monetary(
        string="Class C from",
        currency_field="currency_id",
        default=200000.0,
        help="Leads whose expected revenue reaches this amount are class C; "
        "below it they are class D.",
    )

    @api.constrains(
        "lead_class_a_threshold", "lead_class_b_threshold", "lead_class_c_threshold"
    )
    def _check_lead_class_thresholds(self):
        for company in self:
            if company.lead_class_c_threshold <= 0:
                raise ValidationError(
                    self.env._("Class C from: enter an amount greater than 0.")
                )
            if company.lead_class_b_threshold <= company.lead_class_c_threshold:
                raise ValidationError(
                    self.env._(
                        "Class B from: enter an amount greater than the class C "
                        "threshold."
                    )
                )
            if company.lead_class_a_threshold <= company.lead_class_b_threshold:
                raise ValidationError(
                    self.env._(
                        "Class A from: enter an amount greater than the class B "
                        "threshold."
                    )
                )
