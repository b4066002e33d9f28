"""Referrals recorded by the engines, reward lines at confirmation, monthly
proposals from the bands, and their approval."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_referral import ReferralCase


@tagged("post_install", "-at_install")
class TestReferralRecording(ReferralCase):
    def test_direct_allocation_into_another_team_records_the_referral(self):
        lead = self._registered("crm.lead", self.scout)
        self._allocate(lead, self.closer)
        self.assertEqual(lead.user_id, self.closer)
        self.assertEqual(lead.referrer_id, self.scout)
        self.assertEqual(lead.referrer_team_id, self.team_x)
        self.assertTrue(lead.referral_date)

    def test_fair_allocation_records_the_referral(self):
        senior = self.env.ref("lead_allocation.crm_salesperson_level_senior")
        self.team_y.use_fair_allocation = True
        self.env["crm.team.member"].search(
            [("crm_team_id", "=", self.team_y.id)]
        ).level_id = senior
        lead = self._registered("crm.lead", self.scout, expected_revenue=900000.0)
        self.env["crm.lead.allocation.engine"]._allocate(lead)
        self.assertEqual(lead.user_id, self.closer)
        self.assertEqual(lead.referrer_id, self.scout)

    def test_claim_and_transfer_record_the_referral(self):
        customer = self._registered("res.partner", self.scout)
        self._claim(self.closer, customer)
        self.assertEqual(customer.user_id, self.closer)
        self.assertEqual(customer.referrer_id, self.scout)
        lead = self._registered(
            "crm.lead", self.scout, user_id=self.scout.id, team_id=self.team_x.id
        )
        self.assertFalse(lead.referrer_id)
        self._transfer(lead, self.closer)
        self.assertEqual(lead.referrer_id, self.scout)
        self.assertEqual(lead.referrer_team_id, self.team_x)

    def test_no_referral_within_the_team_or_to_oneself(self):
        lead = self._registered("crm.lead", self.scout, team_id=self.team_x.id)
        self._allocate(lead, self.mate)
        self.assertFalse(lead.referrer_id, "same team")
        own = self._registered("crm.lead", self.scout)
        self._allocate(own, self.scout)
        self.assertFalse(own.referrer_id, "to himself")
        nobody = self._registered("crm.lead", self.manager)
        self._allocate(nobody, self.closer)
        self.assertFalse(nobody.referrer_id, "a registrant of no team")

    def test_first_referral_wins(self):
        lead = self._registered("crm.lead", self.scout)
        self._allocate(lead, self.closer)
        self.env["crm.team.member"].create(
            {"crm_team_id": self.team_x.id, "user_id": self.closer.id}
        )
        lead.sudo().registered_by_id = self.mate
        self._transfer(lead, self.mate)
        self._transfer(lead, self.closer)
        self.assertEqual(lead.referrer_id, self.scout)

    def test_the_customer_inherits_the_lead_referral(self):
        lead = self._registered("crm.lead", self.scout)
        self._allocate(lead, self.closer)
        customer = self.env["res.partner"].create(
            {"name": "Converted", "is_company": True, "company_id": self.company.id}
        )
        lead.partner_id = customer
        self.assertEqual(customer.referrer_id, self.scout)
        self.assertEqual(customer.referrer_team_id, self.team_x)


@tagged("post_install", "-at_install")
class TestReferralRewards(ReferralCase):
    def test_confirmation_of_a_referred_customer_rewards_once(self):
        customer = self._referred_customer()
        order = self._order(customer, self.closer, 1500.0)
        self.assertEqual(order.credit_team_id, self.team_y)
        line = self.env["crm.referral.reward.line"].search(
            [("order_id", "=", order.id)]
        )
        self.assertEqual(len(line), 1)
        self.assertEqual(line.referrer_id, self.scout)
        self.assertEqual(line.team_id, self.team_y)
        self.assertEqual(line.user_id, self.closer)
        self.assertEqual(line.amount, 1500.0)
        self.assertEqual(line.month, line.date.replace(day=1))
        self.env["crm.referral.reward.line"]._create_for_orders(order)
        self.assertEqual(
            self.env["crm.referral.reward.line"].search_count(
                [("order_id", "=", order.id)]
            ),
            1,
        )

    def test_the_referred_opportunity_rewards_too(self):
        lead = self._registered("crm.lead", self.scout)
        self._allocate(lead, self.closer)
        customer = self.env["res.partner"].create(
            {
                "name": "Deal Customer",
                "is_company": True,
                "company_id": self.company.id,
                "user_id": self.closer.id,
            }
        )
        customer.sudo().referrer_id = self.mate  # referred first, by the mate
        lead.partner_id = customer
        self.assertEqual(customer.referrer_id, self.mate, "first referral wins")
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "opportunity_id": lead.id,
                "company_id": self.company.id,
                "user_id": self.closer.id,
                "team_id": self.team_y.id,
                "order_line": [
                    fields.Command.create(
                        {"product_id": self.product.id, "price_unit": 300.0}
                    )
                ],
            }
        )
        order.action_confirm()
        line = self.env["crm.referral.reward.line"].search(
            [("order_id", "=", order.id)]
        )
        self.assertEqual(line.referrer_id, self.scout, "the opportunity's referral")

    def test_no_reward_within_the_team_or_to_oneself(self):
        customer = self._referred_customer()
        Line = self.env["crm.referral.reward.line"]
        order = self._order(customer, self.closer, team=self.team_x)
        self.assertEqual(order.credit_team_id, self.team_x)
        self.assertFalse(Line.search([("order_id", "=", order.id)]))
        # the referrer joined the team he referred to: his own team now
        self.env["crm.team.member"].create(
            {"crm_team_id": self.team_y.id, "user_id": self.scout.id}
        )
        order = self._order(customer, self.closer)
        self.assertFalse(Line.search([("order_id", "=", order.id)]))

    def test_cancelled_order_drops_its_line(self):
        order = self._order(self._referred_customer(), self.closer)
        Line = self.env["crm.referral.reward.line"]
        self.assertTrue(Line.search([("order_id", "=", order.id)]))
        order._action_cancel()
        self.assertFalse(Line.search([("order_id", "=", order.id)]))

    def test_monthly_proposal_the_higher_band_wins(self):
        self._bands(
            ("count", 2, 0, "fixed", 150.0),
            ("amount", 1000, 0, "percentage", 5.0),
        )
        customer = self._referred_customer()
        with freeze_time("2026-03-10 10:00:00"):
            self._order(customer, self.closer, 1000.0)
            self._order(customer, self.closer, 2000.0)
        with freeze_time("2026-04-02 10:00:00"):
            self.env["crm.referral.reward"]._cron_propose()
            reward = self.env["crm.referral.reward"].search(
                [("referrer_id", "=", self.scout.id)]
            )
            self.assertEqual(len(reward), 1)
            self.assertEqual(reward.month, date(2026, 3, 1))
            self.assertEqual(reward.order_count, 2)
            self.assertEqual(reward.amount, 3000.0)
            self.assertEqual(reward.band_id.measure, "count")
            self.assertEqual(reward.reward_amount, 150.0)
            self.assertEqual(len(reward.line_ids), 2)
            self.assertEqual(reward.state, "requested")
            # safe to re-run
            self.env["crm.referral.reward"]._cron_propose()
            self.assertEqual(
                self.env["crm.referral.reward"].search_count(
                    [("referrer_id", "=", self.scout.id)]
                ),
                1,
            )

    def test_a_concurrent_run_is_skipped_by_the_unique_constraint(self):
        """Two runs at once: the second does not see the first's reward
        before it commits, then meets the unique constraint and skips that
        referrer, leaving the transaction usable and the lines alone."""
        self._bands(("count", 1, 0, "fixed", 100.0))
        with freeze_time("2026-03-10"):
            self._order(self._referred_customer(), self.closer)
        Reward = self.env["crm.referral.reward"]
        first = Reward._propose_month(date(2026, 3, 1))
        lines = first.line_ids
        lines.sudo().write({"reward_id": False})  # the other run's, unseen
        blind = patch.object(
            self.registry["crm.referral.reward"],
            "search",
            lambda self, *args, **kwargs: self.browse(),
        )
        with blind:
            self.assertFalse(Reward._propose_month(date(2026, 3, 1)))
        self.assertEqual(Reward.search([("referrer_id", "=", self.scout.id)]), first)
        self.assertFalse(lines.reward_id)

    def test_amount_band_wins_when_larger(self):
        self._bands(
            ("count", 1, 0, "fixed", 100.0),
            ("amount", 1000, 0, "percentage", 5.0),
        )
        customer = self._referred_customer()
        with freeze_time("2026-03-10"):
            self._order(customer, self.closer, 4000.0)
        rewards = self.env["crm.referral.reward"]._propose_month(date(2026, 3, 1))
        self.assertEqual(rewards.band_id.measure, "amount")
        self.assertEqual(rewards.reward_amount, 200.0)

    def test_no_band_no_proposal(self):
        self._bands(("amount", 100000, 0, "fixed", 1.0))
        with freeze_time("2026-03-10"):
            self._order(self._referred_customer(), self.closer, 400.0)
        self.assertFalse(
            self.env["crm.referral.reward"]._propose_month(date(2026, 3, 1))
        )

    def test_manager_approves_or_rejects_with_a_reason(self):
        self._bands(("count", 1, 0, "fixed", 100.0))
        with freeze_time("2026-03-10"):
            self._order(self._referred_customer(), self.closer)
        reward = self.env["crm.referral.reward"]._propose_month(date(2026, 3, 1))
        with self.assertRaises(UserError):
            reward.with_user(self.manager).action_reject()
        reward.with_user(self.manager).decision_note = "Not this month"
        reward.with_user(self.manager).action_approve()
        self.assertEqual(reward.state, "approved")
        self.assertEqual(reward.decided_by_id, self.manager)
        with self.assertRaises(UserError):
            reward.with_user(self.manager_2).action_approve()

    def test_manager_propose_action(self):
        self._bands(("count", 1, 0, "fixed", 100.0))
        with freeze_time("2026-03-10"):
            self._order(self._referred_customer(), self.closer)
        with freeze_time("2026-04-01"):
            result = (
                self.env["crm.referral.reward"]
                .with_user(self.manager)
                .action_propose_last_month()
            )
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(
            self.env["crm.referral.reward"].search_count(
                [("referrer_id", "=", self.scout.id)]
            ),
            1,
        )
        with self.assertRaises(AccessError):
            self.env["crm.referral.reward"].with_user(
                self.closer
            ).action_propose_last_month()


@tagged("post_install", "-at_install")
class TestReferralBands(ReferralCase):
    def test_band_constraints_name_the_field(self):
        for row, field in (
            (("amount", 100, 50, "fixed", 1.0), "To"),
            (("amount", 100, 100, "fixed", 1.0), "To"),
            (("count", 1, 0, "fixed", -1.0), "Reward"),
            (("count", -1, 0, "fixed", 1.0), "From"),
            (("count", 1, 0, "percentage", 150.0), "Reward"),
        ):
            with self.subTest(row=row), self.assertRaises(ValidationError) as caught:
                self._bands(row)
            self.assertTrue(str(caught.exception).startswith(field + ":"))
        self.assertTrue(self._bands(("amount", 100, 0, "fixed", 0.0)))

    def test_settings_open_the_company_bands(self):
        settings = self.env["res.config.settings"].create({})
        action = settings.action_open_referral_bands()
        self.assertEqual(action["res_model"], "crm.referral.band")
        self.assertIn(("company_id", "=", self.company.id), action["domain"])
