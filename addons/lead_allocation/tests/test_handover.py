"""The handover of a salesperson who leaves or changes post: his open leads,
opportunities and customers go to the pool, to a colleague or through the
fair rotation, with what hangs on them; archiving him before is refused."""

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AllocationCase


class HandoverCase(AllocationCase):
    company_name = "Handover Test Co"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leaver = cls._member("ho_leaver", cls.level_senior)
        cls.env["res.company"].browse(cls.company.id).pool_claim_cooldown_days = 30
        Lead = cls.env["crm.lead"]
        cls.leads = Lead.create(
            [
                {
                    "name": f"Leaver lead {index}",
                    "type": "lead",
                    "user_id": cls.leaver.id,
                    "team_id": cls.team.id,
                    "company_id": cls.company.id,
                    "expected_revenue": 1000.0,
                }
                for index in range(2)
            ]
        )
        cls.opportunity = Lead.create(
            {
                "name": "Leaver opportunity",
                "type": "opportunity",
                "user_id": cls.leaver.id,
                "team_id": cls.team.id,
                "company_id": cls.company.id,
                "expected_revenue": 1000.0,
            }
        )
        cls.won = Lead.create(
            {
                "name": "Leaver won deal",
                "type": "opportunity",
                "user_id": cls.leaver.id,
                "team_id": cls.team.id,
                "company_id": cls.company.id,
                "probability": 100,
            }
        )
        cls.customers = cls.env["res.partner"].create(
            [
                {
                    "name": f"Leaver customer {index}",
                    "is_company": True,
                    "user_id": cls.leaver.id,
                    "company_id": cls.company.id,
                }
                for index in range(4)
            ]
        )
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Buyer", "parent_id": cls.customers[0].id}
        )
        cls.key_person = cls.env["customer.key.person"].create(
            {
                "partner_id": cls.customers[0].id,
                "contact_id": cls.buyer.id,
                "decision_role": "financial_buyer",
                "relationship_status": "positive",
                "influence": "high",
                "holder_ids": [
                    Command.create({"user_id": cls.leaver.id, "level": "close"})
                ],
            }
        )
        cls.activity = cls.leads[0].activity_schedule(
            "mail.mail_activity_data_todo", user_id=cls.leaver.id, summary="Call"
        )
        cls.customer_activity = cls.customers[0].activity_schedule(
            "mail.mail_activity_data_todo", user_id=cls.leaver.id, summary="Visit"
        )
        cls.leads.message_subscribe(partner_ids=cls.leaver.partner_id.ids)
        cls.customers.message_subscribe(partner_ids=cls.leaver.partner_id.ids)

    def _wizard(self, **values):
        return (
            self.env["crm.handover.wizard"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=self.company.ids)
            .create({"user_id": self.leaver.id, **values})
        )

    def _handover(self, **values):
        action = self._wizard(**values).action_confirm()
        return self.env["crm.handover"].browse(action["res_id"])

    def _notes(self, record):
        return record.message_ids.filtered(
            lambda message: (
                "Handover of ho_leaver" in (message.body or "")
                or "Handover of" in (message.body or "")
            )
        )


@tagged("post_install", "-at_install")
class TestHandover(HandoverCase):
    def test_preview_counts_the_book(self):
        wizard = self._wizard()
        self.assertEqual(wizard.lead_count, 2)
        self.assertEqual(wizard.opportunity_count, 1)
        self.assertEqual(wizard.customer_count, 4)
        self.assertTrue(wizard.archive_user)
        wizard.reason = "change_of_post"
        self.assertFalse(wizard.archive_user)

    def test_everything_to_the_pool(self):
        report = self._handover(note="Left the company")
        book = [*(self.leads + self.opportunity), *self.customers]
        self.assertFalse(any(record.user_id for record in book))
        self.assertEqual({record.pool_reason for record in book}, {"departure"})
        releases = self.env["crm.pool.release"].search(
            [("user_id", "=", self.leaver.id)]
        )
        self.assertEqual(set(releases.mapped("reason")), {"departure"})
        self.assertEqual(len(releases), 7)
        # the won deal is no open lead: it stays his, nothing is deleted
        self.assertEqual(self.won.user_id, self.leaver)
        self.assertFalse(self.activity.exists())
        self.assertFalse(self.customer_activity.exists())
        self.assertFalse(self.key_person.holder_ids)
        for record in book:
            self.assertNotIn(self.leaver.partner_id, record.message_partner_ids)
        self.assertFalse(self.leaver.active)
        self.assertTrue(report.user_archived)
        self.assertEqual(report.manager_id, self.manager)
        self.assertEqual(report.company_id, self.company)
        self.assertEqual(len(report.line_ids), 7)
        self.assertEqual(set(report.line_ids.mapped("destination")), {"pool"})
        line = report.line_ids.filtered(lambda line: line.lead_id == self.leads[0])
        self.assertEqual(line.activities_cancelled, 1)
        self.assertEqual(
            report.line_ids.filtered(
                lambda line: line.partner_id == self.customers[0]
            ).holdings_removed,
            1,
        )
        for record in book:
            self.assertTrue(
                any(
                    "Handover of" in message.body and "in the pool" in message.body
                    for message in record.message_ids
                ),
                record.display_name,
            )
        self.assertTrue(report.message_ids)

    def test_colleagues_claim_a_departure_release_at_once(self):
        self._handover(archive_user=False)
        claim = (
            self.env["crm.pool.claim"]
            .with_user(self.intermediate_1)
            .create(
                {
                    "lead_id": self.leads[0].id,
                    "user_id": self.intermediate_1.id,
                    "reason": "I know them",
                }
            )
        )
        claim.with_user(self.manager).action_approve()
        self.assertEqual(self.leads[0].user_id, self.intermediate_1)
        # the leaving salesperson himself is cooling down
        with self.assertRaises(UserError):
            self.env["crm.pool.claim"].with_user(self.leaver).create(
                {
                    "lead_id": self.leads[1].id,
                    "user_id": self.leaver.id,
                    "reason": "Mine again",
                }
            )

    def test_to_a_colleague_with_approved_transfers(self):
        colleague = self.intermediate_1
        report = self._handover(
            lead_mode="colleague",
            lead_colleague_id=colleague.id,
            opportunity_mode="colleague",
            opportunity_colleague_id=colleague.id,
            customer_mode="colleague",
            customer_colleague_id=colleague.id,
        )
        book = [*(self.leads + self.opportunity), *self.customers]
        self.assertEqual({record.user_id for record in book}, {colleague})
        transfers = self.env["crm.pool.transfer"].search(
            [("from_user_id", "=", self.leaver.id)]
        )
        self.assertEqual(len(transfers), 7)
        self.assertEqual(set(transfers.mapped("state")), {"approved"})
        self.assertEqual(transfers.decided_by_id, self.manager)
        self.assertEqual(transfers.to_user_id, colleague)
        self.assertEqual(self.activity.user_id, colleague)
        self.assertEqual(self.customer_activity.user_id, colleague)
        self.assertEqual(self.key_person.holder_ids.user_id, colleague)
        self.assertEqual(self.key_person.holder_ids.level, "close")
        for record in book:
            self.assertIn(colleague.partner_id, record.message_partner_ids)
            self.assertNotIn(self.leaver.partner_id, record.message_partner_ids)
        self.assertEqual(report.colleague_count, 7)
        self.assertEqual(report.line_ids.to_user_id, colleague)
        self.assertEqual(
            report.line_ids.filtered(
                lambda line: line.lead_id == self.leads[0]
            ).activities_moved,
            1,
        )

    def test_rotation_splits_the_book_without_the_leaver(self):
        report = self._handover(lead_mode="rotation", customer_mode="rotation")
        self.assertTrue(all(self.leads.mapped("user_id")))
        self.assertNotIn(self.leaver, self.leads.user_id)
        self.assertNotIn(self.leaver, self.customers.user_id)
        self.assertFalse(self.opportunity.user_id)
        counts = self._counts(self.customers)
        self.assertEqual(len(counts), 4)
        self.assertEqual(set(counts.values()), {1})
        self.assertEqual(
            set(
                report.line_ids.filtered(lambda line: line.kind == "lead").mapped(
                    "destination"
                )
            ),
            {"rotation"},
        )
        self.assertEqual(
            self.env["crm.pool.transfer"].search_count(
                [("partner_id", "in", self.customers.ids), ("state", "=", "approved")]
            ),
            4,
        )
        self.assertIn(self.activity.user_id, self.leads.user_id)

    def test_colleague_must_be_an_active_salesperson_of_the_company(self):
        with self.assertRaises(UserError):
            self._handover(lead_mode="colleague")
        with self.assertRaises(UserError):
            self._handover(lead_mode="colleague", lead_colleague_id=self.leaver.id)
        self.assertEqual(self.leads.user_id, self.leaver)
        self.assertTrue(self.leaver.active)

    def test_pending_requests_are_rejected(self):
        pool_lead = self._leads("D", team=self.team)
        claim = (
            self.env["crm.pool.claim"]
            .with_user(self.leaver)
            .create(
                {"lead_id": pool_lead.id, "user_id": self.leaver.id, "reason": "Mine"}
            )
        )
        transfer = (
            self.env["crm.pool.transfer"]
            .with_user(self.leaver)
            .create(
                {
                    "lead_id": self.leads[1].id,
                    "to_user_id": self.senior.id,
                    "reason": "Please",
                }
            )
        )
        report = self._handover()
        self.assertEqual(claim.state, "rejected")
        self.assertEqual(transfer.state, "rejected")
        self.assertTrue(claim.decision_note)
        self.assertIn("rejected", report.summary)

    def test_change_of_post_keeps_the_user(self):
        report = self._handover(reason="change_of_post")
        self.assertTrue(self.leaver.active)
        self.assertFalse(report.user_archived)
        self.assertEqual(report.reason, "change_of_post")


@tagged("post_install", "-at_install")
class TestArchiveGuard(HandoverCase):
    def test_archiving_an_owner_is_refused_nothing_changes(self):
        with self.assertRaises(UserError) as caught:
            self.leaver.with_user(self.manager).write({"active": False})
        self.assertIn("handover", str(caught.exception))
        self.assertIn("3 open leads and 4 customers", str(caught.exception))
        self.assertTrue(self.leaver.active)
        self.assertEqual(self.leads.user_id, self.leaver)

    def test_action_archive_opens_the_handover(self):
        action = self.leaver.with_user(self.manager).action_archive()
        self.assertEqual(action["res_model"], "crm.handover.wizard")
        self.assertEqual(action["context"]["default_user_id"], self.leaver.id)
        self.assertTrue(self.leaver.active)

    def test_user_without_records_archives_as_before(self):
        idle = self._user("ho_idle", "sales_team.group_sale_salesman")
        idle.action_archive()
        self.assertFalse(idle.active)

    def test_archived_after_the_handover(self):
        self._handover()
        self.assertFalse(self.leaver.active)
        self.assertEqual(
            fields.first(
                self.env["crm.handover"].search([("user_id", "=", self.leaver.id)])
            ).state,
            "done",
        )

    def test_from_the_team_member(self):
        member = self._membership(self.leaver)
        wizard = (
            self.env["crm.handover.wizard"]
            .with_user(self.manager)
            .with_context(active_model="crm.team.member", active_id=member.id)
            .create({})
        )
        self.assertEqual(wizard.user_id, self.leaver)

    def test_archiving_a_member_who_owns_records_opens_the_handover(self):
        member = self._membership(self.leaver)
        action = member.with_user(self.manager).action_archive()
        self.assertEqual(action["res_model"], "crm.handover.wizard")
        self.assertTrue(member.active)
        self._handover(archive_user=False)
        member.with_user(self.manager).action_archive()
        self.assertFalse(member.active)
