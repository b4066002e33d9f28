from odoo import fields, models


class CrmHandoverWizard(models.TransientModel):
    _inherit = "crm.handover.wizard"

    def _handover_cancel_extra(self, user, report):
        """The leaving salesperson's visit plans waiting for a decision are
        returned with the reason; his plans of the coming months that are not
        approved yet are listed, nothing is deleted."""
        summary = super()._handover_cancel_extra(user, report)
        Plan = self.env["sales.visit.plan"].sudo()
        month_start = fields.Date.context_today(self).replace(day=1)
        submitted = Plan.search(
            [("user_id", "=", user.id), ("state", "=", "submitted")]
        )
        if submitted:
            submitted.write(
                {
                    "return_note": self.env._(
                        "%(user)s left or changed post (handover %(report)s).",
                        user=user.name,
                        report=report.display_name,
                    )
                }
            )
            submitted._approval_reject()
            summary.append(
                self.env._(
                    "Visit plans returned: %(plans)s.",
                    plans=", ".join(submitted.mapped("display_name")),
                )
            )
        left = (
            Plan.search(
                [
                    ("user_id", "=", user.id),
                    ("state", "in", ("draft", "returned", "approved")),
                    ("month", ">=", month_start),
                ]
            )
            - submitted
        )
        if left:
            summary.append(
                self.env._(
                    "Visit plans of this month and later kept for the manager "
                    "to review: %(plans)s.",
                    plans=", ".join(left.mapped("display_name")),
                )
            )
        return summary
