"""Pure rules of the intake agents' mismatch ladder.

Nothing here imports Odoo: the models count an agent's mismatches (approved
re-allocation requests attributed to the agent), call ``evaluate`` and record
and apply the firings it returns.

Semantics
---------
- Months are calendar months, written as the date of their first day. Month
  arithmetic crosses years: the 3-month window ending in January 2026 is
  November 2025 to January 2026.
- A *step* is ``(months, threshold, action, amount, off_duty_months)``. Its
  *window* ending at month ``M`` is the ``months`` consecutive calendar months
  ``M - months + 1 .. M``; it *counts* the mismatches dated in those months.
  The default ladder:

  ====== ========= ========================================================
  months threshold action
  ====== ========= ========================================================
  1      3         skip 1 allocation turn
  2      6         skip 3 allocation turns
  3      10        suspend 7 days and take the agent off intake duty 1 month
  ====== ========= ========================================================

- A window *fires* when its count reaches the threshold (``count >=
  threshold``) **and its last month has at least one mismatch**. A firing is
  identified by ``(step key, window start, window end)``, the step key being
  the step's number of months (validation keeps it unique, so the key survives
  a change of thresholds or actions). A step has one window per end month, so
  it fires at most once per end month.
- The last-month condition is what prevents double punishment: without it, 10
  mismatches in January alone would fire the 3-month step three times
  (November-January, December-February, January-March) for the same 10
  mismatches. With it, every firing of a step counts at least one mismatch
  that no earlier firing of that step counted (an earlier window ends before
  that month).
- Evaluating at month ``M`` considers every window ending at a month ``<= M``
  (from the first month with a mismatch, or from ``since``) whose key is not in
  ``fired_keys``, and ignores mismatches dated after ``M``. Evaluating twice
  with the firings recorded in between returns nothing new (idempotent), and
  a run that was skipped for a while catches up on the windows it missed. The
  window ending at the current month is evaluated on the mismatches so far: a
  step fires as soon as its threshold is reached, not at the end of the month.
- Windows of one step may overlap and each may fire: with 6 mismatches in
  each of January, February and March, the 2-month windows December-January,
  January-February and February-March all fire, each bringing 6 new
  mismatches. Different steps are independent too: 3 mismatches in January
  fire step 1, and 3 more in February fire step 1 again (February) and step 2
  (January-February). That is the escalation the ladder is for.
- Firings are returned ordered by window end, then step key; the caller
  applies each of them (turns to skip add up).
"""

import re
from dataclasses import dataclass
from datetime import date

from odoo.addons.customer_tiering.services.messages import Problem, _lt

SKIP_TURNS = "skip_turns"
SUSPEND_AND_OFF_DUTY = "suspend_and_off_duty"
ACTIONS = (SKIP_TURNS, SUSPEND_AND_OFF_DUTY)
# short names accepted in the settings text
ACTION_ALIASES = {
    "skip": SKIP_TURNS,
    SKIP_TURNS: SKIP_TURNS,
    "suspend": SUSPEND_AND_OFF_DUTY,
    SUSPEND_AND_OFF_DUTY: SUSPEND_AND_OFF_DUTY,
}
DEFAULT_OFF_DUTY_MONTHS = 1


@dataclass(frozen=True)
class Step:
    """``amount`` is turns to skip for ``skip_turns`` and suspension days for
    ``suspend_and_off_duty``; ``off_duty_months`` only applies to the latter."""

    months: int
    threshold: int
    action: str
    amount: int
    off_duty_months: int = 0

    @property
    def key(self):
        return self.months


DEFAULT_STEPS = (
    Step(1, 3, SKIP_TURNS, 1),
    Step(2, 6, SKIP_TURNS, 3),
    Step(3, 10, SUSPEND_AND_OFF_DUTY, 7, DEFAULT_OFF_DUTY_MONTHS),
)
DEFAULT_STEPS_TEXT = "1:3:skip:1;2:6:skip:3;3:10:suspend:7"


@dataclass(frozen=True)
class Firing:
    """What to record and apply; ``key`` is what to store to stay idempotent."""

    step_key: int
    window_start: date
    window_end: date
    count: int
    action: str
    amount: int
    off_duty_months: int = 0

    @property
    def key(self):
        return (self.step_key, self.window_start, self.window_end)


# ----------------------------------------------------------------------
# months
# ----------------------------------------------------------------------
def month_start(day):
    """Any date or datetime of the month stands for the month."""
    return date(day.year, day.month, 1)


def _index(month):
    return month.year * 12 + month.month - 1


def _month(index):
    year, month0 = divmod(index, 12)
    return date(year, month0 + 1, 1)


def add_months(month, count):
    return _month(_index(month_start(month)) + count)


def month_end_exclusive(month):
    """The first day after the month, for ``[start, end)`` domains."""
    return add_months(month, 1)


# ----------------------------------------------------------------------
# evaluation
# ----------------------------------------------------------------------
def _normalize_key(key):
    step_key, start, end = key
    return (step_key, month_start(start), month_start(end))


def evaluate(
    mismatch_dates, current_month, fired_keys=(), steps=DEFAULT_STEPS, since=None
):
    """New firings only, so the caller can run it as often as it likes.
    ``since`` (a month) keeps windows ending before it from firing, e.g. the
    month the ladder was switched on, so old history is not punished at once."""
    current = _index(month_start(current_month))
    per_month = {}
    for day in mismatch_dates:
        index = _index(month_start(day))
        if index <= current:
            per_month[index] = per_month.get(index, 0) + 1
    if not per_month:
        return []
    fired = {_normalize_key(key) for key in fired_keys}
    first_end = _index(month_start(since)) if since is not None else min(per_month)
    firings = []
    # only months holding a mismatch can end a firing window (no double
    # punishment, see the module docstring)
    for end in sorted(index for index in per_month if index >= first_end):
        for step in sorted(steps, key=lambda s: s.key):
            start = end - step.months + 1
            count = sum(per_month.get(index, 0) for index in range(start, end + 1))
            if count < step.threshold:
                continue
            firing = Firing(
                step_key=step.key,
                window_start=_month(start),
                window_end=_month(end),
                count=count,
                action=step.action,
                amount=step.amount,
                off_duty_months=step.off_duty_months,
            )
            if firing.key not in fired:
                firings.append(firing)
    return firings


# ----------------------------------------------------------------------
# settings: "months:threshold:action:amount[:off_duty_months];..."
# ----------------------------------------------------------------------
MSG_NO_STEP = _lt("enter at least one step, e.g. %(example)s.")
MSG_STEP_FORMAT = _lt(
    "step %(position)s (%(value)s) must read months:mismatches:action:amount, "
    "e.g. 3:10:suspend:7."
)
MSG_STEP_NOT_INTEGER = _lt(
    "step %(position)s: %(value)s is not a whole number greater than 0."
)
MSG_STEP_ACTION = _lt(
    "step %(position)s: unknown action %(value)s; use skip or suspend."
)
MSG_STEP_OFF_DUTY_WITH_SKIP = _lt(
    "step %(position)s: only a suspend step can take the agent off intake duty."
)
MSG_STEP_MONTHS_ORDER = _lt(
    "step %(position)s: the number of months (%(value)s) must be greater than "
    "in the step before it (%(previous)s)."
)


_POSITIVE = re.compile(r"\+?0*[1-9][0-9]*")


def _parse(text):
    """Steps parsed so far and the problems met, so that validate and parse
    cannot disagree."""
    chunks = [chunk.strip() for chunk in (text or "").split(";")]
    chunks = [chunk for chunk in chunks if chunk]
    if not chunks:
        return [], [Problem(MSG_NO_STEP, {"example": DEFAULT_STEPS_TEXT})]
    steps, problems = [], []
    for position, chunk in enumerate(chunks, start=1):
        parts = [part.strip() for part in chunk.split(":")]
        if len(parts) not in (4, 5):
            problems.append(
                Problem(MSG_STEP_FORMAT, {"position": position, "value": chunk})
            )
            continue
        numbers = [parts[0], parts[1], parts[3], *parts[4:]]
        bad = [number for number in numbers if not _POSITIVE.fullmatch(number)]
        action = ACTION_ALIASES.get(parts[2].lower())
        for number in bad:
            problems.append(
                Problem(MSG_STEP_NOT_INTEGER, {"position": position, "value": number})
            )
        if action is None:
            problems.append(
                Problem(MSG_STEP_ACTION, {"position": position, "value": parts[2]})
            )
        if bad or action is None:
            continue
        months, threshold, amount = int(parts[0]), int(parts[1]), int(parts[3])
        if action == SKIP_TURNS and len(parts) == 5:
            problems.append(
                Problem(MSG_STEP_OFF_DUTY_WITH_SKIP, {"position": position})
            )
            continue
        if action == SUSPEND_AND_OFF_DUTY:
            off_duty = int(parts[4]) if len(parts) == 5 else DEFAULT_OFF_DUTY_MONTHS
        else:
            off_duty = 0
        if steps and months <= steps[-1].months:
            problems.append(
                Problem(
                    MSG_STEP_MONTHS_ORDER,
                    {
                        "position": position,
                        "value": months,
                        "previous": steps[-1].months,
                    },
                )
            )
            continue
        steps.append(Step(months, threshold, action, amount, off_duty))
    return steps, problems


def validate_steps(text):
    """Every problem at once, in reading order, so the user fixes the setting in
    one go."""
    return _parse(text)[1]


def parse_steps(text):
    """Raises on a bad setting rather than guessing which steps were meant."""
    steps, problems = _parse(text)
    if problems:
        raise ValueError(str(problems[0]))
    return tuple(steps)


def format_steps(steps):
    """The settings text for ``steps``, so parse and format round-trip."""
    chunks = []
    for step in steps:
        short = "skip" if step.action == SKIP_TURNS else "suspend"
        chunk = f"{step.months}:{step.threshold}:{short}:{step.amount}"
        if step.action == SUSPEND_AND_OFF_DUTY and (
            step.off_duty_months != DEFAULT_OFF_DUTY_MONTHS
        ):
            chunk += f":{step.off_duty_months}"
        chunks.append(chunk)
    return ";".join(chunks)
