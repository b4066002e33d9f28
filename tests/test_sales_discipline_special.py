"""Pure rules of the special-customer policy (sales_discipline)."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sales_discipline.services import special_customers as sc

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("monthly", "daily", "keys"),
    [
        (5, 3, []),
        (3, 3, []),
        (0, 3, ["monthly"]),
        (5, -1, ["daily"]),
        (None, None, ["monthly", "daily"]),
        (2, 3, ["daily"]),
    ],
)
def test_thresholds(monthly, daily, keys):
    assert [p.key for p in sc.check_thresholds(monthly, daily)] == keys


def test_thresholds_messages_name_the_field():
    (problem,) = sc.check_thresholds(0, 1)
    assert str(problem).startswith("Calls a month:")


@pytest.mark.parametrize(
    ("window", "busiest", "expected"),
    [
        (4, 2, None),
        (5, 1, sc.MSG_REASON_MONTHLY),
        (3, 3, sc.MSG_REASON_DAILY),
        (9, 4, sc.MSG_REASON_MONTHLY),  # the monthly reason comes first
    ],
)
def test_high_frequency_reason(window, busiest, expected):
    reason = sc.high_frequency_reason(window, TODAY, busiest, 5, 3)
    assert (reason.message if reason else None) == expected


@settings(max_examples=200, deadline=None)
@given(
    window=st.integers(0, 50),
    busiest=st.integers(0, 50),
    monthly=st.integers(1, 20),
    daily=st.integers(1, 20),
)
def test_flagged_exactly_at_a_threshold(window, busiest, monthly, daily):
    reason = sc.high_frequency_reason(window, TODAY, busiest, monthly, daily)
    assert (reason is not None) == (window >= monthly or busiest >= daily)


def test_window_and_expiry():
    assert sc.window_start(TODAY) == date(2026, 10, 22)
    assert (TODAY - sc.window_start(TODAY)).days + 1 == sc.WINDOW_DAYS
    assert sc.high_frequency_expiry(TODAY) == date(2026, 12, 20)
    assert sc.is_expired(TODAY, TODAY)
    assert not sc.is_expired(date(2026, 11, 21), TODAY)
    assert not sc.is_expired(None, TODAY)


@pytest.mark.parametrize(
    ("kind", "reason", "expiry", "keys"),
    [
        (sc.HARASSMENT, "Insults", date(2026, 11, 21), []),
        (sc.UNREASONABLE_CLAIMS, "Refunds", date(2027, 1, 1), []),
        (sc.HIGH_FREQUENCY, "Calls", date(2027, 1, 1), ["kind"]),
        (sc.HARASSMENT, "  ", date(2027, 1, 1), ["reason"]),
        (sc.HARASSMENT, "Insults", TODAY, ["expiry_date"]),
        (sc.HARASSMENT, None, None, ["reason", "expiry_date"]),
        ("other", "x", date(2027, 1, 1), ["kind"]),
    ],
)
def test_manual_flag(kind, reason, expiry, keys):
    assert [p.key for p in sc.check_manual_flag(kind, reason, expiry, TODAY)] == keys


def test_plan_creates_new_and_extends_known():
    hits = {(1, 10): "r", (1, 11): "r", (2, 10): "r"}
    active = {(1, 10): 100, (1, 12): 101}
    create, extend = sc.plan_high_frequency(hits, active, TODAY)
    assert create == [(1, 11), (2, 10)]
    assert extend == [100]


@settings(max_examples=200, deadline=None)
@given(
    hits=st.sets(st.tuples(st.integers(1, 3), st.integers(1, 20))),
    active=st.sets(st.tuples(st.integers(1, 3), st.integers(1, 20))),
)
def test_plan_is_idempotent(hits, active):
    """A second run, with the flags of the first, creates nothing."""
    hits = dict.fromkeys(hits, "r")
    active = {key: index for index, key in enumerate(sorted(active))}
    create, extend = sc.plan_high_frequency(hits, active, TODAY)
    assert set(create) | {key for key in active if active[key] in extend} == set(hits)
    after = {**active, **{key: 1000 + i for i, key in enumerate(create)}}
    assert sc.plan_high_frequency(hits, after, TODAY)[0] == []
