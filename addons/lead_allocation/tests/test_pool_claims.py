from datetime import timedelta

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPoolClaims(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.salesperson = new_test_user(
            cls.env, login="pool_sp", groups="sales_team.group_sale_salesman"
        )
        cls.rival = new_test_user(
            cls.env, login="pool_rival", groups="sales_team.group_sale_salesman"
        )
        cls.manager = new_test_user(
            cls.env, login="pool_manager", groups="sales_team.group_sale_manager"
        )
        cls.team = cls.env["crm.team"].create({"name": "Pool Team"})
        cls.pool_lead = cls.env["crm.lead"].create(
            {"name": "Pool lead", "team_id": cls.team.id, "user_id": False}
        )
        cls.owned_lead = cls.env["crm.lead"].create(
            {"name": "Owned lead", "team_id": cls.team.id, "user_id": cls.rival.id}
        )
        cls.pool_customer = cls.env["res.partner"].create(
            {"name": "Pool Customer", "is_company": True}
        )

    def _claim(self, user, record, reason="I know them"):
        field = "lead_id" if record._name == "crm.lead" else "partner_id"
        return (
            self.env["crm.pool.claim"]
            .with_user(user)
            .create({field: record.id, "user_id": user.id, "reason": reason})
        )

    def test_pool_lists_unowned_records_without_contact_details(self):
        self.env.flush_all()
        items = self.env["crm.pool.item"].with_user(self.salesperson).search([])
        self.assertIn(self.pool_lead, items.lead_id)
        self.assertIn(self.pool_customer, items.partner_id)
        self.assertNotIn(self.owned_lead, items.lead_id)
        self.assertNotIn("email_from", self.env["crm.pool.item"]._fields)
        item = items.filtered(lambda i: i.lead_id == self.pool_lead)
        action = item.action_claim()
        self.assertEqual(action["context"]["default_lead_id"], self.pool_lead.id)

    def test_claim_approved_by_manager_gives_ownership(self):
        claim = self._claim(self.salesperson, self.pool_lead)
        self.assertEqual(claim.state, "requested")
        self.assertFalse(self.pool_lead.user_id)
        with self.assertRaises(UserError):
            claim.with_user(self.salesperson).action_approve()
        claim.with_user(self.manager).action_approve()
        self.assertEqual(claim.state, "approved")
        self.assertEqual(self.pool_lead.user_id, self.salesperson)
        log = self.env["crm.lead.allocation.log"].search(
            [("lead_id", "=", self.pool_lead.id)]
        )
        self.assertEqual(log.actor, "claim")

    def test_second_claim_rejected_when_first_approved(self):
        first = self._claim(self.salesperson, self.pool_customer)
        second = self._claim(self.rival, self.pool_customer)
        first.with_user(self.manager).action_approve()
        self.assertEqual(second.state, "rejected")
        self.assertEqual(self.pool_customer.user_id, self.salesperson)
        with self.assertRaises(UserError):
            second.with_user(self.manager).action_approve()

    def test_owned_record_cannot_be_claimed(self):
        with self.assertRaises(UserError):
            self._claim(self.salesperson, self.owned_lead)

    def test_auto_approval_setting(self):
        self.company.pool_claim_auto_approve = True
        claim = self._claim(self.salesperson, self.pool_lead)
        self.assertEqual(claim.state, "approved")
        self.assertEqual(self.pool_lead.user_id, self.salesperson)

    def test_limits_open_leads_and_claims_per_day(self):
        self.company.pool_max_open_leads = 1
        self.env["crm.lead"].create(
            {"name": "Mine", "team_id": self.team.id, "user_id": self.salesperson.id}
        )
        with self.assertRaises(UserError) as caught:
            self._claim(self.salesperson, self.pool_lead)
        self.assertIn("limit is 1", str(caught.exception))
        self.company.pool_max_open_leads = 0
        self.company.pool_max_claims_per_day = 1
        self._claim(self.salesperson, self.pool_lead)
        with self.assertRaises(UserError) as caught:
            self._claim(self.salesperson, self.pool_customer)
        self.assertIn("a day", str(caught.exception))

    def test_cooldown_before_claiming_back(self):
        self.env["crm.pool.release"].create(
            {
                "lead_id": self.pool_lead.id,
                "user_id": self.salesperson.id,
                "reason": "no_action",
            }
        )
        with self.assertRaises(UserError) as caught:
            self._claim(self.salesperson, self.pool_lead)
        self.assertIn("claim it back", str(caught.exception))
        self._claim(self.rival, self.pool_lead)  # others may
        later = fields.Datetime.now() + timedelta(days=30)
        with freeze_time(later):
            self._claim(self.salesperson, self.pool_lead)


@tagged("post_install", "-at_install")
class TestOwnership(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env, login="own_sp", groups="sales_team.group_sale_salesman"
        )
        cls.colleague = new_test_user(
            cls.env, login="own_colleague", groups="sales_team.group_sale_salesman"
        )
        cls.manager = new_test_user(
            cls.env, login="own_manager", groups="sales_team.group_sale_manager"
        )
        cls.lead = cls.env["crm.lead"].create(
            {"name": "Protected", "user_id": cls.salesperson.id}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Protected Co", "is_company": True, "user_id": cls.salesperson.id}
        )

    def test_salesperson_cannot_change_owner_by_write(self):
        for record in (self.lead, self.customer):
            with self.assertRaises(UserError):
                record.with_user(self.salesperson).write({"user_id": self.colleague.id})
            self.assertEqual(record.user_id, self.salesperson)

    def test_salesperson_cannot_change_owner_by_import(self):
        for record in (self.lead, self.customer):
            xmlid = f"__import__.owned_{record._table}_{record.id}"
            self.env["ir.model.data"].create(
                {
                    "module": "__import__",
                    "name": xmlid.split(".")[1],
                    "model": record._name,
                    "res_id": record.id,
                }
            )
            result = record.with_user(self.salesperson).load(
                ["id", "user_id/id"], [[xmlid, "base.user_admin"]]
            )
            self.assertTrue(result["messages"], result)
            self.assertEqual(record.user_id, self.salesperson)

    def test_salesperson_can_keep_owner_and_manager_can_change(self):
        self.lead.with_user(self.salesperson).write(
            {"user_id": self.salesperson.id, "name": "Renamed"}
        )
        self.lead.with_user(self.manager).write({"user_id": self.colleague.id})
        self.assertEqual(self.lead.user_id, self.colleague)

    def test_salesperson_registers_customers_for_himself_only(self):
        with self.assertRaises(UserError):
            self.env["res.partner"].with_user(self.salesperson).create(
                {"name": "Not for you", "user_id": self.colleague.id}
            )
        own = (
            self.env["res.partner"]
            .with_user(self.salesperson)
            .create({"name": "Mine", "user_id": self.salesperson.id})
        )
        self.assertTrue(own.owner_since)

    def test_transfer_approved_by_manager(self):
        transfer = (
            self.env["crm.pool.transfer"]
            .with_user(self.salesperson)
            .create(
                {
                    "partner_id": self.customer.id,
                    "from_user_id": self.salesperson.id,
                    "to_user_id": self.colleague.id,
                    "reason": "Moving to the north region",
                }
            )
        )
        with self.assertRaises(UserError):
            transfer.with_user(self.salesperson).action_approve()
        transfer.with_user(self.manager).action_approve()
        self.assertEqual(self.customer.user_id, self.colleague)
        release = self.env["crm.pool.release"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(
            (release.user_id, release.reason), (self.salesperson, "transfer")
        )


@tagged("post_install", "-at_install")
class TestClaimConcurrency(TransactionCase):
    """Two managers approve two claims on the same pool lead at the same
    moment, in two real database transactions: exactly one wins."""

    # Two real transactions need committed data and a commit of the winner.
    # pylint: disable=invalid-commit
    def test_simultaneous_approvals(self):
        registry = self.registry
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            lead = env["crm.lead"].create({"name": "Contested lead", "user_id": False})
            admin = env.ref("base.user_admin")
            demo = env.ref("base.user_demo")
            claims = env["crm.pool.claim"].create(
                [
                    {"lead_id": lead.id, "user_id": admin.id, "reason": "first"},
                    {"lead_id": lead.id, "user_id": demo.id, "reason": "second"},
                ]
            )
            ids = (lead.id, claims.ids)
            cr.commit()
        outcomes = []
        try:
            with registry.cursor() as cr1, registry.cursor() as cr2:
                env1 = api.Environment(cr1, admin.id, {})
                env2 = api.Environment(cr2, admin.id, {})
                env1["crm.pool.claim"].browse(ids[1][0]).action_approve()
                outcomes.append("first approved")
                try:
                    env2["crm.pool.claim"].browse(ids[1][1]).action_approve()
                    outcomes.append("second approved")
                except UserError as error:
                    outcomes.append(str(error))
                    cr2.rollback()
                cr1.commit()
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                lead = env["crm.lead"].browse(ids[0])
                self.assertEqual(lead.user_id, env.ref("base.user_admin"))
                states = env["crm.pool.claim"].browse(ids[1]).mapped("state")
                self.assertEqual(states, ["approved", "rejected"])
        finally:
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["crm.lead.allocation.log"].search(
                    [("lead_id", "=", ids[0])]
                ).unlink()
                env["crm.pool.claim"].browse(ids[1]).unlink()
                env["crm.lead"].browse(ids[0]).unlink()
                cr.commit()
        self.assertEqual(outcomes[0], "first approved")
        self.assertIn("right now", outcomes[1])
