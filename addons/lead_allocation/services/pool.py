"""Pure rules of ownership cycles: when an owned lead or customer goes back to
the public pool, and when its owner is warned beforehand.

Nothing here imports Odoo: the models pass the dates they read and release
the records for which :func:`recycle_reason` returns a reason.

Rules
-----
- ``no_action``: leads and customers. Due ``idle_days`` after the later of
  the assignment and the owner's last sales action.
- ``cycle_expired``: leads not won. Due ``cycle_days`` after the assignment,
  whatever the owner did: the cycle bounds how long a lead may be worked
  without result.
- ``no_order``: customers. Due ``no_order_days`` after the later of the
  assignment and the last confirmed order, so a customer just handed over is
  not released for its previous owner's silence.

Boundaries: a rule of ``N`` days started on day ``S`` is *due* on ``S + N``
days, the first day on which ``N`` whole days have passed, and applies from
that day on. With ``idle_days=60`` and a last action on 1 January, the record
is kept on 1 March (59 days) and released on 2 March (60 days). Datetimes
count by their date.

Precedence: when several rules apply, the reason reported is the first of
:data:`PRECEDENCE`: ``cycle_expired`` and ``no_order`` before ``no_action``,
because no sales action would have avoided them, so they tell the owner the
true cause. A won lead, and a record without owner, never go back.

Per-class (leads) and per-tier (customers) overrides replace the days of a
rule for that key; ``None``, as a default or as an override, switches the
rule off (e.g. strategic customers are never released for lack of orders).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from odoo.addons.customer_tiering.services.messages import _lt

LEAD = "lead"
CUSTOMER = "customer"
NO_ACTION = "no_action"
CYCLE_EXPIRED = "cycle_expired"
NO_ORDER = "no_order"
PRECEDENCE = (CYCLE_EXPIRED, NO_ORDER, NO_ACTION)
DEFAULT_REMINDER_DAYS = 7


MSG_REASON = {
    NO_ACTION: _lt("no sales action for %(days)s days"),
    CYCLE_EXPIRED: _lt("not won within %(days)s days of assignment"),
    NO_ORDER: _lt("no confirmed order for %(days)s days"),
}
MSG_REMINDER = _lt("goes back to the public pool on %(date)s: %(reason)s")


@dataclass(frozen=True)
class PoolRecord:
    """``class_key`` is the lead class for a lead, the tier for a customer:
    the key of the rules' overrides."""

    kind: str
    owner_id: int | None
    assigned_date: date
    last_sales_action_date: date | None = None
    won: bool = False
    last_order_date: date | None = None
    class_key: str | None = None


@dataclass(frozen=True)
class CycleRules:
    idle_days: int | None = 60
    cycle_days: int | None = 365
    no_order_days: int | None = 365
    idle_days_by_key: Mapping[str, int | None] = field(default_factory=dict)
    cycle_days_by_key: Mapping[str, int | None] = field(default_factory=dict)
    no_order_days_by_key: Mapping[str, int | None] = field(default_factory=dict)

    def days(self, reason, key=None):
        default, overrides = {
            NO_ACTION: (self.idle_days, self.idle_days_by_key),
            CYCLE_EXPIRED: (self.cycle_days, self.cycle_days_by_key),
            NO_ORDER: (self.no_order_days, self.no_order_days_by_key),
        }[reason]
        days = overrides.get(key, default) if key is not None else default
        if days is not None and days <= 0:
            raise ValueError(f"{reason} needs a number of days above 0 (got {days})")
        return days


DEFAULT_RULES = CycleRules()


def _day(value):
    return value.date() if isinstance(value, datetime) else value


def _latest(*values):
    days = [_day(value) for value in values if value]
    return max(days) if days else None


def _starts(record):
    """The day each applicable rule's count starts from."""
    if record.owner_id is None:
        return {}
    assigned = _day(record.assigned_date)
    starts = {NO_ACTION: _latest(assigned, record.last_sales_action_date)}
    if record.kind == LEAD:
        if record.won:
            return {}
        starts[CYCLE_EXPIRED] = assigned
    elif record.kind == CUSTOMER:
        starts[NO_ORDER] = _latest(assigned, record.last_order_date)
    else:
        raise ValueError(f"unknown record kind {record.kind!r}")
    return starts


def due_dates(record, rules=DEFAULT_RULES):
    """``{reason: due date}`` of the rules that apply to ``record``, in
    :data:`PRECEDENCE` order; the record goes back on the earliest of them."""
    starts = _starts(record)
    dues = {}
    for reason in PRECEDENCE:
        if reason not in starts:
            continue
        days = rules.days(reason, record.class_key)
        if days is not None:
            dues[reason] = starts[reason] + timedelta(days=days)
    return dues


def forecast(record, today, rules=DEFAULT_RULES):
    """``(due date, reason)`` stored for the "Due for Recycling" view, or
    ``(None, None)`` when no rule applies: the earliest due date and, once a
    rule is due, the reason :func:`recycle_reason` gives, before that the
    rule that will fire first. One evaluation of the rules: the forecast is
    refreshed for every owned record every day."""
    dues = due_dates(record, rules)
    if not dues:
        return None, None
    today = _day(today)
    for reason, due in dues.items():
        if today >= due:
            return min(dues.values()), reason
    reason = min(dues, key=dues.get)
    return dues[reason], reason


def recycle_reason(record, today, rules=DEFAULT_RULES):
    today = _day(today)
    for reason, due in due_dates(record, rules).items():
        if today >= due:
            return reason
    return None


def reminder_due(
    record, today, rules=DEFAULT_RULES, reminder_days=DEFAULT_REMINDER_DAYS
):
    """``(reason, due date)`` of the next rule due within ``reminder_days``
    (``due - reminder_days <= today < due``), the earliest one if several, or
    ``None``. ``None`` too once a rule is due: the record is going back, a
    reminder would only be noise."""
    today = _day(today)
    dues = due_dates(record, rules)
    if any(today >= due for due in dues.values()):
        return None
    window = timedelta(days=reminder_days)
    upcoming = [
        (due, PRECEDENCE.index(reason), reason)
        for reason, due in dues.items()
        if due - window <= today
    ]
    if not upcoming:
        return None
    due, _rank, reason = min(upcoming)
    return reason, due


def describe(reason, record, rules=DEFAULT_RULES):
    """``(message, params)`` for the chatter, untranslated:
    ``env._(message, **params)``."""
    return MSG_REASON[reason], {"days": rules.days(reason, record.class_key)}
