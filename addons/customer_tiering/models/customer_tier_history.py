from odoo import fields, models

from .customer_tier_override import SCHEMES, TIER_VALUES

SOURCES = [
    ("cron", "Scheduled run"),
    ("manual", "Manual recomputation"),
    ("override", "Override"),
]


class CustomerTierHistory(models.Model):
    """One row per change of one scheme on one customer.

    Rows are only written in the same transaction as the tier change they
    record, so an interrupted and re-run recomputation never duplicates them.
    """

    _name = "customer.tier.history"
    _description = "Customer Tier History"
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    scheme = fields.Selection(SCHEMES, required=True)
    old_value = fields.Selection(TIER_VALUES, string="Old Tier")
    new_value = fields.Selection(TIER_VALUES, string="New Tier")
    source = fields.Selection(SOURCES, required=True, default="cron")
    user_id = fields.Many2one(
        "res.users", string="By", default=lambda self: self.env.user
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="The company whose sales decided the change.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    sales_amount = fields.Monetary(string="Sales")
    order_count = fields.Integer(string="Orders")
    active_months = fields.Integer(string="Months With Orders")
    stability = fields.Float(digits=(3, 2))
    growth = fields.Float(string="Growth (%)", digits=(16, 1))
    margin = fields.Monetary()
    share = fields.Float(string="Share of Sales (%)", digits=(5, 2))
    score = fields.Float(string="Value Score", digits=(5, 2))
