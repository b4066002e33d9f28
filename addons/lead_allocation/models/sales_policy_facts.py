from odoo import api, models
from odoo.tools import SQL

from odoo.addons.customer_tiering.services import facts

#: Odoo's own order of a user's memberships (``crm.team.member._order``)
TEAM_MEMBER_ORDER = "create_date, id"


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
    def _salesperson_teams(self, users, company=None):
        """``{user id: [team ids]}``: the teams a salesperson sells for, his
        active memberships of active teams of ``company`` (or of no company;
        every company when ``None``) in Odoo's own order, the order of
        ``sale_team_id``: the first is his own sales team. The crediting
        (:meth:`_salesperson_team_sql`) and the referrals both read it here,
        so a salesperson of several teams is counted for the same one."""
        domain = [("user_id", "in", users.ids), ("crm_team_id.active", "=", True)]
        if company is not None:
            domain.append(("crm_team_id.company_id", "in", [False, company.id]))
        members = (
            self.env["crm.team.member"]
            .sudo()
            .search_fetch(domain, ["user_id", "crm_team_id"], order=TEAM_MEMBER_ORDER)
        )
        teams = {user.id: [] for user in users}
        for member in members:
            teams[member.user_id.id].append(member.crm_team_id.id)
        return teams

    @api.model
    def _salesperson_team_sql(self, user, company):
        """The first of :meth:`_salesperson_teams` in SQL: the team ``user``
        (an SQL expression) sells for in ``company`` (another), or NULL."""
        return SQL(
            """(SELECT m.crm_team_id
                  FROM crm_team_member m
                  JOIN crm_team t ON t.id = m.crm_team_id
                 WHERE m.user_id = %(user)s AND m.active AND t.active
                   AND (t.company_id IS NULL OR t.company_id = %(company)s)
              ORDER BY m.create_date, m.id
                 LIMIT 1)""",
            user=user,
            company=company,
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
