"""Pure rules of the weighted fair rotation that hands pending leads out.

Nothing here imports Odoo: the models read the pending leads and the team
members, call :func:`allocate`, then write the owners, decrement the skipped
turns and post the reasons of the leads left waiting.

Rules
-----
- Leads are handed out one at a time, highest ``priority`` first, then oldest
  ``create_date`` (a lead without one counts as the oldest), then lowest id,
  so the same input always gives the same owners.
- A member may receive a lead when it belongs to the lead's team, its level is
  eligible for the lead's class (:mod:`.classing`), it is active, not opted
  out, not suspended, and has capacity left, both overall (``capacity_left``,
  ``None`` for no limit) and for the lead's class (``class_capacity_left``, a
  class missing from it has no limit).
- Among them, the lead goes to the lowest ``assigned_count / weight``: a member
  of weight 2 receives twice as many leads as one of weight 1. Ties go to whoever
  has waited longest (oldest ``last_assigned_at``, ``None`` meaning never
  assigned, so first), then to the lowest user id. Every lead handed out
  counts at once: the receiver's count goes up, its capacities down, and it
  becomes the most recently assigned.
- A member with ``skip_turns`` left is passed over each time it would have
  been chosen, and each pass consumes one turn, even when nobody else can take
  the lead (which then waits for the next run). A skipped turn counts as a
  turn taken: the member goes to the back of the rotation as if it had
  received the lead, without receiving it or using capacity. Otherwise its
  lower count would hand it the very next lead and the skip would cost
  nothing. For the loss to outlast the run, the models count the period's
  skipped turns in ``assigned_count`` too.
- A salesperson in several teams is given once per team, with the same
  figures: counts, capacities and turns are the person's, shared by the teams.
- A lead with a ``preferred_user_id`` (its territory's preferred salesperson)
  goes to that member when he may receive it (in the team, eligible level,
  active, not opted out nor suspended, capacity left, not cooling down, no
  turn to skip); it counts as his turn. Otherwise the rotation decides.

Each choice costs ``O(log n)`` heap operations: one heap per (team, class)
holds the members that may receive that class, and a member whose figures
change is pushed again with a new version, its older entries being dropped
when they surface.
"""

import heapq
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from odoo.addons.customer_tiering.services.messages import _lt

from .classing import LEVELS, eligible_levels

INACTIVE = "inactive"
SUSPENDED = "suspended"
OPTED_OUT = "opted_out"
AT_CAPACITY = "at_capacity"
SKIPPING = "skipping"
COOLING_DOWN = "cooling_down"
# a member with several of them is counted once, under the first
EXCLUSION_PRECEDENCE = (
    INACTIVE,
    SUSPENDED,
    OPTED_OUT,
    COOLING_DOWN,
    AT_CAPACITY,
    SKIPPING,
)
# the order of the parts of the message
EXCLUSION_ORDER = (
    SUSPENDED,
    AT_CAPACITY,
    OPTED_OUT,
    INACTIVE,
    SKIPPING,
    COOLING_DOWN,
)
MSG_EXCLUSION = {
    SUSPENDED: _lt("%(count)s suspended"),
    AT_CAPACITY: _lt("%(count)s at capacity"),
    OPTED_OUT: _lt("%(count)s opted out"),
    INACTIVE: _lt("%(count)s inactive"),
    SKIPPING: _lt("%(count)s skipping a turn"),
    COOLING_DOWN: _lt("%(count)s released it and may not have it back yet"),
}
MSG_NO_ELIGIBLE = _lt("no eligible %(levels)s: %(details)s")
MSG_NONE_IN_TEAM = _lt("none in the team")
MSG_NO_LEVEL_FOR_CLASS = _lt("no level may receive class %(lead_class)s leads")
MSG_NO_TEAM = _lt("the lead has no sales team")


@dataclass(frozen=True)
class Lead:
    id: int
    team_id: int | None
    lead_class: str
    create_date: datetime | None = None
    priority: int = 0
    #: former owners still in the claim cool-down: they may not receive it
    excluded_user_ids: frozenset = frozenset()
    #: the territory's preferred salesperson: he takes the lead when he may
    #: receive it, and it counts as his turn
    preferred_user_id: int | None = None


@dataclass(frozen=True)
class Member:
    """One team membership; ``assigned_count`` counts the turns taken in the
    current fairness period (leads received plus turns skipped), the ones the
    weights share out."""

    user_id: int
    team_id: int
    level: str
    weight: float = 1
    assigned_count: int = 0
    last_assigned_at: datetime | None = None
    capacity_left: int | None = None
    class_capacity_left: Mapping[str, int] | None = None
    active: bool = True
    opted_out: bool = False
    suspended: bool = False
    skip_turns: int = 0


def _english(message, **params):
    return message % params if params else message


@dataclass(frozen=True)
class UnallocatedReason:
    """Kept untranslated: ``render(translate)`` with ``translate(message,
    **params)``, e.g. ``lambda message, **params: env._(message, **params)``,
    gives the user's language; ``text`` gives English."""

    lead_class: str
    levels: tuple[str, ...]
    counts: Mapping[str, int]
    message: str
    details: tuple[tuple[str, Mapping[str, object]], ...] = ()

    def render(self, translate=_english, level_labels=None):
        labels = level_labels or {}
        details = ", ".join(
            translate(message, **params) for message, params in self.details
        )
        return translate(
            self.message,
            levels="/".join(labels.get(level, level) for level in self.levels),
            details=details,
            lead_class=self.lead_class,
        )

    @property
    def text(self):
        return self.render()

    def __str__(self):
        return self.text


@dataclass
class AllocationResult:
    """``per_member_assigned`` (leads received, every member listed) and
    ``consumed_skips`` (only members who skipped) are by user id and count this
    run only: subtract the skips from the turns left to skip."""

    decisions: dict[int, int] = field(default_factory=dict)
    unallocated_reasons: dict[int, UnallocatedReason] = field(default_factory=dict)
    consumed_skips: dict[int, int] = field(default_factory=dict)
    per_member_assigned: dict[int, int] = field(default_factory=dict)


class _Person:
    __slots__ = (
        "user_id",
        "level",
        "factor",
        "count",
        "wait",
        "capacity",
        "class_capacity",
        "exclusion",
        "skips",
        "consumed",
        "assigned",
        "version",
        "groups",
    )

    def __init__(self, member, factor):
        self.user_id = member.user_id
        self.level = member.level
        self.factor = factor
        self.count = member.assigned_count
        self.wait = (
            (0,) if member.last_assigned_at is None else (1, member.last_assigned_at)
        )
        self.capacity = member.capacity_left
        self.class_capacity = dict(member.class_capacity_left or {})
        self.exclusion = (
            INACTIVE
            if not member.active
            else SUSPENDED
            if member.suspended
            else OPTED_OUT
            if member.opted_out
            else None
        )
        self.skips = member.skip_turns
        self.consumed = 0
        self.assigned = 0
        self.version = 0
        self.groups = []

    def has_capacity(self, lead_class):
        if self.capacity is not None and self.capacity <= 0:
            return False
        left = self.class_capacity.get(lead_class)
        return left is None or left > 0

    def can_receive(self, lead_class):
        return self.exclusion is None and self.has_capacity(lead_class)

    def entry(self):
        return (self.count * self.factor, self.wait, self.user_id, self.version)


def _exact(weight):
    """Decimal rather than binary, so weights 0.1 and 0.3 share out as 1 to 3,
    as the user typed them."""
    if isinstance(weight, float):
        return Fraction(repr(weight))
    if isinstance(weight, Decimal | int | Fraction):
        return Fraction(weight)
    raise TypeError(f"a weight must be a number (got {weight!r})")


def _factors(members):
    """Integer multipliers ``f`` with ``count * f`` ordered as
    ``count / weight``: exact, and much faster to compare than fractions."""
    weights = {}
    for member in members:
        weight = _exact(member.weight)
        if weight <= 0:
            raise ValueError(
                f"the weight of user {member.user_id} must be greater than 0 "
                f"(got {member.weight!r})"
            )
        weights[member.user_id] = weight
    scale = math.lcm(*(weight.denominator for weight in weights.values()), 1)
    scaled = {user: int(weight * scale) for user, weight in weights.items()}
    common = math.lcm(*scaled.values(), 1)
    return {user: common // value for user, value in scaled.items()}


def _people(members):
    """A person listed in several teams must have the same figures in each:
    anything else would make the outcome depend on which row came first."""
    factors = _factors(members)
    people, firsts, teams = {}, {}, {}
    for member in members:
        if member.skip_turns < 0:
            raise ValueError(
                f"user {member.user_id} cannot skip {member.skip_turns} turns"
            )
        first = firsts.setdefault(member.user_id, member)
        if replace(member, team_id=first.team_id) != first:
            raise ValueError(
                f"user {member.user_id} has different figures in teams "
                f"{first.team_id} and {member.team_id}"
            )
        person = people.get(member.user_id)
        if person is None:
            person = people[member.user_id] = _Person(member, factors[member.user_id])
        team = teams.setdefault(member.team_id, [])
        if person not in team:
            team.append(person)
    return people, teams


def _lead_order(lead):
    created = (0,) if lead.create_date is None else (1, lead.create_date)
    return (-lead.priority, created, lead.id)


def _ordered_levels(levels):
    rank = {level: index for index, level in enumerate(LEVELS)}
    return tuple(sorted(levels, key=lambda level: (rank.get(level, 99), level)))


def _reason(lead, levels, team, skipped):
    if lead.team_id is None:
        return UnallocatedReason(lead.lead_class, (), {}, MSG_NO_TEAM)
    if not levels:
        return UnallocatedReason(lead.lead_class, (), {}, MSG_NO_LEVEL_FOR_CLASS)
    counts = dict.fromkeys(EXCLUSION_PRECEDENCE, 0)
    for person in team:
        if person.level not in levels:
            continue
        if person.exclusion:
            counts[person.exclusion] += 1
        elif person.user_id in lead.excluded_user_ids:
            counts[COOLING_DOWN] += 1
        elif not person.has_capacity(lead.lead_class):
            counts[AT_CAPACITY] += 1
        elif person.user_id in skipped:
            counts[SKIPPING] += 1
    counts = {key: value for key, value in counts.items() if value}
    details = tuple(
        (MSG_EXCLUSION[key], {"count": counts[key]})
        for key in EXCLUSION_ORDER
        if key in counts
    ) or ((MSG_NONE_IN_TEAM, {}),)
    return UnallocatedReason(
        lead.lead_class, _ordered_levels(levels), counts, MSG_NO_ELIGIBLE, details
    )


def _build_heap(key, team, levels, groups):
    lead_class = key[1]
    heap = []
    for person in team:
        if person.level in levels and person.can_receive(lead_class):
            heap.append(person.entry())
            person.groups.append(key)
    heapq.heapify(heap)
    groups[key] = heap
    return heap


def _requeue(person, groups):
    """A new version in every heap the person may still be drawn from; its
    older entries are dropped when they surface."""
    person.version += 1
    entry = person.entry()
    for key in person.groups:
        if person.can_receive(key[1]):
            heapq.heappush(groups[key], entry)


class _Rotation:
    def __init__(self, people):
        self.people = people
        self.groups = {}
        self.sequence = 0

    def turn(self, person):
        """The person's turn is taken: it goes to the back of the rotation."""
        self.sequence += 1
        person.count += 1
        person.wait = (2, self.sequence)

    def choose(self, key, team, levels, excluded=frozenset()):
        """The member who takes this lead (or ``None``) and those who skipped
        their turn on the way to it; the ``excluded`` keep their place for
        the next lead."""
        heap = self.groups.get(key)
        if heap is None:
            heap = _build_heap(key, team, levels, self.groups)
        skipped, set_aside = [], []
        chosen = None
        while heap:
            entry = heapq.heappop(heap)
            person = self.people[entry[2]]
            if entry[3] != person.version:
                continue
            if person.user_id in excluded:
                set_aside.append(entry)
                continue
            if person.skips > 0:
                person.skips -= 1
                person.consumed += 1
                self.turn(person)
                skipped.append(person)
                continue
            chosen = person
            break
        for entry in set_aside:
            heapq.heappush(heap, entry)
        for person in skipped:
            _requeue(person, self.groups)
        return chosen, skipped

    def take(self, person, lead_class):
        self.turn(person)
        person.assigned += 1
        if person.capacity is not None:
            person.capacity -= 1
        if lead_class in person.class_capacity:
            person.class_capacity[lead_class] -= 1
        _requeue(person, self.groups)


def _preferred(lead, team, levels):
    """The lead's preferred member when he may receive it now."""
    if lead.preferred_user_id is None or lead.preferred_user_id in (
        lead.excluded_user_ids
    ):
        return None
    for person in team:
        if (
            person.user_id == lead.preferred_user_id
            and person.level in levels
            and person.skips <= 0
            and person.can_receive(lead.lead_class)
        ):
            return person
    return None


def allocate(leads, members, matrix=None):
    """Hands out ``leads`` (:class:`Lead`) to ``members`` (:class:`Member`)
    along the module's rules; ``matrix`` is the eligibility matrix, the
    default one when ``None``."""
    people, teams = _people(members)
    rotation = _Rotation(people)
    result = AllocationResult()
    for lead in sorted(leads, key=_lead_order):
        levels = eligible_levels(lead.lead_class, matrix)
        team = teams.get(lead.team_id, ())
        chosen, skipped = None, []
        if lead.team_id is not None and levels:
            chosen = _preferred(lead, team, levels)
            if chosen is None:
                key = (lead.team_id, lead.lead_class)
                chosen, skipped = rotation.choose(
                    key, team, levels, lead.excluded_user_ids
                )
        if chosen is None:
            result.unallocated_reasons[lead.id] = _reason(
                lead, levels, team, {person.user_id for person in skipped}
            )
            continue
        rotation.take(chosen, lead.lead_class)
        result.decisions[lead.id] = chosen.user_id
    for user_id, person in people.items():
        result.per_member_assigned[user_id] = person.assigned
        if person.consumed:
            result.consumed_skips[user_id] = person.consumed
    return result
