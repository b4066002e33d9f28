from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.customer_tiering.tools.guard import check_guarded_write

from .crm_lead import LEAD_CLASSES


class CrmIntakeMismatch(models.Model):
    """One class judgement of an intake agent found wrong: an approved
    re-allocation request. sales_discipline counts these per agent and month."""

    _name = "crm.intake.mismatch"
    _description = "Intake Class Mismatch"
    _order = "date desc, id desc"
    _check_company_auto = True

    user_id = fields.Many2one(
        "res.users",
        string="Intake Agent",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    date = fields.Date(required=True, index=True, readonly=True)
    lead_id = fields.Many2one(
        "crm.lead", ondelete="set null", readonly=True, check_company=True
    )
    request_id = fields.Many2one(
        "crm.reallocation.request",
        string="Re-allocation Request",
        ondelete="cascade",
        index=True,
        readonly=True,
        check_company=True,
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

    @api.model_create_multi
    def create(self, vals_list):
        """Only an approval records a mismatch (as superuser, after the
        manager check); its company is the request's, whatever was sent."""
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Intake mismatches: only the approval of a re-allocation "
                    "request records one."
                )
            )
        requests = self.env["crm.reallocation.request"].browse(
            [vals.get("request_id") for vals in vals_list if vals.get("request_id")]
        )
        company_by_request = {request.id: request.company_id.id for request in requests}
        for vals in vals_list:
            if vals.get("request_id"):
                vals["company_id"] = company_by_request[vals["request_id"]]
        return super().create(vals_list)

    def write(self, vals):
        """What an approval recorded stays as it was: no client, not even a
        manager, pins a mismatch on another agent afterwards."""
        check_guarded_write(self, vals, list(vals), group=None)
        return super().write(vals)

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
