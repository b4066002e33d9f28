"""Pure rules of the territories: which territory rule a lead or a customer
falls under.

Nothing here imports Odoo: the models read the company's territory rules and
the subject's address, call :func:`match` and :func:`is_key`, then write the
team back.

Rules
-----
- A rule *matches* a subject when every criterion the rule sets equals the
  subject's: country, state, city (ignoring case and spaces), postal-code
  prefix (the subject's postal code starts with the prefix, both without
  spaces and dashes, ignoring case), industry and lead class. A criterion the
  rule leaves empty matches anything; a criterion the rule sets does not match
  a subject that has no value for it.
- A rule whose team's own assignment domain the subject fails does not match
  (the models pass those teams in ``excluded_team_ids``).
- The *most specific* matching rule wins: first by region level, a postal-code
  prefix (the longer, the more specific) before a city, a state, a country,
  and no region at all last; then the rule narrowed by more criteria
  (industry, lead class); then the lower sequence; then the lower id, so the
  same input always gives the same rule.
- A subject is *key* (allocated by a sales manager, not by the rotation) when
  the winning rule is key, or when any matching rule without a region (a
  class-only or industry-only rule) is key: a key class is key everywhere.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: int
    sequence: int
    team_id: int
    user_id: int | None = None
    country_id: int | None = None
    state_id: int | None = None
    city: str | None = None
    zip_prefix: str | None = None
    industry_id: int | None = None
    lead_class: str | None = None
    is_key: bool = False


@dataclass(frozen=True)
class Subject:
    country_id: int | None = None
    state_id: int | None = None
    city: str | None = None
    zip: str | None = None
    industry_id: int | None = None
    lead_class: str | None = None


def normalise_city(city):
    return " ".join((city or "").split()).casefold()


def normalise_zip(code):
    return "".join(ch for ch in (code or "") if ch not in " -").upper()


def has_region(rule):
    return bool(
        rule.country_id
        or rule.state_id
        or normalise_city(rule.city)
        or normalise_zip(rule.zip_prefix)
    )


def matches(rule, subject):
    """Whether every criterion ``rule`` sets equals ``subject``'s."""
    if rule.country_id and rule.country_id != subject.country_id:
        return False
    if rule.state_id and rule.state_id != subject.state_id:
        return False
    city = normalise_city(rule.city)
    if city and city != normalise_city(subject.city):
        return False
    prefix = normalise_zip(rule.zip_prefix)
    if prefix and not normalise_zip(subject.zip).startswith(prefix):
        return False
    if rule.industry_id and rule.industry_id != subject.industry_id:
        return False
    return not (rule.lead_class and rule.lead_class != subject.lead_class)


def specificity(rule):
    """Sort key: the smaller, the more specific."""
    prefix = normalise_zip(rule.zip_prefix)
    if prefix:
        level = (0, -len(prefix))
    elif normalise_city(rule.city):
        level = (1, 0)
    elif rule.state_id:
        level = (2, 0)
    elif rule.country_id:
        level = (3, 0)
    else:
        level = (4, 0)
    narrowing = bool(rule.industry_id) + bool(rule.lead_class)
    return (level, -narrowing, rule.sequence, rule.id)


def matching(rules, subject, excluded_team_ids=frozenset()):
    """The rules that match ``subject``, most specific first."""
    return sorted(
        (
            rule
            for rule in rules
            if rule.team_id not in excluded_team_ids and matches(rule, subject)
        ),
        key=specificity,
    )


def match(rules, subject, excluded_team_ids=frozenset()):
    """The most specific rule matching ``subject``, or ``None``."""
    found = matching(rules, subject, excluded_team_ids)
    return found[0] if found else None


def is_key(rules, subject, excluded_team_ids=frozenset()):
    """Whether ``subject`` waits for a sales manager's allocation."""
    found = matching(rules, subject, excluded_team_ids)
    if not found:
        return False
    return found[0].is_key or any(rule.is_key for rule in found if not has_region(rule))
