from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

CRON_XMLID = "customer_tiering.ir_cron_recompute_tiers"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    tier_lookback_days = fields.Integer(
        related="company_id.tier_lookback_days", readonly=False
    )
    tier_value_high_amount = fields.Monetary(
        related="company_id.tier_value_high_amount", readonly=False
    )
    tier_value_high_orders = fields.Integer(
        related="company_id.tier_value_high_orders", readonly=False
    )
    tier_value_high_stability = fields.Float(
        related="company_id.tier_value_high_stability", readonly=False
    )
    tier_value_mid_amount = fields.Monetary(
        related="company_id.tier_value_mid_amount", readonly=False
    )
    tier_value_mid_orders = fields.Integer(
        related="company_id.tier_value_mid_orders", readonly=False
    )
    tier_value_mid_stability = fields.Float(
        related="company_id.tier_value_mid_stability", readonly=False
    )
    tier_share_vip = fields.Float(related="company_id.tier_share_vip", readonly=False)
    tier_share_senior = fields.Float(
        related="company_id.tier_share_senior", readonly=False
    )
    tier_share_regular = fields.Float(
        related="company_id.tier_share_regular", readonly=False
    )
    tier_pareto_a = fields.Float(related="company_id.tier_pareto_a", readonly=False)
    tier_pareto_b = fields.Float(related="company_id.tier_pareto_b", readonly=False)
    tier_pareto_c = fields.Float(related="company_id.tier_pareto_c", readonly=False)
    tier_pareto_d = fields.Float(related="company_id.tier_pareto_d", readonly=False)
    tier_new_days = fields.Integer(related="company_id.tier_new_days", readonly=False)
    tier_loyal_orders = fields.Integer(
        related="company_id.tier_loyal_orders", readonly=False
    )
    tier_loyal_months = fields.Integer(
        related="company_id.tier_loyal_months", readonly=False
    )
    tier_churn_days = fields.Integer(
        related="company_id.tier_churn_days", readonly=False
    )
    tier_cron_interval_number = fields.Integer(
        string="Recompute Every",
        compute="_compute_tier_cron_interval",
        inverse="_inverse_tier_cron_interval",
        readonly=False,
    )
    tier_cron_interval_type = fields.Selection(
        [("hours", "Hours"), ("days", "Days"), ("weeks", "Weeks")],
        string="Recompute Unit",
        compute="_compute_tier_cron_interval",
        inverse="_inverse_tier_cron_interval",
        readonly=False,
    )

    def _tier_cron(self):
        return self.env.ref(CRON_XMLID, raise_if_not_found=False)

    def _cron_interval(self, xmlid, default_unit):
        """``(number, unit)`` of a scheduled action, for a settings field pair
        (the suite's addons all expose their crons' intervals this way)."""
        cron = self.env.ref(xmlid, raise_if_not_found=False)
        if not cron:
            return 1, default_unit
        return cron.sudo().interval_number, cron.sudo().interval_type

    def _set_cron_interval(self, xmlid, number_field, unit_field, default_unit):
        if not (self.env.su or self.env.user.has_group("base.group_system")):
            raise AccessError(
                self.env._(
                    "%(field)s: only an administrator may change how often the "
                    "scheduled actions run.",
                    field=self._fields[number_field].get_description(self.env)[
                        "string"
                    ],
                )
            )
        cron = self.env.ref(xmlid, raise_if_not_found=False)
        for settings in self:
            if not cron:
                continue
            if settings[number_field] <= 0:
                raise ValidationError(
                    self.env._(
                        "%(field)s: enter a number greater than 0.",
                        field=self._fields[number_field].get_description(self.env)[
                            "string"
                        ],
                    )
                )
            cron.sudo().write(
                {
                    "interval_number": settings[number_field],
                    "interval_type": settings[unit_field] or default_unit,
                }
            )

    @api.depends("company_id")
    def _compute_tier_cron_interval(self):
        number, unit = self._cron_interval(CRON_XMLID, "days")
        for settings in self:
            settings.tier_cron_interval_number = number
            settings.tier_cron_interval_type = unit

    def _inverse_tier_cron_interval(self):
        self._set_cron_interval(
            CRON_XMLID, "tier_cron_interval_number", "tier_cron_interval_type", "days"
        )

    def action_recompute_tiers_now(self):
        """Hands the run to the scheduled action, which batches and commits.

        A run over every customer is a sales manager's decision, whoever may
        open the settings.
        """
        self.ensure_one()
        if not (
            self.env.su or self.env.user.has_group("sales_team.group_sale_manager")
        ):
            raise AccessError(
                self.env._(
                    "Recompute now: only a sales manager may recompute the tiers "
                    "of every customer."
                )
            )
        self._tier_cron()._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "The customer tiers are being recomputed in the background."
                ),
                "sticky": False,
            },
        }

    relationship_develop_threshold = fields.Float(
        related="company_id.relationship_develop_threshold", readonly=False
    )
    relationship_terminate_threshold = fields.Float(
        related="company_id.relationship_terminate_threshold", readonly=False
    )
    relationship_decline_threshold = fields.Float(
        related="company_id.relationship_decline_threshold", readonly=False
    )
    relationship_grace_days = fields.Integer(
        related="company_id.relationship_grace_days", readonly=False
    )
