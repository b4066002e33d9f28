from odoo import api, fields, models
from odoo.exceptions import UserError

from .crm_pool_claim import OWNER_CONTEXT


def check_owner_change(records, vals):
    """Salespeople never change who owns a lead or a customer themselves, by
    any route (form, list, import, RPC): claims, transfers, re-allocation
    requests and the allocation do it for them under OWNER_CONTEXT."""
    if "user_id" not in vals or records.env.context.get(OWNER_CONTEXT):
        return
    env = records.env
    if env.su or env.user.has_group("sales_team.group_sale_manager"):
        return
    changed = records.filtered(lambda record: record.user_id.id != vals["user_id"])
    if changed:
        raise UserError(
            env._(
                "Salesperson: you cannot change the owner of %(records)s. Claim "
                "it from the pool or ask your sales manager for a transfer.",
                records=", ".join(changed[:3].mapped("display_name")),
            )
        )


def check_owner_on_create(model, vals_list):
    """A salesperson registers records for himself or for the pool only."""
    env = model.env
    if env.su or env.context.get(OWNER_CONTEXT):
        return
    if env.user.has_group("sales_team.group_sale_manager"):
        return
    for vals in vals_list:
        if vals.get("user_id") not in (None, False, env.uid):
            raise UserError(
                env._(
                    "Salesperson: you can only register a record for yourself; "
                    "leave it empty to put it in the pool."
                )
            )


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.pool.mixin", "crm.registration.mixin"]

    owner_since = fields.Datetime(
        string="Owned Since",
        copy=False,
        help="When the current salesperson became the owner; ownership cycles "
        "count from here.",
    )

    def _registration_depends(self):
        return [
            "name",
            "is_company",
            "email",
            "phone",
            "mobile",
            "vat",
            "company_registry",
            "parent_id",
        ]

    def _registration_values(self, vals=None):
        """Contacts of a company are not registrations of their own, and a
        person's name is too common a key: names count for companies only."""
        if vals is None:
            vals = {
                "name": self.name,
                "email": self.email,
                "phone": self.phone or self.mobile,
                "vat": self.vat,
                "company_registry": self.company_registry,
                "parent_id": self.parent_id.id,
                "is_company": self.is_company,
            }
        if vals.get("parent_id"):
            return {}
        return {
            "name": vals.get("name") if vals.get("is_company") else None,
            "email": vals.get("email"),
            "phone": vals.get("phone") or vals.get("mobile"),
            "vat": vals.get("vat"),
            "company_registry": vals.get("company_registry"),
        }

    @api.model_create_multi
    def create(self, vals_list):
        check_owner_on_create(self, vals_list)
        conflicts = self._check_registration(vals_list)
        now = fields.Datetime.now()
        for vals in vals_list:
            if vals.get("user_id"):
                vals.setdefault("owner_since", now)
            if not vals.get("parent_id"):
                for key, value in self._prepare_registration_vals().items():
                    vals.setdefault(key, value)
        partners = super().create(vals_list)
        partners._notify_registration_conflicts(conflicts)
        return partners

    def write(self, vals):
        check_owner_change(self, vals)
        changed = (
            self.filtered(lambda partner: partner.user_id.id != vals["user_id"])
            if "user_id" in vals
            else self.browse()
        )
        result = super().write(vals)
        if changed:
            super(ResPartner, changed).write(
                {"owner_since": fields.Datetime.now() if vals["user_id"] else False}
            )
        return result
