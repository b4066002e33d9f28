"""Pure rules of the salespeople's penalty ladder.

Nothing here imports Odoo, so the ladder is tested without a database; the
models feed it the confirmed violations and apply the suspension it returns.

Definitions
-----------
- A *ladder violation* is a confirmed violation whose type counts towards the
  ladder. Violations are identified by ``(date, id)``: two violations on the
  same date are ordered by their database id, so the same records always get
  the same ranks whatever order they are read or confirmed in.
- The *window* of a violation dated ``D`` is the ``window_days`` days ending
  on ``D``: dates ``d`` with ``D - window_days < d <= D``. With the default 365
  days, a violation exactly 365 days earlier no longer counts.
- The *confirmation rank* is what the models apply (``confirmation_rank``):
  1 plus the number of the salesperson's ladder violations confirmed before
  it (whose penalties already stand) dated less than ``window_days`` away from
  it, on either side. A suspension once started is never re-ranked, so the
  ladder counts confirmations: two violations confirmed at the same instant,
  or an older one confirmed after a newer one, rank 1 and 2, never 1 and 1.
- The *rank* of a violation (``rank_of``, by date) is 1 plus the number of
  ladder violations of the same salesperson that are inside its window and
  come before it (an earlier date, or the same date and a lower id). The
  window slides: violations on days 0, 200 and 400 rank 1, 2 and 2 (day 0 is
  out of day 400's window), and a violation more than ``window_days`` after
  every earlier one is rank 1.
- The *suspension* of rank ``n`` is ``steps[n - 1]`` days, or the last step for
  any rank beyond the ladder (7, 15, then 30 days for every later violation).
  It is the half-open period ``[start, start + days)``.
"""

import re
from datetime import timedelta

from odoo.addons.customer_tiering.services.messages import Problem, _lt

DEFAULT_STEPS = (7, 15, 30)
DEFAULT_WINDOW_DAYS = 365


MSG_NO_STEP = _lt("enter at least one number of suspension days, e.g. 7,15,30.")
MSG_STEP_NOT_INTEGER = _lt(
    "step %(position)s (%(value)s) is not a whole number of days."
)
MSG_STEP_NOT_POSITIVE = _lt(
    "step %(position)s (%(value)s) must be a number of days greater than 0."
)
MSG_STEP_DECREASES = _lt(
    "step %(position)s (%(value)s days) cannot be shorter than the step before "
    "it (%(previous)s days)."
)
MSG_WINDOW_NOT_POSITIVE = _lt(
    "the ladder window must be a number of days greater than 0 (it is %(value)s)."
)


_INTEGER = re.compile(r"[+-]?[0-9]+")


def _step_tokens(text):
    text = (text or "").strip()
    return [token.strip() for token in text.split(",")] if text else []


def validate_steps(steps, window_days=DEFAULT_WINDOW_DAYS):
    """Every problem at once, in reading order, so the user fixes the setting in
    one go; ``steps`` is the settings text or already-parsed integers."""
    if steps is None or isinstance(steps, str):
        tokens = _step_tokens(steps)
    else:
        tokens = [str(step) for step in steps]
    problems = []
    if not tokens:
        problems.append(Problem(MSG_NO_STEP, {}, "steps"))
    previous = None
    for position, token in enumerate(tokens, start=1):
        params = {"position": position, "value": token}
        if not _INTEGER.fullmatch(token):
            problems.append(Problem(MSG_STEP_NOT_INTEGER, params, "steps"))
            previous = None
            continue
        days = int(token)
        if days <= 0:
            problems.append(Problem(MSG_STEP_NOT_POSITIVE, params, "steps"))
        elif previous is not None and days < previous:
            params["previous"] = previous
            problems.append(Problem(MSG_STEP_DECREASES, params, "steps"))
        previous = days
    if window_days is None or window_days <= 0:
        problems.append(
            Problem(MSG_WINDOW_NOT_POSITIVE, {"value": window_days}, "window_days")
        )
    return problems


def parse_steps(text):
    """Raises on a bad setting rather than guessing: a wrong suspension is worse
    than none. Call ``validate_steps`` first to show translated problems."""
    problems = [p for p in validate_steps(text) if p.key == "steps"]
    if problems:
        raise ValueError(str(problems[0]))
    return tuple(int(token) for token in _step_tokens(text))


def format_steps(steps):
    """The settings text for ``steps``, so parse and format round-trip."""
    return ",".join(str(step) for step in steps)


def suspension_days(rank, steps=DEFAULT_STEPS):
    """Ranks beyond the ladder repeat its last step: the ladder tops out, it
    does not stop punishing."""
    if not steps:
        raise ValueError("the penalty ladder has no step")
    if rank < 1:
        raise ValueError(f"a violation rank starts at 1 (got {rank})")
    return steps[min(rank, len(steps)) - 1]


def rank_of(violation, previous, window_days=DEFAULT_WINDOW_DAYS):
    """``violation`` and each of ``previous`` are ``(date, id)``; ``previous``
    may include the violation itself or later ones, which do not count, so the
    caller can pass all of the salesperson's confirmed ladder violations."""
    if window_days <= 0:
        raise ValueError(f"the ladder window must be positive (got {window_days})")
    violation_date, violation_id = violation
    window = timedelta(days=window_days)
    earlier = sum(
        1
        for other_date, other_id in previous
        if (other_date, other_id) < (violation_date, violation_id)
        and violation_date - other_date < window
    )
    return 1 + earlier


def confirmation_rank(violation_date, confirmed_dates, window_days=DEFAULT_WINDOW_DAYS):
    """``confirmed_dates``: the dates of the salesperson's ladder violations
    already confirmed, in any order; those less than ``window_days`` from
    ``violation_date`` (before or after it) count."""
    if window_days <= 0:
        raise ValueError(f"the ladder window must be positive (got {window_days})")
    window = timedelta(days=window_days)
    return 1 + sum(
        1 for other in confirmed_dates if abs(violation_date - other) < window
    )


def suspension_period(start, days):
    """Half-open ``[date_from, date_to)`` so that back-to-back suspensions
    neither overlap nor leave a gap."""
    if days <= 0:
        raise ValueError(f"a suspension lasts at least one day (got {days})")
    return start, start + timedelta(days=days)
