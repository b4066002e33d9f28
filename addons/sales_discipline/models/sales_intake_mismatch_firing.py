from dateutil.relativedelta import relativedelta
from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.tools import mute_logger

from odoo.addons.customer_tiering.tools.retry import retry_on_conflict

from ..services import mismatch

ACTIONS = [
    (mismatch.SKIP_TURNS, "Skip Allocation Turns"),
    (mismatch.SUSPEND_AND_OFF_DUTY, "Suspension and Off Intake Duty"),
]


class SalesIntakeMismatchFiring(models.Model):
    """One step of the intake agents' mismatch ladder reached in one window of
    calendar months. Unique per agent, step and window: whatever re-runs, a
    threshold punishes once (see services/mismatch.py)."""

    _name = "sales.intake.mismatch.firing"
    _description = "Intake Mismatch Ladder Step Reached"
    _order = "window_end desc, step desc, id desc"
    _check_company_auto = True

    user_id = fields.Many2one(
        "res.users",
        string="Intake Agent",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    step = fields.Integer(
        string="Months", required=True, readonly=True, help="Months the step counts."
    )
    window_start = fields.Date(required=True, readonly=True)
    window_end = fields.Date(
        required=True, readonly=True, help="First day of the window's last month."
    )
    count = fields.Integer(string="Mismatches", readonly=True)
    action = fields.Selection(ACTIONS, required=True, readonly=True)
    amount = fields.Integer(readonly=True, help="Turns to skip, or days of suspension.")
    off_duty_until = fields.Date(string="Off Intake Duty Until", readonly=True)
    suspension_id = fields.Many2one(
        "crm.allocation.suspension", readonly=True, ondelete="set null"
    )

    _sql_constraints = [
        (
            "window_unique",
            "UNIQUE(user_id, company_id, step, window_start, window_end)",
            "This step of the mismatch ladder already fired for this window.",
        )
    ]

    @api.depends("user_id", "step", "window_end")
    def _compute_display_name(self):
        for firing in self:
            firing.display_name = self.env._(
                "%(user)s: %(count)s mismatches in %(months)s month(s) to %(end)s",
                user=firing.user_id.name or "",
                count=firing.count,
                months=firing.step,
                end=firing.window_end and firing.window_end.strftime("%Y-%m"),
            )

    @api.model
    @retry_on_conflict
    def _cron_evaluate_mismatch_ladder(self):
        self._evaluate()

    @api.model
    def _evaluate(self, users=None, today=None):
        """Gathers every agent's mismatches per month in one grouped query,
        lets the pure ladder decide and applies what fired."""
        today = today or fields.Date.context_today(self)
        Mismatch = self.env["crm.intake.mismatch"].sudo()
        domain = [("date", "<=", today)]
        if users is not None:
            domain.append(("user_id", "in", users.ids))
        per_agent = {}
        for user, company, month, count in Mismatch._read_group(
            domain, ["user_id", "company_id", "date:month"], ["__count"]
        ):
            per_agent.setdefault((user, company), []).extend([month] * count)
        if not per_agent:
            return self.browse()
        fired = {}
        for firing in self.sudo().search_fetch(
            [("user_id", "in", [user.id for user, _company in per_agent])],
            ["user_id", "company_id", "step", "window_start", "window_end"],
        ):
            fired.setdefault((firing.user_id, firing.company_id), []).append(
                (firing.step, firing.window_start, firing.window_end)
            )
        vals_list = []
        for (user, company), dates in per_agent.items():
            for firing in mismatch.evaluate(
                dates,
                today,
                fired_keys=fired.get((user, company), ()),
                steps=company._intake_mismatch_steps(),
            ):
                vals_list.append(
                    self._prepare_firing_vals(user, company, firing, today)
                )
        return self.sudo()._apply(vals_list)

    @api.model
    def _prepare_firing_vals(self, user, company, firing, today):
        vals = {
            "user_id": user.id,
            "company_id": company.id,
            "step": firing.step_key,
            "window_start": firing.window_start,
            "window_end": firing.window_end,
            "count": firing.count,
            "action": firing.action,
            "amount": firing.amount,
        }
        if firing.action == mismatch.SUSPEND_AND_OFF_DUTY:
            vals["off_duty_until"] = today + relativedelta(
                months=firing.off_duty_months
            )
        return vals

    def _apply(self, vals_list):
        """Creates the firings with their suspensions. A firing that a
        concurrent run or approval created first (its window is unique) is
        theirs, with its suspension: skipped here, so that the manager's
        approval that raced the scheduled run goes through instead of
        failing on the duplicate."""
        firings = self.browse()
        for vals in vals_list:
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    firings |= self.create(vals)
            except UniqueViolation:
                continue
        if not firings:
            return firings
        now = fields.Datetime.now().replace(microsecond=0)
        suspensions = self.env["crm.allocation.suspension"].create(
            [firing._prepare_suspension_vals(now) for firing in firings]
        )
        for firing, suspension in zip(firings, suspensions, strict=True):
            firing.suspension_id = suspension
        for firing in firings.filtered("off_duty_until"):
            if (firing.user_id.intake_off_duty_until or firing.off_duty_until) <= (
                firing.off_duty_until
            ):
                firing.user_id.sudo().intake_off_duty_until = firing.off_duty_until
        return firings

    def _prepare_suspension_vals(self, now):
        self.ensure_one()
        reason = self.env._(
            "Intake mismatch ladder: %(count)s class judgements found wrong in "
            "%(months)s month(s) to %(end)s.",
            count=self.count,
            months=self.step,
            end=self.window_end.strftime("%Y-%m"),
        )
        vals = {
            "user_id": self.user_id.id,
            "company_id": self.company_id.id,
            "reason": reason,
            "source_ref": f"{self._name},{self.id}",
        }
        if self.action == mismatch.SKIP_TURNS:
            vals.update(kind="turns", skip_turns=self.amount)
        else:
            vals.update(
                kind="period",
                date_from=now,
                date_to=now + relativedelta(days=self.amount),
            )
        return vals
