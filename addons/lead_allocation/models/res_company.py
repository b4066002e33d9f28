from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..services import classing


class ResCompany(models.Model):
    _inherit = "res.company"

    lead_class_a_threshold = fields.Monetary(
        string="Class A from",
        currency_field="currency_id",
        default=800000.0,
        help="Leads whose expected revenue reaches this amount are class A.",
    )
    lead_class_b_threshold = fields.Monetary(
        string="Class B from",
        currency_field="currency_id",
        default=400000.0,
        help="Leads whose expected revenue reaches this amount are class B.",
    )
    lead_class_c_threshold = fields.Monetary(
        string="Class C from",
        currency_field="currency_id",
        default=200000.0,
        help="Leads whose expected revenue reaches this amount are class C; "
        "below it they are class D.",
    )
    eligibility_ids = fields.One2many(
        "crm.allocation.eligibility",
        "company_id",
        string="Eligibility Matrix",
        help="Salesperson levels that may receive each lead class.",
    )
    lead_allocate_on_create = fields.Boolean(
        string="Allocate on Creation",
        help="Allocate a new lead of a fair-allocation team as soon as it is "
        "created, rather than at the next scheduled run.",
    )
    territory_default_team_id = fields.Many2one(
        "crm.team",
        string="Team When No Territory Matches",
        check_company=True,
        help="Leads without a team that no territory matches go to this team; "
        "when empty they wait in Unassigned Leads.",
    )

    pool_idle_days = fields.Integer(string="No Sales Action For (days)", default=60)
    pool_cycle_days = fields.Integer(string="Lead Not Won Within (days)", default=365)
    pool_no_order_days = fields.Integer(
        string="Customer Without Order For (days)", default=365
    )
    pool_reminder_days = fields.Integer(
        string="Remind the Owner (days before)", default=7
    )
    pool_max_open_leads = fields.Integer(
        string="Maximum Open Leads per Salesperson", help="0 means no limit."
    )
    pool_max_claims_per_day = fields.Integer(
        string="Maximum Claims per Day", help="0 means no limit."
    )
    pool_claim_cooldown_days = fields.Integer(
        string="Claim-Back Cool-Down (days)", default=30
    )
    pool_claim_auto_approve = fields.Boolean(string="Approve Claims Automatically")
    registration_conflict_policy = fields.Selection(
        [
            ("refuse", "Refuse the registration"),
            ("conflict", "Send it to the manager as a conflict"),
        ],
        string="Already Registered Prospects",
        default="refuse",
        required=True,
        help="What happens when a salesperson registers a lead or a customer that "
        "someone else registered first.",
    )

    @api.constrains(
        "pool_idle_days",
        "pool_cycle_days",
        "pool_no_order_days",
        "pool_reminder_days",
        "pool_max_open_leads",
        "pool_max_claims_per_day",
        "pool_claim_cooldown_days",
    )
    def _check_pool_settings(self):
        positive = ("pool_idle_days", "pool_cycle_days", "pool_no_order_days")
        not_negative = (
            "pool_reminder_days",
            "pool_max_open_leads",
            "pool_max_claims_per_day",
            "pool_claim_cooldown_days",
        )
        for company in self:
            for name in positive:
                if company[name] <= 0:
                    raise ValidationError(
                        self.env._(
                            "%(field)s: enter a number of days greater than 0.",
                            field=self._fields[name].get_description(self.env)[
                                "string"
                            ],
                        )
                    )
            for name in not_negative:
                if company[name] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(field)s: enter 0 or a positive number.",
                            field=self._fields[name].get_description(self.env)[
                                "string"
                            ],
                        )
                    )

    @api.constrains("territory_default_team_id")
    def _check_territory_default_team(self):
        self._check_team_setting("territory_default_team_id")

    @api.constrains(
        "lead_class_a_threshold", "lead_class_b_threshold", "lead_class_c_threshold"
    )
    def _check_lead_class_thresholds(self):
        for company in self:
            if company.lead_class_c_threshold <= 0:
                raise ValidationError(
                    self.env._("Class C from: enter an amount greater than 0.")
                )
            if company.lead_class_b_threshold <= company.lead_class_c_threshold:
                raise ValidationError(
                    self.env._(
                        "Class B from: enter an amount greater than the class C "
                        "threshold."
                    )
                )
            if company.lead_class_a_threshold <= company.lead_class_b_threshold:
                raise ValidationError(
                    self.env._(
                        "Class A from: enter an amount greater than the class B "
                        "threshold."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._create_default_eligibility()
        return companies

    def _create_default_eligibility(self):
        """Today's default matrix as rows, for the classes a company has no
        row for yet (new companies, and every company at install)."""
        Eligibility = self.env["crm.allocation.eligibility"].sudo()
        existing = {
            (row.company_id.id, row.lead_class)
            for row in Eligibility.search([("company_id", "in", self.ids)])
        }
        vals_list = []
        for company in self:
            vals_list += [
                vals
                for vals in Eligibility._vals_from_matrix(
                    company, classing.DEFAULT_ELIGIBILITY
                )
                if (company.id, vals["lead_class"]) not in existing
            ]
        Eligibility.create(vals_list)

    def _lead_class_thresholds(self):
        self.ensure_one()
        return (
            self.lead_class_a_threshold,
            self.lead_class_b_threshold,
            self.lead_class_c_threshold,
        )

    def _lead_eligibility_matrix(self):
        """``{class: frozenset of level codes}`` from the company's rows, as the
        pure allocation takes it; a class without a row keeps the default
        levels, so a lead is never stuck because a row is missing."""
        self.ensure_one()
        matrix = dict(classing.DEFAULT_ELIGIBILITY)
        for row in self.sudo().with_context(active_test=False).eligibility_ids:
            matrix[row.lead_class] = frozenset(row.level_ids.mapped("code"))
        return matrix
