from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.customer_tiering.tools.guard import (
    check_guarded_write,
    strip_guarded_create,
)

from ..services import visits

STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("returned", "Returned"),
]
# a sales manager's: what he returns a plan with, which team sees it
MANAGER_FIELDS = ("return_note", "team_id")


class SalesVisitPlan(models.Model):
    """A salesperson's visits for next month, submitted before the month
    starts and approved by a sales manager; approved visits go to his
    calendar."""

    _name = "sales.visit.plan"
    _description = "Monthly Visit Plan"
    _inherit = [
        "sales.discipline.team.mixin",
        "sales.policy.approval.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "month desc, id desc"
    _check_company_auto = True
    _approval_pending_states = ("submitted",)
    _approval_rejected_state = "returned"
    _approval_cancelled_state = None
    _approval_reason_field = "return_note"
    _approval_workflow_fields = ("submitted_on",)

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one(default=lambda self: self.env.user, check_company=True)
    team_id = fields.Many2one(check_company=True)
    month = fields.Date(
        required=True,
        default=lambda self: visits.next_month(fields.Date.context_today(self)),
        tracking=True,
        help="Any day of the month; stored as its first day.",
    )
    state = fields.Selection(
        STATES, default="draft", required=True, index=True, tracking=True
    )
    line_ids = fields.One2many(
        "sales.visit.plan.line", "plan_id", string="Planned Visits", copy=True
    )
    visit_count = fields.Integer(compute="_compute_visit_count")
    submitted_on = fields.Datetime(readonly=True, copy=False)
    return_note = fields.Text(
        string="Manager's Note", tracking=True, copy=False, help="Why it was returned."
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    _sql_constraints = [
        (
            "user_month_unique",
            "UNIQUE(user_id, month, company_id)",
            "Month: this salesperson already has a visit plan for that month.",
        )
    ]

    @api.depends("user_id", "month")
    def _compute_name(self):
        for plan in self:
            plan.name = self.env._(
                "%(month)s: %(user)s",
                month=plan.month and plan.month.strftime("%Y-%m") or "",
                user=plan.user_id.name or "",
            )

    @api.depends("line_ids")
    def _compute_visit_count(self):
        for plan in self:
            plan.visit_count = len(plan.line_ids)

    @api.model_create_multi
    def create(self, vals_list):
        """A plan starts as a draft of its salesperson's company."""
        vals_list = strip_guarded_create(self, vals_list, MANAGER_FIELDS)
        if not self.env.su:
            vals_list = [
                dict(vals, company_id=self._company_of(vals)) for vals in vals_list
            ]
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = visits.month_start(fields.Date.to_date(vals["month"]))
        return super().create(vals_list)

    def write(self, vals):
        """The salesperson changes his plan while it is a draft or returned;
        the workflow's fields move only through the actions."""
        if not self._is_manager() and (
            set(vals) & set(self._approval_guarded_fields() + MANAGER_FIELDS)
            or any(plan.state not in ("draft", "returned") for plan in self)
        ):
            raise UserError(
                self.env._(
                    "Visit Plan: you can change a plan while it is a draft or "
                    "returned; a sales manager decides on it."
                )
            )
        check_guarded_write(self, vals, ("company_id",), group=None)
        if vals.get("month"):
            vals["month"] = visits.month_start(fields.Date.to_date(vals["month"]))
        return super().write(vals)

    def _check_editable(self):
        if not self._is_manager() and any(
            plan.state not in ("draft", "returned") for plan in self
        ):
            raise UserError(
                self.env._(
                    "Planned Visits: a submitted or approved plan is no longer "
                    "changed by the salesperson; ask your sales manager to return it."
                )
            )

    def _is_manager(self):
        return self.env.su or self.env.user.has_group("sales_team.group_sale_manager")

    @api.constrains("month", "line_ids")
    def _check_lines_in_month(self):
        for plan in self:
            outside = visits.outside_month(
                plan.month, plan.line_ids.mapped("planned_date")
            )
            if outside:
                raise ValidationError(
                    self.env._(
                        "Planned Date: every visit of the plan for %(month)s must "
                        "fall in that month (%(date)s does not).",
                        month=plan.month.strftime("%Y-%m"),
                        date=outside[0],
                    )
                )

    # ------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------
    def action_submit(self):
        today = fields.Date.context_today(self)
        for plan in self:
            if plan.user_id != self.env.user and not self._is_manager():
                raise AccessError(
                    self.env._(
                        "Visit Plan: only %(user)s or a sales manager submits "
                        "this plan.",
                        user=plan.user_id.name,
                    )
                )
            if plan.state not in ("draft", "returned"):
                raise UserError(self.env._("Only a draft plan can be submitted."))
            if not plan.line_ids:
                raise UserError(
                    self.env._("Planned Visits: add at least one visit, then submit.")
                )
            days = plan.company_id.visit_plan_deadline_days
            if not visits.may_submit(plan.month, today, days):
                raise UserError(
                    self.env._(
                        "Month: the plan for %(month)s had to be submitted by "
                        "%(deadline)s; ask your sales manager.",
                        month=plan.month.strftime("%Y-%m"),
                        deadline=visits.last_submission_day(plan.month, days),
                    )
                )
        super(SalesVisitPlan, self.sudo()).write(
            {"state": "submitted", "submitted_on": fields.Datetime.now()}
        )
        return True

    def _approval_error(self, kind):
        if kind == "decider":
            return self.env._(
                "Only a sales manager can approve or return a visit plan."
            )
        if kind == "pending":
            return self.env._(
                "Only a submitted visit plan can be approved or returned."
            )
        return super()._approval_error(kind)

    def _approval_apply(self):
        """The approved visits go to the salesperson's calendar."""
        self.line_ids._create_calendar_events()

    def action_approve(self):
        return self._approval_approve()

    def action_return(self):
        return self._approval_reject()
