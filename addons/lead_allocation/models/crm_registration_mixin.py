from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..services import duplicates

KEY_FIELDS = {
    duplicates.NAME: "reg_name_key",
    duplicates.EMAIL: "reg_email_key",
    duplicates.PHONE: "reg_phone_key",
    duplicates.VAT: "reg_vat_key",
    duplicates.COMPANY_REGISTRY: "reg_registry_key",
}
SKIP_CONTEXT = "lead_allocation_skip_registration"


class CrmRegistrationMixin(models.AbstractModel):
    """Register before contact: whoever registers a prospect first owns it.

    Each record stores its normalised keys (name, email, phone, VAT, company
    registry); a new lead or customer is searched by its keys against every
    registered lead and customer, in one query per model for a whole batch.
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

    def _registration_values(self, vals=None):
        """``match_keys`` arguments of a record, or of create values."""
        raise NotImplementedError

    @api.depends(lambda self: self._registration_depends())
    def _compute_registration_keys(self):
        for record in self:
            keys = dict(duplicates.match_keys(**record._registration_values()))
            for kind, field_name in KEY_FIELDS.items():
                record[field_name] = keys.get(kind)

    # ------------------------------------------------------------------
    # the check at registration
    # ------------------------------------------------------------------
    @api.model
    def _registration_matches(self, vals_list):
        """For each create values, the registered leads and customers sharing
        a key with it: one search per model for the whole batch."""
        keys_list = [
            duplicates.match_keys(**self._registration_values(vals))
            for vals in vals_list
        ]
        by_kind = {}
        for keys in keys_list:
            for kind, value in keys:
                by_kind.setdefault(kind, set()).add(value)
        if not by_kind:
            return [self.browse() for _vals in vals_list]
        domain = []
        for kind, values in by_kind.items():
            domain = (
                (["|"] if domain else [])
                + domain
                + [(KEY_FIELDS[kind], "in", list(values))]
            )
        found = []
        for model in ("crm.lead", "res.partner"):
            records = (
                self.env[model].sudo().with_context(active_test=True).search(domain)
            )
            found.extend(records)
        matches = []
        for keys in keys_list:
            matches.append(
                [
                    record
                    for record in found
                    if any(
                        (kind, record[field_name]) in keys
                        for kind, field_name in KEY_FIELDS.items()
                        if record[field_name]
                    )
                ]
            )
        return matches

    def _registration_problem(self, record):
        """Why ``record`` stops the current user from registering, or None."""
        owner = record.user_id
        if owner == self.env.user:
            return None
        if not owner:
            message = duplicates.protection_message(None, None, None, True)
        else:
            registered = record.registered_date or record.create_date
            message = duplicates.protection_message(
                owner.name,
                format_date(self.env, registered),
                format_date(self.env, record.pool_due_date)
                if record.pool_due_date
                else None,
                False,
            )
        return self.env._(message.message, **message.params)  # pylint: disable=translation-required

    @api.model
    def _check_registration(self, vals_list):
        """Refuses, or sends to the manager as a conflict, the registration of
        a prospect someone else registered first."""
        env = self.env
        if env.su or env.context.get(SKIP_CONTEXT):
            return []
        if env.user.has_group("sales_team.group_sale_manager"):
            return []
        conflicts = []
        for index, matches in enumerate(self._registration_matches(vals_list)):
            problems = [
                problem
                for problem in map(self._registration_problem, matches)
                if problem
            ]
            if not problems:
                continue
            if env.company.registration_conflict_policy == "refuse":
                raise UserError(problems[0])
            vals_list[index].update({"user_id": False, "registration_conflict": True})
            conflicts.append((index, problems[0]))
        return conflicts

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
