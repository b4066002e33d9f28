from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

from ..services import classing

CRON_XMLID = "lead_allocation.ir_cron_allocate_leads"
LEVEL_FIELDS = {
    lead_class: f"lead_class_{lead_class.lower()}_level_ids"
    for lead_class in classing.CLASSES
}


def _level_field(lead_class):
    return fields.Many2many(
        "crm.salesperson.level",
        relation=f"res_config_settings_lead_class_{lead_class.lower()}_level_rel",
        column1="settings_id",
        column2="level_id",
        string=f"Class {lead_class} Levels",
        compute=f"_compute_lead_class_{lead_class.lower()}_level_ids",
        inverse="_inverse_lead_class_level_ids",
        readonly=False,
        help=f"Salesperson levels that may receive class {lead_class} leads.",
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pool_idle_days = fields.Integer(related="company_id.pool_idle_days", readonly=False)
    pool_cycle_days = fields.Integer(
        related="company_id.pool_cycle_days", readonly=False
    )
    pool_no_order_days = fields.Integer(
        related="company_id.pool_no_order_days", readonly=False
    )
    pool_reminder_days = fields.Integer(
        related="company_id.pool_reminder_days", readonly=False
    )
    pool_max_open_leads = fields.Integer(
        related="company_id.pool_max_open_leads", readonly=False
    )
    pool_max_claims_per_day = fields.Integer(
        related="company_id.pool_max_claims_per_day", readonly=False
    )
    pool_claim_cooldown_days = fields.Integer(
        related="company_id.pool_claim_cooldown_days", readonly=False
    )
    pool_claim_auto_approve = fields.Boolean(
        related="company_id.pool_claim_auto_approve", readonly=False
    )
    registration_conflict_policy = fields.Selection(
        related="company_id.registration_conflict_policy", readonly=False
    )
    lead_class_a_threshold = fields.Monetary(
        related="company_id.lead_class_a_threshold", readonly=False
    )
    lead_class_b_threshold = fields.Monetary(
        related="company_id.lead_class_b_threshold", readonly=False
    )
    lead_class_c_threshold = fields.Monetary(
        related="company_id.lead_class_c_threshold", readonly=False
    )
    lead_class_a_level_ids = _level_field("A")
    lead_class_b_level_ids = _level_field("B")
    lead_class_c_level_ids = _level_field("C")
    lead_class_d_level_ids = _level_field("D")
    lead_allocate_on_create = fields.Boolean(
        related="company_id.lead_allocate_on_create", readonly=False
    )
    territory_default_team_id = fields.Many2one(
        related="company_id.territory_default_team_id", readonly=False
    )
    lead_allocation_interval_number = fields.Integer(
        string="Allocate Every",
        compute="_compute_lead_allocation_interval",
        inverse="_inverse_lead_allocation_interval",
        readonly=False,
    )
    lead_allocation_interval_type = fields.Selection(
        [("minutes", "Minutes"), ("hours", "Hours"), ("days", "Days")],
        string="Allocation Unit",
        compute="_compute_lead_allocation_interval",
        inverse="_inverse_lead_allocation_interval",
        readonly=False,
    )

    # ------------------------------------------------------------------
    # eligibility matrix
    # ------------------------------------------------------------------
    # One compute method per class: Odoo protects every field of a compute
    # method from recomputation while one of them is written, which would
    # leave the classes not written empty when the inverse reads them.
    def _compute_lead_class_levels(self, lead_class):
        field_name = LEVEL_FIELDS[lead_class]
        levels = self.env["crm.salesperson.level"].search([])
        for settings in self:
            codes = settings.company_id._lead_eligibility_matrix().get(
                lead_class, frozenset()
            )
            settings[field_name] = levels.filtered(
                lambda level, codes=codes: level.code in codes
            )

    @api.depends("company_id")
    def _compute_lead_class_a_level_ids(self):
        self._compute_lead_class_levels("A")

    @api.depends("company_id")
    def _compute_lead_class_b_level_ids(self):
        self._compute_lead_class_levels("B")

    @api.depends("company_id")
    def _compute_lead_class_c_level_ids(self):
        self._compute_lead_class_levels("C")

    @api.depends("company_id")
    def _compute_lead_class_d_level_ids(self):
        self._compute_lead_class_levels("D")

    def _inverse_lead_class_level_ids(self):
        """Writes the company's eligibility rows, one per class."""
        all_levels = self.env["crm.salesperson.level"].with_context(active_test=False)
        Eligibility = self.env["crm.allocation.eligibility"]
        for settings in self:
            company = settings.company_id
            rows = {
                row.lead_class: row
                for row in Eligibility.search([("company_id", "=", company.id)])
            }
            # archived levels are not shown, so saving must not drop them
            archived = all_levels.search([("active", "=", False)])
            for lead_class, field_name in LEVEL_FIELDS.items():
                levels = settings[field_name]
                if not levels:
                    raise ValidationError(
                        self.env._(
                            "%(field)s: choose at least one salesperson level "
                            "that may receive class %(lead_class)s leads.",
                            field=self._fields[field_name].get_description(self.env)[
                                "string"
                            ],
                            lead_class=lead_class,
                        )
                    )
                row = rows.get(lead_class)
                if row:
                    levels |= row.level_ids & archived
                    if row.level_ids != levels:
                        row.level_ids = levels
                else:
                    Eligibility.create(
                        {
                            "company_id": company.id,
                            "lead_class": lead_class,
                            "level_ids": [Command.set(levels.ids)],
                        }
                    )

    def action_open_eligibility(self):
        """The rows of the company being configured only: the settings page
        is per company, so is the list it opens."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "lead_allocation.crm_allocation_eligibility_action"
        )
        action["domain"] = [("company_id", "=", self.company_id.id)]
        action["context"] = {"default_company_id": self.company_id.id}
        return action

    def action_open_referral_bands(self):
        """The referral bands of the company being configured."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "lead_allocation.crm_referral_band_action"
        )
        action["domain"] = [("company_id", "=", self.company_id.id)]
        action["context"] = {"default_company_id": self.company_id.id}
        return action

    # ------------------------------------------------------------------
    # scheduled action
    # ------------------------------------------------------------------
    @api.depends("company_id")
    def _compute_lead_allocation_interval(self):
        number, unit = self._cron_interval(CRON_XMLID, "hours")
        for settings in self:
            settings.lead_allocation_interval_number = number
            settings.lead_allocation_interval_type = unit

    def _inverse_lead_allocation_interval(self):
        self._set_cron_interval(
            CRON_XMLID,
            "lead_allocation_interval_number",
            "lead_allocation_interval_type",
            "hours",
        )
