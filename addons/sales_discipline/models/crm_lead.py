from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.customer_tiering.tools.guard import (
    check_guarded_write,
    strip_guarded_create,
)
from odoo.addons.customer_tiering.tools.retry import retry_on_conflict
from odoo.addons.lead_allocation.services import duplicates

from ..services import working_hours

SLA_STATES = [
    ("none", "No SLA"),
    (working_hours.SLA_PENDING, "Pending"),
    (working_hours.SLA_MET, "Met"),
    (working_hours.SLA_BREACHED, "Breached"),
]
SLA_BATCH = 1000
# the SLA clock: set by the allocation engine and the first contact, or by a
# sales manager; an owner who could write them would never be breached
FIRST_CONTACT_FIELDS = (
    "first_contact_start",
    "first_contact_deadline",
    "first_contact_date",
    "first_contact_minutes",
    "first_contact_state",
)


class CrmLead(models.Model):
    _inherit = "crm.lead"

    first_contact_start = fields.Datetime(
        string="Allocated On", copy=False, readonly=True
    )
    first_contact_deadline = fields.Datetime(
        string="First Contact Due", copy=False, readonly=True, index=True
    )
    first_contact_date = fields.Datetime(
        string="First Contact On", copy=False, readonly=True
    )
    first_contact_minutes = fields.Float(
        string="First Contact After (working minutes)",
        copy=False,
        readonly=True,
        aggregator="avg",
    )
    first_contact_state = fields.Selection(
        SLA_STATES,
        string="First Contact",
        default="none",
        copy=False,
        readonly=True,
        index=True,
    )
    is_special_customer = fields.Boolean(
        related="partner_id.commercial_partner_id.is_special_customer",
        string="Special Customer",
    )
    special_warning = fields.Text(related="partner_id.special_warning")

    # ------------------------------------------------------------------
    # intake duty (mismatch ladder)
    # ------------------------------------------------------------------
    def _check_may_judge(self):
        result = super()._check_may_judge()
        until = self.env.user.intake_off_duty_until
        if (
            not self.env.su
            and until
            and fields.Date.context_today(self) < until
            and not self.env.user.has_group("sales_team.group_sale_manager")
        ):
            raise UserError(
                self.env._(
                    "Judged Class: you are off intake duty until %(date)s (intake "
                    "mismatch ladder); leave the class empty or ask another "
                    "intake agent.",
                    date=until,
                )
            )
        return result

    # ------------------------------------------------------------------
    # the clock starts when the lead is given to a salesperson
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = strip_guarded_create(self, vals_list, FIRST_CONTACT_FIELDS)
        self._route_special_customers(vals_list)
        leads = super().create(vals_list)
        leads.filtered(lambda lead: lead.user_id)._start_first_contact_clock()
        return leads

    def write(self, vals):
        check_guarded_write(self, vals, FIRST_CONTACT_FIELDS)
        owner_change = "user_id" in vals
        result = super().write(vals)
        if owner_change:
            if vals["user_id"]:
                self._start_first_contact_clock()
            else:
                self._stop_first_contact_clock()
        if "stage_id" in vals and not owner_change:
            self._record_first_contact(self.env.user.partner_id)
        return result

    # ------------------------------------------------------------------
    # special customers
    # ------------------------------------------------------------------
    @api.model
    def _route_special_customers(self, vals_list):
        """A new lead of a special customer (its customer, or a customer
        whose number it has) goes to the company's special customers team,
        unassigned unless a member of that team or a manager takes it; one
        search for the whole batch."""
        Partner = self.env["res.partner"].sudo().with_context(active_test=True)
        keys = {
            duplicates.normalize_phone(vals.get("phone"))
            for vals in vals_list
            if not vals.get("partner_id") and vals.get("phone")
        } - {None}
        by_key = {}
        if keys:
            for partner in Partner.search(
                [
                    ("reg_phone_key", "in", list(keys)),
                    ("commercial_partner_id.is_special_customer", "=", True),
                ],
                order="id",
            ):
                by_key.setdefault(partner.reg_phone_key, partner)
        manager = self.env.su or self.env.user.has_group(
            "sales_team.group_sale_manager"
        )
        for vals in vals_list:
            partner = Partner.browse(vals.get("partner_id") or [])
            if not partner and vals.get("phone"):
                partner = by_key.get(duplicates.normalize_phone(vals["phone"]), Partner)
                company_id = vals.get("company_id")
                if company_id and partner.company_id.id not in (False, company_id):
                    partner = Partner
                if partner:
                    vals["partner_id"] = partner.id
            if not partner.commercial_partner_id.is_special_customer:
                continue
            company = self.env["res.company"].browse(
                vals.get("company_id") or partner.company_id.id or self.env.company.id
            )
            team = company.sudo().special_team_id
            if not team:
                continue
            vals["team_id"] = team.id
            members = team.sudo().member_ids.ids
            if "user_id" not in vals:
                # not the creator's by default, unless he is on the team
                vals["user_id"] = self.env.uid if self.env.uid in members else False
            elif vals["user_id"] and not manager and vals["user_id"] not in members:
                vals["user_id"] = False
        return vals_list

    def _special_leads(self):
        return self.filtered(
            lambda lead: (
                lead.sudo().partner_id.commercial_partner_id.is_special_customer
            )
        )

    def action_log_call(self):
        """The quick-create form of a call about this lead."""
        self.ensure_one()
        return self.env["sales.call.log"]._quick_log_action(
            {
                "default_lead_id": self.id,
                "default_phone": self.phone or self.partner_id.phone or False,
            }
        )

    def _start_first_contact_clock(self, now=None):
        """A lead a salesperson registers for himself needs no reminder to
        contact it: the clock runs for leads given to him by someone else
        (the allocation, a manager, a claim, a re-allocation). Special
        customers are out of the SLA: their calls are no measure of it."""
        facts = self.env["sales.policy.facts"]
        special = self._special_leads()
        leads = self.filtered(
            lambda lead: (
                lead not in special
                and lead.active
                and lead.user_id
                and (self.env.su or lead.user_id != self.env.user)
                and facts._is_open_lead(lead)
            )
        )
        if not leads:
            return
        now = (now or fields.Datetime.now()).replace(microsecond=0)
        # Odoo's own assignment writes lead by lead: the calendar is read and
        # the scheduled check triggered once per company and second, not per
        # lead, within a transaction.
        cache = self.env.cr.cache.setdefault("first_contact_deadlines", {})
        triggered = self.env.cr.cache.setdefault("first_contact_triggers", set())
        deadlines = {}
        for company in leads.company_id | self.env.company:
            company_leads = leads.filtered(
                lambda lead, company=company: (
                    (lead.company_id or self.env.company) == company
                )
            )
            if not company_leads:
                continue
            deadline = cache.get((company.id, now))
            if deadline is None:
                deadline = cache[company.id, now] = company._first_contact_deadline(now)
            deadlines.setdefault(deadline, self.browse())
            deadlines[deadline] |= company_leads
        for deadline, batch in deadlines.items():
            batch.sudo().write(
                {
                    "first_contact_start": now,
                    "first_contact_deadline": deadline,
                    "first_contact_date": False,
                    "first_contact_minutes": 0.0,
                    "first_contact_state": working_hours.SLA_PENDING,
                }
            )
        earliest = min(deadlines)
        if earliest not in triggered:
            triggered.add(earliest)
            cron_id = self.env["ir.model.data"]._xmlid_to_res_id(
                "sales_discipline.ir_cron_first_contact_sla", raise_if_not_found=False
            )
            if cron_id:
                self.env["ir.cron"].sudo().browse(cron_id)._trigger(at=earliest)

    def _stop_first_contact_clock(self):
        pending = self.filtered(
            lambda lead: lead.first_contact_state == working_hours.SLA_PENDING
        )
        if pending:
            pending.sudo().write(
                {"first_contact_state": "none", "first_contact_deadline": False}
            )

    # ------------------------------------------------------------------
    # real first contacts by the owner
    # ------------------------------------------------------------------
    def _record_first_contact(self, author, when=None):
        """``author`` (a partner) contacted the customer: the first such
        contact by the lead's owner stops the clock."""
        leads = self.filtered(
            lambda lead: (
                lead.first_contact_state
                in (working_hours.SLA_PENDING, working_hours.SLA_BREACHED)
                and not lead.first_contact_date
                and lead.user_id
                and lead.user_id.partner_id == author
            )
        )
        when = (when or fields.Datetime.now()).replace(microsecond=0)
        for lead in leads:
            company = lead.company_id or self.env.company
            minutes = working_hours.elapsed_working_minutes(
                lead.first_contact_start,
                when,
                company._working_intervals(lead.first_contact_start, when),
            )
            state = working_hours.sla_state(lead.first_contact_deadline, when, when)
            if lead.first_contact_state == working_hours.SLA_BREACHED:
                state = working_hours.SLA_BREACHED
            lead.sudo().write(
                {
                    "first_contact_date": when,
                    "first_contact_minutes": round(minutes, 1),
                    "first_contact_state": state,
                }
            )

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        if message.model == self._name and self.env[
            "sales.policy.facts"
        ]._is_sales_contact_message(message):
            self._record_first_contact(message.author_id)
        return message

    # ------------------------------------------------------------------
    # breaches
    # ------------------------------------------------------------------
    @api.model
    @retry_on_conflict
    def _cron_check_first_contact(self, batch_size=SLA_BATCH):
        """Breaches the pending leads whose deadline passed, one batch per
        call; a breached lead is no longer pending, so a re-run or a retry
        after an interruption never breaches or punishes it twice."""
        now = fields.Datetime.now()
        due = self.sudo().search(
            [
                ("first_contact_state", "=", working_hours.SLA_PENDING),
                ("first_contact_deadline", "<=", now),
            ],
            order="first_contact_deadline, id",
            limit=batch_size + 1,
        )
        batch = due[:batch_size]
        batch._breach_first_contact()
        remaining = len(due) - len(batch)
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return len(batch)

    def _breach_first_contact(self):
        """A lead whose customer became special since its clock started is
        out of the SLA: its clock stops instead."""
        special = self._special_leads()
        special._stop_first_contact_clock()
        (self - special)._apply_first_contact_breach()

    def _apply_first_contact_breach(self):
        if not self:
            return
        self.write({"first_contact_state": working_hours.SLA_BREACHED})
        violation_type = self.env.ref(
            "sales_discipline.violation_type_missed_first_contact",
            raise_if_not_found=False,
        )
        if violation_type and violation_type.active:
            self.env["sales.violation"]._create_automatic(
                [
                    lead._prepare_first_contact_violation_vals(violation_type)
                    for lead in self
                ]
            )
        self._notify_first_contact_breach()

    def _prepare_first_contact_violation_vals(self, violation_type):
        self.ensure_one()
        return {
            "user_id": self.user_id.id,
            "type_id": violation_type.id,
            "lead_id": self.id,
            "partner_id": self.partner_id.commercial_partner_id.id,
            "company_id": (self.company_id or self.env.company).id,
            "date": fields.Date.context_today(self, self.first_contact_deadline),
            "origin": f"first_contact:crm.lead:{self.id}:"
            f"{fields.Datetime.to_string(self.first_contact_deadline)}",
            "description": self.env._(
                "%(lead)s was allocated on %(start)s and not contacted by "
                "%(deadline)s.",
                lead=self.display_name,
                start=self.first_contact_start,
                deadline=self.first_contact_deadline,
            ),
        }

    def _notify_first_contact_breach(self):
        """One activity per lead for its team leader, created in one batch
        and without the assignment email of each."""
        activity_type = self.env.ref(
            "sales_discipline.mail_activity_type_first_contact_breach"
        )
        model_id = self.env["ir.model"]._get_id("crm.lead")
        today = fields.Date.context_today(self)
        vals_list = [
            {
                "res_model_id": model_id,
                "res_id": lead.id,
                "activity_type_id": activity_type.id,
                "user_id": lead.team_id.user_id.id,
                "date_deadline": today,
                "note": self.env._(
                    "%(user)s did not contact this lead in time (due %(deadline)s).",
                    user=lead.user_id.name,
                    deadline=lead.first_contact_deadline,
                ),
            }
            for lead in self.filtered(lambda lead: lead.team_id.user_id)
        ]
        if vals_list:
            self.env["mail.activity"].sudo().with_context(
                mail_activity_quick_update=True
            ).create(vals_list)
