import json

from odoo import api, fields, models


class CustomerAccountPlanReview(models.Model):
    """A review held on a key-account plan, with the goals' values of that
    day: written by the plan's ``action_record_review`` only, so that a
    review is never back-dated or edited afterwards."""

    _name = "customer.account.plan.review"
    _description = "Key-Account Plan Review"
    _order = "date desc, id desc"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "customer.account.plan",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    date = fields.Date(required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Reviewed By", readonly=True)
    notes = fields.Text(readonly=True)
    progress = fields.Float(string="Progress (%)", digits=(5, 1), readonly=True)
    goal_snapshot = fields.Text(
        string="Goals at Review (JSON)",
        readonly=True,
        help="Each goal's target, value and progress on the day of the review.",
    )
    goal_summary = fields.Text(
        string="Goals at Review", compute="_compute_goal_summary"
    )

    @api.depends("goal_snapshot")
    def _compute_goal_summary(self):
        for review in self:
            rows = json.loads(review.goal_snapshot or "[]")
            review.goal_summary = "\n".join(
                f"{row['name']}: {row['current']:g} / {row['target']:g} "
                f"({row['progress']:g}%)"
                for row in rows
            )
