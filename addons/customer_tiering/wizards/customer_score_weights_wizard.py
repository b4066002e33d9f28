from odoo import api, fields, models


class CustomerScoreWeightsWizard(models.TransientModel):
    """All the weights of a company's scorecard in one save.

    The weights must add up to 100 whenever a request ends, so moving points
    from one indicator to another takes one request that writes them all; a
    list that saves row by row cannot.
    """

    _name = "customer.score.weights.wizard"
    _description = "Value Score Weights"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    line_ids = fields.One2many("customer.score.weights.line", "wizard_id")
    total = fields.Float(compute="_compute_total", digits=(5, 2))

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        company_id = values.get("company_id") or self.env.company.id
        indicators = self.env["customer.score.indicator"].search(
            [("company_id", "=", company_id)]
        )
        values["line_ids"] = [
            fields.Command.create({"indicator_id": ind.id, "weight": ind.weight})
            for ind in indicators
        ]
        return values

    @api.depends("line_ids.weight")
    def _compute_total(self):
        for wizard in self:
            wizard.total = sum(wizard.line_ids.mapped("weight"))

    def action_apply(self):
        """Writes the weights as the user (the indicators' ACL and rules
        apply), then checks the totals at once rather than at commit."""
        self.ensure_one()
        for line in self.line_ids:
            if line.indicator_id.weight != line.weight:
                line.indicator_id.weight = line.weight
        self.env["customer.score.indicator"]._check_company_weights(
            self.line_ids.indicator_id.company_id
        )
        return {"type": "ir.actions.act_window_close"}
