from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import AllocationCase


@tagged("post_install", "-at_install")
class TestAllocation(AllocationCase):
    def test_fair_split_among_eligible_levels(self):
        leads = self._leads("C", 9)
        summary = self._allocate()
        self.assertEqual(summary, {"allocated": 9, "waiting": 0})
        self.assertEqual(
            self._counts(leads),
            {self.intermediate_1: 3, self.intermediate_2: 3, self.junior: 3},
        )
        logs = self.env["crm.lead.allocation.log"].search(
            [("lead_id", "in", leads.ids)]
        )
        self.assertEqual(len(logs), 9)
        self.assertEqual(set(logs.mapped("actor")), {"scheduled"})
        self.assertEqual(set(logs.mapped("lead_class")), {"C"})
        self.assertEqual(
            logs.filtered(lambda log: log.user_id == self.junior).level_id,
            self.level_junior,
        )

    def test_class_goes_to_its_levels(self):
        a_leads = self._leads("A", 2)
        d_leads = self._leads("D", 2)
        self._allocate()
        self.assertEqual(a_leads.user_id, self.senior)
        self.assertEqual(d_leads.user_id, self.junior)

    def test_judged_class_decides(self):
        lead = self._leads("D")
        lead.with_user(self.intake).judged_class = "A"
        self._allocate()
        self.assertEqual(lead.user_id, self.senior)

    def test_fairness_counts_the_month_so_far(self):
        first = self._leads("C", 2)
        self._allocate()
        self.assertEqual(len(first.user_id), 2)
        later = self._leads("C", 1)
        self._allocate()
        # the member who got nothing yet is next
        self.assertNotIn(later.user_id, first.user_id)

    def test_weight(self):
        self._membership(self.intermediate_1).allocation_weight = 2
        self._membership(self.junior).allocation_opt_out = True
        leads = self._leads("C", 6)
        self._allocate()
        self.assertEqual(
            self._counts(leads), {self.intermediate_1: 4, self.intermediate_2: 2}
        )

    def test_capacity_counts_the_last_30_days(self):
        """Odoo's capacity: assignment_max minus the leads assigned to the
        member in the team during the last 30 days."""
        self._membership(self.intermediate_2).assignment_max = 1
        self._leads("C", 1, user_id=self.intermediate_2.id)
        self._membership(self.junior).assignment_max = 2
        leads = self._leads("C", 6)
        summary = self._allocate()
        counts = self._counts(leads)
        self.assertNotIn(self.intermediate_2, counts)
        self.assertEqual(counts[self.junior], 2)
        self.assertEqual(counts[self.intermediate_1], 4)
        self.assertEqual(summary["waiting"], 0)

    def test_capacity_exhausted_leaves_the_lead_waiting(self):
        self._membership(self.senior).assignment_max = 1
        leads = self._leads("A", 2)
        self._allocate()
        waiting = leads.filtered(lambda lead: not lead.user_id)
        self.assertEqual(len(waiting), 1)
        self.assertIn("1 at capacity", waiting.allocation_block_reason)

    def test_class_capacity(self):
        """A per-class capacity counts only that class's leads of the last
        30 days; the other classes still reach the member."""
        self._capacity(self.intermediate_2, "B", 1)
        self._leads("B", 1, user_id=self.intermediate_2.id)
        self._capacity(self.intermediate_1, "B", 2)
        b_leads = self._leads("B", 2)
        self._allocate()
        counts = self._counts(b_leads)
        self.assertNotIn(self.intermediate_2, counts)
        self.assertEqual(counts[self.senior], 1)
        self.assertEqual(counts[self.intermediate_1], 1)
        c_leads = self._leads("C", 2)
        self._allocate()
        self.assertIn(self.intermediate_2, self._counts(c_leads))
        # senior and intermediate_1 full for B: the next B waits at capacity
        self._capacity(self.senior, "B", 1)
        self._capacity(self.intermediate_1, "B", 1)
        waiting = self._leads("B")
        self._allocate()
        self.assertFalse(waiting.user_id)
        self.assertIn("at capacity", waiting.allocation_block_reason)

    def _capacity(self, user, lead_class, capacity):
        member = self._membership(user)
        row = member.capacity_ids.filtered(lambda r: r.lead_class == lead_class)
        if row:
            row.capacity = capacity
        else:
            member.capacity_ids = [
                Command.create({"lead_class": lead_class, "capacity": capacity})
            ]

    def test_class_capacity_validation(self):
        with self.assertRaises(ValidationError) as catch, self.env.cr.savepoint():
            self._capacity(self.junior, "D", -1)
        self.assertIn("Max Leads", str(catch.exception))
        self.assertFalse(self._membership(self.junior).capacity_ids)

    def test_only_pending_leads_of_fair_teams(self):
        native_team = self.env["crm.team"].create(
            {"name": "Native Team", "company_id": self.company.id}
        )
        native_lead = self._leads("C", team=native_team)
        owned = self._leads("C", user_id=self.manager.id)
        lost = self._leads("C")
        lost.action_set_lost()
        self._allocate()
        self.assertFalse(native_lead.user_id)
        self.assertEqual(owned.user_id, self.manager)
        self.assertFalse(lost.user_id)

    def test_one_write_per_member(self):
        leads = self._leads("C", 9)
        Lead = type(self.env["crm.lead"])
        original = Lead.write
        owner_writes = []

        def counting_write(records, vals):
            if "user_id" in vals:
                owner_writes.append((vals["user_id"], len(records)))
            return original(records, vals)

        Lead.write = counting_write
        try:
            self._allocate()
        finally:
            Lead.write = original
        self.assertEqual(
            sorted(owner_writes),
            sorted(
                [
                    (self.intermediate_1.id, 3),
                    (self.intermediate_2.id, 3),
                    (self.junior.id, 3),
                ]
            ),
        )
        self.assertEqual(len(leads.filtered("user_id")), 9)

    def test_gathering_is_a_fixed_number_of_queries(self):
        engine = self.env["crm.lead.allocation.engine"].sudo()
        now = fields.Datetime.now()

        def gather_queries(leads):
            self.env.flush_all()
            self.env.invalidate_all()
            pending = self.env["crm.lead"].sudo().browse(leads.ids)
            before = self.env.cr.sql_log_count
            engine._gather(pending, now)
            return self.env.cr.sql_log_count - before

        small = gather_queries(self._leads("C", 2))
        for index in range(4):
            self._member(f"la_extra_{index}", self.level_junior)
        large = gather_queries(self._leads("C", 20) | self._leads("A", 5))
        self.assertEqual(small, large)

    def test_block_reason_for_suspended_senior(self):
        self.env["crm.allocation.suspension"].create(
            {
                "user_id": self.senior.id,
                "kind": "period",
                "date_from": fields.Datetime.now() - timedelta(days=1),
                "date_to": fields.Datetime.now() + timedelta(days=6),
                "reason": "Violation",
            }
        )
        lead = self._leads("A")
        summary = self._allocate()
        self.assertEqual(summary, {"allocated": 0, "waiting": 1})
        self.assertFalse(lead.user_id)
        self.assertEqual(
            lead.allocation_block_reason, "no eligible Senior: 1 suspended"
        )
        # the block reason goes once the lead has a salesperson
        lead.user_id = self.intermediate_1
        self.assertFalse(lead.allocation_block_reason)

    def test_block_reason_without_level(self):
        self._membership(self.senior).level_id = False
        lead = self._leads("A")
        self._allocate()
        self.assertEqual(
            lead.allocation_block_reason, "no eligible Senior: none in the team"
        )

    def test_allocate_on_create(self):
        lead = self._leads("A")
        self.assertFalse(lead.user_id)
        self.company.lead_allocate_on_create = True
        lead = self._leads("A")
        self.assertEqual(lead.user_id, self.senior)
        self.assertTrue(
            self.env["crm.lead.allocation.log"].search([("lead_id", "=", lead.id)])
        )

    def test_allocate_now_is_for_managers(self):
        leads = self._leads("C", 3)
        with self.assertRaises(UserError):
            leads.with_user(self.junior).action_allocate_now()
        with self.assertRaises(UserError):
            self.team.with_user(self.junior).action_allocate_now()
        action = self.team.with_user(self.manager).action_allocate_now()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(len(leads.filtered("user_id")), 3)

    def test_allocate_now_on_selected_leads(self):
        selected = self._leads("C", 2)
        other = self._leads("C", 2)
        selected.with_user(self.manager).action_allocate_now()
        self.assertTrue(all(selected.mapped("user_id")))
        self.assertFalse(other.user_id)
        self.env["crm.lead.allocation.engine"].with_user(
            self.manager
        ).action_allocate_all()
        self.assertTrue(all(other.mapped("user_id")))

    def test_cron(self):
        leads = self._leads("B", 2)
        cron = self.env.ref("lead_allocation.ir_cron_allocate_leads")
        cron.method_direct_trigger()
        self.assertEqual(
            set(leads.user_id.ids), {self.senior.id, self.intermediate_1.id}
        )

    def test_member_of_two_teams_with_other_levels(self):
        """Odoo keeps the level per membership: a person senior in one team
        and junior in another is allocated team by team."""
        self.env["ir.config_parameter"].sudo().set_param(
            "sales_team.membership_multi", True
        )
        other_team = self.env["crm.team"].create(
            {
                "name": "Second Fair Team",
                "company_id": self.company.id,
                "use_fair_allocation": True,
            }
        )
        self.env["crm.team.member"].create(
            {
                "crm_team_id": other_team.id,
                "user_id": self.senior.id,
                "level_id": self.level_junior.id,
            }
        )
        a_lead = self._leads("A")
        d_leads = self._leads("D", 2, team=other_team)
        self._allocate()
        self.assertEqual(a_lead.user_id, self.senior)
        self.assertEqual(d_leads.user_id, self.senior)


@tagged("post_install", "-at_install")
class TestSuspension(AllocationCase):
    def _suspend(self, user, **values):
        return self.env["crm.allocation.suspension"].create(
            {"user_id": user.id, "reason": "Test", **values}
        )

    def test_suspended_member_is_skipped_during_the_period(self):
        with freeze_time("2025-05-05 10:00:00"):
            suspension = self._suspend(
                self.intermediate_1,
                kind="period",
                date_from=datetime(2025, 5, 1),
                date_to=datetime(2025, 5, 8),
            )
            self.assertEqual(suspension.state, "active")
            leads = self._leads("C", 4)
            self._allocate()
            self.assertEqual(
                self._counts(leads), {self.intermediate_2: 2, self.junior: 2}
            )
        with freeze_time("2025-05-08 00:00:00"):
            suspension.invalidate_recordset(["state"])
            self.assertEqual(suspension.state, "expired")
            later = self._leads("C", 1)
            self._allocate()
            self.assertEqual(later.user_id, self.intermediate_1)

    def test_planned_and_lifted(self):
        with freeze_time("2025-05-05 10:00:00"):
            planned = self._suspend(
                self.intermediate_1, kind="period", date_from=datetime(2025, 6, 1)
            )
            lifted = self._suspend(
                self.intermediate_2, kind="period", date_from=datetime(2025, 5, 1)
            )
            lifted.action_lift()
            self.assertEqual(planned.state, "planned")
            self.assertEqual(lifted.state, "lifted")
            Suspension = self.env["crm.allocation.suspension"]
            # demo suspensions of other companies stay out of the count
            self.assertEqual(
                Suspension.search(
                    [("state", "=", "planned"), ("company_id", "=", self.company.id)]
                ),
                planned,
            )
            self.assertEqual(
                Suspension.with_context(active_test=False).search(
                    [("state", "=", "lifted"), ("id", "in", (planned | lifted).ids)]
                ),
                lifted,
            )
            self.assertEqual(
                Suspension.search(
                    [("state", "!=", "lifted"), ("id", "in", (planned | lifted).ids)]
                ),
                planned,
            )
            leads = self._leads("C", 3)
            self._allocate()
            self.assertEqual(
                set(leads.user_id.ids),
                {self.intermediate_1.id, self.intermediate_2.id, self.junior.id},
            )

    def test_skip_turn_is_consumed_once(self):
        self._membership(self.intermediate_2).allocation_opt_out = True
        suspension = self._suspend(self.junior, kind="turns", skip_turns=1)
        self.assertEqual(suspension.remaining_turns, 1)
        leads = self._leads("C", 3)
        self._allocate()
        # the junior's first turn is skipped: the intermediate gets two leads
        self.assertEqual(self._counts(leads), {self.intermediate_1: 2, self.junior: 1})
        self.assertEqual(suspension.remaining_turns, 0)
        self.assertEqual(suspension.state, "expired")
        skips = self.env["crm.lead.allocation.log"].search(
            [("user_id", "=", self.junior.id), ("event", "=", "skipped")]
        )
        self.assertEqual(len(skips), 1)
        more = self._leads("C", 2)
        self._allocate()
        self.assertEqual(self._counts(more), {self.intermediate_1: 1, self.junior: 1})
        self.assertEqual(suspension.remaining_turns, 0)
        self.assertEqual(
            self.env["crm.lead.allocation.log"].search_count(
                [("user_id", "=", self.junior.id), ("event", "=", "skipped")]
            ),
            1,
        )

    def test_skip_turns_span_suspensions_oldest_first(self):
        self._membership(self.intermediate_2).allocation_opt_out = True
        first = self._suspend(self.junior, kind="turns", skip_turns=1)
        second = self._suspend(self.junior, kind="turns", skip_turns=2)
        leads = self._leads("C", 3)
        self._allocate()
        # the junior's turns come twice: both are skipped
        self.assertEqual(self._counts(leads), {self.intermediate_1: 3})
        self.assertEqual((first.remaining_turns, second.remaining_turns), (0, 1))

    def test_exactly_one_kind(self):
        now = fields.Datetime.now()
        with self.assertRaises(ValidationError):
            self._suspend(self.junior, kind="period")
        with self.assertRaises(ValidationError):
            self._suspend(self.junior, kind="period", date_from=now, skip_turns=2)
        with self.assertRaises(ValidationError):
            self._suspend(self.junior, kind="turns", skip_turns=0)
        with self.assertRaises(ValidationError):
            self._suspend(self.junior, kind="turns", skip_turns=1, date_from=now)
        with self.assertRaises(ValidationError) as caught:
            self._suspend(
                self.junior,
                kind="period",
                date_from=now,
                date_to=now - timedelta(days=1),
            )
        self.assertIn("Until", str(caught.exception))

    def test_more_turns_keep_the_turns_used(self):
        self._membership(self.intermediate_2).allocation_opt_out = True
        suspension = self._suspend(self.junior, kind="turns", skip_turns=2)
        self._leads("C", 2)
        self._allocate()
        self.assertEqual(suspension.remaining_turns, 1)
        suspension.skip_turns = 4
        self.assertEqual(suspension.remaining_turns, 3)


@tagged("post_install", "-at_install")
class TestManagerAllocation(AllocationCase):
    def _wizard(self, leads, user, reason):
        form = Form(
            self.env["crm.lead.allocate.wizard"]
            .with_user(self.manager)
            .with_context(active_model="crm.lead", active_ids=leads.ids)
        )
        form.user_id = user
        form.reason = reason
        return form.save()

    def test_direct_allocation_overrides_the_level_and_is_logged(self):
        leads = self._leads("A", 2)
        self._wizard(leads, self.junior, "Customer asked for her").action_allocate()
        self.assertEqual(leads.user_id, self.junior)
        logs = self.env["crm.lead.allocation.log"].search(
            [("lead_id", "in", leads.ids)]
        )
        self.assertEqual(len(logs), 2)
        self.assertEqual(set(logs.mapped("actor")), {"manager"})
        self.assertEqual(set(logs.mapped("reason")), {"Customer asked for her"})
        self.assertEqual(logs.level_id, self.level_junior)
        self.assertEqual(logs.create_uid, self.manager)

    def test_direct_allocation_refuses_a_suspended_salesperson(self):
        self.env["crm.allocation.suspension"].create(
            {
                "user_id": self.junior.id,
                "kind": "period",
                "date_from": fields.Datetime.now() - timedelta(hours=1),
                "reason": "Violation",
            }
        )
        lead = self._leads("D")
        wizard = self._wizard(lead, self.junior, "Urgent")
        with self.assertRaises(UserError) as caught:
            wizard.action_allocate()
        self.assertIn("Salesperson", str(caught.exception))
        self.assertFalse(lead.user_id)

    def test_direct_allocation_is_for_managers(self):
        lead = self._leads("D")
        wizard = (
            self.env["crm.lead.allocate.wizard"]
            .sudo()
            .create({"lead_ids": lead.ids, "user_id": self.junior.id, "reason": "x"})
        )
        with self.assertRaises(UserError):
            wizard.with_user(self.junior).action_allocate()


@tagged("post_install", "-at_install")
class TestNativeAssignment(AllocationCase):
    def test_native_assignment_skips_fair_teams(self):
        native_team = self.env["crm.team"].create(
            {
                "name": "Native Team",
                "company_id": self.company.id,
                "use_leads": True,
                "use_opportunities": True,
            }
        )
        native_user = self._member(
            "la_native", self.level_junior, team=native_team, assignment_max=30
        )
        fair_pending = self._leads("C", 3)
        teamless = self.env["crm.lead"].create(
            [
                {
                    "name": f"Teamless {index}",
                    "user_id": False,
                    "team_id": False,
                    "company_id": self.company.id,
                    "probability": 10,
                }
                for index in range(4)
            ]
        )
        teams = native_team | self.team
        teams.with_user(self.manager)._action_assign_leads(
            force_quota=True, creation_delta_days=0
        )
        # the native team got the teamless leads and assigned its member
        self.assertEqual(teamless.team_id, native_team)
        self.assertTrue(
            self.env["crm.lead"].search_count([("user_id", "=", native_user.id)])
        )
        # the fair team got nothing and its pending leads wait for ours
        self.assertFalse(fair_pending.user_id)
        fair_users = self.team.crm_team_member_ids.user_id
        self.assertFalse(
            self.env["crm.lead"].search_count([("user_id", "in", fair_users.ids)])
        )

    def test_team_form_hides_the_native_button(self):
        arch = self.env["crm.team"].get_view(
            self.env.ref("sales_team.crm_team_view_form").id, "form"
        )["arch"]
        self.assertIn("use_fair_allocation", arch)
        self.assertIn("action_allocate_now", arch)
