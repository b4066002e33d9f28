"""The handover of a leaving salesperson, as sales discipline sees it: his
visit plans waiting for a decision are returned, and sending his book to the
pool is no violation of his (or of anybody)."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.lead_allocation.tests.common import AllocationCase

TODAY = date(2026, 11, 23)


@tagged("post_install", "-at_install")
class TestHandoverDiscipline(AllocationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Leaving Customer Co",
                "is_company": True,
                "user_id": cls.senior.id,
                "company_id": cls.company.id,
            }
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Leaving lead",
                "user_id": cls.senior.id,
                "team_id": cls.team.id,
                "company_id": cls.company.id,
            }
        )

    def _plan(self, month):
        return (
            self.env["sales.visit.plan"]
            .with_user(self.senior)
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
                                "purpose": "order_push",
                                "planned_date": datetime(
                                    month.year, month.month, 3, 10, 0
                                ),
                            },
                        )
                    ],
                }
            )
        )

    def _handover(self):
        wizard = (
            self.env["crm.handover.wizard"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=self.company.ids)
            .create({"user_id": self.senior.id})
        )
        action = wizard.action_confirm()
        return self.env["crm.handover"].browse(action["res_id"])

    def test_submitted_visit_plans_are_returned(self):
        with freeze_time(TODAY):
            submitted = self._plan(date(2026, 12, 1))
            submitted.action_submit()
            draft = self._plan(date(2027, 1, 1))
            report = self._handover()
        self.assertEqual(submitted.state, "returned")
        self.assertIn("handover", submitted.return_note)
        self.assertEqual(draft.state, "draft")
        self.assertTrue(draft.exists())
        self.assertIn("Visit plans returned", report.summary)
        self.assertIn(draft.display_name, report.summary)

    def test_departure_release_is_no_violation(self):
        Violation = self.env["sales.violation"].with_context(active_test=False)
        before = Violation.search([])
        self._handover()
        self.assertFalse(self.lead.user_id)
        self.assertEqual(self.lead.pool_reason, "departure")
        self.assertEqual(self.customer.pool_reason, "departure")
        self.assertEqual(Violation.search([]), before)
