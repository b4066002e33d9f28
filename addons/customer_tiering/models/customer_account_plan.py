from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..services import account_plans
from ..tools.derived import check_derived_write, strip_derived_create, without_defaults
from ..tools.guard import (
    MANAGER_GROUP,
    check_guarded_write,
    strip_guarded_create,
)
from ..tools.retry import retry_on_conflict

PLAN_STATES = [("draft", "Draft"), ("active", "Active"), ("closed", "Closed")]
#: moved by the action methods and the review only, never by a client
WORKFLOW_FIELDS = ("state", "next_review_date", "last_review_date")
#: who manages the account, and which customer, is a sales manager's choice
MANAGER_FIELDS = ("user_id", "partner_id")
#: derived from the customer
DERIVED_FIELDS = ("company_id",)


class CustomerAccountPlan(models.Model):
    """A key account's plan for one period: goals measured on the figures the
    tier engine keeps, actions as ordinary activities, periodic reviews.

    The state, the review dates and the account manager are the workflow's
    and the sales manager's: a salesperson edits the goals and the actions of
    his own customers' plans, and records reviews of the plans he manages.
    """

    _name = "customer.account.plan"
    _description = "Key-Account Plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_company", "=", True)],
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="partner_id.company_id", store=True, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        check_company=True,
        domain=[("share", "=", False)],
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    date_start = fields.Date(
        string="Period Start",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_end = fields.Date(string="Period End", required=True, tracking=True)
    review_interval = fields.Integer(
        string="Review Every (days)", default=30, required=True, tracking=True
    )
    next_review_date = fields.Date(
        string="Next Review", readonly=True, copy=False, tracking=True
    )
    last_review_date = fields.Date(string="Last Review", readonly=True, copy=False)
    state = fields.Selection(
        PLAN_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        group_expand=True,
    )
    goal_ids = fields.One2many("customer.account.plan.goal", "plan_id", copy=True)
    review_ids = fields.One2many(
        "customer.account.plan.review", "plan_id", readonly=True
    )
    progress = fields.Float(
        compute="_compute_progress",
        digits=(5, 1),
        help="Average progress of the plan's goals.",
    )
    open_action_count = fields.Integer(
        string="Open Actions", compute="_compute_action_counts"
    )
    overdue_action_count = fields.Integer(
        string="Overdue Actions", compute="_compute_action_counts"
    )
    done_action_count = fields.Integer(
        string="Done Actions", compute="_compute_action_counts"
    )
    can_manage = fields.Boolean(compute="_compute_can_manage")

    @api.depends("partner_id", "date_start", "date_end")
    def _compute_name(self):
        for plan in self:
            if plan.partner_id and plan.date_start:
                plan.name = "%s %s" % (
                    plan.partner_id.display_name,
                    plan.date_start.year,
                )
            else:
                plan.name = plan.name or False

    @api.depends("partner_id")
    def _compute_user_id(self):
        for plan in self:
            plan.user_id = plan.partner_id.user_id or plan.user_id

    @api.depends("user_id")
    def _compute_team_id(self):
        for plan in self:
            plan.team_id = plan.user_id.sudo().sale_team_id or plan.team_id

    @api.depends("goal_ids.progress")
    def _compute_progress(self):
        for plan in self:
            plan.progress = account_plans.average_progress(
                plan.goal_ids.mapped("progress")
            )

    def _compute_action_counts(self):
        today = fields.Date.context_today(self)
        Activity = self.env["mail.activity"].sudo()
        open_rows = Activity._read_group(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)],
            ["res_id"],
            ["__count"],
        )
        overdue_rows = Activity._read_group(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("date_deadline", "<", today),
            ],
            ["res_id"],
            ["__count"],
        )
        done_rows = (
            self.env["mail.message"]
            .sudo()
            ._read_group(
                [
                    ("model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("mail_activity_type_id", "!=", False),
                ],
                ["res_id"],
                ["__count"],
            )
        )
        open_counts = dict(open_rows)
        overdue_counts = dict(overdue_rows)
        done_counts = dict(done_rows)
        for plan in self:
            plan.open_action_count = open_counts.get(plan.id, 0)
            plan.overdue_action_count = overdue_counts.get(plan.id, 0)
            plan.done_action_count = done_counts.get(plan.id, 0)

    @api.depends_context("uid")
    @api.depends("user_id")
    def _compute_can_manage(self):
        is_manager = self.env.user.has_group(MANAGER_GROUP)
        for plan in self:
            plan.can_manage = is_manager or plan.user_id == self.env.user

    @api.constrains("date_start", "date_end")
    def _check_period(self):
        for plan in self:
            if plan.date_end < plan.date_start:
                raise ValidationError(
                    self.env._(
                        "Period End of %(plan)s: choose a date on or after the "
                        "period start.",
                        plan=plan.display_name,
                    )
                )

    @api.constrains("review_interval")
    def _check_review_interval(self):
        for plan in self:
            if plan.review_interval < 1:
                raise ValidationError(
                    self.env._(
                        "Review Every (days) of %(plan)s: enter at least 1 day.",
                        plan=plan.display_name,
                    )
                )

    @api.constrains("partner_id", "state")
    def _check_one_active_plan(self):
        for plan in self.filtered(lambda p: p.state == "active"):
            if self.sudo().search_count(
                [
                    ("id", "!=", plan.id),
                    ("partner_id", "=", plan.partner_id.id),
                    ("state", "=", "active"),
                ]
            ):
                raise ValidationError(
                    self.env._(
                        "Customer of %(plan)s: %(customer)s already has an active "
                        "key-account plan; close it first.",
                        plan=plan.display_name,
                        customer=plan.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = strip_guarded_create(self, vals_list, WORKFLOW_FIELDS, group=None)
        vals_list = strip_guarded_create(self, vals_list, ("user_id",))
        vals_list = strip_derived_create(self, vals_list, DERIVED_FIELDS)
        self = without_defaults(self, DERIVED_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        check_guarded_write(self, vals, WORKFLOW_FIELDS, group=None)
        check_guarded_write(self, vals, MANAGER_FIELDS)
        check_derived_write(self, vals, DERIVED_FIELDS)
        return super().write(vals)

    def _check_may_manage(self):
        """The account manager or a sales manager moves a plan; checked on the
        real user before the workflow writes as the system."""
        self.check_access("write")
        for plan in self:
            if not plan.can_manage:
                raise AccessError(
                    self.env._(
                        "%(plan)s: only its account manager %(manager)s or a sales "
                        "manager may do this.",
                        plan=plan.display_name,
                        manager=plan.user_id.name or "-",
                    )
                )

    def _check_state(self, expected):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for plan in self:
            if plan.state != expected:
                raise UserError(
                    self.env._(
                        "%(plan)s is %(state)s; only a plan in state %(expected)s "
                        "can do this.",
                        plan=plan.display_name,
                        state=labels[plan.state],
                        expected=labels[expected],
                    )
                )

    def action_activate(self):
        self._check_may_manage()
        self._check_state("draft")
        today = fields.Date.context_today(self)
        for plan in self.sudo():
            plan.write(
                {
                    "state": "active",
                    "next_review_date": account_plans.next_review_date(
                        today, plan.review_interval
                    ),
                }
            )
        self.partner_id.sudo()._close_plan_missing_activities()
        return True

    def action_close(self):
        self._check_may_manage()
        self._check_state("active")
        self.sudo().write({"state": "closed"})
        self.sudo()._review_activities().action_feedback(
            feedback=self.env._("Plan closed")
        )
        return True

    def action_record_review(self, notes=False):
        """Stores the review with the goals' values of today and moves the
        next review by the plan's interval."""
        self._check_may_manage()
        self._check_state("active")
        today = fields.Date.context_today(self)
        Review = self.env["customer.account.plan.review"].sudo()
        reviews = Review
        for plan in self.sudo():
            snapshot = account_plans.review_snapshot(
                [
                    {
                        "name": goal.name,
                        "metric": goal.metric,
                        "target": goal.target,
                        "current": goal.current_value,
                    }
                    for goal in plan.goal_ids
                ]
            )
            reviews |= Review.create(
                {
                    "plan_id": plan.id,
                    "date": today,
                    "user_id": self.env.user.id,
                    "notes": notes or False,
                    "progress": plan.progress,
                    "goal_snapshot": snapshot,
                }
            )
            plan.write(
                {
                    "last_review_date": today,
                    "next_review_date": account_plans.next_review_date(
                        today, plan.review_interval
                    ),
                }
            )
        self.sudo()._review_activities().action_feedback(
            feedback=notes or self.env._("Review recorded")
        )
        return reviews.ids

    def action_open_review_wizard(self):
        self._check_may_manage()
        self._check_state("active")
        return {
            "type": "ir.actions.act_window",
            "res_model": "customer.account.plan.review.wizard",
            "name": self.env._("Record Review"),
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def _review_activities(self):
        activity_type = self.env.ref(
            "customer_tiering.mail_activity_type_account_plan_review"
        )
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )

    @api.model
    @retry_on_conflict
    def _cron_review_due(self):
        """One review activity for the account manager of each active plan
        whose review date has come; never a second one while one is open."""
        today = fields.Date.context_today(self)
        activity_type = self.env.ref(
            "customer_tiering.mail_activity_type_account_plan_review"
        )
        plans = self.sudo().search(
            [("state", "=", "active"), ("next_review_date", "<=", today)]
        )
        plans = plans.filtered(
            lambda p: account_plans.review_due(p.state, p.next_review_date, today)
        )
        waiting = set(plans._review_activities().mapped("res_id"))
        model_id = self.env["ir.model"]._get_id(self._name)
        values = [
            {
                "res_model_id": model_id,
                "res_id": plan.id,
                "activity_type_id": activity_type.id,
                "user_id": plan.user_id.id,
                "date_deadline": plan.next_review_date,
                "summary": self.env._("Review %(plan)s", plan=plan.display_name),
            }
            for plan in plans
            if plan.id not in waiting and plan.user_id
        ]
        return self.env["mail.activity"].sudo().create(values)
