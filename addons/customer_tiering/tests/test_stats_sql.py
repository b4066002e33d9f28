import random
from datetime import timedelta

from odoo.tests import tagged

from ..services import tiering
from .common import TieringCase


@tagged("post_install", "-at_install")
class TestStatsSql(TieringCase):
    """The engine reduces a customer's orders in SQL (sums per period, then
    per customer) and the pure rules turn the sums into metrics; the result
    must be what the rules compute from the orders themselves. Only real SQL
    on real orders can show it: random order books, a fixed seed."""

    def test_sql_reduction_agrees_with_order_level_metrics(self):
        engine = self.env["customer.tier.engine"]
        previous_start, start, end = engine._window(self.company, self.today)
        window = (start.date(), end.date())
        generator = random.Random(20261203)
        expected = {}
        for index in range(12):
            partner = self._customer(f"Random Buyer {index}")
            orders = []
            for _order in range(generator.randint(0, 10)):
                days_ago = generator.randint(0, 800)
                amount = round(generator.uniform(1.0, 100000.0), 2)
                self._order(partner, amount, days_ago)
                day = self.today - timedelta(days=days_ago)
                # the product costs 60: the order's margin
                orders.append((day, amount, amount - 60.0))
            expected[partner.id] = tiering.compute_metrics(orders, window)
        self.env.flush_all()  # as the engine does before it reads
        stats = engine._fetch_stats(self.company, previous_start, start, end)
        periods = tiering.period_count(self.company.tier_lookback_days)
        for partner_id, reference in expected.items():
            reduced = tiering.metrics_from_stats(
                stats.get(partner_id, tiering.PartnerStats()), periods
            )
            with self.subTest(partner=partner_id):
                self.assertAlmostEqual(reduced.amount, reference.amount, places=2)
                self.assertAlmostEqual(reduced.margin, reference.margin, places=2)
                self.assertAlmostEqual(reduced.stability, reference.stability, places=6)
                self.assertEqual(reduced.active_months, reference.active_months)
                self.assertEqual(reduced.order_count, reference.order_count)
                self.assertEqual(reduced.first_order_date, reference.first_order_date)
                self.assertEqual(reduced.last_order_date, reference.last_order_date)
                self.assertEqual(reduced.growth is None, reference.growth is None)
                if reference.growth is not None:
                    self.assertAlmostEqual(reduced.growth, reference.growth, places=6)
