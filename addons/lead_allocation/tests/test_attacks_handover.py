"""Attacks on the handover: a salesperson who knows the API cannot hand over
anybody's book (his own included), forge a handover report or archive a
colleague around the guard; each refusal leaves everything as it was."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.customer_tiering.tests.common import company_user, public_methods
from odoo.addons.customer_tiering.tests.rpc_common import RpcAttackMixin

from .test_handover import HandoverCase


@tagged("post_install", "-at_install")
class TestHandoverAttacks(HandoverCase):
    def assertNothingChanged(self):
        self.env.invalidate_all()
        self.assertEqual(self.leads.user_id, self.leaver)
        self.assertEqual(self.opportunity.user_id, self.leaver)
        self.assertEqual(self.customers.user_id, self.leaver)
        self.assertTrue(self.leaver.active)
        self.assertTrue(self.activity.exists())
        self.assertEqual(self.key_person.holder_ids.user_id, self.leaver)
        self.assertFalse(
            self.env["crm.pool.transfer"].search(
                [("from_user_id", "=", self.leaver.id)]
            )
        )
        self.assertFalse(
            self.env["crm.handover"].search([("user_id", "=", self.leaver.id)])
        )

    def test_salesperson_cannot_create_the_wizard(self):
        for attacker in (self.senior, self.leaver):
            with self.assertRaises(AccessError):
                self.env["crm.handover.wizard"].with_user(attacker).with_context(
                    allowed_company_ids=self.company.ids
                ).create(
                    {
                        "user_id": self.leaver.id,
                        "lead_mode": "colleague",
                        "lead_colleague_id": attacker.id,
                    }
                )
        self.assertNothingChanged()

    def test_salesperson_cannot_confirm_a_managers_wizard(self):
        wizard = self._wizard(
            lead_mode="colleague",
            lead_colleague_id=self.senior.id,
            customer_mode="colleague",
            customer_colleague_id=self.senior.id,
        )
        for context in ({}, {"handover": True, "bypass": True}):
            with self.assertRaises(AccessError):
                wizard.with_user(self.senior).with_context(**context).action_confirm()
        self.assertNothingChanged()

    def test_salesperson_cannot_open_the_handover_or_archive(self):
        with self.assertRaises(AccessError):
            self.leaver.with_user(self.senior).action_open_handover()
        with self.assertRaises(UserError):
            self.leaver.with_user(self.senior).action_archive()
        with self.assertRaises(UserError):
            self.leaver.with_user(self.senior).write({"active": False})
        self.assertNothingChanged()

    def test_nobody_forges_a_report(self):
        values = {
            "user_id": self.leaver.id,
            "manager_id": self.manager.id,
            "company_id": self.company.id,
            "date": "2026-01-01 00:00:00",
            "reason": "departure",
        }
        for attacker in (self.senior, self.manager):
            with self.assertRaises(AccessError):
                self.env["crm.handover"].with_user(attacker).create(values)
        report = self.env["crm.handover"].create(values)
        for attacker in (self.senior, self.manager):
            with self.assertRaises(AccessError):
                report.with_user(attacker).write({"state": "done", "user_id": 1})
            with self.assertRaises(AccessError):
                self.env["crm.handover.line"].with_user(attacker).create(
                    {
                        "handover_id": report.id,
                        "kind": "lead",
                        "lead_id": self.leads[0].id,
                        "destination": "pool",
                    }
                )
            with self.assertRaises(AccessError):
                report.with_user(attacker).unlink()
        with self.assertRaises(AccessError):
            report.with_user(self.senior).read(["user_id"])
        self.assertEqual(report.user_id, self.leaver)
        report.unlink()
        self.assertNothingChanged()

    def test_public_methods_reviewed(self):
        reviewed = {
            # create and action_confirm check the sales manager first
            "crm.handover.wizard": {"create", "action_confirm"},
            # read-only access rights: nothing to call
            "crm.handover": set(),
            "crm.handover.line": set(),
            # write refuses archiving an owner; the others check the manager
            "res.users": {"write", "action_archive", "action_open_handover"},
            # opens the handover for a manager, else Odoo's archive
            "crm.team.member": {"action_archive"},
        }
        self.assertEqual(
            public_methods(self.env, reviewed, module="lead_allocation"), reviewed
        )


@tagged("post_install", "-at_install")
class TestHandoverAttacksRpc(RpcAttackMixin, HttpCase):
    """The same attacks over JSON-RPC, with any context the client sends."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company

        def user(login, groups="sales_team.group_sale_salesman"):
            return company_user(cls.env, cls.company, login, groups)

        cls.seller = user("ho_rpc_seller")
        cls.leaver = user("ho_rpc_leaver")
        cls.manager = user("ho_rpc_manager", "sales_team.group_sale_manager")
        cls.lead = cls.env["crm.lead"].create(
            {"name": "RPC leaver's lead", "user_id": cls.leaver.id}
        )

    def test_rpc_handover_refused_nothing_changes(self):
        context = self._web_client_context(handover=True, active_test=False)
        values = {
            "user_id": self.leaver.id,
            "lead_mode": "colleague",
            "lead_colleague_id": self.seller.id,
            "opportunity_mode": "colleague",
            "opportunity_colleague_id": self.seller.id,
        }
        self.assertRpcRefused(
            self.seller.login, "crm.handover.wizard", "create", values, context=context
        )
        self.assertRpcRefused(
            self.seller.login,
            "crm.handover",
            "create",
            {"user_id": self.leaver.id, "reason": "departure"},
            context=context,
        )
        self.assertRpcRefused(
            self.seller.login,
            "res.users",
            "action_open_handover",
            [self.leaver.id],
            context=context,
        )
        # a manager's plain archive over the API is refused too
        self.assertRpcRefused(
            self.manager.login,
            "res.users",
            "write",
            [self.leaver.id],
            {"active": False},
            context=context,
        )
        self.assertEqual(self.lead.user_id, self.leaver)
        self.assertTrue(self.leaver.active)
        self.assertFalse(
            self.env["crm.handover"].search([("user_id", "=", self.leaver.id)])
        )
