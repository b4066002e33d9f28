from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestRegistration(TransactionCase):
    """Register before contact: the first registrant owns the prospect."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.first = new_test_user(
            cls.env, login="reg_first", groups="sales_team.group_sale_salesman"
        )
        cls.second = new_test_user(
            cls.env, login="reg_second", groups="sales_team.group_sale_salesman"
        )
        cls.manager = new_test_user(
            cls.env, login="reg_manager", groups="sales_team.group_sale_manager"
        )
        cls.acme = (
            cls.env["res.partner"]
            .with_user(cls.first)
            .create(
                {
                    "name": "ACME Co., Ltd.",
                    "is_company": True,
                    "email": "Buyer@Acme.example",
                    "phone": "+86 138 0013 8000",
                    "user_id": cls.first.id,
                }
            )
        )

    def test_registration_recorded(self):
        self.assertEqual(self.acme.registered_by_id, self.first)
        self.assertTrue(self.acme.registered_date)
        self.assertEqual(self.acme.reg_name_key, "acme")
        self.assertEqual(self.acme.reg_phone_key, "13800138000")

    def test_second_registrant_is_refused_by_name_email_or_phone(self):
        attempts = [
            ("res.partner", {"name": "acme", "is_company": True}),
            ("res.partner", {"name": "Other", "email": "buyer@acme.example "}),
            ("crm.lead", {"name": "Deal", "phone": "13800138000"}),
            ("crm.lead", {"name": "Deal", "partner_name": "ＡＣＭＥ 有限公司"}),
        ]
        for model, vals in attempts:
            with self.assertRaises(UserError) as caught:
                self.env[model].with_user(self.second).create(
                    dict(vals, user_id=self.second.id)
                )
            self.assertIn("Already registered by", str(caught.exception))
            self.assertIn(self.first.name, str(caught.exception))
        self.assertEqual(self.acme.user_id, self.first)

    def test_first_registrant_and_managers_may_register_again(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.first)
            .create(
                {"name": "Follow-up", "partner_name": "ACME", "user_id": self.first.id}
            )
        )
        self.assertEqual(lead.user_id, self.first)
        self.env["crm.lead"].with_user(self.manager).create(
            {"name": "Manager's lead", "partner_name": "ACME"}
        )

    def test_prospect_in_the_pool(self):
        self.env["res.partner"].with_user(self.first).create(
            {"name": "Beta Trading", "is_company": True}
        )
        with self.assertRaises(UserError) as caught:
            self.env["res.partner"].with_user(self.second).create(
                {"name": "beta trading ltd", "is_company": True}
            )
        self.assertIn("public pool", str(caught.exception))

    def test_own_pool_registration_may_be_registered_again(self):
        """What he put in the pool himself, nobody owned since, is his to
        register again (and to take: Odoo's merge and convert do)."""
        beta = (
            self.env["res.partner"]
            .with_user(self.first)
            .create({"name": "Beta Trading", "is_company": True})
        )
        lead = (
            self.env["crm.lead"]
            .with_user(self.first)
            .create({"name": "Beta deal", "partner_name": "Beta Trading"})
        )
        beta.with_user(self.first).write({"user_id": self.first.id})
        self.assertEqual(beta.user_id, self.first)
        self.assertFalse(lead.registration_conflict)

    def test_contacts_of_a_company_are_not_registrations(self):
        contact = (
            self.env["res.partner"]
            .with_user(self.first)
            .create({"name": "Li Wei", "parent_id": self.acme.id})
        )
        self.assertFalse(contact.reg_name_key)

    def test_conflict_goes_to_the_manager(self):
        self.env.company.registration_conflict_policy = "conflict"
        lead = (
            self.env["crm.lead"]
            .with_user(self.second)
            .create({"name": "Same prospect", "email_from": "buyer@acme.example"})
        )
        self.assertTrue(lead.registration_conflict)
        self.assertFalse(lead.user_id)
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)]
        )
        self.assertIn(self.manager, activities.user_id)
