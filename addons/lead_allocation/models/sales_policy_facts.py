from odoo import api, models
from odoo.tools import SQL

from odoo.addons.customer_tiering.services import facts


class SalesPolicyFacts(models.AbstractModel):
    """A pool lead: what the Public Pool lists, what a salesperson may claim,
    what the allocation hands out and what a re-allocation gives as a
    replacement. Decided here once, as ``facts.is_pool_lead`` says."""

    _inherit = "sales.policy.facts"

    @api.model
    def _pool_lead_domain(self):
        return [
            ("user_id", "=", False),
            ("registration_conflict", "=", False),
            *self._open_lead_domain(),
        ]

    @api.model
    def _pool_lead_sql(self, alias="l"):
        lead = SQL.identifier(alias)
        return SQL(
            "(%(lead)s.user_id IS NULL"
            " AND NOT COALESCE(%(lead)s.registration_conflict, FALSE)"
            " AND %(open)s)",
            lead=lead,
            open=self._open_lead_sql(alias),
        )

    @api.model
    def _is_pool_lead(self, lead):
        lead = lead.sudo()
        return facts.is_pool_lead(
            self._is_open_lead(lead), lead.user_id.id, lead.registration_conflict
        )

    @api.model
    def _pool_customer_sql(self, alias="p"):
        """A customer without an owner, claimable from the pool."""
        partner = SQL.identifier(alias)
        return SQL(
            "(%(p)s.user_id IS NULL"
            " AND NOT COALESCE(%(p)s.registration_conflict, FALSE)"
            " AND %(customer)s)",
            p=partner,
            customer=self._customer_sql(alias),
        )

    @api.model
    def _is_pool_customer(self, partner):
        partner = partner.sudo()
        return bool(
            self._is_customer(partner)
            and not partner.user_id
            and not partner.registration_conflict
        )
