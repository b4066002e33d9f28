from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AllocationCase


@tagged("post_install", "-at_install")
class TestSecurity(AllocationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["crm.allocation.suspension"].create(
            [
                {
                    "user_id": user.id,
                    "kind": "period",
                    "date_from": fields.Datetime.now() - timedelta(days=1),
                    "reason": "Test",
                }
                for user in (cls.intermediate_1, cls.junior)
            ]
        )
        cls._leads("C", 4)
        cls.env["crm.lead.allocation.engine"]._allocate()

    def test_salesperson_reads_own_log_only(self):
        Log = self.env["crm.lead.allocation.log"]
        own = Log.with_user(self.intermediate_2).search([])
        self.assertTrue(own)
        self.assertEqual(own.user_id, self.intermediate_2)
        self.assertEqual(len(Log.search([("company_id", "=", self.company.id)])), 4)
        with self.assertRaises(AccessError):
            Log.with_user(self.intermediate_2).create(
                {"user_id": self.intermediate_2.id}
            )
        self.assertEqual(
            len(
                Log.with_user(self.manager).search(
                    [("company_id", "=", self.company.id)]
                )
            ),
            4,
        )

    def test_salesperson_reads_own_suspensions_only(self):
        Suspension = self.env["crm.allocation.suspension"]
        self.assertEqual(
            Suspension.with_user(self.junior).search([]).user_id, self.junior
        )
        self.assertFalse(Suspension.with_user(self.intermediate_2).search([]))
        with self.assertRaises(AccessError):
            Suspension.with_user(self.junior).create(
                {
                    "user_id": self.intermediate_2.id,
                    "kind": "turns",
                    "skip_turns": 1,
                    "reason": "Revenge",
                }
            )
        with self.assertRaises(AccessError):
            Suspension.with_user(self.junior).search([]).action_lift()
        self.assertEqual(len(Suspension.with_user(self.manager).search([])), 2)

    def test_levels(self):
        Level = self.env["crm.salesperson.level"]
        self.assertEqual(len(Level.with_user(self.intake).search([])), 3)
        with self.assertRaises(AccessError):
            Level.with_user(self.intake).create({"name": "Guru", "code": "guru"})
        Level.with_user(self.manager).create({"name": "Guru", "code": "guru"})

    def test_salesperson_cannot_allocate(self):
        with self.assertRaises(AccessError):
            self.env["crm.lead.allocate.wizard"].with_user(self.junior).create(
                {"user_id": self.junior.id, "reason": "me"}
            )
