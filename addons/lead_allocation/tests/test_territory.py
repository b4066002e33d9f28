"""Territories: routing of team-less leads, key leads, the preferred
salesperson, the customers' territory and the region report; the attacks of a
salesperson on them."""

from ast import literal_eval

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import AllocationCase


@tagged("post_install", "-at_install")
class TestTerritory(AllocationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.china = cls.env.ref("base.cn")
        cls.usa = cls.env.ref("base.us")
        cls.shanghai = cls.env.ref("base.state_cn_SH")
        cls.guangdong = cls.env.ref("base.state_cn_GD")
        cls.team_south = cls.env["crm.team"].create(
            {
                "name": "South Team",
                "company_id": cls.company.id,
                "use_leads": True,
                "use_opportunities": True,
                "use_fair_allocation": True,
            }
        )
        cls.south_junior = cls._member(
            "la_south_junior", cls.level_junior, team=cls.team_south
        )
        Territory = cls.env["crm.territory"]
        cls.ter_china = Territory.create(
            {"name": "China", "country_id": cls.china.id, "team_id": cls.team_south.id}
        )
        cls.ter_shanghai = Territory.create(
            {
                "name": "Shanghai",
                "country_id": cls.china.id,
                "state_id": cls.shanghai.id,
                "team_id": cls.team.id,
                "sequence": 20,
            }
        )

    def _web_lead(self, user=None, **values):
        """A lead as a web form or an intake creates it: no team, no owner."""
        Lead = self.env["crm.lead"]
        if user:
            Lead = Lead.with_user(user)
        return Lead.create(
            {
                "name": "Web lead",
                "type": "lead",
                "user_id": False,
                "company_id": self.company.id,
                "country_id": self.china.id,
                **values,
            }
        )

    # ------------------------------------------------------------------
    # routing
    # ------------------------------------------------------------------
    def test_route_at_create_most_specific_wins(self):
        lead = self._web_lead(state_id=self.shanghai.id)
        self.assertEqual(lead.team_id, self.team)
        self.assertEqual(lead.territory_id, self.ter_shanghai)
        lead = self._web_lead(state_id=self.guangdong.id)
        self.assertEqual(lead.team_id, self.team_south)
        self.assertEqual(lead.territory_id, self.ter_china)
        # a postal-code prefix is more specific than the state
        zip_rule = self.env["crm.territory"].create(
            {"name": "Pudong", "zip_prefix": "2001", "team_id": self.team_south.id}
        )
        lead = self._web_lead(state_id=self.shanghai.id, zip="200 120")
        self.assertEqual(lead.territory_id, zip_rule)

    def test_salesperson_web_lead_routed(self):
        lead = self._web_lead(user=self.junior, state_id=self.shanghai.id)
        self.assertEqual(lead.sudo().team_id, self.team)

    def test_lead_with_a_team_or_owner_is_not_routed(self):
        lead = self._web_lead(state_id=self.shanghai.id, team_id=self.team_south.id)
        self.assertEqual(lead.team_id, self.team_south)
        self.assertFalse(lead.territory_id)

    def test_route_at_allocation_run(self):
        self.ter_shanghai.active = False
        lead = self._web_lead(
            state_id=self.shanghai.id, expected_revenue=500000.0, country_id=False
        )
        self.assertFalse(lead.team_id)
        self.ter_shanghai.active = True
        self.ter_shanghai.country_id = False
        summary = self._allocate()
        self.assertEqual(lead.team_id, self.team)
        self.assertTrue(lead.user_id)
        self.assertGreaterEqual(summary["allocated"], 1)

    def test_team_assignment_domain_narrows_its_territories(self):
        self.team.assignment_domain = "[('zip', '=like', '200%')]"
        inside = self._web_lead(state_id=self.shanghai.id, zip="200001")
        outside = self._web_lead(state_id=self.shanghai.id, zip="201999")
        self.assertEqual(inside.team_id, self.team)
        self.assertEqual(outside.team_id, self.team_south)

    def test_default_team_and_no_match_reason(self):
        lead = self._web_lead(country_id=self.usa.id)
        self.assertFalse(lead.team_id)
        self.assertEqual(lead.allocation_block_reason, "no territory matches")
        action = self.env.ref("lead_allocation.crm_lead_action_unassigned")
        domain = literal_eval(action.domain)
        self.assertIn(lead, self.env["crm.lead"].search(domain))
        self.company.territory_default_team_id = self.team_south
        lead = self._web_lead(country_id=self.usa.id)
        self.assertEqual(lead.team_id, self.team_south)
        self.assertFalse(lead.allocation_block_reason)

    def test_no_territory_no_routing(self):
        """A company that defines no territory keeps team-less leads as
        before: no reason pinned on them at creation."""
        self.env["crm.territory"].search([]).unlink()
        lead = self._web_lead()
        self.assertFalse(lead.team_id)
        self.assertFalse(lead.allocation_block_reason)

    def test_default_team_of_another_company_refused(self):
        other = self.env["res.company"].create({"name": "Other Territory Co"})
        team = self.env["crm.team"].create({"name": "Other", "company_id": other.id})
        with self.assertRaises(ValidationError):
            self.company.territory_default_team_id = team

    def test_preferred_salesperson(self):
        self.ter_shanghai.user_id = self.intermediate_2
        leads = self._web_lead(
            state_id=self.shanghai.id, expected_revenue=500000.0
        ) | self._web_lead(state_id=self.shanghai.id, expected_revenue=500000.0)
        self._allocate(leads)
        self.assertEqual(leads.user_id, self.intermediate_2)

    def test_preferred_salesperson_not_eligible_falls_back(self):
        self.ter_shanghai.user_id = self.junior  # juniors may not take class A
        lead = self._web_lead(state_id=self.shanghai.id, expected_revenue=900000.0)
        self._allocate(lead)
        self.assertEqual(lead.user_id, self.senior)

    def test_preferred_salesperson_must_be_a_member(self):
        with self.assertRaises(ValidationError):
            self.ter_shanghai.user_id = self.south_junior

    def test_criteria_required(self):
        with self.assertRaises(ValidationError):
            self.env["crm.territory"].create(
                {"name": "Nowhere", "team_id": self.team.id}
            )

    def test_key_lead_waits_with_one_activity(self):
        self.team.user_id = self.manager
        self.ter_shanghai.is_key = True
        lead = self._web_lead(state_id=self.shanghai.id, expected_revenue=900000.0)
        self.assertEqual(lead.team_id, self.team)
        self.assertTrue(lead.allocation_key)
        self._allocate()
        self._allocate(lead)
        self.assertFalse(lead.user_id)
        self.assertIn("key lead", lead.allocation_block_reason)
        key_type = self.env.ref("lead_allocation.mail_activity_type_key_lead")
        activities = lead.activity_ids.filtered(
            lambda activity: activity.activity_type_id == key_type
        )
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.manager)
        # the manager allocates it with the direct-allocation wizard
        wizard = (
            self.env["crm.lead.allocate.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "lead_ids": [Command.set(lead.ids)],
                    "user_id": self.intermediate_1.id,
                    "reason": "Key account",
                }
            )
        )
        wizard.action_allocate()
        self.assertEqual(lead.user_id, self.intermediate_1)
        self.assertFalse(lead.allocation_block_reason)
        self.assertFalse(activities.exists())

    def test_key_lead_is_no_reallocation_replacement(self):
        self.ter_shanghai.is_key = True
        key = self._web_lead(state_id=self.shanghai.id, expected_revenue=900000.0)
        owned = self._leads("A", user_id=self.senior.id)
        request = self.env["crm.reallocation.request"].new(
            {"lead_id": owned.id, "judged_class": "A", "company_id": self.company.id}
        )
        self.assertFalse(request._pick_pool_lead())
        self.ter_shanghai.is_key = False
        plain = self._web_lead(state_id=self.shanghai.id, expected_revenue=900000.0)
        self.assertEqual(request._pick_pool_lead(), plain)
        self.assertTrue(key.allocation_key)

    def test_attack_a_key_lead_claim_waits_for_the_manager(self):
        """The pool's automatic approval does not hand a key lead out: a
        salesperson's claim waits for a sales manager, who allocates key
        leads."""
        self.company.pool_claim_auto_approve = True
        self.ter_shanghai.is_key = True
        key = self._web_lead(state_id=self.shanghai.id)
        plain = self._web_lead(state_id=self.guangdong.id)
        Claim = self.env["crm.pool.claim"].with_user(self.senior)
        key_claim = Claim.create({"lead_id": key.id, "reason": "I know them"})
        plain_claim = Claim.create({"lead_id": plain.id, "reason": "I know them"})
        self.assertEqual(plain_claim.state, "approved")
        self.assertEqual(plain.user_id, self.senior)
        self.assertEqual(key_claim.state, "requested")
        self.assertFalse(key.user_id)
        key_claim.with_user(self.manager).action_approve()
        self.assertEqual(key.user_id, self.senior)

    def test_key_class_is_key_everywhere(self):
        self.env["crm.territory"].create(
            {
                "name": "Class A",
                "lead_class": "A",
                "team_id": self.team.id,
                "is_key": True,
            }
        )
        lead = self._web_lead(state_id=self.guangdong.id, expected_revenue=900000.0)
        self.assertEqual(lead.team_id, self.team_south)
        self.assertTrue(lead.allocation_key)
        self._allocate(lead)
        self.assertFalse(lead.user_id)

    # ------------------------------------------------------------------
    # customers
    # ------------------------------------------------------------------
    def _customer(self, **values):
        return self.env["res.partner"].create(
            {
                "name": "Shanghai Harbour Co",
                "is_company": True,
                "company_id": self.company.id,
                "country_id": self.china.id,
                "state_id": self.shanghai.id,
                **values,
            }
        )

    def test_customer_territory_follows_rows_and_address(self):
        customer = self._customer()
        self.assertEqual(customer.territory_id, self.ter_shanghai)
        self.assertEqual(customer.territory_team_id, self.team)
        customer.state_id = self.guangdong
        self.assertEqual(customer.territory_id, self.ter_china)
        city = self.env["crm.territory"].create(
            {"name": "Shenzhen", "city": "Shenzhen", "team_id": self.team.id}
        )
        customer.city = "shenzhen"
        self.assertEqual(customer.territory_id, city)
        city.team_id = self.team_south
        self.assertEqual(customer.territory_team_id, self.team_south)
        city.unlink()
        self.assertEqual(customer.territory_id, self.ter_china)
        self.env["crm.territory"].create(
            {
                "name": "Guangdong",
                "state_id": self.guangdong.id,
                "team_id": self.team.id,
            }
        )
        self.assertEqual(customer.territory_team_id, self.team)

    def test_salesperson_registers_customer_with_territory(self):
        customer = (
            self.env["res.partner"]
            .with_user(self.junior)
            .create(
                {
                    "name": "Junior's Shanghai Co",
                    "is_company": True,
                    "user_id": self.junior.id,
                    "company_id": self.company.id,
                    "country_id": self.china.id,
                    "state_id": self.shanghai.id,
                }
            )
        )
        self.assertEqual(customer.sudo().territory_id, self.ter_shanghai)

    def test_customer_override_by_manager_only(self):
        customer = self._customer()
        with self.assertRaises(AccessError):
            customer.with_user(self.junior).write(
                {"territory_team_override_id": self.team_south.id}
            )
        with self.assertRaises(AccessError):
            customer.with_user(self.manager).write(
                {"territory_team_id": self.team_south.id}
            )
        self.assertEqual(customer.territory_team_id, self.team)
        customer.with_user(self.manager).territory_team_override_id = self.team_south
        self.assertEqual(customer.territory_team_id, self.team_south)
        self.assertEqual(customer.territory_id, self.ter_shanghai)

    def test_pool_item_has_territory_team(self):
        customer = self._customer()
        self.env.flush_all()
        item = self.env["crm.pool.item"].search([("partner_id", "=", customer.id)])
        self.assertEqual(item.territory_team_id, self.team)

    def test_region_report(self):
        owned = self._customer(user_id=self.senior.id)
        self._customer(name="Pool Co")
        self._customer(name="Canton Co", state_id=self.guangdong.id)
        product = self.env["product.product"].create(
            {"name": "Territory widget", "list_price": 100.0}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": owned.id,
                "company_id": self.company.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": 3,
                            "tax_id": False,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        self.env["sale.order"].create(
            {
                "partner_id": owned.id,
                "company_id": self.company.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )  # a quotation is no sale
        self.env.flush_all()
        Report = self.env["crm.territory.report"].with_user(self.manager)
        rows = Report.search([("company_id", "=", self.company.id)])
        by_key = {(row.territory_id, row.user_id): row for row in rows}
        owned_row = by_key[(self.ter_shanghai, self.senior)]
        self.assertEqual(owned_row.customer_count, 1)
        self.assertAlmostEqual(owned_row.sales_amount, 300.0)
        self.assertAlmostEqual(owned_row.sales_share, 100.0)
        self.assertEqual(owned_row.pool_count, 0)
        pool_row = by_key[(self.ter_shanghai, self.env["res.users"])]
        self.assertEqual(pool_row.customer_count, 1)
        self.assertEqual(pool_row.pool_count, 1)
        self.assertEqual(by_key[(self.ter_china, self.env["res.users"])].pool_count, 1)
        with self.assertRaises(AccessError):
            self.env["crm.territory.report"].with_user(self.junior).search([])

    # ------------------------------------------------------------------
    # multi-company and attacks
    # ------------------------------------------------------------------
    def test_other_company_territories_stay_apart(self):
        other = self.env["res.company"].create({"name": "Territory Co B"})
        self.env.user.company_ids |= other
        team_b = self.env["crm.team"].create({"name": "B Team", "company_id": other.id})
        ter_b = (
            self.env["crm.territory"]
            .with_company(other)
            .create(
                {
                    "name": "B Shanghai",
                    "state_id": self.shanghai.id,
                    "team_id": team_b.id,
                    "company_id": other.id,
                    "zip_prefix": "2",
                }
            )
        )
        lead = self._web_lead(state_id=self.shanghai.id, zip="200001")
        self.assertEqual(lead.territory_id, self.ter_shanghai)
        self.assertFalse(
            self.env["crm.territory"]
            .with_user(self.junior)
            .search([("id", "=", ter_b.id)])
        )
        with self.assertRaises(UserError):
            self.env["crm.territory"].create(
                {
                    "name": "Mixed",
                    "state_id": self.shanghai.id,
                    "team_id": team_b.id,
                    "company_id": self.company.id,
                }
            )

    def test_attack_salesperson_cannot_edit_territories(self):
        Territory = self.env["crm.territory"].with_user(self.junior)
        self.assertEqual(Territory.search([]), self.ter_china | self.ter_shanghai)
        with self.assertRaises(AccessError):
            Territory.create(
                {"name": "Mine", "city": "Hangzhou", "team_id": self.team.id}
            )
        with self.assertRaises(AccessError):
            self.ter_shanghai.with_user(self.junior).write(
                {"team_id": self.team_south.id}
            )
        with self.assertRaises(AccessError):
            self.ter_china.with_user(self.junior).unlink()
        self.assertEqual(self.ter_shanghai.team_id, self.team)
        self.assertTrue(self.ter_china.exists())
        self.assertFalse(self.env["crm.territory"].search([("name", "=", "Mine")]))

    def test_attack_salesperson_cannot_set_routing_fields(self):
        lead = self._web_lead(
            user=self.junior,
            state_id=self.guangdong.id,
            territory_id=self.ter_shanghai.id,
            allocation_key=True,
        )
        self.assertEqual(lead.sudo().territory_id, self.ter_china)
        self.assertFalse(lead.sudo().allocation_key)
        own = self._leads("D", user_id=self.junior.id)
        for vals in ({"allocation_key": True}, {"territory_id": self.ter_china.id}):
            with self.assertRaises(AccessError):
                own.with_user(self.junior).write(vals)
        self.assertFalse(own.allocation_key)
        self.assertFalse(own.territory_id)
        sneaky = (
            self.env["crm.lead"]
            .with_user(self.junior)
            .with_context(default_allocation_key=True)
            .create({"name": "Sneaky", "user_id": False})
        )
        self.assertFalse(sneaky.sudo().allocation_key)

    def test_attack_manager_cannot_set_lead_territory_either(self):
        own = self._leads("D")
        with self.assertRaises(AccessError):
            own.with_user(self.manager).write({"allocation_key": True})
        self.assertFalse(own.allocation_key)
