"""Pure rules of lead classes and of which salesperson levels may take them.

Nothing here imports Odoo: the models pass the company's thresholds and its
eligibility setting, so the rules are tested without a database.

Definitions
-----------
- A lead's *class* follows its expected revenue: ``A`` from the A threshold
  (included), ``B`` from the B threshold, ``C`` from the C threshold, ``D``
  below it. With the defaults, exactly 800,000 is A and 799,999.99 is B. An
  unknown (``None``) or negative revenue is D: a lead nobody has sized yet
  goes to the juniors rather than taking a senior's turn.
- The *eligibility matrix* maps each class to the set of salesperson levels
  that may receive it. Its settings text is ``class:level,level`` segments
  joined by ``;``, e.g. ``A:senior;B:senior,intermediate``. Every class must
  be written: ``D:`` (no level) is an explicit, accepted choice that no
  salesperson receives class D leads, whereas a class left out is a problem,
  because it is more likely a typo than a decision.
"""

from odoo.addons.customer_tiering.services.messages import Problem, _lt

CLASSES = ("A", "B", "C", "D")
LEVELS = ("senior", "intermediate", "junior")
DEFAULT_THRESHOLDS = (800000, 400000, 200000)
DEFAULT_ELIGIBILITY = {
    "A": frozenset({"senior"}),
    "B": frozenset({"senior", "intermediate"}),
    "C": frozenset({"intermediate", "junior"}),
    "D": frozenset({"junior"}),
}
THRESHOLD_FIELDS = (
    "lead_class_a_threshold",
    "lead_class_b_threshold",
    "lead_class_c_threshold",
)


MSG_C_NOT_POSITIVE = _lt("Class C from: enter an amount greater than 0.")
MSG_B_NOT_ABOVE_C = _lt(
    "Class B from: enter an amount greater than the class C threshold."
)
MSG_A_NOT_ABOVE_B = _lt(
    "Class A from: enter an amount greater than the class B threshold."
)
MSG_SEGMENT_MALFORMED = _lt(
    "%(segment)r is not of the form class:level,level (e.g. B:senior,intermediate)."
)
MSG_UNKNOWN_CLASS = _lt("%(lead_class)r is not a lead class; use A, B, C or D.")
MSG_DUPLICATE_CLASS = _lt("class %(lead_class)s is written more than once.")
MSG_UNKNOWN_LEVEL = _lt(
    "%(level)r (class %(lead_class)s) is not a level; use %(levels)s."
)
MSG_MISSING_CLASS = _lt(
    "class %(lead_class)s is missing; write %(lead_class)s: with no level if no "
    "salesperson should receive it."
)


def lead_class(expected_revenue, thresholds=DEFAULT_THRESHOLDS):
    """Thresholds are inclusive lower bounds, so a lead sized at exactly the A
    threshold is A, as the settings label "Class A from" promises."""
    a, b, c = thresholds
    revenue = expected_revenue
    if revenue is None or revenue < 0:
        return "D"
    if revenue >= a:
        return "A"
    if revenue >= b:
        return "B"
    if revenue >= c:
        return "C"
    return "D"


def validate_class_thresholds(a, b, c):
    """``(field, message)`` pairs, all at once, so the user fixes the settings
    in one go. A strictly decreasing chain ending above 0 makes all three
    positive, so three checks cover both rules; the messages are the ones the
    company constraint already shows."""
    a, b, c = (value or 0 for value in (a, b, c))
    problems = []
    if c <= 0:
        problems.append((THRESHOLD_FIELDS[2], MSG_C_NOT_POSITIVE))
    if b <= c:
        problems.append((THRESHOLD_FIELDS[1], MSG_B_NOT_ABOVE_C))
    if a <= b:
        problems.append((THRESHOLD_FIELDS[0], MSG_A_NOT_ABOVE_B))
    return problems


def eligible_levels(lead_class, matrix=None):
    """An unknown class has no level rather than raising: the allocation then
    reports the lead as waiting, which a manager can see and fix."""
    matrix = DEFAULT_ELIGIBILITY if matrix is None else matrix
    return frozenset(matrix.get(lead_class, ()))


def is_eligible(lead_class, level, matrix=None):
    return level in eligible_levels(lead_class, matrix)


def _segments(text):
    return [segment.strip() for segment in (text or "").split(";") if segment.strip()]


def validate_eligibility(text, levels=LEVELS):
    """Every problem of the settings text, in reading order (missing classes
    last), as :class:`Problem` with field ``"eligibility"``."""
    problems = []
    seen = set()

    def problem(message, **params):
        problems.append(Problem(message, params, "eligibility"))

    for segment in _segments(text):
        name, colon, level_text = segment.partition(":")
        name = name.strip().upper()
        if not colon or not name:
            problem(MSG_SEGMENT_MALFORMED, segment=segment)
            continue
        if name not in CLASSES:
            problem(MSG_UNKNOWN_CLASS, lead_class=name)
            continue
        if name in seen:
            problem(MSG_DUPLICATE_CLASS, lead_class=name)
        seen.add(name)
        for level in _level_tokens(level_text):
            if level not in levels:
                problem(
                    MSG_UNKNOWN_LEVEL,
                    level=level,
                    lead_class=name,
                    levels=", ".join(levels),
                )
    for name in CLASSES:
        if name not in seen:
            problem(MSG_MISSING_CLASS, lead_class=name)
    return problems


def _level_tokens(text):
    return [token.strip().lower() for token in text.split(",") if token.strip()]


def parse_eligibility(text, levels=LEVELS):
    """Raises on a bad setting rather than guessing who may take which leads;
    call :func:`validate_eligibility` first to show translated problems."""
    problems = validate_eligibility(text, levels)
    if problems:
        raise ValueError(str(problems[0]))
    matrix = {}
    for segment in _segments(text):
        name, _colon, level_text = segment.partition(":")
        matrix[name.strip().upper()] = frozenset(_level_tokens(level_text))
    return matrix


def format_eligibility(matrix, levels=LEVELS):
    """Classes and levels in a fixed order, so that formatting a parsed text
    gives the same text back and the settings field does not flicker."""
    rank = {level: index for index, level in enumerate(levels)}

    def ordered(names):
        return ",".join(sorted(names, key=lambda level: (rank.get(level, 99), level)))

    return ";".join(f"{name}:{ordered(matrix.get(name, ()))}" for name in CLASSES)


DEFAULT_ELIGIBILITY_TEXT = format_eligibility(DEFAULT_ELIGIBILITY)
