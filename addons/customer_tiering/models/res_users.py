from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def write(self, vals):
        leaving = (
            self.filtered("active") if vals.get("active") is False else self.browse()
        )
        result = super().write(vals)
        if leaving:
            self._handover_key_relationships(leaving)
        return result

    def _handover_key_relationships(self, leaving):
        """Key persons whose holders left get their handover activities."""
        holders = (
            self.env["customer.key.person.holder"]
            .sudo()
            .search([("user_id", "in", leaving.ids)])
        )
        if holders:
            holders.key_person_id._notify_handover(leaving)
