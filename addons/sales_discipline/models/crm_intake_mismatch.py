from odoo import api, models


class CrmIntakeMismatch(models.Model):
    _inherit = "crm.intake.mismatch"

    @api.model_create_multi
    def create(self, vals_list):
        """A step of the ladder fires as soon as it is reached, not at the
        next nightly run."""
        mismatches = super().create(vals_list)
        self.env["sales.intake.mismatch.firing"].sudo()._evaluate(
            users=mismatches.user_id
        )
        return mismatches
