from odoo import fields, models

from .sale_order import CREDIT_BASES


class SaleReport(models.Model):
    """The sales analysis grouped by who the sale counts for, not only by
    who is written on the order."""

    _inherit = "sale.report"

    credit_user_id = fields.Many2one(
        "res.users", string="Credited Salesperson", readonly=True
    )
    credit_team_id = fields.Many2one("crm.team", string="Credited Team", readonly=True)
    credit_basis = fields.Selection(CREDIT_BASES, readonly=True)

    def _select_additional_fields(self):
        res = super()._select_additional_fields()
        res["credit_user_id"] = "s.credit_user_id"
        res["credit_team_id"] = "s.credit_team_id"
        res["credit_basis"] = "s.credit_basis"
        return res

    def _group_by_sale(self):
        return (
            super()._group_by_sale()
            + ",\n            s.credit_user_id, s.credit_team_id, s.credit_basis"
        )
