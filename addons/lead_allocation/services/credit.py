"""Pure rules of sales credit: who is credited with a confirmed order.

Nothing here imports Odoo: the model gathers, for a whole batch of orders,
the customer's and the opportunity's owners, their first registrations and
the approved ownership moves and releases (the history of owners), then
calls ``decide`` once per order and writes the results back.

Rules
-----
- The owner of an order is its customer's owner (the commercial partner's
  salesperson); for a customer without owner (a pool customer, a prospect
  never owned), the owner of the order's opportunity.
- A move is an approved transfer, an approved claim or an allocation (the
  allocation log) handing the customer or the opportunity to a salesperson.
  It stands as long as that salesperson has not released the same record
  since (a pool release or a transfer to someone else).
- ``owner``: the order's salesperson owns it, or holds a standing claim or
  allocation of the customer or the opportunity.
- ``transfer``: as ``owner``, but the salesperson's latest standing move is
  an approved transfer: the credit follows the manager's decision.
- ``department``: the order has an owner and the order's salesperson is
  someone else holding no standing move: a customer swapped privately
  between salespeople. The sales team is credited, nobody personally, and
  the swap is a violation for the discipline officer (``private_swap``).
- ``first_registrant``: nobody owns the order's customer or opportunity and
  someone other than the order's salesperson registered one of them first
  (earliest registration, then the lowest record order): the salesperson
  who did not register before dealing gets nothing, the first registrant
  gets the credit.
- An order without owner and without registration by anyone else credits
  its own salesperson as ``owner``; an order with neither salesperson,
  owner nor registrant credits its team as ``department``.
- The credited team is the order's team when the order's salesperson (or
  the department) is credited; the credited user's own team otherwise,
  falling back on the order's team.
"""

from dataclasses import dataclass, field
from datetime import datetime

OWNER = "owner"
FIRST_REGISTRANT = "first_registrant"
DEPARTMENT = "department"
TRANSFER = "transfer"
BASES = (OWNER, FIRST_REGISTRANT, DEPARTMENT, TRANSFER)

MOVE_TRANSFER = "transfer"
MOVE_CLAIM = "claim"
MOVE_ALLOCATION = "allocation"

CUSTOMER = "customer"
OPPORTUNITY = "opportunity"


@dataclass(frozen=True)
class Move:
    """An approved hand-over of ``record`` (``customer`` or ``opportunity``)
    to ``user_id`` on ``date``."""

    record: str
    user_id: int
    kind: str
    date: datetime


@dataclass(frozen=True)
class Release:
    """``user_id`` gave ``record`` up on ``date``."""

    record: str
    user_id: int
    date: datetime


@dataclass(frozen=True)
class Registration:
    """``user_id`` registered ``record`` on ``date``."""

    record: str
    user_id: int
    date: datetime


@dataclass(frozen=True)
class OrderFacts:
    salesperson_id: int | None
    team_id: int | None
    customer_owner_id: int | None = None
    opportunity_owner_id: int | None = None
    registrations: tuple = ()
    moves: tuple = ()
    releases: tuple = ()
    user_teams: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Credit:
    user_id: int | None
    team_id: int | None
    basis: str
    private_swap: bool = False


def standing_moves(facts, user_id):
    """``user_id``'s moves not undone by a later release of the same record."""
    return [
        move
        for move in facts.moves
        if move.user_id == user_id
        and not any(
            release.user_id == user_id
            and release.record == move.record
            and release.date >= move.date
            for release in facts.releases
        )
    ]


def first_registrant(facts):
    """Who registered the customer or the opportunity first, or None."""
    order = {CUSTOMER: 0, OPPORTUNITY: 1}
    registrations = [reg for reg in facts.registrations if reg.user_id and reg.date]
    if not registrations:
        return None
    first = min(registrations, key=lambda reg: (reg.date, order.get(reg.record, 2)))
    return first.user_id


def _own_basis(facts, user_id):
    moves = standing_moves(facts, user_id)
    if moves and max(moves, key=lambda move: move.date).kind == MOVE_TRANSFER:
        return TRANSFER
    return OWNER


def _team_of(facts, user_id):
    return facts.user_teams.get(user_id) or facts.team_id


def decide(facts):
    """The ``Credit`` of one confirmed order."""
    owner = facts.customer_owner_id or facts.opportunity_owner_id
    seller = facts.salesperson_id or owner
    if owner:
        if seller == owner or standing_moves(facts, seller):
            return Credit(
                seller,
                facts.team_id or _team_of(facts, seller),
                _own_basis(facts, seller),
            )
        return Credit(
            None,
            facts.team_id or _team_of(facts, owner),
            DEPARTMENT,
            private_swap=bool(facts.salesperson_id),
        )
    registrant = first_registrant(facts)
    seller = seller or registrant
    if not seller:
        return Credit(None, facts.team_id, DEPARTMENT)
    if registrant and registrant != seller and not standing_moves(facts, seller):
        return Credit(registrant, _team_of(facts, registrant), FIRST_REGISTRANT)
    return Credit(
        seller, facts.team_id or _team_of(facts, seller), _own_basis(facts, seller)
    )
