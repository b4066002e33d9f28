from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    first_contact_sla_minutes = fields.Integer(
        related="company_id.first_contact_sla_minutes", readonly=False
    )
    penalty_ladder_window_days = fields.Integer(
        related="company_id.penalty_ladder_window_days", readonly=False
    )
    visit_plan_deadline_days = fields.Integer(
        related="company_id.visit_plan_deadline_days", readonly=False
    )
    special_monthly_calls = fields.Integer(
        related="company_id.special_monthly_calls", readonly=False
    )
    special_daily_calls = fields.Integer(
        related="company_id.special_daily_calls", readonly=False
    )
    special_team_id = fields.Many2one(
        related="company_id.special_team_id",
        readonly=False,
        domain="[('company_id', 'in', [company_id, False])]",
    )

    def _company_rows_action(self, xmlid):
        """The rows of the company being configured only, new rows in it: the
        settings page is per company, so is the list it opens."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("company_id", "=", self.company_id.id)]
        action["context"] = {"default_company_id": self.company_id.id}
        return action

    def action_open_penalty_steps(self):
        return self._company_rows_action("sales_discipline.sales_penalty_step_action")

    def action_open_intake_mismatch_steps(self):
        return self._company_rows_action(
            "sales_discipline.sales_intake_mismatch_step_action"
        )
