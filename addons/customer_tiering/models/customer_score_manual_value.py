from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools.derived import check_derived_write, strip_derived_create, without_defaults

#: the company comes from the indicator
DERIVED_FIELDS = ("company_id",)


class CustomerScoreManualValue(models.Model):
    """A value of 0-100 entered for one customer on a manual indicator, such
    as its industry influence; entered by the customer's salesperson or a
    sales manager, never by a colleague."""

    _name = "customer.score.manual.value"
    _description = "Value Score Manual Value"
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
    indicator_id = fields.Many2one(
        "customer.score.indicator",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('source', '=', 'manual')]",
    )
    value = fields.Float(required=True, digits=(5, 2))
    company_id = fields.Many2one(
        related="indicator_id.company_id", store=True, index=True
    )

    _sql_constraints = [
        (
            "partner_indicator_uniq",
            "unique(partner_id, indicator_id)",
            "Indicator: a customer has one value per indicator.",
        )
    ]

    @api.constrains("value", "indicator_id")
    def _check_value(self):
        for row in self:
            if row.indicator_id.source != "manual":
                raise ValidationError(
                    self.env._(
                        "Indicator: %(indicator)s is computed by the system; values "
                        "are entered for manual indicators only.",
                        indicator=row.indicator_id.name,
                    )
                )
            if not 0 <= row.value <= 100:
                raise ValidationError(
                    self.env._(
                        "Value: %(indicator)s of %(partner)s must be between 0 and "
                        "100 (it is %(value)s).",
                        indicator=row.indicator_id.name,
                        partner=row.partner_id.display_name,
                        value=row.value,
                    )
                )

    def _check_owner(self, partners):
        """The customer's salesperson or a sales manager, checked on the
        server against the real user."""
        user = self.env.user
        if self.env.su or user.has_group("sales_team.group_sale_manager"):
            return
        foreign = partners.sudo().filtered(
            lambda partner: partner.commercial_partner_id.user_id != user
        )
        if foreign:
            raise AccessError(
                self.env._(
                    "Value: only the salesperson of %(customer)s or a sales manager "
                    "enters its scorecard values.",
                    customer=foreign[0].display_name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = strip_derived_create(self, vals_list, DERIVED_FIELDS)
        self = without_defaults(self, DERIVED_FIELDS)
        self._check_owner(
            self.env["res.partner"].browse(
                [vals.get("partner_id") for vals in vals_list if vals.get("partner_id")]
            )
        )
        return super().create(vals_list)

    def write(self, vals):
        check_derived_write(self, vals, DERIVED_FIELDS)
        partners = self.partner_id
        if vals.get("partner_id"):
            partners |= self.env["res.partner"].browse(vals["partner_id"])
        self._check_owner(partners)
        return super().write(vals)

    def unlink(self):
        self._check_owner(self.partner_id)
        return super().unlink()
