"""Registration, ownership and re-allocation, attacked by a salesperson who
knows the API: each test makes the call a client can make, asserts the
refusal, then reads the records again to prove nothing changed."""

from contextlib import contextmanager
from datetime import datetime

from odoo import SUPERUSER_ID, Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.customer_tiering.tests.rpc_common import RpcAttackMixin

from .common import AllocationCase

OWNER_KEY = "lead_allocation_owner_change"
SKIP_KEY = "lead_allocation_skip_registration"
LONG_AGO = datetime(2020, 1, 1, 8, 0, 0)


@tagged("post_install", "-at_install")
class TestRegistrationAttacks(AllocationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.registration_conflict_policy = "refuse"
        cls.company_b = cls.env["res.company"].create(
            {"name": "Registration Co B", "currency_id": cls.usd.id}
        )
        cls.env.user.company_ids |= cls.company_b
        cls.seller_b = new_test_user(
            cls.env,
            login="reg_attack_b",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        # the senior's customer and lead
        cls.customer = cls._as(cls.senior, "res.partner").create(
            {
                "name": "Senior Customer Ltd",
                "is_company": True,
                "phone": "13800138001",
                "email": "buyer@senior-customer.example",
                "user_id": cls.senior.id,
            }
        )
        cls.lead = cls._as(cls.senior, "crm.lead").create(
            {
                "name": "Senior deal",
                "partner_name": "Senior Deal Co",
                "user_id": cls.senior.id,
            }
        )
        # a pool company another salesperson registered
        cls.pool_company = cls._as(cls.intermediate_1, "res.partner").create(
            {"name": "Pool Company", "is_company": True}
        )

    @classmethod
    def _as(cls, user, model):
        return (
            cls.env[model]
            .with_user(user)
            .with_context(allowed_company_ids=user.company_ids.ids)
        )

    @contextmanager
    def _refused(self, exception=UserError, text=None):
        """AccessError and ValidationError are UserErrors too."""
        with self.assertRaises(exception) as caught:
            yield caught
        if text:
            self.assertIn(text, str(caught.exception))

    # ------------------------------------------------------------------
    # route 5: context keys grant nothing
    # ------------------------------------------------------------------
    def test_owner_context_key_grants_nothing(self):
        Lead = self._as(self.senior, "crm.lead").with_context(**{OWNER_KEY: True})
        with self._refused(UserError, text="cannot change the owner"):
            Lead.browse(self.lead.id).write({"user_id": self.junior.id})
        Partner = self._as(self.senior, "res.partner").with_context(**{OWNER_KEY: True})
        with self._refused():
            Partner.browse(self.pool_company.id).write({"user_id": self.senior.id})
        with self._refused(UserError, text="only register a record for yourself"):
            Partner.create(
                {"name": "Gift", "is_company": True, "user_id": self.junior.id}
            )
        self.env.invalidate_all()
        self.assertEqual(self.lead.user_id, self.senior)
        self.assertFalse(self.pool_company.user_id)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Gift")]))

    def test_own_registration_released_by_a_manager_is_claimed_like_any(self):
        """What he registered and then lost goes back through the pool's
        claim (and its cool-down), never straight back to him."""
        lead = self._as(self.junior, "crm.lead").create(
            {"name": "Lost", "phone": "13600136000", "user_id": self.junior.id}
        )
        lead.with_user(self.manager).write({"user_id": False})
        # the lead is the pool's now: he does not even read it any more
        with self._refused(AccessError):
            lead.with_user(self.junior).write({"user_id": self.junior.id})
        with self._refused(UserError, text="public pool"):
            self._as(self.junior, "crm.lead").create(
                {"name": "Again", "phone": "13600136000", "user_id": self.junior.id}
            )
        self.env.invalidate_all()
        self.assertFalse(lead.sudo().user_id)

    def test_skip_registration_context_key_grants_nothing(self):
        Lead = self._as(self.junior, "crm.lead").with_context(**{SKIP_KEY: True})
        with self._refused(UserError, text="Already registered by"):
            Lead.create({"name": "Same", "phone": "+86 138 0013 8001"})
        self.assertFalse(
            self.env["crm.lead"].search([("reg_phone_key", "=", "13800138001")])
        )

    def test_managers_and_engines_still_register_duplicates(self):
        manager_lead = self._as(self.manager, "crm.lead").create(
            {"name": "Manager's", "phone": "13800138001"}
        )
        engine_lead = self.env["crm.lead"].create(
            {"name": "Engine's", "phone": "13800138001", "user_id": False}
        )
        self.assertTrue(manager_lead.exists() and engine_lead.exists())

    # ------------------------------------------------------------------
    # route 6: the check runs on write too
    # ------------------------------------------------------------------
    def test_blank_lead_filled_in_afterwards_is_checked(self):
        blank = self._as(self.junior, "crm.lead").create(
            {"name": "Blank", "user_id": self.junior.id}
        )
        for vals in (
            {"phone": "138-0013-8001"},
            {"email_from": "ceo@senior-customer.example"},
            {"partner_name": "SENIOR CUSTOMER Co., Ltd."},
        ):
            with self._refused(UserError, text="Already registered by"):
                blank.with_user(self.junior).write(vals)
        self.env.invalidate_all()
        self.assertFalse(blank.phone or blank.email_from or blank.partner_name)
        self.assertEqual(blank.user_id, self.junior)

    def test_blank_partner_filled_in_afterwards_is_checked(self):
        blank = self._as(self.junior, "res.partner").create({"name": "Somebody"})
        with self._refused(UserError, text="Already registered by"):
            blank.with_user(self.junior).write(
                {"name": "Senior Customer", "is_company": True}
            )
        self.env.invalidate_all()
        self.assertEqual(blank.name, "Somebody")
        self.assertFalse(blank.is_company)

    def test_write_conflict_goes_to_the_manager(self):
        self.company.registration_conflict_policy = "conflict"
        blank = self._as(self.junior, "crm.lead").create(
            {"name": "Blank", "user_id": self.junior.id}
        )
        blank.with_user(self.junior).write({"phone": "13800138001"})
        self.assertTrue(blank.registration_conflict)
        self.assertFalse(blank.user_id)

    def test_editing_unrelated_fields_is_not_a_registration(self):
        own = self._as(self.senior, "crm.lead").create(
            {"name": "Own", "phone": "13800138001", "user_id": self.senior.id}
        )
        own.with_user(self.senior).write(
            {"name": "Own, renamed", "phone": "13800138001"}
        )
        self.assertEqual(own.name, "Own, renamed")

    # ------------------------------------------------------------------
    # route 7: workflow states only through the action methods
    # ------------------------------------------------------------------
    def _judged_lead(self):
        lead = self._as(self.intake, "crm.lead").create(
            {
                "name": "Judged A",
                "type": "lead",
                "company_id": self.company.id,
                "expected_revenue": 300000.0,
                "judged_class": "A",
                "user_id": False,
            }
        )
        lead = lead.with_env(self.env)
        lead.write({"user_id": self.senior.id})
        return lead

    def _pool_lead_a(self):
        return self.env["crm.lead"].create(
            {
                "name": "Pool A",
                "type": "lead",
                "company_id": self.company.id,
                "expected_revenue": 900000.0,
                "user_id": False,
            }
        )

    def test_reallocation_request_created_approved_starts_requested(self):
        lead = self._judged_lead()
        pool_lead = self._pool_lead_a()
        request = self._as(self.senior, "crm.reallocation.request").create(
            {
                "lead_id": lead.id,
                "actual_class": "C",
                "reason": "Wrong",
                "state": "approved",
                "replacement_state": "pending",
                "decided_by_id": self.manager.id,
                "decided_on": fields.Datetime.now(),
                "replacement_lead_id": pool_lead.id,
                "user_id": self.junior.id,
                "company_id": self.company_b.id,
            }
        )
        self.assertEqual(
            (request.state, request.replacement_state), ("requested", "none")
        )
        self.assertFalse(request.decided_by_id or request.replacement_lead_id)
        self.assertEqual(request.user_id, self.senior)
        self.assertEqual(request.company_id, self.company)
        self.env["crm.reallocation.request"]._cron_fill_pending_replacements()
        self.assertFalse(pool_lead.user_id)
        with self._refused(AccessError, text="only the system or a sales manager"):
            request.with_user(self.senior).write({"replacement_state": "pending"})
        with self._refused(AccessError):
            request.with_user(self.manager).write({"state": "approved"})
        with self._refused(AccessError):
            self._as(
                self.senior, "crm.reallocation.request"
            )._cron_fill_pending_replacements()
        self.env.invalidate_all()
        self.assertEqual(
            (request.state, request.replacement_state), ("requested", "none")
        )

    def test_reallocation_request_default_state_from_context_is_refused(self):
        """A ``default_state`` context key would set the state after the
        create values were stripped."""
        lead = self._judged_lead()
        Request = self._as(self.senior, "crm.reallocation.request")
        for key in ("default_state", "default_replacement_state"):
            with self._refused(AccessError, text="only the system or a sales manager"):
                Request.with_context(**{key: "approved"}).create(
                    {"lead_id": lead.id, "actual_class": "C", "reason": "Wrong"}
                )
        self.assertFalse(
            self.env["crm.reallocation.request"].search([("lead_id", "=", lead.id)])
        )

    # ------------------------------------------------------------------
    # route 9: engine fields
    # ------------------------------------------------------------------
    def test_engine_fields_of_a_lead_are_refused(self):
        lead = self._judged_lead()
        names = [
            "date_open",
            "registered_by_id",
            "registered_date",
            "registration_conflict",
            "judged_by_id",
            "judged_date",
        ]
        before = lead.read(names)[0]
        for vals in (
            {"date_open": LONG_AGO},
            {"registered_by_id": self.junior.id},
            {"registered_date": LONG_AGO},
            {"registration_conflict": True},
            {"judged_by_id": self.manager.id},
            {"judged_date": LONG_AGO},
        ):
            with self._refused(AccessError, text="only the system or a sales manager"):
                lead.with_user(self.senior).write(vals)
        self.env.invalidate_all()
        self.assertEqual(lead.read(names)[0], before)
        lead.with_user(self.manager).write({"date_open": LONG_AGO})
        self.assertEqual(lead.date_open, LONG_AGO)

    def test_engine_fields_sent_on_create_are_ignored(self):
        lead = self._as(self.senior, "crm.lead").create(
            {
                "name": "Backdated",
                "user_id": self.senior.id,
                "date_open": LONG_AGO,
                "registered_by_id": self.junior.id,
                "registered_date": LONG_AGO,
                "registration_conflict": True,
                "judged_by_id": self.intake.id,
                "judged_date": LONG_AGO,
            }
        )
        self.assertNotEqual(lead.date_open, LONG_AGO)
        self.assertEqual(lead.registered_by_id, self.senior)
        self.assertNotEqual(lead.registered_date, LONG_AGO)
        self.assertFalse(lead.registration_conflict or lead.judged_by_id)
        partner = self._as(self.senior, "res.partner").create(
            {
                "name": "Backdated Co",
                "is_company": True,
                "user_id": self.senior.id,
                "owner_since": LONG_AGO,
            }
        )
        self.assertNotEqual(partner.owner_since, LONG_AGO)

    def test_owner_since_is_refused(self):
        before = self.customer.owner_since
        with self._refused(AccessError, text="only the system or a sales manager"):
            self.customer.with_user(self.senior).write({"owner_since": LONG_AGO})
        self.env.invalidate_all()
        self.assertEqual(self.customer.owner_since, before)

    # ------------------------------------------------------------------
    # route 10: approval keeps the judge
    # ------------------------------------------------------------------
    def test_approval_keeps_the_intake_agent_as_judge(self):
        lead = self._judged_lead()
        judged_date = lead.judged_date
        request = self._as(self.senior, "crm.reallocation.request").create(
            {"lead_id": lead.id, "actual_class": "C", "reason": "300k, not 900k"}
        )
        request.with_user(self.manager).action_approve()
        self.assertEqual(lead.judged_class, "C")
        self.assertEqual(lead.judged_by_id, self.intake)
        self.assertEqual(lead.judged_date, judged_date)
        self.assertEqual(
            lead.with_user(self.intake).read(["name"])[0]["name"], "Judged A"
        )
        mismatch = self.env["crm.intake.mismatch"].search(
            [("request_id", "=", request.id)]
        )
        self.assertEqual(mismatch.user_id, self.intake)

    # ------------------------------------------------------------------
    # route 13: ownership through Odoo's compute
    # ------------------------------------------------------------------
    def test_pool_company_cannot_be_taken_through_a_parent(self):
        with self._refused():
            self.pool_company.with_user(self.senior).write(
                {"is_company": False, "parent_id": self.customer.id}
            )
        self.env.invalidate_all()
        self.assertFalse(self.pool_company.user_id)
        self.assertFalse(self.pool_company.parent_id)
        self.assertTrue(self.pool_company.is_company)

    def test_own_new_contact_joins_own_customer(self):
        contact = self._as(self.senior, "res.partner").create({"name": "Li Wei"})
        contact.with_user(self.senior).write({"parent_id": self.customer.id})
        self.assertEqual(contact.user_id, self.senior)

    # ------------------------------------------------------------------
    # route 14: companies
    # ------------------------------------------------------------------
    def test_registration_of_another_company_neither_blocks_nor_reveals(self):
        self._as(self.seller_b, "res.partner").create(
            {
                "name": "Gamma Industries",
                "is_company": True,
                "phone": "13900139000",
                "company_id": self.company_b.id,
                "user_id": self.seller_b.id,
            }
        )
        lead = self._as(self.junior, "crm.lead").create(
            {
                "name": "Gamma in A",
                "partner_name": "Gamma Industries",
                "phone": "13900139000",
                "user_id": self.junior.id,
            }
        )
        self.assertEqual(lead.user_id, self.junior)
        self.assertFalse(lead.registration_conflict)

    def test_shared_registration_counts_in_every_company(self):
        self._as(self.seller_b, "res.partner").create(
            {"name": "Delta Shared", "is_company": True, "user_id": self.seller_b.id}
        )
        with self._refused(UserError, text="Already registered by"):
            self._as(self.junior, "crm.lead").create(
                {"name": "Delta in A", "partner_name": "Delta Shared"}
            )

    def test_mismatch_company_comes_from_the_request(self):
        lead = self._judged_lead()
        request = self._as(self.senior, "crm.reallocation.request").create(
            {"lead_id": lead.id, "actual_class": "C", "reason": "Wrong"}
        )
        mismatch = self.env["crm.intake.mismatch"].create(
            {
                "user_id": self.intake.id,
                "date": fields.Date.today(),
                "request_id": request.id,
                "company_id": self.company_b.id,
            }
        )
        self.assertEqual(mismatch.company_id, self.company)

    def test_suspension_of_a_user_of_another_company_is_refused(self):
        Suspension = self._as(self.manager, "crm.allocation.suspension")
        with self._refused():
            Suspension.create(
                {
                    "user_id": self.seller_b.id,
                    "company_id": self.company.id,
                    "kind": "turns",
                    "skip_turns": 2,
                    "reason": "Wrong company",
                }
            )
        self.assertFalse(
            self.env["crm.allocation.suspension"].search(
                [("user_id", "=", self.seller_b.id)]
            )
        )

    def test_suspension_turns_left_are_the_engines(self):
        suspension = self._as(self.manager, "crm.allocation.suspension").create(
            {
                "user_id": self.junior.id,
                "kind": "turns",
                "skip_turns": 2,
                "remaining_turns": 99,
                "reason": "Late reports",
            }
        )
        self.assertEqual(suspension.remaining_turns, 2)

    # ------------------------------------------------------------------
    # route 15: what counts as a registration
    # ------------------------------------------------------------------
    def test_records_nobody_registered_are_not_registrations(self):
        self.env["res.partner"].create(
            {
                "name": "System Made",
                "is_company": True,
                "email": "fp@system-made.example",
                "user_id": SUPERUSER_ID,
            }
        )
        self.company.partner_id.email = "info@allocation-test.example"
        for email in ("fp@system-made.example", "sales@allocation-test.example"):
            lead = self._as(self.junior, "crm.lead").create(
                {"name": email, "email_from": email, "user_id": self.junior.id}
            )
            self.assertFalse(lead.registration_conflict)

    def test_company_domain_matches_generic_provider_does_not(self):
        self._as(self.senior, "crm.lead").create(
            {"name": "Gmail", "email_from": "wang@gmail.com", "user_id": self.senior.id}
        )
        lead = self._as(self.junior, "crm.lead").create(
            {
                "name": "Other gmail",
                "email_from": "li@gmail.com",
                "user_id": self.junior.id,
            }
        )
        self.assertEqual(lead.user_id, self.junior)
        with self._refused(UserError, text=self.senior.name):
            self._as(self.junior, "crm.lead").create(
                {"name": "Colleague", "email_from": "ceo@senior-customer.example"}
            )


@tagged("post_install", "-at_install")
class TestRegistrationRpcAttacks(RpcAttackMixin, HttpCase):
    """The same routes over JSON-RPC, with the context a client sends."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.registration_conflict_policy = "refuse"
        cls.seller = new_test_user(
            cls.env, login="rpc_reg_seller", groups="sales_team.group_sale_salesman"
        )
        cls.other = new_test_user(
            cls.env, login="rpc_reg_other", groups="sales_team.group_sale_salesman"
        )
        cls.intake = new_test_user(
            cls.env, login="rpc_reg_intake", groups="lead_allocation.group_intake_agent"
        )
        cls.registered = (
            cls.env["res.partner"]
            .with_user(cls.other)
            .create(
                {
                    "name": "Rpc Registered Co",
                    "is_company": True,
                    "phone": "13700137000",
                    "user_id": cls.other.id,
                }
            )
        )
        cls.lead = (
            cls.env["crm.lead"]
            .with_user(cls.seller)
            .create({"name": "Rpc own lead", "user_id": cls.seller.id})
        )

    def test_rpc_owner_context_key_takes_a_pool_customer(self):
        pool = (
            self.env["res.partner"]
            .with_user(self.other)
            .create({"name": "Rpc Pool Co", "is_company": True})
        )
        self.assertRpcRefused(
            "rpc_reg_seller",
            "res.partner",
            "write",
            [pool.id],
            {"user_id": self.seller.id},
            context={OWNER_KEY: True},
        )
        self.assertFalse(pool.user_id)

    def test_rpc_skip_registration_context_key(self):
        self.assertRpcRefused(
            "rpc_reg_seller",
            "crm.lead",
            "create",
            [{"name": "Dup", "phone": "137 0013 7000"}],
            context={SKIP_KEY: True},
        )
        self.assertEqual(
            self.env["crm.lead"].search_count([("reg_phone_key", "=", "13700137000")]),
            0,
        )

    def test_rpc_registration_on_write(self):
        self.assertRpcRefused(
            "rpc_reg_seller",
            "crm.lead",
            "write",
            [self.lead.id],
            {"partner_name": "RPC REGISTERED CO., LTD."},
        )
        self.assertFalse(self.lead.partner_name)

    def test_rpc_engine_fields(self):
        before = self.lead.date_open
        for vals in (
            {"date_open": "2020-01-01 08:00:00"},
            {"registered_by_id": self.other.id},
        ):
            self.assertRpcRefused(
                "rpc_reg_seller", "crm.lead", "write", [self.lead.id], vals
            )
        self.assertEqual(self.lead.date_open, before)
        self.assertEqual(self.lead.registered_by_id, self.seller)

    def test_rpc_reallocation_request_created_approved(self):
        judged = (
            self.env["crm.lead"]
            .with_user(self.intake)
            .create({"name": "Rpc judged", "judged_class": "A", "user_id": False})
            .with_env(self.env)
        )
        judged.write({"user_id": self.seller.id})
        request_id = self.rpc(
            "rpc_reg_seller",
            "crm.reallocation.request",
            "create",
            {
                "lead_id": judged.id,
                "actual_class": "C",
                "reason": "Wrong",
                "state": "approved",
                "replacement_state": "pending",
            },
        )
        request = self.env["crm.reallocation.request"].browse(request_id)
        self.assertEqual(
            (request.state, request.replacement_state), ("requested", "none")
        )
        self.assertRpcRefused(
            "rpc_reg_seller",
            "crm.reallocation.request",
            "write",
            [request.id],
            {"state": "approved"},
        )
        self.assertEqual(request.state, "requested")
