"""A salesperson who knows the API: every call below is one the web client
never makes, with values and context of the attacker's choosing. Each test
asserts the refusal and re-reads the records to prove nothing changed."""

from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import TieringCase, public_methods
from .rpc_common import RpcAttackMixin

ATTACK_CONTEXT = {
    "active_test": False,
    "tracking_disable": True,
    "default_user_id": False,
    "default_company_id": False,
}


class AttackSetup:
    """Two salespeople's customers, each with a key person: the owner of one
    is the attacker of the other's."""

    @classmethod
    def _attack_setup(cls):
        cls.holder = cls._user("tier_att_holder", "sales_team.group_sale_salesman")
        cls.customer = cls._customer("Own Customer")
        cls.foreign = cls._customer("Foreign Customer", user=cls.other_salesperson)
        cls._monthly_orders(cls.customer, 20000.0, 3)
        cls._monthly_orders(cls.foreign, 30000.0, 3)
        contact = cls.env["res.partner"].create(
            {"name": "Own Buyer", "parent_id": cls.customer.id}
        )
        foreign_contact = cls.env["res.partner"].create(
            {"name": "Foreign Buyer", "parent_id": cls.foreign.id}
        )
        cls.person = cls.env["customer.key.person"].create(
            {
                "partner_id": cls.customer.id,
                "contact_id": contact.id,
                "decision_role": "decision_maker",
                "holder_ids": [Command.create({"user_id": cls.holder.id})],
            }
        )
        cls.foreign_person = cls.env["customer.key.person"].create(
            {
                "partner_id": cls.foreign.id,
                "contact_id": foreign_contact.id,
                "decision_role": "approver",
                "holder_ids": [Command.create({"user_id": cls.other_salesperson.id})],
            }
        )
        cls.foreign_person.sudo().private_preferences = "Golf on Sundays"
        cls.own_holder = cls.person.holder_ids
        cls.foreign_holder = cls.foreign_person.holder_ids
        cls.env["customer.tier.engine"]._recompute_partners(cls.customer | cls.foreign)
        cls.standard = cls.env.ref(
            "customer_tiering.customer_tier_service_standard_vip"
        )

    def _holders(self, person):
        self.env.invalidate_all()
        return sorted(person.sudo().holder_ids.mapped(lambda h: (h.user_id.id, h.id)))

    def _partner_tiers(self, partner):
        self.env.invalidate_all()
        partner = partner.sudo()
        return (
            partner.tier_value,
            partner.tier_share,
            partner.tier_lifecycle,
            partner.tier_sales_amount,
            partner.tier_last_contact_date,
            partner.tier_computed_at,
            partner.tier_company_id,
        )


@tagged("post_install", "-at_install")
class TestTieringAttacks(AttackSetup, TieringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._attack_setup()

    def _as(self, user, model):
        return self.env[model].with_user(user).with_context(**ATTACK_CONTEXT)

    # ------------------------------------------------------------------
    # route 8: holders of key persons
    # ------------------------------------------------------------------
    def test_salesperson_cannot_hold_anothers_key_person(self):
        before = self._holders(self.foreign_person)
        with self.assertRaises(AccessError):
            self._as(self.salesperson, "customer.key.person.holder").create(
                {
                    "key_person_id": self.foreign_person.id,
                    "user_id": self.salesperson.id,
                }
            )
        with self.assertRaises(AccessError):
            self.foreign_person.with_user(self.salesperson).write(
                {"holder_ids": [Command.create({"user_id": self.salesperson.id})]}
            )
        self.assertEqual(self._holders(self.foreign_person), before)
        with self.assertRaises(AccessError):
            self.foreign_person.with_user(self.salesperson).read(["preferences"])

    def test_holder_row_cannot_be_moved_to_anothers_key_person(self):
        # The owner may write his customer's holder rows, not move them out.
        with self.assertRaises(AccessError):
            self.own_holder.with_user(self.salesperson).write(
                {"key_person_id": self.foreign_person.id}
            )
        with self.assertRaises(AccessError):
            self.foreign_person.with_user(self.salesperson).write(
                {"holder_ids": [Command.link(self.own_holder.id)]}
            )
        self.assertEqual(self.own_holder.sudo().key_person_id, self.person)
        self.assertEqual(
            self._holders(self.foreign_person),
            [(self.other_salesperson.id, self.foreign_holder.id)],
        )

    def test_holder_does_not_choose_holders(self):
        before = self._holders(self.person)
        as_holder = self._as(self.holder, "customer.key.person.holder")
        # He reads his own row and the key person, and its private notes ...
        self.assertEqual(as_holder.search([]), self.own_holder)
        self.assertTrue(self.person.with_user(self.holder).can_see_private)
        # ... but adds nobody, removes nobody, and cannot move his row.
        with self.assertRaises(AccessError):
            as_holder.create(
                {"key_person_id": self.person.id, "user_id": self.salesperson.id}
            )
        with self.assertRaises(AccessError):
            self.own_holder.with_user(self.holder).write({"level": "close"})
        with self.assertRaises(AccessError):
            self.own_holder.with_user(self.holder).write(
                {"key_person_id": self.foreign_person.id}
            )
        with self.assertRaises(AccessError):
            self.own_holder.with_user(self.holder).unlink()
        self.assertEqual(self._holders(self.person), before)
        self.assertEqual(self.own_holder.sudo().level, "normal")

    def test_owner_and_manager_choose_holders(self):
        as_owner = self._as(self.salesperson, "customer.key.person.holder")
        row = as_owner.create(
            {"key_person_id": self.person.id, "user_id": self.salesperson.id}
        )
        self.assertTrue(self.person.with_user(self.salesperson).can_see_private)
        row.unlink()
        self._as(self.manager, "customer.key.person.holder").create(
            {"key_person_id": self.foreign_person.id, "user_id": self.holder.id}
        )
        self.assertIn(self.holder, self.foreign_person.holder_ids.user_id)

    def test_only_employees_hold_relationships(self):
        portal = self._user("tier_att_portal", "base.group_portal")
        with self.assertRaises(ValidationError):
            self._as(self.salesperson, "customer.key.person.holder").create(
                {"key_person_id": self.person.id, "user_id": portal.id}
            )

    def test_derived_key_person_fields_refused(self):
        as_holder = self.person.with_user(self.holder)
        for vals in (
            {"salesperson_id": self.holder.id},
            {"company_id": False},
            {"partner_id": self.foreign.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_holder.write(vals)
        with self.assertRaises(AccessError):
            self.own_holder.with_user(self.salesperson).write(
                {"partner_id": self.foreign.id}
            )
        self.env.invalidate_all()
        self.assertEqual(self.person.salesperson_id, self.salesperson)
        self.assertEqual(self.person.company_id, self.company)
        self.assertEqual(self.person.partner_id, self.customer)
        self.assertEqual(self.own_holder.partner_id, self.customer)

    # ------------------------------------------------------------------
    # route 9: what only the engine or a manager sets
    # ------------------------------------------------------------------
    def test_salesperson_cannot_set_tier_fields(self):
        before = self._partner_tiers(self.customer)
        for vals in (
            {"tier_value": "high"},
            {"tier_share": "vip"},
            {"tier_pareto": "A"},
            {"tier_lifecycle": "loyal"},
            {"tier_sales_amount": 9e9},
            {"tier_last_contact_date": "2099-01-01"},
            {"tier_visit_interval": 0},
            {"tier_computed_at": "2099-01-01 00:00:00"},
            {"tier_company_id": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                self.customer.with_user(self.salesperson).with_context(
                    **ATTACK_CONTEXT
                ).write(vals)
        self.assertEqual(self._partner_tiers(self.customer), before)

    def test_tier_fields_ignored_on_create(self):
        as_salesperson = self._as(self.salesperson, "res.partner").with_context(
            default_tier_pareto="A"
        )
        partner = as_salesperson.create(
            {
                "name": "Self-made VIP",
                "is_company": True,
                "tier_share": "vip",
                "tier_value": "high",
                "tier_last_contact_date": "2099-01-01",
            }
        )
        self.assertFalse(partner.tier_share)
        self.assertFalse(partner.tier_value)
        self.assertFalse(partner.tier_last_contact_date)
        self.assertFalse(partner.tier_pareto)

    def test_history_written_by_nobody(self):
        history = self.customer.sudo().tier_history_ids
        self.assertTrue(history)
        before = history.read(["new_value", "company_id"])
        for user in (self.salesperson, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self._as(user, "customer.tier.history").create(
                        {
                            "partner_id": self.customer.id,
                            "scheme": "share",
                            "new_value": "vip",
                        }
                    )
                with self.assertRaises(AccessError):
                    history.with_user(user).write({"new_value": "vip"})
                with self.assertRaises(AccessError):
                    history.with_user(user).unlink()
        self.env.invalidate_all()
        self.assertEqual(history.read(["new_value", "company_id"]), before)

    def test_overrides_by_managers_only_decided_by_the_manager(self):
        with self.assertRaises(AccessError):
            self._as(self.salesperson, "customer.tier.override").create(
                {
                    "partner_id": self.customer.id,
                    "scheme": "share",
                    "value": "vip",
                    "reason": "I say so",
                }
            )
        override = self._as(self.manager, "customer.tier.override").create(
            {
                "partner_id": self.customer.id,
                "scheme": "share",
                "value": "vip",
                "reason": "Strategic",
                "user_id": self.salesperson.id,
                "company_id": False,
            }
        )
        self.assertEqual(override.user_id, self.manager)
        self.assertEqual(override.company_id, self.company)
        for vals in ({"user_id": self.salesperson.id}, {"company_id": False}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                override.with_user(self.manager).write(vals)
        with self.assertRaises(AccessError):
            override.with_user(self.salesperson).write({"value": "senior"})
        self.env.invalidate_all()
        self.assertEqual(
            (override.user_id, override.company_id, override.value),
            (self.manager, self.company, "vip"),
        )

    def test_service_standards_by_managers_of_their_company(self):
        before = self.standard.visit_interval_days
        with self.assertRaises(AccessError):
            self.standard.with_user(self.salesperson).write({"visit_interval_days": 1})
        # A standard shared by every company is an administrator's.
        with self.assertRaises(AccessError):
            self.standard.with_user(self.manager).write({"visit_interval_days": 1})
        with self.assertRaises(AccessError):
            self._as(self.salesperson, "customer.tier.service.standard").create(
                {"scheme": "share", "tier": "vip", "visit_interval_days": 1}
            )
        own = self._as(self.manager, "customer.tier.service.standard").create(
            {
                "scheme": "share",
                "tier": "vip",
                "visit_interval_days": 7,
                "company_id": self.company.id,
            }
        )
        own.write({"visit_interval_days": 14})
        self.env.invalidate_all()
        self.assertEqual(self.standard.visit_interval_days, before)

    # ------------------------------------------------------------------
    # route 11: engines and workflow decisions
    # ------------------------------------------------------------------
    def test_recompute_limited_to_own_customers(self):
        History = self.env["customer.tier.history"]
        count = History.search_count([])
        self._order(self.foreign, 900000.0, 3)
        before = self._partner_tiers(self.foreign)
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.salesperson).with_context(
                **ATTACK_CONTEXT
            ).action_recompute_tiers()
        self.assertEqual(self._partner_tiers(self.foreign), before)
        self.assertEqual(History.search_count([]), count)
        self.foreign.with_user(self.other_salesperson).action_recompute_tiers()
        self.assertEqual(self._partner_tiers(self.foreign)[3], 990000.0)
        self.customer.with_user(self.manager).action_recompute_tiers()

    def test_recompute_all_is_a_managers_decision(self):
        admin = self._user("tier_att_admin", "base.group_system")
        settings = self.env["res.config.settings"].create({}).with_user(admin)
        cron = self.env.ref("customer_tiering.ir_cron_recompute_tiers")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        with self.assertRaises(AccessError):
            settings.action_recompute_tiers_now()
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.salesperson).create({})
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            triggers,
        )

    def test_every_public_method_reviewed(self):
        """A new public method of the addon must be added to the Security part
        of readme/CONFIGURE.md and here, once its group check is written and
        tested."""
        reviewed = {
            "res.partner": {
                "create",
                "write",
                "action_recompute_tiers",
                "action_open_score_breakdown",
                "action_open_tier_overrides",
            },
            "res.users": {"write"},
            "res.company": {"create"},
            "res.config.settings": {"action_recompute_tiers_now"},
            "customer.tier.engine": set(),
            "customer.tier.history": set(),
            "customer.tier.override": {"create", "write"},
            "customer.tier.service.standard": set(),
            "customer.key.person": {"create", "write"},
            "customer.key.person.holder": {"create", "write"},
            "sales.policy.facts": set(),
            "sales.policy.approval.mixin": {"create", "write"},
            "customer.relationship.criterion": set(),
            "customer.relationship.evaluation": {
                "create",
                "write",
                "action_submit",
                "action_decide_develop",
                "action_decide_maintain",
                "action_decide_terminate",
                "action_return",
                "action_open_account_plan",
            },
            "customer.relationship.evaluation.line": {"create", "write", "unlink"},
            "customer.score.indicator": {"unlink"},
            "customer.score.band": set(),
            "customer.score.manual.value": {"create", "write", "unlink"},
            "customer.credit.policy": set(),
            "customer.credit.proposal": {
                "create",
                "write",
                "action_approve",
                "action_reject",
            },
            "customer.score.breakdown": {"create", "write"},
        }
        self.assertEqual(public_methods(self.env, reviewed), reviewed)


@tagged("post_install", "-at_install")
class TestTieringCompanies(TieringCase):
    """Two companies: nothing of one is read or tiered in the other."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create(
            {"name": "Tiering Test Co B", "currency_id": cls.usd.id}
        )
        cls.env.user.company_ids |= cls.company_b
        cls.seller_a = cls.salesperson
        cls.seller_b = cls._user_of(
            "tier_b_salesperson", "sales_team.group_sale_salesman", cls.company_b
        )
        cls.manager_a = cls.manager
        cls.manager_b = cls._user_of(
            "tier_b_manager", "sales_team.group_sale_manager", cls.company_b
        )
        cls.customer_a = cls._customer("Customer of A")
        cls.customer_b = cls._customer_of("Customer of B", cls.seller_b, cls.company_b)
        cls.shared = cls.env["res.partner"].create(
            {"name": "Shared Customer", "is_company": True, "user_id": cls.seller_a.id}
        )
        cls._order_in(cls.company, cls.customer_a, 100000.0, 20)
        cls._order_in(cls.company, cls.shared, 100000.0, 60)
        cls._order_in(cls.company_b, cls.shared, 300000.0, 10)
        cls._order_in(cls.company_b, cls.customer_b, 1000000.0, 15)
        contact_a = cls.env["res.partner"].create(
            {"name": "A Buyer", "parent_id": cls.customer_a.id}
        )
        contact_b = cls.env["res.partner"].create(
            {"name": "B Buyer", "parent_id": cls.customer_b.id}
        )
        cls.person_a = cls.env["customer.key.person"].create(
            {
                "partner_id": cls.customer_a.id,
                "contact_id": contact_a.id,
                "decision_role": "decision_maker",
                "holder_ids": [Command.create({"user_id": cls.seller_a.id})],
            }
        )
        cls.person_b = (
            cls.env["customer.key.person"]
            .with_company(cls.company_b)
            .create(
                {
                    "partner_id": cls.customer_b.id,
                    "contact_id": contact_b.id,
                    "decision_role": "decision_maker",
                    "holder_ids": [Command.create({"user_id": cls.seller_b.id})],
                }
            )
        )
        cls.override_b = (
            cls.env["customer.tier.override"]
            .with_company(cls.company_b)
            .create(
                {
                    "partner_id": cls.customer_b.id,
                    "scheme": "lifecycle",
                    "value": "loyal",
                    "reason": "Framework contract",
                }
            )
        )
        cls.standard_b = cls.env["customer.tier.service.standard"].create(
            {
                "scheme": "share",
                "tier": "vip",
                "visit_interval_days": 3,
                "company_id": cls.company_b.id,
            }
        )
        cls.everyone = cls.customer_a | cls.customer_b | cls.shared

    @classmethod
    def _user_of(cls, login, groups, company):
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @classmethod
    def _customer_of(cls, name, user, company):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "company_id": company.id,
                "user_id": user.id,
            }
        )

    @classmethod
    def _order_in(cls, company, partner, amount, days_ago):
        order = (
            cls.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": 1,
                                "price_unit": amount,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        order.date_order = datetime.combine(
            cls.today - timedelta(days=days_ago), datetime.min.time()
        ) + timedelta(hours=10)
        return order

    def _tiers(self):
        self.env.invalidate_all()
        return {
            partner.name: (
                partner.tier_company_id,
                partner.tier_sales_amount,
                round(partner.tier_share_percent, 2),
                partner.tier_share,
                partner.tier_visit_interval,
            )
            for partner in self.everyone.sudo()
        }

    def test_tiers_do_not_depend_on_the_active_company(self):
        engine = self.env["customer.tier.engine"]
        engine.with_company(self.company)._recompute_partners(self.everyone)
        from_a = self._tiers()
        engine.with_company(self.company_b).with_context(
            allowed_company_ids=[self.company_b.id, self.company.id]
        )._recompute_partners(self.everyone)
        self.assertEqual(self._tiers(), from_a)
        # Nothing of B's sales counts for A: A sold 100k to each of two.
        self.assertEqual(from_a["Customer of A"][:3], (self.company, 100000.0, 50.0))
        # The shared customer is tiered on B's sales, B sold to it last.
        self.assertEqual(
            from_a["Shared Customer"][:3], (self.company_b, 300000.0, 23.08)
        )
        self.assertEqual(from_a["Customer of B"][:2], (self.company_b, 1000000.0))
        # B's own standard applies to B's VIPs only.
        self.assertEqual(from_a["Customer of B"][3:], ("vip", 3))
        self.assertEqual(from_a["Customer of A"][3:], ("vip", 30))
        history = self.env["customer.tier.history"].search(
            [("partner_id", "in", self.everyone.ids)]
        )
        self.assertEqual(
            {(h.partner_id.name, h.company_id.name) for h in history},
            {
                ("Customer of A", "Tiering Test Co"),
                ("Shared Customer", "Tiering Test Co B"),
                ("Customer of B", "Tiering Test Co B"),
            },
        )

    def test_nothing_of_the_other_company_is_read(self):
        self.env["customer.tier.engine"]._recompute_partners(self.everyone)
        for user, other in (
            (self.manager_a, self.company_b),
            (self.manager_b, self.company),
        ):
            with self.subTest(user=user.login):
                for model in (
                    "customer.tier.history",
                    "customer.tier.override",
                    "customer.key.person",
                    "customer.key.person.holder",
                    "customer.tier.service.standard",
                ):
                    records = (
                        self.env[model]
                        .with_user(user)
                        .with_context(allowed_company_ids=user.company_ids.ids)
                        .search([])
                    )
                    self.assertNotIn(
                        other, records.sudo().company_id, f"{model} of {other.name}"
                    )
        with self.assertRaises(AccessError):
            self.person_b.with_user(self.manager_a).read(["preferences"])
        with self.assertRaises(AccessError):
            self.override_b.with_user(self.manager_a).read(["value"])
        with self.assertRaises(AccessError):
            self.standard_b.with_user(self.manager_a).read(["visit_interval_days"])

    def test_no_company_value_trusted_from_the_client(self):
        self.assertEqual(self.person_b.company_id, self.company_b)
        self.assertEqual(self.person_b.holder_ids.company_id, self.company_b)
        self.assertEqual(self.override_b.company_id, self.company_b)
        # A user of B only never holds a relationship of A, whoever adds him.
        with self.assertRaises(UserError):
            self.env["customer.key.person.holder"].create(
                {"key_person_id": self.person_a.id, "user_id": self.seller_b.id}
            )
        # A manager of A neither overrides nor standardises for B.
        with self.assertRaises(AccessError):
            self.env["customer.tier.override"].with_user(self.manager_a).create(
                {
                    "partner_id": self.customer_b.id,
                    "scheme": "share",
                    "value": "vip",
                    "reason": "Not mine",
                    "company_id": self.company.id,
                }
            )
        with self.assertRaises(AccessError):
            self.env["customer.tier.service.standard"].with_user(self.manager_a).create(
                {
                    "scheme": "value",
                    "tier": "high",
                    "visit_interval_days": 1,
                    "company_id": self.company_b.id,
                }
            )
        self.assertFalse(
            self.env["customer.tier.override"].search(
                [("partner_id", "=", self.customer_b.id), ("scheme", "=", "share")]
            )
        )


@tagged("post_install", "-at_install")
class TestTieringRpcAttacks(RpcAttackMixin, AttackSetup, TieringCase, HttpCase):
    """The same attacks over JSON-RPC, with the context a client sends."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._attack_setup()
        cls.client_context = cls._web_client_context()

    def _refused(self, login, model, method, *args, **kwargs):
        return self.assertRpcRefused(
            login, model, method, *args, context=self.client_context, **kwargs
        )

    def test_rpc_holder_of_anothers_key_person(self):
        before = self._holders(self.foreign_person)
        self._refused(
            "tier_salesperson",
            "customer.key.person.holder",
            "create",
            [{"key_person_id": self.foreign_person.id, "user_id": self.salesperson.id}],
        )
        self._refused(
            "tier_salesperson",
            "customer.key.person",
            "write",
            [self.foreign_person.id],
            {"holder_ids": [Command.create({"user_id": self.salesperson.id})]},
        )
        self._refused(
            "tier_salesperson",
            "customer.key.person.holder",
            "write",
            [self.own_holder.id],
            {"key_person_id": self.foreign_person.id},
        )
        self._refused(
            "tier_att_holder",
            "customer.key.person.holder",
            "create",
            [{"key_person_id": self.person.id, "user_id": self.other_salesperson.id}],
        )
        self._refused(
            "tier_salesperson",
            "customer.key.person",
            "read",
            [self.foreign_person.id],
            ["preferences", "concerns"],
        )
        self.assertEqual(self._holders(self.foreign_person), before)
        self.assertEqual(self.own_holder.sudo().key_person_id, self.person)

    def test_rpc_engine_fields(self):
        before = self._partner_tiers(self.customer)
        for vals in (
            {"tier_share": "vip"},
            {"tier_value": "high", "tier_pareto": "A"},
            {"tier_last_contact_date": "2099-01-01"},
            {"tier_company_id": False},
        ):
            with self.subTest(vals=vals):
                self._refused(
                    "tier_salesperson", "res.partner", "write", [self.customer.id], vals
                )
        self.assertEqual(self._partner_tiers(self.customer), before)
        self._refused(
            "tier_salesperson",
            "customer.tier.history",
            "create",
            [{"partner_id": self.customer.id, "scheme": "share", "new_value": "vip"}],
        )
        self._refused(
            "tier_manager",
            "customer.tier.history",
            "write",
            self.customer.sudo().tier_history_ids.ids,
            {"new_value": "vip"},
        )
        self._refused(
            "tier_salesperson",
            "customer.tier.override",
            "create",
            [
                {
                    "partner_id": self.customer.id,
                    "scheme": "share",
                    "value": "vip",
                    "reason": "x",
                }
            ],
        )
        self._refused(
            "tier_salesperson",
            "customer.tier.service.standard",
            "write",
            [self.standard.id],
            {"visit_interval_days": 1},
        )
        self._refused(
            "tier_manager",
            "customer.tier.service.standard",
            "write",
            [self.standard.id],
            {"visit_interval_days": 1},
        )
        self._refused(
            "tier_att_holder",
            "customer.key.person",
            "write",
            [self.person.id],
            {"salesperson_id": self.holder.id},
        )
        self.env.invalidate_all()
        self.assertEqual(self.person.salesperson_id, self.salesperson)
        self.assertEqual(self.standard.visit_interval_days, 30)
        self.assertEqual(self._partner_tiers(self.customer), before)
        self.assertFalse(
            self.env["customer.tier.override"]
            .with_context(active_test=False)
            .search([("partner_id", "=", self.customer.id)])
        )

    def test_rpc_created_partner_keeps_no_tier(self):
        partner_id = self.rpc(
            "tier_salesperson",
            "res.partner",
            "create",
            [{"name": "RPC VIP", "is_company": True, "tier_share": "vip"}],
            context=self.client_context,
        )
        self.assertFalse(self.env["res.partner"].browse(partner_id).tier_share)

    def test_rpc_engines_and_workflows(self):
        count = self.env["customer.tier.history"].search_count([])
        self._order(self.foreign, 900000.0, 3)
        before = self._partner_tiers(self.foreign)
        self._refused(
            "tier_salesperson",
            "res.partner",
            "action_recompute_tiers",
            [self.foreign.id],
        )
        for method in (
            "_recompute_tiers",
            "_cron_recompute_tiers",
            "_cron_visit_due",
        ):
            with self.subTest(method=method):
                self._refused(
                    "tier_salesperson", "res.partner", method, [self.foreign.id]
                )
        self._refused("tier_salesperson", "customer.tier.engine", "_recompute_all")
        self._refused("tier_salesperson", "res.config.settings", "create", [{}])
        self.assertEqual(self._partner_tiers(self.foreign), before)
        self.assertEqual(self.env["customer.tier.history"].search_count([]), count)
        self.rpc(
            "tier_salesperson",
            "res.partner",
            "action_recompute_tiers",
            [self.customer.id],
            context=self.client_context,
        )
