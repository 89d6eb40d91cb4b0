"""Matching predicted items to gold items: equal keys one-to-one, and overlapping span pairs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import cast

from extract.score.keys import Keyed, Span


@dataclass(frozen=True)
class Match:
    """The outcome of matching one field of one document."""

    matched: tuple[Keyed, ...]  # gold items found (true positives)
    missed: tuple[Keyed, ...]  # gold items not found (false negatives)
    spurious: tuple[Keyed, ...]  # predicted items that match nothing (false positives)


def _distance(a: Keyed, b: Keyed) -> float:
    """How far apart two items' evidence is (start offsets); unknown spans are farthest."""
    if a.span is None or b.span is None:
        return float("inf")
    return abs(a.span[0] - b.span[0])


def _pair_equal_keys(left: Sequence[Keyed], right: Sequence[Keyed]) -> tuple[list[int], list[int]]:
    """Pair items with equal keys one-to-one, nearest spans first; the indices left unpaired.

    Returns (unpaired left indices, unpaired right indices), each in input order.
    """
    by_key: dict[Hashable, list[int]] = defaultdict(list)
    for j, item in enumerate(right):
        by_key[item.key].append(j)
    candidates = sorted(
        (_distance(item, right[j]), i, j) for i, item in enumerate(left) for j in by_key.get(item.key, ())
    )
    used_left: set[int] = set()
    used_right: set[int] = set()
    for _, i, j in candidates:
        if i not in used_left and j not in used_right:
            used_left.add(i)
            used_right.add(j)
    return (
        [i for i in range(len(left)) if i not in used_left],
        [j for j in range(len(right)) if j not in used_right],
    )


def match_items(gold: Sequence[Keyed], pred: Sequence[Keyed]) -> Match:
    """One-to-one match by key (SCHEMA.md v1.1): gold and prediction are multisets.

    Each required gold item takes at most one predicted item with an equal key (the nearest
    span when several are equal), so a prediction repeated twice is one true positive and one
    false positive, and two gold items with one key need two predictions. A prediction left
    over that equals an optional gold item takes that item and is neither rewarded nor
    penalised (again one each).
    """
    required = [g for g in gold if not g.optional]
    optional = [g for g in gold if g.optional]
    missed_idx, left_idx = _pair_equal_keys(required, pred)
    leftover = [pred[j] for j in left_idx]
    _, spurious_idx = _pair_equal_keys(optional, leftover)
    missed = set(missed_idx)
    return Match(
        matched=tuple(g for i, g in enumerate(required) if i not in missed),
        missed=tuple(required[i] for i in missed_idx),
        spurious=tuple(leftover[j] for j in spurious_idx),
    )


def iou(a: Span, b: Span) -> float:
    """Intersection over union of two ``[start, end)`` spans (0.0 when both are empty)."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = (a[1] - a[0]) + (b[1] - b[0]) - inter
    return inter / union if union > 0 else 0.0


def pairs_match(p: tuple[Span, Span], g: tuple[Span, Span], threshold: float) -> bool:
    """Whether each span of pair ``p`` overlaps its counterpart in ``g`` with IoU ≥ threshold.

    Pairs are unordered: either pairing of the two copies may be the one that matches.
    """
    (a, b), (c, d) = p, g
    return (iou(a, c) >= threshold and iou(b, d) >= threshold) or (
        iou(a, d) >= threshold and iou(b, c) >= threshold
    )


def _pairs_match(p: Keyed, g: Keyed, threshold: float) -> bool:
    """:func:`pairs_match` of two keyed duplicate pairs (their keys are span pairs)."""
    return pairs_match(cast(tuple[Span, Span], p.key), cast(tuple[Span, Span], g.key), threshold)


def max_matching(adjacency: Sequence[Sequence[int]], n_right: int) -> dict[int, int]:
    """A maximum one-to-one matching of a bipartite graph (augmenting paths, Kuhn's algorithm).

    ``adjacency[u]`` lists the right vertices left vertex ``u`` may take. Returns {u: v}.
    """
    owner = [-1] * n_right

    def assign(u: int, seen: set[int]) -> bool:
        for v in adjacency[u]:
            if v in seen:
                continue
            seen.add(v)
            if owner[v] == -1 or assign(owner[v], seen):
                owner[v] = u
                return True
        return False

    for u in range(len(adjacency)):
        assign(u, set())
    return {u: v for v, u in enumerate(owner) if u != -1}


def match_pairs(gold: Sequence[Keyed], pred: Sequence[Keyed], threshold: float) -> Match:
    """Pair match for duplicates: keys are span pairs, matched one-to-one by overlap.

    Predicted pairs are first matched to required gold pairs; of the rest, those that match an
    optional gold pair are dropped (neither rewarded nor penalised). A pair reported twice is
    one true positive and one false positive.
    """
    required = [g for g in gold if not g.optional]
    optional = [g for g in gold if g.optional]
    predicted = list(pred)
    adjacency = [[j for j, g in enumerate(required) if _pairs_match(p, g, threshold)] for p in predicted]
    found = max_matching(adjacency, len(required))
    taken = set(found.values())
    spurious = tuple(
        p
        for i, p in enumerate(predicted)
        if i not in found and not any(_pairs_match(p, o, threshold) for o in optional)
    )
    return Match(
        matched=tuple(g for j, g in enumerate(required) if j in taken),
        missed=tuple(g for j, g in enumerate(required) if j not in taken),
        spurious=spurious,
    )
