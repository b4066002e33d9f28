from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.lead_allocation.tests.common import AllocationCase

MONDAY = datetime(2026, 11, 23, 10, 0)


@tagged("post_install", "-at_install")
class TestFirstContactSla(AllocationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Office hours, UTC",
                "tz": "UTC",
                "company_id": cls.company.id,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9,
                            "hour_to": 17,
                            "day_period": "morning",
                        }
                    )
                    for day in range(5)
                ],
            }
        )
        cls.company.resource_calendar_id = cls.calendar
        cls.team.user_id = cls.manager
        # one eligible member for class C leads makes the allocation predictable
        cls._membership_of(cls.intermediate_2).allocation_opt_out = True
        cls._membership_of(cls.junior).allocation_opt_out = True

    @classmethod
    def _membership_of(cls, user):
        return cls.env["crm.team.member"].search(
            [("user_id", "=", user.id), ("crm_team_id", "=", cls.team.id)]
        )

    def _allocated_lead(self, when):
        with freeze_time(when):
            lead = self._leads("C")
            self._allocate(lead)
        self.assertEqual(lead.user_id, self.intermediate_1)
        return lead

    def test_deadline_in_working_hours(self):
        lead = self._allocated_lead(MONDAY)
        self.assertEqual(lead.first_contact_state, "pending")
        self.assertEqual(lead.first_contact_deadline, datetime(2026, 11, 23, 10, 10))
        friday_evening = self._allocated_lead(datetime(2026, 11, 27, 16, 55))
        self.assertEqual(
            friday_evening.first_contact_deadline, datetime(2026, 11, 30, 9, 5)
        )
        saturday = self._allocated_lead(datetime(2026, 11, 28, 11, 0))
        self.assertEqual(saturday.first_contact_deadline, datetime(2026, 11, 30, 9, 10))

    def test_holiday_pushes_the_deadline(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Company holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 11, 24, 0, 0),
                "date_to": datetime(2026, 11, 24, 23, 59),
            }
        )
        lead = self._allocated_lead(datetime(2026, 11, 23, 16, 55))
        self.assertEqual(lead.first_contact_deadline, datetime(2026, 11, 25, 9, 5))

    def test_message_by_the_owner_meets_the_sla(self):
        lead = self._allocated_lead(MONDAY)
        with freeze_time(datetime(2026, 11, 23, 10, 3)):
            lead.with_user(self.manager).message_post(
                body="Called by someone else",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            lead.with_user(self.intermediate_1).message_post(
                body="Internal note", subtype_xmlid="mail.mt_note"
            )
        self.assertEqual(lead.first_contact_state, "pending")
        with freeze_time(datetime(2026, 11, 23, 10, 6)):
            lead.with_user(self.intermediate_1).message_post(
                body="Dear customer, ...",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(lead.first_contact_state, "met")
        self.assertEqual(lead.first_contact_minutes, 6.0)
        with freeze_time(datetime(2026, 11, 23, 10, 30)):
            self.env["crm.lead"]._cron_check_first_contact()
        self.assertEqual(lead.first_contact_state, "met")
        self.assertFalse(
            self.env["sales.violation"].search([("lead_id", "=", lead.id)])
        )

    def test_done_call_by_the_owner_meets_the_sla(self):
        lead = self._allocated_lead(MONDAY)
        with freeze_time(datetime(2026, 11, 23, 10, 8)):
            activity = lead.activity_schedule(
                "mail.mail_activity_data_call", user_id=self.intermediate_1.id
            )
            activity.with_user(self.intermediate_1).action_feedback("Reached the buyer")
        self.assertEqual(lead.first_contact_state, "met")
        self.assertEqual(lead.first_contact_minutes, 8.0)

    def test_breach_by_the_scheduled_action_once(self):
        lead = self._allocated_lead(MONDAY)
        with freeze_time(datetime(2026, 11, 23, 10, 9)):
            self.env["crm.lead"]._cron_check_first_contact()
        self.assertEqual(lead.first_contact_state, "pending")
        with freeze_time(datetime(2026, 11, 23, 10, 11)):
            self.env["crm.lead"]._cron_check_first_contact()
            self.env["crm.lead"]._cron_check_first_contact()
        self.assertEqual(lead.first_contact_state, "breached")
        violations = self.env["sales.violation"].search([("lead_id", "=", lead.id)])
        self.assertEqual(len(violations), 1)
        self.assertEqual(violations.user_id, self.intermediate_1)
        self.assertEqual(violations.state, "confirmed")
        self.assertEqual(
            violations.type_id,
            self.env.ref("sales_discipline.violation_type_missed_first_contact"),
        )
        self.assertEqual(violations.suspension_ids.kind, "turns")
        # the team leader is told
        self.assertIn(self.manager, lead.activity_ids.user_id)
        # a late contact is recorded, the state stays breached
        with freeze_time(datetime(2026, 11, 23, 11, 0)):
            lead.with_user(self.intermediate_1).message_post(
                body="Sorry for the delay",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(lead.first_contact_state, "breached")
        self.assertEqual(lead.first_contact_minutes, 60.0)
        # and the salesperson loses his next allocation turn
        self._membership_of(self.junior).allocation_opt_out = False
        with freeze_time(datetime(2026, 11, 23, 12, 0)):
            nxt = self._leads("C")
            self._allocate(nxt)
        self.assertEqual(nxt.user_id, self.junior)

    def test_own_registration_has_no_clock(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.senior)
            .create({"name": "My own prospect", "user_id": self.senior.id})
        )
        self.assertEqual(lead.first_contact_state, "none")
