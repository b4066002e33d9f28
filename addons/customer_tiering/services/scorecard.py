"""Pure rules of the weighted value scorecard (grades A1, A2, B1, B2, C).

A company's policy grades each customer by a score of 0-100: the sum, over
the company's active indicators, of the indicator's normalised value (0-100)
times its weight (the weights add up to 100), divided by 100. The grade is
that of the highest band whose lower bound the score reaches.

- An indicator's *source* is one of the metrics the tier engine computes per
  customer (sales, orders, margin, growth, stability, share of sales) or
  ``manual``: a value of 0-100 entered per customer.
- *Rank* normalisation is the percentile rank of the customer among the
  company's customers that have a value (ties get the mean of their ranks):
  the largest scores 100, the smallest 0, a single customer 100.
- *Linear* normalisation maps ``floor`` to 0 and ``cap`` to 100, clamped.
- A customer without a value (no sales in the window, no previous window for
  growth, no manual value entered) scores 0 on that indicator.

Nothing here imports Odoo.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import NamedTuple

METRIC_SOURCES = ("sales", "orders", "margin", "growth", "stability", "share")
MANUAL = "manual"
GRADES = ("A1", "A2", "B1", "B2", "C")
LOWEST_GRADE = "C"
DEFAULT_BANDS = ((85.0, "A1"), (70.0, "A2"), (55.0, "B1"), (40.0, "B2"), (0.0, "C"))
DEFAULT_INDICATORS = (
    ("sales", 40.0),
    ("margin", 20.0),
    ("growth", 15.0),
    ("stability", 15.0),
    ("share", 10.0),
)
TOTAL_WEIGHT = 100.0


@dataclass(frozen=True)
class Indicator:
    key: int
    name: str
    source: str
    weight: float
    normalisation: str = "rank"
    floor: float = 0.0
    cap: float = 100.0


@dataclass(frozen=True)
class BreakdownRow:
    indicator: str
    value: float | None
    normalised: float
    weight: float
    contribution: float


class ScoreResult(NamedTuple):
    """A named tuple rather than a frozen dataclass: the nightly run builds
    one per customer, and a named tuple is built several times faster."""

    score: float
    grade: str
    rows: tuple


def metric_values(metrics, share):
    """The scorecard's metric sources of one customer, rounded as the engine
    stores them, or ``None`` for all of them without sales in the window.

    ``metrics`` is a ``tiering.PartnerMetrics``, ``share`` a fraction."""
    if not metrics.amount or metrics.amount <= 0:
        return dict.fromkeys(METRIC_SOURCES)
    return {
        "sales": round(metrics.amount, 2),
        "orders": float(metrics.order_count),
        "margin": round(metrics.margin, 2),
        "growth": (
            round(metrics.growth * 100.0, 2) if metrics.growth is not None else None
        ),
        "stability": round(metrics.stability, 4),
        "share": round(share * 100.0, 4),
    }


def rank_normaliser(population):
    """Function giving the percentile rank (0-100) of a value among the
    ``population`` values; ``None`` scores 0."""
    ordered = sorted(value for value in population if value is not None)
    others = len(ordered) - 1

    def normalise(value):
        if value is None or not ordered:
            return 0.0
        if others <= 0:
            return 100.0
        below = bisect_left(ordered, value)
        equal = bisect_right(ordered, value) - below
        return max(0.0, min(100.0, (below + (equal - 1) / 2.0) / others * 100.0))

    return normalise


def linear(value, floor, cap):
    if value is None:
        return 0.0
    if cap <= floor:
        return 100.0 if value >= cap else 0.0
    return max(0.0, min(100.0, (value - floor) / (cap - floor) * 100.0))


def grade(score, bands=DEFAULT_BANDS):
    """``bands`` are ``(score_from, grade)``; the highest band reached wins."""
    return _grade(score, _highest_first(bands))


def _highest_first(bands):
    return sorted(bands, key=lambda band: -band[0])


def _grade(score, ordered_bands):
    for score_from, band_grade in ordered_bands:
        if score >= score_from:
            return band_grade
    return LOWEST_GRADE


def rank_table(population):
    """``{value: percentile rank}`` of every value of ``population``: the
    ranks of :func:`rank_normaliser` computed in one walk of the sorted
    values, for a whole population at once."""
    ordered = sorted(value for value in population if value is not None)
    others = len(ordered) - 1
    table = {}
    below = 0
    while below < len(ordered):
        value = ordered[below]
        equal = 1
        while below + equal < len(ordered) and ordered[below + equal] == value:
            equal += 1
        table[value] = (
            100.0
            if others <= 0
            else max(0.0, min(100.0, (below + (equal - 1) / 2.0) / others * 100.0))
        )
        below += equal
    return table


def _normalisers(indicators, values):
    normalisers = {}
    for indicator in indicators:
        population = values.get(indicator.key, {})
        if indicator.normalisation == "rank":
            normalisers[indicator.key] = rank_normaliser(population.values())
        else:
            normalisers[indicator.key] = lambda value, ind=indicator: linear(
                value, ind.floor, ind.cap
            )
    return normalisers


def _normalised(indicator, population):
    """``{partner: normalised value}`` of the partners with a value."""
    if indicator.normalisation == "rank":
        table = rank_table(population.values())
        return {
            partner: table[value]
            for partner, value in population.items()
            if value is not None
        }
    return {
        partner: linear(value, indicator.floor, indicator.cap)
        for partner, value in population.items()
        if value is not None
    }


def score_batch(partner_ids, indicators, values, bands=DEFAULT_BANDS, breakdown=True):
    """Scores of a batch of customers.

    ``values`` maps each indicator's key to ``{partner: value}`` over the
    whole population of the company (rank normalisation is relative to it);
    a partner missing from it has no value.

    Without ``breakdown`` the results have no rows: the nightly run of a
    whole customer base needs the score and grade only, and building a row
    per customer and indicator would cost more than the scoring itself. It
    normalises each indicator's population once instead of value by value.
    The scores and grades are the same either way (same terms, added in the
    same order; a partner without a value adds nothing)."""
    ordered_bands = _highest_first(bands)
    if not breakdown:
        return _scores_only(partner_ids, indicators, values, ordered_bands)
    normalisers = _normalisers(indicators, values)
    results = {}
    for partner in partner_ids:
        rows, total = [], 0.0
        for indicator in indicators:
            value = values.get(indicator.key, {}).get(partner)
            normalised = normalisers[indicator.key](value)
            total += normalised * indicator.weight
            rows.append(
                BreakdownRow(
                    indicator=indicator.name,
                    value=value,
                    normalised=round(normalised, 2),
                    weight=indicator.weight,
                    contribution=round(normalised * indicator.weight / TOTAL_WEIGHT, 2),
                )
            )
        score = round(total / TOTAL_WEIGHT, 2)
        results[partner] = ScoreResult(
            score=score, grade=_grade(score, ordered_bands), rows=tuple(rows)
        )
    return results


def _scores_only(partner_ids, indicators, values, ordered_bands):
    """Adds up indicator by indicator over the partners that have a value,
    rather than partner by partner over every indicator: the same terms in
    the same order, so the same totals, in fewer steps."""
    totals = dict.fromkeys(partner_ids, 0.0)
    for indicator in indicators:
        weight = indicator.weight
        normalised = _normalised(indicator, values.get(indicator.key, {}))
        for partner, value in normalised.items():
            if partner in totals:
                totals[partner] += value * weight
    results = {}
    for partner, total in totals.items():
        score = round(total / TOTAL_WEIGHT, 2)
        results[partner] = ScoreResult(score, _grade(score, ordered_bands), ())
    return results


def weights_add_up(weights):
    """The weights of a company's active indicators add up to 100 (or there
    are none: then every customer scores 0)."""
    weights = list(weights)
    return not weights or abs(sum(weights) - TOTAL_WEIGHT) < 1e-6
