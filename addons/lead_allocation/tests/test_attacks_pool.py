"""Attacks on the public pool, the claims, the transfers and the allocation.

Each test plays a salesperson who knows the API (``with_user`` with any
context, or the JSON-RPC call of the web client) and checks the refusal and
that nothing changed; the rest checks that ordinary data (an empty
probability, a won lead, a contact person) follows the pool's definitions.
"""

import threading
from datetime import datetime, timedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from odoo.addons.customer_tiering.tests.rpc_common import RpcAttackMixin

from .common import AllocationCase

SALESMAN = "sales_team.group_sale_salesman"
MANAGER = "sales_team.group_sale_manager"


class PoolAttackSetup:
    """Two companies, a salesperson of each, a rival and a manager in A."""

    @classmethod
    def _setup_pool(cls):
        cls.company_a = cls.env["res.company"].create({"name": "Pool Co A"})
        cls.company_b = cls.env["res.company"].create({"name": "Pool Co B"})
        cls.env.user.company_ids |= cls.company_a | cls.company_b

        def user(login, company, groups=SALESMAN):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )

        cls.seller = user("atk_seller", cls.company_a)
        cls.rival = user("atk_rival", cls.company_a)
        cls.manager = user("atk_manager", cls.company_a, MANAGER)
        cls.seller_b = user("atk_seller_b", cls.company_b)
        # a salesperson of every company: he may read every owned record
        cls.roamer = user("atk_roamer", cls.company_a)
        cls.roamer.company_ids = cls.env["res.company"].search([])
        cls.today = fields.Date.context_today(cls.env["crm.lead"])
        Lead = cls.env["crm.lead"].with_context(tracking_disable=True)
        cls.pool_lead = Lead.create(
            {"name": "Pool lead A", "company_id": cls.company_a.id, "user_id": False}
        )
        cls.pool_lead_b = Lead.create(
            {"name": "Pool lead B", "company_id": cls.company_b.id, "user_id": False}
        )
        cls.owned_lead = Lead.create(
            {
                "name": "Seller's lead",
                "company_id": cls.company_a.id,
                "user_id": cls.seller.id,
            }
        )
        Partner = cls.env["res.partner"].with_context(tracking_disable=True)
        cls.pool_customer_b = Partner.create(
            {
                "name": "Pool Customer B",
                "is_company": True,
                "company_id": cls.company_b.id,
            }
        )
        cls.pool_customer_a = Partner.create(
            {
                "name": "Pool Customer A",
                "is_company": True,
                "company_id": cls.company_a.id,
            }
        )

    def _null_probability(self, leads):
        """What Odoo's scoring leaves on a company without won and lost
        history."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET probability = NULL WHERE id = ANY(%s)", [leads.ids]
        )
        leads.invalidate_recordset(["probability"])

    def _assigned_days_ago(self, lead, days):
        lead.date_open = datetime.combine(
            self.today - timedelta(days=days), datetime.min.time()
        )

    def _recycle(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "lead_allocation.pool_forecast_date", False
        )
        while self.env["crm.pool.engine"]._cron_recycle(batch_size=1000):
            pass


@tagged("post_install", "-at_install")
class TestPoolAttacks(PoolAttackSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pool()

    def _claim(self, user, record, **values):
        field = "lead_id" if record._name == "crm.lead" else "partner_id"
        return (
            self.env["crm.pool.claim"]
            .with_user(user)
            .with_company(user.company_id)
            .create({field: record.id, "reason": "I know them", **values})
        )

    # ------------------------------------------------------------------
    # route 1: an empty probability is an open lead
    # ------------------------------------------------------------------
    def test_route1_null_probability_lead_is_recycled_listed_and_claimable(self):
        owned = self.env["crm.lead"].create(
            {
                "name": "Unscored",
                "company_id": self.company_a.id,
                "user_id": self.seller.id,
            }
        )
        self._assigned_days_ago(owned, 70)
        self._null_probability(owned | self.pool_lead)
        self._recycle()
        self.assertFalse(owned.user_id, "an unscored lead is recycled")
        self.assertEqual(owned.pool_reason, "no_action")
        self.env.flush_all()
        items = self.env["crm.pool.item"].with_user(self.rival).search([])
        self.assertIn(self.pool_lead, items.lead_id)
        self.assertIn(owned, items.lead_id)
        claim = self._claim(self.rival, self.pool_lead)
        self.assertEqual(claim.state, "requested")

    def test_route1_null_probability_lead_is_reminded(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Unscored",
                "company_id": self.company_a.id,
                "user_id": self.seller.id,
            }
        )
        self._assigned_days_ago(lead, 55)
        self._null_probability(lead)
        self._recycle()
        reminder = self.env["mail.activity"].search(
            [
                ("res_model", "=", "crm.lead"),
                ("res_id", "=", lead.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("lead_allocation.mail_activity_type_pool_reminder").id,
                ),
            ]
        )
        self.assertEqual(reminder.user_id, self.seller)

    # ------------------------------------------------------------------
    # route 2: what is no longer open or no longer a customer is not recycled
    # ------------------------------------------------------------------
    def test_route2_won_lead_keeps_its_owner(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Won later",
                "company_id": self.company_a.id,
                "user_id": self.seller.id,
            }
        )
        self._assigned_days_ago(lead, 70)
        self.env["crm.pool.engine"]._refresh_due_dates(self.today)
        self.assertTrue(lead.pool_due_date)
        lead.action_set_won()
        self._recycle()
        self.assertEqual(lead.user_id, self.seller)
        self.assertFalse(lead.pool_due_date)
        self.assertFalse(
            self.env["crm.pool.release"].search([("lead_id", "=", lead.id)])
        )

    def test_route2_won_lead_is_not_released_even_with_a_stale_due_date(self):
        lead = self.env["crm.lead"].create(
            {"name": "Won", "company_id": self.company_a.id, "user_id": self.seller.id}
        )
        lead.action_set_won()
        lead.sudo().write({"pool_due_date": self.today, "pool_due_reason": "no_action"})
        self.env["ir.config_parameter"].sudo().set_param(
            "lead_allocation.pool_forecast_date", str(self.today)
        )
        self.env["crm.pool.engine"]._cron_recycle()
        self.assertEqual(lead.user_id, self.seller)
        self.assertFalse(lead.pool_due_date)

    def test_route2_customer_that_became_a_contact_keeps_its_owner(self):
        parent = self.env["res.partner"].create(
            {"name": "Group", "is_company": True, "user_id": self.seller.id}
        )
        partner = self.env["res.partner"].create(
            {"name": "Subsidiary", "is_company": True, "user_id": self.seller.id}
        )
        partner.owner_since = datetime.combine(
            self.today - timedelta(days=400), datetime.min.time()
        )
        self.env["crm.pool.engine"]._refresh_due_dates(self.today)
        self.assertTrue(partner.pool_due_date)
        partner.parent_id = parent
        self._recycle()
        self.assertEqual(partner.user_id, self.seller)
        self.assertFalse(partner.pool_due_date)

    # ------------------------------------------------------------------
    # routes 5, 7, 11: no context key, no client state, no engine for all
    # ------------------------------------------------------------------
    def test_route5_auto_context_does_not_approve(self):
        claim = self._claim(self.seller, self.pool_lead)
        for context in (
            {"pool_claim_auto": True},
            {"lead_allocation_owner_change": True},
        ):
            with self.assertRaises(AccessError):
                claim.with_user(self.seller).with_context(**context).action_approve()
            with self.assertRaises(UserError):
                self.pool_lead.with_user(self.seller).with_context(**context).write(
                    {"user_id": self.seller.id}
                )
        self.assertEqual(claim.state, "requested")
        self.assertFalse(self.pool_lead.user_id)

    def test_route7_claim_state_from_the_client_is_ignored(self):
        claim = self._claim(
            self.seller,
            self.pool_lead,
            state="approved",
            decided_by_id=self.manager.id,
            user_id=self.rival.id,
        )
        self.assertEqual(claim.state, "requested")
        self.assertFalse(claim.decided_by_id)
        self.assertEqual(claim.user_id, self.seller, "a salesperson claims for himself")
        for vals in (
            {"state": "approved"},
            {"state": "cancelled"},
            {"decided_on": fields.Datetime.now()},
        ):
            with self.assertRaises(AccessError):
                claim.with_user(self.seller).write(vals)
        with self.assertRaises(AccessError):
            claim.with_user(self.manager).write({"state": "approved"})
        self.assertEqual(claim.state, "requested")
        self.assertFalse(self.pool_lead.user_id)

    def test_route7_transfer_state_from_the_client_is_ignored(self):
        transfer = (
            self.env["crm.pool.transfer"]
            .with_user(self.seller)
            .create(
                {
                    "lead_id": self.owned_lead.id,
                    "from_user_id": self.rival.id,
                    "to_user_id": self.rival.id,
                    "reason": "He asked",
                    "state": "approved",
                }
            )
        )
        self.assertEqual(transfer.state, "requested")
        self.assertEqual(transfer.from_user_id, self.seller)
        with self.assertRaises(AccessError):
            transfer.with_user(self.seller).write({"state": "approved"})
        with self.assertRaises(UserError):
            transfer.with_user(self.seller).action_approve()
        with self.assertRaises(UserError):
            transfer.with_user(self.rival).action_reject()
        self.assertEqual(transfer.state, "requested")
        self.assertEqual(self.owned_lead.user_id, self.seller)
        # nor may he hand over a colleague's lead
        rival_lead = self.env["crm.lead"].create(
            {
                "name": "Rival's",
                "company_id": self.company_a.id,
                "user_id": self.rival.id,
            }
        )
        with self.assertRaises(AccessError):
            self.env["crm.pool.transfer"].with_user(self.seller).create(
                {
                    "lead_id": rival_lead.id,
                    "from_user_id": self.rival.id,
                    "to_user_id": self.seller.id,
                    "reason": "mine now",
                }
            )

    def test_route11_engines_refuse_salespeople(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Forecast",
                "company_id": self.company_a.id,
                "user_id": self.seller.id,
            }
        )
        self._assigned_days_ago(lead, 70)
        self.env.flush_all()
        with self.assertRaises(AccessError):
            self.env["crm.pool.engine"].with_user(
                self.seller
            ).action_refresh_due_dates()
        self.assertFalse(lead.pool_due_date)
        with self.assertRaises(UserError):
            self.env["crm.lead.allocation.engine"].with_user(
                self.seller
            ).action_allocate_all()
        team = self.env["crm.team"].create(
            {
                "name": "Fair A",
                "company_id": self.company_a.id,
                "use_fair_allocation": True,
            }
        )
        with self.assertRaises(UserError):
            team.with_user(self.seller).action_allocate_now()
        claim = self._claim(self.seller, self.pool_lead)
        with self.assertRaises(UserError):
            claim.with_user(self.rival).action_reject()
        self.assertEqual(claim.state, "requested")
        self.env["crm.pool.engine"].with_user(self.manager).action_refresh_due_dates()
        self.assertTrue(lead.pool_due_date)

    # ------------------------------------------------------------------
    # route 12: the pool's privacy
    # ------------------------------------------------------------------
    def test_route12_released_owner_stops_following(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Followed",
                "company_id": self.company_a.id,
                "user_id": self.seller.id,
            }
        )
        lead.message_subscribe(partner_ids=self.seller.partner_id.ids)
        self.assertIn(self.seller.partner_id, lead.message_partner_ids)
        self._assigned_days_ago(lead, 70)
        self._recycle()
        self.assertFalse(lead.user_id)
        self.assertNotIn(self.seller.partner_id, lead.message_partner_ids)

    def _pooled_customer_with_contact(self):
        customer = self.env["res.partner"].create(
            {
                "name": "Released Customer",
                "is_company": True,
                "company_id": self.company_a.id,
                "user_id": self.seller.id,
                "phone": "+86 21 5555 0100",
                "email": "buyer@released.example",
            }
        )
        contact = self.env["res.partner"].create(
            {
                "name": "Released Buyer",
                "parent_id": customer.id,
                "phone": "+86 139 0000 0100",
                "email": "li@released.example",
            }
        )
        # what the recycling writes when the customer goes back to the pool
        customer.sudo().write({"user_id": False, "pooled_date": fields.Datetime.now()})
        return customer, contact

    def test_route12_pool_customer_file_is_hidden_from_salespeople(self):
        customer, contact = self._pooled_customer_with_contact()
        files = customer | contact
        for user in (self.seller, self.rival):
            Partner = self.env["res.partner"].with_user(user)
            self.assertFalse(Partner.search([("id", "in", files.ids)]))
            self.assertFalse(Partner.search([("email", "ilike", "released.example")]))
            for record in files:
                with self.assertRaises(AccessError):
                    record.with_user(user).read(["phone", "email"])
        self.assertEqual(
            self.env["res.partner"]
            .with_user(self.manager)
            .search([("id", "in", files.ids)]),
            files,
        )
        # it stays claimable through the Public Pool, without its file
        item = (
            self.env["crm.pool.item"]
            .with_user(self.rival)
            .search([("partner_id", "=", customer.id)])
        )
        self.assertEqual(item.name, "Released Customer")
        claim = self._claim(self.rival, customer)
        claim.with_user(self.manager).action_approve()
        self.assertEqual(customer.user_id, self.rival)
        self.assertEqual(
            self.env["res.partner"]
            .with_user(self.rival)
            .search([("id", "in", files.ids)]),
            files,
        )

    def test_route12_released_lead_is_not_its_registrants_any_more(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.seller)
            .create(
                {"name": "Registered by the seller", "email_from": "x@lead12.example"}
            )
        )
        self.assertEqual(lead.registered_by_id, self.seller)
        lead.sudo().write({"user_id": False, "pooled_date": fields.Datetime.now()})
        with self.assertRaises(AccessError):
            lead.with_user(self.seller).read(["email_from"])
        self.assertFalse(
            self.env["crm.lead"].with_user(self.seller).search([("id", "=", lead.id)])
        )

    def test_route12_transferred_owner_stops_following(self):
        self.owned_lead.message_subscribe(partner_ids=self.seller.partner_id.ids)
        transfer = (
            self.env["crm.pool.transfer"]
            .with_user(self.seller)
            .create(
                {
                    "lead_id": self.owned_lead.id,
                    "to_user_id": self.rival.id,
                    "reason": "Leaving the region",
                }
            )
        )
        transfer.with_user(self.manager).action_approve()
        self.assertEqual(self.owned_lead.user_id, self.rival)
        self.assertNotIn(self.seller.partner_id, self.owned_lead.message_partner_ids)

    def test_route12_activity_report_hides_pool_leads(self):
        partner = self.env["res.partner"].create({"name": "Secret Buyer"})
        self.pool_lead.partner_id = partner
        self.pool_lead.message_post(
            body="Private call notes",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            mail_activity_type_id=self.env.ref("mail.mail_activity_data_call").id,
        )
        self.owned_lead.message_post(
            body="My call",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            mail_activity_type_id=self.env.ref("mail.mail_activity_data_call").id,
        )
        self.env.flush_all()
        Report = self.env["crm.activity.report"]
        self.assertTrue(Report.search([("lead_id", "=", self.pool_lead.id)]))
        rows = Report.with_user(self.seller).search(
            [("lead_id", "in", (self.pool_lead | self.owned_lead).ids)]
        )
        self.assertEqual(rows.lead_id, self.owned_lead)

    # ------------------------------------------------------------------
    # route 13: merging another's lead
    # ------------------------------------------------------------------
    def test_route13_merge_with_a_pool_lead_is_refused(self):
        registered = self.env["crm.lead"].create(
            {
                "name": "Registered to pool",
                "company_id": self.company_a.id,
                "user_id": False,
            }
        )
        # Registered by him, then released: the pool's now, not his to merge.
        registered.sudo().write(
            {"registered_by_id": self.seller.id, "pooled_date": fields.Datetime.now()}
        )
        leads = (self.owned_lead | registered).with_user(self.seller)
        with self.assertRaises(AccessError):
            leads.merge_opportunity()
        wizard = (
            self.env["crm.merge.opportunity"]
            .with_user(self.seller)
            .create({"opportunity_ids": [Command.set(leads.ids)]})
        )
        # He does not even read the pool lead: the wizard has one lead left.
        with self.assertRaises(UserError):
            wizard.action_merge()
        self.assertTrue(registered.exists())
        self.assertFalse(registered.user_id)
        own = self.env["crm.lead"].create(
            {
                "name": "Seller's other",
                "company_id": self.company_a.id,
                "user_id": self.seller.id,
            }
        )
        kept = (self.owned_lead | own).with_user(self.seller).merge_opportunity()
        # What he registered for the pool himself and could still take is
        # his to merge, as Odoo's convert wizard does.
        fresh = (
            self.env["crm.lead"]
            .with_user(self.seller)
            .create({"name": "Fresh registration", "user_id": False})
        )
        self.assertEqual(fresh.registered_by_id, self.seller)
        merged = (kept | fresh).with_user(self.seller).merge_opportunity()
        self.assertEqual(merged.sudo().user_id, self.seller)
        self.assertEqual(len((kept | fresh).exists()), 1)

    # ------------------------------------------------------------------
    # route 14: companies
    # ------------------------------------------------------------------
    def test_route14_pool_lists_own_companies_only(self):
        self.env.flush_all()
        items = self.env["crm.pool.item"].with_user(self.seller).search([])
        self.assertIn(self.pool_lead, items.lead_id)
        self.assertIn(self.pool_customer_a, items.partner_id)
        self.assertNotIn(self.pool_lead_b, items.lead_id)
        self.assertNotIn(self.pool_customer_b, items.partner_id)
        items_b = self.env["crm.pool.item"].with_user(self.seller_b).search([])
        self.assertIn(self.pool_lead_b, items_b.lead_id)
        self.assertNotIn(self.pool_lead, items_b.lead_id)

    def test_route14_other_company_record_cannot_be_claimed(self):
        self.company_a.pool_claim_auto_approve = True
        for record in (self.pool_lead_b, self.pool_customer_b):
            with self.assertRaises(UserError):
                self._claim(self.seller, record)
            with self.assertRaises(UserError):
                self._claim(self.seller, record, company_id=self.company_b.id)
            self.assertFalse(record.user_id)
        self.assertFalse(
            self.env["crm.pool.claim"].search([("user_id", "=", self.seller.id)])
        )

    def test_route14_claim_company_is_the_record_company(self):
        self.company_b.pool_claim_auto_approve = True
        claim = self._claim(self.seller, self.pool_lead, company_id=self.company_b.id)
        self.assertEqual(claim.company_id, self.company_a)
        self.assertEqual(claim.state, "requested", "A approves by hand")
        self.assertFalse(self.pool_lead.user_id)
        claims_b = self.env["crm.pool.claim"].with_user(self.seller_b).search([])
        self.assertNotIn(claim, claims_b)

    def test_route14_releases_and_rules_stay_in_their_company(self):
        release = self.env["crm.pool.release"].create(
            {
                "lead_id": self.pool_lead_b.id,
                "user_id": self.seller_b.id,
                "reason": "manager",
                "company_id": self.company_a.id,
            }
        )
        # The company is the released lead's, whatever the values say.
        self.assertEqual(release.company_id, self.company_b)
        self.assertFalse(
            self.env["crm.pool.release"]
            .with_user(self.manager)
            .search([("id", "=", release.id)])
        )
        rule_b = self.env["crm.pool.cycle.rule"].create(
            {
                "kind": "lead",
                "key": "A",
                "idle_days": 5,
                "company_id": self.company_b.id,
            }
        )
        self.assertNotIn(
            rule_b, self.env["crm.pool.cycle.rule"].with_user(self.seller).search([])
        )
        self.assertIn(
            rule_b, self.env["crm.pool.cycle.rule"].with_user(self.seller_b).search([])
        )

    def test_route14_direct_allocation_stays_in_the_company(self):
        wizard = (
            self.env["crm.lead.allocate.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "lead_ids": [Command.set(self.pool_lead.ids)],
                    "user_id": self.seller_b.id,
                    "reason": "He is free",
                }
            )
        )
        with self.assertRaises(UserError):
            wizard.action_allocate()
        self.assertFalse(self.pool_lead.user_id)

    def test_route14_registration_conflict_is_not_claimable(self):
        self.pool_lead.sudo().registration_conflict = True
        self.env.flush_all()
        items = self.env["crm.pool.item"].with_user(self.seller).search([])
        self.assertNotIn(self.pool_lead, items.lead_id)
        with self.assertRaises(UserError):
            self._claim(self.seller, self.pool_lead)


@tagged("post_install", "-at_install")
class TestAllocationAttacks(AllocationCase):
    """Route 3: the rotation gives back nothing its owner could not claim
    back, and leaves registration conflicts to the manager."""

    def test_route3_released_lead_does_not_go_back_to_its_owner(self):
        for member in self.env["crm.team.member"].search(
            [("crm_team_id", "=", self.team.id), ("user_id", "!=", self.junior.id)]
        ):
            member.allocation_opt_out = True
        lead = self._leads("D")
        self.env["crm.pool.release"].create(
            {"lead_id": lead.id, "user_id": self.junior.id, "reason": "no_action"}
        )
        self._allocate(lead)
        self.assertFalse(lead.user_id)
        self.assertIn("may not have it back", lead.allocation_block_reason)
        # Once the cool-down is over, he may.
        later = fields.Datetime.now() + timedelta(days=31)
        self.env["crm.lead.allocation.engine"]._allocate(lead, now=later)
        self.assertEqual(lead.user_id, self.junior)

    def test_route3_cool_down_skips_to_the_next_member(self):
        leads = self._leads("D", 4)
        for lead in leads:
            self.env["crm.pool.release"].create(
                {"lead_id": lead.id, "user_id": self.junior.id, "reason": "no_action"}
            )
        self._allocate(leads)
        self.assertTrue(all(leads.mapped("user_id")))
        self.assertNotIn(self.junior, leads.user_id)

    def test_route3_registration_conflicts_wait_for_the_manager(self):
        lead = self._leads("D")
        lead.sudo().write({"registration_conflict": True})
        self._allocate(lead)
        self.assertFalse(lead.user_id)


@tagged("post_install", "-at_install")
class TestPoolAttacksRpc(PoolAttackSetup, RpcAttackMixin, HttpCase):
    """The same attacks over JSON-RPC, with the context a client sends."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pool()

    def _context(self, user, **extra):
        return {"allowed_company_ids": user.company_ids.ids, **extra}

    def test_rpc_refresh_due_dates_refused(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Forecast",
                "company_id": self.company_a.id,
                "user_id": self.seller.id,
            }
        )
        self._assigned_days_ago(lead, 70)
        for user in (self.seller, self.roamer):
            self.assertRpcRefused(
                user.login,
                "crm.pool.engine",
                "action_refresh_due_dates",
                context=self._context(user),
            )
        self.assertFalse(lead.pool_due_date)

    def test_rpc_pool_customer_file_is_hidden(self):
        customer = self.env["res.partner"].create(
            {
                "name": "Released over RPC",
                "is_company": True,
                "company_id": self.company_a.id,
                "phone": "+86 21 5555 0199",
            }
        )
        customer.sudo().write({"pooled_date": fields.Datetime.now()})
        found = self.rpc(
            "atk_rival",
            "res.partner",
            "search_read",
            [("id", "=", customer.id)],
            ["phone"],
            context=self._context(self.rival),
        )
        self.assertEqual(found, [])
        self.assertRpcRefused(
            "atk_rival",
            "res.partner",
            "read",
            [customer.id],
            ["phone"],
            context=self._context(self.rival),
        )

    def test_rpc_claim_with_state_and_auto_context(self):
        claim_id = self.rpc(
            "atk_seller",
            "crm.pool.claim",
            "create",
            {
                "lead_id": self.pool_lead.id,
                "reason": "mine",
                "state": "approved",
                "company_id": self.company_b.id,
            },
            context=self._context(self.seller, pool_claim_auto=True),
        )
        claim = self.env["crm.pool.claim"].browse(claim_id)
        self.assertEqual(claim.state, "requested")
        self.assertEqual(claim.company_id, self.company_a)
        self.assertRpcRefused(
            "atk_seller",
            "crm.pool.claim",
            "action_approve",
            [claim_id],
            context=self._context(
                self.seller, pool_claim_auto=True, lead_allocation_owner_change=True
            ),
        )
        self.assertRpcRefused(
            "atk_seller",
            "crm.pool.claim",
            "write",
            [claim_id],
            {"state": "approved"},
            context=self._context(self.seller),
        )
        self.assertEqual(claim.state, "requested")
        self.assertFalse(self.pool_lead.user_id)

    def test_rpc_claim_other_company_refused(self):
        self.company_a.pool_claim_auto_approve = True
        self.company_b.pool_claim_auto_approve = True
        self.assertRpcRefused(
            "atk_seller",
            "crm.pool.claim",
            "create",
            {"partner_id": self.pool_customer_b.id, "reason": "mine"},
            context=self._context(self.seller),
        )
        self.assertFalse(self.pool_customer_b.user_id)
        items = self.rpc(
            "atk_seller",
            "crm.pool.item",
            "search_read",
            [],
            ["lead_id", "partner_id"],
            context=self._context(self.seller),
        )
        seen = {item["lead_id"] and item["lead_id"][0] for item in items} | {
            item["partner_id"] and item["partner_id"][0] for item in items
        }
        self.assertNotIn(self.pool_lead_b.id, seen)
        self.assertNotIn(self.pool_customer_b.id, seen)

    def test_rpc_merge_pool_lead_refused(self):
        registered = self.env["crm.lead"].create(
            {
                "name": "Registered to pool",
                "company_id": self.company_a.id,
                "user_id": False,
            }
        )
        registered.sudo().write(
            {"registered_by_id": self.seller.id, "pooled_date": fields.Datetime.now()}
        )
        self.assertRpcRefused(
            "atk_seller",
            "crm.lead",
            "merge_opportunity",
            (self.owned_lead | registered).ids,
            context=self._context(self.seller),
        )
        self.assertTrue(registered.exists())

    def test_rpc_allocate_refused(self):
        self.assertRpcRefused(
            "atk_seller",
            "crm.lead.allocation.engine",
            "action_allocate_all",
            context=self._context(self.seller),
        )


@tagged("post_install", "-at_install")
class TestClaimRace(TransactionCase):
    """Route 4: two salespeople claim the same pool lead at the same moment
    with automatic approval, in two real transactions: exactly one owns it,
    the other is told why."""

    # Two real transactions need committed data.
    # pylint: disable=invalid-commit
    def _committed_setup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            users = env["res.users"].create(
                [
                    {
                        "name": f"Racer {index}",
                        "login": f"pool_racer_{index}",
                        "company_id": company.id,
                        "company_ids": [Command.set(company.ids)],
                        "groups_id": [Command.set([env.ref(SALESMAN).id])],
                    }
                    for index in range(2)
                ]
            )
            auto = company.pool_claim_auto_approve
            company.pool_claim_auto_approve = True
            cr.commit()
            return company.id, users.ids, auto

    def _committed_teardown(self, company_id, user_ids, auto, lead_ids):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["crm.lead.allocation.log"].search(
                [("lead_id", "in", lead_ids)]
            ).unlink()
            env["crm.pool.claim"].search([("user_id", "in", user_ids)]).unlink()
            env["crm.lead"].browse(lead_ids).unlink()
            env["res.company"].browse(company_id).pool_claim_auto_approve = auto
            users = env["res.users"].browse(user_ids)
            partners = users.partner_id
            users.unlink()
            partners.unlink()
            cr.commit()

    def _race(self, lead_id, user_ids):
        barrier = threading.Barrier(2)
        outcomes = {}

        def claim(user_id):
            with self.registry.cursor() as cr:
                env = api.Environment(cr, user_id, {})
                barrier.wait(timeout=10)
                try:
                    env["crm.pool.claim"].create({"lead_id": lead_id, "reason": "race"})
                    cr.commit()
                    outcomes[user_id] = "won"
                except UserError as error:
                    cr.rollback()
                    outcomes[user_id] = str(error)

        threads = [threading.Thread(target=claim, args=(uid,)) for uid in user_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        return outcomes

    def test_route4_exactly_one_simultaneous_auto_claim_wins(self):
        company_id, user_ids, auto = self._committed_setup()
        lead_ids = []
        try:
            for attempt in range(5):
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    lead = env["crm.lead"].create(
                        {
                            "name": f"Raced lead {attempt}",
                            "company_id": company_id,
                            "user_id": False,
                        }
                    )
                    lead_ids.append(lead.id)
                    cr.commit()
                outcomes = self._race(lead_ids[-1], user_ids)
                winners = [uid for uid, result in outcomes.items() if result == "won"]
                self.assertEqual(len(winners), 1, outcomes)
                loser = next(uid for uid in user_ids if uid not in winners)
                self.assertRegex(
                    outcomes[loser], "right now|already taken|not in the pool"
                )
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    lead = env["crm.lead"].browse(lead_ids[-1])
                    self.assertEqual(lead.user_id.id, winners[0])
                    claims = env["crm.pool.claim"].search([("lead_id", "=", lead.id)])
                    self.assertEqual(claims.mapped("state"), ["approved"])
        finally:
            self._committed_teardown(company_id, user_ids, auto, lead_ids)
