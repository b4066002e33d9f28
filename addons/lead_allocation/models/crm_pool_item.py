from odoo import fields, models
from odoo.tools import SQL

from .crm_lead import LEAD_CLASSES
from .crm_pool_mixin import POOL_REASONS


class CrmPoolItem(models.Model):
    """The public pool as salespeople browse it: what they need to decide to
    claim a lead or a customer, and none of its contact details."""

    _name = "crm.pool.item"
    _description = "Public Pool Item"
    _auto = False
    _order = "pooled_on desc, id desc"

    name = fields.Char(readonly=True)
    kind = fields.Selection([("lead", "Lead"), ("customer", "Customer")], readonly=True)
    lead_id = fields.Many2one("crm.lead", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    lead_class = fields.Selection(LEAD_CLASSES, readonly=True)
    tier_share = fields.Selection(
        [
            ("vip", "VIP"),
            ("senior", "Senior"),
            ("regular", "Regular"),
            ("ordinary", "Ordinary"),
            ("potential", "Potential"),
        ],
        string="Customer Tier",
        readonly=True,
    )
    country_id = fields.Many2one("res.country", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Region", readonly=True)
    team_id = fields.Many2one("crm.team", readonly=True)
    territory_team_id = fields.Many2one("crm.team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    pooled_on = fields.Datetime(string="In the Pool Since", readonly=True)
    age_days = fields.Integer(string="Age (days)", readonly=True)
    pool_reason = fields.Selection(POOL_REASONS, string="Pooled Because", readonly=True)

    @property
    def _table_query(self):
        facts = self.env["sales.policy.facts"]
        return SQL(
            """
            SELECT l.id * 2 AS id, COALESCE(NULLIF(l.partner_name, ''), l.name) AS name,
                   'lead' AS kind,
                   l.id AS lead_id, NULL::int AS partner_id,
                   l.allocation_class AS lead_class, NULL::varchar AS tier_share,
                   l.country_id, l.state_id, l.team_id,
                   lt.team_id AS territory_team_id, l.company_id,
                   COALESCE(l.pooled_date, l.create_date) AS pooled_on,
                   (now()::date - COALESCE(l.pooled_date, l.create_date)::date)
                       AS age_days,
                   l.pool_reason
            FROM crm_lead l
            LEFT JOIN crm_territory lt ON lt.id = l.territory_id
            WHERE %(pool_lead)s
            UNION ALL
            SELECT p.id * 2 + 1, p.name, 'customer', NULL, p.id, NULL, p.tier_share,
                   p.country_id, p.state_id, NULL::int, p.territory_team_id,
                   p.company_id,
                   COALESCE(p.pooled_date, p.create_date),
                   (now()::date - COALESCE(p.pooled_date, p.create_date)::date),
                   p.pool_reason
            FROM res_partner p
            WHERE %(pool_customer)s
            """,
            pool_lead=facts._pool_lead_sql("l"),
            pool_customer=facts._pool_customer_sql("p"),
        )

    def action_claim(self):
        """Opens a claim for this pool item, pre-filled."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Claim"),
            "res_model": "crm.pool.claim",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_lead_id": self.lead_id.id,
                "default_partner_id": self.partner_id.id,
            },
        }
