"""Pure rules of the special-customer policy.

Callers who harass, call very often or make unreasonable claims are handled
by a designated team. Nothing here imports Odoo: the models count the calls
in one grouped query, pass the counts here and write back what comes out.

Definitions
-----------
- A *counted call* is an inbound call that was answered, with its caller
  matched to a customer.
- *High frequency*: in the ``WINDOW_DAYS`` days up to the nightly run, the
  customer made at least ``monthly`` counted calls, or at least ``daily``
  counted calls on one calendar day (thresholds per company, 5 and 3 by
  default). The flag lasts ``HIGH_FREQUENCY_DAYS`` days after the last run
  that found it, so a caller who calmed down leaves the list by himself.
- *Harassment* and *unreasonable claims* are decided by a sales manager, with
  a reason and an expiry date after today.
- A flag expires at the start of its expiry date: the nightly run archives it.
"""

from datetime import timedelta

from odoo.addons.customer_tiering.services.messages import Problem, _lt

HIGH_FREQUENCY = "high_frequency"
HARASSMENT = "harassment"
UNREASONABLE_CLAIMS = "unreasonable_claims"
KINDS = (HIGH_FREQUENCY, HARASSMENT, UNREASONABLE_CLAIMS)
MANUAL_KINDS = (HARASSMENT, UNREASONABLE_CLAIMS)

DEFAULT_MONTHLY_CALLS = 5
DEFAULT_DAILY_CALLS = 3
WINDOW_DAYS = 30
HIGH_FREQUENCY_DAYS = 30

MSG_MONTHLY = _lt(
    "Calls a month: enter a number of calls greater than 0 (it is %(value)s)."
)
MSG_DAILY = _lt(
    "Calls a day: enter a number of calls greater than 0 (it is %(value)s)."
)
MSG_DAILY_ABOVE_MONTHLY = _lt(
    "Calls a day (%(daily)s) cannot be more than calls a month (%(monthly)s): "
    "lower the daily threshold or raise the monthly one."
)
MSG_KIND_AUTOMATIC = _lt(
    "Kind: high frequency is set by the nightly count of answered calls only; "
    "choose harassment or unreasonable claims."
)
MSG_NO_REASON = _lt("Reason: say why this customer is flagged.")
MSG_EXPIRY_PAST = _lt(
    "Expires On: choose a date after today (%(today)s) for the flag to end."
)
MSG_REASON_MONTHLY = _lt(
    "%(calls)s answered calls in the last %(days)s days (threshold %(threshold)s)."
)
MSG_REASON_DAILY = _lt(
    "%(calls)s answered calls in one day, on %(day)s (threshold %(threshold)s)."
)


def check_thresholds(monthly, daily):
    """Problems of a company's thresholds; ``[]`` when they are usable."""
    problems = []
    if monthly is None or monthly <= 0:
        problems.append(Problem(MSG_MONTHLY, {"value": monthly}, "monthly"))
    if daily is None or daily <= 0:
        problems.append(Problem(MSG_DAILY, {"value": daily}, "daily"))
    if not problems and daily > monthly:
        problems.append(
            Problem(
                MSG_DAILY_ABOVE_MONTHLY, {"daily": daily, "monthly": monthly}, "daily"
            )
        )
    return problems


def high_frequency_reason(window_calls, busiest_day, busiest_calls, monthly, daily):
    """Why a customer calls too often, as a :class:`Problem` to translate,
    or ``None``. ``busiest_day``/``busiest_calls``: the day of the window
    with the most counted calls and their number."""
    if window_calls >= monthly:
        return Problem(
            MSG_REASON_MONTHLY,
            {"calls": window_calls, "days": WINDOW_DAYS, "threshold": monthly},
        )
    if busiest_calls >= daily:
        return Problem(
            MSG_REASON_DAILY,
            {"calls": busiest_calls, "day": busiest_day, "threshold": daily},
        )
    return None


def window_start(today):
    """The first day whose calls the nightly run counts."""
    return today - timedelta(days=WINDOW_DAYS - 1)


def high_frequency_expiry(today):
    return today + timedelta(days=HIGH_FREQUENCY_DAYS)


def is_expired(expiry, today):
    return bool(expiry) and expiry <= today


def check_manual_flag(kind, reason, expiry, today):
    """Problems of a flag a manager sets by hand; ``[]`` when it may be set."""
    problems = []
    if kind not in MANUAL_KINDS:
        problems.append(Problem(MSG_KIND_AUTOMATIC, {}, "kind"))
    if not (reason or "").strip():
        problems.append(Problem(MSG_NO_REASON, {}, "reason"))
    if not expiry or expiry <= today:
        problems.append(Problem(MSG_EXPIRY_PAST, {"today": today}, "expiry_date"))
    return problems


def plan_high_frequency(hits, active, today):
    """What the nightly run writes.

    ``hits``: ``{(company_id, partner_id): reason}`` found tonight;
    ``active``: ``{(company_id, partner_id): flag_id}`` of the active
    high-frequency flags. Returns ``(create, extend)``: the keys needing a new
    flag, and the ids of flags found again, whose expiry moves to
    :func:`high_frequency_expiry`. Flags not found again keep their expiry
    and end by themselves."""
    create = sorted(key for key in hits if key not in active)
    extend = sorted(active[key] for key in hits if key in active)
    return create, extend
