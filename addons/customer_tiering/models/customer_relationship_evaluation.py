from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..services import relationship, tiering
from ..tools.derived import check_derived_write, strip_derived_create, without_defaults
from ..tools.guard import MANAGER_GROUP, check_guarded_write
from ..tools.retry import retry_on_conflict

STATES = [
    ("draft", "To Score"),
    ("submitted", "Submitted"),
    ("decided", "Decided"),
]
DECISIONS = [
    (relationship.DEVELOP, "Develop"),
    (relationship.MAINTAIN, "Maintain"),
    (relationship.TERMINATE, "Terminate"),
]
#: derived from the customer when the evaluation is opened
DERIVED_FIELDS = ("evaluator_id", "company_id")
#: what the evaluator changes while he scores
OWNER_FIELDS = ("line_ids", "note")
#: the manager's reason for returning an evaluation
MANAGER_FIELDS = ("decision_note",)


class CustomerRelationshipEvaluation(models.Model):
    """The periodic grading of one customer relationship by its owner.

    The owner scores each criterion (draft), submits; a sales manager then
    decides to develop, maintain or terminate the relationship, or returns the
    evaluation to the owner with a reason. The score and the recommendation
    are the server's (services/relationship.py); the decision is the
    manager's, and "terminate" takes effect through ``_apply_terminate``,
    which lead_allocation extends to release the customer to the pool."""

    _name = "customer.relationship.evaluation"
    _description = "Relationship Evaluation"
    _inherit = ["sales.policy.approval.mixin", "mail.activity.mixin"]
    _order = "period_date desc, id desc"
    _check_company_auto = True

    _approval_pending_states = ("submitted",)
    _approval_approved_state = "decided"
    _approval_rejected_state = "draft"
    _approval_cancelled_state = None
    _approval_requester_field = "evaluator_id"
    _approval_reason_field = "decision_note"
    _approval_workflow_fields = (
        "decision",
        "score",
        "recommendation",
        "value_growth",
        "due_date",
        "submitted_on",
    )

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('is_company', '=', True), ('parent_id', '=', False), "
        "('user_id', '!=', False)]",
        check_company=True,
        tracking=True,
    )
    evaluator_id = fields.Many2one(
        "res.users",
        compute="_compute_derived",
        store=True,
        index=True,
        help="The customer's salesperson when the evaluation was opened: he scores it.",
    )
    company_id = fields.Many2one(
        "res.company", compute="_compute_derived", store=True, index=True
    )
    period_date = fields.Date(
        string="Period",
        required=True,
        default=fields.Date.context_today,
        help="The day the relationship is graded for; the next evaluation is due "
        "this many days later as the customer's tier's service standard says.",
    )
    due_date = fields.Date(
        string="Score By",
        readonly=True,
        copy=False,
        help="The owner scores and submits the evaluation by this day; a draft "
        "past it is overdue.",
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    line_ids = fields.One2many(
        "customer.relationship.evaluation.line", "evaluation_id", string="Scores"
    )
    score = fields.Float(
        digits=(3, 2),
        compute="_compute_score",
        store=True,
        help="Weighted average of the scored criteria, from 1 to 5.",
    )
    value_growth = fields.Float(
        string="Value Growth (%)",
        digits=(16, 1),
        readonly=True,
        copy=False,
        help="The customer's sales growth when the evaluation was submitted; a "
        "value falling below the company's decline threshold lowers a "
        "'Maintain' recommendation to 'Terminate'.",
    )
    recommendation = fields.Selection(
        DECISIONS,
        compute="_compute_recommendation",
        store=True,
        help="From the score and the company's thresholds: develop from the "
        "develop threshold, terminate below the terminate threshold, maintain "
        "between, lowered to terminate when the customer's value is falling.",
    )
    decision = fields.Selection(DECISIONS, readonly=True, copy=False, tracking=True)
    decision_note = fields.Text(
        string="Manager's Note",
        copy=False,
        help="Why the evaluation was returned to its owner, or a comment on the "
        "decision.",
    )
    note = fields.Text(string="Owner's Comment")
    submitted_on = fields.Datetime(readonly=True, copy=False)
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, tracking=True
    )
    is_evaluator = fields.Boolean(compute="_compute_is_evaluator")
    has_account_plan = fields.Boolean(
        string="Has a Key-Account Plan",
        compute="_compute_has_account_plan",
        help="The customer has a draft or active key-account plan.",
    )

    _sql_constraints = [
        (
            "partner_period_unique",
            "unique(partner_id, period_date)",
            "A customer is evaluated once per period.",
        )
    ]

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------
    @api.depends("partner_id")
    def _compute_derived(self):
        for evaluation in self:
            partner = evaluation.partner_id.sudo()
            evaluation.evaluator_id = partner.user_id
            evaluation.company_id = partner.company_id or partner.user_id.company_id

    @api.depends("line_ids.score", "line_ids.weight")
    def _compute_score(self):
        for evaluation in self:
            score = relationship.weighted_score(
                [
                    (line.weight, int(line.score) if line.score else None)
                    for line in evaluation.line_ids
                ]
            )
            evaluation.score = score or 0.0

    @api.depends("score", "value_growth")
    def _compute_recommendation(self):
        """Frozen with the score: thresholds changed later do not rewrite it."""
        for evaluation in self:
            company = evaluation.company_id.sudo()
            evaluation.recommendation = relationship.recommend(
                evaluation.score or None,
                evaluation.value_growth,
                develop=company.relationship_develop_threshold,
                terminate=company.relationship_terminate_threshold,
                decline=company.relationship_decline_threshold,
            )

    @api.depends("state", "due_date")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for evaluation in self:
            evaluation.is_overdue = bool(
                evaluation.state == "draft"
                and evaluation.due_date
                and evaluation.due_date < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Overdue: search for yes or no only."))
        domain = [
            ("state", "=", "draft"),
            ("due_date", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    @api.depends_context("uid")
    @api.depends("evaluator_id")
    def _compute_is_evaluator(self):
        for evaluation in self:
            evaluation.is_evaluator = evaluation.evaluator_id == self.env.user

    def _compute_has_account_plan(self):
        planned = set(self._open_account_plans().partner_id.ids)
        for evaluation in self:
            evaluation.has_account_plan = evaluation.partner_id.id in planned

    @api.depends("partner_id", "period_date")
    def _compute_display_name(self):
        for evaluation in self:
            evaluation.display_name = "%s (%s)" % (
                evaluation.partner_id.display_name or "",
                evaluation.period_date or "",
            )

    # ------------------------------------------------------------------
    # create and write
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        """Opened by the customer's salesperson (or a manager) for a company
        customer with an owner; the lines are the company's active criteria,
        whatever the client sent."""
        vals_list = strip_derived_create(self, vals_list, DERIVED_FIELDS)
        if not self.env.su:
            vals_list = [
                {k: v for k, v in vals.items() if k not in ("line_ids",)}
                for vals in vals_list
            ]
        self = without_defaults(self, DERIVED_FIELDS + ("line_ids",))
        if not self.env.su:
            self._check_may_evaluate(
                self.env["res.partner"].browse(
                    [vals["partner_id"] for vals in vals_list if vals.get("partner_id")]
                )
            )
        evaluations = super().create(vals_list)
        evaluations._check_partner()
        evaluations.sudo()._create_lines()
        grace = {
            company: company.sudo().relationship_grace_days
            for company in evaluations.company_id
        }
        for evaluation in evaluations.sudo().filtered(lambda e: not e.due_date):
            evaluation.due_date = evaluation.period_date + timedelta(
                days=grace.get(evaluation.company_id, 0)
            )
        return evaluations

    def write(self, vals):
        check_derived_write(self, vals, DERIVED_FIELDS)
        check_guarded_write(self, vals, MANAGER_FIELDS)
        # the customer and period are the evaluation's identity: set once
        check_guarded_write(self, vals, ("partner_id", "period_date"), group=None)
        if not self.env.su:
            if not self._approval_in_decider_group():
                self._check_evaluator_may_edit(vals)
        return super().write(vals)

    def _check_evaluator_may_edit(self, vals):
        """A salesperson changes only his own drafts' scores and comment."""
        editable = set(OWNER_FIELDS)
        for evaluation in self:
            if (
                set(vals) - editable
                or evaluation.evaluator_id != self.env.user
                or evaluation.state != "draft"
            ):
                raise AccessError(
                    self.env._(
                        "%(evaluation)s: only its evaluator scores it, while it "
                        "is to score; a sales manager decides on it.",
                        evaluation=evaluation.display_name,
                    )
                )

    @api.model
    def _check_may_evaluate(self, partners):
        """Before anything is written: a customer the user may read, and for
        a salesperson his own."""
        partners.check_access("read")
        if self._approval_in_decider_group():
            return
        for partner in partners.sudo():
            if partner.user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "%(customer)s: only its salesperson evaluates the "
                        "relationship with it.",
                        customer=partner.display_name,
                    )
                )

    def _check_partner(self):
        facts = self.env["sales.policy.facts"]
        for evaluation in self:
            partner = evaluation.partner_id.sudo()
            if not (
                partner.is_company and partner.user_id and facts._is_customer(partner)
            ):
                raise ValidationError(
                    self.env._(
                        "Customer: %(customer)s is not a company customer with a "
                        "salesperson; only those are evaluated.",
                        customer=partner.display_name,
                    )
                )

    def _create_lines(self):
        Criterion = self.env["customer.relationship.criterion"].sudo()
        Criterion._create_default_criteria(self.company_id)
        criteria = Criterion.search([("company_id", "in", self.company_id.ids)])
        self.env["customer.relationship.evaluation.line"].sudo().create(
            [
                {
                    "evaluation_id": evaluation.id,
                    "criterion_id": criterion.id,
                    "weight": criterion.weight,
                    "sequence": criterion.sequence,
                }
                for evaluation in self
                for criterion in criteria
                if criterion.company_id == evaluation.company_id
            ]
        )

    # ------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------
    def action_submit(self):
        """The evaluator hands his scores to the managers; the customer's
        value growth of today goes with them."""
        self.check_access("write")
        for evaluation in self:
            if evaluation.evaluator_id != self.env.user and not self.env.su:
                raise AccessError(
                    self.env._(
                        "%(evaluation)s: only its evaluator submits it.",
                        evaluation=evaluation.display_name,
                    )
                )
            if evaluation.state != "draft":
                raise UserError(
                    self.env._(
                        "%(evaluation)s is submitted already.",
                        evaluation=evaluation.display_name,
                    )
                )
            missing = evaluation.line_ids.filtered(lambda line: not line.score)
            if missing or not evaluation.line_ids:
                raise UserError(
                    self.env._(
                        "%(evaluation)s: score every criterion first (%(missing)s).",
                        evaluation=evaluation.display_name,
                        missing=", ".join(missing.criterion_id.mapped("name")),
                    )
                )
        for evaluation in self.sudo():
            evaluation._approval_lock_row(evaluation)
            evaluation.write(
                {
                    "state": "submitted",
                    "submitted_on": fields.Datetime.now(),
                    "value_growth": evaluation.partner_id.tier_growth,
                }
            )
            evaluation._due_activities().action_feedback()
        return True

    def action_decide_develop(self):
        return self._decide(relationship.DEVELOP)

    def action_decide_maintain(self):
        return self._decide(relationship.MAINTAIN)

    def action_decide_terminate(self):
        return self._decide(relationship.TERMINATE)

    def action_return(self):
        """Back to the evaluator with the manager's note as the reason."""
        self.check_access("write")
        return self._approval_reject()

    def _decide(self, decision):
        """The mixin's approval with the manager's decision: checked decider,
        locked evaluation and customer, the decision applied once."""
        self._approval_check_decider()
        # the real user's record rules (his companies) before the superuser's
        self.check_access("write")
        for evaluation in self.sudo():
            evaluation._approval_lock()
            evaluation._approval_lock_targets()
            evaluation.write({"decision": decision})
            evaluation._approval_apply()
            evaluation._approval_set_state(self._approval_approved_state)
            evaluation._approval_after()
        return True

    def _approval_lock_targets(self):
        """The customer must still be the evaluator's: a decision on a
        relationship someone else holds now would act on the wrong one."""
        owner_id = self._approval_lock_row(self.partner_id, column="user_id")
        if owner_id != self.evaluator_id.id:
            raise UserError(
                self.env._(
                    "%(customer)s changed salesperson since %(evaluation)s was "
                    "opened; evaluate the new relationship instead.",
                    customer=self.partner_id.display_name,
                    evaluation=self.display_name,
                )
            )

    def _approval_apply(self):
        if self.decision == relationship.TERMINATE:
            self._apply_terminate()
        elif self.decision == relationship.DEVELOP:
            self._apply_develop()
        else:
            self._apply_maintain()

    def _post_decision_note(self, message):
        self.partner_id.message_post(
            body=message, message_type="comment", subtype_xmlid="mail.mt_note"
        )

    def _apply_develop(self):
        """A note; the manager then starts the key-account plan with
        ``action_open_account_plan``."""
        self._post_decision_note(
            self.env._(
                "Relationship evaluation %(evaluation)s: develop the relationship "
                "(score %(score)s).",
                evaluation=self.display_name,
                score=self.score,
            )
        )

    def _apply_maintain(self):
        self._post_decision_note(
            self.env._(
                "Relationship evaluation %(evaluation)s: maintain the relationship "
                "(score %(score)s).",
                evaluation=self.display_name,
                score=self.score,
            )
        )

    def _apply_terminate(self):
        """Hook: customer_tiering only records the decision on the customer;
        lead_allocation releases the customer to the public pool."""
        self._post_decision_note(
            self.env._(
                "Relationship evaluation %(evaluation)s: terminate the relationship "
                "(score %(score)s).",
                evaluation=self.display_name,
                score=self.score,
            )
        )

    # ------------------------------------------------------------------
    # the key-account plan of a relationship to develop
    # ------------------------------------------------------------------
    def _open_account_plans(self):
        """The customers' draft and active plans, whoever may read them: the
        button shows whether one exists, the plan opens as the user."""
        return (
            self.env["customer.account.plan"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.partner_id.ids),
                    ("state", "in", ("draft", "active")),
                ],
                order="state, id desc",
            )
        )

    def action_open_account_plan(self):
        """A sales manager puts a customer he decided to develop on a
        key-account plan: a draft plan for a year, managed by the customer's
        salesperson, or the customer's draft or active plan when it has one.

        The plan is created as the manager himself, so that the plans' access
        rights and company rules apply; the customer's row is locked so that
        two clicks make one plan."""
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._(
                    "%(evaluation)s: only a sales manager puts a customer on a "
                    "key-account plan from an evaluation.",
                    evaluation=self.display_name,
                )
            )
        self.check_access("write")
        if self.state != "decided" or self.decision != relationship.DEVELOP:
            raise UserError(
                self.env._(
                    "%(evaluation)s: decide to develop the relationship before "
                    "you put the customer on a key-account plan.",
                    evaluation=self.display_name,
                )
            )
        self._approval_lock_row(self.partner_id)
        plan = self._open_account_plans()[:1]
        if not plan:
            today = fields.Date.context_today(self)
            partner = self.partner_id.sudo()
            plan = self.env["customer.account.plan"].create(
                {
                    "partner_id": partner.id,
                    "user_id": partner.user_id.id,
                    "date_start": today,
                    "date_end": today + relativedelta(years=1, days=-1),
                }
            )
            plan.message_post(
                body=self.env._(
                    "Started from the relationship evaluation %(evaluation)s "
                    "(score %(score)s): develop the relationship.",
                    evaluation=self.display_name,
                    score=self.score,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "customer.account.plan",
            "name": self.env._("Key-Account Plan"),
            "view_mode": "form",
            "res_id": plan.id,
            "target": "current",
        }

    # ------------------------------------------------------------------
    # due evaluations
    # ------------------------------------------------------------------
    def _due_activity_type(self):
        return self.env.ref("customer_tiering.mail_activity_type_relationship_due")

    def _due_activities(self):
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", self._due_activity_type().id),
                ]
            )
        )

    @api.model
    def _evaluation_intervals(self, company):
        standards = (
            self.env["customer.tier.service.standard"]
            .sudo()
            .search_read(
                [("company_id", "in", (company.id, False))],
                ["scheme", "tier", "evaluation_interval_days", "company_id"],
            )
        )
        intervals = {"share": {}, "value": {}}
        # Shared standards first, so that the company's own ones win.
        for standard in sorted(standards, key=lambda row: bool(row["company_id"])):
            intervals[standard["scheme"]][standard["tier"]] = standard[
                "evaluation_interval_days"
            ]
        return intervals

    @api.model
    @retry_on_conflict
    def _cron_evaluations_due(self):
        """A draft evaluation and a 'Relationship evaluation due' activity for
        the owner of every customer due, never a second while one is open:
        safe to re-run."""
        today = fields.Date.context_today(self)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, p.tier_share, p.tier_value,
                       COALESCE(p.company_id, u.company_id),
                       (SELECT MAX(e.period_date)
                          FROM customer_relationship_evaluation e
                         WHERE e.partner_id = p.id)
                  FROM res_partner p
                  JOIN res_users u ON u.id = p.user_id
                 WHERE %s AND p.is_company AND u.active
                   AND NOT EXISTS (
                       SELECT 1 FROM customer_relationship_evaluation e
                        WHERE e.partner_id = p.id
                          AND e.state IN ('draft', 'submitted'))
                 ORDER BY p.id
                """,
                self.env["sales.policy.facts"]._customer_sql("p"),
            )
        )
        rows = self.env.cr.fetchall()
        companies = self.env["res.company"].sudo().browse({row[3] for row in rows})
        intervals = {
            company.id: self._evaluation_intervals(company) for company in companies
        }
        customers = []
        for partner_id, share, value, company_id, last_period in rows:
            company_intervals = intervals[company_id]
            interval = tiering.resolve_interval(
                share, value, company_intervals["share"], company_intervals["value"]
            )
            customers.append((partner_id, interval, last_period))
        due_ids = relationship.due_customers(customers, today)
        if not due_ids:
            return self.browse()
        evaluations = self.sudo().create(
            [{"partner_id": partner_id, "period_date": today} for partner_id in due_ids]
        )
        activity_type = self._due_activity_type()
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": evaluation.id,
                    "activity_type_id": activity_type.id,
                    "user_id": evaluation.evaluator_id.id,
                    "date_deadline": evaluation.due_date,
                    "summary": self.env._("Relationship evaluation due"),
                }
                for evaluation in evaluations
            ]
        )
        return evaluations
