from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..services import relationship
from ..services.messages import _lt

#: the criteria a company starts with, equally weighted
DEFAULT_CRITERIA = (
    _lt("Trust"),
    _lt("Communication"),
    _lt("Cooperation"),
    _lt("Payment Behaviour"),
    _lt("Growth Potential"),
)


class CustomerRelationshipCriterion(models.Model):
    """One criterion of a company's relationship scorecard, edited as a row:
    an evaluation opened later scores every active criterion with its weight
    of that day, so changing a weight never rewrites a past evaluation."""

    _name = "customer.relationship.criterion"
    _description = "Relationship Criterion"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    name = fields.Char(string="Criterion", required=True, translate=True)
    weight = fields.Float(default=1.0, digits=(6, 2), required=True)
    description = fields.Char(help="What the salesperson looks at to score it.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )

    @api.constrains("weight")
    def _check_weight(self):
        for criterion in self:
            problem = relationship.validate_weight(criterion.weight)
            if problem:
                raise ValidationError(
                    self.env._(
                        "%(criterion)s, %(field)s: %(problem)s",
                        criterion=criterion.name,
                        field=self._fields["weight"].get_description(self.env)[
                            "string"
                        ],
                        problem=self.env._(problem.message),  # pylint: disable=translation-required
                    )
                )

    @api.model
    def _create_default_criteria(self, companies=None):
        """The default scorecard for the companies that have no criterion yet,
        archived ones included (a company that archived them all chose so).
        Run at install for every company, and before a company's first
        evaluation, so that companies created later get it too."""
        companies = (companies or self.env["res.company"].search([])).sudo()
        Criterion = self.sudo().with_context(active_test=False)
        with_criteria = set(
            Criterion.search([("company_id", "in", companies.ids)]).company_id.ids
        )
        vals_list = [
            {
                "name": name,
                "sequence": (index + 1) * 10,
                "weight": 1.0,
                "company_id": company.id,
            }
            for company in companies
            if company.id not in with_criteria
            for index, name in enumerate(DEFAULT_CRITERIA)
        ]
        criteria = Criterion.create(vals_list)
        langs = [
            code
            for code, _name in self.env["res.lang"].get_installed()
            if code != "en_US"
        ]
        for criterion in criteria:
            translations = {
                code: self.with_context(lang=code).env._(criterion.name)  # pylint: disable=translation-required
                for code in langs
            }
            if translations:
                criterion.update_field_translations("name", translations)
        return criteria
