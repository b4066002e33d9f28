from odoo import fields, models


class CustomerScoreWeightsLine(models.TransientModel):
    _name = "customer.score.weights.line"
    _description = "Value Score Weights Line"

    wizard_id = fields.Many2one(
        "customer.score.weights.wizard", required=True, ondelete="cascade"
    )
    indicator_id = fields.Many2one(
        "customer.score.indicator", required=True, ondelete="cascade", readonly=True
    )
    weight = fields.Float(digits=(5, 2))
