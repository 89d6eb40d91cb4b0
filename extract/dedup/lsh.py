"""Locality-sensitive hashing by banding over one numpy signature matrix.

Rows of ``sig`` (``n × num_perm`` uint32, see :func:`extract.dedup.shingles.signatures`) are
cut into ``b`` bands of ``r`` columns; two rows are a candidate pair when they agree exactly
on every column of at least one band. This is what ``datasketch.MinHashLSH`` computes
(same bands, same parameters for a threshold), without a Python object, dict entry or
bytes key per item: each band is hashed to one uint64 per row, the keys are sorted, and
the rows of each run of equal keys are one bucket. Keys are checked against the band's
values, so a hash collision never adds a pair (the band is then sorted by its values).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache

import numpy as np

# odd 64-bit multipliers (fixed: identical runs give identical buckets)
_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
    dtype=np.uint64,
)


@cache
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows ``(b, r)`` that minimise the false positive plus false negative
    probability mass around ``threshold`` (weights 0.5/0.5), as ``datasketch.MinHashLSH``
    chooses them. The integrands are polynomials of degree ``b·r ≤ num_perm``, so Gauss–
    Legendre quadrature with ``num_perm`` nodes integrates them exactly (no scipy).

    >>> lsh_params(0.5, 64)
    (14, 4)
    """
    from numpy.polynomial.legendre import leggauss

    nodes, weights = leggauss(max(num_perm, 2))

    def integral(f: Callable[..., np.ndarray], lo: float, hi: float) -> float:
        s = (hi - lo) / 2 * nodes + (hi + lo) / 2
        return float((hi - lo) / 2 * np.dot(weights, f(s)))

    best, opt = float("inf"), (0, 0)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = integral(lambda s, b=b, r=r: 1 - (1 - s**r) ** b, 0.0, threshold)
            fn = integral(lambda s, b=b, r=r: (1 - s**r) ** b, threshold, 1.0)
            if (err := 0.5 * fp + 0.5 * fn) < best:
                best, opt = err, (b, r)
    return opt


def band_keys(band: np.ndarray) -> np.ndarray:
    """One uint64 key per row of ``band`` (``n × r`` uint32): equal rows, equal keys."""
    key = np.zeros(len(band), dtype=np.uint64)
    for c in range(band.shape[1]):
        key ^= band[:, c].astype(np.uint64) * _MIX[c % len(_MIX)] + np.uint64(c)
        key ^= key >> np.uint64(29)
        key *= _MIX[(c + 3) % len(_MIX)]
    return key


class Buckets:
    """The buckets of one band: rows sorted so that each bucket is one run of ``order``,
    rows of a bucket in ascending order."""

    def __init__(self, band: np.ndarray) -> None:
        n = len(band)
        key = band_keys(band)
        order = np.argsort(key, kind="stable")
        k = key[order]
        same = k[1:] == k[:-1]
        rows = band[order]
        if (same & (rows[1:] != rows[:-1]).any(axis=1)).any():  # a hash collision: sort by the values
            order = np.lexsort(band.T[::-1])
            rows = band[order]
            same = (rows[1:] == rows[:-1]).all(axis=1)
        start = np.flatnonzero(np.concatenate(([True], ~same)))
        size = np.diff(np.append(start, n))
        index = np.int32 if n < 2**31 else np.int64
        self.order = order.astype(index)
        self.position = np.empty(n, dtype=index)
        self.position[order] = np.arange(n, dtype=index)
        self.run_end = np.repeat(start + size, size).astype(index)  # for each sorted position, the end of its run

    def later(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pairs ``(i, j)``, ``i`` in ``rows``, ``j > i`` in the same bucket."""
        pos = self.position[rows].astype(np.int64)
        count = self.run_end[pos] - pos - 1
        total = int(count.sum())
        if total == 0:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        first = np.repeat(rows.astype(np.int64), count)
        step = np.arange(total) - np.repeat(np.cumsum(count) - count, count) + 1
        return first, self.order[np.repeat(pos, count) + step].astype(np.int64)


def iter_candidate_pairs(sig: np.ndarray, threshold: float, budget: int = 1 << 21) -> Iterator[np.ndarray]:
    """Candidate pairs of the rows of ``sig`` as ``k × 2`` int64 arrays, ``i < j``, each pair
    once, sorted, in blocks of ascending ``i``. A block holds at most about ``budget`` pairs
    before repeats across bands are dropped (a single row may exceed it), so memory stays
    bounded however dense the buckets are."""
    n, num_perm = sig.shape
    if n < 2:
        return
    b, r = lsh_params(threshold, num_perm)
    if n <= _SMALL:
        yield _small_pairs(sig, b, r)
        return
    bands = [Buckets(np.ascontiguousarray(sig[:, x * r : (x + 1) * r])) for x in range(b)]
    work = np.zeros(n, dtype=np.int64)  # pairs each row starts, over all bands
    for bk in bands:
        work += bk.run_end[bk.position] - bk.position - 1
    cum = np.cumsum(work)
    lo = 0
    while lo < n:
        base = int(cum[lo - 1]) if lo else 0
        hi = max(int(np.searchsorted(cum, base + budget, side="right")), lo + 1)
        rows = np.arange(lo, min(hi, n), dtype=np.int64)
        lo = hi
        if int(cum[rows[-1]]) == base:
            continue
        codes = []
        for bk in bands:
            first, second = bk.later(rows)
            codes.append(first * n + second)
        code = np.concatenate(codes)
        del codes
        code.sort()  # sort and drop repeats (faster than np.unique's hash table)
        code = code[np.concatenate(([True], code[1:] != code[:-1]))]
        yield np.stack((code // n, code % n), axis=1)


_SMALL = 256  # rows up to which dicts beat numpy's per-call overhead (one document's sentences)


def _small_pairs(sig: np.ndarray, b: int, r: int) -> np.ndarray:
    """The pairs of :func:`iter_candidate_pairs` for a few rows, with a dict per band."""
    rows = sig.tolist()
    pairs: set[tuple[int, int]] = set()
    for x in range(b):
        bucket: dict[tuple[int, ...], list[int]] = {}
        for i, row in enumerate(rows):
            bucket.setdefault(tuple(row[x * r : (x + 1) * r]), []).append(i)
        for members in bucket.values():
            if len(members) > 1:
                pairs.update((members[a], j) for a in range(len(members)) for j in members[a + 1 :])
    return np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)


def candidate_pairs(sig: np.ndarray, threshold: float) -> np.ndarray:
    """All candidate pairs of the rows of ``sig`` (``k × 2``, ``i < j``, sorted).

    >>> sig = np.array([[1, 2, 3, 4], [1, 2, 3, 4], [5, 6, 7, 8]], dtype=np.uint32)
    >>> candidate_pairs(np.tile(sig, 16), 0.5).tolist()
    [[0, 1]]
    """
    parts = [p for p in iter_candidate_pairs(sig, threshold) if len(p)]
    return np.concatenate(parts) if parts else np.empty((0, 2), dtype=np.int64)


__all__ = ["Buckets", "band_keys", "candidate_pairs", "iter_candidate_pairs", "lsh_params"]
