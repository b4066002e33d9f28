"""A salesperson who knows the API against the discipline rules.

Each test attacks as a real low-right user, through ``with_user`` (with the
context keys a client may send) or over JSON-RPC, asserts the refusal and
re-reads the records to prove that nothing changed.
"""

import threading
import time
import uuid
from datetime import date, datetime, timedelta
from functools import partial

from freezegun import freeze_time

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import retrying
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.customer_tiering.tests.common import company_user
from odoo.addons.customer_tiering.tests.rpc_common import RpcAttackMixin
from odoo.addons.lead_allocation.tests.common import AllocationCase

# what a client may send along: none of it may change what it is allowed
CLIENT_CONTEXT = {
    "lead_allocation_owner_change": True,
    "lead_allocation_skip_registration": True,
    "pool_claim_auto": True,
    "tracking_disable": True,
    "active_test": False,
}
MONDAY = datetime(2026, 11, 23, 10, 0)


class DisciplineAttackCase(AllocationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = cls._user(
            "sd_attack_officer", "sales_discipline.group_discipline_officer"
        )
        cls.type_late = cls.env.ref("sales_discipline.violation_type_late_entry")
        cls.type_missed = cls.env.ref(
            "sales_discipline.violation_type_missed_first_contact"
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Attacked Customer Co",
                "is_company": True,
                "user_id": cls.senior.id,
                "company_id": cls.company.id,
            }
        )

    def _violation(self, user=None, day=None, vtype=None):
        return (
            self.env["sales.violation"]
            .with_user(self.manager)
            .create(
                {
                    "user_id": (user or self.senior).id,
                    "type_id": (vtype or self.type_late).id,
                    "date": day or fields.Date.today(),
                }
            )
            .with_env(self.env)
        )

    def _snapshot(self, records, names):
        records.invalidate_recordset()
        return [records.sudo().read(names)]

    def _lead_of(self, user, **values):
        lead = self._leads("C", **values)
        lead.with_user(self.manager).user_id = user
        return lead


@tagged("post_install", "-at_install")
class TestFirstContactAttacks(DisciplineAttackCase):
    def test_owner_cannot_write_first_contact_fields(self):
        with freeze_time(MONDAY):
            lead = self._lead_of(self.senior)
        self.assertEqual(lead.first_contact_state, "pending")
        names = [
            "first_contact_start",
            "first_contact_deadline",
            "first_contact_date",
            "first_contact_minutes",
            "first_contact_state",
        ]
        before = self._snapshot(lead, names)
        attacker = lead.with_user(self.senior).with_context(**CLIENT_CONTEXT)
        for vals in (
            {"first_contact_deadline": datetime(2099, 1, 1)},
            {"first_contact_state": "met"},
            {"first_contact_state": "none", "first_contact_deadline": False},
            {"first_contact_date": MONDAY, "first_contact_minutes": 1.0},
            {"first_contact_start": datetime(2099, 1, 1)},
        ):
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                attacker.write(vals)
            self.assertEqual(self._snapshot(lead, names), before)
        # and the clock still breaches him
        with freeze_time(MONDAY + timedelta(days=3)):
            self.env["crm.lead"]._cron_check_first_contact()
        self.assertEqual(lead.first_contact_state, "breached")
        self.assertTrue(
            self.env["sales.violation"].search(
                [("lead_id", "=", lead.id), ("user_id", "=", self.senior.id)]
            )
        )

    def test_manager_may_correct_the_clock(self):
        with freeze_time(MONDAY):
            lead = self._lead_of(self.senior)
        lead.with_user(self.manager).first_contact_state = "met"
        self.assertEqual(lead.first_contact_state, "met")

    def test_create_ignores_first_contact_fields(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.senior)
            .with_context(**CLIENT_CONTEXT)
            .create(
                {
                    "name": "Self registered",
                    "company_id": self.company.id,
                    "first_contact_state": "met",
                    "first_contact_deadline": datetime(2099, 1, 1),
                    "first_contact_minutes": 3.0,
                }
            )
        )
        self.assertEqual(lead.first_contact_state, "none")
        self.assertFalse(lead.first_contact_deadline)
        self.assertFalse(lead.first_contact_minutes)

    def test_won_lead_with_null_probability_gets_no_clock(self):
        """One definition of an open lead: a lead in a won stage is not open,
        whatever its (NULL) probability says."""
        lead = self._leads("C")
        won = self.env["crm.stage"].create({"name": "Won (attack)", "is_won": True})
        lead.stage_id = won
        lead.flush_recordset()
        self.env.cr.execute(
            SQL("UPDATE crm_lead SET probability = NULL WHERE id = %s", lead.id)
        )
        lead.invalidate_recordset()
        lead.with_user(self.manager).user_id = self.senior
        self.assertEqual(lead.first_contact_state, "none")

    def test_open_lead_with_null_probability_gets_a_clock(self):
        lead = self._leads("C")
        lead.flush_recordset()
        self.env.cr.execute(
            SQL("UPDATE crm_lead SET probability = NULL WHERE id = %s", lead.id)
        )
        lead.invalidate_recordset()
        with freeze_time(MONDAY):
            lead.with_user(self.manager).user_id = self.senior
        self.assertEqual(lead.first_contact_state, "pending")

    def test_internal_note_is_no_contact_but_a_message_is(self):
        with freeze_time(MONDAY):
            lead = self._lead_of(self.senior)
        as_owner = lead.with_user(self.senior)
        as_owner.message_post(body="note to self", subtype_xmlid="mail.mt_note")
        self.assertEqual(lead.first_contact_state, "pending")
        as_owner.message_post(
            body="Dear customer",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertFalse(lead.first_contact_state == "pending")
        self.assertTrue(lead.first_contact_date)


@tagged("post_install", "-at_install")
class TestVisitAttacks(DisciplineAttackCase):
    def _report_vals(self, **values):
        return {
            "partner_id": self.customer.id,
            "purpose": "order_push",
            "visit_type": "first_visit",
            "outcome": "B",
            "summary": "Met the buyer",
            **values,
        }

    def test_visit_report_in_the_future_is_refused(self):
        Report = self.env["sales.visit.report"].with_user(self.senior)
        before = self.customer.last_sales_action_date
        tomorrow = fields.Date.today() + timedelta(days=1)
        with self.assertRaises(ValidationError) as caught:
            Report.with_context(**CLIENT_CONTEXT).create(
                self._report_vals(date=tomorrow)
            )
        self.assertIn("Date:", str(caught.exception))
        self.assertIn("in the future", str(caught.exception))
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.last_sales_action_date, before)
        self.assertFalse(
            self.env["sales.visit.report"].search(
                [("partner_id", "=", self.customer.id)]
            )
        )
        report = Report.create(self._report_vals())
        with self.assertRaises(ValidationError):
            report.write({"date": date(2099, 1, 1)})
        report.invalidate_recordset()
        self.assertEqual(report.date, fields.Date.today())

    def test_report_cannot_touch_another_customers_key_persons(self):
        other = self.env["res.partner"].create(
            {
                "name": "Colleague's Customer",
                "is_company": True,
                "user_id": self.junior.id,
            }
        )
        person = self.env["customer.key.person"].create(
            {
                "partner_id": other.id,
                "contact_id": self.env["res.partner"]
                .create({"name": "Mr Other", "parent_id": other.id})
                .id,
                "decision_role": "decision_maker",
            }
        )
        with self.assertRaises(ValidationError):
            self.env["sales.visit.report"].with_user(self.senior).create(
                self._report_vals(key_person_ids=[Command.set(person.ids)])
            )
        person.invalidate_recordset()
        self.assertFalse(person.last_contact_date)

    def test_report_company_and_team_are_derived(self):
        other_company = self.env["res.company"].create({"name": "Other Report Co"})
        report = (
            self.env["sales.visit.report"]
            .with_user(self.senior)
            .create(
                self._report_vals(
                    company_id=other_company.id,
                    team_id=self.env["crm.team"]
                    .create({"name": "Hidden team", "company_id": self.company.id})
                    .id,
                )
            )
        )
        self.assertEqual(report.company_id, self.company)
        self.assertEqual(report.team_id, self.senior.sale_team_id)
        with self.assertRaises(AccessError):
            report.with_user(self.senior).write({"company_id": other_company.id})

    def _plan_vals(self, **values):
        return {
            "month": date(2026, 12, 1),
            "line_ids": [
                Command.create(
                    {
                        "partner_id": self.customer.id,
                        "purpose": "order_push",
                        "planned_date": datetime(2026, 12, 3, 10, 0),
                    }
                )
            ],
            **values,
        }

    def test_plan_state_ignored_on_create_refused_on_write(self):
        plan = (
            self.env["sales.visit.plan"]
            .with_user(self.senior)
            .with_context(**CLIENT_CONTEXT)
            .create(
                self._plan_vals(
                    state="approved",
                    decided_by_id=self.manager.id,
                    decided_on=fields.Datetime.now(),
                    submitted_on=fields.Datetime.now(),
                    return_note="fine",
                )
            )
        )
        self.assertEqual(plan.state, "draft")
        self.assertFalse(plan.decided_by_id or plan.decided_on or plan.submitted_on)
        self.assertFalse(plan.return_note)
        names = ["state", "decided_by_id", "decided_on", "submitted_on"]
        before = self._snapshot(plan, names)
        for vals in (
            {"state": "approved"},
            {"decided_by_id": self.senior.id},
            {"submitted_on": fields.Datetime.now()},
        ):
            with self.assertRaises(UserError):
                plan.with_user(self.senior).with_context(**CLIENT_CONTEXT).write(vals)
            with self.assertRaises(AccessError):
                plan.with_user(self.manager).write(vals)
            self.assertEqual(self._snapshot(plan, names), before)
        line = plan.line_ids
        event = self.env["calendar.event"].create(
            {"name": "fake", "start": MONDAY, "stop": MONDAY + timedelta(hours=1)}
        )
        for vals in (
            {"calendar_event_id": event.id},
            {"user_id": self.junior.id},
            {"company_id": self.env.ref("base.main_company").id},
        ):
            with self.assertRaises(AccessError):
                line.with_user(self.senior).write(vals)
        line.invalidate_recordset()
        self.assertFalse(line.calendar_event_id)
        self.assertEqual(line.user_id, self.senior)

    def test_only_owner_or_manager_submits_and_only_manager_decides(self):
        self.team.user_id = self.intermediate_1  # a team leader
        plan = (
            self.env["sales.visit.plan"]
            .with_user(self.senior)
            .create(self._plan_vals())
        )
        with freeze_time(date(2026, 11, 23)):
            with self.assertRaises(AccessError):
                plan.with_user(self.intermediate_1).action_submit()
            self.assertEqual(plan.state, "draft")
            plan.with_user(self.senior).action_submit()
        for attacker in (self.senior, self.intermediate_1, self.officer):
            for action in ("action_approve", "action_return"):
                with self.assertRaises(AccessError):
                    getattr(
                        plan.with_user(attacker).with_context(**CLIENT_CONTEXT), action
                    )()
        plan.invalidate_recordset()
        self.assertEqual(plan.state, "submitted")
        self.assertFalse(plan.line_ids.calendar_event_id)
        plan.with_user(self.manager).action_approve()
        self.assertEqual(plan.state, "approved")
        self.assertTrue(plan.line_ids.calendar_event_id)

    def test_report_cannot_claim_a_colleagues_planned_visit(self):
        plan = (
            self.env["sales.visit.plan"]
            .with_user(self.junior)
            .create(self._plan_vals())
        )
        with self.assertRaises(ValidationError):
            self.env["sales.visit.report"].with_user(self.senior).create(
                self._report_vals(plan_line_id=plan.line_ids.id)
            )
        self.assertFalse(plan.line_ids.report_id)


@tagged("post_install", "-at_install")
class TestViolationAttacks(DisciplineAttackCase):
    ENGINE_VALUES = {
        "state": "confirmed",
        "penalty_applied": True,
        "ladder_rank": 9,
        "origin": "forged",
    }

    def test_create_ignores_engine_fields_for_everyone(self):
        for author in (self.manager, self.officer):
            violation = (
                self.env["sales.violation"]
                .with_user(author)
                .with_context(**CLIENT_CONTEXT)
                .create(
                    {
                        "user_id": self.senior.id,
                        "type_id": self.type_late.id,
                        "confirmed_by_id": self.junior.id,
                        **self.ENGINE_VALUES,
                    }
                )
            )
            self.assertEqual(violation.state, "draft")
            self.assertFalse(violation.penalty_applied)
            self.assertFalse(violation.ladder_rank)
            self.assertFalse(violation.origin)
            self.assertFalse(violation.confirmed_by_id)
            self.assertFalse(violation.suspension_ids)

    def test_salesperson_cannot_create_or_decide(self):
        with self.assertRaises(UserError):
            self.env["sales.violation"].with_user(self.senior).with_context(
                **CLIENT_CONTEXT
            ).create({"user_id": self.junior.id, "type_id": self.type_late.id})
        self.team.user_id = self.intermediate_1  # a team leader reads his team's
        draft = self._violation()
        for attacker in (self.senior, self.intermediate_1):
            as_attacker = draft.with_user(attacker).with_context(**CLIENT_CONTEXT)
            for action in ("action_confirm", "action_cancel", "action_uphold"):
                with self.assertRaises(UserError):
                    getattr(as_attacker, action)()
        draft.invalidate_recordset()
        self.assertEqual(draft.state, "draft")
        self.assertFalse(draft.suspension_ids)

    def test_state_refused_on_write_even_for_managers(self):
        violation = self._violation()
        violation.with_user(self.manager).action_confirm()
        names = ["state", "ladder_rank", "penalty_applied", "company_id"]
        before = self._snapshot(violation, names)
        for attacker in (self.senior, self.manager, self.officer):
            for vals in (
                {"state": "cancelled"},
                {"penalty_applied": False},
                {"ladder_rank": 1},
                {"company_id": self.env.ref("base.main_company").id},
            ):
                with self.assertRaises(UserError):
                    violation.with_user(attacker).with_context(**CLIENT_CONTEXT).write(
                        vals
                    )
        self.assertEqual(self._snapshot(violation, names), before)
        self.assertTrue(violation.suspension_ids.filtered("active"))

    def test_team_leader_cannot_appeal_for_a_member(self):
        self.team.user_id = self.intermediate_1
        violation = self._violation()
        violation.with_user(self.manager).action_confirm()
        violation.with_user(self.senior).appeal_reason = "I was ill"
        with self.assertRaises(AccessError):
            violation.with_user(self.intermediate_1).action_appeal()
        violation.invalidate_recordset()
        self.assertEqual(violation.state, "confirmed")

    def test_ladder_out_of_date_order(self):
        """The ladder counts confirmations: the older violation confirmed
        after a newer one is the second step, not a second first step."""
        today = fields.Date.today()
        newer = self._violation(day=today)
        older = self._violation(day=today - timedelta(days=10))
        newer.with_user(self.manager).action_confirm()
        older.with_user(self.manager).action_confirm()
        self.assertEqual((newer.ladder_rank, older.ladder_rank), (1, 2))
        days = [
            (v.suspension_ids.date_to - v.suspension_ids.date_from).days
            for v in (newer, older)
        ]
        self.assertEqual(days, [7, 15])

    def test_ladder_same_instant_in_one_call(self):
        today = fields.Date.today()
        violations = self._violation(day=today) | self._violation(day=today)
        violations.with_user(self.manager).action_confirm()
        self.assertEqual(sorted(violations.mapped("ladder_rank")), [1, 2])

    def test_firings_are_engine_only(self):
        firing = (
            self.env["sales.intake.mismatch.firing"]
            .sudo()
            .create(
                {
                    "user_id": self.intake.id,
                    "company_id": self.company.id,
                    "step": 1,
                    "window_start": date(2026, 1, 1),
                    "window_end": date(2026, 1, 1),
                    "count": 3,
                    "action": "skip_turns",
                    "amount": 1,
                }
            )
        )
        for attacker in (self.intake, self.officer, self.manager, self.senior):
            Firing = self.env["sales.intake.mismatch.firing"].with_user(attacker)
            with self.assertRaises(AccessError):
                Firing.create(
                    {
                        "user_id": self.junior.id,
                        "company_id": self.company.id,
                        "step": 1,
                        "window_start": date(2026, 2, 1),
                        "window_end": date(2026, 2, 1),
                        "action": "skip_turns",
                    }
                )
            with self.assertRaises(AccessError):
                firing.with_user(attacker).write({"amount": 0})
            with self.assertRaises(AccessError):
                firing.with_user(attacker).unlink()
        firing.invalidate_recordset()
        self.assertEqual(firing.amount, 1)

    def test_off_duty_date_not_writable_by_the_agent(self):
        with self.assertRaises(AccessError):
            self.intake.with_user(self.intake).write(
                {"intake_off_duty_until": date(2020, 1, 1)}
            )


@tagged("post_install", "-at_install")
class TestLadderConcurrency(TransactionCase):
    """Two managers confirm two violations of one salesperson at the same
    moment, in two real transactions: one is step 1, the other step 2."""

    # Two real transactions need committed data and commits.
    # pylint: disable=invalid-commit
    def _setup_committed(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            login = f"sd_race_{uuid.uuid4().hex[:8]}"
            user = new_test_user(
                env, login=login, groups="sales_team.group_sale_salesman"
            )
            vtype = env.ref("sales_discipline.violation_type_late_entry")
            violations = env["sales.violation"].create(
                [
                    {
                        "user_id": user.id,
                        "type_id": vtype.id,
                        "company_id": user.company_id.id,
                        "date": fields.Date.today(),
                    }
                    for _index in range(2)
                ]
            )
            cr.commit()
            return user.id, violations.ids

    def _cleanup(self, user_id, violation_ids):
        with self.registry.cursor() as cr:
            cr.execute(
                SQL("DELETE FROM crm_allocation_suspension WHERE user_id = %s", user_id)
            )
            cr.execute(
                SQL("DELETE FROM sales_violation WHERE id IN %s", tuple(violation_ids))
            )
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["res.users"].browse(user_id).unlink()
            cr.commit()

    def test_simultaneous_confirmations(self):
        user_id, ids = self._setup_committed()
        admin_id = self.env.ref("base.user_admin").id
        first_locked = threading.Event()
        errors = []

        def first():
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, admin_id, {})
                    env["sales.violation"].browse(ids[0]).action_confirm()
                    first_locked.set()
                    time.sleep(1.5)  # the second is waiting (or ranking) now
                    cr.commit()
            except Exception as error:  # noqa: BLE001
                errors.append(error)
                first_locked.set()

        def second():
            try:
                first_locked.wait(30)
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, admin_id, {})
                    env["sales.violation"].browse(ids[1]).read(["state"])
                    # what the server does for every RPC call
                    retrying(
                        partial(
                            lambda env: (
                                env["sales.violation"].browse(ids[1]).action_confirm()
                            ),
                            env,
                        ),
                        env,
                    )
                    cr.commit()
            except Exception as error:  # noqa: BLE001
                errors.append(error)

        try:
            threads = [threading.Thread(target=first), threading.Thread(target=second)]
            with mute_logger("odoo.service.model"):
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(60)
            self.assertFalse(errors)
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                violations = env["sales.violation"].browse(ids)
                self.assertEqual(violations.mapped("ladder_rank"), [1, 2])
                self.assertEqual(
                    [
                        (v.suspension_ids.date_to - v.suspension_ids.date_from).days
                        for v in violations
                    ],
                    [7, 15],
                )
        finally:
            self._cleanup(user_id, ids)


@tagged("post_install", "-at_install")
class TestTwoCompanies(DisciplineAttackCase):
    """Two companies, a salesperson and a manager of each: nothing of one is
    read, counted or punished in the other."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create(
            {"name": "Discipline Company B", "currency_id": cls.usd.id}
        )
        cls.env.user.company_ids |= cls.company_b
        cls.seller_b = new_test_user(
            cls.env,
            login="sd_seller_b",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.manager_b = new_test_user(
            cls.env,
            login="sd_manager_b",
            groups="sales_team.group_sale_manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        # one salesperson working for both companies
        cls.both = new_test_user(
            cls.env,
            login="sd_seller_both",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[Command.set((cls.company | cls.company_b).ids)],
        )
        cls.env_b = cls.env(
            context=dict(cls.env.context, allowed_company_ids=[cls.company_b.id])
        )
        cls.customer_b = cls.env_b["res.partner"].create(
            {
                "name": "Customer of B",
                "is_company": True,
                "company_id": cls.company_b.id,
                "user_id": cls.seller_b.id,
            }
        )
        cls.violation_b = (
            cls.env_b["sales.violation"]
            .sudo()
            .create(
                {
                    "user_id": cls.seller_b.id,
                    "type_id": cls.type_late.id,
                    "company_id": cls.company_b.id,
                }
            )
        )
        cls.violation_b.action_confirm()

    def test_violations_are_not_read_across_companies(self):
        Violation = self.env["sales.violation"]
        self.assertFalse(
            Violation.with_user(self.manager).search([("id", "=", self.violation_b.id)])
        )
        self.assertFalse(
            Violation.with_user(self.manager).search_count([])
            and any(
                violation.company_id == self.company_b
                for violation in Violation.with_user(self.manager).search([])
            )
        )
        with self.assertRaises(AccessError):
            self.violation_b.with_user(self.manager).read(["state"])
        with self.assertRaises(AccessError):
            self.violation_b.with_user(self.manager).action_cancel()
        self.assertEqual(self.violation_b.state, "confirmed")

    def test_company_is_derived_not_trusted(self):
        # a manager of A names company B: the violation is A's, and B's
        # salesperson cannot be punished in A
        violation = (
            self.env["sales.violation"]
            .with_user(self.manager)
            .create(
                {
                    "user_id": self.senior.id,
                    "type_id": self.type_late.id,
                    "company_id": self.company_b.id,
                }
            )
        )
        self.assertEqual(violation.company_id, self.company)
        with self.assertRaises(UserError):
            self.env["sales.violation"].with_user(self.manager).create(
                {
                    "user_id": self.seller_b.id,
                    "type_id": self.type_late.id,
                    "company_id": self.company_b.id,
                }
            )
        self.assertEqual(
            self.env["sales.violation"]
            .sudo()
            .search_count([("user_id", "=", self.seller_b.id)]),
            1,
        )

    def test_company_follows_the_salesperson_for_a_manager_of_both(self):
        manager_ab = new_test_user(
            self.env,
            login="sd_manager_ab",
            groups="sales_team.group_sale_manager",
            company_id=self.company.id,
            company_ids=[Command.set((self.company | self.company_b).ids)],
        )
        both_open = {"allowed_company_ids": [self.company.id, self.company_b.id]}
        violation = (
            self.env["sales.violation"]
            .with_user(manager_ab)
            .with_context(**both_open)
            .create(
                {
                    "user_id": self.seller_b.id,
                    "type_id": self.type_late.id,
                    "company_id": self.company.id,
                }
            )
        )
        self.assertEqual(violation.company_id, self.company_b)
        # with only A open, B's salesperson cannot be punished in A
        with self.assertRaises(UserError):
            self.env["sales.violation"].with_user(manager_ab).with_context(
                allowed_company_ids=[self.company.id]
            ).create({"user_id": self.seller_b.id, "type_id": self.type_late.id})

    def test_ladder_counts_per_company(self):
        """A salesperson of both companies, in a team of A: punished in B
        without A's team (its leader does not read it), and B's violation is
        not counted on his ladder in A."""
        self.env["crm.team.member"].create(
            {
                "crm_team_id": self.team.id,
                "user_id": self.both.id,
                "level_id": self.level_junior.id,
            }
        )
        self.assertEqual(self.both.sale_team_id, self.team)
        self.team.user_id = self.intermediate_1
        in_b = (
            self.env_b["sales.violation"]
            .sudo()
            .create(
                {
                    "user_id": self.both.id,
                    "type_id": self.type_late.id,
                    "company_id": self.company_b.id,
                }
            )
        )
        in_b.action_confirm()
        self.assertFalse(in_b.team_id)
        in_a = self._violation(user=self.both)
        in_a.with_user(self.manager).action_confirm()
        self.assertEqual(in_a.team_id, self.team)
        self.assertEqual((in_b.ladder_rank, in_a.ladder_rank), (1, 1))
        self.assertEqual(in_a.suspension_ids.company_id, self.company)
        self.assertEqual(
            self.env["sales.violation"]
            .with_user(self.intermediate_1)
            .search([("user_id", "=", self.both.id)]),
            in_a,
        )

    def test_plans_and_reports_stay_in_their_company(self):
        plan = (
            self.env["sales.visit.plan"]
            .with_user(self.senior)
            .create({"month": date(2026, 12, 1), "company_id": self.company_b.id})
        )
        self.assertEqual(plan.company_id, self.company)
        with self.assertRaises(UserError):
            self.env["sales.visit.plan.line"].with_user(self.senior).create(
                {
                    "plan_id": plan.id,
                    "partner_id": self.customer_b.id,
                    "purpose": "order_push",
                    "planned_date": datetime(2026, 12, 3, 10, 0),
                }
            )
        self.assertFalse(plan.line_ids)
        with self.assertRaises(UserError):
            self.env["sales.visit.report"].with_user(self.senior).create(
                {
                    "partner_id": self.customer_b.id,
                    "purpose": "order_push",
                    "visit_type": "first_visit",
                    "outcome": "B",
                    "summary": "visited B's customer",
                }
            )
        report_b = (
            self.env_b["sales.visit.report"]
            .with_user(self.seller_b)
            .create(
                {
                    "partner_id": self.customer_b.id,
                    "purpose": "order_push",
                    "visit_type": "first_visit",
                    "outcome": "B",
                    "summary": "own customer",
                }
            )
        )
        self.assertEqual(report_b.company_id, self.company_b)
        for model in ("sales.visit.report", "sales.visit.plan", "sales.violation"):
            found = self.env[model].with_user(self.manager).search([])
            self.assertNotIn(self.company_b, found.company_id, model)
        with self.assertRaises(AccessError):
            report_b.with_user(self.manager).read(["summary"])

    def test_sla_breach_punishes_in_the_leads_company_only(self):
        lead_b = self.env_b["crm.lead"].create(
            {"name": "Lead of B", "type": "lead", "company_id": self.company_b.id}
        )
        with freeze_time(MONDAY):
            lead_b.with_user(self.manager_b).user_id = self.seller_b
        self.assertEqual(lead_b.first_contact_state, "pending")
        with freeze_time(MONDAY + timedelta(days=60)):
            self.env["crm.lead"]._cron_check_first_contact()
        breach = (
            self.env["sales.violation"].sudo().search([("lead_id", "=", lead_b.id)])
        )
        self.assertEqual(breach.company_id, self.company_b)
        self.assertFalse(
            self.env["sales.violation"]
            .with_user(self.manager)
            .search([("lead_id", "=", lead_b.id)])
        )
        self.assertFalse(
            self.env["crm.allocation.suspension"]
            .sudo()
            .search(
                [
                    ("violation_id", "=", breach.id),
                    ("company_id", "!=", self.company_b.id),
                ]
            )
        )

    def test_firings_not_read_across_companies(self):
        firing_b = (
            self.env["sales.intake.mismatch.firing"]
            .sudo()
            .create(
                {
                    "user_id": self.seller_b.id,
                    "company_id": self.company_b.id,
                    "step": 1,
                    "window_start": date(2026, 1, 1),
                    "window_end": date(2026, 1, 1),
                    "action": "skip_turns",
                    "amount": 1,
                }
            )
        )
        found = (
            self.env["sales.intake.mismatch.firing"].with_user(self.manager).search([])
        )
        self.assertNotIn(firing_b, found)


@tagged("post_install", "-at_install")
class TestRpcAttacks(RpcAttackMixin, HttpCase):
    """The same attacks over JSON-RPC, with the context a client sends."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "RPC Discipline Co"})
        cls.env.user.company_ids |= cls.company

        def user(login, groups):
            return company_user(cls.env, cls.company, login, groups)

        cls.seller = user("sd_rpc_seller", "sales_team.group_sale_salesman")
        cls.manager = user("sd_rpc_manager", "sales_team.group_sale_manager")
        cls.intake = user("sd_rpc_intake", "lead_allocation.group_intake_agent")
        env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=cls.company.ids)
        )
        cls.customer = env["res.partner"].create(
            {
                "name": "RPC Customer",
                "is_company": True,
                "company_id": cls.company.id,
                "user_id": cls.seller.id,
            }
        )
        cls.lead = env["crm.lead"].create(
            {"name": "RPC lead", "type": "lead", "company_id": cls.company.id}
        )
        cls.lead.with_user(cls.manager).with_context(
            allowed_company_ids=cls.company.ids
        ).user_id = cls.seller
        cls.violation = (
            env["sales.violation"]
            .with_user(cls.manager)
            .create(
                {
                    "user_id": cls.seller.id,
                    "type_id": cls.env.ref(
                        "sales_discipline.violation_type_late_entry"
                    ).id,
                }
            )
        )

    def _context(self):
        return dict(CLIENT_CONTEXT, allowed_company_ids=self.company.ids)

    def test_rpc_first_contact_fields(self):
        self.assertEqual(self.lead.first_contact_state, "pending")
        before = self.lead.read(["first_contact_deadline", "first_contact_state"])
        self.assertRpcRefused(
            "sd_rpc_seller",
            "crm.lead",
            "write",
            self.lead.ids,
            {
                "first_contact_deadline": "2099-01-01 00:00:00",
                "first_contact_state": "met",
            },
            context=self._context(),
        )
        self.assertEqual(
            self.lead.read(["first_contact_deadline", "first_contact_state"]), before
        )

    def test_rpc_future_visit_report(self):
        future = fields.Date.to_string(fields.Date.today() + timedelta(days=5))
        self.assertRpcRefused(
            "sd_rpc_seller",
            "sales.visit.report",
            "create",
            {
                "partner_id": self.customer.id,
                "date": future,
                "purpose": "order_push",
                "visit_type": "first_visit",
                "outcome": "B",
                "summary": "tomorrow's visit",
            },
            context=self._context(),
        )
        self.assertFalse(
            self.env["sales.visit.report"].search(
                [("partner_id", "=", self.customer.id)]
            )
        )

    def test_rpc_plan_created_approved_is_a_draft(self):
        plan_id = self.rpc(
            "sd_rpc_seller",
            "sales.visit.plan",
            "create",
            {
                "month": "2026-12-01",
                "state": "approved",
                "decided_by_id": self.manager.id,
            },
            context=self._context(),
        )
        plan = self.env["sales.visit.plan"].browse(plan_id)
        self.assertEqual(plan.state, "draft")
        self.assertFalse(plan.decided_by_id)
        self.assertRpcRefused(
            "sd_rpc_seller",
            "sales.visit.plan",
            "write",
            [plan_id],
            {"state": "approved"},
            context=self._context(),
        )
        self.assertRpcRefused(
            "sd_rpc_seller",
            "sales.visit.plan",
            "action_approve",
            [plan_id],
            context=self._context(),
        )
        self.assertEqual(plan.state, "draft")

    def test_rpc_violation_decisions(self):
        for method in ("action_confirm", "action_cancel", "action_uphold"):
            self.assertRpcRefused(
                "sd_rpc_seller",
                "sales.violation",
                method,
                self.violation.ids,
                context=self._context(),
            )
        self.assertRpcRefused(
            "sd_rpc_seller",
            "sales.violation",
            "write",
            self.violation.ids,
            {"state": "cancelled"},
            context=self._context(),
        )
        self.assertRpcRefused(
            "sd_rpc_manager",
            "sales.violation",
            "write",
            self.violation.ids,
            {"state": "confirmed", "ladder_rank": 3},
            context=self._context(),
        )
        self.assertEqual(self.violation.state, "draft")
        self.assertFalse(self.violation.suspension_ids)

    def test_rpc_firing_and_cron_entry_points(self):
        self.assertRpcRefused(
            "sd_rpc_intake",
            "sales.intake.mismatch.firing",
            "create",
            {
                "user_id": self.seller.id,
                "company_id": self.company.id,
                "step": 1,
                "window_start": "2026-01-01",
                "window_end": "2026-01-01",
                "action": "skip_turns",
            },
            context=self._context(),
        )
        for model, method in (
            ("crm.lead", "_cron_check_first_contact"),
            ("sales.intake.mismatch.firing", "_cron_evaluate_mismatch_ladder"),
            ("sales.violation", "_create_automatic"),
        ):
            self.assertRpcRefused(
                "sd_rpc_seller", model, method, [], context=self._context()
            )
        self.assertFalse(
            self.env["sales.intake.mismatch.firing"].search(
                [("user_id", "=", self.seller.id)]
            )
        )
