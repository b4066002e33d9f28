"""Pure rules of the handover: the even split of a leaving salesperson's
customers."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from lead_allocation.services import handover


def test_split_deals_in_id_order():
    assert handover.split_evenly([30, 10, 20], [7, 5]) == {10: 5, 20: 7, 30: 5}


def test_split_never_gives_back_to_the_leaving_salesperson():
    split = handover.split_evenly([1, 2, 3, 4], [9, 5, 6], leaving_user_id=9)
    assert set(split.values()) == {5, 6}


def test_split_without_colleague_is_empty():
    assert handover.split_evenly([1, 2], [9], leaving_user_id=9) == {}
    assert handover.split_evenly([1, 2], []) == {}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(1, 10**6), unique=True, max_size=60),
    st.lists(st.integers(1, 50), min_size=1, max_size=8),
    st.integers(1, 50),
)
def test_split_is_even_complete_and_deterministic(records, colleagues, leaving):
    split = handover.split_evenly(records, colleagues, leaving)
    others = set(colleagues) - {leaving}
    if not others:
        assert split == {}
        return
    assert set(split) == set(records)
    assert leaving not in split.values()
    counts = Counter(split.values())
    if records:
        assert max(counts.values()) - min(counts.get(u, 0) for u in others) <= 1
    assert split == handover.split_evenly(list(reversed(records)), colleagues, leaving)
