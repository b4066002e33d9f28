from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.guard import MANAGER_GROUP

#: set at creation from the engine only
ENGINE_FIELDS = ("partner_id", "breakdown")


class CustomerScoreBreakdown(models.TransientModel):
    """*Why this grade?*: one customer's scorecard rows, on demand.

    Explaining a score ranks the customer against every customer of its
    company, which scans the company's sales: a field of the customer would
    pay that on every read of its form. This dialog pays it once, when the
    user asks, and keeps the result for as long as it is open.
    """

    _name = "customer.score.breakdown"
    _description = "Value Score Breakdown"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    breakdown = fields.Html(string="Why This Grade", readonly=True, sanitize=False)

    @api.model_create_multi
    def create(self, vals_list):
        """Computes the breakdown as the system, once the real user proved he
        may see the customer's grade; whatever the client sent for it is
        replaced."""
        engine = self.env["customer.tier.engine"].sudo()
        for vals in vals_list:
            customer = self._customer_to_explain(vals.get("partner_id"))
            vals["partner_id"] = customer.id
            vals["breakdown"] = engine._score_breakdown_html(customer.sudo())
        return super().create(vals_list)

    def write(self, vals):
        """The dialog shows what the engine computed for its customer: nobody
        rewrites it or points it at another customer."""
        if not self.env.su and set(vals) & set(ENGINE_FIELDS):
            raise AccessError(
                self.env._(
                    "Why this grade?: the breakdown and its customer are computed "
                    "when the dialog opens; open it again from the customer instead "
                    "of changing them."
                )
            )
        return super().write(vals)

    def _customer_to_explain(self, partner_id):
        """The commercial partner of ``partner_id`` if the user may read it and
        is its salesperson or a sales manager, as for *Recompute Tiers*."""
        partner = self.env["res.partner"].browse(partner_id or [])
        if len(partner) != 1:
            raise UserError(
                self.env._(
                    "Why this grade?: choose the customer whose grade to explain."
                )
            )
        partner.check_access("read")
        customer = partner.sudo().commercial_partner_id.with_env(self.env)
        customer.check_access("read")
        user = self.env.user
        if not (
            self.env.su
            or user.has_group(MANAGER_GROUP)
            or customer.sudo().user_id == user
        ):
            raise AccessError(
                self.env._(
                    "Why this grade?: only the salesperson of %(customer)s or a "
                    "sales manager may see how its grade is made.",
                    customer=customer.display_name,
                )
            )
        return customer
