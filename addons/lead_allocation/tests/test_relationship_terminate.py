from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.customer_tiering.tests.common import CompanyCase


@tagged("post_install", "-at_install")
class TestRelationshipTerminate(CompanyCase):
    """A terminated relationship sends the customer to the public pool, and
    only a manager of its company decides that."""

    company_name = "Relationship Pool Co"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = cls._user(
            "rel_pool_salesperson", "sales_team.group_sale_salesman"
        )
        cls.manager = cls._user("rel_pool_manager", "sales_team.group_sale_manager")
        cls.company_b = cls.env["res.company"].create(
            {"name": "Relationship Pool Co B", "currency_id": cls.usd.id}
        )
        cls.manager_b = new_test_user(
            cls.env,
            login="rel_pool_manager_b",
            groups="sales_team.group_sale_manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Terminated Customer",
                "is_company": True,
                "company_id": cls.company.id,
                "user_id": cls.salesperson.id,
            }
        )
        cls.evaluation = (
            cls.env["customer.relationship.evaluation"]
            .with_user(cls.salesperson)
            .create({"partner_id": cls.customer.id})
        )
        cls.evaluation.write(
            {
                "line_ids": [
                    Command.update(line.id, {"score": "1"})
                    for line in cls.evaluation.line_ids
                ]
            }
        )
        cls.evaluation.action_submit()
        cls.evaluation = cls.evaluation.with_env(cls.env)

    def _releases(self):
        return self.env["crm.pool.release"].search(
            [("partner_id", "=", self.customer.id)]
        )

    def test_terminate_releases_the_customer_to_the_pool(self):
        self.assertEqual(self.evaluation.recommendation, "terminate")
        self.evaluation.with_user(self.manager).action_decide_terminate()
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.user_id)
        self.assertEqual(self.customer.pool_reason, "relationship_terminated")
        self.assertTrue(self.customer.pooled_date)
        release = self._releases()
        self.assertEqual(len(release), 1)
        self.assertEqual(release.reason, "relationship_terminated")
        self.assertEqual(release.user_id, self.salesperson)
        self.assertEqual(release.company_id, self.company)
        self.assertEqual(self.evaluation.decision, "terminate")
        self.assertEqual(self.evaluation.state, "decided")

    def test_maintain_keeps_the_owner(self):
        self.evaluation.with_user(self.manager).action_decide_maintain()
        self.assertEqual(self.customer.user_id, self.salesperson)
        self.assertFalse(self._releases())

    def test_nobody_else_terminates(self):
        for user, context in (
            (self.salesperson, {}),
            (self.manager_b, {"allowed_company_ids": self.company_b.ids}),
        ):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.evaluation.with_user(user).with_context(
                    **context
                ).action_decide_terminate()
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.user_id, self.salesperson)
        self.assertFalse(self._releases())
        self.assertEqual(self.evaluation.state, "submitted")
