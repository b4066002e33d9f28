"""Rules of the key-account plans, without Odoo.

A plan's goals are measured against the figures the tier engine stores on
the customer, so that the account manager and his manager read the same
number; the rules that turn those figures into progress, review dates and
the "plan required" decision live here so they are tested in plain Python.
"""

import json
from datetime import timedelta


def goal_progress(target, current):
    """Percentage of ``target`` reached by ``current``, between 0 and 100.

    A goal without a positive target cannot be measured: it counts as 0, so
    an unfinished plan never looks achieved.
    """
    if not target or target <= 0:
        return 0.0
    ratio = (current or 0.0) / target * 100.0
    return round(min(max(ratio, 0.0), 100.0), 1)


def average_progress(progresses):
    """The plan's progress: the plain average of its goals' progress."""
    progresses = list(progresses)
    if not progresses:
        return 0.0
    return round(sum(progresses) / len(progresses), 1)


def next_review_date(review_date, interval_days):
    """The next review is due ``interval_days`` after the one just held,
    not after the one that was due: a late review does not shorten the
    next period."""
    return review_date + timedelta(days=max(int(interval_days or 0), 1))


def review_due(state, next_review, today):
    """Only an active plan is reviewed, once its review date has come."""
    return state == "active" and bool(next_review) and next_review <= today


def plan_required(partner_tiers, company_id, requirements):
    """Whether a customer's tiers require a key-account plan.

    ``partner_tiers`` maps the customer's tier fields to their values,
    ``company_id`` is the company its tiers were computed for, and
    ``requirements`` are ``(company_id, field, tier)`` rows.
    """
    return any(
        req_company == company_id and partner_tiers.get(field) == tier
        for req_company, field, tier in requirements
    )


def review_snapshot(goals):
    """The goals' values at review time, as a JSON text kept on the review.

    ``goals`` are dicts with name, metric, target, current; the progress is
    computed here so the snapshot agrees with the rule that measured it.
    """
    rows = [
        {
            "name": goal["name"],
            "metric": goal["metric"],
            "target": goal["target"],
            "current": goal["current"],
            "progress": goal_progress(goal["target"], goal["current"]),
        }
        for goal in goals
    ]
    return json.dumps(rows, ensure_ascii=False, sort_keys=True)
