from odoo import models

TERMINATED = "relationship_terminated"


class CustomerRelationshipEvaluation(models.Model):
    """A relationship a manager decided to terminate goes back to the public
    pool, released like any recycled customer: a release row with its own
    reason (which starts the former owner's claim cool-down), the note, the
    former owner unsubscribed."""

    _inherit = "customer.relationship.evaluation"

    def _apply_terminate(self):
        """Runs as the superuser, inside the mixin's approval, after the
        manager was checked and the customer locked with the evaluator still
        its owner."""
        res = super()._apply_terminate()
        partner = self.partner_id.sudo()
        if partner.user_id:
            partner.with_context(tracking_disable=True).write(
                {"pool_due_reason": TERMINATED}
            )
            self.env["crm.pool.engine"].sudo()._release(partner)
        return res
