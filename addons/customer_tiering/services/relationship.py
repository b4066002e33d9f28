"""Pure rules of the relationship scorecard: the score, the recommendation,
when an evaluation is due.

Nothing here imports Odoo; the evaluation model gathers its lines and the
customer's figures, calls these functions and stores the result.

Definitions
-----------
- A line scores one criterion from 1 (poor) to 5 (excellent) with the
  criterion's weight as it was when the evaluation was opened. The *score* is
  the weighted average of the scored lines, rounded to two decimals; it is
  None while no line with a positive weight is scored.
- The *recommendation* follows the company's thresholds:

  - score >= develop threshold (default 4.0): **develop**;
  - score < terminate threshold (default 2.5): **terminate**;
  - otherwise **maintain**, unless the customer's value is falling: when its
    sales growth against the previous window (``tier_growth``, in %) is below
    the decline threshold (default -20%), a *maintain* is lowered to
    **terminate**. A falling value never lowers a *develop*: a relationship
    scored that well is worth the effort to turn the value around.

  The manager's decision is free: the recommendation only informs it.
- An evaluation is *due* for a customer whose tiers' evaluation interval is
  positive when it was never evaluated, or when its last evaluation's period
  is ``interval`` days old or older.
"""

from datetime import timedelta

from .messages import Problem, _lt

DEVELOP = "develop"
MAINTAIN = "maintain"
TERMINATE = "terminate"
MIN_SCORE = 1
MAX_SCORE = 5

MSG_SCORE_RANGE = _lt("enter a score between 1 and 5.")
MSG_THRESHOLD_ORDER = _lt(
    "the terminate threshold must stay below the develop threshold, both "
    "between 1 and 5."
)
MSG_NOT_NEGATIVE = _lt("enter 0 or a positive number.")
MSG_WEIGHT = _lt("enter a weight greater than 0.")


def weighted_score(lines):
    """``lines``: ``(weight, score)`` pairs, ``score`` None while unscored."""
    total_weight = 0.0
    total = 0.0
    for weight, score in lines:
        if score is None or not weight or weight <= 0:
            continue
        total_weight += weight
        total += weight * score
    if not total_weight:
        return None
    return round(total / total_weight, 2)


def recommend(score, growth, develop=4.0, terminate=2.5, decline=-20.0):
    """The recommendation for ``score`` (None: none yet) and the customer's
    value growth in % (None: unknown, taken as not falling)."""
    if score is None:
        return None
    if score >= develop:
        return DEVELOP
    if score < terminate:
        return TERMINATE
    if growth is not None and growth < decline:
        return TERMINATE
    return MAINTAIN


def validate_thresholds(develop, terminate, grace_days=0):
    """Problems of the company's thresholds, ``key`` naming the setting."""
    problems = []
    if not (MIN_SCORE <= terminate < develop <= MAX_SCORE):
        problems.append(Problem(MSG_THRESHOLD_ORDER, {}, "develop"))
    if grace_days < 0:
        problems.append(Problem(MSG_NOT_NEGATIVE, {}, "grace_days"))
    return problems


def validate_score(score):
    if score is not None and not MIN_SCORE <= score <= MAX_SCORE:
        return Problem(MSG_SCORE_RANGE, {})
    return None


def validate_weight(weight):
    if weight is None or weight <= 0:
        return Problem(MSG_WEIGHT, {})
    return None


def is_due(last_period, interval_days, today):
    """Whether a customer evaluated last on ``last_period`` (None: never) is
    due for an evaluation under ``interval_days`` (0 or None: no standard)."""
    if not interval_days or interval_days <= 0:
        return False
    if last_period is None:
        return True
    return last_period + timedelta(days=interval_days) <= today


def due_customers(customers, today):
    """``customers``: ``(partner_id, interval_days, last_period)``; returns the
    ids due for an evaluation today, in the given order."""
    return [
        partner_id
        for partner_id, interval_days, last_period in customers
        if is_due(last_period, interval_days, today)
    ]
