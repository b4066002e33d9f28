from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.customer_tiering.tools.guard import (
    check_guarded_write,
)

from ..services import ladder

STATES = [
    ("draft", "Draft"),
    ("confirmed", "Confirmed"),
    ("appealed", "Appealed"),
    ("upheld", "Upheld"),
    ("cancelled", "Cancelled"),
]
# the states in which a violation counts and its penalties stand
IN_FORCE = ("confirmed", "appealed", "upheld")
DISCIPLINE_GROUPS = (
    "sales_team.group_sale_manager",
    "sales_discipline.group_discipline_officer",
)


class SalesViolation(models.Model):
    """A salesperson's breach of the written rules. Confirming it applies the
    penalties once: the ladder's suspension, the type's lost turns, the
    escalation of a severe case; cancelling it after an appeal lifts them."""

    _name = "sales.violation"
    _description = "Sales Violation"
    _inherit = [
        "sales.discipline.team.mixin",
        "sales.policy.approval.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date desc, id desc"
    _rec_name = "reference"
    _check_company_auto = True
    # The appeal is the request: accepting it cancels the violation (and
    # lifts its suspensions), turning it down upholds it.
    _approval_pending_states = ("appealed",)
    _approval_approved_state = "cancelled"
    _approval_rejected_state = "upheld"
    _approval_cancelled_state = None
    _approval_decider_groups = DISCIPLINE_GROUPS
    # set by the life cycle's actions only: a manager who wrote them would
    # skip the penalties (or their lifting) that the actions apply
    _approval_workflow_fields = (
        "penalty_applied",
        "ladder_rank",
        "confirmed_by_id",
        "confirmed_on",
        "origin",
    )

    reference = fields.Char(compute="_compute_reference", store=True)
    user_id = fields.Many2one(check_company=True)
    team_id = fields.Many2one(check_company=True)
    type_id = fields.Many2one(
        "sales.violation.type",
        string="Violation Type",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    date = fields.Date(
        required=True, index=True, default=fields.Date.context_today, tracking=True
    )
    description = fields.Text()
    lead_id = fields.Many2one(
        "crm.lead", index=True, ondelete="set null", check_company=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        ondelete="set null",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    fine_amount = fields.Monetary(
        string="Fine",
        compute="_compute_fine_amount",
        store=True,
        readonly=False,
        tracking=True,
    )
    state = fields.Selection(
        STATES, default="draft", required=True, index=True, tracking=True
    )
    severe = fields.Boolean(related="type_id.severe")
    origin = fields.Char(
        index=True,
        copy=False,
        readonly=True,
        help="What created the violation automatically (e.g. a missed first "
        "contact); one violation per origin.",
    )
    suspension_ids = fields.One2many(
        "crm.allocation.suspension", "violation_id", string="Suspensions"
    )
    penalty_applied = fields.Boolean(copy=False, readonly=True)
    ladder_rank = fields.Integer(
        string="Ladder Step",
        copy=False,
        readonly=True,
        help="1 for the salesperson's first ladder violation in the window, "
        "2 for the second...",
    )
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    confirmed_on = fields.Datetime(readonly=True, copy=False)
    appeal_reason = fields.Text(tracking=True, copy=False)
    decided_by_id = fields.Many2one(
        "res.users", string="Appeal Decided By", readonly=True, copy=False
    )
    decided_on = fields.Datetime(string="Appeal Decided On", readonly=True, copy=False)
    decision_note = fields.Text(
        string="Appeal Decision Note",
        tracking=True,
        copy=False,
        help="Why the appeal was turned down; required to uphold the violation.",
    )

    _sql_constraints = [
        (
            "origin_company_unique",
            "UNIQUE(origin, company_id)",
            "A violation was already created for this origin.",
        )
    ]

    @api.depends("type_id", "user_id", "date")
    def _compute_reference(self):
        for violation in self:
            violation.reference = self.env._(
                "%(type)s: %(user)s, %(date)s",
                type=violation.type_id.name or "",
                user=violation.user_id.name or "",
                date=violation.date or "",
            )

    @api.depends("type_id")
    def _compute_fine_amount(self):
        for violation in self:
            violation.fine_amount = violation.type_id.fine_amount

    # ------------------------------------------------------------------
    # who may do what
    # ------------------------------------------------------------------
    def _is_discipline_user(self):
        return self.env.su or any(
            self.env.user.has_group(group) for group in DISCIPLINE_GROUPS
        )

    def _check_discipline_user(self):
        if not self._is_discipline_user():
            raise UserError(
                self.env._(
                    "Only a sales manager or the discipline officer can create, "
                    "confirm or decide violations."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        """A violation starts as a draft of the company it happened in: the
        lead's, else the company the user works in now; the life cycle's
        fields and the company are never taken from the client."""
        self._check_discipline_user()
        if not self.env.su:
            vals_list = [
                dict(vals, company_id=self._company_of(vals)) for vals in vals_list
            ]
        return super().create(vals_list)

    @api.model
    def _company_of(self, vals, *sources):
        lead = self.env["crm.lead"].browse(vals.get("lead_id")).exists().sudo()
        return super()._company_of(vals, lead, *sources)

    def write(self, vals):
        """A salesperson writes only the appeal reason of his own confirmed
        violation; nobody but the life cycle's actions writes its fields."""
        if not self._is_discipline_user():
            # the salesperson only writes his appeal, while he may appeal
            if set(vals) - {"appeal_reason"} or any(
                violation.state != "confirmed" or violation.user_id != self.env.user
                for violation in self
            ):
                raise UserError(
                    self.env._(
                        "Violation: you may only write the Appeal Reason of your "
                        "own confirmed violations."
                    )
                )
        check_guarded_write(self, vals, ("company_id",), group=None)
        if set(vals) & {"user_id", "type_id", "date", "fine_amount"} and any(
            violation.state not in ("draft",) for violation in self
        ):
            raise UserError(
                self.env._(
                    "Violation: a confirmed violation keeps its salesperson, type, "
                    "date and fine; cancel it through an appeal and record a new one."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if any(violation.state != "draft" for violation in self):
            raise UserError(
                self.env._(
                    "A confirmed violation is never deleted: the salesperson may "
                    "appeal it, and an accepted appeal cancels it."
                )
            )

    # ------------------------------------------------------------------
    # life cycle
    # ------------------------------------------------------------------
    def action_confirm(self):
        self._check_discipline_user()
        if not self:
            return True
        if any(violation.state != "draft" for violation in self):
            raise UserError(self.env._("Only a draft violation can be confirmed."))
        super(SalesViolation, self.sudo()).write(
            {
                "state": "confirmed",
                "confirmed_by_id": self.env.uid,
                "confirmed_on": fields.Datetime.now(),
            }
        )
        self.sudo()._apply_penalties()
        return True

    def action_appeal(self):
        for violation in self:
            if violation.user_id != self.env.user and not self._is_discipline_user():
                raise AccessError(
                    self.env._("Only the salesperson can appeal his violation.")
                )
            if violation.state != "confirmed":
                raise UserError(
                    self.env._("Only a confirmed violation can be appealed.")
                )
            if not (violation.appeal_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Appeal Reason: explain why the violation should be "
                        "cancelled, then appeal."
                    )
                )
        super(SalesViolation, self.sudo()).write({"state": "appealed"})
        self.sudo()._notify_appeal()
        return True

    def _approval_error(self, kind):
        if kind == "decider":
            return self.env._(
                "Only a sales manager or the discipline officer can create, "
                "confirm or decide violations."
            )
        if kind == "pending":
            return self.env._("Only an appealed violation can be decided.")
        return super()._approval_error(kind)

    def _approval_apply(self):
        """An accepted appeal lifts the suspensions the violation caused."""
        self.suspension_ids.filtered("active").action_lift()

    def action_uphold(self):
        """The appeal fails: the penalties stand."""
        return self._approval_reject()

    def action_cancel(self):
        """A draft is dropped; an appealed violation is cancelled, which lifts
        the suspensions it caused."""
        self._approval_check_decider()
        drafts = self.filtered(lambda violation: violation.state == "draft")
        (self - drafts)._approval_approve()
        super(SalesViolation, drafts.sudo()).write({"state": "cancelled"})
        return True

    @api.model
    def _create_automatic(self, vals_list):
        """Confirmed violations created by the system (e.g. a missed first
        contact). Idempotent: an origin already recorded creates nothing, so a
        retried or re-run scheduled action never punishes twice."""
        origins = [vals["origin"] for vals in vals_list if vals.get("origin")]
        existing = set(
            self.sudo()
            .with_context(active_test=False)
            .search([("origin", "in", origins)])
            .mapped("origin")
        )
        new_vals = []
        for vals in vals_list:
            if vals.get("origin") in existing:
                continue
            existing.add(vals.get("origin"))
            new_vals.append(vals)
        if not new_vals:
            return self.browse()
        # The origin document (e.g. the lead) tells the story: no creation
        # message nor tracking per violation, which would cost dozens of
        # queries each when a scheduled action records hundreds at once.
        quiet = self.sudo().with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        )
        violations = quiet.create(new_vals)
        violations.action_confirm()
        return violations.with_env(self.env)

    # ------------------------------------------------------------------
    # penalties, applied once per violation
    # ------------------------------------------------------------------
    def _lock_for_penalties(self):
        self.flush_recordset(["penalty_applied", "state"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM sales_violation WHERE id IN %s AND NOT "
                "COALESCE(penalty_applied, false) ORDER BY id FOR UPDATE",
                tuple(self.ids),
            )
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def _apply_penalties(self):
        if not self:
            return
        todo = self._lock_for_penalties()
        if not todo:
            return
        todo.invalidate_recordset(["penalty_applied"])
        now = fields.Datetime.now().replace(microsecond=0)
        suspension_vals = []
        todo._lock_ladders()
        ranks = todo._ladder_ranks()
        for violation in todo:
            suspension_vals += violation._prepare_suspension_vals(
                ranks.get(violation.id), now
            )
        self.env["crm.allocation.suspension"].sudo().create(suspension_vals)
        for violation in todo:
            if violation.id in ranks:
                violation.ladder_rank = ranks[violation.id]
        todo.write({"penalty_applied": True})
        todo.filtered("type_id.severe")._escalate()

    def _lock_ladders(self):
        """Serialises the ladders of these salespeople: the row of each is
        locked and touched, so a concurrent confirmation for the same
        salesperson waits for this transaction and then fails with a
        serialisation error (retried by the server) instead of ranking from a
        snapshot that misses this confirmation."""
        users = self.filtered("type_id.counts_on_ladder").user_id
        if not users:
            return
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_users WHERE id IN %s ORDER BY id FOR UPDATE",
                tuple(users.ids),
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE res_users SET write_date = write_date WHERE id IN %s",
                tuple(users.ids),
            )
        )

    def _ladder_ranks(self):
        """``{violation id: rank}`` of the ladder violations among self, in
        confirmation order (see ``ladder.confirmation_rank``): the
        salesperson's ladder violations in force whose penalties already
        stand count, then those of self confirmed before it in this call,
        by date."""
        ladder_violations = self.filtered("type_id.counts_on_ladder").sorted(
            lambda violation: (violation.date, violation.id)
        )
        if not ladder_violations:
            return {}
        windows = {
            company: company.penalty_ladder_window_days
            for company in ladder_violations.company_id
        }
        widest = timedelta(days=max(windows.values()))
        previous = self.search_fetch(
            [
                ("id", "not in", ladder_violations.ids),
                ("user_id", "in", ladder_violations.user_id.ids),
                ("company_id", "in", ladder_violations.company_id.ids),
                ("state", "in", IN_FORCE),
                ("penalty_applied", "=", True),
                ("type_id.counts_on_ladder", "=", True),
                ("date", ">", min(ladder_violations.mapped("date")) - widest),
                ("date", "<", max(ladder_violations.mapped("date")) + widest),
            ],
            ["user_id", "company_id", "date"],
        )
        confirmed = {}
        for other in previous:
            confirmed.setdefault((other.user_id.id, other.company_id.id), []).append(
                other.date
            )
        ranks = {}
        for violation in ladder_violations:
            key = (violation.user_id.id, violation.company_id.id)
            ranks[violation.id] = ladder.confirmation_rank(
                violation.date, confirmed.get(key, []), windows[violation.company_id]
            )
            confirmed.setdefault(key, []).append(violation.date)
        return ranks

    def _prepare_suspension_vals(self, rank, now):
        """Hook: the suspensions this violation causes."""
        self.ensure_one()
        vals = []
        base = {
            "user_id": self.user_id.id,
            "company_id": self.company_id.id,
            "violation_id": self.id,
            "source_ref": f"{self._name},{self.id}",
        }
        if rank:
            days = ladder.suspension_days(rank, self.company_id._penalty_steps())
            date_from, date_to = ladder.suspension_period(now, days)
            vals.append(
                dict(
                    base,
                    kind="period",
                    date_from=date_from,
                    date_to=date_to,
                    reason=self.env._(
                        "Penalty ladder, violation %(rank)s in the window: "
                        "%(days)s days (%(violation)s).",
                        rank=rank,
                        days=days,
                        violation=self.reference,
                    ),
                )
            )
        if self.type_id.skip_turns > 0:
            vals.append(
                dict(
                    base,
                    kind="turns",
                    skip_turns=self.type_id.skip_turns,
                    reason=self.env._(
                        "%(turns)s allocation turn(s) lost: %(violation)s.",
                        turns=self.type_id.skip_turns,
                        violation=self.reference,
                    ),
                )
            )
        return vals

    def _discipline_users(self):
        managers = self.env.ref("sales_team.group_sale_manager").sudo().users
        return managers.filtered(
            lambda user: (
                user.active
                and not user.share
                and user.id != self.env.ref("base.user_root").id
            )
        )

    def _escalate(self):
        """Severe cases go to the sales managers, who decide; the addon itself
        only escalates."""
        activity_type = self.env.ref(
            "sales_discipline.mail_activity_type_violation_escalation"
        )
        for violation in self:
            for manager in violation._discipline_users().filtered(
                lambda user, violation=violation: (
                    violation.company_id in user.company_ids
                )
            ):
                violation.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=manager.id,
                    note=self.env._(
                        "Severe violation by %(user)s: %(type)s. Decide on further "
                        "measures under the company rules.",
                        user=violation.user_id.name,
                        type=violation.type_id.name,
                    ),
                )

    def _notify_appeal(self):
        for violation in self:
            violation.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Appeal by %(user)s: %(reason)s",
                    user=violation.user_id.name,
                    reason=violation.appeal_reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
