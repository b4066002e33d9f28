from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.customer_tiering.tools.derived import (
    check_derived_write,
    strip_derived_create,
    without_defaults,
)
from odoo.addons.customer_tiering.tools.guard import (
    check_guarded_write,
    strip_guarded_create,
)

from ..services import duplicates
from .crm_registration_mixin import REGISTRATION_FIELDS

# The ownership cycle counts from owner_since: only the engines set it.
ENGINE_FIELDS = (*REGISTRATION_FIELDS, "owner_since", "territory_team_override_id")
# The territory follows the address; only the territory engine sets it.
TERRITORY_FIELDS = ("territory_id", "territory_team_id")
TERRITORY_ADDRESS_FIELDS = ("country_id", "state_id", "city", "zip", "industry_id")


def may_change_owner(env):
    """Only a sales manager, or an engine running as superuser after its own
    group check (claims, transfers, re-allocations, the allocation), changes
    who owns a lead or a customer. No context key grants it."""
    return env.su or env.user.has_group("sales_team.group_sale_manager")


def _owner_change_error(env, records):
    return UserError(
        env._(
            "Salesperson: you cannot change the owner of %(records)s. Claim "
            "it from the pool or ask your sales manager for a transfer.",
            records=", ".join(records[:3].mapped("display_name")),
        )
    )


def takes_own_registration(record, owner_id):
    """A salesperson may become the owner of what he registered himself for
    the pool, as long as nobody owned it since and no manager has to decide
    on it: he could have registered it for himself in the first place."""
    env = record.env
    return (
        owner_id == env.uid
        and not record.registration_conflict
        and duplicates.blocking(
            env.uid,
            record.user_id.id,
            record.registered_by_id.id,
            record._registration_left_owner(),
        )
        is None
    )


def check_owner_change(records, vals):
    """Salespeople never change who owns a lead or a customer themselves, by
    any route (form, list, import, RPC, any context)."""
    if "user_id" not in vals or may_change_owner(records.env):
        return
    changed = records.filtered(
        lambda record: (
            record.user_id.id != vals["user_id"]
            and not takes_own_registration(record, vals["user_id"])
        )
    )
    if changed:
        raise _owner_change_error(records.env, changed)


def check_owner_on_create(model, vals_list):
    """A salesperson registers records for himself or for the pool only."""
    env = model.env
    if may_change_owner(env):
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
    _inherit = [
        "res.partner",
        "crm.pool.mixin",
        "crm.registration.mixin",
        "crm.referral.mixin",
    ]

    owner_since = fields.Datetime(
        string="Owned Since",
        copy=False,
        help="When the current salesperson became the owner; ownership cycles "
        "count from here.",
    )
    territory_id = fields.Many2one(
        "crm.territory",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The most specific territory of the customer's address and industry.",
    )
    territory_team_override_id = fields.Many2one(
        "crm.team",
        string="Territory Team (Override)",
        copy=False,
        tracking=True,
        help="Set by a sales manager: the customer's territory team whatever "
        "its address says.",
    )
    territory_team_id = fields.Many2one(
        "crm.team",
        compute="_compute_territory_team_id",
        store=True,
        index="btree_not_null",
        help="The override when a sales manager set one, otherwise the team of "
        "the customer's territory.",
    )

    @api.depends("territory_id.team_id", "territory_team_override_id")
    def _compute_territory_team_id(self):
        for partner in self:
            partner.territory_team_id = (
                partner.territory_team_override_id or partner.territory_id.team_id
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

    def _registration_record_vals(self):
        return {
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "mobile": self.mobile,
            "vat": self.vat,
            "company_registry": self.company_registry,
            "parent_id": self.parent_id.id,
            "is_company": self.is_company,
        }

    def _registration_scope_domain(self):
        """The company's own contacts (its partners, its users) are nobody's
        registration."""
        companies = self.env["res.company"].sudo().with_context(active_test=False)
        return super()._registration_scope_domain() + [
            ("partner_share", "=", True),
            ("id", "not in", companies.search([]).partner_id.ids),
        ]

    def _registration_values(self, vals=None):
        """Contacts of a company are not registrations of their own, and a
        person's name is too common a key: names count for companies only."""
        if vals is None:
            vals = self._registration_record_vals()
        if vals.get("parent_id"):
            return {}
        return {
            "name": vals.get("name") if vals.get("is_company") else None,
            "email": vals.get("email"),
            "phone": vals.get("phone") or vals.get("mobile"),
            "vat": vals.get("vat"),
            "company_registry": vals.get("company_registry"),
        }

    def _check_computed_owner(self, owners):
        """Odoo's ``_compute_user_id`` gives a contact its parent's
        salesperson: a pool company turned into a contact of one's customer
        and back would change hands without ``user_id`` in the values. Such a
        change follows the rule of a write of ``user_id``; a salesperson only
        gets what he could have registered for himself anyway (his own new
        contact, attached to his customer)."""
        if may_change_owner(self.env):
            return
        refused = self.filtered(
            lambda partner: (
                partner.user_id != self.env.user
                or owners[partner]
                or partner.registration_conflict
                or partner.registered_by_id != self.env.user
                or partner.pooled_date
            )
        )
        if refused:
            raise _owner_change_error(self.env, refused)

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = strip_derived_create(self, vals_list, TERRITORY_FIELDS)
        self = without_defaults(self, TERRITORY_FIELDS)
        vals_list = strip_guarded_create(self, vals_list, ENGINE_FIELDS)
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
        self.env["crm.territory"]._assign_partners(partners)
        return partners

    def write(self, vals):
        check_derived_write(self, vals, TERRITORY_FIELDS)
        check_guarded_write(self, vals, ENGINE_FIELDS)
        check_owner_change(self, vals)
        conflicts = self._check_registration_write(vals)
        owners = {partner: partner.user_id for partner in self}
        released = self._released_by(vals)
        result = super().write(vals)
        if released:
            super(ResPartner, released).write({"pooled_date": fields.Datetime.now()})
        changed = self.filtered(lambda partner: partner.user_id != owners[partner])
        if changed and "user_id" not in vals:
            changed._check_computed_owner(owners)
        if changed:
            now = fields.Datetime.now()
            for partner in changed:
                super(ResPartner, partner).write(
                    {"owner_since": now if partner.user_id else False}
                )
        self._mark_registration_conflicts(conflicts)
        if set(vals) & {
            *TERRITORY_ADDRESS_FIELDS,
            "parent_id",
            "company_id",
            "user_id",
        }:
            self.env["crm.territory"]._assign_partners(self)
        return result
