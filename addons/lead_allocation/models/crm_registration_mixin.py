from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from odoo.addons.customer_tiering.tools.guard import (
    check_guarded_write,
    strip_guarded_create,
)
from odoo.addons.iap.tools import iap_tools

from ..services import duplicates

KEY_FIELDS = {
    duplicates.NAME: "reg_name_key",
    duplicates.EMAIL: "reg_email_key",
    duplicates.PHONE: "reg_phone_key",
    duplicates.VAT: "reg_vat_key",
    duplicates.COMPANY_REGISTRY: "reg_registry_key",
}
# Odoo's own list for duplicates: an address there is a person, not a company.
GENERIC_MAIL_DOMAINS = frozenset(
    domain.strip() for domain in iap_tools._MAIL_DOMAIN_BLACKLIST
)
REGISTRATION_FIELDS = ("registered_by_id", "registered_date", "registration_conflict")


class CrmRegistrationMixin(models.AbstractModel):
    """Register before contact: whoever registers a prospect first owns it.

    Each record stores its normalised keys (name, email, phone, VAT, company
    registry); a new or edited lead or customer is searched by its new keys
    against what salespeople registered in the same company (records of no
    company count for every company), in one query per model and company
    for a whole batch. Only managers and the engines (as superuser, after
    their own checks) register without this check: no context key skips it.
    """

    _name = "crm.registration.mixin"
    _description = "Register Before Contact"

    registered_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    registered_date = fields.Datetime(string="Registered On", readonly=True, copy=False)
    registration_conflict = fields.Boolean(
        readonly=True,
        copy=False,
        help="Registered while another salesperson already had this prospect; "
        "it waits in the pool for a manager's decision.",
    )
    reg_name_key = fields.Char(
        compute="_compute_registration_keys", store=True, index=True, copy=False
    )
    reg_email_key = fields.Char(
        compute="_compute_registration_keys", store=True, index=True, copy=False
    )
    reg_phone_key = fields.Char(
        compute="_compute_registration_keys", store=True, index=True, copy=False
    )
    reg_vat_key = fields.Char(
        compute="_compute_registration_keys", store=True, index=True, copy=False
    )
    reg_registry_key = fields.Char(
        compute="_compute_registration_keys", store=True, index=True, copy=False
    )

    def _registration_depends(self):
        return []

    def _registration_record_vals(self):
        """The record's own values, shaped like create values, for
        ``_registration_values``."""
        raise NotImplementedError

    def _registration_values(self, vals=None):
        """``match_keys`` arguments of a record, or of create values."""
        raise NotImplementedError

    def _registration_company(self, vals, record=None):
        """The company whose registrations the values (of ``record`` when it
        exists) are checked against: a record of another company neither
        stops nor reveals anything."""
        company_id = vals.get("company_id")
        if company_id:
            return self.env["res.company"].browse(company_id)
        return (record and record.company_id) or self.env.company

    def _registration_scope_domain(self):
        """Records that count as a salesperson's registration: registered by
        a real internal user (not the system), not owned by the system."""
        return [
            ("registered_by_id", "!=", False),
            ("registered_by_id", "!=", SUPERUSER_ID),
            ("registered_by_id.share", "=", False),
            ("user_id", "!=", SUPERUSER_ID),
        ]

    @api.model
    def _registration_keys(self, vals):
        return duplicates.match_keys(
            **self._registration_values(vals), generic_domains=GENERIC_MAIL_DOMAINS
        )

    @api.depends(lambda self: self._registration_depends())
    def _compute_registration_keys(self):
        for record in self:
            keys = dict(record._registration_keys(record._registration_record_vals()))
            for kind, field_name in KEY_FIELDS.items():
                record[field_name] = keys.get(kind)

    # ------------------------------------------------------------------
    # the check at registration
    # ------------------------------------------------------------------
    @api.model
    def _registration_privileged(self):
        env = self.env
        return env.su or env.user.has_group("sales_team.group_sale_manager")

    @api.model
    def _registration_matches(self, candidates):
        """For each ``(keys, company, record)``, the registrations of that
        company (or of none) sharing a key with it, ``record`` itself left
        out: one search per model and company for the whole batch."""
        by_company = {}
        for keys, company, _record in candidates:
            for kind, value in keys:
                by_company.setdefault(company, {}).setdefault(kind, set()).add(value)
        found = {}
        for company, by_kind in by_company.items():
            keys_domain = []
            for kind, values in by_kind.items():
                keys_domain = (
                    (["|"] if keys_domain else [])
                    + keys_domain
                    + [(KEY_FIELDS[kind], "in", list(values))]
                )
            found[company] = []
            for model in ("crm.lead", "res.partner"):
                Model = self.env[model].sudo().with_context(active_test=True)
                found[company].extend(
                    Model.search(
                        keys_domain
                        + Model._registration_scope_domain()
                        + [("company_id", "in", [False, company.id])]
                    )
                )
        return [
            [
                match
                for match in found.get(company, [])
                if match != record
                and any(
                    (kind, match[field_name]) in keys
                    for kind, field_name in KEY_FIELDS.items()
                    if match[field_name]
                )
            ]
            for keys, company, record in candidates
        ]

    def _released_by(self, vals):
        """The records these values take from their owner: they are in the
        pool from now on (the engines say so themselves)."""
        if "user_id" not in vals or vals["user_id"] or "pooled_date" in vals:
            return self.browse()
        return self.filtered("user_id")

    def _registration_left_owner(self):
        """Whether the record has had an owner who lost it (recycled,
        transferred, released by a manager): then even the salesperson who
        registered it claims it from the pool like anybody else."""
        self.ensure_one()
        if self.pooled_date:
            return True
        field = "lead_id" if self._name == "crm.lead" else "partner_id"
        return bool(
            self.env["crm.pool.release"]
            .sudo()
            .search_count([(field, "=", self.id)], limit=1)
        )

    def _registration_problem(self, record):
        """Why ``record`` stops the current user from registering, or None."""
        blocking = duplicates.blocking(
            self.env.uid,
            record.user_id.id,
            record.registered_by_id.id,
            record._registration_left_owner(),
        )
        if not blocking:
            return None
        if blocking == duplicates.IN_POOL:
            message = duplicates.protection_message(None, None, None, True)
        else:
            registered = record.registered_date or record.create_date
            message = duplicates.protection_message(
                record.user_id.name,
                format_date(self.env, registered),
                format_date(self.env, record.pool_due_date)
                if record.pool_due_date
                else None,
                False,
            )
        return self.env._(message.message, **message.params)  # pylint: disable=translation-required

    def _registration_problems(self, candidates):
        """The first problem of each candidate, or None."""
        return [
            next(filter(None, map(self._registration_problem, matches)), None)
            for matches in self._registration_matches(candidates)
        ]

    @api.model
    def _check_registration(self, vals_list):
        """Refuses, or sends to the manager as a conflict, the registration of
        a prospect someone else registered first."""
        if self._registration_privileged():
            return []
        candidates = [
            (self._registration_keys(vals), self._registration_company(vals), self)
            for vals in vals_list
        ]
        conflicts = []
        for index, problem in enumerate(self._registration_problems(candidates)):
            if not problem:
                continue
            if self.env.company.registration_conflict_policy == "refuse":
                raise UserError(problem)
            vals_list[index].update({"user_id": False, "registration_conflict": True})
            conflicts.append((index, problem))
        return conflicts

    def _check_registration_write(self, vals):
        """The same check when a write gives a record keys it did not have:
        a blank lead filled in afterwards is a registration too. Returns the
        records that become conflicts, with their problem."""
        if self._registration_privileged() or not (
            set(vals) & set(self._registration_depends())
        ):
            return []
        candidates = []
        for record in self:
            old = record._registration_record_vals()
            new = dict(old, **{key: vals[key] for key in old if key in vals})
            if "company_type" in vals and "is_company" in old:
                new["is_company"] = vals["company_type"] == "company"
            keys = record._registration_keys(new) - record._registration_keys(old)
            company = record._registration_company(vals, record)
            candidates.append((keys, company, record))
        conflicts = []
        for (_keys, _company, record), problem in zip(
            candidates, self._registration_problems(candidates), strict=True
        ):
            if not problem:
                continue
            if self.env.company.registration_conflict_policy == "refuse":
                raise UserError(problem)
            conflicts.append((record, problem))
        return conflicts

    def _mark_registration_conflicts(self, conflicts):
        """A record edited into someone else's prospect waits in the pool for
        the managers, as a new one would."""
        for record, problem in conflicts:
            record.sudo().write({"user_id": False, "registration_conflict": True})
            record._notify_registration_conflicts([(0, problem)])

    @api.model
    def _strip_registration_create(self, vals_list):
        return strip_guarded_create(self, vals_list, REGISTRATION_FIELDS)

    def _check_registration_fields_write(self, vals):
        check_guarded_write(self, vals, REGISTRATION_FIELDS)

    def _prepare_registration_vals(self):
        return {
            "registered_by_id": self.env.uid,
            "registered_date": fields.Datetime.now(),
        }

    def _notify_registration_conflicts(self, conflicts):
        """Each conflict waits in the pool with an activity for the managers."""
        if not conflicts:
            return
        managers = (
            self.env.ref("sales_team.group_sale_manager")
            .sudo()
            .users.filtered(lambda user: user.active and not user.share)
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        values = []
        for index, problem in conflicts:
            record = self[index]
            record.sudo().message_post(
                body=self.env._("Registration conflict: %(problem)s", problem=problem),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            values.extend(
                {
                    "res_model_id": model_id,
                    "res_id": record.id,
                    "user_id": manager.id,
                    "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                    "summary": self.env._(
                        "Decide who owns %(record)s", record=record.display_name
                    ),
                    "note": problem,
                }
                for manager in managers
            )
        self.env["mail.activity"].sudo().create(values)
