"""Attacks on the sales credit: a salesperson who knows the API tries to
credit a sale to himself, by the ORM with any context and over JSON-RPC."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.customer_tiering.tests.common import public_methods
from odoo.addons.customer_tiering.tests.rpc_common import RpcAttackMixin

from .test_sales_credit import CreditCase

ATTACK_CONTEXTS = (
    {},
    {"tracking_disable": True},
    {"sudo": True, "su": True, "is_manager": True},
    {"install_mode": True, "import_file": True},
)


@tagged("post_install", "-at_install")
class TestCreditAttacks(CreditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.swap = cls._quotation(cls._customer(cls.owner), cls.seller)
        cls.swap.action_confirm()

    def assertUnchanged(self, order):
        order.invalidate_recordset()
        self.assertEqual(order.credit_basis, "department")
        self.assertFalse(order.credit_user_id)
        self.assertEqual(order.credit_team_id, self.team)

    def test_public_methods_reviewed(self):
        """Every public method lead_allocation adds to these models is
        callable over RPC: a new one fails here until it is reviewed."""
        reviewed = {
            # write/create guard the credit fields; action_draft only clears
            # the frozen mark of a cancelled order, re-confirmation decides
            "sale.order": {"create", "write", "action_draft"},
            "sale.report": set(),
            # create needs the manager's access right, apply checks his group
            "sale.order.credit.correction": {"create", "action_apply"},
        }
        self.assertEqual(
            public_methods(self.env, reviewed, module="lead_allocation"), reviewed
        )

    def test_write_with_any_context(self):
        for context in ATTACK_CONTEXTS:
            order = self.swap.with_user(self.seller).with_context(**context)
            for vals in (
                {"credit_user_id": self.seller.id, "credit_basis": "owner"},
                {"credit_team_id": self.other_team.id},
                {"credit_amount": 0.0},
                {"credit_date": False},
            ):
                with self.subTest(context=context, vals=vals):
                    with self.assertRaises(AccessError):
                        order.write(vals)
        self.assertUnchanged(self.swap)

    def test_create_strips_credit_values(self):
        order = (
            self.env["sale.order"]
            .with_user(self.seller)
            .create(
                {
                    "partner_id": self._customer(self.owner).id,
                    "user_id": self.seller.id,
                    "credit_user_id": self.seller.id,
                    "credit_basis": "owner",
                    "credit_amount": 5.0,
                    "credit_date": "2026-01-01 00:00:00",
                }
            )
        )
        self.assertFalse(
            order.credit_basis or order.credit_user_id or order.credit_date
        )
        self.assertFalse(order.credit_amount)

    def test_default_context_keys_are_refused(self):
        Order = self.env["sale.order"].with_user(self.seller)
        for key, value in (
            ("default_credit_user_id", self.seller.id),
            ("default_credit_basis", "owner"),
            ("default_credit_date", "2026-01-01 00:00:00"),
        ):
            with self.subTest(key=key), self.assertRaises(AccessError):
                Order.with_context(**{key: value}).create(
                    {"partner_id": self._customer(self.owner).id}
                )

    def test_pre_frozen_credit_is_not_smuggled_through_confirmation(self):
        """A quotation cannot carry a credit into its confirmation: the
        confirmation decides it from the evidence."""
        quotation = self._quotation(self._customer(self.owner), self.seller)
        with self.assertRaises(AccessError):
            quotation.with_user(self.seller).write(
                {"credit_date": "2026-01-01 00:00:00", "credit_basis": "owner"}
            )
        quotation.with_user(self.seller).action_confirm()
        self.assertEqual(quotation.credit_basis, "department")

    def test_salesperson_cannot_run_the_correction(self):
        Wizard = self.env["sale.order.credit.correction"]
        for context in ATTACK_CONTEXTS:
            with self.subTest(context=context), self.assertRaises(AccessError):
                Wizard.with_user(self.seller).with_context(**context).create(
                    {
                        "order_id": self.swap.id,
                        "credit_user_id": self.seller.id,
                        "credit_basis": "owner",
                        "reason": "mine",
                    }
                )
        # a wizard made by a manager, applied by the salesperson
        wizard = Wizard.with_user(self.manager).create(
            {
                "order_id": self.swap.id,
                "credit_user_id": self.seller.id,
                "credit_basis": "owner",
                "reason": "mine",
            }
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.seller).action_apply()
        self.assertUnchanged(self.swap)

    def test_correction_checks_consistency(self):
        Wizard = self.env["sale.order.credit.correction"].with_user(self.manager)
        for vals in (
            {"credit_user_id": self.seller.id, "credit_basis": "department"},
            {"credit_user_id": False, "credit_basis": "owner"},
        ):
            wizard = Wizard.create({"order_id": self.swap.id, "reason": "r", **vals})
            with self.subTest(vals=vals), self.assertRaises(UserError):
                wizard.action_apply()
        self.assertUnchanged(self.swap)

    def test_correction_refuses_a_team_of_another_company(self):
        other = self.env["res.company"].create({"name": "Credit Other Co"})
        foreign_team = self.env["crm.team"].create(
            {"name": "Foreign", "company_id": other.id}
        )
        self.manager.company_ids |= other
        with self.assertRaises(UserError):
            self.env["sale.order.credit.correction"].with_user(self.manager).create(
                {
                    "order_id": self.swap.id,
                    "credit_user_id": self.owner.id,
                    "credit_team_id": foreign_team.id,
                    "credit_basis": "owner",
                    "reason": "r",
                }
            )
        self.assertUnchanged(self.swap)

    def test_copy_starts_without_credit(self):
        copy = self.swap.with_user(self.seller).copy({"order_line": [Command.clear()]})
        self.assertFalse(copy.credit_basis or copy.credit_date)


@tagged("post_install", "-at_install")
class TestCreditAttacksRpc(RpcAttackMixin, CreditCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.swap = cls._quotation(cls._customer(cls.owner), cls.seller)
        cls.swap.action_confirm()

    def test_rpc_write_and_correction_refused(self):
        context = self._web_client_context(tracking_disable=True, is_manager=True)
        login = self.seller.login
        self.assertRpcRefused(
            login,
            "sale.order",
            "write",
            [self.swap.id],
            {"credit_user_id": self.seller.id, "credit_basis": "owner"},
            context=context,
        )
        self.assertRpcRefused(
            login,
            "sale.order.credit.correction",
            "create",
            [
                {
                    "order_id": self.swap.id,
                    "credit_user_id": self.seller.id,
                    "credit_basis": "owner",
                    "reason": "mine",
                }
            ],
            context=context,
        )
        self.swap.invalidate_recordset()
        self.assertEqual(self.swap.credit_basis, "department")
        self.assertFalse(self.swap.credit_user_id)

    def test_rpc_create_drops_credit_values(self):
        order_id = self.rpc(
            self.seller.login,
            "sale.order",
            "create",
            [
                {
                    "partner_id": self._customer(self.owner).id,
                    "user_id": self.seller.id,
                    "credit_user_id": self.seller.id,
                    "credit_basis": "owner",
                }
            ],
            context=self._web_client_context(),
        )
        order = self.env["sale.order"].browse(order_id)
        self.assertFalse(order.credit_basis or order.credit_user_id)

    def test_rpc_private_engine_refused(self):
        """The engine is private: no client calls it."""
        self.assertRpcRefused(
            self.seller.login,
            "sale.order",
            "_freeze_sales_credit",
            [self.swap.id],
            context=self._web_client_context(),
        )
