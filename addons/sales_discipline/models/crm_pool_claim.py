from odoo import models
from odoo.exceptions import UserError


class CrmPoolClaim(models.Model):
    _inherit = "crm.pool.claim"

    def _check_claimable(self):
        """A special customer, or a lead of one, is handled by the special
        customers team: nobody claims it from the pool."""
        record = self._record()
        partner = (
            record.partner_id if record._name == "crm.lead" else record
        ).commercial_partner_id
        if partner.is_special_customer:
            raise UserError(
                self.env._(
                    "%(record)s: %(customer)s is a special customer, handled by the "
                    "special customers team; it cannot be claimed. Ask a sales "
                    "manager.",
                    record=record.display_name,
                    customer=partner.display_name,
                )
            )
        return super()._check_claimable()
