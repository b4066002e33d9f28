"""Pure rules of lead_allocation: classes, rotation, pool, claims, duplicates."""

import random
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lead_allocation.services import allocation, claims, classing, duplicates, pool

settings_profile = settings(max_examples=200, deadline=None)
D = date
DT = datetime
Lead = allocation.Lead
Member = allocation.Member


# ----------------------------------------------------------------------
# classes
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("revenue", "thresholds", "expected"),
    [
        (800000, classing.DEFAULT_THRESHOLDS, "A"),
        (799999.99, classing.DEFAULT_THRESHOLDS, "B"),
        (400000, classing.DEFAULT_THRESHOLDS, "B"),
        (399999.99, classing.DEFAULT_THRESHOLDS, "C"),
        (200000, classing.DEFAULT_THRESHOLDS, "C"),
        (199999.99, classing.DEFAULT_THRESHOLDS, "D"),
        (10**9, classing.DEFAULT_THRESHOLDS, "A"),
        (0, classing.DEFAULT_THRESHOLDS, "D"),
        (None, classing.DEFAULT_THRESHOLDS, "D"),
        (-1, classing.DEFAULT_THRESHOLDS, "D"),
        (-(10**9), classing.DEFAULT_THRESHOLDS, "D"),
        (300, (300, 200, 100), "A"),
        (299, (300, 200, 100), "B"),
        (100, (300, 200, 100), "C"),
        (99, (300, 200, 100), "D"),
    ],
)
def test_lead_class(revenue, thresholds, expected):
    assert classing.lead_class(revenue, thresholds) == expected


def test_lead_class_defaults_to_the_default_thresholds():
    assert classing.lead_class(400000) == "B"


A_FIELD, B_FIELD, C_FIELD = classing.THRESHOLD_FIELDS


@pytest.mark.parametrize(
    ("a", "b", "c", "fields"),
    [
        (800000, 400000, 200000, []),
        (3, 2, 1, []),
        (0.03, 0.02, 0.01, []),
        (400000, 400000, 200000, [A_FIELD]),
        (300000, 400000, 200000, [A_FIELD]),
        (800000, 200000, 200000, [B_FIELD]),
        (800000, 100000, 200000, [B_FIELD]),
        (800000, 400000, 0, [C_FIELD]),
        (800000, 400000, -1, [C_FIELD]),
        (0, 0, 0, [C_FIELD, B_FIELD, A_FIELD]),
        (1, 2, 3, [B_FIELD, A_FIELD]),
        (None, None, None, [C_FIELD, B_FIELD, A_FIELD]),
        (800000, 400000, None, [C_FIELD]),
    ],
)
def test_validate_class_thresholds(a, b, c, fields):
    problems = classing.validate_class_thresholds(a, b, c)
    assert [field for field, _message in problems] == fields
    expected_messages = {
        A_FIELD: classing.MSG_A_NOT_ABOVE_B,
        B_FIELD: classing.MSG_B_NOT_ABOVE_C,
        C_FIELD: classing.MSG_C_NOT_POSITIVE,
    }
    assert all(message == expected_messages[field] for field, message in problems)


@pytest.mark.parametrize(
    ("lead_class", "level", "eligible"),
    [
        ("A", "senior", True),
        ("A", "intermediate", False),
        ("A", "junior", False),
        ("B", "senior", True),
        ("B", "intermediate", True),
        ("B", "junior", False),
        ("C", "senior", False),
        ("C", "intermediate", True),
        ("C", "junior", True),
        ("D", "senior", False),
        ("D", "intermediate", False),
        ("D", "junior", True),
        ("E", "senior", False),
        ("A", "trainee", False),
    ],
)
def test_default_eligibility(lead_class, level, eligible):
    assert classing.is_eligible(lead_class, level) is eligible
    assert (
        classing.is_eligible(lead_class, level, classing.DEFAULT_ELIGIBILITY)
        is eligible
    )


@pytest.mark.parametrize(
    ("matrix", "lead_class", "level", "eligible"),
    [
        ({"A": {"junior"}}, "A", "junior", True),
        ({"A": {"junior"}}, "A", "senior", False),
        ({"A": set()}, "A", "senior", False),
        ({}, "D", "junior", False),
    ],
)
def test_custom_eligibility(matrix, lead_class, level, eligible):
    assert classing.is_eligible(lead_class, level, matrix) is eligible


def test_default_eligibility_text():
    assert classing.DEFAULT_ELIGIBILITY_TEXT == (
        "A:senior;B:senior,intermediate;C:intermediate,junior;D:junior"
    )
    assert (
        classing.parse_eligibility(classing.DEFAULT_ELIGIBILITY_TEXT)
        == classing.DEFAULT_ELIGIBILITY
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A:senior;B:senior;C:junior;D:",
            {"A": {"senior"}, "B": {"senior"}, "C": {"junior"}, "D": set()},
        ),
        (
            " a : Senior , intermediate ; b:senior;c:junior;d:junior ; ",
            {
                "A": {"senior", "intermediate"},
                "B": {"senior"},
                "C": {"junior"},
                "D": {"junior"},
            },
        ),
        (
            "D:junior;C:junior;B:junior;A:junior,junior",
            {"A": {"junior"}, "B": {"junior"}, "C": {"junior"}, "D": {"junior"}},
        ),
    ],
)
def test_parse_eligibility(text, expected):
    assert classing.validate_eligibility(text) == []
    assert classing.parse_eligibility(text) == expected


@pytest.mark.parametrize(
    ("text", "messages"),
    [
        ("A:senior;B:senior;C:junior;E:junior;D:", [classing.MSG_UNKNOWN_CLASS]),
        ("A:senior;B:senior;C:junior", [classing.MSG_MISSING_CLASS]),
        ("", [classing.MSG_MISSING_CLASS] * 4),
        ("A:boss;B:senior;C:junior;D:junior", [classing.MSG_UNKNOWN_LEVEL]),
        ("A senior;A:senior;B:;C:;D:", [classing.MSG_SEGMENT_MALFORMED]),
        ("A:senior;A:junior;B:;C:;D:", [classing.MSG_DUPLICATE_CLASS]),
        (
            "A:boss;X:y",
            [
                classing.MSG_UNKNOWN_LEVEL,
                classing.MSG_UNKNOWN_CLASS,
                classing.MSG_MISSING_CLASS,
                classing.MSG_MISSING_CLASS,
                classing.MSG_MISSING_CLASS,
            ],
        ),
    ],
)
def test_validate_eligibility_problems(text, messages):
    problems = classing.validate_eligibility(text)
    assert [problem.message for problem in problems] == messages
    assert all(problem.key == "eligibility" for problem in problems)
    with pytest.raises(ValueError):
        classing.parse_eligibility(text)


def test_eligibility_problem_renders_in_english():
    (problem,) = classing.validate_eligibility("A:senior;B:senior;C:junior")
    assert str(problem) == (
        "class D is missing; write D: with no level if no salesperson should "
        "receive it."
    )


@settings_profile
@given(
    st.fixed_dictionaries(
        {name: st.frozensets(st.sampled_from(classing.LEVELS)) for name in "ABCD"}
    )
)
def test_eligibility_text_round_trips(matrix):
    text = classing.format_eligibility(matrix)
    assert classing.validate_eligibility(text) == []
    assert classing.parse_eligibility(text) == matrix
    assert classing.format_eligibility(classing.parse_eligibility(text)) == text


# ----------------------------------------------------------------------
# allocation
# ----------------------------------------------------------------------
T0 = DT(2026, 3, 1, 9, 0)


def leads_of(count, lead_class="A", team_id=1, first_id=1):
    return [
        Lead(first_id + n, team_id, lead_class, T0 + timedelta(minutes=n))
        for n in range(count)
    ]


def seniors(*user_ids, **values):
    return [Member(user_id, 1, "senior", **values) for user_id in user_ids]


def owners(result, leads):
    return [result.decisions.get(lead.id) for lead in leads]


@pytest.mark.parametrize(
    ("members", "count", "expected"),
    [
        # nobody ever assigned: lowest user id first, then round robin
        (seniors(3, 1, 2), 7, [1, 2, 3, 1, 2, 3, 1]),
        # the least loaded catches up first
        (
            [
                Member(1, 1, "senior", assigned_count=3),
                Member(2, 1, "senior", assigned_count=1),
                Member(3, 1, "senior", assigned_count=0),
            ],
            6,
            [3, 2, 3, 2, 3, 1],
        ),
        # equal loads: whoever has waited longest; never assigned comes first
        (
            [
                Member(1, 1, "senior", last_assigned_at=DT(2026, 2, 3)),
                Member(2, 1, "senior", last_assigned_at=DT(2026, 2, 1)),
                Member(3, 1, "senior", last_assigned_at=None),
                Member(4, 1, "senior", last_assigned_at=DT(2026, 2, 2)),
            ],
            5,
            [3, 2, 4, 1, 3],
        ),
        # equal waits: lowest user id
        (
            seniors(9, 5, last_assigned_at=DT(2026, 2, 1)),
            3,
            [5, 9, 5],
        ),
    ],
)
def test_rotation_order(members, count, expected):
    leads = leads_of(count)
    assert owners(allocation.allocate(leads, members), leads) == expected


@pytest.mark.parametrize(
    ("weights", "count", "expected"),
    [
        ((1, 1), 20, (10, 10)),
        ((2, 1), 30, (20, 10)),
        ((1, 2), 30, (10, 20)),
        ((3, 1, 1), 50, (30, 10, 10)),
        ((1.5, 0.5), 40, (30, 10)),
        ((0.3, 0.1), 40, (30, 10)),
        ((0.2, 0.1, 0.1), 40, (20, 10, 10)),
    ],
)
def test_weights_share_the_leads(weights, count, expected):
    members = [
        Member(user_id, 1, "senior", weight=weight)
        for user_id, weight in enumerate(weights, start=1)
    ]
    result = allocation.allocate(leads_of(count), members)
    assert tuple(result.per_member_assigned[m.user_id] for m in members) == expected


def test_weights_are_decimal_not_binary():
    # 3 / 0.3 == 1 / 0.1 exactly, so the tie goes to the lower user id; in
    # binary floating point 1 / 0.1 is a hair below 3 / 0.3
    members = [
        Member(1, 1, "senior", weight=0.3, assigned_count=3),
        Member(2, 1, "senior", weight=0.1, assigned_count=1),
    ]
    assert allocation.allocate(leads_of(1), members).decisions == {1: 1}


def test_weight_counts_the_period_so_far():
    # weight 2 with 4 leads already is level with weight 1 with 2 leads
    members = [
        Member(1, 1, "senior", weight=2, assigned_count=4),
        Member(2, 1, "senior", weight=1, assigned_count=1),
    ]
    leads = leads_of(4)
    assert owners(allocation.allocate(leads, members), leads) == [2, 1, 2, 1]


@pytest.mark.parametrize(
    ("lead_class", "expected"),
    [("A", 1), ("B", 2), ("C", 2), ("D", 3)],
)
def test_leads_go_to_eligible_levels(lead_class, expected):
    members = [
        Member(1, 1, "senior", assigned_count=9),
        Member(2, 1, "intermediate", assigned_count=0),
        Member(3, 1, "junior", assigned_count=5),
    ]
    leads = leads_of(1, lead_class)
    assert owners(allocation.allocate(leads, members), leads) == [expected]


def test_leads_stay_in_their_team():
    members = [Member(1, 1, "senior", assigned_count=5), Member(2, 2, "senior")]
    leads = leads_of(3, team_id=1)
    assert owners(allocation.allocate(leads, members), leads) == [1, 1, 1]


def test_custom_matrix():
    members = [Member(1, 1, "senior"), Member(2, 1, "junior", assigned_count=5)]
    leads = leads_of(2, "A")
    result = allocation.allocate(leads, members, {"A": {"junior"}})
    assert owners(result, leads) == [2, 2]


@pytest.mark.parametrize(
    ("skip_turns", "expected", "consumed"),
    [
        (0, [1, 2, 3, 1, 2, 3], {}),
        # user 1's turn goes to user 2, and user 1 goes to the back
        (1, [2, 3, 1, 2, 3, 1], {1: 1}),
        (2, [2, 3, 2, 3, 1, 2], {1: 2}),
    ],
)
def test_skip_turns(skip_turns, expected, consumed):
    members = [Member(1, 1, "senior", skip_turns=skip_turns), *seniors(2, 3)]
    leads = leads_of(6)
    result = allocation.allocate(leads, members)
    assert owners(result, leads) == expected
    assert result.consumed_skips == consumed


def test_skipping_member_alone_loses_its_turns_and_the_lead_waits():
    members = seniors(1, skip_turns=2)
    leads = leads_of(3)
    result = allocation.allocate(leads, members)
    assert owners(result, leads) == [None, None, 1]
    assert result.consumed_skips == {1: 2}
    assert str(result.unallocated_reasons[1]) == "no eligible senior: 1 skipping a turn"


def test_skip_is_consumed_only_when_the_turn_comes():
    # user 1 is far ahead, so its turn never comes in this run
    members = [Member(1, 1, "senior", assigned_count=10, skip_turns=3), *seniors(2)]
    result = allocation.allocate(leads_of(4), members)
    assert result.consumed_skips == {}
    assert result.per_member_assigned == {1: 0, 2: 4}


@pytest.mark.parametrize(
    ("capacity_left", "expected"),
    [
        (None, [1, 2, 1, 2, 1, 2]),
        (5, [1, 2, 1, 2, 1, 2]),
        (2, [1, 2, 1, 2, 2, 2]),
        (1, [1, 2, 2, 2, 2, 2]),
        (0, [2, 2, 2, 2, 2, 2]),
        (-3, [2, 2, 2, 2, 2, 2]),
    ],
)
def test_capacity(capacity_left, expected):
    members = [Member(1, 1, "senior", capacity_left=capacity_left), *seniors(2)]
    leads = leads_of(6)
    assert owners(allocation.allocate(leads, members), leads) == expected


def test_capacity_per_class():
    members = [
        Member(1, 1, "senior", class_capacity_left={"A": 1, "B": 0}),
        Member(2, 1, "senior", assigned_count=3),
    ]
    leads = [*leads_of(3, "A"), *leads_of(2, "B", first_id=10)]
    result = allocation.allocate(leads, members)
    assert owners(result, leads) == [1, 2, 2, 2, 2]


def test_overall_capacity_counts_every_class():
    members = [Member(1, 1, "senior", capacity_left=2)]
    leads = [*leads_of(2, "A"), *leads_of(2, "B", first_id=10)]
    result = allocation.allocate(leads, members)
    assert owners(result, leads) == [1, None, 1, None]
    assert str(result.unallocated_reasons[2]) == "no eligible senior: 1 at capacity"
    assert str(result.unallocated_reasons[11]) == (
        "no eligible senior/intermediate: 1 at capacity"
    )


@pytest.mark.parametrize(
    "flags",
    [{"suspended": True}, {"opted_out": True}, {"active": False}],
)
def test_excluded_members_receive_nothing(flags):
    members = [Member(1, 1, "senior", **flags), Member(2, 1, "senior")]
    result = allocation.allocate(leads_of(4), members)
    assert set(result.decisions.values()) == {2}


@pytest.mark.parametrize(
    ("members", "lead_class", "text", "counts"),
    [
        (
            [
                Member(1, 1, "senior", suspended=True),
                Member(2, 1, "senior", suspended=True),
                Member(3, 1, "senior", capacity_left=0),
                Member(4, 1, "junior"),
            ],
            "A",
            "no eligible senior: 2 suspended, 1 at capacity",
            {"suspended": 2, "at_capacity": 1},
        ),
        (
            [
                Member(1, 1, "senior", opted_out=True),
                Member(2, 1, "intermediate", active=False),
                Member(3, 1, "intermediate", class_capacity_left={"B": 0}),
                Member(4, 1, "senior", skip_turns=1),
                Member(5, 2, "senior"),
            ],
            "B",
            "no eligible senior/intermediate: 1 at capacity, 1 opted out, "
            "1 inactive, 1 skipping a turn",
            {"opted_out": 1, "inactive": 1, "at_capacity": 1, "skipping": 1},
        ),
        # several causes: counted once, inactive first
        (
            [Member(1, 1, "junior", active=False, suspended=True, capacity_left=0)],
            "D",
            "no eligible junior: 1 inactive",
            {"inactive": 1},
        ),
        (
            [Member(1, 1, "junior", suspended=True, opted_out=True)],
            "C",
            "no eligible intermediate/junior: 1 suspended",
            {"suspended": 1},
        ),
        ([Member(1, 1, "junior")], "A", "no eligible senior: none in the team", {}),
        ([Member(1, 2, "senior")], "A", "no eligible senior: none in the team", {}),
    ],
)
def test_unallocated_reason(members, lead_class, text, counts):
    result = allocation.allocate(leads_of(1, lead_class), members)
    reason = result.unallocated_reasons[1]
    assert result.decisions == {}
    assert reason.text == text
    assert reason.counts == counts


@pytest.mark.parametrize(
    ("lead", "matrix", "text"),
    [
        (Lead(1, None, "A"), None, "the lead has no sales team"),
        (Lead(1, 1, "D"), {"D": set()}, "no level may receive class D leads"),
        (Lead(1, 1, "Z"), None, "no level may receive class Z leads"),
    ],
)
def test_unallocatable_leads(lead, matrix, text):
    result = allocation.allocate([lead], seniors(1), matrix)
    assert str(result.unallocated_reasons[1]) == text


def test_reason_renders_through_a_translator():
    members = seniors(1, 2, suspended=True)
    reason = allocation.allocate(leads_of(1), members).unallocated_reasons[1]
    calls = []

    def translate(message, **params):
        calls.append(message)
        return (message % params if params else message).upper()

    text = reason.render(translate, level_labels={"senior": "Senior Sales"})
    assert text == "NO ELIGIBLE SENIOR SALES: 2 SUSPENDED"
    assert calls == [allocation.MSG_EXCLUSION["suspended"], allocation.MSG_NO_ELIGIBLE]


@pytest.mark.parametrize(
    ("leads", "expected"),
    [
        # oldest first, whatever the ids
        (
            [Lead(1, 1, "A", DT(2026, 3, 2)), Lead(2, 1, "A", DT(2026, 3, 1))],
            {2: 1},
        ),
        # same date: lowest id
        (
            [Lead(7, 1, "A", DT(2026, 3, 1)), Lead(3, 1, "A", DT(2026, 3, 1))],
            {3: 1},
        ),
        # higher priority before older
        (
            [Lead(1, 1, "A", DT(2026, 3, 1)), Lead(2, 1, "A", DT(2026, 3, 2), 1)],
            {2: 1},
        ),
        # no date: counts as the oldest
        ([Lead(1, 1, "A", DT(2026, 3, 1)), Lead(2, 1, "A")], {2: 1}),
    ],
)
def test_lead_order(leads, expected):
    result = allocation.allocate(leads, seniors(1, capacity_left=1))
    assert result.decisions == expected


def test_counts_are_this_runs():
    members = [Member(1, 1, "senior", assigned_count=7), *seniors(2, skip_turns=1)]
    result = allocation.allocate(leads_of(3), members)
    assert result.per_member_assigned == {1: 1, 2: 2}
    assert result.consumed_skips == {2: 1}


def test_member_of_two_teams_shares_its_figures():
    members = [
        Member(1, 1, "senior", capacity_left=2),
        Member(1, 2, "senior", capacity_left=2),
        Member(2, 2, "senior", assigned_count=5),
    ]
    leads = [
        Lead(10, 2, "A", T0),
        Lead(1, 1, "A", T0 + timedelta(1)),
        Lead(2, 1, "A", T0 + timedelta(2)),
    ]
    result = allocation.allocate(leads, members)
    assert result.decisions == {10: 1, 1: 1}
    assert str(result.unallocated_reasons[2]) == "no eligible senior: 1 at capacity"
    assert result.per_member_assigned == {1: 2, 2: 0}


@pytest.mark.parametrize(
    "members",
    [
        [Member(1, 1, "senior", weight=0)],
        [Member(1, 1, "senior", weight=-1)],
        [Member(1, 1, "senior", skip_turns=-1)],
        [Member(1, 1, "senior"), Member(1, 2, "junior")],
        [Member(1, 1, "senior"), Member(1, 2, "senior", assigned_count=3)],
    ],
)
def test_refuses_inconsistent_members(members):
    with pytest.raises(ValueError):
        allocation.allocate(leads_of(1), members)


def test_input_order_does_not_matter():
    rng = random.Random(7)
    members = [
        Member(u, 1 + u % 2, classing.LEVELS[u % 3], weight=1 + u % 3, skip_turns=u % 2)
        for u in range(1, 13)
    ]
    leads = [
        Lead(n, 1 + n % 2, "ABCD"[n % 4], T0 + timedelta(hours=n % 5))
        for n in range(200)
    ]
    expected = allocation.allocate(leads, members)
    rng.shuffle(leads)
    rng.shuffle(members)
    assert allocation.allocate(leads, members) == expected


@pytest.mark.parametrize("capacity", [None, 150])
def test_ten_thousand_leads_fifty_members_each_lead_decided_once(capacity):
    """Scale is measured by bin/benchmark, not by a timed test: here every
    lead of a large run gets exactly one outcome, within the capacities."""
    members = [
        Member(
            u,
            1,
            classing.LEVELS[u % 3],
            weight=1 + u % 4,
            assigned_count=u % 7,
            last_assigned_at=T0 - timedelta(hours=u),
            capacity_left=capacity,
            skip_turns=u % 3,
            suspended=u % 10 == 0,
        )
        for u in range(50)
    ]
    leads = [Lead(n, 1, "ABCD"[n % 4], T0 + timedelta(seconds=n)) for n in range(10000)]
    result = allocation.allocate(leads, members)
    assert not set(result.decisions) & set(result.unallocated_reasons)
    assert len(result.decisions) + len(result.unallocated_reasons) == 10000
    eligible = {member.user_id for member in members if not member.suspended}
    assert set(result.decisions.values()) <= eligible
    if capacity is not None:
        counts = Counter(result.decisions.values())
        assert max(counts.values()) <= capacity


# a straightforward O(leads * members) reading of the rules
def reference_allocate(leads, members, matrix=None):
    state = {}
    for member in members:
        state.setdefault(
            member.user_id,
            {
                "member": member,
                "teams": set(),
                "count": member.assigned_count,
                "wait": (0,)
                if member.last_assigned_at is None
                else (1, member.last_assigned_at),
                "capacity": member.capacity_left,
                "class_capacity": dict(member.class_capacity_left or {}),
                "skips": member.skip_turns,
            },
        )["teams"].add(member.team_id)
    decisions, consumed = {}, {}
    ordered = sorted(
        leads,
        key=lambda lead: (
            -lead.priority,
            (0,) if lead.create_date is None else (1, lead.create_date),
            lead.id,
        ),
    )
    sequence = 0
    for lead in ordered:
        levels = classing.eligible_levels(lead.lead_class, matrix)
        candidates = []
        for user_id, values in state.items():
            member = values["member"]
            class_left = values["class_capacity"].get(lead.lead_class)
            if (
                lead.team_id in values["teams"]
                and member.level in levels
                and member.active
                and not member.opted_out
                and not member.suspended
                and (values["capacity"] is None or values["capacity"] > 0)
                and (class_left is None or class_left > 0)
            ):
                ratio = Fraction(values["count"]) / Fraction(str(member.weight))
                candidates.append((ratio, values["wait"], user_id))
        for _ratio, _wait, user_id in sorted(candidates):
            values = state[user_id]
            sequence += 1
            values["count"] += 1
            values["wait"] = (2, sequence)
            if values["skips"]:
                values["skips"] -= 1
                consumed[user_id] = consumed.get(user_id, 0) + 1
                continue
            decisions[lead.id] = user_id
            if values["capacity"] is not None:
                values["capacity"] -= 1
            if lead.lead_class in values["class_capacity"]:
                values["class_capacity"][lead.lead_class] -= 1
            break
    return decisions, consumed


WAITS = [None, DT(2026, 1, 1), DT(2026, 1, 2), DT(2026, 1, 3)]


@st.composite
def members_strategy(draw, plain=False):
    user_ids = draw(st.lists(st.integers(1, 40), min_size=1, max_size=12, unique=True))
    members = []
    for user_id in user_ids:
        members.append(
            Member(
                user_id=user_id,
                team_id=draw(st.integers(1, 2)),
                level=draw(st.sampled_from(classing.LEVELS)),
                weight=1 if plain else draw(st.sampled_from([1, 2, 3, 0.5, 1.5])),
                assigned_count=draw(st.integers(0, 4)),
                last_assigned_at=draw(st.sampled_from(WAITS)),
                capacity_left=None if plain else draw(st.none() | st.integers(0, 6)),
                class_capacity_left=None
                if plain
                else draw(
                    st.none()
                    | st.dictionaries(st.sampled_from("ABCD"), st.integers(0, 3))
                ),
                active=draw(st.booleans()) or draw(st.booleans()),
                opted_out=draw(st.booleans()) and draw(st.booleans()),
                suspended=draw(st.booleans()) and draw(st.booleans()),
                skip_turns=0 if plain else draw(st.integers(0, 2)),
            )
        )
        if not plain and draw(st.integers(0, 3)) == 0:
            members.append(replace(members[-1], team_id=3 - members[-1].team_id))
    return members


leads_strategy = st.lists(
    st.builds(
        Lead,
        id=st.integers(1, 10**6),
        team_id=st.sampled_from([1, 2, 3, None]),
        lead_class=st.sampled_from("ABCD"),
        create_date=st.sampled_from(
            [None, *(T0 + timedelta(days=d) for d in range(4))]
        ),
        priority=st.integers(0, 1),
    ),
    max_size=60,
    unique_by=lambda lead: lead.id,
)


@settings_profile
@given(leads_strategy, members_strategy())
def test_property_decisions_respect_every_rule(leads, members):
    result = allocation.allocate(leads, members)
    by_user = {member.user_id: member for member in members}
    teams = {(member.user_id, member.team_id) for member in members}
    leads_by_id = {lead.id: lead for lead in leads}
    assert set(result.decisions).isdisjoint(result.unallocated_reasons)
    assert set(result.decisions) | set(result.unallocated_reasons) == set(leads_by_id)
    per_class = {}
    for lead_id, user_id in result.decisions.items():
        lead, member = leads_by_id[lead_id], by_user[user_id]
        assert (user_id, lead.team_id) in teams
        assert classing.is_eligible(lead.lead_class, member.level)
        assert member.active and not member.opted_out and not member.suspended
        key = (user_id, lead.lead_class)
        per_class[key] = per_class.get(key, 0) + 1
    for user_id, assigned in result.per_member_assigned.items():
        member = by_user[user_id]
        if member.capacity_left is not None:
            assert assigned <= max(member.capacity_left, 0)
        for lead_class, left in (member.class_capacity_left or {}).items():
            assert per_class.get((user_id, lead_class), 0) <= max(left, 0)
        assert result.consumed_skips.get(user_id, 0) <= member.skip_turns
    assert sum(result.per_member_assigned.values()) == len(result.decisions)
    assert 0 not in result.consumed_skips.values()


@settings_profile
@given(leads_strategy, members_strategy())
def test_property_matches_the_plain_reading_of_the_rules(leads, members):
    result = allocation.allocate(leads, members)
    assert (result.decisions, result.consumed_skips) == reference_allocate(
        leads, members
    )


@settings_profile
@given(leads_strategy, members_strategy(), st.randoms(use_true_random=False))
def test_property_deterministic(leads, members, rnd):
    first = allocation.allocate(leads, members)
    assert allocation.allocate(leads, members) == first
    rnd.shuffle(leads)
    rnd.shuffle(members)
    assert allocation.allocate(leads, members) == first


def spreads(members, counts):
    groups = {}
    for member in members:
        if member.active and not member.opted_out and not member.suspended:
            key = (member.team_id, member.level)
            groups.setdefault(key, []).append(counts[member.user_id])
    return {key: max(values) - min(values) for key, values in groups.items()}


@settings_profile
@given(leads_strategy, members_strategy(plain=True))
def test_property_equal_weights_spread_evenly(leads, members):
    result = allocation.allocate(leads, members)
    before = {member.user_id: member.assigned_count for member in members}
    after = {
        user_id: before[user_id] + result.per_member_assigned[user_id]
        for user_id in before
    }
    initial = spreads(members, before)
    for key, spread in spreads(members, after).items():
        assert spread <= max(1, initial[key])


@settings_profile
@given(leads_strategy, members_strategy(plain=True))
def test_property_equal_starts_end_within_one(leads, members):
    members = [
        Member(m.user_id, m.team_id, m.level, active=m.active, suspended=m.suspended)
        for m in members
    ]
    result = allocation.allocate(leads, members)
    assert all(
        spread <= 1 for spread in spreads(members, result.per_member_assigned).values()
    )


# ----------------------------------------------------------------------
# public pool
# ----------------------------------------------------------------------
def lead_record(**values):
    values.setdefault("kind", pool.LEAD)
    values.setdefault("owner_id", 5)
    values.setdefault("assigned_date", D(2026, 1, 1))
    return pool.PoolRecord(**values)


def customer_record(**values):
    return lead_record(kind=pool.CUSTOMER, **values)


@pytest.mark.parametrize(
    ("record", "rules", "expected"),
    [
        (
            lead_record(),
            pool.DEFAULT_RULES,
            {"cycle_expired": D(2027, 1, 1), "no_action": D(2026, 3, 2)},
        ),
        (
            lead_record(last_sales_action_date=D(2026, 2, 15)),
            pool.DEFAULT_RULES,
            {"cycle_expired": D(2027, 1, 1), "no_action": D(2026, 4, 16)},
        ),
        # the previous owner's action does not count
        (
            lead_record(last_sales_action_date=D(2025, 12, 20)),
            pool.DEFAULT_RULES,
            {"cycle_expired": D(2027, 1, 1), "no_action": D(2026, 3, 2)},
        ),
        (lead_record(won=True), pool.DEFAULT_RULES, {}),
        (lead_record(owner_id=None), pool.DEFAULT_RULES, {}),
        (
            customer_record(last_order_date=D(2025, 6, 1)),
            pool.DEFAULT_RULES,
            {"no_order": D(2027, 1, 1), "no_action": D(2026, 3, 2)},
        ),
        (
            customer_record(last_order_date=D(2026, 5, 1)),
            pool.DEFAULT_RULES,
            {"no_order": D(2027, 5, 1), "no_action": D(2026, 3, 2)},
        ),
        # a won lead's rules do not apply to customers
        (
            customer_record(won=True),
            pool.DEFAULT_RULES,
            {"no_order": D(2027, 1, 1), "no_action": D(2026, 3, 2)},
        ),
        (
            lead_record(class_key="A", assigned_date=DT(2026, 1, 1, 23, 59)),
            pool.CycleRules(
                idle_days=10,
                cycle_days=100,
                idle_days_by_key={"A": 30},
                cycle_days_by_key={"B": 5},
            ),
            {"cycle_expired": D(2026, 4, 11), "no_action": D(2026, 1, 31)},
        ),
        (
            customer_record(class_key="vip"),
            pool.CycleRules(no_order_days_by_key={"vip": None}),
            {"no_action": D(2026, 3, 2)},
        ),
        (
            customer_record(class_key="regular"),
            pool.CycleRules(idle_days=None, no_order_days_by_key={"vip": None}),
            {"no_order": D(2027, 1, 1)},
        ),
    ],
)
def test_due_dates(record, rules, expected):
    dues = pool.due_dates(record, rules)
    assert dues == expected
    assert list(dues) == [reason for reason in pool.PRECEDENCE if reason in dues]


@pytest.mark.parametrize(
    ("record", "today", "reason"),
    [
        # assigned on 1 January, 60 idle days: kept on 1 March, out on 2 March
        (lead_record(), D(2026, 3, 1), None),
        (lead_record(), D(2026, 3, 2), "no_action"),
        (lead_record(), DT(2026, 3, 1, 23, 59), None),
        (lead_record(), DT(2026, 3, 2, 0, 0), "no_action"),
        (lead_record(last_sales_action_date=D(2026, 3, 1)), D(2026, 3, 2), None),
        (
            lead_record(last_sales_action_date=D(2026, 3, 1)),
            D(2026, 4, 30),
            "no_action",
        ),
        # cycle: the lead was worked all along, but not won within 365 days
        (
            lead_record(last_sales_action_date=D(2026, 12, 31)),
            D(2026, 12, 31),
            None,
        ),
        (
            lead_record(last_sales_action_date=D(2026, 12, 31)),
            D(2027, 1, 1),
            "cycle_expired",
        ),
        # both apply: the cycle comes first
        (lead_record(), D(2027, 6, 1), "cycle_expired"),
        (lead_record(won=True), D(2030, 1, 1), None),
        (lead_record(owner_id=None), D(2030, 1, 1), None),
        (
            customer_record(last_sales_action_date=D(2026, 12, 1)),
            D(2026, 12, 31),
            None,
        ),
        (
            customer_record(last_sales_action_date=D(2026, 12, 1)),
            D(2027, 1, 1),
            "no_order",
        ),
        (
            customer_record(
                last_sales_action_date=D(2026, 12, 1), last_order_date=D(2026, 1, 2)
            ),
            D(2027, 1, 1),
            None,
        ),
        (customer_record(last_order_date=D(2026, 2, 1)), D(2026, 3, 2), "no_action"),
        (customer_record(), D(2027, 1, 1), "no_order"),
    ],
)
def test_recycle_reason(record, today, reason):
    assert pool.recycle_reason(record, today) == reason


def test_recycle_reason_uses_overrides():
    rules = pool.CycleRules(idle_days_by_key={"A": 10})
    assert pool.recycle_reason(lead_record(class_key="A"), D(2026, 1, 11)) is None
    assert pool.recycle_reason(lead_record(class_key="A"), D(2026, 1, 11), rules) == (
        "no_action"
    )
    assert (
        pool.recycle_reason(lead_record(class_key="B"), D(2026, 1, 11), rules) is None
    )


@pytest.mark.parametrize(
    ("record", "today", "reminder_days", "expected"),
    [
        # no_action due on 2 March: reminded from 23 February to 1 March
        (lead_record(), D(2026, 2, 22), 7, None),
        (lead_record(), D(2026, 2, 23), 7, ("no_action", D(2026, 3, 2))),
        (lead_record(), D(2026, 3, 1), 7, ("no_action", D(2026, 3, 2))),
        (lead_record(), D(2026, 3, 2), 7, None),
        (lead_record(), D(2026, 2, 28), 1, None),
        (lead_record(), D(2026, 3, 1), 1, ("no_action", D(2026, 3, 2))),
        (lead_record(), D(2026, 3, 1), 0, None),
        # reminded of the earliest one, whatever the precedence
        (
            lead_record(last_sales_action_date=D(2026, 11, 1)),
            D(2026, 12, 28),
            7,
            ("no_action", D(2026, 12, 31)),
        ),
        (
            lead_record(last_sales_action_date=D(2026, 12, 20)),
            D(2026, 12, 28),
            60,
            ("cycle_expired", D(2027, 1, 1)),
        ),
        (
            customer_record(last_sales_action_date=D(2026, 11, 20)),
            D(2026, 12, 25),
            30,
            ("no_order", D(2027, 1, 1)),
        ),
        # same due date: the precedence
        (
            customer_record(last_sales_action_date=D(2026, 11, 2)),
            D(2026, 12, 31),
            7,
            ("no_order", D(2027, 1, 1)),
        ),
        (lead_record(won=True), D(2026, 3, 1), 7, None),
    ],
)
def test_reminder_due(record, today, reminder_days, expected):
    assert pool.reminder_due(record, today, reminder_days=reminder_days) == expected


def test_reminder_default_is_seven_days():
    assert pool.reminder_due(lead_record(), D(2026, 2, 23)) == (
        "no_action",
        D(2026, 3, 2),
    )
    assert pool.reminder_due(lead_record(), D(2026, 2, 22)) is None


@pytest.mark.parametrize(
    ("record", "rules"),
    [
        (lead_record(), pool.CycleRules(idle_days=0)),
        (lead_record(class_key="A"), pool.CycleRules(cycle_days_by_key={"A": -1})),
        (lead_record(kind="partner"), pool.DEFAULT_RULES),
    ],
)
def test_pool_refuses_nonsense(record, rules):
    with pytest.raises(ValueError):
        pool.due_dates(record, rules)


def test_describe_reason():
    message, params = pool.describe("no_action", lead_record(class_key="A"))
    assert message % params == "no sales action for 60 days"


# ----------------------------------------------------------------------
# claims
# ----------------------------------------------------------------------
TODAY = D(2026, 7, 1)


@pytest.mark.parametrize(
    ("values", "codes"),
    [
        ({}, []),
        ({"open_leads": 19, "max_open_leads": 20}, []),
        ({"open_leads": 20, "max_open_leads": 20}, [claims.OPEN_LEADS]),
        ({"open_leads": 25, "max_open_leads": 20}, [claims.OPEN_LEADS]),
        ({"open_leads": 500, "max_open_leads": 0}, []),
        ({"open_leads": 500, "max_open_leads": None}, []),
        ({"claims_today": 2, "max_claims_per_day": 3}, []),
        ({"claims_today": 3, "max_claims_per_day": 3}, [claims.DAILY_CLAIMS]),
        ({"claims_today": 99, "max_claims_per_day": 0}, []),
        # released 1 June, 30 days: back from 1 July
        ({"released_on": D(2026, 6, 1)}, []),
        ({"released_on": D(2026, 6, 2)}, [claims.COOLDOWN]),
        ({"released_on": DT(2026, 6, 1, 18, 0)}, []),
        ({"released_on": D(2026, 6, 21), "cooldown_days": 10}, []),
        ({"released_on": D(2026, 6, 22), "cooldown_days": 10}, [claims.COOLDOWN]),
        ({"released_on": D(2026, 7, 1), "cooldown_days": 0}, []),
        ({"released_on": None, "cooldown_days": 999}, []),
        (
            {
                "open_leads": 20,
                "max_open_leads": 20,
                "claims_today": 5,
                "max_claims_per_day": 5,
                "released_on": D(2026, 6, 30),
            },
            [claims.OPEN_LEADS, claims.DAILY_CLAIMS, claims.COOLDOWN],
        ),
    ],
)
def test_check_claim(values, codes):
    problems = claims.check_claim(today=TODAY, **values)
    assert [problem.key for problem in problems] == codes


@pytest.mark.parametrize(
    ("values", "text"),
    [
        (
            {"open_leads": 21, "max_open_leads": 20},
            "You already own 21 open leads; the limit is 20.",
        ),
        (
            {"claims_today": 3, "max_claims_per_day": 3},
            "You have already made 3 claims today; the limit is 3 a day.",
        ),
        (
            {"released_on": D(2026, 6, 20)},
            "You released this record on 2026-06-20; you can claim it back from "
            "2026-07-20.",
        ),
    ],
)
def test_claim_messages(values, text):
    (problem,) = claims.check_claim(today=TODAY, **values)
    assert str(problem) == text


@pytest.mark.parametrize(
    ("released_on", "days", "expected"),
    [
        (D(2026, 6, 1), 30, D(2026, 7, 1)),
        (D(2026, 2, 28), 1, D(2026, 3, 1)),
        (D(2026, 6, 1), 0, D(2026, 6, 1)),
        (None, 30, None),
    ],
)
def test_claim_back_date(released_on, days, expected):
    assert claims.claim_back_date(released_on, days) == expected


def test_claim_refuses_a_negative_cooldown():
    with pytest.raises(ValueError):
        claims.check_claim(today=TODAY, cooldown_days=-1)


# ----------------------------------------------------------------------
# duplicates
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ACME Co., Ltd.", "acme"),
        ("  Acme   Limited ", "acme"),
        ("Acme, Inc.", "acme"),
        ("ACME LLC", "acme"),
        ("Acme GmbH", "acme"),
        ("Acme S.A.", "acme"),
        ("Acme Corp.", "acme"),
        ("O'Brien & Sons Ltd", "obrien sons"),
        ("Coca-Cola Company", "coca cola"),
        ("Ｃｏｃａ－Ｃｏｌａ", "coca cola"),
        ("Straße GmbH", "strasse"),
        ("Co", "co"),
        ("Limited Inc", "limited"),
        ("Incorporated Ideas Co", "incorporated ideas"),
        ("上海某某科技有限公司", "上海某某科技"),
        ("上海某某科技股份有限公司", "上海某某科技"),
        ("某某有限责任公司", "某某"),
        ("某某公司", "某某"),
        ("某某（中国）有限公司", "某某 中国"),
        ("公司", "公司"),
        ("ACME 有限公司", "acme"),
        ("", None),
        (None, None),
        (" ., ", None),
    ],
)
def test_normalize_name(name, expected):
    assert duplicates.normalize_name(name) == expected


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("  John.Doe@Example.COM ", "john.doe@example.com"),
        ("ＡＢＣ@example.com", "abc@example.com"),
        ("n/a", None),
        ("@example.com", None),
        ("john@", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_email(email, expected):
    assert duplicates.normalize_email(email) == expected


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("86 13812345678", "13812345678"),
        ("（+86）１３８１２３４５６７８", "13812345678"),
        ("021-1234 5678", "02112345678"),
        ("+86 21 1234 5678", "02112345678"),
        ("0086 755 1234 567", "07551234567"),
        ("+1 (415) 555-2671", "14155552671"),
        ("+44 20 7946 0958", "42079460958"),
        ("1234567", "1234567"),
        ("123456", None),
        ("ext. 12", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_phone(phone, expected):
    assert duplicates.normalize_phone(phone) == expected


@pytest.mark.parametrize(
    ("vat", "expected"),
    [
        ("de 123-456-789", "DE123456789"),
        ("91310000 MA1FL0XX0X", "91310000MA1FL0XX0X"),
        ("９１３１ｘ", "9131X"),
        (" - ", None),
        (None, None),
    ],
)
def test_normalize_vat(vat, expected):
    assert duplicates.normalize_vat(vat) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {
                "name": "ACME Co., Ltd.",
                "email": "Sales@Acme.com",
                "phone": "+86 138 1234 5678",
                "vat": "cn-9131",
                "company_registry": "reg 42",
            },
            {
                ("name", "acme"),
                ("email", "sales@acme.com"),
                ("phone", "13812345678"),
                ("vat", "CN9131"),
                ("company_registry", "REG42"),
            },
        ),
        ({"name": "某某有限公司", "email": "n/a"}, {("name", "某某")}),
        ({}, set()),
    ],
)
def test_match_keys(values, expected):
    assert duplicates.match_keys(**values) == expected


def test_same_company_written_two_ways_shares_keys():
    first = duplicates.match_keys("ACME Co., Ltd.", phone="0086-138-1234-5678")
    second = duplicates.match_keys("acme", phone="13812345678")
    assert first == second


@pytest.mark.parametrize(
    ("args", "message", "text"),
    [
        (
            ("Alice", D(2026, 1, 5), D(2026, 4, 5), False),
            duplicates.MSG_PROTECTED,
            "Already registered by Alice on 2026-01-05, protected until 2026-04-05.",
        ),
        (
            ("Alice", D(2026, 1, 5), None, False),
            duplicates.MSG_REGISTERED,
            "Already registered by Alice on 2026-01-05.",
        ),
        (
            ("Alice", D(2026, 1, 5), D(2026, 4, 5), True),
            duplicates.MSG_IN_POOL,
            "Already registered and currently in the public pool.",
        ),
    ],
)
def test_protection_message(args, message, text):
    result = duplicates.protection_message(*args)
    assert result.message == message
    assert str(result) == text
    if args[3]:
        assert result.params == {}
    else:
        assert result.params["owner"] == "Alice"


GENERIC = frozenset({"gmail.com", "qq.com", "163.com", "odoo.com", "mail.odoo.com"})


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("robert.poilvert@gmail.com", "robert.poilvert@gmail.com"),
        ("Li.Wei@QQ.com", "li.wei@qq.com"),
        ("fp@odoo.com", "fp@odoo.com"),
        ("fp.alias@mail.odoo.com", "fp.alias@mail.odoo.com"),
        ("robert.poilvert@mycompany.com", "@mycompany.com"),
        ("fp@subdomain.odoo.com", "@subdomain.odoo.com"),
        ("Buyer@ACME.example ", "@acme.example"),
        ("n/a", None),
        ("", None),
    ],
)
def test_email_key_follows_odoos_domain_rule(email, expected):
    """A generic provider's address is a key of its own, a company domain
    stands for the company (crm's email_domain_criterion)."""
    assert duplicates.email_key(email, GENERIC) == expected


def test_two_people_of_one_company_domain_are_one_prospect():
    first = duplicates.match_keys(email="buyer@acme.example", generic_domains=GENERIC)
    second = duplicates.match_keys(email="ceo@acme.example", generic_domains=GENERIC)
    assert first & second == {(duplicates.EMAIL, "@acme.example")}
    gmail = duplicates.match_keys(email="a@gmail.com", generic_domains=GENERIC)
    other = duplicates.match_keys(email="b@gmail.com", generic_domains=GENERIC)
    assert not gmail & other


def test_email_key_without_provider_list_keeps_the_address():
    assert duplicates.email_key("Buyer@Acme.example") == "buyer@acme.example"


@pytest.mark.parametrize(
    ("user", "owner", "registered_by", "pooled", "expected"),
    [
        (1, 1, 1, False, None),
        (1, 2, 2, False, duplicates.OWNED),
        (1, 2, 1, False, duplicates.OWNED),
        (1, False, 2, False, duplicates.IN_POOL),
        (1, False, 1, False, None),
        (1, False, 1, True, duplicates.IN_POOL),
        (1, False, 2, True, duplicates.IN_POOL),
    ],
)
def test_blocking(user, owner, registered_by, pooled, expected):
    """Someone else's record stops him while owned or in the pool; the one he
    put in the pool himself, never owned since, does not."""
    assert duplicates.blocking(user, owner, registered_by, pooled) == expected


def test_former_owner_in_cool_down_is_passed_over_and_keeps_his_place():
    cooling = replace(leads_of(1)[0], excluded_user_ids=frozenset({1}))
    leads = [cooling, *leads_of(2, first_id=2)]
    result = allocation.allocate(leads, seniors(1, 2))
    # user 1 is first in the rotation but released lead 1: user 2 takes it,
    # and user 1 takes the next lead, his place kept
    assert owners(result, leads) == [2, 1, 2]


def test_lead_waits_when_only_its_former_owner_could_take_it():
    lead = replace(leads_of(1)[0], excluded_user_ids=frozenset({1}))
    result = allocation.allocate([lead], seniors(1))
    assert result.decisions == {}
    reason = result.unallocated_reasons[1]
    assert reason.text == (
        "no eligible senior: 1 released it and may not have it back yet"
    )
    assert reason.counts == {"cooling_down": 1}
    assert result.consumed_skips == {}


def test_forecast_is_the_due_date_and_reason_of_the_rules():
    """The daily forecast, one evaluation of the rules, gives what the due
    dates and the recycling reason give apart, for leads and customers,
    before, on and after each rule's day, with and without overrides."""
    overrides = pool.CycleRules(
        idle_days=30,
        cycle_days=45,
        no_order_days=30,
        idle_days_by_key={"A": 10},
        cycle_days_by_key={"B": 5},
        no_order_days_by_key={"vip": None},
    )
    records = [
        lead_record(),
        lead_record(class_key="A"),
        lead_record(class_key="B", last_sales_action_date=D(2026, 1, 20)),
        lead_record(won=True),
        lead_record(owner_id=None),
        customer_record(),
        customer_record(class_key="vip", last_order_date=D(2026, 2, 1)),
        customer_record(last_sales_action_date=D(2026, 3, 1)),
    ]
    checked = 0
    for rules in (pool.DEFAULT_RULES, overrides):
        for record in records:
            for day in range(0, 400, 3):
                today = D(2026, 1, 1) + timedelta(days=day)
                dues = pool.due_dates(record, rules)
                expected = (
                    min(dues.values()) if dues else None,
                    pool.recycle_reason(record, today, rules)
                    or (min(dues, key=dues.get) if dues else None),
                )
                assert pool.forecast(record, today, rules) == expected
                checked += expected[1] is not None
    assert checked > 1000
