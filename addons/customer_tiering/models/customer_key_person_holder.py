from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.derived import (
    check_derived_write,
    strip_derived_create,
    without_defaults,
)

#: derived from the key person
DERIVED_FIELDS = ("partner_id", "company_id")


class CustomerKeyPersonHolder(models.Model):
    """An employee who holds the relationship with a key person.

    Holding a relationship opens the key person's private notes, so holders
    are chosen by the customer's salesperson or a sales manager (record
    rules), never by the employee himself, and a holder row cannot be moved
    to a key person its writer does not manage.
    """

    _name = "customer.key.person.holder"
    _description = "Key Person Relationship Holder"
    _order = "key_person_id, level, id"
    _check_company_auto = True

    key_person_id = fields.Many2one(
        "customer.key.person",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    partner_id = fields.Many2one(related="key_person_id.partner_id", store=True)
    company_id = fields.Many2one(
        related="key_person_id.company_id", store=True, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Employee",
        required=True,
        index=True,
        domain=[("share", "=", False)],
        check_company=True,
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

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = strip_derived_create(self, vals_list, DERIVED_FIELDS)
        self = without_defaults(self, DERIVED_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        check_derived_write(self, vals, DERIVED_FIELDS)
        result = super().write(vals)
        if not self.env.su:
            # The rules allowed the row as it was; it must stay a row its
            # writer may manage once moved to another key person or user.
            self.check_access("write")
        return result

    @api.constrains("user_id")
    def _check_user_is_employee(self):
        for holder in self:
            if holder.user_id.share:
                raise ValidationError(
                    self.env._(
                        "Employee: %(user)s is not an internal user; only "
                        "employees hold relationships with key persons.",
                        user=holder.user_id.display_name,
                    )
                )
