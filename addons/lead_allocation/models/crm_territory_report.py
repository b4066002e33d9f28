from odoo import fields, models
from odoo.tools import SQL


class CrmTerritoryReport(models.Model):
    """Customers, sales, share and pool size per territory and salesperson.

    A customer counts in its territory (``res.partner.territory_id``) under
    its owner; its sales are its confirmed orders' untaxed amounts in company
    currency, of the territory's company (of every company for a shared
    customer without territory nor company)."""

    _name = "crm.territory.report"
    _description = "Region Report"
    _auto = False
    _order = "territory_id, user_id"

    company_id = fields.Many2one("res.company", readonly=True)
    territory_id = fields.Many2one("crm.territory", readonly=True)
    team_id = fields.Many2one("crm.team", string="Territory Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True)
    sales_amount = fields.Float(string="Sales", readonly=True)
    sales_share = fields.Float(
        string="Share (%)",
        readonly=True,
        help="The row's sales against the company's sales, in percent.",
    )
    pool_count = fields.Integer(
        string="Pool Size", readonly=True, help="Customers without owner."
    )

    @property
    def _table_query(self):
        facts = self.env["sales.policy.facts"]
        return SQL(
            """
            WITH customer AS (
                SELECT p.id, p.territory_id, p.territory_team_id, p.user_id,
                       COALESCE(t.company_id, p.company_id) AS company_id,
                       %(pool)s AS in_pool
                FROM res_partner p
                LEFT JOIN crm_territory t ON t.id = p.territory_id
                WHERE %(customer)s
            ), sales AS (
                SELECT buyer.commercial_partner_id AS partner_id, so.company_id,
                       SUM(%(amount)s) AS amount
                FROM sale_order so
                JOIN res_partner buyer ON buyer.id = so.partner_id
                WHERE %(confirmed)s
                GROUP BY buyer.commercial_partner_id, so.company_id
            ), line AS (
                SELECT c.company_id, c.territory_id, c.territory_team_id AS team_id,
                       c.user_id, COUNT(*) AS customer_count,
                       COALESCE(SUM(bought.amount), 0) AS sales_amount,
                       COUNT(*) FILTER (WHERE c.in_pool) AS pool_count
                FROM customer c
                LEFT JOIN LATERAL (
                    SELECT SUM(s.amount) AS amount FROM sales s
                    WHERE s.partner_id = c.id
                      AND (c.company_id IS NULL OR s.company_id = c.company_id)
                ) bought ON TRUE
                GROUP BY c.company_id, c.territory_id, c.territory_team_id, c.user_id
            )
            SELECT ROW_NUMBER() OVER (
                       ORDER BY company_id, territory_id, team_id, user_id
                   ) AS id,
                   company_id, territory_id, team_id, user_id, customer_count,
                   sales_amount, pool_count,
                   COALESCE(
                       100.0 * sales_amount / NULLIF(
                           SUM(sales_amount) OVER (PARTITION BY company_id), 0
                       ),
                       0
                   ) AS sales_share
            FROM line
            """,
            pool=facts._pool_customer_sql("p"),
            customer=facts._customer_sql("p"),
            amount=facts._company_amount_sql(SQL.identifier("so", "amount_untaxed")),
            confirmed=facts._confirmed_order_sql("so"),
        )
