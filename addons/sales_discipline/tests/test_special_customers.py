"""The special-customer policy: the call log, the flags, and what a special
customer changes (routing, SLA, claims, fairness counts), attacked by a
salesperson where a rule protects something."""

from datetime import datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.customer_tiering.tests.common import public_methods
from odoo.addons.customer_tiering.tests.rpc_common import RpcAttackMixin
from odoo.addons.customer_tiering.tools import run_lock
from odoo.addons.lead_allocation.tests.common import AllocationCase
from odoo.addons.sales_discipline.models.sales_special_flag import CRON_LOCK

CLIENT_CONTEXT = {
    "default_user_id": None,
    "active_test": False,
    "tracking_disable": True,
    "lead_allocation_owner_change": True,
}
NOW = datetime(2026, 11, 20, 10, 0)


class SpecialCase(AllocationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Call = cls.env["sales.call.log"]
        cls.Flag = cls.env["sales.special.flag"]
        cls.caller = cls.env["res.partner"].create(
            {
                "name": "Noisy Caller Co",
                "is_company": True,
                "phone": "+86 138 0013 8000",
                "company_id": cls.company.id,
                "user_id": cls.senior.id,
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Mr Noisy", "parent_id": cls.caller.id, "mobile": "021-5555 0101"}
        )
        cls.other = cls.env["res.partner"].create(
            {
                "name": "Quiet Co",
                "is_company": True,
                "phone": "13900139000",
                "company_id": cls.company.id,
                "user_id": cls.junior.id,
            }
        )
        cls.care_team = cls.env["crm.team"].create(
            {"name": "Customer Care", "company_id": cls.company.id}
        )

    def _calls(self, count, when, partner=None, **values):
        partner = partner or self.caller
        return self.Call.create(
            [
                {
                    "direction": "inbound",
                    "phone": partner.phone,
                    "call_date": when + timedelta(minutes=index),
                    "outcome": "answered",
                    **values,
                }
                for index in range(count)
            ]
        )

    def _lead_of(self, user, **values):
        lead = self._leads("C", **values)
        lead.with_user(self.manager).user_id = user
        return lead

    def _run(self, now=NOW):
        return self.Flag._cron_flag_special_customers(now=now)

    def _flag(self, partner, kind="harassment", user=None, **values):
        return self.Flag.with_user(user or self.manager).create(
            {
                "partner_id": partner.id,
                "kind": kind,
                "reason": "Shouts at the salespeople",
                "expiry_date": fields.Date.today() + timedelta(days=30),
                **values,
            }
        )


@tagged("post_install", "-at_install")
class TestCallLog(SpecialCase):
    def test_number_matches_the_customer_whatever_its_format(self):
        call = self.Call.create({"direction": "inbound", "phone": "138-0013-8000"})
        self.assertEqual(call.partner_id, self.caller)
        self.assertEqual(call.company_id, self.company)
        # the call of a contact is its company's
        call = self.Call.create({"direction": "inbound", "partner_id": self.contact.id})
        self.assertEqual(call.partner_id, self.caller)

    def test_lead_number_matches_the_lead(self):
        lead = self._leads("C", phone="+8613711112222")
        call = self.Call.create({"direction": "inbound", "phone": "137 1111 2222"})
        self.assertEqual(call.lead_id, lead)
        self.assertFalse(call.partner_id)

    def test_import_matches_in_a_batch(self):
        calls = self.Call.create(
            [
                {"direction": "inbound", "phone": "13800138000"},
                {"direction": "outbound", "phone": "13900139000"},
                {"direction": "inbound", "phone": "0755 1234 5678"},
            ]
        )
        self.assertEqual(calls.mapped("partner_id"), self.caller | self.other)
        self.assertFalse(calls[2].partner_id)

    def test_call_needs_a_number_or_a_caller(self):
        with self.assertRaises(ValidationError):
            self.Call.create({"direction": "inbound"})
        with self.assertRaises(ValidationError):
            self.Call.create({"phone": "13800138000", "duration": -3})

    def test_salesperson_logs_his_own_call_on_the_matched_customer(self):
        """A salesperson sending another user and another customer gets his
        own call, on the customer the number belongs to."""
        call = (
            self.Call.with_user(self.junior)
            .with_context(
                default_user_id=self.senior.id, default_company_id=self.company.id
            )
            .create(
                {
                    "direction": "inbound",
                    "phone": "13900139000",
                    "partner_id": self.caller.id,
                    "user_id": self.senior.id,
                }
            )
        )
        self.assertEqual(call.user_id, self.junior)
        self.assertEqual(call.partner_id, self.other)

    def test_salesperson_cannot_put_a_call_on_a_lead_he_cannot_read(self):
        lead = self._lead_of(self.senior)
        call = self.Call.with_user(self.junior).create(
            {"direction": "outbound", "phone": "0755 1234 5678", "lead_id": lead.id}
        )
        self.assertFalse(call.sudo().lead_id)

    def test_salesperson_writes_a_note_only(self):
        call = self.Call.with_user(self.junior).create(
            {"direction": "outbound", "phone": "13900139000", "outcome": "busy"}
        )
        call.note = "Call back on Monday"
        for vals in (
            {"outcome": "answered"},
            {"partner_id": self.caller.id},
            {"user_id": self.senior.id},
            {"direction": "inbound"},
        ):
            with self.assertRaises(AccessError):
                call.write(vals)
        call.invalidate_recordset()
        self.assertEqual(
            (call.outcome, call.partner_id, call.user_id, call.direction),
            ("busy", self.other, self.junior, "outbound"),
        )
        self.assertEqual(call.note, "Call back on Monday")
        with self.assertRaises(AccessError):
            call.unlink()

    def test_salesperson_does_not_read_colleagues_calls(self):
        theirs = self.Call.with_user(self.senior).create(
            {"direction": "outbound", "phone": "0755 1234 5678"}
        )
        mine = self.Call.with_user(self.junior).create(
            {"direction": "outbound", "phone": "0755 1234 5678"}
        )
        found = self.Call.with_user(self.junior).search([])
        self.assertIn(mine, found)
        self.assertNotIn(theirs, found)

    def test_call_activity_done_is_an_outbound_call(self):
        lead = self._lead_of(self.junior, phone="13711112222")
        call_type = self.env.ref("mail.mail_activity_data_call")
        activity = lead.with_user(self.junior).activity_schedule(
            activity_type_id=call_type.id, user_id=self.junior.id
        )
        todo = lead.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.junior.id
        )
        (activity | todo).with_user(self.junior).action_feedback(feedback="Done")
        call = self.Call.search([("lead_id", "=", lead.id)])
        self.assertEqual(len(call), 1)
        self.assertEqual(
            (call.direction, call.outcome, call.user_id, call.phone_key),
            ("outbound", "answered", self.junior, "13711112222"),
        )
        partner_activity = self.other.activity_schedule(
            activity_type_id=call_type.id, user_id=self.junior.id
        )
        partner_activity.with_user(self.junior).action_done()
        self.assertEqual(
            self.Call.search([("partner_id", "=", self.other.id)]).user_id, self.junior
        )

    def test_log_a_call_from_the_forms(self):
        action = self.caller.with_user(self.junior).action_log_call()
        call = (
            self.Call.with_user(self.junior)
            .with_context(**action["context"])
            .create({"direction": "inbound"})
        )
        self.assertEqual(call.partner_id, self.caller)
        lead = self._lead_of(self.junior, phone="13711112222")
        action = lead.with_user(self.junior).action_log_call()
        call = (
            self.Call.with_user(self.junior)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual((call.lead_id, call.phone_key), (lead, "13711112222"))


@tagged("post_install", "-at_install")
class TestFlags(SpecialCase):
    def test_five_answered_calls_in_thirty_days_flag_the_caller(self):
        for day in range(4):
            self._calls(1, NOW - timedelta(days=day * 7))
        self._calls(2, NOW - timedelta(days=3), outcome="no_answer")
        self._calls(2, NOW - timedelta(days=40))
        self._calls(2, NOW - timedelta(days=2), direction="outbound")
        self.assertEqual(self._run(), 0)
        self.assertFalse(self.caller.is_special_customer)
        self._calls(1, NOW - timedelta(days=1))
        self.assertEqual(self._run(), 1)
        flag = self.caller.special_flag_ids
        self.assertEqual(flag.kind, "high_frequency")
        self.assertIn("5 answered calls", flag.reason)
        self.assertTrue(self.caller.is_special_customer)
        self.assertTrue(self.contact.special_warning)
        # the next night finds him again: one flag, its expiry moved
        self.assertEqual(self._run(NOW + timedelta(days=1)), 0)
        self.assertEqual(len(self.caller.special_flag_ids), 1)
        self.assertEqual(
            self.caller.special_flag_ids.expiry_date,
            (NOW + timedelta(days=31)).date(),
        )

    def test_three_calls_in_one_day_flag_the_caller(self):
        self._calls(2, NOW - timedelta(hours=3))
        self._calls(1, NOW - timedelta(days=5))
        self._run()
        self.assertFalse(self.caller.is_special_customer)
        self._calls(1, NOW - timedelta(hours=2))
        self._run()
        self.assertTrue(self.caller.is_special_customer)
        self.assertIn("in one day", self.caller.special_flag_ids.reason)

    def test_thresholds_come_from_the_company(self):
        self.company.write({"special_monthly_calls": 10, "special_daily_calls": 2})
        self._calls(2, NOW - timedelta(hours=3))
        self._run()
        self.assertTrue(self.caller.is_special_customer)
        with self.assertRaises(ValidationError):
            self.company.special_daily_calls = 0
        with self.assertRaises(ValidationError):
            self.company.write({"special_monthly_calls": 2, "special_daily_calls": 3})

    def test_expired_flags_end_at_night(self):
        flag = self._flag(self.caller)
        self.assertTrue(self.caller.is_special_customer)
        self._run(NOW)
        self.assertTrue(flag.active)
        self._run(fields.Datetime.now() + timedelta(days=31))
        self.assertFalse(flag.active)
        self.assertFalse(self.caller.is_special_customer)

    def test_one_active_flag_per_kind(self):
        self._calls(5, NOW - timedelta(days=2))
        self._run()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.Flag.create(
                    {
                        "partner_id": self.caller.id,
                        "company_id": self.company.id,
                        "kind": "high_frequency",
                        "reason": "twice",
                        "expiry_date": fields.Date.today(),
                    }
                )

    def test_a_run_under_way_stops_the_second(self):
        self._calls(5, NOW - timedelta(days=2))
        self.env.flush_all()
        with self.registry.cursor() as other:
            run_lock.hold(other, CRON_LOCK)
            self.assertEqual(self._run(), 0)
            self.assertFalse(self.caller.special_flag_ids)
            other.rollback()
        self.assertEqual(self._run(), 1)

    def test_manager_flags_with_reason_and_expiry(self):
        flag = self._flag(self.contact, kind="unreasonable_claims")
        self.assertEqual(flag.partner_id, self.caller)
        self.assertEqual(flag.set_by_id, self.manager)
        self.assertEqual(flag.company_id, self.company)
        self.assertTrue(self.caller.is_special_customer)
        for values in (
            {"reason": " "},
            {"expiry_date": fields.Date.today()},
            {"kind": "high_frequency"},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self._flag(self.other, **values)
        self.assertFalse(self.other.special_flag_ids)
        with self.assertRaises(ValidationError):
            self._flag(self.caller, kind="unreasonable_claims")
        with self.assertRaises(AccessError):
            flag.with_user(self.manager).kind = "harassment"
        flag.with_user(self.manager).action_clear()
        self.assertFalse(flag.active)
        self.assertEqual(flag.cleared_by_id, self.manager)
        self.assertFalse(self.caller.is_special_customer)
        again = self._flag(self.caller, kind="unreasonable_claims")
        with self.assertRaises(ValidationError):
            flag.with_user(self.manager).active = True
        self.assertTrue(again.active)

    def test_salesperson_cannot_set_or_clear_a_flag(self):
        flag = self._flag(self.caller)
        seller = self.senior.with_context(**CLIENT_CONTEXT)
        with self.assertRaises(AccessError):
            self._flag(self.other, user=seller)
        with self.assertRaises(AccessError):
            flag.with_user(seller).action_clear()
        with self.assertRaises(AccessError):
            flag.with_user(seller).write({"active": False})
        with self.assertRaises(AccessError):
            self.caller.with_user(seller).write({"is_special_customer": False})
        with self.assertRaises(AccessError):
            self.other.with_user(seller).write({"is_special_customer": True})
        lead = self._lead_of(self.senior, partner_id=self.caller.id)
        # the lead's copy is read-only: written, it changes nothing
        lead.with_user(seller).write({"is_special_customer": False})
        with self.assertRaises(AccessError):
            self.caller.with_user(seller).action_flag_special()
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(seller).with_context(
                default_is_special_customer=True
            ).create({"name": "Self-flagged", "is_company": True})
        flag.invalidate_recordset()
        self.assertTrue(flag.active)
        self.assertTrue(self.caller.is_special_customer)
        self.assertFalse(self.other.is_special_customer)
        # he sees why the customer is special
        self.assertTrue(self.caller.with_user(seller).special_warning)

    def test_salesperson_cannot_run_the_nightly_flagging(self):
        self._calls(5, NOW - timedelta(days=2))
        with self.assertRaises(AccessError):
            self.Flag.with_user(self.senior).with_context(
                **CLIENT_CONTEXT
            )._cron_flag_special_customers(now=NOW)
        self.assertFalse(self.caller.special_flag_ids)

    def test_salesperson_cannot_fake_calls_to_flag_a_colleagues_customer(self):
        """Calls a salesperson logs are his own and on the number's customer:
        they may flag a customer, honestly, never another one."""
        seller = self.junior.with_context(**CLIENT_CONTEXT)
        calls = self.Call.with_user(seller).create(
            [
                {
                    "direction": "inbound",
                    "phone": "0755 1234 5678",
                    "partner_id": self.caller.id,
                    "user_id": self.senior.id,
                    "call_date": NOW - timedelta(hours=index),
                }
                for index in range(5)
            ]
        )
        self.assertFalse(calls.partner_id)
        self.assertEqual(calls.user_id, self.junior)
        self._run()
        self.assertFalse(self.caller.is_special_customer)

    def test_every_public_method_reviewed(self):
        reviewed = {
            "sales.call.log": {"create", "write"},
            # init: Odoo's schema hook, creates the unique index if missing
            "sales.special.flag": {"init", "create", "write", "action_clear"},
            "res.partner": {
                "create",
                "write",
                "action_log_call",
                "action_view_calls",
                "action_flag_special",
            },
            "crm.lead": {"create", "write", "message_post", "action_log_call"},
        }
        self.assertEqual(
            public_methods(self.env, reviewed, module="sales_discipline"), reviewed
        )


@tagged("post_install", "-at_install")
class TestSpecialCustomerExclusions(SpecialCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.special_team_id = cls.care_team
        cls.env["crm.team.member"].create(
            {
                "crm_team_id": cls.care_team.id,
                "user_id": cls.intermediate_1.id,
                "level_id": cls.level_intermediate.id,
            }
        )

    def test_new_lead_of_a_special_customer_goes_to_the_team(self):
        self._flag(self.caller)
        lead = (
            self.env["crm.lead"]
            .with_user(self.junior)
            .create(
                {
                    "name": "Wants a refund again",
                    "partner_id": self.contact.id,
                    "user_id": self.junior.id,
                    "team_id": self.team.id,
                }
            )
        )
        self.assertEqual(lead.team_id, self.care_team)
        self.assertFalse(lead.user_id)
        self.assertTrue(lead.is_special_customer)
        # matched by the number alone
        lead = (
            self.env["crm.lead"]
            .with_user(self.junior)
            .create(
                {
                    "name": "Unknown caller",
                    "phone": "13800138000",
                    "team_id": self.team.id,
                }
            )
        )
        self.assertEqual(lead.team_id, self.care_team)
        self.assertEqual(lead.partner_id, self.caller)
        self.assertFalse(lead.user_id)
        # a member of the team keeps his lead; other customers are not routed
        lead = (
            self.env["crm.lead"]
            .with_user(self.intermediate_1)
            .create(
                {
                    "name": "Taken",
                    "partner_id": self.caller.id,
                    "user_id": self.intermediate_1.id,
                }
            )
        )
        self.assertEqual(lead.user_id, self.intermediate_1)
        lead = (
            self.env["crm.lead"]
            .with_user(self.junior)
            .create(
                {"name": "Quiet", "partner_id": self.other.id, "team_id": self.team.id}
            )
        )
        self.assertEqual(lead.team_id, self.team)

    def test_without_a_team_the_lead_stays(self):
        self.company.special_team_id = False
        self._flag(self.caller)
        lead = self.env["crm.lead"].create(
            {"name": "Stays", "partner_id": self.caller.id, "team_id": self.team.id}
        )
        self.assertEqual(lead.team_id, self.team)

    def test_team_of_another_company_is_refused(self):
        other = self.env["res.company"].create({"name": "Other Special Co"})
        team = self.env["crm.team"].create(
            {"name": "Elsewhere", "company_id": other.id}
        )
        with self.assertRaises(ValidationError):
            self.company.special_team_id = team

    def test_special_customers_are_out_of_the_first_contact_sla(self):
        self._flag(self.caller)
        lead = self._leads("C", partner_id=self.other.id)
        lead.with_user(self.manager).user_id = self.senior
        self.assertEqual(lead.first_contact_state, "pending")
        special = self.env["crm.lead"].create(
            {
                "name": "Special",
                "partner_id": self.caller.id,
                "company_id": self.company.id,
            }
        )
        special.with_user(self.manager).user_id = self.senior
        self.assertEqual(special.first_contact_state, "none")
        # flagged after the clock started: the clock stops, no violation
        self._flag(self.other)
        with freeze_time(fields.Datetime.now() + timedelta(days=30)):
            self.env["crm.lead"]._cron_check_first_contact()
        self.assertEqual(lead.first_contact_state, "none")
        self.assertFalse(
            self.env["sales.violation"].search(
                [("lead_id", "in", (lead | special).ids)]
            )
        )

    def test_special_customers_cannot_be_claimed(self):
        self._flag(self.caller)
        pool_lead = self.env["crm.lead"].create(
            {
                "name": "In the pool",
                "partner_id": self.contact.id,
                "company_id": self.company.id,
                "user_id": False,
            }
        )
        self.caller.with_user(self.manager).user_id = False
        for field, record in (("lead_id", pool_lead), ("partner_id", self.caller)):
            with self.subTest(field=field), self.assertRaises(UserError):
                self.env["crm.pool.claim"].with_user(self.junior).with_context(
                    **CLIENT_CONTEXT
                ).create({field: record.id, "reason": "I know them"})
        self.assertFalse(
            self.env["crm.pool.claim"].search(
                [
                    "|",
                    ("lead_id", "=", pool_lead.id),
                    ("partner_id", "=", self.caller.id),
                ]
            )
        )

    def test_special_customers_leads_are_no_turn(self):
        self._flag(self.caller)
        Log = self.env["crm.lead.allocation.log"]
        special = self.env["crm.lead"].create(
            {
                "name": "Special",
                "partner_id": self.caller.id,
                "company_id": self.company.id,
            }
        )
        normal = self._leads("C", count=2)
        now = fields.Datetime.now()
        Log.create(
            [
                {
                    "date": now,
                    "lead_id": lead.id,
                    "user_id": self.senior.id,
                    "company_id": self.company.id,
                    "event": "assigned",
                    "actor": "scheduled",
                }
                for lead in special | normal
            ]
        )
        turns = self.env["crm.lead.allocation.engine"]._fetch_turns(
            [self.senior.id], now
        )
        self.assertEqual(turns[self.senior.id][0], 2)


@tagged("post_install", "-at_install")
class TestSpecialRpcAttacks(RpcAttackMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "RPC Special Co"})
        cls.env.user.company_ids |= cls.company
        cls.seller = new_test_user(
            cls.env,
            login="sd_special_seller",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.colleague = new_test_user(
            cls.env,
            login="sd_special_colleague",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=cls.company.ids)
        )
        cls.caller = env["res.partner"].create(
            {
                "name": "RPC Caller",
                "is_company": True,
                "phone": "13800138000",
                "company_id": cls.company.id,
                "user_id": cls.colleague.id,
            }
        )
        cls.flag = env["sales.special.flag"].create(
            {
                "partner_id": cls.caller.id,
                "kind": "harassment",
                "reason": "Insults",
                "expiry_date": fields.Date.today() + timedelta(days=10),
            }
        )

    def _context(self):
        return self._web_client_context(**CLIENT_CONTEXT)

    def test_rpc_flags_and_partner(self):
        for method, args in (
            (
                "create",
                [
                    {
                        "partner_id": self.caller.id,
                        "kind": "unreasonable_claims",
                        "reason": "x",
                        "expiry_date": "2099-01-01",
                    }
                ],
            ),
            ("write", [self.flag.ids, {"active": False}]),
            ("action_clear", [self.flag.ids]),
            ("_cron_flag_special_customers", []),
        ):
            with self.subTest(method=method):
                self.assertRpcRefused(
                    "sd_special_seller",
                    "sales.special.flag",
                    method,
                    *args,
                    context=self._context(),
                )
        self.assertRpcRefused(
            "sd_special_seller",
            "res.partner",
            "write",
            self.caller.ids,
            {"is_special_customer": False},
            context=self._context(),
        )
        self.assertTrue(self.flag.active)
        self.assertTrue(self.caller.is_special_customer)
        self.assertEqual(len(self.caller.special_flag_ids), 1)

    def test_rpc_call_is_his_own_on_the_numbers_customer(self):
        call_id = self.rpc(
            "sd_special_seller",
            "sales.call.log",
            "create",
            {
                "direction": "inbound",
                "phone": "0755 1234 5678",
                "partner_id": self.caller.id,
                "user_id": self.colleague.id,
                "company_id": self.env.company.id,
            },
            context=self._context(),
        )
        call = self.env["sales.call.log"].browse(call_id)
        self.assertEqual(call.user_id, self.seller)
        self.assertFalse(call.partner_id)
        self.assertEqual(call.company_id, self.company)
        self.assertRpcRefused(
            "sd_special_seller",
            "sales.call.log",
            "write",
            [call_id],
            {"partner_id": self.caller.id, "user_id": self.colleague.id},
            context=self._context(),
        )
        self.assertEqual(
            (call.user_id, call.partner_id), (self.seller, call.partner_id)
        )
