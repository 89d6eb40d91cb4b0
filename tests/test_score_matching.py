"""Span overlap and one-to-one matching used by the duplicates score."""

from __future__ import annotations

from itertools import permutations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.score.matching import iou, max_matching, pairs_match

spans = st.tuples(st.integers(0, 200), st.integers(1, 100)).map(lambda t: (t[0], t[0] + t[1]))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [((0, 100), (0, 100), 1.0), ((0, 100), (50, 150), 50 / 150), ((0, 100), (100, 200), 0.0),
     ((0, 100), (10, 90), 0.8), ((5, 5), (5, 5), 0.0)],
    ids=["same", "half-shifted", "adjacent", "contained", "both-empty"],
)
def test_iou(a, b, expected) -> None:
    assert iou(a, b) == pytest.approx(expected)


@given(spans, spans)
def test_iou_is_symmetric_and_bounded(a, b) -> None:
    assert iou(a, b) == iou(b, a)
    assert 0.0 <= iou(a, b) <= 1.0


@given(spans, spans, spans, spans, st.floats(0.05, 1.0))
def test_pair_match_ignores_the_order_of_copies(a, b, c, d, t) -> None:
    assert pairs_match((a, b), (c, d), t) == pairs_match((b, a), (c, d), t) == pairs_match((a, b), (d, c), t)


def _brute_force(adjacency: list[list[int]], n_right: int) -> int:
    best = 0
    rights = list(range(n_right))
    for perm in permutations(rights + [-1] * len(adjacency), len(adjacency)):
        best = max(best, sum(1 for u, v in enumerate(perm) if v != -1 and v in adjacency[u]))
    return best


@given(st.integers(0, 4).flatmap(
    lambda n: st.tuples(st.just(n), st.lists(st.lists(st.integers(0, max(n - 1, 0)), max_size=n), max_size=4))
))
def test_max_matching_is_maximum_and_one_to_one(case) -> None:
    n_right, adjacency = case
    adjacency = [[v for v in row if v < n_right] for row in adjacency]
    found = max_matching(adjacency, n_right)
    assert all(v in adjacency[u] for u, v in found.items())
    assert len(set(found.values())) == len(found)
    assert len(found) == _brute_force(adjacency, n_right)


def test_matching_reassigns_to_find_the_maximum() -> None:
    # the first left vertex greedily takes 0; only moving it to 1 lets the second match
    assert max_matching([[0, 1], [0]], 2) == {0: 1, 1: 0}
