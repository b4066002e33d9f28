from odoo import api, fields, models
from odoo.exceptions import UserError

from .crm_lead import LEAD_CLASSES


class CrmIntakeMismatch(models.Model):
    """One class judgement of an intake agent found wrong: an approved
    re-allocation request. sales_discipline counts these per agent and month."""

    _name = "crm.intake.mismatch"
    _description = "Intake Class Mismatch"
    _order = "date desc, id desc"

    user_id = fields.Many2one(
        "res.users",
        string="Intake Agent",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    date = fields.Date(required=True, index=True, readonly=True)
    lead_id = fields.Many2one("crm.lead", ondelete="set null", readonly=True)
    request_id = fields.Many2one(
        "crm.reallocation.request",
        string="Re-allocation Request",
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    judged_class = fields.Selection(LEAD_CLASSES, readonly=True)
    actual_class = fields.Selection(LEAD_CLASSES, readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )

    _sql_constraints = [
        (
            "request_unique",
            "UNIQUE(request_id)",
            "A re-allocation request records one mismatch only.",
        )
    ]

    @api.depends("user_id", "lead_id")
    def _compute_display_name(self):
        for mismatch in self:
            mismatch.display_name = (
                f"{mismatch.user_id.name or ''}: {mismatch.lead_id.display_name or ''}"
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recorded(self):
        if not (
            self.env.su or self.env.user.has_group("sales_team.group_sale_manager")
        ):
            raise UserError(
                self.env._("Only a sales manager can delete an intake mismatch.")
            )
