from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AllocationCase


@tagged("post_install", "-at_install")
class TestLeadClass(AllocationCase):
    def _lead(self, revenue, company=None):
        company = company or self.company
        return self.env["crm.lead"].create(
            {
                "name": f"Sized {revenue}",
                "expected_revenue": revenue,
                "company_id": company.id,
                "user_id": False,
            }
        )

    def test_class_at_the_thresholds(self):
        cases = {
            800000.0: "A",
            799999.99: "B",
            400000.0: "B",
            399999.99: "C",
            200000.0: "C",
            199999.99: "D",
            0.0: "D",
        }
        for revenue, expected in cases.items():
            with self.subTest(revenue=revenue):
                lead = self._lead(revenue)
                self.assertEqual(lead.lead_class, expected)
                self.assertEqual(lead.allocation_class, expected)

    def test_thresholds_are_in_the_lead_company_currency(self):
        """Odoo keeps a lead's expected revenue in its company's currency:
        the same amount is classed against that company's thresholds, which
        are in the same currency."""
        eur = self.env.ref("base.EUR")
        eur.active = True
        euro_company = self.env["res.company"].create(
            {
                "name": "Allocation Euro Co",
                "currency_id": eur.id,
                "lead_class_a_threshold": 80000,
                "lead_class_b_threshold": 40000,
                "lead_class_c_threshold": 20000,
            }
        )
        self.env.user.company_ids |= euro_company
        env = self.env(
            context=dict(
                self.env.context,
                allowed_company_ids=[self.company.id, euro_company.id],
            )
        )
        self.env = env
        dollar_lead = self._lead(100000.0)
        euro_lead = self._lead(100000.0, company=euro_company)
        self.assertEqual(euro_lead.company_currency, eur)
        self.assertEqual(dollar_lead.lead_class, "D")
        self.assertEqual(euro_lead.lead_class, "A")
        euro_lead.company_id = self.company
        self.assertEqual(euro_lead.lead_class, "D")

    def test_changing_thresholds_reclasses_the_leads(self):
        lead = self._lead(300000.0)
        self.assertEqual(lead.lead_class, "C")
        self.company.write(
            {
                "lead_class_a_threshold": 300000,
                "lead_class_b_threshold": 200000,
                "lead_class_c_threshold": 100000,
            }
        )
        self.assertEqual(lead.lead_class, "A")

    def test_revenue_change_reclasses(self):
        lead = self._lead(1000.0)
        lead.expected_revenue = 850000
        self.assertEqual(lead.lead_class, "A")


@tagged("post_install", "-at_install")
class TestJudgedClass(AllocationCase):
    @freeze_time("2025-03-10 09:30:00")
    def test_judged_class_records_who_and_when(self):
        lead = self._leads("D")
        lead.with_user(self.intake).judged_class = "B"
        self.assertEqual(lead.judged_class, "B")
        self.assertEqual(lead.judged_by_id, self.intake)
        self.assertEqual(
            lead.judged_date, fields.Datetime.to_datetime("2025-03-10 09:30:00")
        )
        self.assertEqual(lead.lead_class, "D")
        self.assertEqual(lead.allocation_class, "B")

    def test_judged_class_at_creation(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.intake)
            .create(
                {
                    "name": "Judged at intake",
                    "user_id": False,
                    "team_id": self.team.id,
                    "judged_class": "A",
                }
            )
        )
        self.assertEqual(lead.judged_by_id, self.intake)
        self.assertTrue(lead.judged_date)
        self.assertEqual(lead.allocation_class, "A")

    def test_clearing_the_judged_class(self):
        lead = self._leads("C")
        lead.with_user(self.manager).judged_class = "A"
        self.assertEqual(lead.judged_by_id, self.manager)
        lead.with_user(self.manager).judged_class = False
        self.assertFalse(lead.judged_by_id)
        self.assertFalse(lead.judged_date)
        self.assertEqual(lead.allocation_class, "C")

    def test_rewriting_the_same_class_keeps_the_judge(self):
        lead = self._leads("C")
        lead.with_user(self.intake).judged_class = "A"
        lead.with_user(self.manager).write({"judged_class": "A"})
        self.assertEqual(lead.judged_by_id, self.intake)

    def test_plain_salesperson_cannot_judge(self):
        lead = self._leads("D", user_id=self.junior.id)
        with self.assertRaises(UserError) as caught:
            lead.with_user(self.junior).judged_class = "A"
        self.assertIn("Judged Class", str(caught.exception))
        with self.assertRaises(UserError):
            self.env["crm.lead"].with_user(self.junior).create(
                {"name": "Self-judged", "judged_class": "A"}
            )
        # other fields stay editable
        lead.with_user(self.junior).expected_revenue = 500000
        self.assertEqual(lead.allocation_class, "B")
