from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from .. import hooks
from ..demo import story

STORY = "odoo.addons.sales_discipline.demo.story.load_story"


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    """The demo story is demo data, not a part of the addon."""

    def test_story_is_no_model(self):
        self.assertNotIn("sales.policy.story", self.env.registry)
        self.assertFalse(
            self.env["ir.model"].search_count([("model", "=", "sales.policy.story")])
        )

    def test_story_loads_with_demo_data_only(self):
        module = self.env.ref("base.module_sales_discipline")
        with patch(STORY) as load_story:
            module.demo = False
            hooks.post_init_hook(self.env)
            load_story.assert_not_called()
            module.demo = True
            hooks.post_init_hook(self.env)
            load_story.assert_called_once_with(self.env)

    def test_story_told_in_a_demo_database(self):
        if not self.env.ref("base.module_sales_discipline").demo:
            self.skipTest("installed without demo data")
        teams = self.env["crm.team"].search([("name", "in", story.TEAMS)])
        self.assertEqual(len(teams), 3)
        east = teams.filtered(lambda team: team.name == story.TEAMS[0])
        self.assertEqual(east.user_id.login, "chen.jie@example.com")
        leads = self.env["crm.lead"].search([("team_id", "in", teams.ids)])
        self.assertTrue(leads.filtered("user_id"))
        self.assertTrue(
            leads.filtered(lambda lead: lead.first_contact_state == "breached")
        )

    def test_story_credit_policies_and_pending_proposals(self):
        if not self.env.ref("base.module_sales_discipline").demo:
            self.skipTest("installed without demo data")
        company = self.env.ref("base.user_admin").company_id
        policies = self.env["customer.credit.policy"].search(
            [("company_id", "=", company.id), ("scheme", "=", "scorecard")]
        )
        self.assertEqual(sorted(policies.mapped("tier")), ["A1", "A2", "B1", "B2", "C"])
        proposals = self.env["customer.credit.proposal"].search(
            [("company_id", "=", company.id), ("state", "=", "proposed")]
        )
        self.assertTrue(proposals)
        self.assertTrue(all(proposal.reason for proposal in proposals))
        self.assertLessEqual(set(proposals.policy_id.ids), set(policies.ids))
