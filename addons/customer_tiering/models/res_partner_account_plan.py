# The plans are a feature of their own, kept out of the tier engine's file.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models

from ..services import account_plans
from ..tools.retry import retry_on_conflict


class ResPartner(models.Model):
    """Key-account plans on the customer, and whether its tiers require one
    it does not have."""

    _inherit = "res.partner"

    account_plan_ids = fields.One2many(
        "customer.account.plan", "partner_id", string="Key-Account Plans"
    )
    account_plan_missing = fields.Boolean(
        string="Key-Account Plan Missing",
        compute="_compute_account_plan_missing",
        search="_search_account_plan_missing",
        help="The customer's tiers require a key-account plan and it has no "
        "active one.",
    )

    def _partners_with_active_plan(self):
        return set(
            self.env["customer.account.plan"]
            .sudo()
            .search([("state", "=", "active")])
            .mapped("partner_id")
            .ids
        )

    def _compute_account_plan_missing(self):
        rows = self.env["customer.account.plan.requirement"]._requirement_rows()
        fields_used = {field for _company, field, _tier in rows}
        planned = self._partners_with_active_plan()
        for partner in self:
            tiers = {field: partner.sudo()[field] for field in fields_used}
            partner.account_plan_missing = partner.id not in planned and (
                account_plans.plan_required(
                    tiers, partner.sudo().tier_company_id.id, rows
                )
            )

    def _search_account_plan_missing(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        rows = self.env["customer.account.plan.requirement"]._requirement_rows()
        required = [
            ["&", ("tier_company_id", "=", company_id), (field, "=", tier)]
            for company_id, field, tier in rows
        ]
        if required:
            domain = ["|"] * (len(required) - 1)
            for part in required:
                domain += part
            domain = [
                "&",
                ("id", "not in", list(self._partners_with_active_plan())),
            ] + domain
        else:
            domain = [("id", "=", False)]
        return domain if (operator == "=") == value else ["!"] + domain

    @api.model
    def _plan_missing_activity_type(self):
        return self.env.ref("customer_tiering.mail_activity_type_account_plan_missing")

    def _close_plan_missing_activities(self):
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", self._plan_missing_activity_type().id),
                ]
            )
        )
        activities.action_feedback(feedback=self.env._("Key-account plan activated"))

    @api.model
    @retry_on_conflict
    def _cron_account_plan_missing(self):
        """A 'Key-account plan missing' activity for the owner of each customer
        whose tiers require a plan it lacks; one at a time, and the ones whose
        customer got a plan (or left the tiers) are done."""
        Partner = self.sudo().with_context(active_test=True)
        missing = Partner.search([("account_plan_missing", "=", True)])
        activity_type = self._plan_missing_activity_type()
        existing = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        waiting = set(existing.mapped("res_id"))
        existing.filtered(lambda a: a.res_id not in missing.ids).action_feedback(
            feedback=self.env._("Key-account plan no longer missing")
        )
        model_id = self.env["ir.model"]._get_id("res.partner")
        values = [
            {
                "res_model_id": model_id,
                "res_id": partner.id,
                "activity_type_id": activity_type.id,
                "user_id": partner.user_id.id,
                "summary": self.env._(
                    "Key-account plan missing for %(customer)s",
                    customer=partner.display_name,
                ),
            }
            for partner in missing
            if partner.id not in waiting and partner.user_id
        ]
        return self.env["mail.activity"].sudo().create(values)
