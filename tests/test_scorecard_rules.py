"""Pure rules of the weighted value scorecard (customer_tiering)."""

import random

import pytest

from customer_tiering.services import scorecard, tiering


def test_rank_percentile_largest_100_smallest_0_ties_share():
    normalise = scorecard.rank_normaliser([10.0, 20.0, 20.0, 40.0, None])
    assert normalise(40.0) == 100.0
    assert normalise(10.0) == 0.0
    assert normalise(20.0) == pytest.approx(50.0)
    assert normalise(None) == 0.0


def test_rank_percentile_single_customer_is_100():
    assert scorecard.rank_normaliser([5.0])(5.0) == 100.0
    assert scorecard.rank_normaliser([])(5.0) == 0.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, 0.0),
        (-5.0, 0.0),
        (0.0, 0.0),
        (50.0, 50.0),
        (100.0, 100.0),
        (150.0, 100.0),
    ],
)
def test_linear_between_floor_and_cap(value, expected):
    assert scorecard.linear(value, 0.0, 100.0) == expected


def test_linear_with_cap_not_above_floor_is_a_threshold():
    assert scorecard.linear(10.0, 10.0, 10.0) == 100.0
    assert scorecard.linear(9.0, 10.0, 10.0) == 0.0


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (100, "A1"),
        (85, "A1"),
        (84.99, "A2"),
        (70, "A2"),
        (55, "B1"),
        (40, "B2"),
        (39.99, "C"),
        (0, "C"),
    ],
)
def test_default_bands(score, grade):
    assert scorecard.grade(score) == grade


def test_grade_below_every_band_is_lowest():
    assert scorecard.grade(10, [(50.0, "A1")]) == "C"


def test_weights_add_up():
    assert scorecard.weights_add_up([40, 20, 15, 15, 10])
    assert scorecard.weights_add_up([])
    assert not scorecard.weights_add_up([40, 20])
    assert sum(w for _s, w in scorecard.DEFAULT_INDICATORS) == 100


def test_score_batch_weighted_sum_and_breakdown():
    indicators = [
        scorecard.Indicator(1, "Sales", "sales", 60.0, "rank"),
        scorecard.Indicator(2, "Strategic value", "manual", 40.0, "linear", 0, 100),
    ]
    values = {1: {"a": 300.0, "b": 200.0, "c": 100.0}, 2: {"a": 50.0}}
    results = scorecard.score_batch(["a", "b", "c", "d"], indicators, values)
    a = results["a"]
    assert a.score == pytest.approx(60 + 20)
    assert a.grade == "A2"
    assert [row.contribution for row in a.rows] == [60.0, 20.0]
    assert a.rows[1] == scorecard.BreakdownRow(
        "Strategic value", 50.0, 50.0, 40.0, 20.0
    )
    assert results["b"].score == pytest.approx(30.0)
    assert results["b"].grade == "C"
    assert results["c"].score == 0.0
    assert results["d"].rows[0].value is None
    assert sum(row.contribution for row in a.rows) == pytest.approx(a.score)


def test_score_without_indicators_is_zero_and_lowest_grade():
    result = scorecard.score_batch(["a"], [], {})["a"]
    assert (result.score, result.grade, result.rows) == (0.0, "C", ())


def test_metric_values_none_without_sales():
    assert set(scorecard.metric_values(tiering.PartnerMetrics(), 0.0).values()) == {
        None
    }
    values = scorecard.metric_values(
        tiering.PartnerMetrics(
            amount=1000.004, order_count=3, stability=0.51234, growth=0.5, margin=200
        ),
        0.25,
    )
    assert values == {
        "sales": 1000.0,
        "orders": 3.0,
        "margin": 200.0,
        "growth": 50.0,
        "stability": 0.5123,
        "share": 25.0,
    }
    assert set(values) == set(scorecard.METRIC_SOURCES)


def test_rank_table_equals_rank_normaliser():
    rng = random.Random(13)
    for size in (0, 1, 2, 7, 500):
        population = [rng.choice([None, *range(20)]) for _ in range(size)] + [
            round(rng.uniform(-50, 50), 2) for _ in range(size)
        ]
        normalise = scorecard.rank_normaliser(population)
        table = scorecard.rank_table(population)
        assert set(table) == {value for value in population if value is not None}
        for value, rank in table.items():
            assert rank == normalise(value)


def test_score_without_breakdown_is_the_same_score_and_grade():
    """The nightly run's fast path (no breakdown rows) must not move any
    score or grade: same random population, ties, partners without a value,
    rank and linear indicators, bands given in any order."""
    rng = random.Random(7)
    partners = list(range(3000))
    indicators = [
        scorecard.Indicator(1, "Sales", "sales", 35.0, "rank"),
        scorecard.Indicator(2, "Growth", "growth", 15.0, "rank"),
        scorecard.Indicator(3, "Stability", "stability", 20.0, "linear", 0.1, 0.9),
        scorecard.Indicator(4, "Influence", "manual", 10.0, "linear", 0, 100),
        scorecard.Indicator(5, "Orders", "orders", 20.0, "rank"),
    ]
    values = {
        1: {p: round(rng.uniform(0, 1e6), 2) for p in partners if p % 4},
        2: {p: round(rng.uniform(-100, 300), 2) for p in partners if p % 3},
        3: {p: rng.random() for p in partners if p % 5},
        4: {p: round(rng.uniform(0, 100), 2) for p in partners[::5]},
        5: {p: float(rng.randint(1, 12)) for p in partners if p % 4},
    }
    bands = [(40.0, "B2"), (0.0, "C"), (85.0, "A1"), (55.0, "B1"), (70.0, "A2")]
    batch = partners[::2] + [-1]
    full = scorecard.score_batch(batch, indicators, values, bands)
    fast = scorecard.score_batch(batch, indicators, values, bands, breakdown=False)
    assert {p: (r.score, r.grade) for p, r in fast.items()} == {
        p: (r.score, r.grade) for p, r in full.items()
    }
    assert all(result.rows == () for result in fast.values())
    assert {result.grade for result in fast.values()} >= {"A2", "B1", "C"}
    assert fast[-1].score == 0.0
