"""Attacks on the referral rewards: a salesperson, with any context or over
JSON-RPC, cannot create or approve rewards, edit bands, set a referrer, or
approve his own reward; nothing changes."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.customer_tiering.tests.common import public_methods
from odoo.addons.customer_tiering.tests.rpc_common import RpcAttackMixin

from .common_referral import ReferralCase

#: contexts an attacker may try; none of them grants anything
CONTEXTS = (
    {},
    {"sudo": True, "su": True, "bypass_approval": True},
    {"default_state": "approved", "approval_auto": True, "tracking_disable": True},
    {"default_referrer_id": 1, "install_mode": True, "import_file": True},
)


class RewardSetup:
    def _proposed_reward(self, referrer_customer_owner=None):
        self._bands(("count", 1, 0, "fixed", 100.0))
        with freeze_time("2026-03-10"):
            self._order(self._referred_customer(referrer_customer_owner), self.closer)
        return self.env["crm.referral.reward"]._propose_month(date(2026, 3, 1))


@tagged("post_install", "-at_install")
class TestReferralAttacks(RewardSetup, ReferralCase):
    def test_salesperson_cannot_create_rewards_or_lines(self):
        for context in CONTEXTS:
            with self.subTest(context=context):
                Reward = self.env["crm.referral.reward"].with_user(self.scout)
                with self.assertRaises(AccessError):
                    Reward.with_context(**context).create(
                        {
                            "referrer_id": self.scout.id,
                            "month": date(2026, 3, 1),
                            "company_id": self.company.id,
                            "reward_amount": 1e6,
                        }
                    )
                Line = self.env["crm.referral.reward.line"].with_user(self.scout)
                with self.assertRaises(AccessError):
                    Line.with_context(**context).create(
                        {"referrer_id": self.scout.id, "amount": 1e6}
                    )
        self.assertFalse(
            self.env["crm.referral.reward"].search(
                [("company_id", "=", self.company.id)]
            )
        )

    def test_salesperson_cannot_propose(self):
        with self.assertRaises(AccessError):
            self.env["crm.referral.reward"].with_user(
                self.scout
            ).action_propose_last_month()

    def test_salesperson_cannot_approve_or_edit_his_reward(self):
        reward = self._proposed_reward()
        self.assertEqual(reward.referrer_id, self.scout)
        for context in CONTEXTS:
            with self.subTest(context=context):
                mine = reward.with_user(self.scout).with_context(**context)
                with self.assertRaises(AccessError):
                    mine.action_approve()
                with self.assertRaises(AccessError):
                    mine.action_reject()
                with self.assertRaises(UserError):  # AccessError included
                    mine.write({"reward_amount": 1e6})
                with self.assertRaises(UserError):  # AccessError included
                    mine.write({"state": "approved"})
        reward.invalidate_recordset()
        self.assertEqual(reward.state, "requested")
        self.assertEqual(reward.reward_amount, 100.0)

    def test_manager_cannot_approve_his_own_reward_nor_rewrite_it(self):
        self.env["crm.team.member"].create(
            {"crm_team_id": self.team_x.id, "user_id": self.manager.id}
        )
        self._bands(("count", 1, 0, "fixed", 100.0))
        customer = self._registered("res.partner", self.manager)
        self._claim(self.closer, customer)
        self.assertEqual(customer.referrer_id, self.manager)
        with freeze_time("2026-03-10"):
            self._order(customer, self.closer)
        reward = self.env["crm.referral.reward"]._propose_month(date(2026, 3, 1))
        self.assertEqual(reward.referrer_id, self.manager)
        with self.assertRaises(AccessError):
            reward.with_user(self.manager).action_approve()
        with self.assertRaises(UserError):
            reward.with_user(self.manager).write({"reward_amount": 1e6})
        self.assertEqual(reward.state, "requested")
        reward.with_user(self.manager_2).action_approve()
        self.assertEqual(reward.state, "approved")

    def test_salesperson_cannot_edit_bands(self):
        band = self._bands(("count", 1, 0, "fixed", 100.0))
        Band = self.env["crm.referral.band"].with_user(self.scout)
        for context in CONTEXTS:
            with self.subTest(context=context):
                with self.assertRaises(AccessError):
                    Band.with_context(**context).create(
                        {"measure": "count", "value_from": 0, "value": 1e6}
                    )
                with self.assertRaises(AccessError):
                    band.with_user(self.scout).with_context(**context).write(
                        {"value": 1e6}
                    )
                with self.assertRaises(AccessError):
                    band.with_user(self.scout).with_context(**context).unlink()
        self.assertEqual(band.value, 100.0)

    def test_nobody_sets_a_referrer_by_hand(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Closer's lead",
                "company_id": self.company.id,
                "user_id": self.closer.id,
                "team_id": self.team_y.id,
            }
        )
        for user in (self.closer, self.manager):
            for context in CONTEXTS[:3]:
                with self.subTest(user=user.login, context=context):
                    with self.assertRaises(AccessError):
                        lead.with_user(user).with_context(**context).write(
                            {"referrer_id": self.closer.id}
                        )
                    created = (
                        self.env["crm.lead"]
                        .with_user(user)
                        .with_context(**context)
                        .create(
                            {
                                "name": "Self-referred",
                                "referrer_id": user.id,
                                "referrer_team_id": self.team_x.id,
                            }
                        )
                    )
                    self.assertFalse(created.referrer_id)
        with self.assertRaises(AccessError):
            self.env["crm.lead"].with_user(self.closer).with_context(
                default_referrer_id=self.scout.id
            ).create({"name": "Default referrer"})
        customer = self._referred_customer()
        with self.assertRaises(AccessError):
            customer.with_user(self.closer).write({"referrer_id": self.closer.id})
        self.assertFalse(lead.referrer_id)
        self.assertEqual(customer.referrer_id, self.scout)

    def test_salesperson_sees_only_his_own_rewards(self):
        reward = self._proposed_reward()
        Reward = self.env["crm.referral.reward"]
        Line = self.env["crm.referral.reward.line"]
        self.assertEqual(Reward.with_user(self.scout).search([]), reward)
        self.assertEqual(Line.with_user(self.scout).search([]), reward.line_ids)
        self.assertFalse(Reward.with_user(self.closer).search([]))
        self.assertFalse(Line.with_user(self.closer).search([]))
        self.assertEqual(Reward.with_user(self.manager).search([]), reward)

    def test_public_methods_are_reviewed(self):
        reviewed = {
            "crm.referral.band": set(),
            "crm.referral.reward": {
                "action_approve",
                "action_reject",
                "action_propose_last_month",
            },
            "crm.referral.reward.line": set(),
        }
        self.assertEqual(
            public_methods(self.env, reviewed, module="lead_allocation"), reviewed
        )


@tagged("post_install", "-at_install")
class TestReferralAttacksRpc(RewardSetup, RpcAttackMixin, ReferralCase, HttpCase):
    """The same attacks with the web client's own request."""

    def test_rpc_approve_own_reward_refused(self):
        reward = self._proposed_reward()
        for context in CONTEXTS:
            self.assertRpcRefused(
                "ref_scout",
                "crm.referral.reward",
                "action_approve",
                [reward.id],
                context=self._web_client_context(**context),
            )
        self.assertEqual(reward.state, "requested")

    def test_rpc_create_reward_and_band_refused(self):
        context = self._web_client_context(default_state="approved")
        self.assertRpcRefused(
            "ref_scout",
            "crm.referral.reward",
            "create",
            [{"referrer_id": self.scout.id, "month": "2026-03-01"}],
            context=context,
        )
        self.assertRpcRefused(
            "ref_scout",
            "crm.referral.band",
            "create",
            [{"measure": "count", "value_from": 0, "value": 1e6}],
            context=context,
        )
        self.assertFalse(
            self.env["crm.referral.reward"].search(
                [("company_id", "=", self.company.id)]
            )
        )
        self.assertFalse(
            self.env["crm.referral.band"].search([("company_id", "=", self.company.id)])
        )

    def test_rpc_set_referrer_refused(self):
        customer = self.env["res.partner"].create(
            {
                "name": "Closer's customer",
                "is_company": True,
                "company_id": self.company.id,
                "user_id": self.closer.id,
            }
        )
        self.assertRpcRefused(
            "ref_closer",
            "res.partner",
            "write",
            [customer.id],
            {"referrer_id": self.closer.id},
            context=self._web_client_context(),
        )
        self.assertFalse(customer.referrer_id)
