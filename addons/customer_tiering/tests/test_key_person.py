from psycopg2.errors import UniqueViolation

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import TieringCase


@tagged("post_install", "-at_install")
class TestKeyPerson(TieringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Key Customer")
        cls.other_customer = cls._customer("Other Customer", user=cls.other_salesperson)
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Li Wei", "parent_id": cls.customer.id, "function": "CFO"}
        )
        cls.engineer = cls.env["res.partner"].create(
            {"name": "Zhang Min", "parent_id": cls.other_customer.id}
        )
        cls.holder = cls._user("tier_holder", "sales_team.group_sale_salesman")
        cls.person = cls.env["customer.key.person"].create(
            {
                "partner_id": cls.customer.id,
                "contact_id": cls.buyer.id,
                "decision_role": "financial_buyer",
                "relationship_status": "positive",
                "influence": "high",
                "holder_ids": [
                    Command.create({"user_id": cls.holder.id, "level": "close"})
                ],
            }
        )
        cls.person.sudo().private_preferences = "Green tea, no calls before 10"
        cls.other_person = cls.env["customer.key.person"].create(
            {
                "partner_id": cls.other_customer.id,
                "contact_id": cls.engineer.id,
                "decision_role": "technical_evaluator",
            }
        )

    def test_position_defaults_from_contact_and_colour_from_status(self):
        self.assertEqual(self.person.position, "CFO")
        self.assertEqual(self.person.color, 10)
        self.assertEqual(self.other_person.relationship_status, "not_established")
        self.assertEqual(self.other_person.color, 0)

    def test_contact_must_work_for_the_customer(self):
        outsider = self.env["res.partner"].create(
            {"name": "Wang Fang", "parent_id": self.other_customer.id}
        )
        with self.assertRaises(ValidationError) as caught:
            self.env["customer.key.person"].create(
                {
                    "partner_id": self.customer.id,
                    "contact_id": outsider.id,
                    "decision_role": "user",
                }
            )
        self.assertIn("Contact", str(caught.exception))

    def test_one_record_per_contact(self):
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(UniqueViolation),
            self.cr.savepoint(),
        ):
            self.env["customer.key.person"].create(
                {
                    "partner_id": self.customer.id,
                    "contact_id": self.buyer.id,
                    "decision_role": "user",
                }
            )

    def test_private_notes_for_holders_and_managers_only(self):
        self.assertEqual(
            self.person.with_user(self.holder).preferences,
            "Green tea, no calls before 10",
        )
        self.assertEqual(
            self.person.with_user(self.manager).preferences,
            "Green tea, no calls before 10",
        )
        as_owner = self.person.with_user(self.salesperson)
        self.assertFalse(as_owner.can_see_private)
        self.assertFalse(as_owner.preferences)
        with self.assertRaises(AccessError):
            as_owner.read(["private_preferences"])
        with self.assertRaises(AccessError):
            as_owner.write({"concerns": "Pushes for discounts"})
        self.person.with_user(self.holder).write({"concerns": "Budget freeze"})
        self.assertEqual(self.person.sudo().private_concerns, "Budget freeze")

    def test_salesperson_sees_only_own_customers_key_persons(self):
        visible = self.env["customer.key.person"].with_user(self.salesperson).search([])
        self.assertIn(self.person, visible)
        self.assertNotIn(self.other_person, visible)
        with self.assertRaises(AccessError):
            self.other_person.with_user(self.salesperson).read(["decision_role"])
        # A holder sees the relationships he holds.
        held = self.env["customer.key.person"].with_user(self.holder).search([])
        self.assertEqual(held, self.person)
        managed = self.env["customer.key.person"].with_user(self.manager).search([])
        self.assertIn(self.other_person, managed)

    def test_archiving_a_holder_asks_for_a_handover_once(self):
        activity_type = self.env.ref("customer_tiering.mail_activity_type_handover")

        def handovers():
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", "customer.key.person"),
                    ("res_id", "=", self.person.id),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )

        self.holder.action_archive()
        activities = handovers()
        self.assertIn(self.salesperson, activities.user_id)
        self.assertIn(self.manager, activities.user_id)
        self.assertEqual(len(activities), len(activities.user_id))
        self.assertIn("Li Wei", activities[0].summary)
        count = len(activities)
        self.holder.action_unarchive()
        self.holder.action_archive()
        self.assertEqual(len(handovers()), count)
        self.assertFalse(
            self.env["mail.activity"].search(
                [
                    ("res_model", "=", "customer.key.person"),
                    ("res_id", "=", self.other_person.id),
                ]
            )
        )
