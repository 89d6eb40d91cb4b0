"""Matching predicted items to gold items: exact keys (sets) and overlapping span pairs."""

from __future__ import annotations

from collections.abc import Hashable, Sequence, Set
from dataclasses import dataclass

from extract.score.keys import Keyed, Span


@dataclass(frozen=True)
class Match:
    """The outcome of matching one field of one document."""

    matched: tuple[Keyed, ...]  # gold items found (true positives)
    missed: tuple[Keyed, ...]  # gold items not found (false negatives)
    spurious: tuple[Keyed, ...]  # predicted items that match nothing (false positives)


def _unique(items: Sequence[Keyed], skip: Set[Hashable] = frozenset()) -> dict[Hashable, Keyed]:
    """First item per key, in order (a key listed twice counts once)."""
    out: dict[Hashable, Keyed] = {}
    for item in items:
        if item.key not in skip:
            out.setdefault(item.key, item)
    return out


def match_sets(gold: Sequence[Keyed], pred: Sequence[Keyed]) -> Match:
    """Set match by key. Keys only optional gold items have are removed from both sides."""
    required = _unique([g for g in gold if not g.optional])
    optional = {g.key for g in gold if g.optional} - required.keys()
    predicted = _unique(pred, skip=optional)
    return Match(
        matched=tuple(g for k, g in required.items() if k in predicted),
        missed=tuple(g for k, g in required.items() if k not in predicted),
        spurious=tuple(p for k, p in predicted.items() if k not in required),
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
    optional gold pair are dropped (neither rewarded nor penalised).
    """
    required = list(_unique([g for g in gold if not g.optional]).values())
    required_keys = {r.key for r in required}
    optional = [g for k, g in _unique([g for g in gold if g.optional]).items() if k not in required_keys]
    predicted = list(_unique(pred).values())
    adjacency = [[j for j, g in enumerate(required) if pairs_match(p.key, g.key, threshold)] for p in predicted]
    found = max_matching(adjacency, len(required))
    taken = set(found.values())
    spurious = tuple(
        p
        for i, p in enumerate(predicted)
        if i not in found and not any(pairs_match(p.key, o.key, threshold) for o in optional)
    )
    return Match(
        matched=tuple(g for j, g in enumerate(required) if j in taken),
        missed=tuple(g for j, g in enumerate(required) if j not in taken),
        spurious=spurious,
    )
