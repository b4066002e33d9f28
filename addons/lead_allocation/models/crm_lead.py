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

from ..services import classing
from .crm_registration_mixin import REGISTRATION_FIELDS
from .res_partner import check_owner_change, check_owner_on_create

# Set by the engines (assignment date, who judged the class and when): a
# client that sets them freezes cycle clocks or pins a mismatch on someone.
ENGINE_FIELDS = (*REGISTRATION_FIELDS, "date_open", "judged_by_id", "judged_date")
# Set by the territory routing only: a client that sets them takes a lead out
# of the rotation or pretends it was routed.
TERRITORY_FIELDS = ("territory_id", "allocation_key")
LEAD_CLASSES = [(lead_class, lead_class) for lead_class in classing.CLASSES]


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = [
        "crm.lead",
        "crm.pool.mixin",
        "crm.registration.mixin",
        "crm.referral.mixin",
    ]

    lead_class = fields.Selection(
        LEAD_CLASSES,
        compute="_compute_lead_class",
        store=True,
        index=True,
        help="Class by expected revenue, in company currency, against the "
        "company's class thresholds.",
    )
    judged_class = fields.Selection(
        LEAD_CLASSES,
        copy=False,
        tracking=True,
        help="Class an intake agent gives the lead at intake; when set, it "
        "decides the allocation instead of the class by expected revenue.",
    )
    judged_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    judged_date = fields.Datetime(string="Judged On", readonly=True, copy=False)
    allocation_class = fields.Selection(
        LEAD_CLASSES,
        compute="_compute_allocation_class",
        store=True,
        index=True,
        help="The judged class when an intake agent set one, otherwise the "
        "class by expected revenue: the class the allocation uses.",
    )
    reallocation_request_ids = fields.One2many(
        "crm.reallocation.request", "lead_id", string="Re-allocation Requests"
    )
    reallocation_request_count = fields.Integer(
        compute="_compute_reallocation_request_count"
    )
    allocation_block_reason = fields.Char(
        string="Waiting Because",
        readonly=True,
        copy=False,
        help="Why the last fair allocation run could not give the lead a salesperson.",
    )
    territory_id = fields.Many2one(
        "crm.territory",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The territory that gave the lead its team.",
    )
    allocation_key = fields.Boolean(
        string="Key Lead",
        readonly=True,
        copy=False,
        help="The lead's territory is key: the rotation leaves it to the sales "
        "manager's direct allocation.",
    )

    @api.depends(
        "expected_revenue",
        "company_id",
        "company_id.currency_id",
        "company_id.lead_class_a_threshold",
        "company_id.lead_class_b_threshold",
        "company_id.lead_class_c_threshold",
    )
    def _compute_lead_class(self):
        today = fields.Date.context_today(self)
        for lead in self:
            company = lead.company_id or self.env.company
            revenue = lead.expected_revenue
            # Odoo keeps the expected revenue in the lead's company currency;
            # convert should the thresholds' company ever use another one.
            currency = lead.company_currency or company.currency_id
            if revenue and currency != company.currency_id:
                revenue = currency._convert(
                    revenue, company.currency_id, company, today
                )
            lead.lead_class = classing.lead_class(
                revenue, company._lead_class_thresholds()
            )

    @api.depends("judged_class", "lead_class")
    def _compute_allocation_class(self):
        for lead in self:
            lead.allocation_class = lead.judged_class or lead.lead_class

    @api.depends("reallocation_request_ids")
    def _compute_reallocation_request_count(self):
        counts = dict(
            self.env["crm.reallocation.request"]._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
            )
        )
        for lead in self:
            lead.reallocation_request_count = counts.get(lead, 0)

    def action_request_reallocation(self):
        """The owner contests the judged class: a request form, pre-filled."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Re-allocation"),
            "res_model": "crm.reallocation.request",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lead_id": self.id},
        }

    def action_view_reallocation_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "lead_allocation.crm_reallocation_request_action"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {"default_lead_id": self.id}
        return action

    # ------------------------------------------------------------------
    # judged class
    # ------------------------------------------------------------------
    def _check_may_judge(self):
        if self.env.su or self.env.user.has_group("lead_allocation.group_intake_agent"):
            return
        raise UserError(
            self.env._(
                "%(field)s: only intake agents and sales managers may judge a "
                "lead's class; leave it empty or ask an intake agent.",
                field=self._fields["judged_class"].get_description(self.env)["string"],
            )
        )

    def _judged_values(self, judged_class):
        if not judged_class:
            return {"judged_by_id": False, "judged_date": False}
        return {"judged_by_id": self.env.uid, "judged_date": fields.Datetime.now()}

    def _registration_depends(self):
        return ["partner_name", "email_from", "phone"]

    def _registration_record_vals(self):
        return {
            "partner_name": self.partner_name,
            "email_from": self.email_from,
            "phone": self.phone,
        }

    def _registration_company(self, vals, record=None):
        if not vals.get("company_id") and vals.get("team_id"):
            team = self.env["crm.team"].sudo().browse(vals["team_id"])
            if team.company_id:
                return team.company_id
        return super()._registration_company(vals, record)

    def _registration_values(self, vals=None):
        if vals is None:
            vals = self._registration_record_vals()
        return {
            "name": vals.get("partner_name"),
            "email": vals.get("email_from"),
            "phone": vals.get("phone"),
        }

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = strip_derived_create(self, vals_list, TERRITORY_FIELDS)
        self = without_defaults(self, TERRITORY_FIELDS)
        vals_list = strip_guarded_create(self, vals_list, ENGINE_FIELDS)
        check_owner_on_create(self, vals_list)
        conflicts = self._check_registration(vals_list)
        for vals in vals_list:
            for key, value in self._prepare_registration_vals().items():
                vals.setdefault(key, value)
        for vals in vals_list:
            if vals.get("judged_class"):
                self._check_may_judge()
                for key, value in self._judged_values(vals["judged_class"]).items():
                    vals.setdefault(key, value)
        leads = super().create(vals_list)
        leads._notify_registration_conflicts(conflicts)
        self.env["crm.territory"]._route_leads(
            leads.filtered(lambda lead: not lead.team_id and not lead.user_id)
        )
        if not self.env.context.get("lead_allocation_no_auto"):
            leads._allocate_on_create()
        return leads

    def write(self, vals):
        check_derived_write(self, vals, TERRITORY_FIELDS)
        check_guarded_write(self, vals, ENGINE_FIELDS)
        check_owner_change(self, vals)
        conflicts = self._check_registration_write(vals)
        if vals.get("user_id"):
            vals = dict(vals, allocation_block_reason=False)
        judged = self.browse()
        if "judged_class" in vals:
            judged = self.filtered(
                lambda lead: lead.judged_class != (vals["judged_class"] or False)
            )
        released = self._released_by(vals)
        if judged:
            result = judged._write_judged(vals)
            if self - judged:
                super(CrmLead, self - judged).write(vals)
        else:
            result = super().write(vals)
        if released:
            super(CrmLead, released).write({"pooled_date": fields.Datetime.now()})
        self._mark_registration_conflicts(conflicts)
        if vals.get("partner_id"):
            self._referral_pass_to_partner()
        return result

    def _write_judged(self, vals):
        """A new judged class stamps who judged it and when, unless the
        values say so themselves (a re-allocation keeps the original judge)."""
        self._check_may_judge()
        return super().write(
            {**self._judged_values(vals["judged_class"] or False), **vals}
        )

    # ------------------------------------------------------------------
    # referral
    # ------------------------------------------------------------------
    def _referral_write(self, vals):
        result = super()._referral_write(vals)
        self._referral_pass_to_partner()
        return result

    def _referral_pass_to_partner(self):
        """A referred lead's customer inherits its referral, unless the
        customer was referred first."""
        for lead in self.sudo().filtered(lambda lead: lead.referrer_id):
            partner = lead.partner_id.commercial_partner_id
            if partner and not partner.referrer_id:
                partner._referral_write(
                    {
                        "referrer_id": lead.referrer_id.id,
                        "referrer_team_id": lead.referrer_team_id.id,
                        "referral_date": lead.referral_date,
                    }
                )

    # ------------------------------------------------------------------
    # allocation
    # ------------------------------------------------------------------
    def _allocate_on_create(self):
        """New leads of fair-allocation teams whose company allocates on
        creation are allocated straight away."""
        candidates = self.filtered(
            lambda lead: (
                not lead.user_id
                and lead.active
                and lead.team_id.use_fair_allocation
                and (
                    lead.team_id.company_id or lead.company_id or self.env.company
                ).lead_allocate_on_create
            )
        )
        if candidates:
            self.env["crm.lead.allocation.engine"].sudo()._allocate(candidates)

    def _schedule_key_activities(self):
        """One "allocate key lead" activity per key lead for its team leader,
        never a second one: the open ones are read in one search."""
        activity_type = self.env.ref(
            "lead_allocation.mail_activity_type_key_lead", raise_if_not_found=False
        )
        leads = self.filtered(lambda lead: lead.team_id.user_id)
        if not activity_type or not leads:
            return
        Activity = self.env["mail.activity"].sudo()
        scheduled = set(
            Activity.search(
                [
                    ("res_model", "=", "crm.lead"),
                    ("res_id", "in", leads.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            ).mapped("res_id")
        )
        model_id = self.env["ir.model"]._get_id("crm.lead")
        Activity.create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": lead.id,
                    "activity_type_id": activity_type.id,
                    "user_id": lead.team_id.user_id.id,
                    "date_deadline": fields.Date.context_today(self),
                    "summary": self.env._(
                        "Key lead of %(territory)s: allocate it directly",
                        territory=lead.territory_id.name,
                    ),
                }
                for lead in leads
                if lead.id not in scheduled
            ]
        )

    def _close_key_activities(self):
        """A key lead handed out directly: its "allocate key lead" activity
        is done (the caller checked the manager's right)."""
        activity_type = self.env.ref(
            "lead_allocation.mail_activity_type_key_lead", raise_if_not_found=False
        )
        if not activity_type:
            return
        self.env["mail.activity"].sudo().search(
            [
                ("res_model", "=", "crm.lead"),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        ).action_feedback()

    def action_allocate_now(self):
        """Allocates the selected leads that wait for a salesperson."""
        self.env["crm.team"]._check_allocation_manager()
        engine = self.env["crm.lead.allocation.engine"]
        return engine._notify(engine._allocate(self))
