from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.customer_tiering.tools.retry import retry_on_conflict

from .crm_lead import LEAD_CLASSES

STATES = [
    ("requested", "Requested"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]
REPLACEMENT_STATES = [
    ("none", "None"),
    ("pending", "Pending Replacement"),
    ("done", "Replaced"),
]


class CrmReallocationRequest(models.Model):
    """A salesperson's claim that the intake agent judged his lead's class
    wrongly. Approval reclassifies the lead, gives him a pool lead of the
    class he was promised and records the mismatch against the agent."""

    _name = "crm.reallocation.request"
    _description = "Re-allocation Request"
    _inherit = ["sales.policy.approval.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True
    _approval_requester_fields = ("actual_class", "reason")
    # a request created "approved, replacement pending" would get a pool lead
    _approval_workflow_fields = ("replacement_state", "replacement_lead_id")

    name = fields.Char(compute="_compute_name", store=True)
    lead_id = fields.Many2one(
        "crm.lead",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        readonly=True,
        tracking=True,
    )
    judged_class = fields.Selection(
        LEAD_CLASSES,
        readonly=True,
        help="The class the intake agent judged: the class the salesperson was "
        "promised.",
    )
    actual_class = fields.Selection(LEAD_CLASSES, required=True, tracking=True)
    reason = fields.Text(required=True)
    intake_user_id = fields.Many2one(
        "res.users", string="Judged By", readonly=True, index=True
    )
    state = fields.Selection(
        STATES, default="requested", required=True, index=True, tracking=True
    )
    replacement_state = fields.Selection(
        REPLACEMENT_STATES,
        string="Replacement",
        default="none",
        required=True,
        index=True,
        tracking=True,
    )
    replacement_lead_id = fields.Many2one(
        "crm.lead", readonly=True, ondelete="set null", check_company=True
    )
    decision_note = fields.Text()
    team_id = fields.Many2one(related="lead_id.team_id", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    @api.depends("lead_id", "user_id")
    def _compute_name(self):
        for request in self:
            request.name = self.env._(
                "%(user)s: %(lead)s",
                user=request.user_id.name or "",
                lead=request.lead_id.display_name or "",
            )

    @api.constrains("judged_class", "actual_class")
    def _check_classes(self):
        for request in self:
            if request.actual_class == request.judged_class:
                raise ValidationError(
                    self.env._(
                        "Actual Class: the lead was judged %(lead_class)s already; "
                        "choose the class the lead really has.",
                        lead_class=request.judged_class,
                    )
                )

    # ------------------------------------------------------------------
    # filing
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.update(self._prepare_request_vals(vals))
        return super().create(vals_list)

    @api.model
    def _prepare_request_vals(self, vals):
        """Freezes what the intake agent judged at filing time, and refuses
        requests that cannot be decided."""
        lead = self.env["crm.lead"].sudo().browse(vals.get("lead_id"))
        user_id = self.env.uid
        if vals.get("user_id") and self.env["crm.lead"]._registration_privileged():
            user_id = vals["user_id"]
        if not lead.exists():
            raise UserError(self.env._("Lead: choose the lead the request is about."))
        if not lead.judged_class or not lead.judged_by_id:
            raise UserError(
                self.env._(
                    "Lead: %(lead)s has no class judged by an intake agent; only a "
                    "judged class can be contested.",
                    lead=lead.display_name,
                )
            )
        if lead.user_id.id != user_id:
            raise UserError(
                self.env._(
                    "Lead: only the salesperson who owns %(lead)s can ask for its "
                    "re-allocation.",
                    lead=lead.display_name,
                )
            )
        if self.sudo().search_count(
            [("lead_id", "=", lead.id), ("state", "=", "requested")]
        ):
            raise UserError(
                self.env._(
                    "Lead: a re-allocation request for %(lead)s already waits for "
                    "the sales manager.",
                    lead=lead.display_name,
                )
            )
        return {
            "user_id": user_id,
            "judged_class": lead.judged_class,
            "intake_user_id": lead.judged_by_id.id,
            "company_id": lead.company_id.id or self.env.company.id,
        }

    # ------------------------------------------------------------------
    # decision
    # ------------------------------------------------------------------
    def _approval_error(self, kind):
        if kind == "decider":
            return self.env._(
                "Only a sales manager can decide on a re-allocation request."
            )
        if kind == "pending":
            return self.env._(
                "%(request)s was already decided.", request=self.display_name
            )
        if kind == "cancel":
            return self.env._(
                "Only the salesperson who filed a requested re-allocation "
                "can cancel it."
            )
        return super()._approval_error(kind)

    def _approval_lock_targets(self):
        self._approval_lock_row(self.lead_id, mode="NO KEY UPDATE")

    def _approval_apply(self):
        """Reclassifies the lead without taking the judgement away from the
        intake agent: he keeps "judged by" (and his read access to it)."""
        lead = self.lead_id.sudo()
        lead.write(
            {
                "judged_class": self.actual_class,
                "judged_by_id": lead.judged_by_id.id,
                "judged_date": lead.judged_date,
            }
        )

    def _approval_after(self):
        """Records the mismatch against the intake agent and gives the
        salesperson the lead of the class he was promised."""
        self.env["crm.intake.mismatch"].sudo().create(self._prepare_mismatch_vals())
        self._give_replacement()

    def action_approve(self):
        return self._approval_approve()

    def _prepare_mismatch_vals(self):
        self.ensure_one()
        return {
            "user_id": self.intake_user_id.id,
            "date": fields.Date.context_today(self),
            "lead_id": self.lead_id.id,
            "request_id": self.id,
            "judged_class": self.judged_class,
            "actual_class": self.actual_class,
            "company_id": self.company_id.id,
        }

    def action_reject(self):
        return self._approval_reject()

    def action_cancel(self):
        return self._approval_cancel()

    def action_find_replacement(self):
        self._approval_check_decider()
        found = (
            self.filtered(lambda r: r.replacement_state == "pending")
            .sudo()
            ._give_replacements()
        )
        if not found:
            raise UserError(
                self.env._(
                    "The pool has no lead of the promised class right now; the "
                    "scheduled action keeps looking."
                )
            )
        return True

    # ------------------------------------------------------------------
    # replacement
    # ------------------------------------------------------------------
    def _pick_pool_lead(self):
        """The oldest pool lead of the promised class, the request's team
        first, never a key lead (it waits for the manager's own allocation);
        SKIP LOCKED so that two approvals never take the same lead."""
        self.ensure_one()
        self.env["crm.lead"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT id FROM crm_lead
                WHERE %(pool)s
                  AND type IN ('lead', 'opportunity')
                  AND allocation_class = %(lead_class)s
                  AND NOT COALESCE(allocation_key, FALSE)
                  AND (company_id = %(company)s OR company_id IS NULL)
                  AND id != %(lead)s
                ORDER BY (team_id IS NOT DISTINCT FROM %(team)s) DESC,
                         create_date, id
                LIMIT 1
                FOR UPDATE SKIP LOCKED
                """,
                pool=self.env["sales.policy.facts"]._pool_lead_sql("crm_lead"),
                lead_class=self.judged_class,
                company=self.company_id.id,
                lead=self.lead_id.id,
                team=self.team_id.id or None,
            )
        )
        row = self.env.cr.fetchone()
        return self.env["crm.lead"].sudo().browse(row[0] if row else [])

    def _give_replacement(self):
        self.ensure_one()
        lead = self._pick_pool_lead()
        if not lead:
            self.write({"replacement_state": "pending"})
            return False
        lead.write({"user_id": self.user_id.id})
        self.env["crm.lead.allocation.log"].sudo().create(
            {
                "lead_id": lead.id,
                "user_id": self.user_id.id,
                "team_id": lead.team_id.id,
                "company_id": self.company_id.id,
                "actor": "reallocation",
                "lead_class": lead.allocation_class,
                "reason": self.env._(
                    "Replacement for %(lead)s, judged %(judged)s but %(actual)s.",
                    lead=self.lead_id.display_name,
                    judged=self.judged_class,
                    actual=self.actual_class,
                ),
            }
        )
        self.write({"replacement_state": "done", "replacement_lead_id": lead.id})
        return True

    def _give_replacements(self):
        return self.filtered(lambda request: request._give_replacement())

    @api.model
    @retry_on_conflict
    def _cron_fill_pending_replacements(self):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Re-allocation requests: only the scheduled action fills "
                    "pending replacements; a sales manager uses Find Replacement."
                )
            )
        pending = self.sudo().search(
            [("state", "=", "approved"), ("replacement_state", "=", "pending")],
            order="decided_on, id",
        )
        done = pending._give_replacements()
        self.env["ir.cron"]._notify_progress(done=len(done), remaining=0)
        return len(done)
