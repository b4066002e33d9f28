from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.customer_tiering.tools import bulk_writer

from ..models.crm_handover import HANDOVER_REASONS
from ..services import handover

MANAGER_GROUP = "sales_team.group_sale_manager"
SALESMAN_GROUP = "sales_team.group_sale_salesman"
MODES = [
    (handover.POOL, "To the pool"),
    (handover.COLLEAGUE, "To a colleague"),
    (handover.ROTATION, "Split by the fair rotation"),
]
#: (category, model, wizard field prefix)
CATEGORIES = (
    ("lead", "crm.lead", "lead"),
    ("opportunity", "crm.lead", "opportunity"),
    ("customer", "res.partner", "customer"),
)


class CrmHandoverWizard(models.TransientModel):
    """A sales manager hands over the whole book of a salesperson who leaves
    or changes post: open leads, opportunities and customers go to the pool,
    to a named colleague or through the fair rotation; his activities,
    followers, key-person holdings and pending requests follow or are
    cancelled; a handover report records what went where."""

    _name = "crm.handover.wizard"
    _description = "Salesperson Handover"

    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        domain="[('share', '=', False)]",
        default=lambda self: self._default_user_id(),
    )
    reason = fields.Selection(HANDOVER_REASONS, required=True, default="departure")
    archive_user = fields.Boolean(
        string="Archive the Salesperson Afterwards",
        compute="_compute_archive_user",
        store=True,
        readonly=False,
        help="Ticked for a departure: once his book is handed over the user "
        "is archived. Leave it unticked for a change of post.",
    )
    note = fields.Text(
        help="Why the records are handed over; written on the transfers and the report."
    )
    lead_mode = fields.Selection(MODES, string="Leads", required=True, default="pool")
    lead_colleague_id = fields.Many2one(
        "res.users", string="Colleague for Leads", domain="[('share', '=', False)]"
    )
    opportunity_mode = fields.Selection(
        MODES, string="Opportunities", required=True, default="pool"
    )
    opportunity_colleague_id = fields.Many2one(
        "res.users",
        string="Colleague for Opportunities",
        domain="[('share', '=', False)]",
    )
    customer_mode = fields.Selection(
        MODES, string="Customers", required=True, default="pool"
    )
    customer_colleague_id = fields.Many2one(
        "res.users",
        string="Colleague for Customers",
        domain="[('share', '=', False)]",
    )
    lead_count = fields.Integer(compute="_compute_preview", string="Open Leads")
    opportunity_count = fields.Integer(
        compute="_compute_preview", string="Open Opportunities"
    )
    customer_count = fields.Integer(
        compute="_compute_preview", string="Owned Customers"
    )
    activity_count = fields.Integer(
        compute="_compute_preview", string="Open Activities"
    )
    request_count = fields.Integer(
        compute="_compute_preview",
        string="Pending Requests",
        help="Claims, transfers and re-allocation requests of the salesperson "
        "still waiting for a decision: they are rejected.",
    )

    # ------------------------------------------------------------------
    # defaults and preview
    # ------------------------------------------------------------------
    @api.model
    def _default_user_id(self):
        context = self.env.context
        if context.get("active_model") == "res.users":
            return context.get("active_id")
        if context.get("active_model") == "crm.team.member" and context.get(
            "active_id"
        ):
            return self.env["crm.team.member"].browse(context["active_id"]).user_id.id
        return False

    @api.depends("reason")
    def _compute_archive_user(self):
        for wizard in self:
            wizard.archive_user = wizard.reason == "departure"

    @api.depends("user_id")
    def _compute_preview(self):
        for wizard in self:
            book = wizard._book() if wizard.user_id else {}
            wizard.lead_count = len(book.get("lead", ()))
            wizard.opportunity_count = len(book.get("opportunity", ()))
            wizard.customer_count = len(book.get("customer", ()))
            wizard.activity_count = (
                self.env["mail.activity"]
                .sudo()
                .search_count([("user_id", "=", wizard.user_id.id)])
                if wizard.user_id
                else 0
            )
            wizard.request_count = (
                len(wizard._pending_requests()) if wizard.user_id else 0
            )

    # ------------------------------------------------------------------
    # who may hand over, and to whom
    # ------------------------------------------------------------------
    @api.model
    def _check_handover_manager(self):
        """The real user, whatever the context: a sales manager only."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        raise AccessError(
            self.env._(
                "Handover: only a sales manager may hand over a salesperson's "
                "records; ask your sales manager."
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_handover_manager()
        return super().create(vals_list)

    def _check_colleague(self, colleague, label):
        company = self.env.company
        if not colleague:
            raise UserError(
                self.env._(
                    "%(field)s: choose the colleague who takes them, or send them "
                    "to the pool.",
                    field=label,
                )
            )
        colleague = colleague.sudo()
        if (
            colleague == self.user_id
            or not colleague.active
            or colleague.share
            or not colleague.has_group(SALESMAN_GROUP)
            or company not in colleague.company_ids
        ):
            raise UserError(
                self.env._(
                    "%(field)s: %(user)s cannot take them; choose an active "
                    "salesperson of %(company)s other than %(leaving)s.",
                    field=label,
                    user=colleague.name,
                    company=company.name,
                    leaving=self.user_id.name,
                )
            )

    # ------------------------------------------------------------------
    # what the salesperson holds
    # ------------------------------------------------------------------
    def _book(self):
        """``{category: ids}`` of the salesperson's open leads, open
        opportunities and customers of the current company (or shared), by
        the suite's definitions of an open lead and a customer."""
        facts = self.env["sales.policy.facts"]
        company = self.env.company.id
        self.env["crm.lead"].flush_model()
        self.env["res.partner"].flush_model()
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                SELECT l.id, l.type FROM crm_lead l
                WHERE l.user_id = %s AND %s
                  AND (l.company_id IS NULL OR l.company_id = %s)
                ORDER BY l.id
                """,
                self.user_id.id,
                facts._open_lead_sql("l"),
                company,
            )
        )
        book = {"lead": [], "opportunity": [], "customer": []}
        for lead_id, kind in cr.fetchall():
            book["opportunity" if kind == "opportunity" else "lead"].append(lead_id)
        cr.execute(
            SQL(
                """
                SELECT p.id FROM res_partner p
                WHERE p.user_id = %s AND %s
                  AND (p.company_id IS NULL OR p.company_id = %s)
                ORDER BY p.id
                """,
                self.user_id.id,
                facts._customer_sql("p"),
                company,
            )
        )
        book["customer"] = [row[0] for row in cr.fetchall()]
        return book

    def _pending_requests(self):
        """The salesperson's requests still waiting for a decision."""
        uid = self.user_id.id
        env = self.env
        return [
            env["crm.pool.claim"]
            .sudo()
            .search([("user_id", "=", uid), ("state", "=", "requested")]),
            env["crm.pool.transfer"]
            .sudo()
            .search(
                [
                    ("state", "=", "requested"),
                    "|",
                    ("from_user_id", "=", uid),
                    ("to_user_id", "=", uid),
                ]
            ),
            env["crm.reallocation.request"]
            .sudo()
            .search([("user_id", "=", uid), ("state", "=", "requested")]),
        ]

    def _rotation_colleagues(self):
        """Active members of the salesperson's teams in this company, but
        him."""
        teams = (
            self.env["crm.team.member"]
            .sudo()
            .search([("user_id", "=", self.user_id.id)])
            .crm_team_id.filtered(
                lambda team: not team.company_id or team.company_id == self.env.company
            )
        )
        members = (
            self.env["crm.team.member"]
            .sudo()
            .search([("crm_team_id", "in", teams.ids)])
        )
        return members.user_id.filtered(
            lambda user: user.active and user != self.user_id
        )

    # ------------------------------------------------------------------
    # the handover
    # ------------------------------------------------------------------
    def action_confirm(self):
        self.ensure_one()
        self._check_handover_manager()
        book = self._book()
        for category, _model, prefix in CATEGORIES:
            if self[f"{prefix}_mode"] == handover.COLLEAGUE and book[category]:
                self._check_colleague(
                    self[f"{prefix}_colleague_id"],
                    self._fields[f"{prefix}_colleague_id"].get_description(self.env)[
                        "string"
                    ],
                )
        if self.user_id == self.env.user and self.archive_user:
            raise UserError(
                self.env._(
                    "Archive the Salesperson Afterwards: you cannot archive "
                    "yourself; untick it or ask another sales manager."
                )
            )
        report = self.sudo()._handover(book)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "lead_allocation.crm_handover_action"
        )
        action.update(
            {"res_id": report.id, "view_mode": "form", "views": [(False, "form")]}
        )
        return action

    def _handover(self, book):
        """Runs as the superuser, after ``action_confirm`` checked the
        sales manager."""
        user = self.user_id
        now = fields.Datetime.now()
        report = self.env["crm.handover"].create(
            {
                "user_id": user.id,
                "manager_id": self.env.uid,
                "company_id": self.env.company.id,
                "date": now,
                "reason": self.reason,
            }
        )
        summary = self._cancel_requests()
        destinations = {}
        for category, model, prefix in CATEGORIES:
            records = self.env[model].browse(book[category])
            if not records:
                continue
            mode = self[f"{prefix}_mode"]
            destinations.update({(model, rid): mode for rid in records.ids})
            if mode == handover.POOL:
                self._release(records)
            elif mode == handover.COLLEAGUE:
                self._transfer(
                    records,
                    {rid: self[f"{prefix}_colleague_id"].id for rid in records.ids},
                )
            elif model == "crm.lead":
                self._release(records)
                self.env["crm.lead.allocation.engine"]._allocate(
                    records, excluded_user_ids={user.id}
                )
            else:
                split = handover.split_evenly(
                    records.ids, self._rotation_colleagues().ids, user.id
                )
                self._transfer(records.browse(list(split)), split)
                self._release(records - records.browse(list(split)))
        lines = self._follow_up(book, destinations, report)
        summary += self._other_activities(book)
        summary += self._handover_cancel_extra(user, report)
        archived = False
        if self.archive_user:
            user.write({"active": False})
            self.env["crm.team.member"].search([("user_id", "=", user.id)]).write(
                {"active": False}
            )
            archived = True
        report.write(
            {
                "summary": "\n".join(summary),
                "user_archived": archived,
            }
        )
        self.env["crm.handover.line"].create(lines)
        report.message_post(
            body=self.env._(
                "%(user)s handed over by %(manager)s: %(pool)s records to the "
                "pool, %(colleague)s to colleagues.",
                user=user.name,
                manager=self.env.user.name,
                pool=report.pool_count,
                colleague=report.colleague_count,
            )
            + ("\n" + "\n".join(summary) if summary else ""),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return report

    def _release(self, records):
        """To the pool, through the pool engine's own path: the release row
        (reason departure: it starts a cool-down for the leaving
        salesperson only), the note, the unsubscription."""
        if not records:
            return
        records.with_context(tracking_disable=True).write(
            {"pool_due_reason": "departure"}
        )
        self.env["crm.pool.engine"]._release(records)

    def _transfer(self, records, targets):
        """Bulk transfers recorded as approved by the sales manager: the same
        evidence as an approved transfer request (the sales credit reads
        them), applied by the transfer's own approval path."""
        if not records:
            return
        key = "lead_id" if records._name == "crm.lead" else "partner_id"
        reason = self.note or self.env._(
            "Handover of %(user)s (%(reason)s).",
            user=self.user_id.name,
            reason=dict(HANDOVER_REASONS).get(self.reason),
        )
        transfers = self.env["crm.pool.transfer"].create(
            [
                {key: record.id, "to_user_id": targets[record.id], "reason": reason}
                for record in records
            ]
        )
        transfers._approval_approve()

    def _cancel_requests(self):
        """The salesperson's pending claims, transfers and re-allocation
        requests are rejected by the manager's decision, with the reason."""
        note = self.env._(
            "%(user)s left or changed post (handover).", user=self.user_id.name
        )
        summary = []
        for requests in self._pending_requests():
            if not requests:
                continue
            requests.write({"decision_note": note})
            requests._approval_reject()
            summary.append(
                self.env._(
                    "%(count)s %(model)s rejected.",
                    count=len(requests),
                    model=self.env["ir.model"]._get(requests._name).name,
                )
            )
        return summary

    def _follow_up(self, book, destinations, report):
        """What follows each moved record: the leaving salesperson's open
        activities go to the new owner or are cancelled, the new owner
        follows it, key-person holdings move; a note on each record; the
        report lines."""
        user = self.user_id
        Activity = self.env["mail.activity"]
        lines, notes = [], []
        mode_labels = dict(MODES)
        for category, model, _prefix in CATEGORIES:
            records = self.env[model].browse(book[category])
            if not records:
                continue
            records.invalidate_recordset(["user_id"])
            activities = Activity.search(
                [
                    ("res_model", "=", model),
                    ("res_id", "in", records.ids),
                    ("user_id", "=", user.id),
                ]
            )
            by_record = defaultdict(lambda: Activity)
            for activity in activities:
                by_record[activity.res_id] |= activity
            holdings = defaultdict(lambda: self.env["customer.key.person.holder"])
            if model == "res.partner":
                for holder in self.env["customer.key.person.holder"].search(
                    [("user_id", "=", user.id), ("partner_id", "in", records.ids)]
                ):
                    holdings[holder.partner_id.id] |= holder
            for owner, group in records.grouped("user_id").items():
                acts = Activity.concat(*(by_record[r.id] for r in group))
                if owner:
                    acts.write({"user_id": owner.id})
                    group.message_subscribe(partner_ids=owner.partner_id.ids)
                else:
                    acts.unlink()
            for record in records:
                owner = record.user_id
                moved_holdings = removed_holdings = 0
                for holder in holdings[record.id]:
                    if owner and not holder.key_person_id.holder_ids.filtered(
                        lambda h, owner=owner: h.user_id == owner
                    ):
                        holder.copy({"user_id": owner.id})
                        moved_holdings += 1
                    else:
                        removed_holdings += 1
                    holder.unlink()
                count = len(by_record[record.id])
                destination = destinations[(model, record.id)]
                lines.append(
                    {
                        "handover_id": report.id,
                        "kind": category,
                        "lead_id": record.id if model == "crm.lead" else False,
                        "partner_id": record.id if model == "res.partner" else False,
                        "destination": destination,
                        "to_user_id": owner.id,
                        "activities_moved": count if owner else 0,
                        "activities_cancelled": 0 if owner else count,
                        "holdings_moved": moved_holdings,
                        "holdings_removed": removed_holdings,
                    }
                )
                notes.append(
                    (
                        model,
                        record.id,
                        self.env._(
                            "Handover of %(user)s (%(mode)s): now %(owner)s. "
                            "Open activities moved: %(moved)s, cancelled: "
                            "%(cancelled)s. Key-person holdings moved: "
                            "%(holdings)s, removed: %(removed)s. Report: "
                            "%(report)s.",
                            user=user.name,
                            mode=mode_labels[destination],
                            owner=owner.name or self.env._("in the pool"),
                            moved=count if owner else 0,
                            cancelled=0 if owner else count,
                            holdings=moved_holdings,
                            removed=removed_holdings,
                            report=report.display_name,
                        ),
                    )
                )
            records.invalidate_recordset(["message_ids"])
        bulk_writer.log_notes(self.env, notes)
        return lines

    def _other_activities(self, book):
        """The salesperson's open activities on records not handed over:
        listed in the report for the manager to reassign."""
        activities = self.env["mail.activity"].search(
            [("user_id", "=", self.user_id.id)]
        )
        if not activities:
            return []
        return [
            self.env._(
                "Open activities left on other records: %(count)s (%(records)s).",
                count=len(activities),
                records=", ".join(
                    f"{activity.res_name or activity.res_model}: "
                    f"{activity.summary or activity.activity_type_id.name or ''}"
                    for activity in activities[:20]
                ),
            )
        ]

    @api.model
    def _demo_handover(self, user_id, colleague_id):
        """Demo data: the departed salesperson's leads and opportunities to a
        colleague, his customers to the pool, by the administrator (a sales
        manager)."""
        manager = self.env.ref("base.user_admin")
        wizard = self.with_user(manager).create(
            {
                "user_id": user_id,
                "reason": "departure",
                "lead_mode": handover.COLLEAGUE,
                "lead_colleague_id": colleague_id,
                "opportunity_mode": handover.COLLEAGUE,
                "opportunity_colleague_id": colleague_id,
                "note": self.env._("Left the company; his leads go to a colleague."),
            }
        )
        return wizard.action_confirm()

    def _handover_cancel_extra(self, user, report):
        """Hook: other addons cancel what else the leaving salesperson had
        pending (visit plans...) and return summary lines for the report."""
        return []
