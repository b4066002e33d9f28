from odoo import fields, models

POOL_REASONS = [
    ("no_action", "No sales action"),
    ("cycle_expired", "Not won within the cycle"),
    ("no_order", "No confirmed order"),
    ("relationship_terminated", "Relationship terminated"),
    ("departure", "Salesperson left"),
]


class CrmPoolMixin(models.AbstractModel):
    """Ownership-cycle fields shared by leads and customers."""

    _name = "crm.pool.mixin"
    _description = "Public Pool Ownership Cycle"

    last_sales_action_date = fields.Date(
        copy=False,
        readonly=True,
        help="Last done activity, sent message or email, stage change, quotation "
        "or visit report of the owner.",
    )
    pool_due_date = fields.Date(
        string="Back to Pool On",
        copy=False,
        readonly=True,
        index=True,
        help="When the record goes back to the public pool if nothing changes.",
    )
    pool_due_reason = fields.Selection(
        POOL_REASONS, string="Back to Pool Because", copy=False, readonly=True
    )
    pool_reason = fields.Selection(
        POOL_REASONS,
        string="Pooled Because",
        copy=False,
        readonly=True,
        help="Why the record was last taken back into the public pool.",
    )
    pooled_date = fields.Datetime(string="In the Pool Since", copy=False, readonly=True)
