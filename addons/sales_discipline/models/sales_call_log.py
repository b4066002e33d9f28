from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.customer_tiering.tools.guard import check_guarded_write
from odoo.addons.lead_allocation.services import duplicates

MANAGER_GROUP = "sales_team.group_sale_manager"
# what the call was, who made it and with whom: the counts that flag a
# frequent caller are made of these, so only a manager corrects them
CALL_FACTS = (
    "direction",
    "phone",
    "partner_id",
    "lead_id",
    "user_id",
    "call_date",
    "outcome",
    "company_id",
)


class SalesCallLog(models.Model):
    """One phone call with a customer or a prospect.

    The caller is matched on the server by the suite's normalised phone (the
    ``reg_phone_key`` of leads and customers), whatever the client sends: a
    salesperson logs his own calls only, and cannot put a call on another
    customer than the one the number belongs to. Imported calls go through
    the same ``create``, so they are matched too, in one search a batch.
    """

    _name = "sales.call.log"
    _description = "Call Log"
    _order = "call_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name")
    direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound")],
        required=True,
        default="outbound",
        index=True,
    )
    phone = fields.Char(string="Number")
    phone_key = fields.Char(
        compute="_compute_phone_key", store=True, index=True, string="Number Key"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        ondelete="set null",
        check_company=True,
        help="Matched by the number on the server; the lead's customer when "
        "the call is logged on a lead.",
    )
    lead_id = fields.Many2one(
        "crm.lead", index=True, ondelete="set null", check_company=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        help="Who took or made the call: a salesperson logs his own calls only.",
    )
    call_date = fields.Datetime(
        string="Date", required=True, index=True, default=fields.Datetime.now
    )
    duration = fields.Float(string="Duration (minutes)")
    outcome = fields.Selection(
        [
            ("answered", "Answered"),
            ("no_answer", "No Answer"),
            ("busy", "Busy"),
            ("voicemail", "Voicemail"),
            ("wrong_number", "Wrong Number"),
        ],
        required=True,
        default="answered",
        index=True,
    )
    note = fields.Text()
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )

    @api.depends("direction", "phone", "partner_id", "lead_id")
    def _compute_name(self):
        labels = dict(self._fields["direction"]._description_selection(self.env))
        for call in self:
            who = call.partner_id.display_name or call.lead_id.name or call.phone or ""
            call.name = f"{labels.get(call.direction, '')}: {who}"

    @api.depends("phone")
    def _compute_phone_key(self):
        for call in self:
            call.phone_key = duplicates.normalize_phone(call.phone)

    @api.constrains("duration")
    def _check_duration(self):
        for call in self:
            if call.duration < 0:
                raise ValidationError(
                    self.env._(
                        "Duration: enter 0 or a positive number of minutes (it is "
                        "%(minutes)s).",
                        minutes=call.duration,
                    )
                )

    @api.constrains("phone", "partner_id", "lead_id")
    def _check_caller(self):
        for call in self:
            if not (call.phone or call.partner_id or call.lead_id):
                raise ValidationError(
                    self.env._(
                        "Number: enter the number called, or log the call from "
                        "the lead or the customer."
                    )
                )

    # ------------------------------------------------------------------
    # create: the caller and the company come from the server
    # ------------------------------------------------------------------
    @api.model
    def _is_call_manager(self):
        return self.env.su or self.env.user.has_group(MANAGER_GROUP)

    @api.model
    def _quick_log_action(self, context):
        """The quick-create dialog of a call, opened from a lead or a customer
        with the values it knows."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log a Call"),
            "res_model": "sales.call.log",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": context,
        }

    @api.model_create_multi
    def create(self, vals_list):
        """A salesperson's calls are his own, on the lead he may read and the
        customer the number (or that lead) belongs to; a manager's values are
        kept, and what he leaves out is matched the same way."""
        manager = self._is_call_manager()
        # defaults from the context first, so that they go through the
        # same checks as the values
        vals_list = [
            dict(
                self._add_missing_default_values(dict(vals)),
                company_id=(self.env.su and vals.get("company_id")) or False,
            )
            for vals in vals_list
        ]
        if not manager:
            for vals in vals_list:
                vals["user_id"] = self.env.uid
                vals["partner_id"] = False
                lead = self.env["crm.lead"].browse(vals.get("lead_id") or [])
                if lead and not lead.exists()._filtered_access("read"):
                    vals["lead_id"] = False
        self._match_callers(vals_list)
        return super().create(vals_list)

    @api.model
    def _match_callers(self, vals_list):
        """Completes each call's lead, customer and company, in one search of
        leads and one of customers for the whole batch."""
        Lead = self.env["crm.lead"].sudo().with_context(active_test=True)
        Partner = self.env["res.partner"].sudo().with_context(active_test=True)
        # one read of the leads and customers sent, for the batch
        Lead.browse(
            {vals["lead_id"] for vals in vals_list if vals.get("lead_id")}
        ).fetch(["phone", "partner_id", "company_id"])
        Partner.browse(
            {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        ).fetch(["phone", "mobile", "commercial_partner_id", "company_id"])
        for vals in vals_list:
            lead = Lead.browse(vals.get("lead_id") or [])
            if lead and not vals.get("phone"):
                vals["phone"] = lead.phone or lead.partner_id.phone or False
            partner = Partner.browse(vals.get("partner_id") or [])
            if partner and not vals.get("phone"):
                vals["phone"] = partner.phone or partner.mobile or False
            vals["_key"] = duplicates.normalize_phone(vals.get("phone"))
        keys = {vals["_key"] for vals in vals_list if vals["_key"]}
        leads_by_key, partners_by_key = {}, {}
        if keys:
            for lead in Lead.search(
                [("reg_phone_key", "in", list(keys))], order="create_date desc, id desc"
            ):
                leads_by_key.setdefault(lead.reg_phone_key, lead)
            for partner in Partner.search(
                [("reg_phone_key", "in", list(keys))], order="id"
            ):
                partners_by_key.setdefault(partner.reg_phone_key, Partner)
                partners_by_key[partner.reg_phone_key] |= partner
        for vals in vals_list:
            key = vals.pop("_key")
            lead = Lead.browse(vals.get("lead_id") or [])
            if not lead and key and key in leads_by_key and not vals.get("partner_id"):
                lead = leads_by_key[key]
                vals["lead_id"] = lead.id
            company = (
                self.env["res.company"].browse(vals["company_id"])
                if vals.get("company_id")
                else lead.company_id
            )
            partner = Partner.browse(vals.get("partner_id") or [])
            if not partner:
                partner = lead.partner_id
            if not partner and key:
                partner = partners_by_key.get(key, Partner).filtered(
                    lambda p, company=company: (
                        not company or p.company_id in (company, p.company_id.browse())
                    )
                )[:1]
            partner = partner.commercial_partner_id
            vals["partner_id"] = partner.id
            if not vals.get("company_id"):
                company = lead.company_id or partner.company_id or self.env.company
                vals["company_id"] = company.id
            if lead and lead.company_id and lead.company_id.id != vals["company_id"]:
                vals["lead_id"] = False
        return vals_list

    def write(self, vals):
        """A salesperson may add a note to a call; the call itself stays as
        logged."""
        check_guarded_write(self, vals, CALL_FACTS)
        return super().write(vals)

    @api.model
    def _log_done_calls(self, records_by_model, user):
        """Outbound answered calls for "Call" activities marked done, one
        create for all of them (called with the activities' records, which
        the activity itself ties to the call: nothing comes from a client)."""
        vals_list = []
        for model, records in records_by_model.items():
            for record in records:
                vals = {
                    "direction": "outbound",
                    "outcome": "answered",
                    "user_id": user.id,
                    "company_id": (record.company_id or self.env.company).id,
                }
                if model == "crm.lead":
                    vals["lead_id"] = record.id
                    vals["phone"] = record.phone or record.partner_id.phone or False
                    if record.partner_id:
                        vals["partner_id"] = record.partner_id.id
                else:
                    vals["partner_id"] = record.id
                    vals["phone"] = record.phone or record.mobile or False
                vals_list.append(vals)
        return self.sudo().create(vals_list) if vals_list else self.sudo()
