"""Pure rules of sales_discipline: penalty ladder, mismatch ladder, SLA."""

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sales_discipline.services import ladder, mismatch, visits, working_hours

settings_profile = settings(max_examples=200, deadline=None)
D = date
DT = datetime


# ----------------------------------------------------------------------
# penalty ladder
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("rank", "steps", "days"),
    [
        (1, ladder.DEFAULT_STEPS, 7),
        (2, ladder.DEFAULT_STEPS, 15),
        (3, ladder.DEFAULT_STEPS, 30),
        (4, ladder.DEFAULT_STEPS, 30),  # beyond the ladder: its last step
        (25, ladder.DEFAULT_STEPS, 30),
        (1, (5,), 5),
        (3, (5,), 5),
        (2, (3, 3, 10, 60), 3),
        (4, (3, 3, 10, 60), 60),
    ],
)
def test_suspension_days(rank, steps, days):
    assert ladder.suspension_days(rank, steps) == days


@pytest.mark.parametrize(("rank", "steps"), [(0, (7,)), (-1, (7,)), (1, ())])
def test_suspension_days_refuses_nonsense(rank, steps):
    with pytest.raises(ValueError):
        ladder.suspension_days(rank, steps)


V = (D(2026, 6, 15), 50)  # the violation being ranked


@pytest.mark.parametrize(
    ("previous", "window", "rank"),
    [
        ([], 365, 1),
        ([(D(2026, 3, 1), 10)], 365, 2),
        ([(D(2026, 3, 1), 10), (D(2026, 5, 1), 20)], 365, 3),
        # the window is (date - 365 days, date]: 365 days earlier is out
        ([(D(2025, 6, 15), 10)], 365, 1),
        ([(D(2025, 6, 16), 10)], 365, 2),
        # same date: ordered by id
        ([(D(2026, 6, 15), 49)], 365, 2),
        ([(D(2026, 6, 15), 51)], 365, 1),
        # the violation itself and later ones do not count
        ([V, (D(2026, 6, 16), 10), (D(2026, 9, 1), 5)], 365, 1),
        # across the year boundary
        ([(D(2025, 12, 31), 10)], 365, 2),
        # custom window
        ([(D(2026, 5, 16), 10), (D(2026, 5, 15), 11)], 30, 1),
        ([(D(2026, 5, 16), 10), (D(2026, 5, 15), 11)], 31, 2),
        ([(D(2026, 5, 16), 10), (D(2026, 5, 15), 11)], 32, 3),
    ],
)
def test_rank_of(previous, window, rank):
    assert ladder.rank_of(V, previous, window) == rank


def test_rank_of_year_boundary_with_short_window():
    assert ladder.rank_of((D(2026, 1, 1), 2), [(D(2025, 12, 31), 1)], 1) == 1
    assert ladder.rank_of((D(2026, 1, 1), 2), [(D(2025, 12, 31), 1)], 2) == 2


def test_confirmation_rank_counts_confirmations_on_both_sides():
    day = D(2026, 5, 16)
    # an older violation confirmed after a newer one is the second step
    assert ladder.confirmation_rank(day - timedelta(days=10), [day]) == 2
    # two on the same day, the second confirmed sees the first
    assert ladder.confirmation_rank(day, [day]) == 2
    # the window applies before and after the date
    assert ladder.confirmation_rank(day, [day + timedelta(days=365)]) == 1
    assert ladder.confirmation_rank(day, [day - timedelta(days=364)]) == 2
    assert ladder.confirmation_rank(day, [day + timedelta(days=30)], 30) == 1
    assert ladder.confirmation_rank(day, []) == 1
    with pytest.raises(ValueError):
        ladder.confirmation_rank(day, [], 0)


@settings_profile
@given(st.lists(st.dates(D(2020, 1, 1), D(2030, 12, 31)), max_size=20))
def test_confirmation_ranks_never_repeat_within_a_window(dates):
    """Whatever order the violations are confirmed in, a huge window makes
    them steps 1, 2, 3...: no two confirmations share a step."""
    confirmed = []
    ranks = []
    for day in dates:
        ranks.append(ladder.confirmation_rank(day, confirmed, 10**6))
        confirmed.append(day)
    assert ranks == list(range(1, len(dates) + 1))


def test_window_slides_and_resets():
    day0 = D(2025, 1, 10)
    history = [
        (day0, 1),
        (day0 + timedelta(days=200), 2),
        (day0 + timedelta(days=400), 3),  # day 0 has left its window
        (day0 + timedelta(days=500), 4),
        (day0 + timedelta(days=866), 5),  # > 365 days after every earlier one
        (day0 + timedelta(days=867), 6),
    ]
    ranks = [ladder.rank_of(v, history) for v in history]
    assert ranks == [1, 2, 2, 3, 1, 2]
    days = [ladder.suspension_days(rank) for rank in ranks]
    assert days == [7, 15, 15, 30, 7, 15]


@settings_profile
@given(
    st.lists(
        st.tuples(st.dates(D(2020, 1, 1), D(2030, 12, 31)), st.integers(1, 50)),
        unique=True,
        max_size=30,
    ),
    st.randoms(use_true_random=False),
)
def test_rank_ignores_input_order_and_counts_all_with_a_huge_window(violations, rnd):
    ordered = sorted(violations)
    shuffled = list(violations)
    rnd.shuffle(shuffled)
    for position, violation in enumerate(ordered, start=1):
        assert ladder.rank_of(violation, shuffled, 10**6) == position
        assert ladder.rank_of(violation, shuffled) == ladder.rank_of(violation, ordered)


@pytest.mark.parametrize(
    ("start", "days", "period"),
    [
        (DT(2026, 3, 2, 9, 30), 7, (DT(2026, 3, 2, 9, 30), DT(2026, 3, 9, 9, 30))),
        (DT(2025, 12, 28, 0, 0), 7, (DT(2025, 12, 28), DT(2026, 1, 4))),
        (DT(2026, 2, 14, 16, 0), 15, (DT(2026, 2, 14, 16), DT(2026, 3, 1, 16))),
        (D(2028, 2, 1), 30, (D(2028, 2, 1), D(2028, 3, 2))),  # leap year
    ],
)
def test_suspension_period(start, days, period):
    assert ladder.suspension_period(start, days) == period


@pytest.mark.parametrize("days", [0, -7])
def test_suspension_period_needs_a_day(days):
    with pytest.raises(ValueError):
        ladder.suspension_period(DT(2026, 3, 2), days)


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        ("7,15,30", (7, 15, 30)),
        (" 7 , 15 ,30 ", (7, 15, 30)),
        ("10", (10,)),
        ("3,3,10", (3, 3, 10)),  # non-decreasing is enough
    ],
)
def test_ladder_parse_steps(text, steps):
    assert ladder.parse_steps(text) == steps
    assert ladder.validate_steps(text) == []


@pytest.mark.parametrize("text", ["", "  ", "7,,15", "7,x", "7,-1", "15,7", "7.5"])
def test_ladder_parse_steps_refuses(text):
    with pytest.raises(ValueError):
        ladder.parse_steps(text)


@pytest.mark.parametrize(
    ("steps", "window", "problems"),
    [
        ("", 365, [("steps", ladder.MSG_NO_STEP, {})]),
        (None, 365, [("steps", ladder.MSG_NO_STEP, {})]),
        (
            "7,abc,30",
            365,
            [("steps", ladder.MSG_STEP_NOT_INTEGER, {"position": 2, "value": "abc"})],
        ),
        (
            "7,0,30",
            365,
            [("steps", ladder.MSG_STEP_NOT_POSITIVE, {"position": 2, "value": "0"})],
        ),
        (
            "7,15,10",
            365,
            [
                (
                    "steps",
                    ladder.MSG_STEP_DECREASES,
                    {"position": 3, "value": "10", "previous": 15},
                )
            ],
        ),
        (
            "7,15,30",
            0,
            [("window_days", ladder.MSG_WINDOW_NOT_POSITIVE, {"value": 0})],
        ),
        (  # every problem at once, in reading order
            "-1,x,5,3",
            -5,
            [
                ("steps", ladder.MSG_STEP_NOT_POSITIVE, {"position": 1, "value": "-1"}),
                ("steps", ladder.MSG_STEP_NOT_INTEGER, {"position": 2, "value": "x"}),
                (
                    "steps",
                    ladder.MSG_STEP_DECREASES,
                    {"position": 4, "value": "3", "previous": 5},
                ),
                ("window_days", ladder.MSG_WINDOW_NOT_POSITIVE, {"value": -5}),
            ],
        ),
        ((7, 15, 30), 365, []),  # already parsed
        (
            (7, 2.5),
            365,
            [("steps", ladder.MSG_STEP_NOT_INTEGER, {"position": 2, "value": "2.5"})],
        ),
    ],
)
def test_ladder_validate_steps(steps, window, problems):
    found = ladder.validate_steps(steps, window)
    assert [(p.key, p.message, p.params) for p in found] == problems


def test_ladder_problem_reads_as_english():
    (problem,) = ladder.validate_steps("7,15,10")
    assert str(problem) == (
        "step 3 (10 days) cannot be shorter than the step before it (15 days)."
    )


@settings_profile
@given(st.lists(st.integers(1, 400), min_size=1, max_size=8).map(sorted))
def test_ladder_steps_round_trip(steps):
    assert ladder.parse_steps(ladder.format_steps(steps)) == tuple(steps)


# ----------------------------------------------------------------------
# mismatch ladder
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("month", "count", "expected"),
    [
        (D(2025, 12, 1), 1, D(2026, 1, 1)),
        (D(2026, 1, 31), -1, D(2025, 12, 1)),
        (D(2026, 3, 15), -14, D(2025, 1, 1)),
        (D(2026, 11, 1), 2, D(2027, 1, 1)),
        (DT(2026, 5, 20, 23, 59), 0, D(2026, 5, 1)),
        (D(2026, 1, 1), -25, D(2023, 12, 1)),
    ],
)
def test_add_months(month, count, expected):
    assert mismatch.add_months(month, count) == expected


def test_month_end_exclusive_crosses_the_year():
    assert mismatch.month_end_exclusive(D(2026, 12, 31)) == D(2027, 1, 1)


def days_in(year, month, count, first_day=1):
    return [D(year, month, first_day + n) for n in range(count)]


def firing(step_key, start, end, count):
    step = {step.key: step for step in mismatch.DEFAULT_STEPS}[step_key]
    return mismatch.Firing(
        step_key,
        start,
        end,
        count,
        step.action,
        step.amount,
        step.off_duty_months,
    )


JAN, FEB, MAR, APR = (D(2026, m, 1) for m in (1, 2, 3, 4))
NOV25, DEC25 = D(2025, 11, 1), D(2025, 12, 1)


@pytest.mark.parametrize(
    ("dates", "current", "expected"),
    [
        ([], JAN, []),
        (days_in(2026, 1, 2), JAN, []),  # below the threshold
        (days_in(2026, 1, 3), JAN, [firing(1, JAN, JAN, 3)]),
        (days_in(2026, 1, 5), D(2026, 1, 20), [firing(1, JAN, JAN, 5)]),
        # December then January: the 2-month window crosses the year
        (
            days_in(2025, 12, 3) + days_in(2026, 1, 3),
            JAN,
            [
                firing(1, DEC25, DEC25, 3),
                firing(1, JAN, JAN, 3),
                firing(2, DEC25, JAN, 6),
            ],
        ),
        # the 3-month window crosses the year and fires with the others
        (
            days_in(2025, 11, 4) + days_in(2025, 12, 3) + days_in(2026, 1, 3),
            JAN,
            [
                firing(1, NOV25, NOV25, 4),
                firing(1, DEC25, DEC25, 3),
                firing(2, NOV25, DEC25, 7),
                firing(1, JAN, JAN, 3),
                firing(2, DEC25, JAN, 6),
                firing(3, NOV25, JAN, 10),
            ],
        ),
        # 2 a month is below every threshold: 6 in 3 months
        (days_in(2026, 1, 2) + days_in(2026, 2, 2) + days_in(2026, 3, 2), MAR, []),
        # a gap month: 2-month windows hold only one month's 3
        (
            days_in(2026, 1, 3) + days_in(2026, 3, 3),
            MAR,
            [firing(1, JAN, JAN, 3), firing(1, MAR, MAR, 3)],
        ),
        # mismatches after the evaluated month are ignored
        (days_in(2026, 1, 2) + days_in(2026, 2, 5), JAN, []),
        (days_in(2026, 1, 3), DEC25, []),
        # datetimes count by their month
        (
            [DT(2026, 1, 31, 23, 59), DT(2026, 1, 1, 0, 0), DT(2026, 1, 15, 12)],
            JAN,
            [firing(1, JAN, JAN, 3)],
        ),
    ],
)
def test_evaluate(dates, current, expected):
    assert mismatch.evaluate(dates, current) == expected


def test_overlapping_windows_of_one_step_both_fire():
    dates = days_in(2026, 1, 6) + days_in(2026, 2, 6) + days_in(2026, 3, 6)
    step2 = [f for f in mismatch.evaluate(dates, MAR) if f.step_key == 2]
    assert step2 == [
        firing(2, DEC25, JAN, 6),
        firing(2, JAN, FEB, 12),
        firing(2, FEB, MAR, 12),
    ]


def test_the_same_mismatches_are_not_punished_twice_by_one_step():
    # 10 mismatches in January alone, evaluated in April: without the
    # last-month rule the 3-month step would fire for Nov-Jan, Dec-Feb and
    # Jan-Mar, suspending the agent three times for the same 10 mismatches.
    result = mismatch.evaluate(days_in(2026, 1, 10), APR)
    assert result == [
        firing(1, JAN, JAN, 10),
        firing(2, DEC25, JAN, 10),
        firing(3, NOV25, JAN, 10),
    ]


def test_a_later_month_fires_a_step_again_with_new_mismatches():
    # January fires step 2 (Dec-Jan); one more mismatch in February makes
    # Jan-Feb reach 6 again with a mismatch no earlier firing counted.
    dates = days_in(2026, 1, 6) + [D(2026, 2, 3)]
    step2 = [f for f in mismatch.evaluate(dates, FEB) if f.step_key == 2]
    assert step2 == [firing(2, DEC25, JAN, 6), firing(2, JAN, FEB, 7)]


def test_evaluation_is_idempotent():
    dates = days_in(2025, 12, 4) + days_in(2026, 1, 4) + days_in(2026, 2, 3)
    first = mismatch.evaluate(dates, FEB)
    assert first
    assert mismatch.evaluate(dates, FEB, {f.key for f in first}) == []


def test_fired_keys_are_compared_by_month():
    dates = days_in(2026, 1, 3)
    fired = {(1, D(2026, 1, 17), DT(2026, 1, 31, 10, 0))}
    assert mismatch.evaluate(dates, JAN, fired) == []
    # another step's key for the same months does not count
    assert mismatch.evaluate(dates, JAN, {(2, JAN, JAN)}) == [firing(1, JAN, JAN, 3)]


def test_an_interrupted_run_catches_up_on_missed_windows():
    dates = days_in(2025, 12, 3) + days_in(2026, 1, 3) + days_in(2026, 2, 4)
    fired = {f.key for f in mismatch.evaluate(dates, DEC25)}
    assert fired == {(1, DEC25, DEC25)}
    # the January run never happened; the March run sees January too
    assert mismatch.evaluate(dates, MAR, fired) == [
        firing(1, JAN, JAN, 3),
        firing(2, DEC25, JAN, 6),
        firing(1, FEB, FEB, 4),
        firing(2, JAN, FEB, 7),
        firing(3, DEC25, FEB, 10),
    ]


def test_a_window_fires_as_soon_as_its_threshold_is_reached():
    # mid-January: 3 so far fire step 1; later January mismatches do not
    # fire it again for the same month
    fired = {f.key for f in mismatch.evaluate(days_in(2026, 1, 3), JAN)}
    assert fired == {(1, JAN, JAN)}
    assert mismatch.evaluate(days_in(2026, 1, 5), JAN, fired) == []


def test_since_keeps_old_windows_from_firing():
    dates = days_in(2025, 11, 3) + days_in(2025, 12, 3) + days_in(2026, 1, 4)
    result = mismatch.evaluate(dates, JAN, since=D(2026, 1, 10))
    assert result == [
        firing(1, JAN, JAN, 4),
        firing(2, DEC25, JAN, 7),
        firing(3, NOV25, JAN, 10),
    ]


def test_custom_steps():
    steps = (
        mismatch.Step(1, 2, mismatch.SKIP_TURNS, 2),
        mismatch.Step(4, 5, mismatch.SUSPEND_AND_OFF_DUTY, 14, 2),
    )
    dates = [D(2025, 10, 5), D(2025, 12, 5), D(2026, 1, 5), D(2026, 1, 6)]
    dates.append(D(2025, 11, 30))
    assert mismatch.evaluate(dates, JAN, steps=steps) == [
        mismatch.Firing(1, JAN, JAN, 2, mismatch.SKIP_TURNS, 2, 0),
        mismatch.Firing(
            4, D(2025, 10, 1), JAN, 5, mismatch.SUSPEND_AND_OFF_DUTY, 14, 2
        ),
    ]


@settings_profile
@given(
    st.lists(st.dates(D(2025, 10, 1), D(2026, 6, 30)), max_size=40),
)
def test_month_by_month_runs_equal_one_catch_up_run(dates):
    fired, monthly = set(), []
    month = D(2025, 10, 1)
    while month <= D(2026, 6, 1):
        new = mismatch.evaluate(dates, month, fired)
        fired |= {f.key for f in new}
        monthly += new
        month = mismatch.add_months(month, 1)
    assert monthly == mismatch.evaluate(dates, D(2026, 6, 1))
    # and no step fires twice for one end month
    ends = [(f.step_key, f.window_end) for f in monthly]
    assert len(ends) == len(set(ends))
    for f in monthly:
        assert (
            f.count >= {s.key: s.threshold for s in mismatch.DEFAULT_STEPS}[f.step_key]
        )
        assert any(mismatch.month_start(d) == f.window_end for d in dates)


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        (mismatch.DEFAULT_STEPS_TEXT, mismatch.DEFAULT_STEPS),
        (
            " 1 : 3 : SKIP : 1 ; 3:10:suspend_and_off_duty:7:2 ;",
            (
                mismatch.Step(1, 3, mismatch.SKIP_TURNS, 1),
                mismatch.Step(3, 10, mismatch.SUSPEND_AND_OFF_DUTY, 7, 2),
            ),
        ),
        ("6:20:skip_turns:5", (mismatch.Step(6, 20, mismatch.SKIP_TURNS, 5),)),
    ],
)
def test_mismatch_parse_steps(text, steps):
    assert mismatch.parse_steps(text) == steps
    assert mismatch.validate_steps(text) == []


def problem(message, **params):
    return mismatch.Problem(message, params)


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("", [problem(mismatch.MSG_NO_STEP, example=mismatch.DEFAULT_STEPS_TEXT)]),
        (" ; ", [problem(mismatch.MSG_NO_STEP, example=mismatch.DEFAULT_STEPS_TEXT)]),
        ("1:3:skip", [problem(mismatch.MSG_STEP_FORMAT, position=1, value="1:3:skip")]),
        ("1:x:skip:1", [problem(mismatch.MSG_STEP_NOT_INTEGER, position=1, value="x")]),
        ("1:3:skip:0", [problem(mismatch.MSG_STEP_NOT_INTEGER, position=1, value="0")]),
        (
            "1:-3:skip:1",
            [problem(mismatch.MSG_STEP_NOT_INTEGER, position=1, value="-3")],
        ),
        ("1:3:fine:1", [problem(mismatch.MSG_STEP_ACTION, position=1, value="fine")]),
        ("1:3:skip:1:1", [problem(mismatch.MSG_STEP_OFF_DUTY_WITH_SKIP, position=1)]),
        (
            "2:6:skip:3;1:3:skip:1",
            [problem(mismatch.MSG_STEP_MONTHS_ORDER, position=2, value=1, previous=2)],
        ),
        (
            "1:3:skip:1;1:4:skip:2",
            [problem(mismatch.MSG_STEP_MONTHS_ORDER, position=2, value=1, previous=1)],
        ),
        (  # every problem at once, in reading order
            "1:3:skip:1;2:six:punish:3;2:6:skip",
            [
                problem(mismatch.MSG_STEP_NOT_INTEGER, position=2, value="six"),
                problem(mismatch.MSG_STEP_ACTION, position=2, value="punish"),
                problem(mismatch.MSG_STEP_FORMAT, position=3, value="2:6:skip"),
            ],
        ),
    ],
)
def test_mismatch_validate_steps(text, problems):
    assert mismatch.validate_steps(text) == problems
    with pytest.raises(ValueError, match=re.escape(str(problems[0]))):
        mismatch.parse_steps(text)


def test_mismatch_problem_reads_as_english():
    (found,) = mismatch.validate_steps("1:3:fine:1")
    assert str(found) == "step 1: unknown action fine; use skip or suspend."


step_strategy = st.builds(
    lambda months, threshold, suspend, amount, off: mismatch.Step(
        months,
        threshold,
        mismatch.SUSPEND_AND_OFF_DUTY if suspend else mismatch.SKIP_TURNS,
        amount,
        off if suspend else 0,
    ),
    st.integers(1, 12),
    st.integers(1, 50),
    st.booleans(),
    st.integers(1, 30),
    st.integers(1, 3),
)


@settings_profile
@given(st.lists(step_strategy, min_size=1, max_size=6, unique_by=lambda s: s.months))
def test_mismatch_steps_round_trip(steps):
    steps = tuple(sorted(steps, key=lambda s: s.months))
    assert mismatch.parse_steps(mismatch.format_steps(steps)) == steps


def test_default_steps_text_matches_default_steps():
    assert mismatch.format_steps(mismatch.DEFAULT_STEPS) == mismatch.DEFAULT_STEPS_TEXT


# ----------------------------------------------------------------------
# working hours
# ----------------------------------------------------------------------
# Monday to Friday, 08:00-12:00 and 13:00-18:00 (lunch 12:00-13:00)
SCHEDULE = [(day, 8.0, 12.0) for day in range(5)] + [
    (day, 13.0, 18.0) for day in range(5)
]
# Monday 2 March to Friday 20 March 2026
INTERVALS = working_hours.weekly_intervals(SCHEDULE, D(2026, 3, 2), D(2026, 3, 20))
HOLIDAY_MONDAY = D(2026, 3, 9)
WITH_HOLIDAY = working_hours.weekly_intervals(
    SCHEDULE, D(2026, 3, 2), D(2026, 3, 20), holidays=[HOLIDAY_MONDAY]
)


def at(day, hour, minute=0, second=0):
    return DT(2026, 3, day, hour, minute, second)


@pytest.mark.parametrize(
    ("start", "minutes", "deadline"),
    [
        (at(2, 9), 10, at(2, 9, 10)),  # inside the morning
        (at(2, 7, 30), 10, at(2, 8, 10)),  # before opening
        (at(2, 8), 10, at(2, 8, 10)),  # exactly at opening
        (at(2, 11, 55), 10, at(2, 13, 5)),  # across lunch
        (at(2, 12, 30), 10, at(2, 13, 10)),  # during lunch
        (at(2, 12), 10, at(2, 13, 10)),  # exactly at the lunch closing
        (at(2, 11, 50), 10, at(2, 12)),  # ends exactly at lunch: stays there
        (at(2, 17, 50), 10, at(2, 18)),  # ends exactly at closing
        (at(2, 18), 10, at(3, 8, 10)),  # exactly at closing
        (at(2, 17, 55), 10, at(3, 8, 5)),  # across the night
        (at(2, 22), 10, at(3, 8, 10)),  # in the night
        (at(6, 17, 55), 10, at(9, 8, 5)),  # Friday evening to Monday
        (at(7, 10), 10, at(9, 8, 10)),  # Saturday
        (at(8, 23, 59, 59), 10, at(9, 8, 10)),  # late Sunday
        (at(2, 8), 9 * 60, at(2, 18)),  # a whole working day
        (at(2, 8), 9 * 60 + 1, at(3, 8, 1)),
        (at(2, 9), 3 * 9 * 60, at(5, 9)),  # three working days
        (at(6, 9), 2 * 9 * 60, at(10, 9)),  # over a weekend
        (at(2, 9, 0, 30), 1, at(2, 9, 1, 30)),  # seconds are kept
        # minutes = 0: the moment the clock starts
        (at(2, 9, 17), 0, at(2, 9, 17)),
        (at(2, 8), 0, at(2, 8)),
        (at(2, 6), 0, at(2, 8)),
        (at(2, 12, 30), 0, at(2, 13)),
        (at(2, 18), 0, at(3, 8)),
        (at(6, 18), 0, at(9, 8)),
    ],
)
def test_add_working_minutes(start, minutes, deadline):
    assert working_hours.add_working_minutes(start, minutes, INTERVALS) == deadline


@pytest.mark.parametrize(
    ("start", "minutes", "deadline"),
    [
        (at(6, 17, 55), 10, at(10, 8, 5)),  # Friday to Tuesday over the holiday
        (at(9, 10), 10, at(10, 8, 10)),  # during the holiday
        (at(6, 9), 9 * 60, at(10, 9)),
    ],
)
def test_add_working_minutes_skips_holidays(start, minutes, deadline):
    assert working_hours.add_working_minutes(start, minutes, WITH_HOLIDAY) == deadline


def test_last_day_of_the_year_rolls_into_the_next():
    intervals = working_hours.weekly_intervals(
        SCHEDULE, D(2026, 12, 28), D(2027, 1, 8), holidays=[D(2027, 1, 1)]
    )
    # Thursday 31 December 17:55 + 10: New Year's Day off, then the weekend
    assert working_hours.add_working_minutes(
        DT(2026, 12, 31, 17, 55), 10, intervals
    ) == DT(2027, 1, 4, 8, 5)


def test_running_out_of_intervals_is_an_error():
    with pytest.raises(working_hours.WorkingTimeError) as caught:
        working_hours.add_working_minutes(at(20, 17, 55), 10, INTERVALS)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.message == working_hours.MSG_INTERVALS_EXHAUSTED
    assert error.params == {"minutes": 10, "start": "2026-03-20 17:55", "missing": 5}
    assert str(error) == (
        "The working calendar has not enough working time to count 10 working "
        "minutes from 2026-03-20 17:55 (5 minutes short)."
    )


@pytest.mark.parametrize("minutes", [0, 10])
def test_no_intervals_at_all_is_an_error(minutes):
    with pytest.raises(working_hours.WorkingTimeError):
        working_hours.add_working_minutes(at(2, 9), minutes, [])


def test_negative_minutes_are_refused():
    with pytest.raises(ValueError, match="negative"):
        working_hours.add_working_minutes(at(2, 9), -1, INTERVALS)


def test_intervals_may_be_unsorted_overlapping_or_odoo_triples():
    messy = list(reversed(INTERVALS)) + INTERVALS[:4]
    messy.append((at(2, 10), at(2, 9)))  # empty: ignored
    triples = [(start, end, object()) for start, end in INTERVALS]
    for intervals in (messy, triples):
        assert working_hours.add_working_minutes(at(2, 11, 55), 10, intervals) == at(
            2, 13, 5
        )
        assert working_hours.elapsed_working_minutes(
            at(2, 11), at(2, 14), intervals
        ) == pytest.approx(120)


def test_mixing_naive_and_aware_datetimes_is_refused():
    aware_start = at(2, 9).replace(tzinfo=timezone.utc)
    with pytest.raises(ValueError, match="naive"):
        working_hours.add_working_minutes(aware_start, 10, INTERVALS)
    with pytest.raises(ValueError, match="naive"):
        working_hours.elapsed_working_minutes(at(2, 9), aware_start, INTERVALS)


def test_aware_intervals_keep_the_start_time_zone():
    shanghai = ZoneInfo("Asia/Shanghai")
    intervals = working_hours.weekly_intervals(
        SCHEDULE, D(2026, 3, 2), D(2026, 3, 13), tz="Asia/Shanghai"
    )
    local = working_hours.add_working_minutes(
        at(6, 17, 55).replace(tzinfo=shanghai), 10, intervals
    )
    assert local == at(9, 8, 5).replace(tzinfo=shanghai)
    assert local.tzinfo is shanghai
    # Friday 17:55 in Shanghai is 09:55 UTC; the deadline comes back in UTC
    utc = working_hours.add_working_minutes(
        at(6, 9, 55).replace(tzinfo=timezone.utc), 10, intervals
    )
    assert utc == DT(2026, 3, 9, 0, 5, tzinfo=timezone.utc)
    assert utc.tzinfo is timezone.utc


def test_aware_intervals_count_real_time_across_daylight_saving():
    # Sunday 29 March 2026, Berlin: clocks jump from 02:00 to 03:00, so a
    # 00:00-24:00 working day lasts 23 hours.
    intervals = working_hours.weekly_intervals(
        [(6, 0.0, 24.0)], D(2026, 3, 29), D(2026, 3, 29), tz=ZoneInfo("Europe/Berlin")
    )
    start, end = intervals[0]
    assert working_hours.elapsed_working_minutes(start, end, intervals) == 23 * 60
    assert working_hours.add_working_minutes(start, 23 * 60, intervals) == end
    deadline = working_hours.add_working_minutes(start, 150, intervals)
    assert deadline.replace(tzinfo=None) == DT(2026, 3, 29, 3, 30)


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        (at(2, 9), at(2, 9, 10), 10),
        (at(2, 17, 55), at(3, 8, 5), 10),  # across the night
        (at(6, 17, 55), at(9, 8, 5), 10),  # across the weekend
        (at(2, 11), at(2, 14), 120),  # lunch does not count
        (at(2, 7), at(2, 8), 0),  # before opening
        (at(7, 10), at(8, 10), 0),  # weekend
        (at(2, 9), at(2, 9, 0, 30), 0.5),
        (at(2, 10), at(2, 9), 0),  # contact before allocation
        (at(2, 9), at(2, 9), 0),
        (at(2, 8), at(6, 18), 5 * 9 * 60),  # a whole week
    ],
)
def test_elapsed_working_minutes(start, end, minutes):
    assert working_hours.elapsed_working_minutes(
        start, end, INTERVALS
    ) == pytest.approx(minutes)


def test_elapsed_working_minutes_skips_holidays():
    assert working_hours.elapsed_working_minutes(
        at(6, 17, 55), at(10, 8, 5), WITH_HOLIDAY
    ) == pytest.approx(10)


@settings_profile
@given(
    st.datetimes(DT(2026, 3, 1), DT(2026, 3, 6, 23, 59)),
    st.integers(0, 2000),
    st.integers(0, 2000),
)
def test_elapsed_undoes_add(start, minutes, more):
    deadline = working_hours.add_working_minutes(start, minutes, WITH_HOLIDAY)
    assert deadline >= start
    elapsed = working_hours.elapsed_working_minutes(start, deadline, WITH_HOLIDAY)
    assert elapsed == pytest.approx(minutes)
    later = working_hours.add_working_minutes(start, minutes + more, WITH_HOLIDAY)
    assert later >= deadline
    assert any(s <= deadline <= e for s, e in WITH_HOLIDAY)


DEADLINE = at(2, 9, 10)


@pytest.mark.parametrize(
    ("first_contact", "now", "state"),
    [
        (None, at(2, 9), "pending"),
        (None, DEADLINE, "pending"),  # not late yet at the deadline itself
        (None, at(2, 9, 10, 1), "breached"),
        (at(2, 9, 5), at(2, 9, 6), "met"),
        (DEADLINE, DEADLINE, "met"),  # contact exactly at the deadline
        (at(2, 9, 5), at(9, 9), "met"),  # stays met
        (at(2, 9, 10, 1), at(2, 9, 11), "breached"),
        (at(3, 8), at(3, 8), "breached"),
    ],
)
def test_sla_state(first_contact, now, state):
    assert working_hours.sla_state(DEADLINE, first_contact, now) == state
    assert state in working_hours.SLA_STATES


def test_weekly_intervals_expands_a_week():
    week = working_hours.weekly_intervals(SCHEDULE, D(2026, 3, 2), D(2026, 3, 8))
    assert len(week) == 10
    assert week[:3] == [
        (at(2, 8), at(2, 12)),
        (at(2, 13), at(2, 18)),
        (at(3, 8), at(3, 12)),
    ]
    assert week[-1] == (at(6, 13), at(6, 18))
    assert all(start.weekday() < 5 for start, _end in week)


def test_weekly_intervals_includes_both_ends_and_drops_holidays():
    days = working_hours.weekly_intervals(
        SCHEDULE, D(2026, 3, 6), D(2026, 3, 10), holidays=[DT(2026, 3, 9, 0, 0)]
    )
    assert days == [
        (at(6, 8), at(6, 12)),
        (at(6, 13), at(6, 18)),
        (at(10, 8), at(10, 12)),
        (at(10, 13), at(10, 18)),
    ]
    assert working_hours.weekly_intervals(SCHEDULE, D(2026, 3, 10), D(2026, 3, 9)) == []


def test_weekly_intervals_fractional_hours_and_midnight():
    got = working_hours.weekly_intervals(
        [(0, 8.5, 12.25), (0, 22.0, 24.0)], D(2026, 3, 2), D(2026, 3, 2)
    )
    assert got == [(at(2, 8, 30), at(2, 12, 15)), (at(2, 22), at(3, 0))]


def test_weekly_intervals_uses_pytz_style_localize():
    class FakePytz:
        """Odoo's time zones are pytz ones, which need localize()."""

        offset = timezone(timedelta(hours=8))

        def localize(self, naive):
            return naive.replace(tzinfo=self.offset)

    (interval,) = working_hours.weekly_intervals(
        [(0, 8.0, 12.0)], D(2026, 3, 2), D(2026, 3, 2), tz=FakePytz()
    )
    assert interval == (
        DT(2026, 3, 2, 0, 0, tzinfo=timezone.utc),
        DT(2026, 3, 2, 4, 0, tzinfo=timezone.utc),
    )


@pytest.mark.parametrize(
    "entry",
    [(7, 8.0, 12.0), (-1, 8.0, 12.0), (0, 12.0, 12.0), (0, 13.0, 12.0), (0, 8.0, 25.0)],
)
def test_weekly_intervals_refuses_bad_hours(entry):
    with pytest.raises(ValueError, match="invalid working hours"):
        working_hours.weekly_intervals([entry], D(2026, 3, 2), D(2026, 3, 8))


# ----------------------------------------------------------------------
# messages
# ----------------------------------------------------------------------
@pytest.mark.parametrize("module", [ladder, mismatch, working_hours])
def test_messages_use_named_placeholders_only(module):
    messages = [
        value for name, value in vars(module).items() if name.startswith("MSG_")
    ]
    assert messages
    for message in messages:
        assert not re.findall(r"%[sdfr]", message), message
        assert re.sub(r"%\(\w+\)s", "", message).count("%") == 0, message


# ----------------------------------------------------------------------
# visit plans
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("month", "days_before", "today", "allowed"),
    [
        (date(2026, 12, 1), 0, date(2026, 11, 30), True),
        (date(2026, 12, 1), 0, date(2026, 12, 1), False),
        (date(2026, 12, 15), 0, date(2026, 11, 1), True),
        (date(2026, 12, 1), 3, date(2026, 11, 27), True),
        (date(2026, 12, 1), 3, date(2026, 11, 28), False),
        (date(2027, 1, 1), 0, date(2026, 12, 31), True),
        (date(2027, 1, 1), 5, date(2026, 12, 27), False),
    ],
)
def test_visit_plan_submission_deadline(month, days_before, today, allowed):
    assert visits.may_submit(month, today, days_before) is allowed


def test_visit_plan_negative_days_refused():
    with pytest.raises(ValueError):
        visits.last_submission_day(date(2026, 12, 1), -1)


def test_visits_outside_the_month_across_the_year_end():
    days = [
        datetime(2026, 12, 1, 9, 0),
        datetime(2026, 12, 31, 17, 0),
        datetime(2027, 1, 1, 8, 0),
        date(2026, 11, 30),
    ]
    assert visits.outside_month(date(2026, 12, 5), days) == [
        datetime(2027, 1, 1, 8, 0),
        date(2026, 11, 30),
    ]
    assert visits.next_month(date(2026, 12, 9)) == date(2027, 1, 1)


def test_naive_utc_intervals_converts_and_sorts():
    shanghai = ZoneInfo("Asia/Shanghai")
    intervals = [
        (
            datetime(2026, 11, 24, 9, 0, tzinfo=shanghai),
            datetime(2026, 11, 24, 12, 0, tzinfo=shanghai),
            None,
        ),
        (
            datetime(2026, 11, 23, 13, 0, tzinfo=shanghai),
            datetime(2026, 11, 23, 13, 0, tzinfo=shanghai),
        ),
        (
            datetime(2026, 11, 23, 9, 0, tzinfo=shanghai),
            datetime(2026, 11, 23, 12, 0, tzinfo=shanghai),
        ),
    ]
    assert working_hours.naive_utc_intervals(intervals) == [
        (datetime(2026, 11, 23, 1, 0), datetime(2026, 11, 23, 4, 0)),
        (datetime(2026, 11, 24, 1, 0), datetime(2026, 11, 24, 4, 0)),
    ]
