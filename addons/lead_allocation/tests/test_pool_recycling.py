from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPoolRecycling(TransactionCase):
    """The three ownership-cycle rules, reminders and the dry run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner = new_test_user(
            cls.env, login="cycle_owner", groups="sales_team.group_sale_salesman"
        )
        cls.today = fields.Date.context_today(cls.env["crm.lead"])
        cls.engine = cls.env["crm.pool.engine"]

    def _lead(self, name, assigned_days_ago):
        lead = self.env["crm.lead"].create({"name": name, "user_id": self.owner.id})
        lead.date_open = datetime.combine(
            self.today - timedelta(days=assigned_days_ago), datetime.min.time()
        )
        return lead

    def _customer(self, name, owned_days_ago):
        partner = self.env["res.partner"].create(
            {"name": name, "is_company": True, "user_id": self.owner.id}
        )
        partner.owner_since = datetime.combine(
            self.today - timedelta(days=owned_days_ago), datetime.min.time()
        )
        return partner

    def _recycle(self):
        while self.engine._cron_recycle(batch_size=1000):
            pass

    def test_no_sales_action_for_60_days(self):
        idle = self._lead("Idle", 60)
        busy = self._lead("Busy", 60)
        with freeze_time(self.today - timedelta(days=10)):
            busy.with_user(self.owner).message_post(
                body="Called the buyer",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        company = idle.company_id
        self.assertTrue(company)
        self._recycle()
        self.assertFalse(idle.user_id)
        self.assertEqual(idle.pool_reason, "no_action")
        self.assertEqual(busy.user_id, self.owner)
        self.assertEqual(busy.pool_due_date, self.today + timedelta(days=50))
        release = self.env["crm.pool.release"].search([("lead_id", "=", idle.id)])
        self.assertEqual((release.user_id, release.reason), (self.owner, "no_action"))
        # the lead's company when it was released
        self.assertEqual(release.company_id, company)
        self.assertFalse(release.partner_id)
        # A re-run releases and logs nothing twice.
        self._recycle()
        self.assertEqual(
            self.env["crm.pool.release"].search_count([("lead_id", "=", idle.id)]), 1
        )

    def test_release_leaves_a_chatter_note_once(self):
        lead = self._lead("Forgotten", 61)
        customer = self._customer("Forgotten Customer Co", 400)

        def notes(record):
            return record.message_ids.filtered(
                lambda m: "Back to the pool" in (m.body or "")
            )

        self._recycle()
        self.assertFalse(lead.user_id)
        self.assertEqual(len(notes(lead)), 1)
        self.assertIn("No sales action", notes(lead).body)
        self.assertIn(self.owner.name, notes(lead).body)
        self.assertEqual(notes(lead).subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(len(notes(customer)), 1)
        self.assertIn("No confirmed order", notes(customer).body)
        self._recycle()
        lead.invalidate_recordset()
        self.assertEqual(len(notes(lead)), 1)

    def test_not_won_within_the_cycle(self):
        lead = self._lead("Endless", 365)
        lead.with_user(self.owner).message_post(
            body="Still discussing",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self._recycle()
        self.assertFalse(lead.user_id)
        self.assertEqual(lead.pool_reason, "cycle_expired")

    def test_customer_without_order_for_a_year(self):
        customer = self._customer("Silent Buyer", 365)
        recent = self._customer("Fresh Owner", 20)
        self._recycle()
        self.assertFalse(customer.user_id)
        self.assertEqual(customer.pool_reason, "no_order")
        self.assertEqual(recent.user_id, self.owner)
        release = self.env["crm.pool.release"].search(
            [("partner_id", "=", customer.id)]
        )
        self.assertEqual(
            (release.user_id, release.reason, release.company_id, release.lead_id),
            (self.owner, "no_order", customer.company_id, self.env["crm.lead"]),
        )

    def test_reminder_a_week_before_once(self):
        lead = self._lead("Almost idle", 55)
        self._recycle()
        self._recycle()
        activity_type = self.env.ref("lead_allocation.mail_activity_type_pool_reminder")
        reminders = self.env["mail.activity"].search(
            [
                ("res_model", "=", "crm.lead"),
                ("res_id", "=", lead.id),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        self.assertEqual(len(reminders), 1)
        self.assertEqual(reminders.user_id, self.owner)
        self.assertEqual(lead.user_id, self.owner)

    def test_dry_run_releases_nothing(self):
        lead = self._lead("Forecast", 70)
        self.engine.action_refresh_due_dates()
        self.assertEqual(lead.pool_due_reason, "no_action")
        self.assertEqual(lead.pool_due_date, self.today - timedelta(days=10))
        self.assertEqual(lead.user_id, self.owner)

    def test_won_after_the_day_forecast_is_not_recycled(self):
        """The later batches of a day reuse its forecast: what was won since
        is checked again, not released, and loses its due date."""
        won = self._lead("Won since the forecast", 70)
        self.engine.action_refresh_due_dates()
        self.env["ir.config_parameter"].set_param(
            "lead_allocation.pool_forecast_date", str(self.today)
        )
        self.assertEqual(won.pool_due_date, self.today - timedelta(days=10))
        won.action_set_won()
        self._recycle()
        self.assertEqual(won.user_id, self.owner)
        self.assertFalse(won.pool_due_date)
        self.assertFalse(won.pool_due_reason)
        self.assertFalse(
            self.env["crm.pool.release"].search([("lead_id", "=", won.id)])
        )

    def test_class_rule_overrides_the_default(self):
        lead = self._lead("Class D lead", 20)
        self.env["crm.pool.cycle.rule"].create(
            {"kind": "lead", "key": lead.allocation_class, "idle_days": 15}
        )
        self._recycle()
        self.assertFalse(lead.user_id)
