"""A salesperson's team, one fact: the crediting of an order and the
recording of a referral count a salesperson of several teams for the same
one."""

from datetime import datetime

from odoo import Command
from odoo.tests import tagged

from .common_referral import ReferralCase


@tagged("post_install", "-at_install")
class TestSalespersonTeam(ReferralCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "sales_team.membership_multi", True
        )
        cls.other_company = cls.env["res.company"].create(
            {"name": "Referral Other Co", "currency_id": cls.usd.id}
        )
        cls.far_team = cls.env["crm.team"].create(
            {"name": "Far Team", "company_id": cls.other_company.id}
        )
        cls.rover = cls._user("ref_rover", "sales_team.group_sale_salesman")
        cls.rover.company_ids = [Command.set((cls.company | cls.other_company).ids)]
        # his first membership (his own sales team for Odoo) is in the other
        # company, the second in the record's company
        cls.rover.company_id = cls.other_company
        cls.env["crm.team.member"].create(
            {"crm_team_id": cls.far_team.id, "user_id": cls.rover.id}
        )
        cls.rover.company_id = cls.company
        cls.env["crm.team.member"].create(
            {"crm_team_id": cls.team_x.id, "user_id": cls.rover.id}
        )
        cls.facts = cls.env["sales.policy.facts"]

    def _sql_team(self, user, company):
        self.env.flush_all()
        self.env.cr.execute(self.facts._salesperson_team_sql(user.id, company.id))
        return self.env.cr.fetchone()[0]

    def test_the_team_of_the_record_company(self):
        self.assertEqual(self.rover.sale_team_id, self.far_team)
        teams = self.facts._salesperson_teams(self.rover, self.company)
        self.assertEqual(teams[self.rover.id], [self.team_x.id])
        self.assertEqual(self._sql_team(self.rover, self.company), self.team_x.id)
        everywhere = self.facts._salesperson_teams(self.rover)
        self.assertEqual(everywhere[self.rover.id], [self.far_team.id, self.team_x.id])

    def test_odoo_membership_order_in_python_and_sql(self):
        """The oldest membership first, as Odoo orders them, even when its id
        is the higher one."""
        member = self.env["crm.team.member"].create(
            {"crm_team_id": self.team_y.id, "user_id": self.mate.id}
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_team_member SET create_date = %s WHERE id = %s",
            (datetime(2020, 1, 1), member.id),
        )
        self.env["crm.team.member"].invalidate_model()
        teams = self.facts._salesperson_teams(self.mate, self.company)
        self.assertEqual(teams[self.mate.id], [self.team_y.id, self.team_x.id])
        self.assertEqual(self._sql_team(self.mate, self.company), self.team_y.id)

    def test_referral_counts_the_team_of_the_record_company(self):
        lead = self._registered("crm.lead", self.rover)
        self._allocate(lead, self.closer)
        self.assertEqual(lead.referrer_id, self.rover)
        self.assertEqual(lead.referrer_team_id, self.team_x)

    def test_credit_and_referral_agree(self):
        referred = self._registered("res.partner", self.rover)
        self._claim(self.closer, referred)
        own = self._registered("res.partner", self.rover)
        self._claim(self.rover, own)
        order = self._order(own, self.rover, team=self.team_x)
        self.assertEqual(order.credit_user_id, self.rover)
        self.assertEqual(order.credit_team_id, self.team_x)
        self.assertEqual(referred.referrer_team_id, order.credit_team_id)
