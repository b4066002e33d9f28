from odoo import api, fields, models

from ..services import referrals


class CrmReferralRewardLine(models.Model):
    """One confirmed order that rewards a referral: the order is credited
    to another team than the referrer's, and not to the referrer himself.
    Created by the order's confirmation only, once per order; the month's
    lines make the referrer's monthly reward proposal."""

    _name = "crm.referral.reward.line"
    _description = "Referral Reward Line"
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_name = "order_id"

    order_id = fields.Many2one(
        "sale.order",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, check_company=True
    )
    referrer_id = fields.Many2one(
        "res.users", string="Referred By", required=True, readonly=True, index=True
    )
    referrer_team_id = fields.Many2one(
        "crm.team", string="Referring Team", readonly=True, check_company=True
    )
    user_id = fields.Many2one("res.users", string="Credited To", readonly=True)
    team_id = fields.Many2one(
        "crm.team", string="Credited Team", readonly=True, check_company=True
    )
    date = fields.Date(string="Confirmed On", required=True, readonly=True)
    month = fields.Date(required=True, readonly=True, index=True)
    amount = fields.Monetary(
        string="Amount Credited", readonly=True, currency_field="currency_id"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    reward_id = fields.Many2one(
        "crm.referral.reward",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )

    _sql_constraints = [
        (
            "order_unique",
            "UNIQUE(order_id)",
            "Order: an order rewards one referral, once.",
        )
    ]

    @api.model
    def _referral_source(self, order):
        """The order's opportunity when it was referred, else its customer."""
        if order.opportunity_id.referrer_id:
            return order.opportunity_id
        return order.partner_id.commercial_partner_id

    @api.model
    def _create_for_orders(self, orders):
        """The reward lines of confirmed orders credited to another team
        than their referrer's: run as superuser by the confirmation, after
        the sales credit is frozen; an order already rewarded is skipped."""
        orders = orders.sudo().filtered(
            lambda order: order.state == "sale" and order.credit_team_id
        )
        if not orders:
            return self.browse()
        done = set(self.sudo().search([("order_id", "in", orders.ids)]).order_id.ids)
        sources = {
            order: self._referral_source(order)
            for order in orders
            if order.id not in done
        }
        referrers = self.env["res.users"].browse(
            {source.referrer_id.id for source in sources.values()} - {False}
        )
        if not referrers:
            return self.browse()
        teams = self.env["sales.policy.facts"]._salesperson_teams(referrers)
        vals_list = []
        for order, source in sources.items():
            referrer = source.referrer_id
            if not referrals.rewardable(
                referrer.id,
                [*teams.get(referrer.id, []), source.referrer_team_id.id],
                order.credit_user_id.id,
                order.credit_team_id.id,
            ):
                continue
            day = fields.Date.to_date(order.credit_date or order.date_order)
            referrer_team = source.referrer_team_id
            company = referrer_team.company_id or False
            if company and company != order.company_id:
                # a team of no company, or of the order's, else left out
                referrer_team = referrer_team.browse()
            vals_list.append(
                {
                    "order_id": order.id,
                    "partner_id": order.partner_id.commercial_partner_id.id,
                    "referrer_id": referrer.id,
                    "referrer_team_id": referrer_team.id,
                    "user_id": order.credit_user_id.id,
                    "team_id": order.credit_team_id.id,
                    "date": day,
                    "month": referrals.month_start(day),
                    "amount": order.credit_amount,
                    "company_id": order.company_id.id,
                }
            )
        return self.sudo().create(vals_list)
