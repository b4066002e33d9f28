from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, mute_logger

from ..tools.guard import check_guarded_write, strip_guarded_create

#: the state and the decision, moved by the action methods only
DECISION_FIELDS = ("state", "decided_by_id", "decided_on")


class SalesPolicyApprovalMixin(models.AbstractModel):
    """Request → decide → apply → log, written once for every workflow of the
    suite (pool claims, transfers, re-allocation requests, appeals, visit
    plans).

    Approving *is* the side effect: the lead changes owner, the suspension is
    lifted, the visits go to the calendar, in the same transaction and under
    a row lock on the request and on its target. Only the ``_approval_*``
    methods move the state and the decision, as the superuser once they have
    checked the real user; ``write`` refuses them to everybody, managers
    included, and ``create`` drops them.

    The inheriting model defines its own ``state`` selection and sets the
    class attributes below; its public buttons (``action_approve``,
    ``action_reject``...) call ``_approval_approve``, ``_approval_reject`` and
    ``_approval_cancel``, and it fills in the hooks ``_approval_lock_targets``,
    ``_approval_apply``, ``_approval_after`` and ``_approval_reject_apply``."""

    _name = "sales.policy.approval.mixin"
    _description = "Sales Policy Approval"
    _inherit = ["mail.thread"]

    #: the states a decision is taken from
    _approval_pending_states = ("requested",)
    _approval_approved_state = "approved"
    _approval_rejected_state = "rejected"
    #: the state the requester's cancel leads to (None: no cancel)
    _approval_cancelled_state = "cancelled"
    #: who decides: a member of any of these groups...
    _approval_decider_groups = ("sales_team.group_sale_manager",)
    #: ...or the user this field names (None: nobody by field)
    _approval_decider_field = None
    #: who filed the request, and may cancel it while it waits
    _approval_requester_field = "user_id"
    #: what the requester may change while the request waits; None leaves
    #: the write rules to the model
    _approval_requester_fields = None
    #: why the request was turned down: required to reject it
    _approval_reason_field = "decision_note"
    #: further fields that only the action methods write
    _approval_workflow_fields = ()

    decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    decided_on = fields.Datetime(readonly=True, copy=False)

    # ------------------------------------------------------------------
    # nobody moves the workflow through create or write
    # ------------------------------------------------------------------
    @api.model
    def _approval_guarded_fields(self):
        return DECISION_FIELDS + tuple(self._approval_workflow_fields)

    @api.model_create_multi
    def create(self, vals_list):
        """A request starts where the workflow starts, undecided, whatever
        the client sent."""
        stripped = self._approval_guarded_fields() + (self._approval_reason_field,)
        vals_list = strip_guarded_create(self, vals_list, stripped, group=None)
        return super().create(vals_list)

    def write(self, vals):
        check_guarded_write(self, vals, self._approval_guarded_fields(), group=None)
        if self._approval_requester_fields is not None:
            self._approval_check_requester_write(vals)
        return super().write(vals)

    def _approval_check_requester_write(self, vals):
        """By no route (form, import, RPC) does a requester change more than
        the ``_approval_requester_fields`` of his waiting requests."""
        if self.env.su or self._approval_in_decider_group():
            return
        editable = self._approval_requester_fields
        if set(vals) - set(editable) or any(
            request.state not in self._approval_pending_states for request in self
        ):
            raise UserError(
                self.env._(
                    "%(model)s: only a sales manager decides; while it waits you may "
                    "change %(fields)s.",
                    model=self.env["ir.model"]._get(self._name).name,
                    fields=", ".join(
                        self._fields[name].get_description(self.env)["string"]
                        for name in editable
                    ),
                )
            )

    # ------------------------------------------------------------------
    # who decides
    # ------------------------------------------------------------------
    def _approval_in_decider_group(self):
        return any(
            self.env.user.has_group(group) for group in self._approval_decider_groups
        )

    def _approval_check_decider(self):
        """The real user decides, whatever the context says: the system, a
        member of a decider group or the user the decider field names on
        every request, and only on requests his record rules show him."""
        if self.env.su:
            return
        field = self._approval_decider_field
        if not self._approval_in_decider_group() and not (
            field and self and all(r.sudo()[field] == self.env.user for r in self)
        ):
            raise AccessError(self._approval_error("decider"))
        # the decision runs as superuser: a decider decides only the requests
        # his record rules let him see (another company's are not his)
        self.check_access("read")

    def _approval_error(self, kind):
        """Hook: the message of a refusal, ``decider``, ``pending`` or
        ``cancel``; a model overrides it with its own words."""
        env = self.env
        if kind == "decider":
            deciders = [
                env.ref(group).sudo().full_name
                for group in self._approval_decider_groups
            ]
            if self._approval_decider_field:
                field = self._fields[self._approval_decider_field]
                deciders.append(field.get_description(env)["string"])
            return env._(
                "%(model)s: only %(deciders)s can approve or reject it.",
                model=env["ir.model"]._get(self._name).name,
                deciders=", ".join(deciders),
            )
        states = dict(self._fields["state"]._description_selection(env))
        if kind == "pending":
            return env._(
                "%(record)s is %(state)s already: only a request waiting for a "
                "decision can be approved or rejected.",
                record=self.display_name,
                state=states.get(self.state, self.state),
            )
        requester = self._fields[self._approval_requester_field]
        return env._(
            "%(record)s: only its %(requester)s can cancel it, while it waits.",
            record=self.display_name,
            requester=requester.get_description(env)["string"],
        )

    # ------------------------------------------------------------------
    # row locks
    # ------------------------------------------------------------------
    def _approval_lock_row(self, record, column="id", mode="UPDATE", busy=None):
        """Locks ``record``'s row without waiting and returns ``column`` read
        under the lock; of two simultaneous decisions the second fails at once
        with ``busy``. A savepoint keeps the transaction usable to report it."""
        record.flush_recordset()
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT %s FROM %s WHERE id = %s FOR %s NOWAIT",
                        SQL.identifier(column),
                        SQL.identifier(record._table),
                        record.id,
                        SQL(mode),
                    )
                )
                value = self.env.cr.fetchone()[0]
        except (LockNotAvailable, SerializationFailure) as error:
            raise UserError(
                busy
                or self.env._(
                    "%(request)s is being decided by someone else right now; "
                    "refresh and try again.",
                    request=self.display_name,
                )
            ) from error
        record.invalidate_recordset()
        return value

    def _approval_lock(self):
        """Locks the request and re-reads its state under the lock: a request
        decided meanwhile, or re-approved, is refused."""
        self.ensure_one()
        state = self._approval_lock_row(self, column="state")
        if state not in self._approval_pending_states:
            raise UserError(self._approval_error("pending"))

    # ------------------------------------------------------------------
    # decisions
    # ------------------------------------------------------------------
    def _approval_set_state(self, state):
        self.sudo().write(
            {
                "state": state,
                "decided_by_id": self.env.uid,
                "decided_on": fields.Datetime.now(),
            }
        )

    def _approval_approve(self):
        """Checks the decider, then per request: lock it and its targets,
        apply the side effect once, record the decision, log."""
        self._approval_check_decider()
        for request in self.sudo():
            request._approval_lock()
            request._approval_lock_targets()
            request._approval_apply()
            request._approval_set_state(self._approval_approved_state)
            request._approval_after()
        return True

    def _approval_reject(self):
        """Checks the decider; a request is never turned down without the
        reason the decider wrote."""
        self._approval_check_decider()
        for request in self.sudo():
            request._approval_lock()
            request._approval_check_reason()
            request._approval_reject_apply()
            request._approval_set_state(self._approval_rejected_state)
        return True

    def _approval_cancel(self):
        """The requester withdraws his waiting request."""
        for request in self:
            if (
                not self._approval_cancelled_state
                or request.state not in self._approval_pending_states
                or request.sudo()[self._approval_requester_field] != self.env.user
            ):
                raise UserError(request._approval_error("cancel"))
            request.sudo()._approval_lock()
        self.sudo().write({"state": self._approval_cancelled_state})
        return True

    def _approval_check_reason(self):
        self.ensure_one()
        name = self._approval_reason_field
        if not (self[name] or "").strip():
            raise UserError(
                self.env._(
                    "%(field)s: write why %(record)s is turned down, then try again.",
                    field=self._fields[name].get_description(self.env)["string"],
                    record=self.display_name,
                )
            )

    # ------------------------------------------------------------------
    # hooks, run as the superuser on one request
    # ------------------------------------------------------------------
    def _approval_lock_targets(self):
        """Hook: lock the record the approval changes (the lead, the
        customer) with ``_approval_lock_row`` and check it still may be."""

    def _approval_apply(self):
        """Hook: the side effect of the approval, e.g. the new owner."""

    def _approval_after(self):
        """Hook: what follows the recorded approval, e.g. the logs."""

    def _approval_reject_apply(self):
        """Hook: the side effect of a rejection."""
