"""Pure rules of the weighted value scorecard (customer_tiering)."""

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
