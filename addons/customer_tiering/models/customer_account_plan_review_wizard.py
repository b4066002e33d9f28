from odoo import fields, models


class CustomerAccountPlanReviewWizard(models.TransientModel):
    """The notes of a review, handed to the plan's ``action_record_review``,
    which checks who is asking."""

    _name = "customer.account.plan.review.wizard"
    _description = "Record a Key-Account Plan Review"

    notes = fields.Text(required=True)

    def action_record(self):
        plans = self.env["customer.account.plan"].browse(
            self.env.context.get("active_ids", [])
        )
        plans.action_record_review(self.notes)
        return {"type": "ir.actions.act_window_close"}
