"""Pure rules of the first-contact SLA: deadlines counted in working time.

Nothing here imports Odoo. The models turn a ``resource.calendar`` into
concrete working intervals (``_work_intervals_batch``, holidays and leaves
already removed) and pass them here; ``weekly_intervals`` builds the same
kind of intervals from a plain weekly schedule when there is no calendar.

Conventions
-----------
- Intervals are ``(start, end)`` pairs (longer tuples, such as Odoo's
  ``(start, stop, records)``, are accepted; only the first two items are
  read). They may come unsorted or overlapping; empty ones are ignored. Every
  datetime given to a function must be naive, or every one aware: mixing them
  is refused because the offset of the naive ones cannot be guessed.
- Aware datetimes are counted in UTC, so that an interval spanning a daylight
  saving change counts the time that really elapses; results are returned in
  the time zone of ``start``.
- The clock runs only inside intervals. Starting outside working time, it
  starts at the next opening; starting exactly at a closing time, there is no
  working time left that day, so it also starts at the next opening. A
  deadline that falls exactly at a closing time stays there rather than moving
  to the next opening: the salesperson has had all the minutes.
- With ``minutes = 0`` the deadline is the moment the clock starts: ``start``
  inside working time, else the next opening.
- A first contact exactly at the deadline meets the SLA.
"""

import math
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from odoo.addons.customer_tiering.services.messages import _lt

MSG_INTERVALS_EXHAUSTED = _lt(
    "The working calendar has not enough working time to count %(minutes)s "
    "working minutes from %(start)s (%(missing)s minutes short)."
)

SLA_PENDING = "pending"
SLA_MET = "met"
SLA_BREACHED = "breached"
SLA_STATES = (SLA_PENDING, SLA_MET, SLA_BREACHED)


class WorkingTimeError(ValueError):
    """Keeps the untranslated message and its parameters so the models can
    raise ``UserError(env._(error.message, **error.params))``."""

    def __init__(self, message, params):
        super().__init__(message % params)
        self.message = message
        self.params = params


def _is_aware(moment):
    return moment.tzinfo is not None and moment.utcoffset() is not None


def _normalize(moment, aware):
    if _is_aware(moment) != aware:
        raise ValueError(
            "cannot mix naive and time-zone aware datetimes: "
            f"{moment!r} does not match the start"
        )
    return moment.astimezone(timezone.utc) if aware else moment


def _pairs(reference, intervals):
    aware = _is_aware(reference)
    pairs = []
    for interval in intervals:
        start, end = interval[0], interval[1]
        start, end = _normalize(start, aware), _normalize(end, aware)
        if start < end:
            pairs.append((start, end))
    pairs.sort()
    return aware, pairs


def add_working_minutes(start, minutes, intervals):
    """Raises ``WorkingTimeError`` when the intervals end first: a made-up
    deadline would wrongly breach or excuse the salesperson. The caller should
    pass intervals reaching far enough ahead (weeks, not days)."""
    if minutes < 0:
        raise ValueError(f"minutes cannot be negative (got {minutes})")
    aware, pairs = _pairs(start, intervals)
    cursor = _normalize(start, aware)
    remaining = timedelta(minutes=minutes)
    for interval_start, interval_end in pairs:
        if interval_end <= cursor:
            continue
        begin = max(interval_start, cursor)
        available = interval_end - begin
        if remaining <= available:
            deadline = begin + remaining
            return deadline.astimezone(start.tzinfo) if aware else deadline
        remaining -= available
        cursor = interval_end
    raise WorkingTimeError(
        MSG_INTERVALS_EXHAUSTED,
        {
            "minutes": minutes,
            "start": start.strftime("%Y-%m-%d %H:%M"),
            "missing": math.ceil(remaining.total_seconds() / 60),
        },
    )


def elapsed_working_minutes(start, end, intervals):
    """Minutes (with fractions; the caller rounds for display) of working time
    in ``[start, end]``, to report how fast a lead was contacted; 0 when
    ``end`` is not after ``start``. Overlapping intervals count once."""
    aware, pairs = _pairs(start, intervals)
    cursor, end = _normalize(start, aware), _normalize(end, aware)
    total = timedelta()
    for interval_start, interval_end in pairs:
        if interval_start >= end:
            break
        low, high = max(interval_start, cursor), min(interval_end, end)
        if high > low:
            total += high - low
        cursor = max(cursor, interval_end)
    return total.total_seconds() / 60


def sla_state(deadline, first_contact_at, now):
    """A contact decides the state for good, whatever ``now`` is, so that a
    late recomputation cannot turn a met SLA into a breach."""
    if first_contact_at is not None:
        return SLA_MET if first_contact_at <= deadline else SLA_BREACHED
    return SLA_BREACHED if now > deadline else SLA_PENDING


def _localize(naive, tz):
    if tz is None:
        return naive
    if hasattr(tz, "localize"):  # pytz, as used by Odoo
        return tz.localize(naive)
    return naive.replace(tzinfo=tz)


def weekly_intervals(weekly_schedule, date_from, date_to, holidays=(), tz=None):
    """Fallback for companies without a working calendar, and a readable way
    to build intervals in tests. ``weekly_schedule`` holds ``(weekday,
    hour_from, hour_to)`` like ``resource.calendar.attendance`` (Monday is 0,
    hours are floats, ``hour_to`` may be 24); ``date_from`` and ``date_to`` are
    both included; ``holidays`` are whole days off; ``tz`` is a time zone name
    or object, or None for naive datetimes."""
    if isinstance(tz, str):
        tz = ZoneInfo(tz)
    schedule = sorted(weekly_schedule, key=lambda entry: (entry[0], entry[1]))
    for weekday, hour_from, hour_to in schedule:
        if weekday not in range(7) or not 0 <= hour_from < hour_to <= 24:
            raise ValueError(
                f"invalid working hours {(weekday, hour_from, hour_to)!r}: "
                "the weekday must be 0-6 and 0 <= hour_from < hour_to <= 24"
            )
    days_off = {date(day.year, day.month, day.day) for day in holidays}
    first = date(date_from.year, date_from.month, date_from.day)
    last = date(date_to.year, date_to.month, date_to.day)
    intervals = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        if day in days_off:
            continue
        midnight = datetime.combine(day, time())
        for weekday, hour_from, hour_to in schedule:
            if weekday != day.weekday():
                continue
            start = midnight + timedelta(minutes=round(hour_from * 60))
            end = midnight + timedelta(minutes=round(hour_to * 60))
            intervals.append((_localize(start, tz), _localize(end, tz)))
    return intervals


def to_naive_utc(moment):
    """Odoo stores naive UTC datetimes; aware ones are converted."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def naive_utc_intervals(intervals):
    """Calendar intervals (aware, any time zone) as naive UTC pairs, sorted."""
    return sorted(
        (to_naive_utc(interval[0]), to_naive_utc(interval[1]))
        for interval in intervals
        if interval[1] > interval[0]
    )
