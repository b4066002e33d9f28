"""Pure rules of claiming a record from the public pool.

Nothing here imports Odoo: the models count the claimant's open leads and
today's claims, find when the claimant last gave this record up, and refuse
the claim with every problem returned.

Rules
-----
- A limit of ``None`` or 0 means no limit, as Odoo's integer settings read.
- Open leads: refused when the claimant already owns ``max_open_leads`` or
  more, since the claim would take it above the limit.
- Daily claims: refused when the claimant has already made
  ``max_claims_per_day`` claims today.
- Cool-down: a former owner may claim the record back from ``released_on +
  cooldown_days`` on (that day included), so that releasing a record and
  claiming it straight back cannot reset its ownership cycle. With 30 days, a
  record released on 1 June can be claimed back on 1 July, not on 30 June.
"""

from datetime import date, datetime, timedelta

from odoo.addons.customer_tiering.services.messages import Problem, _lt

DEFAULT_COOLDOWN_DAYS = 30
OPEN_LEADS = "open_leads_limit"
DAILY_CLAIMS = "daily_claims_limit"
COOLDOWN = "cooldown"


MSG_OPEN_LEADS = _lt("You already own %(count)s open leads; the limit is %(limit)s.")
MSG_DAILY_CLAIMS = _lt(
    "You have already made %(count)s claims today; the limit is %(limit)s a day."
)
MSG_COOLDOWN = _lt(
    "You released this record on %(released)s; you can claim it back from "
    "%(available)s."
)


def _day(value):
    return value.date() if isinstance(value, datetime) else value


def claim_back_date(released_on, cooldown_days=DEFAULT_COOLDOWN_DAYS):
    """First day the former owner may claim the record again, or ``None`` when
    the claimant never owned it."""
    if released_on is None:
        return None
    return _day(released_on) + timedelta(days=cooldown_days)


def check_claim(
    *,
    today: date,
    open_leads: int = 0,
    max_open_leads: int | None = None,
    claims_today: int = 0,
    max_claims_per_day: int | None = None,
    released_on: date | None = None,
    cooldown_days: int = DEFAULT_COOLDOWN_DAYS,
):
    """Every problem at once, so the claimant is not refused three times in a
    row; an empty list means the claim may go to the manager for approval."""
    if cooldown_days < 0:
        raise ValueError(f"the cool-down cannot be negative (got {cooldown_days})")
    problems = []
    if max_open_leads and open_leads >= max_open_leads:
        problems.append(
            Problem(
                MSG_OPEN_LEADS,
                {"count": open_leads, "limit": max_open_leads},
                OPEN_LEADS,
            )
        )
    if max_claims_per_day and claims_today >= max_claims_per_day:
        problems.append(
            Problem(
                MSG_DAILY_CLAIMS,
                {"count": claims_today, "limit": max_claims_per_day},
                DAILY_CLAIMS,
            )
        )
    available = claim_back_date(released_on, cooldown_days)
    if available is not None and _day(today) < available:
        problems.append(
            Problem(
                MSG_COOLDOWN,
                {"released": _day(released_on), "available": available},
                COOLDOWN,
            )
        )
    return problems
