from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..hooks import uninstall_hook
from ..models.crm_pool_engine import ODOO_LEAD_DOMAIN, POOL_LEAD_DOMAIN
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

    def test_pool_leads_show_no_contact_details_to_salespeople(self):
        pool_lead = self._leads("C", email_from="buyer@example.com")
        pool_lead.user_id = False
        # a plain salesperson sees the pool through the pool items only
        with self.assertRaises(AccessError):
            pool_lead.with_user(self.senior).read(["email_from"])
        item = (
            self.env["crm.pool.item"]
            .with_user(self.senior)
            .search([("lead_id", "=", pool_lead.id)])
        )
        self.assertEqual(len(item), 1)
        self.assertNotIn("email_from", item._fields)
        # the intake agent who registers leads and the manager see it
        self.assertEqual(
            pool_lead.with_user(self.intake).read(["email_from"])[0]["email_from"],
            "buyer@example.com",
        )
        pool_lead.with_user(self.manager).read(["email_from"])
        # a salesperson still reads what he registered himself, and his own leads
        own = (
            self.env["crm.lead"]
            .with_user(self.senior)
            .create({"name": "Registered by me", "team_id": self.team.id})
        )
        self.assertEqual(own.with_user(self.senior).read(["name"])[0]["name"], own.name)
        claim = (
            self.env["crm.pool.claim"]
            .with_user(self.senior)
            .create({"lead_id": pool_lead.id, "reason": "Knows the buyer"})
        )
        self.assertIn(pool_lead.name, claim.name)
        claim.with_user(self.manager).action_approve()
        self.assertEqual(pool_lead.user_id, self.senior)
        pool_lead.with_user(self.senior).read(["email_from"])

    def test_intake_agent_reads_the_leads_he_judged_once_allocated(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.intake)
            .create(
                {"name": "Judged and gone", "team_id": self.team.id, "user_id": False}
            )
        )
        lead.with_user(self.intake).judged_class = "A"
        self._allocate(lead)
        self.assertEqual(lead.user_id, self.senior)
        self.assertEqual(
            lead.with_user(self.intake).read(["name"])[0]["name"], lead.name
        )
        with self.assertRaises(AccessError):
            lead.with_user(self.intake).write({"name": "Renamed by intake"})
        colleague = self.env["crm.lead"].create(
            {"name": "Not his", "user_id": self.senior.id}
        )
        with self.assertRaises(AccessError):
            colleague.with_user(self.intake).read(["name"])

    def test_uninstall_gives_odoo_its_personal_leads_rule_back(self):
        rule = self.env.ref("crm.crm_rule_personal_lead")
        self.assertEqual(rule.domain_force, POOL_LEAD_DOMAIN)
        uninstall_hook(self.env)
        self.assertEqual(rule.domain_force, ODOO_LEAD_DOMAIN)

    def test_requesters_cannot_decide_by_writing(self):
        """Claims and transfers move on through the decision methods only."""
        pool_lead = self._leads("C")
        pool_lead.user_id = False
        claim = (
            self.env["crm.pool.claim"]
            .with_user(self.senior)
            .create({"lead_id": pool_lead.id, "reason": "Mine"})
        )
        with self.assertRaises(UserError):
            claim.with_user(self.senior).write({"state": "approved"})
        with self.assertRaises(UserError):
            claim.with_user(self.senior).action_approve()
        claim.with_user(self.senior).write({"reason": "Knows the buyer"})
        with self.assertRaises(AccessError):
            claim.with_user(self.intermediate_2).write({"reason": "Not mine"})
        owned = self._leads("C", user_id=self.senior.id)
        transfer = (
            self.env["crm.pool.transfer"]
            .with_user(self.senior)
            .create(
                {
                    "lead_id": owned.id,
                    "from_user_id": self.senior.id,
                    "to_user_id": self.intermediate_2.id,
                    "reason": "Leaving the region",
                }
            )
        )
        with self.assertRaises(UserError):
            transfer.with_user(self.senior).write({"state": "approved"})
        with self.assertRaises(UserError):
            transfer.with_user(self.intermediate_2).action_approve()
        self.assertEqual(owned.user_id, self.senior)
        transfer.with_user(self.manager).action_approve()
        self.assertEqual(owned.user_id, self.intermediate_2)
        with self.assertRaises(AccessError):
            transfer.with_user(self.junior).read(["reason"])
