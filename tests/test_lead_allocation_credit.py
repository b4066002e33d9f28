"""Pure rules of lead_allocation's sales credit: who a confirmed order counts for."""

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from lead_allocation.services import credit

T0 = datetime(2026, 1, 1, 9, 0)
OWNER, SELLER, REGISTRANT = 10, 20, 30
TEAM, OWNER_TEAM, REGISTRANT_TEAM = 1, 2, 3
TEAMS = {OWNER: OWNER_TEAM, SELLER: TEAM, REGISTRANT: REGISTRANT_TEAM}


def facts(**values):
    base = {"salesperson_id": SELLER, "team_id": TEAM, "user_teams": TEAMS}
    return credit.OrderFacts(**{**base, **values})


def move(user, kind=credit.MOVE_TRANSFER, days=0, record=credit.CUSTOMER):
    return credit.Move(record, user, kind, T0 + timedelta(days=days))


def release(user, days=0, record=credit.CUSTOMER):
    return credit.Release(record, user, T0 + timedelta(days=days))


def registration(user, days=0, record=credit.CUSTOMER):
    return credit.Registration(record, user, T0 + timedelta(days=days))


def test_owner_sells():
    assert credit.decide(facts(customer_owner_id=SELLER)) == credit.Credit(
        SELLER, TEAM, credit.OWNER
    )


def test_owner_through_an_approved_claim_stays_owner():
    result = credit.decide(
        facts(customer_owner_id=SELLER, moves=(move(SELLER, credit.MOVE_CLAIM),))
    )
    assert result.basis == credit.OWNER


def test_owner_through_a_transfer():
    result = credit.decide(facts(customer_owner_id=SELLER, moves=(move(SELLER),)))
    assert result == credit.Credit(SELLER, TEAM, credit.TRANSFER)


def test_latest_standing_move_decides_between_transfer_and_owner():
    moves = (move(SELLER, days=1), move(SELLER, credit.MOVE_CLAIM, days=5))
    releases = (release(SELLER, days=3),)
    result = credit.decide(
        facts(customer_owner_id=SELLER, moves=moves, releases=releases)
    )
    assert result.basis == credit.OWNER
    moves = (move(SELLER, credit.MOVE_CLAIM, days=1), move(SELLER, days=5))
    result = credit.decide(facts(customer_owner_id=SELLER, moves=moves))
    assert result.basis == credit.TRANSFER


def test_private_swap_credits_the_department():
    result = credit.decide(facts(customer_owner_id=OWNER))
    assert result == credit.Credit(None, TEAM, credit.DEPARTMENT, private_swap=True)


def test_department_falls_back_on_the_owner_team_without_order_team():
    result = credit.decide(facts(customer_owner_id=OWNER, team_id=None))
    assert (result.team_id, result.basis) == (OWNER_TEAM, credit.DEPARTMENT)


def test_transfer_of_the_opportunity_to_the_seller():
    moves = (move(SELLER, record=credit.OPPORTUNITY),)
    result = credit.decide(facts(customer_owner_id=OWNER, moves=moves))
    assert result == credit.Credit(SELLER, TEAM, credit.TRANSFER)


def test_allocated_opportunity_credits_the_seller_as_owner():
    moves = (move(SELLER, credit.MOVE_ALLOCATION, record=credit.OPPORTUNITY),)
    result = credit.decide(facts(customer_owner_id=OWNER, moves=moves))
    assert result == credit.Credit(SELLER, TEAM, credit.OWNER)


def test_released_transfer_no_longer_stands():
    moves = (move(SELLER, days=1),)
    releases = (release(SELLER, days=2),)
    result = credit.decide(
        facts(customer_owner_id=OWNER, moves=moves, releases=releases)
    )
    assert result.basis == credit.DEPARTMENT
    assert result.private_swap


def test_release_of_another_record_does_not_undo_a_move():
    moves = (move(SELLER, days=1, record=credit.OPPORTUNITY),)
    releases = (release(SELLER, days=2, record=credit.CUSTOMER),)
    result = credit.decide(
        facts(customer_owner_id=OWNER, moves=moves, releases=releases)
    )
    assert result.basis == credit.TRANSFER


def test_someone_elses_move_is_no_evidence():
    result = credit.decide(facts(customer_owner_id=OWNER, moves=(move(REGISTRANT),)))
    assert result.basis == credit.DEPARTMENT


def test_opportunity_owner_counts_when_the_customer_has_none():
    assert credit.decide(facts(opportunity_owner_id=SELLER)).basis == credit.OWNER
    result = credit.decide(facts(opportunity_owner_id=OWNER))
    assert result.basis == credit.DEPARTMENT


def test_customer_owner_wins_over_opportunity_owner():
    result = credit.decide(facts(customer_owner_id=OWNER, opportunity_owner_id=SELLER))
    assert result.basis == credit.DEPARTMENT


def test_first_registrant_of_a_pool_customer():
    result = credit.decide(facts(registrations=(registration(REGISTRANT),)))
    assert result == credit.Credit(REGISTRANT, REGISTRANT_TEAM, credit.FIRST_REGISTRANT)
    assert not result.private_swap


def test_first_registrant_is_the_earliest_of_customer_and_opportunity():
    registrations = (
        registration(SELLER, days=2),
        registration(REGISTRANT, days=1, record=credit.OPPORTUNITY),
    )
    result = credit.decide(facts(registrations=registrations))
    assert (result.user_id, result.basis) == (REGISTRANT, credit.FIRST_REGISTRANT)
    registrations = (
        registration(SELLER, days=1),
        registration(REGISTRANT, days=2, record=credit.OPPORTUNITY),
    )
    result = credit.decide(facts(registrations=registrations))
    assert (result.user_id, result.basis) == (SELLER, credit.OWNER)


def test_same_moment_prefers_the_customer_registration():
    registrations = (
        registration(REGISTRANT, record=credit.OPPORTUNITY),
        registration(SELLER),
    )
    assert credit.first_registrant(facts(registrations=registrations)) == SELLER


def test_claim_of_the_pool_customer_beats_the_first_registrant():
    result = credit.decide(
        facts(
            registrations=(registration(REGISTRANT),),
            moves=(move(SELLER, credit.MOVE_CLAIM),),
        )
    )
    assert result == credit.Credit(SELLER, TEAM, credit.OWNER)


def test_registrant_team_falls_back_on_the_order_team():
    result = credit.decide(
        facts(registrations=(registration(REGISTRANT),), user_teams={})
    )
    assert result.team_id == TEAM


def test_nobody_registered_credits_the_seller():
    assert credit.decide(facts()) == credit.Credit(SELLER, TEAM, credit.OWNER)


def test_order_without_salesperson():
    assert credit.decide(facts(salesperson_id=None, customer_owner_id=OWNER)) == (
        credit.Credit(OWNER, TEAM, credit.OWNER)
    )
    result = credit.decide(
        facts(salesperson_id=None, registrations=(registration(REGISTRANT),))
    )
    assert result.basis == credit.OWNER and result.user_id == REGISTRANT
    assert credit.decide(facts(salesperson_id=None)) == credit.Credit(
        None, TEAM, credit.DEPARTMENT
    )


def test_undated_registration_is_ignored():
    reg = credit.Registration(credit.CUSTOMER, REGISTRANT, None)
    assert credit.first_registrant(facts(registrations=(reg,))) is None


users = st.sampled_from([None, OWNER, SELLER, REGISTRANT])
records = st.sampled_from([credit.CUSTOMER, credit.OPPORTUNITY])
days = st.integers(0, 30)
kinds = st.sampled_from(
    [credit.MOVE_TRANSFER, credit.MOVE_CLAIM, credit.MOVE_ALLOCATION]
)
order_facts = st.builds(
    credit.OrderFacts,
    salesperson_id=users,
    team_id=st.sampled_from([None, TEAM]),
    customer_owner_id=users,
    opportunity_owner_id=users,
    registrations=st.lists(
        st.builds(
            lambda r, u, d: registration(u, d, r),
            records,
            st.sampled_from([OWNER, SELLER, REGISTRANT]),
            days,
        ),
        max_size=2,
    ).map(tuple),
    moves=st.lists(
        st.builds(lambda r, u, k, d: move(u, k, d, r), records, users, kinds, days),
        max_size=4,
    ).map(tuple),
    releases=st.lists(
        st.builds(lambda r, u, d: release(u, d, r), records, users, days), max_size=3
    ).map(tuple),
    user_teams=st.just(TEAMS),
)


@settings(max_examples=300, deadline=None)
@given(order_facts)
def test_invariants(order):
    result = credit.decide(order)
    assert result.basis in credit.BASES
    owner = order.customer_owner_id or order.opportunity_owner_id
    # nobody is credited personally for a private swap, and only a swap
    # between two salespeople is one
    assert (result.basis == credit.DEPARTMENT) == (result.user_id is None)
    assert result.private_swap == (
        result.basis == credit.DEPARTMENT and order.salesperson_id is not None
    )
    if result.basis == credit.FIRST_REGISTRANT:
        assert owner is None
        assert result.user_id == credit.first_registrant(order)
        assert result.user_id != order.salesperson_id
    if order.salesperson_id and order.salesperson_id == owner:
        assert result.user_id == owner
        assert result.basis in (credit.OWNER, credit.TRANSFER)
    if result.basis == credit.TRANSFER:
        assert any(m.kind == credit.MOVE_TRANSFER for m in order.moves)
    # the order's own team whenever the seller or the department is credited
    if order.team_id and result.user_id in (None, order.salesperson_id):
        assert result.team_id == order.team_id
