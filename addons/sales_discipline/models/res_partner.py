from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.customer_tiering.tools.guard import (
    check_guarded_write,
    strip_guarded_create,
)

from ..services import special_customers

# set from the flags only: a salesperson who cleared it would get his
# harassing caller back into the claims and the fairness counts
SPECIAL_FIELDS = ("is_special_customer",)


class ResPartner(models.Model):
    _inherit = "res.partner"

    special_flag_ids = fields.One2many(
        "sales.special.flag", "partner_id", string="Special-Customer Flags"
    )
    is_special_customer = fields.Boolean(
        string="Special Customer",
        compute="_compute_is_special_customer",
        store=True,
        readonly=True,
        index=True,
        help="Harasses, calls very often or makes unreasonable claims: handled "
        "by the special customers team, out of the first-contact SLA, the "
        "claims and the fairness counts.",
    )
    special_warning = fields.Text(
        string="Special Because", compute="_compute_special_warning"
    )
    special_call_count = fields.Integer(
        string="Answered Calls (30 days)", compute="_compute_special_call_count"
    )

    @api.depends("special_flag_ids", "special_flag_ids.active")
    def _compute_is_special_customer(self):
        for partner in self:
            partner.is_special_customer = bool(
                partner.special_flag_ids.filtered("active")
            )

    @api.depends("commercial_partner_id.special_flag_ids")
    def _compute_special_warning(self):
        labels = dict(
            self.env["sales.special.flag"]
            ._fields["kind"]
            ._description_selection(self.env)
        )
        flags = self.sudo().commercial_partner_id.special_flag_ids
        for partner in self:
            lines = [
                self.env._(
                    "%(kind)s until %(date)s: %(reason)s",
                    kind=labels[flag.kind],
                    date=flag.expiry_date,
                    reason=flag.reason,
                )
                for flag in flags
                if flag.partner_id == partner.commercial_partner_id and flag.active
            ]
            partner.special_warning = "\n".join(lines) or False

    def _compute_special_call_count(self):
        since = fields.Datetime.now() - timedelta(days=special_customers.WINDOW_DAYS)
        counts = dict(
            self.env["sales.call.log"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("direction", "=", "inbound"),
                    ("outcome", "=", "answered"),
                    ("call_date", ">=", since),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.special_call_count = counts.get(partner.commercial_partner_id, 0)

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = strip_guarded_create(self, vals_list, SPECIAL_FIELDS, group=None)
        return super().create(vals_list)

    def write(self, vals):
        check_guarded_write(self, vals, SPECIAL_FIELDS, group=None)
        return super().write(vals)

    def action_log_call(self):
        """The quick-create form of a call with this customer."""
        self.ensure_one()
        return self.env["sales.call.log"]._quick_log_action(
            {
                "default_partner_id": self.commercial_partner_id.id,
                "default_phone": self.phone or self.mobile or False,
            }
        )

    def action_view_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_discipline.sales_call_log_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {
            "default_partner_id": self.commercial_partner_id.id,
            "default_phone": self.phone or self.mobile or False,
        }
        return action

    def action_flag_special(self):
        """A manager's flag form for this customer (the flag's own create
        checks who may set it)."""
        self.ensure_one()
        self.env["sales.special.flag"]._check_flag_manager()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Flag as Special Customer"),
            "res_model": "sales.special.flag",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_partner_id": self.commercial_partner_id.id,
                "default_expiry_date": fields.Date.to_string(
                    fields.Date.context_today(self) + timedelta(days=90)
                ),
            },
        }
