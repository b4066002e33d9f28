"""Pure rules of the key-account plans: progress, reviews, requirements."""

import json
from datetime import date

from customer_tiering.services.account_plans import (
    average_progress,
    goal_progress,
    next_review_date,
    plan_required,
    review_due,
    review_snapshot,
)


def test_goal_progress_is_a_bounded_percentage():
    assert goal_progress(200.0, 50.0) == 25.0
    assert goal_progress(200.0, 300.0) == 100.0
    assert goal_progress(10.0, -5.0) == 0.0
    assert goal_progress(10.0, None) == 0.0


def test_goal_without_positive_target_counts_as_nothing():
    assert goal_progress(0.0, 50.0) == 0.0
    assert goal_progress(-10.0, -20.0) == 0.0
    assert goal_progress(None, 5.0) == 0.0


def test_average_progress():
    assert average_progress([]) == 0.0
    assert average_progress([100.0, 50.0, 0.0]) == 50.0
    assert average_progress(iter([33.0, 34.0])) == 33.5


def test_next_review_counts_from_the_review_held():
    assert next_review_date(date(2026, 3, 10), 30) == date(2026, 4, 9)
    assert next_review_date(date(2026, 3, 10), 0) == date(2026, 3, 11)


def test_review_due_only_for_active_plans_on_or_after_the_date():
    today = date(2026, 3, 10)
    assert review_due("active", date(2026, 3, 10), today)
    assert review_due("active", date(2026, 3, 1), today)
    assert not review_due("active", date(2026, 3, 11), today)
    assert not review_due("draft", date(2026, 3, 1), today)
    assert not review_due("closed", date(2026, 3, 1), today)
    assert not review_due("active", None, today)


def test_plan_required_by_a_row_of_the_customers_company():
    rows = [
        (1, "tier_pareto", "A"),
        (1, "tier_share", "vip"),
        (2, "tier_value", "high"),
    ]
    assert plan_required({"tier_pareto": "A"}, 1, rows)
    assert plan_required({"tier_pareto": "B", "tier_share": "vip"}, 1, rows)
    assert not plan_required({"tier_value": "high"}, 1, rows)
    assert plan_required({"tier_value": "high"}, 2, rows)
    assert not plan_required({"tier_pareto": "A"}, 2, rows)
    assert not plan_required({}, 1, rows)


def test_review_snapshot_keeps_values_and_progress():
    snapshot = json.loads(
        review_snapshot(
            [
                {
                    "name": "销售额",
                    "metric": "tier_sales_amount",
                    "target": 100.0,
                    "current": 40.0,
                },
                {"name": "Manual", "metric": "manual", "target": 4.0, "current": 4.0},
            ]
        )
    )
    assert snapshot[0]["progress"] == 40.0
    assert snapshot[0]["name"] == "销售额"
    assert snapshot[1]["progress"] == 100.0
