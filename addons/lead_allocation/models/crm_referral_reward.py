from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from odoo.addons.customer_tiering.tools.retry import retry_on_conflict

from ..services import referrals

MANAGER_GROUP = "sales_team.group_sale_manager"


class CrmReferralReward(models.Model):
    """A referrer's reward for one month, proposed by the monthly run from
    his reward lines and the company's bands, then approved or rejected by
    a sales manager; approved rewards are exported for payment. Nobody
    writes the figures: they are the run's, and a decision is the mixin's."""

    _name = "crm.referral.reward"
    _description = "Referral Reward"
    _inherit = ["sales.policy.approval.mixin", "mail.thread"]
    _order = "month desc, referrer_id, id"
    _check_company_auto = True
    _approval_requester_field = "referrer_id"
    _approval_requester_fields = ()
    _approval_cancelled_state = None
    _approval_workflow_fields = (
        "referrer_id",
        "month",
        "order_count",
        "amount",
        "band_id",
        "reward_amount",
        "company_id",
    )

    name = fields.Char(compute="_compute_name", store=True)
    referrer_id = fields.Many2one(
        "res.users", string="Referred By", required=True, readonly=True, index=True
    )
    month = fields.Date(required=True, readonly=True, index=True)
    line_ids = fields.One2many(
        "crm.referral.reward.line", "reward_id", string="Orders", readonly=True
    )
    order_count = fields.Integer(string="Orders Referred", readonly=True)
    amount = fields.Monetary(
        string="Amount Credited", readonly=True, currency_field="currency_id"
    )
    band_id = fields.Many2one(
        "crm.referral.band",
        readonly=True,
        ondelete="set null",
        check_company=True,
        help="The band the reward was computed from; the reward keeps its "
        "figures when the band changes or goes.",
    )
    reward_amount = fields.Monetary(
        string="Reward", readonly=True, currency_field="currency_id"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [
            ("requested", "To Approve"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        default="requested",
        required=True,
        readonly=True,
        tracking=True,
    )
    decision_note = fields.Text(
        copy=False, help="Why the reward was rejected; required to reject it."
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )

    _sql_constraints = [
        (
            "month_unique",
            "UNIQUE(company_id, referrer_id, month)",
            "Month: a referrer has one reward per month and company.",
        )
    ]

    @api.depends("referrer_id", "month")
    def _compute_name(self):
        for reward in self:
            reward.name = self.env._(
                "%(referrer)s, %(month)s",
                referrer=reward.referrer_id.name or "",
                month=reward.month.strftime("%Y-%m") if reward.month else "",
            )

    # ------------------------------------------------------------------
    # monthly proposal
    # ------------------------------------------------------------------
    @api.model
    @retry_on_conflict
    def _cron_propose(self):
        self._propose_month(referrals.previous_month(fields.Date.context_today(self)))

    @api.model
    def action_propose_last_month(self):
        """A sales manager proposes last month's rewards now, as the
        monthly run would."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only a sales manager can propose referral rewards.")
            )
        month = referrals.previous_month(fields.Date.context_today(self))
        rewards = self.sudo()._propose_month(month)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if rewards else "info",
                "message": self.env._(
                    "%(count)s referral rewards proposed for %(month)s.",
                    count=len(rewards),
                    month=month.strftime("%Y-%m"),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _propose_month(self, month):
        """One reward per referrer and company for the lines of ``month``
        not yet rewarded, from the company's bands. Safe to re-run: a
        referrer's month already proposed is skipped; of two simultaneous
        runs the second meets the unique constraint and skips it too."""
        month = referrals.month_start(month)
        Line = self.env["crm.referral.reward.line"].sudo()
        lines = Line.search_fetch(
            [("month", "=", month), ("reward_id", "=", False)],
            ["company_id", "referrer_id", "month", "amount"],
        )
        totals = referrals.summarise(
            (line.id, line.company_id.id, line.referrer_id.id, line.month, line.amount)
            for line in lines
        )
        if not totals:
            return self.browse()
        companies = lines.company_id
        existing = {
            (reward.company_id.id, reward.referrer_id.id)
            for reward in self.sudo().search(
                [("month", "=", month), ("company_id", "in", companies.ids)]
            )
        }
        bands = {company.id: [] for company in companies}
        band_records = {}
        for band in (
            self.env["crm.referral.band"]
            .sudo()
            .search([("company_id", "in", companies.ids)])
        ):
            bands[band.company_id.id].append(band._to_band())
            band_records[band.id] = band
        created = self.browse()
        for (company_id, referrer_id, _month), (count, amount, ids) in sorted(
            totals.items(), key=lambda item: (item[0][0], item[0][1])
        ):
            if (company_id, referrer_id) in existing:
                continue
            proposal = referrals.best_band(bands[company_id], count, amount)
            if not proposal:
                continue
            company = self.env["res.company"].browse(company_id)
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    reward = self.sudo().create(
                        {
                            "referrer_id": referrer_id,
                            "month": month,
                            "company_id": company_id,
                            "order_count": count,
                            "amount": amount,
                            "band_id": proposal.band.id,
                            "reward_amount": company.currency_id.round(proposal.reward),
                        }
                    )
                    Line.browse(ids).write({"reward_id": reward.id})
            except UniqueViolation:
                continue
            created |= reward
        return created

    # ------------------------------------------------------------------
    # decision
    # ------------------------------------------------------------------
    def _approval_check_decider(self):
        """No manager decides his own reward."""
        result = super()._approval_check_decider()
        if not self.env.su and any(
            reward.sudo().referrer_id == self.env.user for reward in self
        ):
            raise AccessError(
                self.env._(
                    "Referred By: you cannot approve or reject your own referral "
                    "reward; another sales manager decides it."
                )
            )
        return result

    def _approval_error(self, kind):
        if kind == "decider":
            return self.env._("Only a sales manager can approve a referral reward.")
        return super()._approval_error(kind)

    def action_approve(self):
        return self._approval_approve()

    def action_reject(self):
        return self._approval_reject()
