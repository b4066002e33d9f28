"""The approval mixin, tested through the five workflows built on it: an
abstract model has no table to test on its own."""

import unittest
from contextlib import contextmanager
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

try:
    from odoo.addons.lead_allocation.tests.common import AllocationCase
except ImportError:  # pragma: no cover - the suite installs all three addons
    AllocationCase = None

MIXIN = "sales.policy.approval.mixin"
WORKFLOWS = (
    "crm.pool.claim",
    "crm.pool.transfer",
    "crm.reallocation.request",
    "sales.violation",
    "sales.visit.plan",
)
MONTH = date(2026, 12, 1)
BEFORE_MONTH = date(2026, 11, 23)


@tagged("post_install", "-at_install")
class TestApprovalMixin(AllocationCase or unittest.TestCase):
    """Each workflow: its state and decision move through its action methods
    only, a rejection says why, only its decider approves, once."""

    @classmethod
    def setUpClass(cls):
        if AllocationCase is None:
            raise unittest.SkipTest("lead_allocation is not available")
        super().setUpClass()
        if "sales.visit.plan" not in cls.env.registry:
            raise unittest.SkipTest("sales_discipline is not installed")
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Approval Customer Co",
                "is_company": True,
                "user_id": cls.senior.id,
                "company_id": cls.company.id,
            }
        )
        contact = cls.env["res.partner"].create(
            {"name": "Mr Approver", "parent_id": cls.customer.id}
        )
        cls.key_person = cls.env["customer.key.person"].create(
            {
                "partner_id": cls.customer.id,
                "contact_id": contact.id,
                "decision_role": "decision_maker",
            }
        )

    @contextmanager
    def _raises(self, exception, text=""):
        with self.assertRaises(exception) as catch:
            yield catch
        self.assertIn(text, str(catch.exception))

    # ------------------------------------------------------------------
    # one waiting request per workflow: (request, requester, decider,
    # approval's side effect read back)
    # ------------------------------------------------------------------
    def _claim(self, **values):
        lead = self._leads("C", user_id=False)
        claim = (
            self.env["crm.pool.claim"]
            .with_user(self.junior)
            .create({"lead_id": lead.id, "reason": "I know them", **values})
        )

        def applied():
            logs = self.env["crm.lead.allocation.log"].search(
                [("lead_id", "=", lead.id), ("actor", "=", "claim")]
            )
            return (lead.user_id, len(logs))

        return claim, self.junior, self.manager, applied, (self.junior, 1)

    def _transfer(self, **values):
        lead = self._leads("C", user_id=self.senior.id)
        transfer = (
            self.env["crm.pool.transfer"]
            .with_user(self.senior)
            .create(
                {
                    "lead_id": lead.id,
                    "to_user_id": self.junior.id,
                    "reason": "Leaving the region",
                    **values,
                }
            )
        )

        def applied():
            releases = self.env["crm.pool.release"].search(
                [("lead_id", "=", lead.id), ("reason", "=", "transfer")]
            )
            return (lead.user_id, len(releases))

        return transfer, self.senior, self.manager, applied, (self.junior, 1)

    def _reallocation(self, **values):
        lead = (
            self.env["crm.lead"]
            .with_user(self.intake)
            .create(
                {
                    "name": "Judged A",
                    "type": "lead",
                    "team_id": self.team.id,
                    "company_id": self.company.id,
                    "expected_revenue": 300000.0,
                    "judged_class": "A",
                    "user_id": False,
                }
            )
            .with_env(self.env)
        )
        lead.write({"user_id": self.senior.id})
        request = (
            self.env["crm.reallocation.request"]
            .with_user(self.senior)
            .create(
                {
                    "lead_id": lead.id,
                    "actual_class": "C",
                    "reason": "The budget is 300k.",
                    **values,
                }
            )
        )

        def applied():
            mismatches = self.env["crm.intake.mismatch"].search(
                [("request_id", "=", request.id)]
            )
            return (lead.judged_class, len(mismatches))

        return request, self.senior, self.manager, applied, ("C", 1)

    def _violation(self, **values):
        violation = (
            self.env["sales.violation"]
            .with_user(self.manager)
            .create(
                {
                    "user_id": self.senior.id,
                    "type_id": self.env.ref(
                        "sales_discipline.violation_type_late_entry"
                    ).id,
                    "date": fields.Date.today(),
                    "company_id": self.company.id,
                    **values,
                }
            )
            .with_env(self.env)
        )
        violation.with_user(self.manager).action_confirm()
        violation.with_user(self.senior).write({"appeal_reason": "I was there"})
        violation.with_user(self.senior).action_appeal()
        suspensions = violation.suspension_ids
        self.assertTrue(suspensions.filtered("active"))

        def applied():
            return len(suspensions.filtered("active"))

        return violation, self.senior, self.manager, applied, 0

    def _plan(self, **values):
        plan = (
            self.env["sales.visit.plan"]
            .with_user(self.senior)
            .create(
                {
                    "month": MONTH,
                    "company_id": self.company.id,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "partner_id": self.customer.id,
                                "key_person_ids": [(6, 0, self.key_person.ids)],
                                "purpose": "order_push",
                                "planned_date": datetime(2026, 12, 3, 10, 0),
                            },
                        )
                    ],
                    **values,
                }
            )
        )
        with freeze_time(BEFORE_MONTH):
            plan.action_submit()

        def applied():
            return len(plan.line_ids.calendar_event_id)

        return plan, self.senior, self.manager, applied, 1

    def _workflows(self):
        """(model, builder, approve button, reject button)"""
        return (
            ("crm.pool.claim", self._claim, "action_approve", "action_reject"),
            ("crm.pool.transfer", self._transfer, "action_approve", "action_reject"),
            (
                "crm.reallocation.request",
                self._reallocation,
                "action_approve",
                "action_reject",
            ),
            ("sales.violation", self._violation, "action_cancel", "action_uphold"),
            ("sales.visit.plan", self._plan, "action_approve", "action_return"),
        )

    def _decision(self, record):
        record.invalidate_recordset()
        return (record.state, record.decided_by_id, record.decided_on)

    # ------------------------------------------------------------------
    def test_the_five_workflows_inherit_the_mixin(self):
        self.assertEqual({w[0] for w in self._workflows()}, set(WORKFLOWS))
        for model in WORKFLOWS:
            names = {getattr(cls, "_name", None) for cls in type(self.env[model]).mro()}
            self.assertIn(MIXIN, names, model)

    def test_state_and_decision_refused_on_write_to_everybody(self):
        for model, build, _approve, _reject in self._workflows():
            with self.subTest(model=model):
                request, requester, decider, _applied, _done = build()
                before = self._decision(request)
                for vals in (
                    {"state": "approved"},
                    {"decided_by_id": decider.id},
                    {"decided_on": fields.Datetime.now()},
                ):
                    with self.assertRaises(UserError):
                        request.with_user(requester).write(vals)
                    with self._raises(AccessError, "only the system"):
                        request.with_user(decider).write(vals)
                    self.assertEqual(self._decision(request), before)

    def test_client_state_ignored_on_create(self):
        decided = {
            "decided_by_id": self.manager.id,
            "decided_on": fields.Datetime.now(),
        }
        for model, build, _approve, _reject in self._workflows():
            with self.subTest(model=model):
                initial = self.env[model]._fields["state"].default(self.env[model])
                # the violation and the plan are decided after their request
                # (the appeal, the submission): their builders move them on
                request, *_rest = build(state="approved", **decided)
                expected = {
                    "sales.violation": "appealed",
                    "sales.visit.plan": "submitted",
                }.get(model, initial)
                self.assertEqual(request.state, expected)
                self.assertFalse(request.decided_by_id)
                self.assertFalse(request.decided_on)

    def test_reject_requires_a_reason(self):
        for model, build, _approve, reject in self._workflows():
            with self.subTest(model=model):
                request, _requester, decider, applied, _done = build()
                before = applied()
                field = request._approval_reason_field
                label = request._fields[field].get_description(self.env)["string"]
                with self._raises(UserError, label):
                    getattr(request.with_user(decider), reject)()
                self.assertIn(request.state, request._approval_pending_states)
                request.with_user(decider).write({field: "Not this time"})
                getattr(request.with_user(decider), reject)()
                self.assertEqual(request.state, request._approval_rejected_state)
                self.assertEqual(request.decided_by_id, decider)
                self.assertEqual(applied(), before)

    def test_only_the_decider_approves_and_only_once(self):
        for model, build, approve, _reject in self._workflows():
            with self.subTest(model=model):
                request, requester, decider, applied, done = build()
                before = applied()
                for attacker in (requester, self.intermediate_1):
                    with self.assertRaises(AccessError):
                        getattr(
                            request.with_user(attacker).with_context(
                                active_test=False, pool_claim_auto=True
                            ),
                            approve,
                        )()
                    self.assertEqual(applied(), before)
                getattr(request.with_user(decider), approve)()
                self.assertEqual(request.state, request._approval_approved_state)
                self.assertEqual(request.decided_by_id, decider)
                self.assertEqual(applied(), done)
                with self._raises(UserError):
                    getattr(request.with_user(decider), approve)()
                self.assertEqual(applied(), done)

    def test_another_companys_manager_decides_nothing(self):
        """A decider group is not enough: the request must be one his record
        rules show him, or a manager of any company could decide them all."""
        company_b = self.env["res.company"].create({"name": "Approval Co B"})
        manager_b = new_test_user(
            self.env,
            login="approval_manager_b",
            groups="sales_team.group_sale_manager,sales_team.group_sale_salesman_all_leads",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        for model, build, approve, reject in self._workflows():
            with self.subTest(model=model):
                request, _requester, _decider, applied, _done = build()
                before = (applied(), request.state)
                for action in (approve, reject):
                    with self.assertRaises(AccessError):
                        getattr(
                            request.with_user(manager_b).with_context(
                                allowed_company_ids=company_b.ids
                            ),
                            action,
                        )()
                    request.invalidate_recordset()
                    self.assertEqual((applied(), request.state), before)

    def test_requester_cancels_his_waiting_request(self):
        for build in (self._claim, self._reallocation):
            request, requester, decider, _applied, _done = build()
            with self.subTest(model=request._name):
                with self.assertRaises(UserError):
                    request.with_user(decider).action_cancel()
                request.with_user(requester).action_cancel()
                self.assertEqual(request.state, "cancelled")
                with self.assertRaises(UserError):
                    request.with_user(decider).action_approve()
