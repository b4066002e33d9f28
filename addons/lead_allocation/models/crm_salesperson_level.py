from odoo import api, fields, models
from odoo.exceptions import UserError

from ..services import classing


class CrmSalespersonLevel(models.Model):
    """A salesperson's seniority; the eligibility matrix of the settings says
    which levels may receive which lead classes, by level code."""

    _name = "crm.salesperson.level"
    _description = "Salesperson Level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical name used in the eligibility matrix of the settings, "
        "e.g. senior.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_unique",
            "UNIQUE(code)",
            "Code: another level already has this code; choose another one.",
        )
    ]

    def _matrix_companies(self):
        """Companies whose eligibility matrix names one of these levels."""
        codes = set(self.mapped("code"))
        companies = self.env["res.company"].sudo().search([])
        return companies.filtered(
            lambda company: (
                codes & set().union(*company._lead_eligibility_matrix().values())
            )
        )

    def _check_not_in_matrix(self, field_label):
        companies = self._matrix_companies()
        if companies:
            raise UserError(
                self.env._(
                    "%(field)s: the eligibility matrix of %(companies)s uses this "
                    "level; remove it there first (CRM > Configuration > "
                    "Settings).",
                    field=field_label,
                    companies=", ".join(companies.mapped("name")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code"):
                vals["code"] = vals["code"].strip().lower()
        return super().create(vals_list)

    def write(self, vals):
        if "code" in vals:
            vals["code"] = (vals["code"] or "").strip().lower()
            changed = self.filtered(lambda level: level.code != vals["code"])
            changed._check_not_in_matrix(self._fields["code"].string)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_matrix(self):
        self._check_not_in_matrix(self.env._("Delete"))

    @api.model
    def _codes(self):
        """Codes of every level, archived ones included, in sequence order."""
        levels = self.with_context(active_test=False).search([])
        return tuple(levels.mapped("code")) or classing.LEVELS
