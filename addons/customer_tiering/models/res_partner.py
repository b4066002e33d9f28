from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools.derived import without_defaults
from ..tools.guard import MANAGER_GROUP, check_guarded_write, strip_guarded_create
from ..tools.retry import retry_on_conflict
from .customer_tier_override import (
    LIFECYCLE_STAGES,
    PARETO_GRADES,
    SCORE_GRADES,
    SHARE_TIERS,
    VALUE_TIERS,
)

#: set by the tier engine (and visit reports, as the system) only
ENGINE_FIELDS = (
    "tier_value",
    "tier_share",
    "tier_pareto",
    "tier_lifecycle",
    "tier_company_id",
    "tier_sales_amount",
    "tier_order_count",
    "tier_active_months",
    "tier_stability",
    "tier_growth",
    "tier_margin",
    "tier_margin_percent",
    "tier_share_percent",
    "tier_first_order_date",
    "tier_last_order_date",
    "tier_computed_at",
    "tier_last_contact_date",
    "tier_visit_interval",
    "tier_score",
    "tier_score_grade",
)
#: Odoo's own credit settings: its billing users set them, the approved
#: credit proposals as the system; salespeople never do
NATIVE_CREDIT_FIELDS = (
    "credit_limit",
    "use_partner_credit_limit",
    "property_payment_term_id",
    "trust",
)
NATIVE_CREDIT_GROUP = "account.group_account_invoice"
#: set by an approved credit proposal (or a Finance administrator) only
CREDIT_RATING_FIELDS = ("credit_rating",)
CREDIT_RATING_GROUP = "account.group_account_manager"


class ResPartner(models.Model):
    _inherit = "res.partner"

    tier_value = fields.Selection(
        VALUE_TIERS, string="Value Tier", index=True, copy=False, readonly=True
    )
    tier_share = fields.Selection(
        SHARE_TIERS, string="Share Tier", index=True, copy=False, readonly=True
    )
    tier_pareto = fields.Selection(
        PARETO_GRADES, string="Pareto Grade", index=True, copy=False, readonly=True
    )
    tier_lifecycle = fields.Selection(
        LIFECYCLE_STAGES, string="Lifecycle", index=True, copy=False, readonly=True
    )
    tier_score_grade = fields.Selection(
        SCORE_GRADES,
        string="Value Score Grade",
        index=True,
        copy=False,
        readonly=True,
        help="Grade of the weighted value score under the bands of the company.",
    )
    tier_score = fields.Float(
        string="Value Score",
        digits=(5, 2),
        copy=False,
        readonly=True,
        help="Weighted sum of the company's scorecard indicators, 0 to 100.",
    )
    tier_company_id = fields.Many2one(
        "res.company", string="Tiers Computed For", copy=False, readonly=True
    )
    tier_currency_id = fields.Many2one(
        related="tier_company_id.currency_id", string="Tier Currency"
    )
    tier_sales_amount = fields.Monetary(
        string="Sales in Window",
        currency_field="tier_currency_id",
        copy=False,
        readonly=True,
    )
    tier_order_count = fields.Integer(
        string="Orders in Window", copy=False, readonly=True
    )
    tier_active_months = fields.Integer(
        string="Months With Orders", copy=False, readonly=True
    )
    tier_stability = fields.Float(
        string="Stability",
        digits=(3, 2),
        copy=False,
        readonly=True,
        help="1 minus the coefficient of variation of the sales per month-long "
        "period of the window (periods without orders count as 0): 1 is perfectly "
        "even buying, 0 is erratic or no buying.",
    )
    tier_growth = fields.Float(
        string="Growth (%)",
        digits=(16, 1),
        copy=False,
        readonly=True,
        help="Sales in the window against the previous window of the same length.",
    )
    tier_margin = fields.Monetary(
        string="Margin in Window",
        currency_field="tier_currency_id",
        copy=False,
        readonly=True,
    )
    tier_margin_percent = fields.Float(
        string="Margin (%)", digits=(16, 1), copy=False, readonly=True
    )
    tier_share_percent = fields.Float(
        string="Share of Sales (%)", digits=(5, 2), copy=False, readonly=True
    )
    tier_first_order_date = fields.Date(string="First Order", copy=False, readonly=True)
    tier_last_order_date = fields.Date(string="Last Order", copy=False, readonly=True)
    tier_computed_at = fields.Datetime(
        string="Tiers Updated On",
        copy=False,
        readonly=True,
        help="Last time the recomputation changed this customer's tiers or figures.",
    )
    tier_last_contact_date = fields.Date(
        string="Last Contact",
        copy=False,
        readonly=True,
        help="Last visit or contact with this customer; visit reports and logged "
        "messages move it forward.",
    )
    tier_visit_interval = fields.Integer(
        string="Visit Every (days)",
        copy=False,
        readonly=True,
        help="Service standard of the customer's tiers; 0 means no standard.",
    )
    tier_visit_due = fields.Boolean(
        string="Visit Due",
        compute="_compute_tier_visit_due",
        search="_search_tier_visit_due",
        help="An open 'Visit due' activity waits on this customer.",
    )
    credit_rating = fields.Char(
        copy=False,
        readonly=True,
        index=True,
        help="Rating of the customer's credit policy, set when Finance approves a "
        "credit proposal.",
    )
    credit_editable = fields.Boolean(
        compute="_compute_credit_editable",
        help="The user may change the customer's payment terms and credit limit "
        "(Invoicing billing users); the others see them read-only.",
    )
    tier_history_ids = fields.One2many("customer.tier.history", "partner_id")
    key_person_ids = fields.One2many("customer.key.person", "partner_id")
    tier_override_ids = fields.One2many(
        "customer.tier.override", "partner_id", string="Tier Overrides"
    )

    def _visit_due_activity_domain(self):
        activity_type = self.env.ref(
            "customer_tiering.mail_activity_type_visit_due", raise_if_not_found=False
        )
        return [
            ("res_model", "=", "res.partner"),
            ("activity_type_id", "=", activity_type.id if activity_type else False),
        ]

    def _compute_tier_visit_due(self):
        activities = self.env["mail.activity"].search_read(
            self._visit_due_activity_domain() + [("res_id", "in", self.ids)], ["res_id"]
        )
        due = {activity["res_id"] for activity in activities}
        for partner in self:
            partner.tier_visit_due = partner.id in due

    def _search_tier_visit_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        activities = self.env["mail.activity"].search_read(
            self._visit_due_activity_domain(), ["res_id"]
        )
        ids = list({activity["res_id"] for activity in activities})
        return [("id", "in" if (operator == "=") == value else "not in", ids)]

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.user.has_group(MANAGER_GROUP):
            self = without_defaults(self, ENGINE_FIELDS)
        vals_list = strip_guarded_create(self, vals_list, ENGINE_FIELDS)
        for names, group in self._credit_guards():
            if not self._may_set_credit(group):
                self = without_defaults(self, names)
                vals_list = [
                    {key: value for key, value in vals.items() if key not in names}
                    for vals in vals_list
                ]
        return super().create(vals_list)

    def write(self, vals):
        check_guarded_write(self, vals, ENGINE_FIELDS)
        for names, group in self._credit_guards():
            refused = [name for name in names if name in vals]
            if refused and not self._may_set_credit(group):
                raise AccessError(
                    self.env._(
                        "%(fields)s: only Finance sets a customer's credit settings, "
                        "by approving its credit proposal; leave them out of your "
                        "changes.",
                        fields=", ".join(
                            self._fields[name].get_description(self.env)["string"]
                            for name in refused
                        ),
                    )
                )
        return super().write(vals)

    @api.depends_context("uid")
    def _compute_credit_editable(self):
        editable = self._may_set_credit(NATIVE_CREDIT_GROUP)
        for partner in self:
            partner.credit_editable = editable

    @api.model
    def _credit_guards(self):
        """The credit fields and the group that may set each of them."""
        return (
            (NATIVE_CREDIT_FIELDS, NATIVE_CREDIT_GROUP),
            (CREDIT_RATING_FIELDS, CREDIT_RATING_GROUP),
        )

    def _may_set_credit(self, group):
        """The real user's group, whatever the context says; Odoo syncs the
        commercial fields to the contacts as the superuser."""
        return self.env.su or self.env.user.has_group(group)

    def _recompute_tiers(self, source="manual"):
        """Recompute these customers now (their commercial partners, in fact).

        Callers check the user's right first; the engine then reads the
        settings of whichever company's sales tier the customer, which need
        not be one of the user's companies.
        """
        partners = self.commercial_partner_id.sudo()
        if partners:
            self.env["customer.tier.engine"].sudo()._recompute_partners(
                partners, source=source
            )
        return True

    def action_recompute_tiers(self):
        """A salesperson recomputes his own customer now; a sales manager any
        customer he may read. Whole runs are the scheduled action's."""
        self.ensure_one()
        self.check_access("read")
        customer = self.commercial_partner_id
        user = self.env.user
        if not (
            self.env.su
            or user.has_group("sales_team.group_sale_manager")
            or customer.sudo().user_id == user
        ):
            raise AccessError(
                self.env._(
                    "Recompute Tiers: only the salesperson of %(customer)s or a "
                    "sales manager may recompute its tiers.",
                    customer=customer.display_name,
                )
            )
        self._recompute_tiers(source="manual")
        return True

    def action_open_score_breakdown(self):
        """*Why this grade?* in a dialog: the breakdown ranks the customer
        against its whole company, so it is computed when asked, never with
        the form. The dialog's creation checks the user's right."""
        self.ensure_one()
        breakdown = self.env["customer.score.breakdown"].create({"partner_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Why this grade?"),
            "res_model": "customer.score.breakdown",
            "res_id": breakdown.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_open_tier_overrides(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Tier Overrides"),
            "res_model": "customer.tier.override",
            "view_mode": "list,form",
            "domain": [("partner_id", "=", self.commercial_partner_id.id)],
            "context": {
                "default_partner_id": self.commercial_partner_id.id,
                "active_test": False,
            },
        }

    @api.model
    @retry_on_conflict
    def _cron_recompute_tiers(self, batch_size=None):
        return self.env["customer.tier.engine"]._cron_recompute(batch_size=batch_size)

    @api.model
    @retry_on_conflict
    def _cron_visit_due(self):
        return self.env["customer.tier.engine"]._cron_visit_due()

    @api.model
    @retry_on_conflict
    def _cron_propose_credit(self):
        return self.env["customer.credit.proposal"]._cron_propose()
