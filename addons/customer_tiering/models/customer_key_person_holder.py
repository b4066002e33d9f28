from odoo import fields, models


class CustomerKeyPersonHolder(models.Model):
    """An employee who holds the relationship with a key person."""

    _name = "customer.key.person.holder"
    _description = "Key Person Relationship Holder"
    _order = "key_person_id, level, id"

    key_person_id = fields.Many2one(
        "customer.key.person", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="key_person_id.partner_id", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Employee",
        required=True,
        index=True,
        domain=[("share", "=", False)],
    )
    level = fields.Selection(
        [("close", "Close"), ("good", "Good"), ("normal", "Normal"), ("weak", "Weak")],
        string="Relationship Level",
        required=True,
        default="normal",
    )
    note = fields.Char()

    _sql_constraints = [
        (
            "holder_unique",
            "unique(key_person_id, user_id)",
            "An employee holds a relationship only once.",
        )
    ]
