"""Pure rules of the relationship scorecard (customer_tiering)."""

from datetime import date

import pytest

from customer_tiering.services import relationship as rel

TODAY = date(2026, 11, 22)


def test_weighted_score_is_the_weighted_average():
    assert rel.weighted_score([(1, 5), (1, 3)]) == 4.0
    assert rel.weighted_score([(3, 5), (1, 1)]) == 4.0
    assert rel.weighted_score([(1, 4), (2, 3), (1, 2)]) == 3.0


def test_weighted_score_rounds_to_two_decimals():
    assert rel.weighted_score([(1, 5), (1, 4), (1, 4)]) == 4.33


def test_unscored_and_weightless_lines_do_not_count():
    assert rel.weighted_score([(1, 5), (1, None)]) == 5.0
    assert rel.weighted_score([(0, 1), (2, 4)]) == 4.0
    assert rel.weighted_score([(1, None), (1, None)]) is None
    assert rel.weighted_score([]) is None


@pytest.mark.parametrize(
    ("score", "growth", "expected"),
    [
        (None, 0.0, None),
        (4.0, 0.0, rel.DEVELOP),
        (4.5, -90.0, rel.DEVELOP),  # a falling value never lowers a develop
        (3.99, 0.0, rel.MAINTAIN),
        (2.5, 0.0, rel.MAINTAIN),
        (2.49, 50.0, rel.TERMINATE),
        (1.0, None, rel.TERMINATE),
        (3.0, -20.0, rel.MAINTAIN),  # at the decline threshold: not below it
        (3.0, -20.1, rel.TERMINATE),  # below it: maintain lowered
        (3.0, None, rel.MAINTAIN),  # unknown growth is not a fall
    ],
)
def test_recommendation(score, growth, expected):
    assert rel.recommend(score, growth) == expected


def test_recommendation_follows_the_thresholds():
    assert rel.recommend(3.5, 0.0, develop=3.5, terminate=2.0) == rel.DEVELOP
    assert rel.recommend(2.9, 0.0, develop=4.5, terminate=3.0) == rel.TERMINATE
    assert rel.recommend(3.0, -5.0, decline=-1.0) == rel.TERMINATE


@pytest.mark.parametrize(
    ("develop", "terminate", "grace", "keys"),
    [
        (4.0, 2.5, 14, []),
        (2.5, 2.5, 14, ["develop"]),
        (5.5, 2.5, 14, ["develop"]),
        (4.0, 0.5, 14, ["develop"]),
        (4.0, 2.5, -1, ["grace_days"]),
    ],
)
def test_validate_thresholds(develop, terminate, grace, keys):
    assert [p.key for p in rel.validate_thresholds(develop, terminate, grace)] == keys


def test_validate_score_and_weight():
    assert rel.validate_score(None) is None
    assert rel.validate_score(3) is None
    assert rel.validate_score(6) is not None
    assert rel.validate_score(0) is not None
    assert rel.validate_weight(0.5) is None
    assert rel.validate_weight(0) is not None
    assert rel.validate_weight(-1) is not None


@pytest.mark.parametrize(
    ("last", "interval", "expected"),
    [
        (None, 90, True),
        (None, 0, False),
        (None, None, False),
        (date(2026, 8, 24), 90, True),  # exactly 90 days ago
        (date(2026, 8, 25), 90, False),
        (date(2025, 1, 1), -5, False),
    ],
)
def test_is_due(last, interval, expected):
    assert rel.is_due(last, interval, TODAY) is expected


def test_due_customers_keeps_the_order():
    customers = [
        (3, 90, None),
        (1, 0, None),
        (2, 365, date(2025, 11, 22)),
        (4, 365, date(2025, 11, 23)),
    ]
    assert rel.due_customers(customers, TODAY) == [3, 2]
