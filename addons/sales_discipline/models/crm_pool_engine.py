from odoo import models
from odoo.tools import SQL


class CrmPoolEngine(models.AbstractModel):
    _inherit = "crm.pool.engine"

    def _sales_action_sources(self, model):
        """A visit report is a sales action of its author on the customer
        and on the lead it is about."""
        sources = super()._sales_action_sources(model)
        if model == "crm.lead":
            sources.append(
                SQL(
                    "SELECT lead_id, user_id, date FROM sales_visit_report "
                    "WHERE lead_id IS NOT NULL"
                )
            )
        else:
            sources.append(
                SQL(
                    """
                    SELECT p.commercial_partner_id, r.user_id, r.date
                    FROM sales_visit_report r JOIN res_partner p ON p.id = r.partner_id
                    """
                )
            )
        return sources
