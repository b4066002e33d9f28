from contextlib import contextmanager

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import AllocationCase


@tagged("post_install", "-at_install")
class TestReallocation(AllocationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The intake agent promised an A lead that is really a C lead.
        cls.lead = (
            cls.env["crm.lead"]
            .with_user(cls.intake)
            .create(
                {
                    "name": "Judged A",
                    "type": "lead",
                    "team_id": cls.team.id,
                    "company_id": cls.company.id,
                    "expected_revenue": 300000.0,
                    "judged_class": "A",
                    "user_id": False,
                }
            )
            .with_env(cls.env)
        )
        cls.lead.write({"user_id": cls.senior.id})

    @contextmanager
    def _raises(self, exception, text):
        """Odoo's savepointed assertRaises, and the message names the fix."""
        with self.assertRaises(exception) as catch:
            yield catch
        self.assertIn(text, str(catch.exception))

    def _file(self, user=None, **values):
        return (
            self.env["crm.reallocation.request"]
            .with_user(user or self.senior)
            .create(
                {
                    "lead_id": self.lead.id,
                    "actual_class": "C",
                    "reason": "The budget is 300k, not 900k.",
                    **values,
                }
            )
        )

    def test_filing_freezes_the_judgement(self):
        request = self._file()
        self.assertEqual(request.user_id, self.senior)
        self.assertEqual(request.judged_class, "A")
        self.assertEqual(request.intake_user_id, self.intake)
        self.assertEqual(request.state, "requested")
        self.assertEqual(self.lead.reallocation_request_count, 1)

    def test_filing_refused(self):
        with self._raises(UserError, "only the salesperson who owns"):
            self._file(user=self.junior)
        with self._raises(ValidationError, "Actual Class"):
            self._file(actual_class="A")
        self._file()
        with self._raises(UserError, "already waits"):
            self._file(actual_class="B")
        unjudged = self._leads("A")
        unjudged.write({"user_id": self.senior.id})
        with self._raises(UserError, "no class judged"):
            self._file(lead_id=unjudged.id)

    def test_approval_reclassifies_replaces_and_records_the_mismatch(self):
        older, newer = self._leads("A", 2)
        request = self._file()
        request.with_user(self.manager).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.decided_by_id, self.manager)
        self.assertEqual(self.lead.judged_class, "C")
        self.assertEqual(self.lead.allocation_class, "C")
        self.assertEqual(request.replacement_state, "done")
        self.assertEqual(request.replacement_lead_id, older)
        self.assertEqual(older.user_id, self.senior)
        self.assertFalse(newer.user_id)
        log = self.env["crm.lead.allocation.log"].search([("lead_id", "=", older.id)])
        self.assertEqual(log.actor, "reallocation")
        self.assertEqual(log.user_id, self.senior)
        mismatch = self.env["crm.intake.mismatch"].search(
            [("request_id", "=", request.id)]
        )
        self.assertEqual(len(mismatch), 1)
        self.assertEqual(mismatch.user_id, self.intake)
        self.assertEqual(mismatch.date, fields.Date.context_today(mismatch))
        self.assertEqual((mismatch.judged_class, mismatch.actual_class), ("A", "C"))
        with self._raises(UserError, "already decided"):
            request.with_user(self.manager).action_approve()
        self.assertEqual(
            self.env["crm.intake.mismatch"].search_count(
                [("request_id", "=", request.id)]
            ),
            1,
        )

    def test_pending_replacement_filled_later(self):
        self._leads("B")  # not the promised class
        request = self._file()
        request.with_user(self.manager).action_approve()
        self.assertEqual(request.replacement_state, "pending")
        self.assertFalse(request.replacement_lead_id)
        with self._raises(UserError, "no lead of the promised class"):
            request.with_user(self.manager).action_find_replacement()
        self.env["crm.reallocation.request"]._cron_fill_pending_replacements()
        self.assertEqual(request.replacement_state, "pending")
        lead_a = self._leads("A")
        self.env["crm.reallocation.request"]._cron_fill_pending_replacements()
        self.assertEqual(request.replacement_state, "done")
        self.assertEqual(lead_a.user_id, self.senior)
        # a re-run gives nothing more
        self._leads("A")
        self.assertEqual(
            self.env["crm.reallocation.request"]._cron_fill_pending_replacements(), 0
        )

    def test_reject_and_cancel(self):
        request = self._file()
        with self._raises(UserError, "Only a sales manager"):
            request.with_user(self.senior).action_approve()
        with self._raises(UserError, "Decision Note"):
            request.with_user(self.manager).action_reject()
        request.with_user(self.manager).write({"decision_note": "Judged right"})
        request.with_user(self.manager).action_reject()
        self.assertEqual(request.state, "rejected")
        self.assertEqual(self.lead.judged_class, "A")
        self.assertFalse(
            self.env["crm.intake.mismatch"].search([("request_id", "=", request.id)])
        )
        second = self._file()
        with self._raises(UserError, "Only the salesperson who filed"):
            second.with_user(self.manager).action_cancel()
        second.with_user(self.senior).action_cancel()
        self.assertEqual(second.state, "cancelled")

    def test_salesperson_cannot_decide_by_write(self):
        request = self._file()
        with self._raises(AccessError, "only the system or a sales manager"):
            request.with_user(self.senior).write({"state": "approved"})
        self.assertEqual(request.state, "requested")
        request.with_user(self.senior).write({"reason": "Better reason"})
        self.assertEqual(request.reason, "Better reason")

    def test_record_rules(self):
        request = self._file()
        Request = self.env["crm.reallocation.request"]
        self.assertEqual(Request.with_user(self.senior).search([]), request)
        self.assertFalse(Request.with_user(self.junior).search([]))
        with self.assertRaises(AccessError):
            request.with_user(self.junior).read(["reason"])
        self.assertIn(request, Request.with_user(self.manager).search([]))
        with self.assertRaises(AccessError):
            request.with_user(self.senior).unlink()
        request.with_user(self.manager).action_approve()
        Mismatch = self.env["crm.intake.mismatch"]
        mismatch = Mismatch.search([("request_id", "=", request.id)])
        self.assertEqual(Mismatch.with_user(self.intake).search([]), mismatch)
        other_agent = self._user("la_intake_2", "lead_allocation.group_intake_agent")
        self.assertFalse(Mismatch.with_user(other_agent).search([]))
        with self.assertRaises(AccessError):
            Mismatch.with_user(self.senior).search([])
        with self.assertRaises(AccessError):
            mismatch.with_user(self.intake).write({"judged_class": "B"})
        with self.assertRaises(AccessError):
            mismatch.with_user(self.intake).unlink()


@tagged("post_install", "-at_install")
class TestReallocationConcurrency(AllocationCase):
    """Two managers approve the same request at the same moment, in two real
    database transactions: exactly one approval, one mismatch, one
    replacement."""

    # Two real transactions need committed data and a commit of the winner.
    # pylint: disable=invalid-commit
    def test_simultaneous_approvals(self):
        registry = self.registry
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            admin = env.ref("base.user_admin")
            lead = env["crm.lead"].create(
                {"name": "Contested class", "judged_class": "D", "user_id": admin.id}
            )
            pool = env["crm.lead"].create(
                {"name": "Pool D", "judged_class": "D", "user_id": False}
            )
            request = env["crm.reallocation.request"].create(
                {
                    "lead_id": lead.id,
                    "user_id": admin.id,
                    "actual_class": "C",
                    "reason": "race",
                }
            )
            ids = (lead.id, pool.id, request.id)
            cr.commit()
        outcomes = []
        try:
            with registry.cursor() as cr1, registry.cursor() as cr2:
                env1 = api.Environment(cr1, admin.id, {})
                env2 = api.Environment(cr2, admin.id, {})
                env1["crm.reallocation.request"].browse(ids[2]).action_approve()
                outcomes.append("first approved")
                try:
                    env2["crm.reallocation.request"].browse(ids[2]).action_approve()
                    outcomes.append("second approved")
                except UserError as error:
                    outcomes.append(str(error))
                    cr2.rollback()
                cr1.commit()
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                self.assertEqual(
                    env["crm.intake.mismatch"].search_count(
                        [("request_id", "=", ids[2])]
                    ),
                    1,
                )
                request = env["crm.reallocation.request"].browse(ids[2])
                self.assertEqual(request.state, "approved")
                self.assertEqual(request.replacement_state, "done")
        finally:
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["crm.lead.allocation.log"].search(
                    [("lead_id", "in", ids[:2])]
                ).unlink()
                env["crm.reallocation.request"].browse(ids[2]).unlink()
                env["crm.lead"].browse(ids[:2]).unlink()
                cr.commit()
        self.assertEqual(outcomes[0], "first approved")
        self.assertIn("right now", outcomes[1])
