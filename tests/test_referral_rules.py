"""Pure rules of the referral rewards (lead_allocation)."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lead_allocation.services import referrals

Band = referrals.Band
COUNT_3 = Band(1, 10, referrals.COUNT, 3, 0, referrals.FIXED, 500.0)
AMOUNT_10K = Band(2, 20, referrals.AMOUNT, 10000, 50000, referrals.PERCENTAGE, 2.0)
AMOUNT_50K = Band(3, 30, referrals.AMOUNT, 50000, 0, referrals.PERCENTAGE, 3.0)
BANDS = (COUNT_3, AMOUNT_10K, AMOUNT_50K)


@pytest.mark.parametrize(
    ("registrant", "teams", "owner", "team", "expected"),
    [
        (7, [1, 2], 8, 3, 1),  # team 1's member hands to team 3
        (7, [2, 1], 8, 3, 2),  # the registrant's first team is the referrer's
        (7, [1], 8, 1, None),  # same team
        (7, [1, 3], 8, 3, None),  # a member of the receiving team too
        (7, [1], 7, 3, None),  # to himself
        (7, [], 8, 3, None),  # a registrant of no team refers nobody
        (None, [1], 8, 3, None),  # registered by nobody (imported)
        (7, [1], 8, None, None),  # no receiving team
    ],
)
def test_referral(registrant, teams, owner, team, expected):
    assert referrals.referral(registrant, teams, owner, team) == expected


@pytest.mark.parametrize(
    ("referrer", "teams", "user", "team", "expected"),
    [
        (7, [1], 8, 3, True),
        (7, [1], 7, 3, False),  # to oneself
        (7, [1], 8, 1, False),  # within the same team
        (7, [1, 3], 8, 3, False),  # the referrer joined the credited team
        (7, [1], 8, None, False),  # credited to no team
        (None, [1], 8, 3, False),
    ],
)
def test_rewardable(referrer, teams, user, team, expected):
    assert referrals.rewardable(referrer, teams, user, team) is expected


@pytest.mark.parametrize(
    ("count", "amount", "band", "reward"),
    [
        (1, 9999.99, None, None),  # no band
        (3, 1000.0, COUNT_3, 500.0),  # count band only
        (1, 10000.0, AMOUNT_10K, 200.0),  # from is inclusive
        (3, 30000.0, AMOUNT_10K, 600.0),  # both match: 2% of 30000 > 500
        (3, 24000.0, COUNT_3, 500.0),  # both match: 500 > 2% of 24000
        (3, 25000.0, COUNT_3, 500.0),  # a tie: the first band in sequence
        (4, 12000.0, COUNT_3, 500.0),  # both match: 500 > 240
        (1, 50000.0, AMOUNT_50K, 1500.0),  # to is exclusive
        (9, 80000.0, AMOUNT_50K, 2400.0),  # open-ended band
    ],
)
def test_best_band(count, amount, band, reward):
    proposal = referrals.best_band(BANDS, count, amount)
    if band is None:
        assert proposal is None
    else:
        assert proposal.band == band
        assert proposal.reward == reward


def test_tie_goes_to_the_first_band_in_sequence():
    first = Band(9, 5, referrals.COUNT, 1, 0, referrals.FIXED, 100.0)
    second = Band(4, 8, referrals.AMOUNT, 0, 0, referrals.FIXED, 100.0)
    assert referrals.best_band([second, first], 1, 10.0).band == first


@settings(max_examples=200, deadline=None)
@given(
    count=st.integers(min_value=0, max_value=50),
    amount=st.floats(min_value=0, max_value=1e7, allow_nan=False),
)
def test_the_winner_is_the_largest_matching_reward(count, amount):
    proposal = referrals.best_band(BANDS, count, amount)
    rewards = [
        referrals.band_reward(band, amount)
        for band in BANDS
        if referrals.band_matches(band, count, amount)
    ]
    if not rewards:
        assert proposal is None
    else:
        assert proposal.reward == max(rewards)


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ((referrals.AMOUNT, 0, 0, referrals.FIXED, 10), None),
        (
            (referrals.AMOUNT, 100, 100, referrals.FIXED, 10),
            ("value_to", "not_above_from"),
        ),
        (
            (referrals.AMOUNT, 100, 50, referrals.FIXED, 10),
            ("value_to", "not_above_from"),
        ),
        ((referrals.COUNT, -1, 0, referrals.FIXED, 10), ("value_from", "negative")),
        ((referrals.COUNT, 1, 0, referrals.FIXED, -1), ("value", "negative")),
        ((referrals.COUNT, 1, 0, referrals.PERCENTAGE, 101), ("value", "above_100")),
        (("days", 1, 0, referrals.FIXED, 1), ("measure", "unknown")),
        ((referrals.COUNT, 1, 0, "points", 1), ("reward_type", "unknown")),
    ],
)
def test_band_problem(values, problem):
    assert referrals.band_problem(*values) == problem


def test_months():
    assert referrals.previous_month(date(2026, 1, 15)) == date(2025, 12, 1)
    assert referrals.previous_month(date(2026, 3, 1)) == date(2026, 2, 1)
    assert referrals.next_month(date(2026, 1, 1)) == date(2026, 2, 1)
    assert referrals.next_month(date(2025, 12, 1)) == date(2026, 1, 1)
    assert referrals.month_start(date(2026, 2, 28)) == date(2026, 2, 1)


def test_summarise_per_company_referrer_and_month():
    jan, feb = date(2026, 1, 1), date(2026, 2, 1)
    lines = [
        (1, 1, 7, jan, 100.0),
        (2, 1, 7, jan, 50.0),
        (3, 1, 7, feb, 10.0),
        (4, 2, 7, jan, 5.0),
        (5, 1, 8, jan, 1.0),
    ]
    assert referrals.summarise(lines) == {
        (1, 7, jan): (2, 150.0, (1, 2)),
        (1, 7, feb): (1, 10.0, (3,)),
        (2, 7, jan): (1, 5.0, (4,)),
        (1, 8, jan): (1, 1.0, (5,)),
    }
