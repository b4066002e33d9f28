from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..services import account_plans
from ..tools.derived import check_derived_write, strip_derived_create, without_defaults
from ..tools.guard import MANAGER_GROUP

#: figures the tier engine stores on the customer, and "manual"
GOAL_METRICS = [
    ("tier_sales_amount", "Sales in Window"),
    ("tier_order_count", "Orders in Window"),
    ("tier_margin", "Margin in Window"),
    ("tier_margin_percent", "Margin (%)"),
    ("tier_growth", "Growth (%)"),
    ("tier_share_percent", "Share of Sales (%)"),
    ("tier_active_months", "Months With Orders"),
    ("manual", "Manual"),
]
DERIVED_FIELDS = ("company_id",)


class CustomerAccountPlanGoal(models.Model):
    """A goal of a key-account plan, measured on the customer's own figures
    so that nobody types in the progress of a measurable goal."""

    _name = "customer.account.plan.goal"
    _description = "Key-Account Plan Goal"
    _order = "plan_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    plan_id = fields.Many2one(
        "customer.account.plan",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    name = fields.Char(string="Goal", required=True)
    metric = fields.Selection(GOAL_METRICS, required=True, default="manual")
    target = fields.Float(required=True, digits=(16, 2))
    manual_value = fields.Float(
        digits=(16, 2),
        help="Reached value of a manual goal; measured goals read the "
        "customer's figures.",
    )
    current_value = fields.Float(compute="_compute_current_value", digits=(16, 2))
    progress = fields.Float(
        string="Progress (%)", compute="_compute_current_value", digits=(5, 1)
    )

    @api.depends(
        "metric",
        "manual_value",
        "target",
        "plan_id.partner_id",
        *[f"plan_id.partner_id.{metric}" for metric, _label in GOAL_METRICS[:-1]],
    )
    def _compute_current_value(self):
        for goal in self:
            if goal.metric == "manual":
                current = goal.manual_value
            else:
                current = goal.plan_id.partner_id.sudo()[goal.metric] or 0.0
            goal.current_value = current
            goal.progress = account_plans.goal_progress(goal.target, current)

    @api.constrains("target")
    def _check_target(self):
        for goal in self:
            if goal.target <= 0:
                raise ValidationError(
                    self.env._(
                        "Target of the goal %(goal)s: enter a value above 0.",
                        goal=goal.name,
                    )
                )

    def _check_plan_open(self, plans):
        """A closed plan is a record of what was agreed: only a sales manager
        changes its goals."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        for plan in plans.filtered(lambda p: p.state == "closed"):
            raise AccessError(
                self.env._(
                    "%(plan)s is closed: only a sales manager changes its goals.",
                    plan=plan.display_name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = strip_derived_create(self, vals_list, DERIVED_FIELDS)
        self = without_defaults(self, DERIVED_FIELDS)
        goals = super().create(vals_list)
        self._check_plan_open(goals.plan_id)
        return goals

    def write(self, vals):
        check_derived_write(self, vals, DERIVED_FIELDS)
        self._check_plan_open(self.plan_id)
        result = super().write(vals)
        self._check_plan_open(self.plan_id)
        return result

    def unlink(self):
        self._check_plan_open(self.plan_id)
        return super().unlink()
