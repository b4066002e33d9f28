from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..services import scorecard

SOURCES = [
    ("sales", "Sales Amount"),
    ("orders", "Order Count"),
    ("margin", "Margin"),
    ("growth", "Growth (%)"),
    ("stability", "Stability"),
    ("share", "Share of Sales (%)"),
    ("manual", "Manual (0-100)"),
]
NORMALISATIONS = [
    ("rank", "Rank Percentile in the Company"),
    ("linear", "Linear Between Floor and Cap"),
]


class CustomerScoreIndicator(models.Model):
    """One weighted indicator of a company's value scorecard, as a row.

    The weights of a company's active indicators must add up to 100. Changing
    them means changing several rows, so the total is checked when the
    transaction is flushed (``cr.precommit``: at its commit, or at a savepoint
    opened before), rather than after each row: a request that leaves any
    company's total off 100 is refused and rolled back. The web client's list
    saves row by row; *Edit Weights* saves all the rows in one request.
    """

    _name = "customer.score.indicator"
    _description = "Value Score Indicator"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    source = fields.Selection(SOURCES, required=True, default="sales")
    weight = fields.Float(required=True, default=0.0, digits=(5, 2))
    normalisation = fields.Selection(
        NORMALISATIONS,
        required=True,
        default="rank",
        help="Rank: the customer's percentile among the company's customers "
        "(largest 100, smallest 0). Linear: the floor scores 0, the cap 100.",
    )
    floor = fields.Float(default=0.0)
    cap = fields.Float(default=100.0)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.company,
    )

    @api.constrains("weight", "active", "company_id")
    def _check_weights_total(self):
        for indicator in self:
            if indicator.weight < 0:
                raise ValidationError(
                    self.env._(
                        "Weight: indicator %(indicator)s needs a weight of 0 or more "
                        "(it is %(weight)s).",
                        indicator=indicator.name,
                        weight=indicator.weight,
                    )
                )
        self._check_weights_on_commit(self.company_id)

    @api.constrains("normalisation", "floor", "cap")
    def _check_floor_cap(self):
        for indicator in self:
            if indicator.normalisation == "linear" and indicator.cap <= indicator.floor:
                raise ValidationError(
                    self.env._(
                        "Cap: indicator %(indicator)s needs a cap above its floor "
                        "(%(floor)s).",
                        indicator=indicator.name,
                        floor=indicator.floor,
                    )
                )

    def unlink(self):
        companies = self.company_id
        result = super().unlink()
        self._check_weights_on_commit(companies)
        return result

    def _check_weights_on_commit(self, companies):
        pending = self.env.cr.precommit.data.setdefault(
            "customer.score.indicator.companies", set()
        )
        if not pending:
            self.env.cr.precommit.add(self._check_pending_weights)
        pending.update(companies.ids)

    def _check_pending_weights(self):
        company_ids = self.env.cr.precommit.data.pop(
            "customer.score.indicator.companies", set()
        )
        self._check_company_weights(self.env["res.company"].browse(company_ids))

    @api.model
    def _check_company_weights(self, companies):
        """Raises the ValidationError naming Weight and the total of the first
        company whose active indicators do not add up to 100."""
        for company in companies.sudo().exists():
            weights = (
                self.sudo().search([("company_id", "=", company.id)]).mapped("weight")
            )
            if not scorecard.weights_add_up(weights):
                raise ValidationError(
                    self.env._(
                        "Weight: the weights of the active indicators of %(company)s "
                        "must add up to 100 (they add up to %(total)s).",
                        company=company.name,
                        total=round(sum(weights), 2),
                    )
                )

    @api.model
    def _default_vals_list(self, company):
        labels = dict(self._fields["source"]._description_selection(self.env))
        return [
            {
                "company_id": company.id,
                "sequence": rank * 10,
                "name": labels[source],
                "source": source,
                "weight": weight,
            }
            for rank, (source, weight) in enumerate(
                scorecard.DEFAULT_INDICATORS, start=1
            )
        ]

    def _to_service(self):
        return [
            scorecard.Indicator(
                key=indicator.id,
                name=indicator.name,
                source=indicator.source,
                weight=indicator.weight,
                normalisation=indicator.normalisation,
                floor=indicator.floor,
                cap=indicator.cap,
            )
            for indicator in self
        ]
