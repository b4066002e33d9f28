"""Pure rules of the credit policies: which policy a customer falls under and
what credit limit, rating, payment term and trust it proposes.

Nothing here imports Odoo; the proposal model gathers the customers' tiers,
their sales of the last 12 months and their current credit settings in
batch, calls :func:`propose` per customer and stores the result.

Definitions
-----------
- A *policy* names one tier of one scheme (e.g. scorecard grade A1). The
  policies are tried by sequence (then id); the first whose tier is the
  customer's tier in its scheme applies.
- Its *credit limit* is a fixed amount, or a percentage of the customer's
  confirmed sales of the last 12 months, rounded to the currency's digits.
- A policy without payment term keeps the customer's current term.
- A *proposal* is made only when the limit, the rating, the term or the
  trust differ from the current ones (without a limit of its own, the
  customer's current limit is the company's default one, as in Odoo),
  and not when Finance already rejected exactly that proposal for the same
  current values.
"""

from typing import NamedTuple

from .messages import Problem, _lt

FIXED = "fixed"
PERCENT = "percent"
MAX_PERCENT = 1000.0
TRUST_VALUES = ("good", "normal", "bad")

MSG_MATCH = _lt("%(scheme)s is %(tier)s: credit policy %(rating)s applies.")
MSG_FIXED = _lt("Credit limit: fixed at %(limit)s by the policy.")
MSG_PERCENT = _lt(
    "Credit limit: %(percent)s%% of %(sales)s confirmed sales in the last 12 "
    "months = %(limit)s."
)
MSG_LIMIT_CHANGE = _lt("Credit limit: %(current)s → %(proposed)s.")
MSG_LIMIT_UNUSED = _lt(
    "Credit limit: the customer has no limit of its own yet; proposed %(proposed)s."
)
MSG_RATING_CHANGE = _lt("Credit rating: %(current)s → %(proposed)s.")
MSG_TERM_CHANGE = _lt("Payment terms: %(current)s → %(proposed)s.")
MSG_TRUST_CHANGE = _lt("Trust: %(current)s → %(proposed)s.")
MSG_PERCENT_RANGE = _lt("Limit (%%): enter a percentage between 0 and %(max)s.")
MSG_AMOUNT_NEGATIVE = _lt("Credit Limit: enter 0 or a positive amount.")
MSG_NONE = _lt("none")


class Proposal(NamedTuple):
    policy_id: int
    credit_limit: float
    rating: str
    payment_term_id: int | None
    trust: str
    reasons: tuple

    def key(self):
        """What a decision is about: a rejected proposal with the same key is
        not proposed again."""
        return (self.credit_limit, self.rating, self.payment_term_id, self.trust)


def check_policy(limit_type, limit_amount, limit_percent):
    """The problems of a policy's figures, as :class:`Problem`; empty when it
    is valid."""
    problems = []
    if limit_type == PERCENT and not 0 <= (limit_percent or 0.0) <= MAX_PERCENT:
        problems.append(
            Problem(MSG_PERCENT_RANGE, {"max": int(MAX_PERCENT)}, "limit_percent")
        )
    if limit_type == FIXED and (limit_amount or 0.0) < 0:
        problems.append(Problem(MSG_AMOUNT_NEGATIVE, {}, "limit_amount"))
    return problems


def match_policy(tiers, policies):
    """The first policy, by sequence then id, whose tier is the customer's
    tier in the policy's scheme; None when none applies."""
    for policy in sorted(policies, key=lambda p: (p["sequence"], p["id"])):
        if policy["tier"] and tiers.get(policy["scheme"]) == policy["tier"]:
            return policy
    return None


def credit_limit(policy, sales, digits=2):
    if policy["limit_type"] == FIXED:
        return round(max(policy["limit_amount"] or 0.0, 0.0), digits)
    return round(
        max(sales or 0.0, 0.0) * (policy["limit_percent"] or 0.0) / 100, digits
    )


def _amount(value, digits):
    return f"{value:,.{digits}f}"


def propose(facts, policies, labels=None, rejected=(), digits=2):
    """The proposal for one customer, or None.

    ``facts``: ``tiers`` ({scheme: tier}), ``sales`` (last 12 months),
    ``credit_limit`` (the company's default when the partner has no limit of
    its own), ``use_limit`` (the partner's own limit is in use),
    ``payment_term_id`` (or None), ``trust``, ``rating``.
    ``policies``: dicts with ``id``, ``sequence``, ``scheme``, ``tier``,
    ``rating``, ``limit_type``, ``limit_amount``, ``limit_percent``,
    ``payment_term_id`` (or None), ``trust``.
    ``labels``: ``schemes``, ``tiers``, ``terms`` and ``trust``, each
    {value: label}, for the reasons. ``rejected``: keys of proposals Finance
    turned down for these same current values.
    """
    policy = match_policy(facts.get("tiers") or {}, policies)
    if policy is None:
        return None
    labels = labels or {}
    limit = credit_limit(policy, facts.get("sales"), digits)
    term = policy["payment_term_id"] or facts.get("payment_term_id") or None
    trust = policy["trust"] or facts.get("trust") or "normal"
    rating = policy["rating"] or ""
    current_limit = round(facts.get("credit_limit") or 0.0, digits)
    current_term = facts.get("payment_term_id") or None
    current_trust = facts.get("trust") or "normal"
    current_rating = facts.get("rating") or ""
    changes = []
    if limit != current_limit and not facts.get("use_limit"):
        changes.append(Problem(MSG_LIMIT_UNUSED, {"proposed": _amount(limit, digits)}))
    elif limit != current_limit:
        changes.append(
            Problem(
                MSG_LIMIT_CHANGE,
                {
                    "current": _amount(current_limit, digits),
                    "proposed": _amount(limit, digits),
                },
            )
        )
    terms = labels.get("terms", {})
    trusts = labels.get("trust", {})
    for message, current, proposed, names in (
        (MSG_RATING_CHANGE, current_rating, rating, {}),
        (MSG_TERM_CHANGE, current_term, term, terms),
        (MSG_TRUST_CHANGE, current_trust, trust, trusts),
    ):
        if current != proposed:
            changes.append(
                Problem(
                    message,
                    {
                        "current": names.get(current, current) or MSG_NONE,
                        "proposed": names.get(proposed, proposed) or MSG_NONE,
                    },
                )
            )
    if not changes:
        return None
    proposal = Proposal(policy["id"], limit, rating, term, trust, ())
    if proposal.key() in set(rejected):
        return None
    scheme = policy["scheme"]
    match = Problem(
        MSG_MATCH,
        {
            "scheme": labels.get("schemes", {}).get(scheme, scheme),
            "tier": labels.get("tiers", {}).get(policy["tier"], policy["tier"]),
            "rating": rating,
        },
    )
    if policy["limit_type"] == FIXED:
        basis = Problem(MSG_FIXED, {"limit": _amount(limit, digits)})
    else:
        basis = Problem(
            MSG_PERCENT,
            {
                "percent": f"{policy['limit_percent'] or 0.0:g}",
                "sales": _amount(facts.get("sales") or 0.0, digits),
                "limit": _amount(limit, digits),
            },
        )
    return proposal._replace(reasons=(match, basis, *changes))
