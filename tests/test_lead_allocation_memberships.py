"""Pure glue between Odoo's team memberships and the fair rotation."""

from datetime import datetime, timedelta

import pytest

from lead_allocation.services import allocation, memberships

Lead = allocation.Lead
Member = allocation.Member
T0 = datetime(2026, 3, 1, 9)
NOW = datetime(2026, 3, 2, 9)


def test_consistent():
    assert memberships.consistent([Member(1, 1, "senior"), Member(1, 2, "senior")])
    assert not memberships.consistent([Member(1, 1, "senior"), Member(1, 2, "junior")])
    assert memberships.consistent([Member(1, 1, "senior"), Member(2, 1, "junior")])


def test_consistent_members_go_to_the_rotation_in_one_call():
    members = [
        Member(1, 1, "senior", capacity_left=1),
        Member(1, 2, "senior", capacity_left=1),
    ]
    leads = [Lead(1, 1, "A", T0), Lead(2, 2, "A", T0)]
    assert memberships.allocate_memberships(leads, members, NOW) == allocation.allocate(
        leads, members
    )


def test_levels_per_team():
    """Senior in team 1, junior in team 2: each team uses its own level."""
    members = [
        Member(1, 1, "senior"),
        Member(1, 2, "junior"),
        Member(2, 2, "junior"),
    ]
    leads = [Lead(1, 1, "A", T0), Lead(2, 2, "D", T0), Lead(3, 2, "D", T0)]
    result = memberships.allocate_memberships(leads, members, NOW)
    # user 1 took a turn in team 1: user 2 is first in team 2
    assert result.decisions == {1: 1, 2: 2, 3: 1}
    assert result.per_member_assigned == {1: 2, 2: 1}
    assert result.unallocated_reasons == {}


def test_turns_follow_the_person_from_team_to_team():
    members = [
        Member(1, 1, "senior", skip_turns=1),
        Member(1, 2, "junior", skip_turns=1),
        Member(2, 2, "junior", assigned_count=1),
    ]
    leads = [Lead(1, 1, "A", T0), Lead(2, 2, "D", T0)]
    result = memberships.allocate_memberships(leads, members, NOW)
    # the single skip is used in team 1; in team 2 user 1 has one turn more
    assert result.consumed_skips == {1: 1}
    assert result.decisions == {2: 2}
    assert str(result.unallocated_reasons[1]) == (
        "no eligible senior: 1 skipping a turn"
    )


def test_membership_figures_stay_the_teams():
    members = [
        Member(1, 1, "senior", capacity_left=1),
        Member(1, 2, "senior", capacity_left=1, weight=2),
    ]
    leads = [Lead(1, 1, "A", T0), Lead(2, 2, "A", T0), Lead(3, 2, "A", T0)]
    result = memberships.allocate_memberships(leads, members, NOW)
    assert result.decisions == {1: 1, 2: 1}
    assert "1 at capacity" in str(result.unallocated_reasons[3])


def test_leads_without_team_wait():
    members = [Member(1, 1, "senior"), Member(1, 2, "junior")]
    result = memberships.allocate_memberships([Lead(1, None, "A")], members, NOW)
    assert str(result.unallocated_reasons[1]) == "the lead has no sales team"


def test_carried_last_assignment_is_now_or_later():
    later = NOW + timedelta(hours=1)
    members = [
        Member(1, 1, "senior", last_assigned_at=later),
        Member(1, 2, "junior", last_assigned_at=later),
        Member(2, 2, "junior", last_assigned_at=NOW - timedelta(days=1)),
    ]
    leads = [Lead(1, 1, "A", T0), Lead(2, 2, "D", T0)]
    result = memberships.allocate_memberships(leads, members, NOW)
    assert result.decisions == {1: 1, 2: 2}


@pytest.mark.parametrize(
    ("turns_left", "used", "expected"),
    [
        ([(1, 1), (2, 2)], 1, {1: 0}),
        ([(1, 1), (2, 2)], 2, {1: 0, 2: 1}),
        ([(1, 1), (2, 2)], 5, {1: 0, 2: 0}),
        ([(1, 0), (2, 2)], 1, {2: 1}),
        ([(1, 3)], 0, {}),
        ([], 2, {}),
    ],
)
def test_consume_turns(turns_left, used, expected):
    assert memberships.consume_turns(turns_left, used) == expected
