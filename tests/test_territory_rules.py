"""Pure rules of the territories and the preferred salesperson."""

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from lead_allocation.services import allocation, territories

Rule = territories.Rule
Subject = territories.Subject
CN, US = 48, 233
SHANGHAI, GUANGDONG = 1001, 1002
FOOD, STEEL = 7, 8


def rule(rule_id, team_id=1, sequence=10, **values):
    return Rule(id=rule_id, sequence=sequence, team_id=team_id, **values)


SUBJECT = Subject(
    country_id=CN,
    state_id=SHANGHAI,
    city="  Shanghai ",
    zip="200-001",
    industry_id=FOOD,
    lead_class="B",
)


def test_no_rule_no_match():
    assert territories.match([], SUBJECT) is None
    assert not territories.is_key([], SUBJECT)


def test_every_set_criterion_must_equal():
    assert territories.match([rule(1, country_id=US)], SUBJECT) is None
    assert territories.match([rule(1, state_id=GUANGDONG)], SUBJECT) is None
    assert territories.match([rule(1, city="Beijing")], SUBJECT) is None
    assert territories.match([rule(1, zip_prefix="51")], SUBJECT) is None
    assert (
        territories.match([rule(1, country_id=CN, industry_id=STEEL)], SUBJECT) is None
    )
    assert territories.match([rule(1, country_id=CN, lead_class="A")], SUBJECT) is None
    assert territories.match([rule(1, country_id=CN)], SUBJECT).id == 1


def test_city_ignores_case_and_spaces_zip_ignores_separators():
    assert territories.match([rule(1, city="SHANGHAI")], SUBJECT).id == 1
    assert territories.match([rule(1, zip_prefix="20 00")], SUBJECT).id == 1


def test_a_set_criterion_does_not_match_a_missing_value():
    assert territories.match([rule(1, lead_class="B")], Subject(country_id=CN)) is None
    assert territories.match([rule(1, zip_prefix="2")], Subject(country_id=CN)) is None


def test_most_specific_region_wins():
    rules = [
        rule(1, sequence=1, country_id=CN),
        rule(2, sequence=2, state_id=SHANGHAI),
        rule(3, sequence=3, city="shanghai"),
        rule(4, sequence=4, zip_prefix="2"),
        rule(5, sequence=5, zip_prefix="200"),
        rule(6, sequence=0, lead_class="B"),
    ]
    assert territories.match(rules, SUBJECT).id == 5
    assert territories.match(rules[:4], SUBJECT).id == 4
    assert territories.match(rules[:3], SUBJECT).id == 3
    assert territories.match(rules[:2], SUBJECT).id == 2
    assert territories.match([rules[0], rules[5]], SUBJECT).id == 1
    assert territories.match([rules[5]], SUBJECT).id == 6


def test_narrowed_rule_then_sequence_then_id():
    plain = rule(1, sequence=1, country_id=CN)
    narrowed = rule(2, sequence=9, country_id=CN, industry_id=FOOD)
    assert territories.match([plain, narrowed], SUBJECT).id == 2
    first = rule(3, sequence=1, country_id=CN)
    assert territories.match([plain, first], SUBJECT).id == 1
    assert (
        territories.match([rule(5, sequence=2, country_id=CN), plain], SUBJECT).id == 1
    )


def test_excluded_team_does_not_match():
    rules = [rule(1, team_id=10, city="Shanghai"), rule(2, team_id=20, country_id=CN)]
    assert territories.match(rules, SUBJECT, frozenset({10})).id == 2


def test_key_by_winner_or_by_class_everywhere():
    region = rule(1, country_id=CN)
    key_region = rule(2, state_id=SHANGHAI, is_key=True)
    key_class = rule(3, lead_class="B", is_key=True)
    key_country = rule(4, country_id=CN, is_key=True)
    assert territories.is_key([region, key_region], SUBJECT)
    assert territories.is_key([region, key_class], SUBJECT)
    # a key region less specific than the winner is not key
    assert not territories.is_key([key_country, rule(5, city="Shanghai")], SUBJECT)
    assert not territories.is_key([region, key_class], Subject(country_id=CN))


regions = st.builds(
    Rule,
    id=st.integers(1, 50),
    sequence=st.integers(0, 5),
    team_id=st.integers(1, 3),
    country_id=st.sampled_from([None, CN, US]),
    state_id=st.sampled_from([None, SHANGHAI, GUANGDONG]),
    city=st.sampled_from([None, "", "Shanghai", "beijing"]),
    zip_prefix=st.sampled_from([None, "", "2", "20", "51"]),
    industry_id=st.sampled_from([None, FOOD, STEEL]),
    lead_class=st.sampled_from([None, "A", "B"]),
    is_key=st.booleans(),
)
subjects = st.builds(
    Subject,
    country_id=st.sampled_from([None, CN, US]),
    state_id=st.sampled_from([None, SHANGHAI, GUANGDONG]),
    city=st.sampled_from([None, "Shanghai", "BEIJING "]),
    zip=st.sampled_from([None, "200001", "510000"]),
    industry_id=st.sampled_from([None, FOOD, STEEL]),
    lead_class=st.sampled_from([None, "A", "B"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(regions, max_size=8, unique_by=lambda r: r.id), subjects)
def test_match_is_a_matching_rule_independent_of_order(rules, subject):
    found = territories.match(rules, subject)
    assert found == territories.match(list(reversed(rules)), subject)
    if found is None:
        assert not any(territories.matches(r, subject) for r in rules)
        assert not territories.is_key(rules, subject)
    else:
        assert territories.matches(found, subject)
        if found.is_key:
            assert territories.is_key(rules, subject)


# ----------------------------------------------------------------------
# preferred salesperson
# ----------------------------------------------------------------------
Lead = allocation.Lead
Member = allocation.Member
NOW = datetime(2026, 1, 1)


def members():
    return [
        Member(user_id=1, team_id=1, level="junior"),
        Member(user_id=2, team_id=1, level="junior", assigned_count=5),
    ]


def test_preferred_member_takes_the_lead_and_it_counts_as_his_turn():
    leads = [
        Lead(id=1, team_id=1, lead_class="D", preferred_user_id=2),
        Lead(id=2, team_id=1, lead_class="D"),
    ]
    result = allocation.allocate(leads, members())
    assert result.decisions == {1: 2, 2: 1}
    assert result.per_member_assigned == {1: 1, 2: 1}


def test_without_preference_rotation_unchanged():
    leads = [Lead(id=1, team_id=1, lead_class="D")]
    assert allocation.allocate(leads, members()).decisions == {1: 1}


def test_preferred_member_who_may_not_receive_falls_back_to_rotation():
    lead = Lead(id=1, team_id=1, lead_class="D", preferred_user_id=2)
    for member in (
        Member(user_id=2, team_id=1, level="junior", suspended=True),
        Member(user_id=2, team_id=1, level="junior", opted_out=True),
        Member(user_id=2, team_id=1, level="junior", active=False),
        Member(user_id=2, team_id=1, level="junior", capacity_left=0),
        Member(user_id=2, team_id=1, level="senior"),
        Member(user_id=2, team_id=1, level="junior", skip_turns=1),
        Member(user_id=2, team_id=2, level="junior"),
    ):
        team = [Member(user_id=1, team_id=1, level="junior"), member]
        assert allocation.allocate([lead], team).decisions == {1: 1}, member
    cooling = Lead(
        id=1,
        team_id=1,
        lead_class="D",
        preferred_user_id=2,
        excluded_user_ids=frozenset({2}),
    )
    assert allocation.allocate([cooling], members()).decisions == {1: 1}


def test_preferred_member_outside_the_team_is_ignored():
    lead = Lead(id=1, team_id=1, lead_class="D", preferred_user_id=99)
    assert allocation.allocate([lead], members()).decisions == {1: 1}
