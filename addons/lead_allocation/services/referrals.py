"""Referral rewards: whoever brings another team a customer that becomes
business is rewarded, by bands of the month's order count or amount.

Nothing here imports Odoo; the models gather the facts in batch, call these
functions and write back.

Rules
-----
- A referral is recorded when a lead or a customer registered by a member
  of team X is handed to team Y (allocated, transferred, claimed): the
  registrant has a team, the receiving team is set, the registrant is not
  a member of it and is not the new owner. The referrer's team is the
  registrant's first team (the one Odoo shows as his sales team). The first
  referral wins: a later hand-out never replaces it (:func:`referral`).
- A confirmed order credited to team Y rewards the referrer when the
  credited team is not one of the referrer's teams and the credited
  salesperson is not the referrer (:func:`rewardable`): no reward within
  the same team, none to oneself.
- A band matches when the period's figure (amount credited, or number of
  orders, per its ``measure``) is within ``[value_from, value_to)``; a
  ``value_to`` of 0 leaves the band open upwards.
- A band rewards a fixed amount, or a percentage of the period's credited
  amount. When several bands match (an amount band and a count band), the
  higher band wins: the one whose reward is the larger; on a tie, the one
  first in sequence (:func:`best_band`).
"""

from dataclasses import dataclass
from datetime import date, timedelta

AMOUNT = "amount"
COUNT = "count"
MEASURES = (AMOUNT, COUNT)
FIXED = "fixed"
PERCENTAGE = "percentage"
REWARD_TYPES = (FIXED, PERCENTAGE)


@dataclass(frozen=True)
class Band:
    id: int
    sequence: int
    measure: str
    value_from: float
    value_to: float
    reward_type: str
    value: float


@dataclass(frozen=True)
class Proposal:
    band: Band
    reward: float


def band_problem(measure, value_from, value_to, reward_type, value):
    """Why a band is invalid, as ``(field, problem)``, or None."""
    if measure not in MEASURES:
        return ("measure", "unknown")
    if reward_type not in REWARD_TYPES:
        return ("reward_type", "unknown")
    if value_from < 0:
        return ("value_from", "negative")
    if value_to and value_to <= value_from:
        return ("value_to", "not_above_from")
    if value < 0:
        return ("value", "negative")
    if reward_type == PERCENTAGE and value > 100:
        return ("value", "above_100")
    return None


def referral(registrant_id, registrant_team_ids, owner_id, receiving_team_id):
    """The referrer's team when handing a record registered by
    ``registrant_id`` (member of ``registrant_team_ids``, in their order)
    to ``owner_id`` in ``receiving_team_id`` is a referral, else None."""
    if not registrant_id or not registrant_team_ids or not receiving_team_id:
        return None
    if registrant_id == owner_id or receiving_team_id in registrant_team_ids:
        return None
    return registrant_team_ids[0]


def rewardable(referrer_id, referrer_team_ids, credit_user_id, credit_team_id):
    """Whether an order credited to ``credit_user_id`` in ``credit_team_id``
    rewards ``referrer_id``, member of ``referrer_team_ids``."""
    if not referrer_id or not credit_team_id:
        return False
    if referrer_id == credit_user_id:
        return False
    return credit_team_id not in referrer_team_ids


def band_matches(band, count, amount):
    figure = amount if band.measure == AMOUNT else count
    if figure < band.value_from:
        return False
    return not band.value_to or figure < band.value_to


def band_reward(band, amount):
    if band.reward_type == FIXED:
        return band.value
    return amount * band.value / 100.0


def best_band(bands, count, amount):
    """The winning :class:`Proposal` for a period of ``count`` orders and
    ``amount`` credited, or None when no band matches."""
    best = None
    for band in sorted(bands, key=lambda band: (band.sequence, band.id)):
        if not band_matches(band, count, amount):
            continue
        reward = band_reward(band, amount)
        if best is None or reward > best.reward:
            best = Proposal(band, reward)
    return best


def month_start(day):
    return date(day.year, day.month, 1)


def previous_month(today):
    """First day of the month before ``today``'s."""
    return month_start(month_start(today) - timedelta(days=1))


def next_month(start):
    return month_start(month_start(start) + timedelta(days=32))


def summarise(lines):
    """``{(company, referrer, month): (count, amount, line ids)}`` of the
    reward lines ``(id, company, referrer, month, amount)``."""
    totals = {}
    for line_id, company, referrer, month, amount in lines:
        key = (company, referrer, month)
        count, total, ids = totals.get(key, (0, 0.0, ()))
        totals[key] = (count + 1, total + amount, (*ids, line_id))
    return totals
