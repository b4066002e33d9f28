"""Pure rules of the credit policies (customer_tiering)."""

import pytest

from customer_tiering.services import credit

A1 = {
    "id": 1,
    "sequence": 10,
    "scheme": "scorecard",
    "tier": "A1",
    "rating": "AAA",
    "limit_type": credit.PERCENT,
    "limit_amount": 0.0,
    "limit_percent": 25.0,
    "payment_term_id": 7,
    "trust": "good",
}
C = {
    "id": 2,
    "sequence": 20,
    "scheme": "scorecard",
    "tier": "C",
    "rating": "C",
    "limit_type": credit.FIXED,
    "limit_amount": 5000.0,
    "limit_percent": 0.0,
    "payment_term_id": None,
    "trust": "bad",
}
VIP = dict(A1, id=3, sequence=5, scheme="share", tier="vip", rating="VIP")
LABELS = {
    "schemes": {"scorecard": "Value Score Grade"},
    "terms": {7: "30 Days", 9: "Immediate"},
    "trust": {"good": "Good Debtor", "normal": "Normal Debtor", "bad": "Bad Debtor"},
}


def facts(**values):
    base = {
        "tiers": {"scorecard": "A1", "share": "regular"},
        "sales": 100000.0,
        "credit_limit": 0.0,
        "use_limit": False,
        "payment_term_id": None,
        "trust": "normal",
        "rating": "",
    }
    base.update(values)
    return base


def test_first_matching_policy_by_sequence_wins():
    assert credit.match_policy({"scorecard": "A1"}, [C, A1]) is A1
    assert credit.match_policy({"scorecard": "A1", "share": "vip"}, [A1, VIP]) is VIP
    assert credit.match_policy({"scorecard": "B1"}, [A1, C]) is None
    assert credit.match_policy({}, [A1]) is None


def test_same_sequence_falls_back_to_id():
    first = dict(A1, id=4, sequence=10, rating="first")
    later = dict(A1, id=9, sequence=10, rating="later")
    assert credit.match_policy({"scorecard": "A1"}, [later, first]) is first


@pytest.mark.parametrize(
    ("policy", "sales", "expected"),
    [
        (A1, 100000.0, 25000.0),
        (A1, 0.0, 0.0),
        (A1, None, 0.0),
        (A1, 333.33, 83.33),
        (dict(A1, limit_percent=150.0), 1000.0, 1500.0),
        (C, 999999.0, 5000.0),
    ],
)
def test_credit_limit_fixed_or_percent_of_sales(policy, sales, expected):
    assert credit.credit_limit(policy, sales) == expected


def test_proposal_for_a_customer_without_own_limit():
    proposal = credit.propose(facts(), [A1, C], LABELS)
    assert proposal.policy_id == 1
    assert proposal.credit_limit == 25000.0
    assert proposal.rating == "AAA"
    assert proposal.payment_term_id == 7
    assert proposal.trust == "good"
    reasons = [str(reason) for reason in proposal.reasons]
    assert reasons[0] == "Value Score Grade is A1: credit policy AAA applies."
    assert reasons[1] == (
        "Credit limit: 25% of 100,000.00 confirmed sales in the last 12 months "
        "= 25,000.00."
    )
    assert "Payment terms: none → 30 Days." in reasons
    assert "Trust: Normal Debtor → Good Debtor." in reasons
    assert "Credit rating: none → AAA." in reasons


def test_no_proposal_when_everything_already_matches():
    current = facts(
        credit_limit=25000.0,
        use_limit=True,
        payment_term_id=7,
        trust="good",
        rating="AAA",
    )
    assert credit.propose(current, [A1], LABELS) is None


def test_each_difference_alone_makes_a_proposal():
    current = {
        "credit_limit": 25000.0,
        "use_limit": True,
        "payment_term_id": 7,
        "trust": "good",
        "rating": "AAA",
    }
    for change in (
        {"credit_limit": 20000.0},
        {"payment_term_id": 9},
        {"trust": "bad"},
        {"rating": "B"},
    ):
        proposal = credit.propose(facts(**{**current, **change}), [A1], LABELS)
        assert proposal is not None, change
        assert len(proposal.reasons) == 3, change


def test_limit_equal_to_the_company_default_is_no_change():
    current = facts(
        tiers={"scorecard": "C"},
        credit_limit=5000.0,
        use_limit=False,
        trust="bad",
        rating="C",
    )
    assert credit.propose(current, [C], LABELS) is None
    proposal = credit.propose(dict(current, credit_limit=0.0), [C], LABELS)
    assert list(map(str, proposal.reasons))[2:] == [
        "Credit limit: the customer has no limit of its own yet; proposed 5,000.00."
    ]


def test_limit_change_reason():
    proposal = credit.propose(
        facts(credit_limit=30000.0, use_limit=True, payment_term_id=7, trust="good"),
        [A1],
        LABELS,
    )
    assert "Credit limit: 30,000.00 → 25,000.00." in map(str, proposal.reasons)


def test_policy_without_term_keeps_the_current_term():
    proposal = credit.propose(
        facts(tiers={"scorecard": "C"}, payment_term_id=9), [A1, C], LABELS
    )
    assert proposal.payment_term_id == 9
    assert proposal.credit_limit == 5000.0
    assert "Credit limit: fixed at 5,000.00 by the policy." in map(
        str, proposal.reasons
    )
    assert not any("Payment terms" in str(reason) for reason in proposal.reasons)


def test_no_policy_no_proposal():
    assert credit.propose(facts(tiers={"scorecard": "B2"}), [A1, C]) is None
    assert credit.propose(facts(), []) is None


def test_rejected_proposal_is_not_made_again():
    proposal = credit.propose(facts(), [A1])
    assert credit.propose(facts(), [A1], rejected=[proposal.key()]) is None
    other = (1.0, "AAA", 7, "good")
    assert credit.propose(facts(), [A1], rejected=[other]) == proposal


@pytest.mark.parametrize(
    ("limit_type", "amount", "percent", "keys"),
    [
        (credit.PERCENT, 0.0, 0.0, []),
        (credit.PERCENT, 0.0, 1000.0, []),
        (credit.PERCENT, 0.0, 1000.1, ["limit_percent"]),
        (credit.PERCENT, 0.0, -1.0, ["limit_percent"]),
        (credit.PERCENT, -5.0, 10.0, []),  # the amount is not used
        (credit.FIXED, 0.0, 0.0, []),
        (credit.FIXED, -0.01, 0.0, ["limit_amount"]),
        (credit.FIXED, 10.0, 5000.0, []),  # the percentage is not used
    ],
)
def test_check_policy_names_the_field(limit_type, amount, percent, keys):
    problems = credit.check_policy(limit_type, amount, percent)
    assert [problem.key for problem in problems] == keys
