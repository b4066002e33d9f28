from odoo import models
from odoo.tools import SQL


class CrmLeadAllocationEngine(models.AbstractModel):
    _inherit = "crm.lead.allocation.engine"

    def _fetch_turns(self, user_ids, now):
        """Leads of special customers are no turn: the salesperson who was
        given one is not passed over for it this month. (The last turn's
        date, which only orders equal counts, keeps them.)"""
        turns = super()._fetch_turns(user_ids, now)
        if not turns:
            return turns
        self.env["crm.lead.allocation.log"].flush_model(["user_id", "date", "lead_id"])
        self.env["crm.lead"].flush_model(["partner_id"])
        self.env["res.partner"].flush_model(
            ["commercial_partner_id", "is_special_customer"]
        )
        period_start = now.replace(day=1, hour=0, minute=0, second=0)
        self.env.cr.execute(
            SQL(
                """
                SELECT log.user_id, COUNT(*)
                  FROM crm_lead_allocation_log log
                  JOIN crm_lead lead ON lead.id = log.lead_id
                  JOIN res_partner contact ON contact.id = lead.partner_id
                  JOIN res_partner customer
                    ON customer.id = contact.commercial_partner_id
                 WHERE log.user_id = ANY(%s)
                   AND log.date >= %s
                   AND customer.is_special_customer
              GROUP BY log.user_id
                """,
                list(turns),
                period_start,
            )
        )
        for user_id, special in self.env.cr.fetchall():
            count, last = turns[user_id]
            turns[user_id] = (max(count - special, 0), last)
        return turns
