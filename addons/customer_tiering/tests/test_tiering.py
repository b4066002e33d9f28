from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import TieringCase


@tagged("post_install", "-at_install")
class TestTieringEngine(TieringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Twelve monthly orders of 50k: 600k, even buying -> high value, VIP, A.
        cls.big = cls._customer("Big Buyer")
        cls._monthly_orders(cls.big, 50000.0, 12)
        # Twelve monthly orders of 12.5k: 150k -> mid value.
        cls.mid = cls._customer("Mid Buyer")
        cls._monthly_orders(cls.mid, 12500.0, 12)
        # First order a month ago -> new.
        cls.fresh = cls._customer("Fresh Buyer")
        cls._order(cls.fresh, 2000.0, 30)
        # Last order 400 days ago -> churned.
        cls.gone = cls._customer("Gone Buyer", user=cls.other_salesperson)
        cls._order(cls.gone, 8000.0, 400)
        cls.prospect = cls._customer("Prospect")
        cls.customers = cls.big | cls.mid | cls.fresh | cls.gone | cls.prospect

    def test_tiers_and_metrics_from_confirmed_orders(self):
        self._recompute(self.customers)
        self.assertEqual(self.big.tier_sales_amount, 600000.0)
        self.assertEqual(self.big.tier_order_count, 12)
        self.assertEqual(self.big.tier_active_months, 12)
        self.assertEqual(self.big.tier_value, "high")
        self.assertEqual(self.big.tier_share, "vip")
        self.assertEqual(self.big.tier_pareto, "A")
        self.assertEqual(self.big.tier_lifecycle, "loyal")
        self.assertEqual(self.mid.tier_value, "mid")
        self.assertEqual(self.mid.tier_share, "vip")  # 150k of 752k is 20%
        # 600k of 752k (79.8%) is ahead of it: C, since C covers up to 80%.
        self.assertEqual(self.mid.tier_pareto, "C")
        self.assertEqual(self.fresh.tier_pareto, "E")
        self.assertEqual(self.fresh.tier_lifecycle, "new")
        self.assertEqual(self.fresh.tier_value, "low")
        self.assertEqual(self.gone.tier_lifecycle, "churned")
        self.assertEqual(self.gone.tier_sales_amount, 0.0)
        self.assertEqual(self.gone.tier_pareto, "E")
        self.assertEqual(self.gone.tier_share, "ordinary")
        self.assertEqual(self.prospect.tier_share, "potential")
        self.assertEqual(self.prospect.tier_lifecycle, "potential")
        self.assertFalse(self.prospect.tier_pareto)
        self.assertAlmostEqual(self.big.tier_margin, 600000.0 - 12 * 60.0)
        self.assertEqual(self.big.tier_company_id, self.company)

    def test_cancelled_and_draft_orders_do_not_count(self):
        draft = self.env["sale.order"].create(
            {
                "partner_id": self.prospect.id,
                "company_id": self.company.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "price_unit": 9e6})
                ],
            }
        )
        self.assertEqual(draft.state, "draft")
        cancelled = self._order(self.prospect, 9e6, 5)
        cancelled.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(cancelled.state, "cancel")
        self._recompute(self.customers)
        self.assertEqual(self.prospect.tier_share, "potential")
        self.assertEqual(self.big.tier_pareto, "A")

    def test_currency_conversion(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].create(
            {
                "name": self.today - timedelta(days=400),
                "rate": 2.0,  # 1 USD = 2 EUR
                "currency_id": eur.id,
                "company_id": self.company.id,
            }
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "EUR", "currency_id": eur.id, "company_id": self.company.id}
        )
        euro_customer = self._customer("Euro Buyer")
        order = self._order(euro_customer, 10000.0, 10, pricelist=pricelist)
        self.assertEqual(order.currency_id, eur)
        self._recompute(euro_customer)
        self.assertAlmostEqual(euro_customer.tier_sales_amount, 5000.0)

    def test_history_written_once_and_logged_in_chatter(self):
        self._recompute(self.customers)
        history = self.env["customer.tier.history"].search(
            [("partner_id", "=", self.big.id)]
        )
        self.assertEqual(
            sorted(history.mapped("scheme")),
            ["lifecycle", "pareto", "scorecard", "share", "value"],
        )
        self.assertEqual(set(history.mapped("source")), {"cron"})
        self.assertEqual(
            history.filtered(lambda h: h.scheme == "share").new_value, "vip"
        )
        self.assertEqual(history[0].sales_amount, 600000.0)
        self._recompute(self.customers)
        self.assertEqual(
            self.env["customer.tier.history"].search_count(
                [("partner_id", "=", self.big.id)]
            ),
            5,
        )

        def tier_notes(partner):
            partner.invalidate_recordset(["message_ids"])
            return partner.message_ids.filtered(
                lambda m: "Customer tiers changed" in (m.body or "")
            )

        # A first classification is history, not news for the chatter.
        self.assertFalse(tier_notes(self.fresh))
        self._order(self.fresh, 400000.0, 5)
        self._recompute(self.customers)
        note = tier_notes(self.fresh)
        self.assertEqual(len(note), 1)
        self.assertIn("Share of Sales: Ordinary → VIP", note.body)
        self.assertEqual(
            self.fresh.tier_history_ids.filtered(lambda h: h.scheme == "share")
            .sorted("id")
            .mapped("new_value"),
            ["ordinary", "vip"],
        )

    def test_cron_runs_in_batches_and_resumes_without_duplicates(self):
        engine = self.env["customer.tier.engine"]
        remaining = engine._cron_recompute(batch_size=2)
        self.assertGreater(remaining, 0)
        # An interrupted run resumes: no customer is processed twice.
        while remaining:
            remaining = engine._cron_recompute(batch_size=500)
        self.assertEqual(self.big.tier_share, "vip")
        count = self.env["customer.tier.history"].search_count(
            [("partner_id", "in", self.customers.ids)]
        )
        engine._cron_recompute(batch_size=500)
        self.assertEqual(
            self.env["customer.tier.history"].search_count(
                [("partner_id", "in", self.customers.ids)]
            ),
            count,
        )
        self.assertFalse(
            self.env["ir.config_parameter"].get_param("customer_tiering.run_started_at")
        )

    def test_override_applies_until_expiry(self):
        self._recompute(self.customers)
        override = (
            self.env["customer.tier.override"]
            .with_user(self.manager)
            .create(
                {
                    "partner_id": self.fresh.id,
                    "scheme": "share",
                    "value": "vip",
                    "reason": "Strategic account",
                    "expiry_date": self.today + timedelta(days=5),
                }
            )
        )
        self.assertEqual(self.fresh.tier_share, "vip")
        last = self.fresh.tier_history_ids.sorted("id")[-1]
        self.assertEqual((last.source, last.new_value), ("override", "vip"))
        self._recompute(self.customers)
        self.assertEqual(self.fresh.tier_share, "vip")
        with freeze_time(self.today + timedelta(days=6)):
            self.assertFalse(override.is_effective)
            self._recompute(self.fresh)
            self.assertNotEqual(self.fresh.tier_share, "vip")
            last = self.fresh.tier_history_ids.sorted("id")[-1]
            self.assertEqual((last.source, last.old_value), ("cron", "vip"))

    def test_override_value_must_fit_scheme(self):
        with self.assertRaises(ValidationError):
            self.env["customer.tier.override"].create(
                {
                    "partner_id": self.fresh.id,
                    "scheme": "pareto",
                    "value": "vip",
                    "reason": "Wrong scheme",
                }
            )

    def test_visit_due_activity_once(self):
        self._recompute(self.customers)
        self.assertEqual(self.big.tier_visit_interval, 30)
        engine = self.env["customer.tier.engine"]
        engine._cron_visit_due()
        engine._cron_visit_due()
        activity_type = self.env.ref("customer_tiering.mail_activity_type_visit_due")
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", self.big.id),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.salesperson)
        self.assertTrue(self.big.tier_visit_due)
        self.assertIn(
            self.big, self.env["res.partner"].search([("tier_visit_due", "=", True)])
        )
        # A recent contact clears the standard: no new activity once done.
        activities.action_done()
        self._recompute(self.big)
        self.assertEqual(self.big.tier_last_contact_date, self.today)
        self.assertEqual(engine._cron_visit_due(), 0)
        self.assertFalse(self.big.tier_visit_due)

    def test_partner_button_recomputes_manually(self):
        self.big.with_user(self.salesperson).action_recompute_tiers()
        history = self.big.tier_history_ids
        self.assertEqual(set(history.mapped("source")), {"manual"})

    def test_salesperson_sees_only_own_customers_history(self):
        self._recompute(self.customers)
        own = self.env["customer.tier.history"].with_user(self.salesperson).search([])
        self.assertTrue(own)
        self.assertEqual(own.partner_id, (self.customers - self.gone))
        other = self.gone.tier_history_ids[:1]
        with self.assertRaises(AccessError):
            other.with_user(self.salesperson).read(["new_value"])
        with self.assertRaises(AccessError):
            self.env["customer.tier.override"].with_user(self.salesperson).create(
                {
                    "partner_id": self.big.id,
                    "scheme": "share",
                    "value": "vip",
                    "reason": "Not allowed",
                }
            )


@tagged("post_install", "-at_install")
class TestTieringSettings(TieringCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")

    def test_unordered_shares_refused_with_field_name(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["res.config.settings"].create({"tier_share_senior": 6.0}).execute()
        self.assertIn("Senior Share From (%)", str(caught.exception))

    def test_pareto_above_100_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["res.config.settings"].create({"tier_pareto_d": 120.0}).execute()
        self.assertIn("Grade D Up To (%)", str(caught.exception))

    def test_zero_threshold_survives_save(self):
        with Form(self.env["res.config.settings"]) as form:
            form.tier_value_mid_amount = 0.0
            form.tier_value_mid_orders = 0
        form.record.execute()
        reloaded = Form(self.env["res.config.settings"])
        self.assertEqual(reloaded.tier_value_mid_amount, 0.0)
        self.assertEqual(reloaded.tier_value_mid_orders, 0)

    def test_cron_interval_editable(self):
        with Form(self.env["res.config.settings"]) as form:
            form.tier_cron_interval_number = 6
            form.tier_cron_interval_type = "hours"
        form.record.execute()
        cron = self.env.ref("customer_tiering.ir_cron_recompute_tiers")
        self.assertEqual((cron.interval_number, cron.interval_type), (6, "hours"))

    def test_recompute_now_triggers_the_scheduled_action(self):
        cron = self.env.ref("customer_tiering.ir_cron_recompute_tiers")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        action = self.env["res.config.settings"].create({}).action_recompute_tiers_now()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            triggers + 1,
        )


@tagged("post_install", "-at_install")
class TestCronIntervalSetting(TieringCase):
    def test_zero_interval_refused_with_field_name(self):
        cron = self.env.ref("customer_tiering.ir_cron_recompute_tiers")
        before = (cron.interval_number, cron.interval_type)
        with self.assertRaises(ValidationError) as caught:
            self.env["res.config.settings"].create(
                {"tier_cron_interval_number": 0, "tier_cron_interval_type": "days"}
            ).execute()
        self.assertIn("Recompute Every", str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual((cron.interval_number, cron.interval_type), before)
