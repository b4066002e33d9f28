from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..services import classing

LEAD_CLASSES = [(lead_class, lead_class) for lead_class in classing.CLASSES]


class CrmAllocationEligibility(models.Model):
    """One line of a company's eligibility matrix: the salesperson levels
    that may receive one lead class in the fair allocation. A row rather than
    a "A:senior;B:..." text, so an administrator picks levels instead of
    typing codes; one row per class and company."""

    _name = "crm.allocation.eligibility"
    _description = "Lead Class Eligibility"
    _order = "company_id, lead_class"
    _check_company_auto = True

    lead_class = fields.Selection(LEAD_CLASSES, required=True)
    level_ids = fields.Many2many(
        "crm.salesperson.level",
        relation="crm_allocation_eligibility_level_rel",
        column1="eligibility_id",
        column2="level_id",
        string="Eligible Levels",
        context={"active_test": False},
        help="Salesperson levels that may receive leads of this class.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.company,
    )

    _sql_constraints = [
        (
            "class_unique",
            "UNIQUE(company_id, lead_class)",
            "Lead Class: a company has one eligibility row per lead class.",
        )
    ]

    @api.depends("lead_class")
    def _compute_display_name(self):
        for row in self:
            row.display_name = self.env._(
                "Class %(lead_class)s", lead_class=row.lead_class
            )

    @api.constrains("lead_class", "level_ids", "company_id")
    def _check_row(self):
        for row in self:
            if not row.level_ids:
                raise ValidationError(
                    self.env._(
                        "Eligible Levels: choose at least one salesperson level "
                        "that may receive class %(lead_class)s leads in "
                        "%(company)s.",
                        lead_class=row.lead_class,
                        company=row.company_id.name,
                    )
                )

    @api.model
    def _vals_from_matrix(self, company, matrix):
        """Rows for a ``{class: level codes}`` matrix; unknown codes are
        dropped (the old text could only name existing levels)."""
        levels = self.env["crm.salesperson.level"].with_context(active_test=False)
        by_code = {level.code: level for level in levels.search([])}
        vals_list = []
        for lead_class in classing.CLASSES:
            ids = [
                by_code[code].id
                for code in matrix.get(lead_class, ())
                if code in by_code
            ]
            if ids:
                vals_list.append(
                    {
                        "company_id": company.id,
                        "lead_class": lead_class,
                        "level_ids": [fields.Command.set(ids)],
                    }
                )
        return vals_list
