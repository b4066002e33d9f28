"""Pure glue between Odoo's team memberships and :func:`.allocation.allocate`.

Nothing here imports Odoo. The models read one :class:`.allocation.Member` per
team membership; Odoo keeps the level, the weight, the opt-out and the
capacity per membership, whereas :func:`.allocation.allocate` wants a person
listed in several teams to have the same figures in each (and refuses
otherwise).

Rules
-----
- When every person has the same figures in all its teams (the usual case:
  Odoo's default is one team per salesperson), the memberships go to
  :func:`.allocation.allocate` in one call, unchanged.
- Otherwise the teams are allocated one after the other, by ascending team id,
  leads without team last. A person's own figures follow it from one team to
  the next: the turns it took in earlier teams (leads received and turns
  skipped) count in its ``assigned_count``, it becomes the most recently
  assigned (``now``), and the turns it skipped are no longer to skip. What
  belongs to the membership (level, weight, opt-out, capacities) stays that
  team's.
- :func:`consume_turns` spreads the turns a person skipped over its
  suspensions, oldest first, so that each one is used up before the next.
"""

from dataclasses import replace

from .allocation import AllocationResult, allocate


def consistent(members):
    """Whether every person has the same figures in each of its teams."""
    seen = {}
    for member in members:
        figures = replace(member, team_id=None)
        if seen.setdefault(member.user_id, figures) != figures:
            return False
    return True


def _carried(member, turns, consumed, now):
    taken = turns.get(member.user_id, 0)
    if not taken:
        return member
    last = member.last_assigned_at
    return replace(
        member,
        assigned_count=member.assigned_count + taken,
        last_assigned_at=now if last is None else max(last, now),
        skip_turns=max(member.skip_turns - consumed.get(member.user_id, 0), 0),
    )


def allocate_memberships(leads, members, now, matrix=None):
    """:func:`.allocation.allocate` for memberships whose figures may differ
    from one team to another; ``now`` is when the run happens, the moment a
    person that took a turn in an earlier team was last assigned."""
    members = list(members)
    if consistent(members):
        return allocate(leads, members, matrix)
    leads_by_team, members_by_team = {}, {}
    for lead in leads:
        leads_by_team.setdefault(lead.team_id, []).append(lead)
    for member in members:
        members_by_team.setdefault(member.team_id, []).append(member)
    result = AllocationResult()
    turns, consumed = {}, {}
    for team_id in sorted(leads_by_team, key=lambda team: (team is None, team or 0)):
        part = allocate(
            leads_by_team[team_id],
            [
                _carried(member, turns, consumed, now)
                for member in members_by_team.get(team_id, ())
            ],
            matrix,
        )
        result.decisions.update(part.decisions)
        result.unallocated_reasons.update(part.unallocated_reasons)
        for user_id, count in part.per_member_assigned.items():
            turns[user_id] = turns.get(user_id, 0) + count
        for user_id, count in part.consumed_skips.items():
            turns[user_id] = turns.get(user_id, 0) + count
            consumed[user_id] = consumed.get(user_id, 0) + count
    for member in members:
        user_id = member.user_id
        result.per_member_assigned[user_id] = turns.get(user_id, 0) - consumed.get(
            user_id, 0
        )
    result.consumed_skips = {user: count for user, count in consumed.items() if count}
    return result


def consume_turns(turns_left, used):
    """``{suspension id: turns left afterwards}`` for the suspensions that
    change, ``turns_left`` being ``[(suspension id, turns left)]`` of one
    person, in the order they are used up; turns used beyond the total are
    ignored."""
    changes = {}
    for suspension_id, left in turns_left:
        if used <= 0:
            break
        taken = min(left, used)
        if taken > 0:
            changes[suspension_id] = left - taken
            used -= taken
    return changes
