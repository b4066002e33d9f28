from contextlib import contextmanager
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.lead_allocation.tests.common import AllocationCase


class ViolationCase(AllocationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = cls._user(
            "sd_officer_v", "sales_discipline.group_discipline_officer"
        )
        cls.Violation = cls.env["sales.violation"]
        cls.type_late = cls.env.ref("sales_discipline.violation_type_late_entry")
        cls.type_swap = cls.env.ref("sales_discipline.violation_type_private_swap")
        cls.type_missed = cls.env.ref(
            "sales_discipline.violation_type_missed_first_contact"
        )

    @contextmanager
    def _raises(self, exception, text):
        with self.assertRaises(exception) as catch:
            yield catch
        self.assertIn(text, str(catch.exception))

    def _violation(self, user=None, vtype=None, date=None, by=None):
        return (
            self.Violation.with_user(by or self.manager)
            .create(
                {
                    "user_id": (user or self.senior).id,
                    "type_id": (vtype or self.type_late).id,
                    "date": date or fields.Date.today(),
                    "company_id": self.company.id,
                }
            )
            .with_env(self.env)
        )

    def _confirmed(self, **kwargs):
        violation = self._violation(**kwargs)
        violation.with_user(kwargs.get("by") or self.manager).action_confirm()
        return violation


@tagged("post_install", "-at_install")
class TestViolation(ViolationCase):
    def test_ladder_7_15_30_and_window(self):
        today = fields.Date.today()
        days = []
        for offset in (300, 200, 100, 10):
            violation = self._confirmed(date=today - timedelta(days=offset))
            period = violation.suspension_ids
            self.assertEqual(len(period), 1)
            days.append((period.date_to - period.date_from).days)
        self.assertEqual(days, [7, 15, 30, 30])
        # more than 365 days after the first three: the ladder starts again
        later = self._confirmed(date=today + timedelta(days=300))
        self.assertEqual(later.ladder_rank, 2)  # only day -10 is in its window
        self.assertEqual(
            (later.suspension_ids.date_to - later.suspension_ids.date_from).days, 15
        )

    def test_fine_defaults_from_type(self):
        violation = self._violation()
        self.assertEqual(violation.fine_amount, 20)
        self.assertEqual(violation.team_id, self.senior.sale_team_id)

    def test_suspension_once_and_lifecycle(self):
        violation = self._confirmed()
        self.assertEqual(violation.state, "confirmed")
        self.assertEqual(violation.confirmed_by_id, self.manager)
        suspension = violation.suspension_ids
        self.assertEqual(suspension.kind, "period")
        self.assertEqual(suspension.user_id, self.senior)
        with self._raises(UserError, "Only a draft violation"):
            violation.with_user(self.manager).action_confirm()
        violation._apply_penalties()  # a retry applies nothing twice
        self.assertEqual(len(violation.suspension_ids), 1)
        # appeal: the salesperson writes his reason, the suspension stands
        with self._raises(UserError, "Appeal Reason"):
            violation.with_user(self.senior).action_appeal()
        violation.with_user(self.senior).write({"appeal_reason": "I was ill"})
        violation.with_user(self.senior).action_appeal()
        self.assertEqual(violation.state, "appealed")
        self.assertTrue(suspension.active)
        violation.with_user(self.officer).action_cancel()
        self.assertEqual(violation.state, "cancelled")
        self.assertFalse(suspension.active)
        self.assertEqual(suspension.state, "lifted")

    def test_upheld_appeal_keeps_the_suspension(self):
        violation = self._confirmed()
        violation.with_user(self.senior).write({"appeal_reason": "Unfair"})
        violation.with_user(self.senior).action_appeal()
        with self._raises(UserError, "Appeal Decision Note"):
            violation.with_user(self.officer).action_uphold()
        violation.with_user(self.officer).write({"decision_note": "Late twice"})
        violation.with_user(self.officer).action_uphold()
        self.assertEqual(violation.state, "upheld")
        self.assertEqual(violation.decided_by_id, self.officer)
        self.assertTrue(violation.suspension_ids.active)
        with self._raises(UserError, "Only an appealed violation"):
            violation.with_user(self.officer).action_cancel()

    def test_suspended_salesperson_skipped_by_allocation(self):
        self._confirmed(user=self.senior)
        leads = self._leads("A", 2)
        self._allocate()
        self.assertFalse(leads.user_id)
        self.assertIn("suspended", leads[0].allocation_block_reason)

    def test_turns_lost_and_automatic_idempotent(self):
        vals = {
            "user_id": self.junior.id,
            "type_id": self.type_missed.id,
            "company_id": self.company.id,
            "origin": "sla:lead:test",
        }
        first = self.Violation._create_automatic([vals])
        again = self.Violation._create_automatic([vals])
        self.assertEqual(len(first), 1)
        self.assertFalse(again)
        self.assertEqual(first.state, "confirmed")
        self.assertFalse(first.ladder_rank)
        suspension = first.suspension_ids
        self.assertEqual((suspension.kind, suspension.skip_turns), ("turns", 1))
        # the junior loses exactly one turn: of two D leads, the turn skipped
        # goes to the other eligible member... here he is the only D member,
        # so the first run skips him once and the next run allocates.
        leads = self._leads("D", 1)
        self._allocate()
        self.assertFalse(leads.user_id)
        self._allocate()
        self.assertEqual(leads.user_id, self.junior)

    def test_never_deleted_once_confirmed(self):
        draft = self._violation()
        draft.with_user(self.manager).unlink()
        violation = self._confirmed()
        with self._raises(UserError, "never deleted"):
            violation.with_user(self.manager).unlink()
        with self._raises(UserError, "keeps its salesperson"):
            violation.with_user(self.manager).write({"fine_amount": 0})

    def test_severe_escalates_to_managers(self):
        violation = self._confirmed(vtype=self.type_swap)
        activities = violation.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref(
                    "sales_discipline.mail_activity_type_violation_escalation"
                )
            )
        )
        self.assertIn(self.manager, activities.user_id)
        self.assertFalse(self._confirmed(user=self.junior).activity_ids)

    def test_access(self):
        mine = self._confirmed(user=self.senior)
        other = self._confirmed(user=self.junior)
        Violation = self.Violation.with_user(self.senior)
        self.assertEqual(Violation.search([]), mine)
        with self.assertRaises(AccessError):
            other.with_user(self.senior).read(["fine_amount"])
        with self._raises(UserError, "Only a sales manager or the discipline officer"):
            Violation.create({"user_id": self.junior.id, "type_id": self.type_late.id})
        with self._raises(UserError, "Appeal Reason of your own"):
            mine.with_user(self.senior).write({"state": "cancelled"})
        with self.assertRaises(AccessError):
            self.type_late.with_user(self.senior).write({"fine_amount": 0})
        self.type_late.with_user(self.officer).write({"fine_amount": 25})
        self.assertIn(other, self.Violation.with_user(self.officer).search([]))
        # a team leader sees his team's violations
        self.team.user_id = self.intermediate_1
        self.env["crm.team.member"].search(
            [("user_id", "=", self.junior.id)]
        ).user_id.sale_team_id = self.team
        leader_view = self.Violation.with_user(self.intermediate_1).search([])
        self.assertEqual(leader_view.team_id, self.team)

    def test_settings_validation(self):
        with self._raises(ValidationError, "Ladder Window"):
            self.company.penalty_ladder_window_days = 0
        with self._raises(ValidationError, "Visit Plan Due"):
            self.company.visit_plan_deadline_days = -1
        self.company.penalty_step_ids.unlink()
        self.env["sales.penalty.step"].create(
            [
                {"company_id": self.company.id, "sequence": 1, "suspension_days": 3},
                {"company_id": self.company.id, "sequence": 2, "suspension_days": 10},
            ]
        )
        violation = self._confirmed()
        suspension = violation.suspension_ids
        self.assertEqual((suspension.date_to - suspension.date_from).days, 3)
