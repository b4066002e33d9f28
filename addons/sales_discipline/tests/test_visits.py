from contextlib import contextmanager
from datetime import date, datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.lead_allocation.tests.common import AllocationCase

TODAY = date(2026, 11, 23)


@tagged("post_install", "-at_install")
class TestVisits(AllocationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Visited Customer Co",
                "is_company": True,
                "user_id": cls.senior.id,
                "company_id": cls.company.id,
            }
        )
        contact = cls.env["res.partner"].create(
            {"name": "Ms Buyer", "parent_id": cls.customer.id}
        )
        cls.key_person = cls.env["customer.key.person"].create(
            {
                "partner_id": cls.customer.id,
                "contact_id": contact.id,
                "decision_role": "decision_maker",
            }
        )

    @contextmanager
    def _raises(self, exception, text):
        with self.assertRaises(exception) as catch:
            yield catch
        self.assertIn(text, str(catch.exception))

    def _plan(self, user=None, month=date(2026, 12, 1), days=(3, 10)):
        user = user or self.senior
        return (
            self.env["sales.visit.plan"]
            .with_user(user)
            .create(
                {
                    "month": month,
                    "company_id": self.company.id,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "partner_id": self.customer.id,
                                "key_person_ids": [(6, 0, self.key_person.ids)],
                                "purpose": "order_push",
                                "planned_date": datetime(
                                    month.year, month.month, day, 10, 0
                                ),
                            },
                        )
                        for day in days
                    ],
                }
            )
        )

    def test_submit_approve_calendar_events_once(self):
        plan = self._plan()
        with freeze_time(TODAY):
            plan.action_submit()
        self.assertEqual(plan.state, "submitted")
        with self._raises(UserError, "Only a sales manager"):
            plan.action_approve()
        with self._raises(UserError, "no longer changed"):
            plan.line_ids[0].write({"purpose": "market_research"})
        plan.with_user(self.manager).action_approve()
        self.assertEqual(plan.state, "approved")
        events = plan.line_ids.calendar_event_id
        self.assertEqual(len(events), 2)
        self.assertEqual(events.mapped("user_id"), self.senior)
        self.assertIn(self.senior.partner_id, events.partner_ids)
        self.assertEqual(
            sorted(events.mapped("start")),
            [datetime(2026, 12, 3, 10, 0), datetime(2026, 12, 10, 10, 0)],
        )
        plan.line_ids._create_calendar_events()
        self.assertEqual(len(plan.line_ids.calendar_event_id), 2)
        with self._raises(UserError, "Only a submitted"):
            plan.with_user(self.manager).action_return()

    def test_return_and_resubmit(self):
        plan = self._plan()
        with freeze_time(TODAY):
            plan.action_submit()
            with self._raises(UserError, "Manager's Note"):
                plan.with_user(self.manager).action_return()
            plan.with_user(self.manager).write({"return_note": "Visit the buyer twice"})
            plan.with_user(self.manager).action_return()
            self.assertEqual(plan.state, "returned")
            plan.line_ids[0].write({"purpose": "payment_collection"})
            plan.action_submit()
        self.assertEqual(plan.state, "submitted")
        self.assertFalse(plan.line_ids.calendar_event_id)

    def test_submission_rules(self):
        plan = self._plan()
        with (
            freeze_time(date(2026, 12, 1)),
            self._raises(UserError, "had to be submitted by"),
        ):
            plan.action_submit()
        self.company.visit_plan_deadline_days = 10
        with freeze_time(TODAY), self._raises(UserError, "2026-11-20"):
            plan.action_submit()
        self.company.visit_plan_deadline_days = 0
        empty = self._plan(month=date(2027, 1, 1), days=())
        with freeze_time(TODAY), self._raises(UserError, "add at least one visit"):
            empty.action_submit()
        with self._raises(ValidationError, "Planned Date"):
            self._plan(month=date(2027, 2, 1), days=(3,)).write(
                {"month": date(2027, 3, 1)}
            )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._plan()  # one plan per salesperson and month

    def test_report_resets_clocks_and_contacts(self):
        lead = self._leads("C", user_id=self.senior.id)
        lead.date_open = datetime.now() - timedelta(days=59)
        self.customer.owner_since = datetime.now() - timedelta(days=59)
        engine = self.env["crm.pool.engine"]
        today = date.today()
        engine._refresh_due_dates(today)
        self.assertEqual(lead.pool_due_date, today + timedelta(days=1))
        report = (
            self.env["sales.visit.report"]
            .with_user(self.senior)
            .create(
                {
                    "partner_id": self.customer.id,
                    "lead_id": lead.id,
                    "key_person_ids": [(6, 0, self.key_person.ids)],
                    "purpose": "relationship_maintenance",
                    "visit_type": "relationship_building",
                    "outcome": "B",
                    "summary": "Met the buyer",
                    "company_id": self.company.id,
                }
            )
        )
        self.assertEqual(self.customer.tier_last_contact_date, report.date)
        self.assertEqual(self.key_person.last_contact_date, report.date)
        self.assertEqual(lead.last_sales_action_date, report.date)
        engine._refresh_due_dates(today)
        self.assertEqual(lead.pool_due_date, today + timedelta(days=60))
        self.assertGreater(self.customer.pool_due_date, today + timedelta(days=1))
        # an older report moves nothing back
        report.with_user(self.senior).write({"date": today - timedelta(days=30)})
        self.env["sales.visit.report"].with_user(self.senior).create(
            {
                "partner_id": self.customer.id,
                "date": today - timedelta(days=40),
                "purpose": "order_push",
                "visit_type": "problem_handling",
                "outcome": "C",
                "summary": "Earlier visit, reported late",
                "company_id": self.company.id,
            }
        )
        self.assertEqual(self.key_person.last_contact_date, today)

    def test_access(self):
        mine = self._plan()
        other = self._plan(user=self.junior)
        Plan = self.env["sales.visit.plan"]
        self.assertEqual(Plan.with_user(self.senior).search([]), mine)
        with self.assertRaises(AccessError):
            other.with_user(self.senior).read(["name"])
        self.assertEqual(
            Plan.with_user(self.manager).search([("id", "in", (mine | other).ids)]),
            mine | other,
        )
        with self._raises(UserError, "a sales manager decides"):
            mine.with_user(self.senior).write({"state": "approved"})
        report = (
            self.env["sales.visit.report"]
            .with_user(self.junior)
            .create(
                {
                    "partner_id": self.customer.id,
                    "purpose": "market_research",
                    "visit_type": "first_visit",
                    "outcome": "E",
                    "summary": "Looked around",
                    "company_id": self.company.id,
                }
            )
        )
        with self.assertRaises(AccessError):
            report.with_user(self.senior).read(["summary"])
        with self.assertRaises(AccessError):
            report.with_user(self.junior).unlink()
        # the team leader sees his team's reports
        self.team.user_id = self.intermediate_1
        self.assertIn(
            report,
            self.env["sales.visit.report"].with_user(self.intermediate_1).search([]),
        )
