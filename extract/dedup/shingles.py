"""Character shingles and MinHash signatures of Chinese text (no word boundaries needed)."""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Hashable, Sequence
from collections.abc import Set as AbstractSet
from functools import cache
from itertools import chain
from typing import Annotated

import numpy as np
import regex
from pydantic import BaseModel, ConfigDict, Field

from extract.core import datafiles

_NOISE = regex.compile(r"[\s\p{P}\p{S}]+")
_KEPT = regex.compile(r"[^\s\p{P}\p{S}]+")
#: a sentence: up to and including 。;!? (normalised text has half-width marks), or a line
SENTENCE = regex.compile(r"[^。;!?\n]+[。;!?]?")


Share = Annotated[float, Field(gt=0.0, le=1.0)]
Count = Annotated[int, Field(ge=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Shingles(_Strict):
    k: Count
    num_perm: Annotated[int, Field(ge=16)]
    seed: int


class _Paragraph(_Strict):
    min_chars: Count
    min_sentence_chars: Count
    heading_min_chars: Count
    near_jaccard: Share
    verify_ratio: Share


class _Plan(_Strict):
    containment: Share


class _Document(_Strict):
    containment: Share
    near_jaccard: Share
    chunk_min_chars: Count
    chunk_share: Share


class _Semantic(_Strict):
    threshold: Share


class _Settings(_Strict):
    shingles: _Shingles
    paragraph: _Paragraph
    plan: _Plan
    document: _Document
    semantic: _Semantic


@cache
def settings() -> dict:
    """Thresholds from ``data/dedup.toml``, validated once (unknown or missing keys are errors)."""
    return datafiles.validated("dedup.toml", _Settings).model_dump()


def compact(text: str) -> str:
    """Text without whitespace, punctuation or symbols: what a copy keeps when layout changes."""
    return _NOISE.sub("", text)


def compact_offsets(text: str) -> tuple[str, array]:
    """:func:`compact` and, for each of its characters, its offset in ``text``.

    >>> compact_offsets("一、限产 30%")
    ('一限产30', array('l', [0, 2, 3, 5, 6]))
    """
    offsets = array("l")
    for m in _KEPT.finditer(text):
        offsets.extend(range(m.start(), m.end()))
    return compact(text), offsets


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the sentences (ended by 。；！？ or a line break) of ``text[start:end]``."""
    end = len(text) if end is None else end
    return [(m.start(), m.end()) for m in SENTENCE.finditer(text, start, end) if compact(m.group())]


def shingles(text: str, k: int | None = None) -> set[bytes]:
    """The set of character ``k``-grams of the compacted text (the whole text if shorter),
    each as its UTF-32 bytes (fixed width: slicing the encoded text once is cheaper than
    encoding every k-gram)."""
    k = k or settings()["shingles"]["k"]
    data = compact(text).encode("utf-32-le")
    width, n = 4 * k, len(data)
    if n <= width:
        return {data} if data else set()
    return {data[i : i + width] for i in range(0, n - width + 4, 4)}


def minhashes(shingle_sets: Sequence[set[bytes]], chunk: int = 4096) -> np.ndarray:
    """MinHash signatures of many shingle sets (``len × num_perm`` uint32).

    Equal to ``MinHash.bulk(sets, num_perm, seed, hashfunc=zlib.crc32)`` (datasketch's
    ``affine32`` scheme): CRC-32 of each shingle, the MurmurHash3 finalizer, then each
    permutation ``a·h + b`` (mod 2³²) and its minimum per set. :func:`signatures` computes
    the same rows from texts without building the sets.
    """
    out = np.empty((len(shingle_sets), settings()["shingles"]["num_perm"]), dtype=np.uint32)
    for start in range(0, len(shingle_sets), chunk):
        part = shingle_sets[start : start + chunk]
        sizes = np.fromiter((len(x) for x in part), dtype=np.int64, count=len(part))
        hv = np.fromiter((zlib.crc32(x) for x in chain.from_iterable(part)), np.uint32, int(sizes.sum()))
        out[start : start + len(part)] = _min_rows(hv, sizes)
    return out


def signatures(texts: Sequence[str], chunk_chars: int = 1 << 18) -> np.ndarray:
    """MinHash signatures of texts (``len(texts) × num_perm`` uint32): row ``i`` equals
    ``minhashes([shingles(texts[i])])[0]``, computed in numpy without a Python object per
    shingle. Texts are compacted by a per-code-point table and their ``k``-grams hashed
    with CRC-32 as the XOR of per-position tables (CRC is affine over GF(2), so the CRC of
    a fixed-length message is the CRC of zeros XOR one table entry per character).
    """
    n = len(texts)
    out = np.empty((n, settings()["shingles"]["num_perm"]), dtype=np.uint32)
    ends = np.cumsum(np.fromiter((len(t) for t in texts), dtype=np.int64, count=n))
    lo = 0
    while lo < n:  # chunks of about ``chunk_chars`` characters (at least one text): cache-sized arrays
        base = int(ends[lo - 1]) if lo else 0
        hi = max(int(np.searchsorted(ends, base + chunk_chars, side="right")), lo + 1)
        out[lo:hi] = _text_rows(texts[lo:hi])
        lo = hi
    return out


def _text_rows(texts: Sequence[str]) -> np.ndarray:
    k = settings()["shingles"]["k"]
    raw_len = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    cps = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    keep = _kept(cps)
    starts = np.cumsum(raw_len) - raw_len
    size = np.zeros(len(texts), dtype=np.int64)  # compacted length of each text
    nonempty = raw_len > 0
    if nonempty.any():
        size[nonempty] = np.add.reduceat(keep.astype(np.int64), starts[nonempty])
    cps = cps[keep]
    first = np.cumsum(size) - size  # where each compacted text starts in ``cps``
    count = np.where(size >= k, size - k + 1, np.minimum(size, 1))  # shingles per text
    hv = np.empty(int(count.sum()), dtype=np.uint32)
    at = np.cumsum(count) - count
    long_ = size >= k
    if long_.any():
        every = _window_crc(cps, k)  # CRC of the k-gram starting at each position
        c = count[long_]
        within = np.arange(int(c.sum())) - np.repeat(np.cumsum(c) - c, c)
        hv[np.repeat(at[long_], c) + within] = every[np.repeat(first[long_], c) + within]
    for i in np.flatnonzero((size > 0) & ~long_).tolist():  # shorter than k: the whole text is one shingle
        hv[at[i]] = zlib.crc32(cps[first[i] : first[i] + size[i]].tobytes())
    return _min_rows(hv, count)


def _min_rows(hv: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Signature rows of consecutive groups of ``sizes`` CRC-32 values (empty group: all max)."""
    cfg = settings()["shingles"]
    a, b = _permutations(cfg["num_perm"], cfg["seed"])
    sig = np.full((len(sizes), cfg["num_perm"]), np.iinfo(np.uint32).max, dtype=np.uint32)
    filled = sizes > 0
    if filled.any():
        hv = _fmix32(hv)
        offsets = (np.cumsum(sizes) - sizes)[filled]
        if len(hv) * len(a) <= _AT_ONCE:  # one document's sentences: all permutations in one product
            sig[filled] = np.minimum.reduceat(hv[:, None] * a[None, :] + b[None, :], offsets, axis=0)
        else:  # a collection: one permutation at a time keeps memory to one column
            for p in range(cfg["num_perm"]):
                sig[filled, p] = np.minimum.reduceat(hv * a[p] + b[p], offsets)
    return sig


#: shingles × permutations up to which a signature block is computed in one product (4 MB of uint32)
_AT_ONCE = 1 << 20


@cache
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's ``affine32`` permutations: odd ``a`` and any ``b``, from ``RandomState(seed)``."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


_KEPT_TABLE = np.full(0x110000, -1, dtype=np.int8)  # per code point: 1 kept by compact(), 0 removed, -1 unknown


def _kept(cps: np.ndarray) -> np.ndarray:
    """Which code points :func:`compact` keeps (classified once per code point)."""
    known = _KEPT_TABLE[cps]
    if (known < 0).any():
        for c in sorted(set(cps[known < 0].tolist())):  # not np.unique: it imports numpy.ma
            _KEPT_TABLE[c] = 0 if _NOISE.fullmatch(chr(c)) else 1
        known = _KEPT_TABLE[cps]
    return known.astype(bool)


@cache
def _crc_tables(k: int) -> tuple[int, np.ndarray, np.ndarray]:
    """CRC-32 of ``k`` zero code points (UTF-32-LE), and for each position ``j`` of a ``k``-gram
    the contribution of its low 16 bits (``k × 65536``) and of bits 16–23 (``k × 256``)."""
    width = 4 * k
    zero = zlib.crc32(bytes(width))
    byte = np.empty((width, 256), dtype=np.uint32)
    for at in range(width):
        msg = bytearray(width)
        for v in range(256):
            msg[at] = v
            byte[at, v] = zlib.crc32(msg) ^ zero
    low16 = np.arange(65536)
    low = np.stack([byte[4 * j][low16 & 0xFF] ^ byte[4 * j + 1][low16 >> 8] for j in range(k)])
    high = np.stack([byte[4 * j + 2] for j in range(k)])
    return zero, low, high


def _window_crc(cps: np.ndarray, k: int) -> np.ndarray:
    """``zlib.crc32`` of the UTF-32-LE bytes of ``cps[p:p+k]`` for every ``p`` (length ``len - k + 1``)."""
    zero, low, high = _crc_tables(k)
    m = len(cps) - k + 1
    lo = (cps & 0xFFFF).astype(np.intp)
    out = np.full(m, zero, dtype=np.uint32)
    for j in range(k):
        out ^= low[j][lo[j : j + m]]
    if (hi := cps >> 16).any():
        hi = hi.astype(np.intp)
        for j in range(k):
            out ^= high[j][hi[j : j + m]]
    return out


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (a bijection that spreads CRC-32's linear structure)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def containment(small: AbstractSet[Hashable], large: AbstractSet[Hashable]) -> float:
    """Share of ``small`` found in ``large`` (1.0 when ``small`` is a truncated copy of ``large``)."""
    return len(small & large) / len(small) if small else 0.0


def jaccard(a: AbstractSet[Hashable], b: AbstractSet[Hashable]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


__all__ = [
    "SENTENCE", "compact", "compact_offsets", "containment", "jaccard", "minhashes", "sentence_spans",
    "settings", "shingles", "signatures",
]

