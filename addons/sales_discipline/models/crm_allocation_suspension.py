from odoo import fields, models


class CrmAllocationSuspension(models.Model):
    _inherit = "crm.allocation.suspension"

    violation_id = fields.Many2one(
        "sales.violation", index=True, ondelete="set null", readonly=True
    )
