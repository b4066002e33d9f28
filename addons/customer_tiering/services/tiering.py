"""Pure rules of customer tiering: metrics, the four schemes, overrides.

Nothing here imports Odoo: the models gather sales in SQL, call these
functions and write the results back, so the rules are tested without a
database.

Definitions
-----------
- The *window* is ``[start, end)`` in dates; the previous window is the same
  length just before it.
- *Stability* is ``1 - CV`` of the sales per period, where the window is cut,
  back from its end, into periods of about a month (``round(days / 30.4)``
  periods of equal length: 12 for 365 days), periods without orders counting
  as 0, and CV is the population standard deviation divided by the mean. It
  is clamped to ``[0, 1]`` and is 0 without sales. A customer buying the same
  amount every month scores 1; one buying once a year scores close to 0.
  Equal periods rather than calendar months, because a 365-day window touches
  13 calendar months, two of them partly, which would penalise the steadiest
  buyers.
- *Active months* are the distinct calendar months with orders in the window.
- *Growth* is ``(sales - previous sales) / previous sales``; ``None`` when the
  previous window has no sales.
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from .messages import _lt

SCHEMES = ("value", "share", "pareto", "lifecycle", "scorecard")


@dataclass(frozen=True)
class ValueThresholds:
    """Defaults fit a B2B company: a high-value customer buys 500k a year in
    at least 12 orders and fairly evenly; a mid-value one 100k in 4 orders."""

    high_amount: float = 500000.0
    high_orders: int = 12
    high_stability: float = 0.5
    mid_amount: float = 100000.0
    mid_orders: int = 4
    mid_stability: float = 0.2


@dataclass(frozen=True)
class TierSettings:
    lookback_days: int = 365
    value: ValueThresholds = field(default_factory=ValueThresholds)
    share: tuple = (0.05, 0.02, 0.01)
    pareto: tuple = (0.60, 0.70, 0.80, 0.90)
    new_days: int = 90
    loyal_orders: int = 3
    loyal_months: int = 3
    churn_days: int = 365


class PartnerMetrics(NamedTuple):
    """Immutable, as a named tuple rather than a frozen dataclass: the
    nightly run builds one per customer, and a named tuple is built several
    times faster."""

    amount: float = 0.0
    order_count: int = 0
    active_months: int = 0
    stability: float = 0.0
    growth: float | None = None
    margin: float = 0.0
    margin_percent: float = 0.0
    first_order_date: date | None = None
    last_order_date: date | None = None


class PartnerResult(NamedTuple):
    metrics: PartnerMetrics
    share: float
    tiers: dict


# ----------------------------------------------------------------------
# metrics
# ----------------------------------------------------------------------
def month_start(day):
    return day.replace(day=1)


def period_count(lookback_days):
    return max(1, round(lookback_days / 30.4375))


def period_index(day, window):
    """Period of ``day`` in ``[start, end)``, 0 being the most recent."""
    start, end = window
    count = period_count((end - start).days)
    index = int((end - day).days * count / (end - start).days)
    return min(max(index, 0), count - 1)


def stability(period_amounts, count):
    """``period_amounts`` maps period indexes to sales."""
    values = [period_amounts.get(index, 0.0) for index in range(count)]
    return stability_from_sums(sum(values), sum(v * v for v in values), count)


def stability_from_sums(total, sum_squares, count):
    """Same as :func:`stability` from the sum and the sum of squares of the
    sales per period, so that SQL can reduce the periods before Python sees
    them. Periods without sales add nothing to either sum but count in
    ``count``."""
    mean = total / count if count else 0.0
    if mean <= 0:  # no sales, refunds only, or amounts too small to divide
        return 0.0
    variance = max(0.0, sum_squares / count - mean * mean)
    return min(1.0, max(0.0, 1.0 - variance**0.5 / mean))


def growth(amount, previous_amount):
    if not previous_amount or previous_amount <= 0:
        return None
    return (amount - previous_amount) / previous_amount


def compute_metrics(orders, window):
    """Metrics of one customer from its confirmed orders, in company currency.

    ``orders`` are ``(date, amount, margin)`` of every confirmed order ever.
    This is the reference the SQL reduction behind :func:`metrics_from_stats`
    must agree with.
    """
    start, end = window
    previous_start = start - (end - start)
    periods, months = {}, set()
    amount = margin = previous = 0.0
    count = 0
    for day, order_amount, order_margin in orders:
        if start <= day < end:
            index = period_index(day, window)
            periods[index] = periods.get(index, 0.0) + order_amount
            months.add(month_start(day))
            amount += order_amount
            margin += order_margin
            count += 1
        elif previous_start <= day < start:
            previous += order_amount
    days = [day for day, _amount, _margin in orders if day < end]
    return PartnerMetrics(
        amount=amount,
        order_count=count,
        active_months=len(months),
        stability=stability(periods, period_count((end - start).days)),
        growth=growth(amount, previous),
        margin=margin,
        margin_percent=(margin / amount * 100.0) if amount else 0.0,
        first_order_date=min(days, default=None),
        last_order_date=max(days, default=None),
    )


class PartnerStats(NamedTuple):
    """Sales of one customer reduced by SQL, in company currency.

    ``sum_squares`` is the sum of the squared sales per period (see
    :func:`period_index`) in the window. A named tuple (see
    :class:`PartnerMetrics`), in the order of the engine's SQL columns.
    """

    amount: float = 0.0
    sum_squares: float = 0.0
    active_months: int = 0
    order_count: int = 0
    margin: float = 0.0
    previous_amount: float = 0.0
    first_order_date: date | None = None
    last_order_date: date | None = None


def metrics_from_stats(stats, count):
    return PartnerMetrics(
        amount=stats.amount,
        order_count=stats.order_count,
        active_months=stats.active_months,
        stability=stability_from_sums(stats.amount, stats.sum_squares, count),
        growth=growth(stats.amount, stats.previous_amount),
        margin=stats.margin,
        margin_percent=(stats.margin / stats.amount * 100.0) if stats.amount else 0.0,
        first_order_date=stats.first_order_date,
        last_order_date=stats.last_order_date,
    )


# ----------------------------------------------------------------------
# the four schemes
# ----------------------------------------------------------------------
def value_tier(metrics, thresholds):
    return value_rule(thresholds)(metrics)


def value_rule(thresholds):
    """:func:`value_tier` with its ``thresholds`` bound, for a whole batch."""
    levels = (
        (
            "high",
            thresholds.high_amount,
            thresholds.high_orders,
            thresholds.high_stability,
        ),
        ("mid", thresholds.mid_amount, thresholds.mid_orders, thresholds.mid_stability),
    )

    def rule(metrics):
        for tier, amount, orders, stable in levels:
            if (
                metrics.amount >= amount
                and metrics.order_count >= orders
                and metrics.stability >= stable
            ):
                return tier
        return "low"

    return rule


def positive_total(amounts):
    """The sum of the positive amounts, exactly rounded (``math.fsum``): the
    same whatever the order the database returned them in, so that a run
    resumed after an interruption, or run by another process, stores the
    very same shares."""
    return math.fsum(amount for amount in amounts if amount and amount > 0)


def share_of(amount, total):
    """A customer's share of ``total`` (see :func:`positive_total`)."""
    return (amount / total) if total > 0 and amount > 0 else 0.0


def share_tier(amount, total, has_ordered, cutoffs=(0.05, 0.02, 0.01)):
    """``cutoffs`` are the VIP, senior and regular shares, as fractions."""
    return share_rule(cutoffs)(share_of(amount, total), has_ordered)


def share_rule(cutoffs):
    """:func:`share_tier` of a ``share`` with its ``cutoffs`` bound, for a
    whole batch."""
    levels = tuple(zip(("vip", "senior", "regular"), cutoffs, strict=True))

    def rule(share, has_ordered):
        if not has_ordered:
            return "potential"
        for tier, cutoff in levels:
            if share >= cutoff:
                return tier
        return "ordinary"

    return rule


def pareto_grades(amounts, cutoffs=(0.6, 0.7, 0.8, 0.9), ordered=None):
    """Grades A-E by cumulative share of sales.

    A customer is graded by the cumulative share of the customers strictly
    ahead of it, so the customer that straddles a cut-off belongs to the
    higher grade and a single customer with all the sales is A. Customers with
    the same amount get the same grade (that of the first of them). Customers
    without positive sales are E when they have ordered (``ordered`` is the
    set of customers who ever ordered; all of them when omitted) and get no
    grade otherwise.
    """
    ordered = set(amounts) if ordered is None else ordered
    total = positive_total(amounts.values())
    grades = {}
    ahead = 0.0
    previous_amount, previous_grade = None, None
    ranking = sorted(
        (
            (amount, partner)
            for partner, amount in amounts.items()
            if amount and amount > 0
        ),
        key=lambda item: (-item[0], item[1]),
    )
    bounds = list(zip("ABCD", cutoffs, strict=True))
    for amount, partner in ranking:
        if amount != previous_amount:
            before = ahead / total
            while bounds and before >= bounds[0][1]:
                bounds.pop(0)
            previous_grade = bounds[0][0] if bounds else "E"
            previous_amount = amount
        grades[partner] = previous_grade
        ahead += amount
    for partner in amounts:
        if partner not in grades:
            grades[partner] = "E" if partner in ordered else None
    return grades


def lifecycle_stage(metrics, today, settings):
    """Precedence: potential, churned, new, loyal, active."""
    return lifecycle_rule(today, settings)(metrics)


def lifecycle_rule(today, settings):
    """:func:`lifecycle_stage` with ``today`` and ``settings`` bound, for a
    whole batch."""
    churned_before = today - timedelta(days=settings.churn_days)
    new_since = today - timedelta(days=settings.new_days)
    loyal_orders, loyal_months = settings.loyal_orders, settings.loyal_months

    def rule(metrics):
        if not metrics.last_order_date:
            return "potential"
        if metrics.last_order_date < churned_before:
            return "churned"
        if metrics.first_order_date and metrics.first_order_date >= new_since:
            return "new"
        if (
            metrics.order_count >= loyal_orders
            and metrics.active_months >= loyal_months
        ):
            return "loyal"
        return "active"

    return rule


def classify_batch(partner_ids, stats, window, today, settings):
    """Tiers of a batch of customers.

    ``stats`` maps every customer of the company that ever ordered to its
    :class:`PartnerStats`, not only the batch: shares and Pareto grades are
    relative to the whole customer base.
    """
    count = period_count((window[1] - window[0]).days)
    amounts = {partner: item.amount for partner, item in stats.items()}
    total = positive_total(amounts.values())
    grades = pareto_grades(amounts, settings.pareto)
    value, share_level = value_rule(settings.value), share_rule(settings.share)
    lifecycle = lifecycle_rule(today, settings)
    empty = PartnerStats()
    results = {}
    for partner in partner_ids:
        item = stats.get(partner, empty)
        metrics = metrics_from_stats(item, count)
        has_ordered = item.last_order_date is not None
        share = share_of(metrics.amount, total)
        results[partner] = PartnerResult(
            metrics,
            share,
            {
                "value": value(metrics),
                "share": share_level(share, has_ordered),
                "pareto": grades.get(partner) if has_ordered else None,
                "lifecycle": lifecycle(metrics),
            },
        )
    return results


# ----------------------------------------------------------------------
# overrides, history, service standards
# ----------------------------------------------------------------------
def effective_value(computed, override_value, override_expiry, today):
    """An override applies through its expiry date included."""
    if override_value and (override_expiry is None or override_expiry >= today):
        return override_value
    return computed


def diff_tiers(old, new):
    return [
        (scheme, old.get(scheme) or None, new.get(scheme) or None)
        for scheme in SCHEMES
        if (old.get(scheme) or None) != (new.get(scheme) or None)
    ]


def resolve_interval(share, value, share_intervals, value_intervals):
    """The stricter of the share and value standards; 0 or None means none."""
    candidates = [
        interval
        for interval in (share_intervals.get(share), value_intervals.get(value))
        if interval and interval > 0
    ]
    return min(candidates) if candidates else None


def visit_due(last_contact, interval_days, today):
    if not interval_days or interval_days <= 0:
        return False
    if last_contact is None:
        return True
    return last_contact + timedelta(days=interval_days) < today


# ----------------------------------------------------------------------
# settings validation
# ----------------------------------------------------------------------
MSG_POSITIVE = _lt("enter a number greater than 0.")
MSG_NOT_NEGATIVE = _lt("enter 0 or a positive number.")
MSG_MID_ABOVE_HIGH = _lt("the mid-value threshold cannot exceed the high-value one.")
MSG_PERCENT = _lt("enter a percentage between 0 and 100.")
MSG_SHARE_ORDER = _lt("shares must decrease strictly from VIP to senior to regular.")
MSG_PARETO_ORDER = _lt(
    "grade cut-offs must increase strictly from A to D and stay within 100%."
)
MSG_STABILITY = _lt("enter a stability between 0 and 1.")


def validate_settings(settings):
    """Problems as ``(company field, message)``, in the order of the form."""
    problems = []
    if settings.lookback_days <= 0:
        problems.append(("tier_lookback_days", MSG_POSITIVE))
    value = settings.value
    for name in ("high_amount", "high_orders", "mid_amount", "mid_orders"):
        if getattr(value, name) < 0:
            problems.append((f"tier_value_{name}", MSG_NOT_NEGATIVE))
    for name in ("high_stability", "mid_stability"):
        if not 0 <= getattr(value, name) <= 1:
            problems.append((f"tier_value_{name}", MSG_STABILITY))
    for name in ("amount", "orders", "stability"):
        if getattr(value, f"mid_{name}") > getattr(value, f"high_{name}"):
            problems.append((f"tier_value_mid_{name}", MSG_MID_ABOVE_HIGH))
    share_fields = ("tier_share_vip", "tier_share_senior", "tier_share_regular")
    for name, share in zip(share_fields, settings.share, strict=True):
        if not 0 <= share <= 1:
            problems.append((name, MSG_PERCENT))
    vip, senior, regular = settings.share
    if not vip > senior > regular:
        problems.append(
            (
                "tier_share_senior" if senior >= vip else "tier_share_regular",
                MSG_SHARE_ORDER,
            )
        )
    pareto_fields = ("tier_pareto_a", "tier_pareto_b", "tier_pareto_c", "tier_pareto_d")
    cuts = settings.pareto
    for index, (name, cut) in enumerate(zip(pareto_fields, cuts, strict=True)):
        if not 0 < cut <= 1:
            problems.append((name, MSG_PERCENT))
        elif index and cut <= cuts[index - 1]:
            problems.append((name, MSG_PARETO_ORDER))
    for name in ("new_days", "loyal_orders", "loyal_months", "churn_days"):
        if getattr(settings, name) <= 0:
            problems.append((f"tier_{name}", MSG_POSITIVE))
    return problems
