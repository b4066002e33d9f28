"""Pure rules of customer_tiering: metrics and the four schemes."""

from datetime import date, timedelta

import pytest

from customer_tiering.services import tiering

TODAY = date(2026, 11, 22)
WINDOW = (date(2025, 11, 23), date(2026, 11, 23))
SETTINGS = tiering.TierSettings()


def metrics(**values):
    return tiering.PartnerMetrics(**values)


# ----------------------------------------------------------------------
# metrics
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("days", "count"), [(365, 12), (90, 3), (30, 1), (10, 1), (730, 24)]
)
def test_period_count(days, count):
    assert tiering.period_count(days) == count


@pytest.mark.parametrize(
    ("day", "index"),
    [
        (date(2026, 11, 22), 0),  # the last day of the window
        (date(2026, 10, 24), 0),  # 30 days before the end
        (date(2026, 10, 23), 1),  # 31 days: 31 * 12 / 365 = 1.02
        (date(2026, 10, 22), 1),
        (date(2025, 11, 23), 11),  # the first day of the window
        (date(2026, 1, 1), 10),  # across the year boundary
    ],
)
def test_period_index(day, index):
    assert tiering.period_index(day, WINDOW) == index


def test_monthly_buyer_is_perfectly_stable_over_365_days():
    # One order on the 10th of every month: a 365-day window touches 13
    # calendar months but holds 12 equal periods, one order in each.
    orders = [(date(2026, m, 10), 1000.0, 0.0) for m in range(1, 12)]
    orders.append((date(2025, 12, 10), 1000.0, 0.0))
    result = tiering.compute_metrics(orders, WINDOW)
    assert result.stability == pytest.approx(1.0)
    assert result.active_months == 12


@pytest.mark.parametrize(
    ("periods", "expected"),
    [
        ({}, 0.0),  # no sales at all
        ({0: 100.0, 1: 100.0}, 1.0),  # even
        ({0: 100.0}, 0.0),  # CV = 1
        ({0: 300.0, 1: 100.0}, 0.5),  # CV = 0.5
        ({0: -50.0}, 0.0),  # refunds only
    ],
)
def test_stability(periods, expected):
    assert tiering.stability(periods, 2) == pytest.approx(expected)


def test_stability_single_order_in_a_year_is_erratic():
    assert tiering.stability({5: 1000.0}, 12) == 0.0


@pytest.mark.parametrize(
    ("amount", "previous", "expected"),
    [(150.0, 100.0, 0.5), (50.0, 100.0, -0.5), (100.0, 0.0, None), (0.0, 0.0, None)],
)
def test_growth(amount, previous, expected):
    assert tiering.growth(amount, previous) == (
        expected if expected is None else pytest.approx(expected)
    )


def test_compute_metrics_from_orders():
    orders = [
        (date(2026, 1, 5), 600.0, 200.0),
        (date(2026, 1, 20), 400.0, 100.0),
        (date(2026, 2, 3), 500.0, 100.0),
        (date(2025, 11, 1), 750.0, 10.0),  # previous window
        (date(2023, 5, 1), 10.0, 1.0),  # older than both windows
        (date(2026, 11, 23), 99.0, 1.0),  # after the window: ignored
    ]
    result = tiering.compute_metrics(orders, WINDOW)
    assert result.amount == 1500.0
    assert result.order_count == 3
    assert result.active_months == 2
    assert result.margin == 400.0
    assert result.margin_percent == pytest.approx(400.0 / 15.0)
    assert result.growth == pytest.approx(1.0)
    assert result.first_order_date == date(2023, 5, 1)
    assert result.last_order_date == date(2026, 2, 3)
    assert 0.0 <= result.stability < 0.1


def test_metrics_use_amounts_already_in_company_currency():
    # An order of 1,000 EUR at 2 EUR per USD arrives as 500 USD from SQL.
    orders = [(date(2026, 3, 1), 500.0, 50.0), (date(2026, 3, 2), 250.0, 0.0)]
    assert tiering.compute_metrics(orders, WINDOW).amount == 750.0


def test_compute_metrics_without_orders():
    assert tiering.compute_metrics([], WINDOW) == tiering.PartnerMetrics()


# ----------------------------------------------------------------------
# value tier
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("amount", "orders", "stable", "expected"),
    [
        (500000.0, 12, 0.5, "high"),  # exactly on every high threshold
        (499999.99, 12, 0.9, "mid"),
        (900000.0, 11, 0.9, "mid"),  # not frequent enough for high
        (900000.0, 20, 0.49, "mid"),  # not stable enough for high
        (100000.0, 4, 0.2, "mid"),
        (100000.0, 3, 0.9, "low"),
        (99999.0, 40, 0.9, "low"),
        (0.0, 0, 0.0, "low"),
    ],
)
def test_value_tier(amount, orders, stable, expected):
    result = metrics(amount=amount, order_count=orders, stability=stable)
    assert tiering.value_tier(result, tiering.ValueThresholds()) == expected


# ----------------------------------------------------------------------
# share tier
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("amount", "total", "ordered", "expected"),
    [
        (5.0, 100.0, True, "vip"),  # exactly 5%
        (4.99, 100.0, True, "senior"),
        (2.0, 100.0, True, "senior"),
        (1.0, 100.0, True, "regular"),
        (0.99, 100.0, True, "ordinary"),
        (0.0, 100.0, True, "ordinary"),  # ordered before the window
        (0.0, 100.0, False, "potential"),
        (0.0, 0.0, True, "ordinary"),  # no sales at all in the company
        (-10.0, 100.0, True, "ordinary"),  # refunds
        (100.0, 100.0, True, "vip"),  # one customer
    ],
)
def test_share_tier(amount, total, ordered, expected):
    assert tiering.share_tier(amount, total, ordered) == expected


# ----------------------------------------------------------------------
# Pareto grades
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        ({}, {}),
        ({1: 100.0}, {1: "A"}),  # a single customer
        # The first reaches 60% exactly, the second starts at 60% (B), the
        # next at 70.2% (C), 80.3% (D) and the last at 90.3% (E).
        (
            {1: 600.0, 2: 102.0, 3: 101.0, 4: 100.0, 5: 97.0},
            {1: "A", 2: "B", 3: "C", 4: "D", 5: "E"},
        ),
        # The customer straddling 60% stays A.
        # The third starts exactly at 80%: D.
        ({1: 50.0, 2: 30.0, 3: 20.0}, {1: "A", 2: "A", 3: "D"}),
        # Ties share the grade of the first of them.
        ({1: 40.0, 2: 20.0, 3: 20.0, 4: 20.0}, {1: "A", 2: "A", 3: "A", 4: "A"}),
        # Zero sales: E when ordered.
        ({1: 100.0, 2: 0.0}, {1: "A", 2: "E"}),
        # Negative sales are E too and do not shrink the others' share.
        ({1: 100.0, 2: -5.0}, {1: "A", 2: "E"}),
    ],
)
def test_pareto_grades(amounts, expected):
    assert tiering.pareto_grades(amounts) == expected


def test_pareto_grade_none_for_never_ordered():
    assert tiering.pareto_grades({1: 10.0, 2: 0.0}, ordered={1}) == {1: "A", 2: None}


def test_pareto_ties_broken_by_id_deterministically():
    first = tiering.pareto_grades({3: 10.0, 1: 10.0, 2: 80.0})
    second = tiering.pareto_grades({2: 80.0, 1: 10.0, 3: 10.0})
    assert first == second == {2: "A", 1: "D", 3: "D"}


# ----------------------------------------------------------------------
# lifecycle
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("first", "last", "orders", "months", "expected"),
    [
        (None, None, 0, 0, "potential"),
        (TODAY - timedelta(days=90), TODAY, 1, 1, "new"),  # boundary: 90 days
        (TODAY - timedelta(days=91), TODAY, 1, 1, "active"),
        (TODAY - timedelta(days=400), TODAY, 3, 3, "loyal"),
        (TODAY - timedelta(days=400), TODAY, 3, 2, "active"),
        (TODAY - timedelta(days=400), TODAY, 2, 3, "active"),
        (TODAY - timedelta(days=900), TODAY - timedelta(days=365), 0, 0, "active"),
        (TODAY - timedelta(days=900), TODAY - timedelta(days=366), 0, 0, "churned"),
        # Churn wins over "new" when the only order is old and new_days is long.
        (TODAY - timedelta(days=400), TODAY - timedelta(days=400), 0, 0, "churned"),
    ],
)
def test_lifecycle(first, last, orders, months, expected):
    result = metrics(
        first_order_date=first,
        last_order_date=last,
        order_count=orders,
        active_months=months,
    )
    assert tiering.lifecycle_stage(result, TODAY, SETTINGS) == expected


# ----------------------------------------------------------------------
# batch classification
# ----------------------------------------------------------------------
def stats(amount, first, last, orders=1, months=1, margin=0.0, previous=0.0):
    return tiering.PartnerStats(
        amount=amount,
        sum_squares=amount * amount,
        active_months=months,
        order_count=orders,
        margin=margin,
        previous_amount=previous,
        first_order_date=first,
        last_order_date=last,
    )


def test_classify_batch_uses_company_totals():
    # Partner 3 is outside this batch but counts in the company's totals.
    all_stats = {
        1: stats(60.0, date(2026, 10, 5), date(2026, 10, 5)),
        2: stats(40.0, date(2020, 1, 1), date(2026, 10, 9)),
        3: stats(900.0, date(2020, 1, 1), date(2026, 10, 9)),
    }
    results = tiering.classify_batch([1, 2, 4], all_stats, WINDOW, TODAY, SETTINGS)
    assert results[1].share == pytest.approx(0.06)
    assert results[1].tiers == {
        "value": "low",
        "share": "vip",
        "pareto": "E",  # 90% of the sales are ahead of it
        "lifecycle": "new",
    }
    assert results[2].tiers["share"] == "senior"
    assert results[2].tiers["pareto"] == "E"
    assert results[2].tiers["lifecycle"] == "active"
    assert results[4].tiers == {
        "value": "low",
        "share": "potential",
        "pareto": None,
        "lifecycle": "potential",
    }


def test_classify_batch_without_any_sales():
    results = tiering.classify_batch([1], {}, WINDOW, TODAY, SETTINGS)
    assert results[1].share == 0.0
    assert results[1].tiers["share"] == "potential"


def test_ordered_before_the_window_is_pareto_e():
    all_stats = {1: stats(0.0, date(2024, 1, 1), date(2025, 1, 1), orders=0, months=0)}
    results = tiering.classify_batch([1], all_stats, WINDOW, TODAY, SETTINGS)
    assert results[1].tiers["pareto"] == "E"
    assert results[1].tiers["share"] == "ordinary"


# ----------------------------------------------------------------------
# overrides, history, service standards
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("override", "expiry", "expected"),
    [
        ("vip", None, "vip"),
        ("vip", TODAY, "vip"),  # the expiry day still counts
        ("vip", TODAY - timedelta(days=1), "regular"),
        (None, None, "regular"),
    ],
)
def test_effective_value(override, expiry, expected):
    assert tiering.effective_value("regular", override, expiry, TODAY) == expected


def test_diff_tiers_in_scheme_order():
    old = {"value": "low", "share": "vip", "pareto": None, "lifecycle": "new"}
    new = {"value": "mid", "share": "vip", "pareto": "A", "lifecycle": "new"}
    assert tiering.diff_tiers(old, new) == [
        ("value", "low", "mid"),
        ("pareto", None, "A"),
    ]
    assert tiering.diff_tiers(new, dict(new)) == []


@pytest.mark.parametrize(
    ("share", "value", "expected"),
    [
        ("vip", "low", 30),
        ("vip", "high", 14),
        ("ordinary", "low", None),
        ("regular", "mid", 90),
    ],
)
def test_resolve_interval_takes_the_stricter(share, value, expected):
    shares = {"vip": 30, "senior": 60, "regular": 90, "ordinary": 0}
    values = {"high": 14}
    assert tiering.resolve_interval(share, value, shares, values) == expected


@pytest.mark.parametrize(
    ("last", "interval", "expected"),
    [
        (None, 30, True),
        (TODAY - timedelta(days=30), 30, False),
        (TODAY - timedelta(days=31), 30, True),
        (None, 0, False),
        (None, None, False),
    ],
)
def test_visit_due(last, interval, expected):
    assert tiering.visit_due(last, interval, TODAY) is expected


# ----------------------------------------------------------------------
# settings validation
# ----------------------------------------------------------------------
def settings(**changes):
    base = {
        "lookback_days": 365,
        "value": tiering.ValueThresholds(),
        "share": (0.05, 0.02, 0.01),
        "pareto": (0.6, 0.7, 0.8, 0.9),
    }
    base.update(changes)
    return tiering.TierSettings(**base)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({}, None),
        ({"lookback_days": 0}, "tier_lookback_days"),
        ({"share": (0.05, 0.06, 0.01)}, "tier_share_senior"),
        ({"share": (0.05, 0.02, 0.02)}, "tier_share_regular"),
        ({"share": (1.5, 0.02, 0.01)}, "tier_share_vip"),
        ({"pareto": (0.6, 0.6, 0.8, 0.9)}, "tier_pareto_b"),
        ({"pareto": (0.6, 0.7, 0.8, 1.2)}, "tier_pareto_d"),
        (
            {"value": tiering.ValueThresholds(mid_amount=600000.0)},
            "tier_value_mid_amount",
        ),
        (
            {"value": tiering.ValueThresholds(high_amount=-1.0)},
            "tier_value_high_amount",
        ),
        (
            {"value": tiering.ValueThresholds(mid_stability=1.5)},
            "tier_value_mid_stability",
        ),
        ({"value": tiering.ValueThresholds(mid_amount=0.0, mid_orders=0)}, None),
    ],
)
def test_validate_settings(changes, field):
    problems = tiering.validate_settings(settings(**changes))
    if field is None:
        assert problems == []
    else:
        assert problems and problems[0][0] == field


def test_copy_text_writes_copy_text_format():
    from customer_tiering.services import bulk

    text = bulk.copy_text([(1, None, "vip"), (2, 0.5, date(2026, 1, 2))])
    assert text == "1\t\\N\tvip\n2\t0.5\t2026-01-02\n"


def test_copy_text_escapes_what_copy_gives_a_meaning_to():
    from customer_tiering.services import bulk

    text = bulk.copy_text([("a\tb\nc\rd\\e", "\\N")])
    assert text == "a\\tb\\nc\\rd\\\\e\t\\\\N\n"
    assert text.count("\t") == 1 and text.count("\n") == 1


def test_positive_total_does_not_depend_on_the_order():
    """A resumed or concurrent run gets the customers' amounts in another
    order: the shares it stores must not change in the last digits."""
    amounts = [1e16, 1.0, 1.0, -5.0, None, 0.0]
    assert sum(a for a in amounts if a and a > 0) != sum(
        a for a in reversed(amounts) if a and a > 0
    )
    assert tiering.positive_total(amounts) == tiering.positive_total(
        list(reversed(amounts))
    )
    assert tiering.positive_total([2.5, -1.0, None, 1.5]) == 4.0
