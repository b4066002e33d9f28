from odoo.tests import TransactionCase

from ..tools import bulk_writer


class TestBulkWriter(TransactionCase):
    """The one writer the engines' bulk notes and rows go through."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partners = cls.env["res.partner"].create(
            [{"name": "Bulk One"}, {"name": "Bulk Two"}]
        )

    def test_note_body_is_escaped_and_by_odoobot(self):
        bulk_writer.log_notes(
            self.env,
            [
                ("res.partner", self.partners[0].id, "<script>alert(1)</script> & co"),
                ("res.partner", self.partners[1].id, "tab\there\nback\\slash"),
            ],
        )
        note = self.partners[0].message_ids[:1]
        self.assertEqual(
            str(note.body), "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</p>"
        )
        self.assertEqual(note.author_id, self.env.ref("base.partner_root"))
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(note.message_type, "notification")
        self.assertTrue(note.is_internal)
        self.assertEqual(
            str(self.partners[1].message_ids[:1].body),
            "<p>tab\there\nback\\slash</p>",
        )

    def test_update_only_changed_and_delete(self):
        first, second = self.partners
        first.ref = "KEEP"
        bulk_writer.update(
            self.env,
            "res.partner",
            ("ref",),
            [(first.id, "KEEP"), (second.id, "NEW")],
            only_changed=True,
        )
        self.assertEqual(second.ref, "NEW")
        follower = self.env["mail.followers"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", first.id)]
        )
        bulk_writer.delete(
            self.env,
            "mail.followers",
            ("res_model", "res_id", "partner_id"),
            [(f.res_model, f.res_id, f.partner_id.id) for f in follower],
        )
        self.assertFalse(follower.exists())

    def test_subscribe_matches_message_subscribe(self):
        """Followers written in bulk get the subtypes Odoo's own subscription
        gives, and an existing subscription is kept as it is."""
        first, second = self.partners
        user_partner = self.env.ref("base.user_admin").partner_id
        customer = self.env["res.partner"].create({"name": "Bulk Customer"})
        second.message_subscribe(partner_ids=(user_partner | customer).ids)
        expected = {
            follower.partner_id: follower.subtype_ids
            for follower in second.message_follower_ids
        }
        note = self.env.ref("mail.mt_note")
        first.message_subscribe(partner_ids=customer.ids, subtype_ids=note.ids)
        bulk_writer.subscribe(
            self.env,
            "res.partner",
            [(first.id, user_partner.id), (first.id, customer.id)] * 2,
        )
        followers = {
            follower.partner_id: follower.subtype_ids
            for follower in first.message_follower_ids
        }
        self.assertEqual(followers[user_partner], expected[user_partner])
        self.assertEqual(followers[customer], note)
        self.assertNotEqual(expected[customer], note)
        self.assertEqual(
            first.message_follower_ids.mapped("partner_id"),
            first.message_partner_ids,
        )
        self.assertEqual(len(first.message_follower_ids.partner_id), 2)
