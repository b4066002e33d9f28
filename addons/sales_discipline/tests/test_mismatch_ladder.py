from contextlib import contextmanager
from datetime import date

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.lead_allocation.tests.common import AllocationCase


@tagged("post_install", "-at_install")
class TestMismatchLadder(AllocationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Firing = cls.env["sales.intake.mismatch.firing"]

    @contextmanager
    def _raises(self, exception, text):
        with self.assertRaises(exception) as catch:
            yield catch
        self.assertIn(text, str(catch.exception))

    def _mismatches(self, day, count, agent=None):
        return (
            self.env["crm.intake.mismatch"]
            .sudo()
            .create(
                [
                    {
                        "user_id": (agent or self.intake).id,
                        "date": day,
                        "company_id": self.company.id,
                        "judged_class": "A",
                        "actual_class": "C",
                    }
                    for _index in range(count)
                ]
            )
        )

    def _firings(self, agent=None):
        return self.Firing.search(
            [("user_id", "=", (agent or self.intake).id)], order="window_end, step"
        )

    def test_three_in_a_month_skips_one_turn(self):
        self._mismatches(date(2026, 3, 5), 2)
        self.assertFalse(self._firings())
        self._mismatches(date(2026, 3, 28), 1)
        firing = self._firings()
        self.assertEqual(len(firing), 1)
        self.assertEqual((firing.step, firing.count), (1, 3))
        self.assertEqual(firing.window_start, date(2026, 3, 1))
        suspension = firing.suspension_id
        self.assertEqual((suspension.kind, suspension.skip_turns), ("turns", 1))
        self.assertEqual(suspension.user_id, self.intake)
        # re-runs fire nothing new
        self.Firing._cron_evaluate_mismatch_ladder()
        self.Firing._evaluate()
        self.assertEqual(len(self._firings()), 1)

    def test_six_over_two_months_across_the_new_year(self):
        self._mismatches(date(2025, 12, 10), 3)
        self._mismatches(date(2026, 1, 10), 3)
        firings = self._firings()
        self.assertEqual(
            [(f.step, f.window_start, f.window_end, f.amount) for f in firings],
            [
                (1, date(2025, 12, 1), date(2025, 12, 1), 1),
                (1, date(2026, 1, 1), date(2026, 1, 1), 1),
                (2, date(2025, 12, 1), date(2026, 1, 1), 3),
            ],
        )
        self.assertEqual(sum(firings.suspension_id.mapped("skip_turns")), 5)

    def test_ten_over_three_months_suspends_and_takes_off_duty(self):
        self._mismatches(date(2026, 2, 3), 10)
        three = self._firings().filtered(lambda f: f.step == 3)
        self.assertEqual(len(three), 1)
        self.assertEqual(three.window_start, date(2025, 12, 1))
        suspension = three.suspension_id
        self.assertEqual(suspension.kind, "period")
        self.assertEqual((suspension.date_to - suspension.date_from).days, 7)
        today = fields.Date.context_today(three)
        self.assertGreater(self.intake.intake_off_duty_until, today)
        with self._raises(UserError, "off intake duty"):
            self.env["crm.lead"].with_user(self.intake).create(
                {"name": "Judged while off duty", "judged_class": "B"}
            )
        # not judging is still allowed
        self.env["crm.lead"].with_user(self.intake).create({"name": "Registered"})

    def test_agent_really_skips_a_turn(self):
        self.env["crm.team.member"].create(
            {
                "crm_team_id": self.team.id,
                "user_id": self.intake.id,
                "level_id": self.level_junior.id,
            }
        )
        self._mismatches(date(2026, 4, 1), 3)
        first = self._leads("D")
        self._allocate()
        self.assertEqual(first.user_id, self.junior)
        log = self.env["crm.lead.allocation.log"].search(
            [("user_id", "=", self.intake.id), ("event", "=", "skipped")]
        )
        self.assertEqual(len(log), 1)
        # the turn is used up: the next lead is the agent's
        second = self._leads("D")
        self._allocate()
        self.assertEqual(second.user_id, self.intake)

    def test_from_approved_reallocation_requests(self):
        leads = (
            self.env["crm.lead"]
            .with_user(self.intake)
            .create(
                [
                    {
                        "name": f"Judged A {index}",
                        "team_id": self.team.id,
                        "company_id": self.company.id,
                        "judged_class": "A",
                        "user_id": False,
                    }
                    for index in range(3)
                ]
            )
        )
        leads.with_env(self.env).with_context(lead_allocation_owner_change=True).write(
            {"user_id": self.senior.id}
        )
        requests = (
            self.env["crm.reallocation.request"]
            .with_user(self.senior)
            .create(
                [
                    {"lead_id": lead.id, "actual_class": "C", "reason": "Small budget"}
                    for lead in leads
                ]
            )
        )
        requests[:2].with_user(self.manager).action_approve()
        self.assertFalse(self._firings())
        requests[2].with_user(self.manager).action_approve()
        firing = self._firings()
        self.assertEqual((firing.step, firing.count), (1, 3))

    def test_access(self):
        self._mismatches(date(2026, 3, 5), 3)
        other = self._user("sd_intake_2", "lead_allocation.group_intake_agent")
        self._mismatches(date(2026, 3, 5), 3, agent=other)
        self.assertEqual(
            self.Firing.with_user(self.intake).search([]).user_id, self.intake
        )
        self.assertEqual(len(self.Firing.with_user(self.manager).search([])), 2)
        with self.assertRaises(AccessError):
            self.Firing.with_user(self.senior).search([])
        with self.assertRaises(AccessError):
            self._firings().with_user(self.intake).write({"count": 0})

    def test_firing_created_meanwhile_is_skipped_not_an_error(self):
        """A manager's approval and the scheduled run fire the same step at
        once: the one that commits second meets the window's unique key and
        must leave the other's firing and suspension as they are, without
        failing the approval."""
        self._mismatches(date(2026, 3, 5), 3)
        firing = self._firings()
        self.assertEqual(len(firing), 1)
        suspensions = self.env["crm.allocation.suspension"].search_count([])
        vals = {
            "user_id": self.intake.id,
            "company_id": self.company.id,
            "step": firing.step,
            "window_start": firing.window_start,
            "window_end": firing.window_end,
            "count": firing.count,
            "action": firing.action,
            "amount": firing.amount,
        }
        self.assertFalse(self.Firing.sudo()._apply([vals]))
        self.assertEqual(self._firings(), firing)
        self.assertEqual(
            self.env["crm.allocation.suspension"].search_count([]), suspensions
        )
