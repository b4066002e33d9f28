"""Pure rules of the monthly visit plans.

Nothing here imports Odoo. A plan is for a calendar month, written as the
date of its first day; it must be submitted before the month starts, at
least ``days_before`` days ahead (0: any day before the 1st), and its visits
must fall inside the month.
"""

from datetime import date, timedelta

PURPOSES = [
    ("market_research", "Market research"),
    ("competitor_intelligence", "Competitor intelligence"),
    ("relationship_maintenance", "Relationship maintenance"),
    ("order_push", "Order push"),
    ("payment_collection", "Payment collection"),
    ("new_customer", "New customer development"),
    ("new_project", "New project introduction"),
    ("company_profile", "Raising the company's profile"),
]
VISIT_TYPES = [
    ("first_visit", "First visit"),
    ("problem_handling", "Problem handling"),
    ("relationship_building", "Relationship building"),
]
OUTCOMES = [
    ("A", "A - Deal won"),
    ("B", "B - Promising"),
    ("C", "C - Visit again"),
    ("D", "D - No hope"),
    ("E", "E - Keep watching"),
]


def month_start(day):
    return date(day.year, day.month, 1)


def next_month(month):
    month = month_start(month)
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def last_submission_day(month, days_before=0):
    """The last day a plan for ``month`` may be submitted: the day before the
    month starts, ``days_before`` days earlier still."""
    if days_before < 0:
        raise ValueError(f"days_before cannot be negative (got {days_before})")
    return month_start(month) - timedelta(days=1 + days_before)


def may_submit(month, today, days_before=0):
    return today <= last_submission_day(month, days_before)


def outside_month(month, days):
    """The days (dates or datetimes) that are not in ``month``."""
    start, end = month_start(month), next_month(month)
    return [
        day for day in days if not start <= date(day.year, day.month, day.day) < end
    ]
