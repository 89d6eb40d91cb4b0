"""Character shingles and MinHash signatures of Chinese text (no word boundaries needed)."""

from __future__ import annotations

import tomllib
import zlib
from array import array
from collections.abc import Sequence
from functools import cache
from importlib import resources
from itertools import chain
from typing import Annotated

import numpy as np
import regex
from datasketch import LeanMinHash, MinHash
from pydantic import BaseModel, ConfigDict, Field

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
    data = tomllib.loads(resources.files("extract.data").joinpath("dedup.toml").read_text("utf-8"))
    return _Settings.model_validate(data).model_dump()


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


def minhashes(shingle_sets: Sequence[set[bytes]], chunk: int = 4096) -> list[LeanMinHash]:
    """MinHash signatures of many shingle sets at once.

    Equal to ``MinHash.bulk(sets, num_perm, seed, hashfunc=zlib.crc32)`` (datasketch's
    ``affine32`` scheme), computed in numpy over ``chunk`` sets at a time: CRC-32 of each
    shingle, the MurmurHash3 finalizer, then each permutation ``a·h + b`` (mod 2³²) and its
    minimum per set.
    """
    cfg = settings()["shingles"]
    num_perm, seed = cfg["num_perm"], cfg["seed"]
    a, b = MinHash(num_perm=num_perm, seed=seed, hashfunc=zlib.crc32, scheme="affine32").permutations
    out: list[LeanMinHash] = []
    for start in range(0, len(shingle_sets), chunk):
        part = shingle_sets[start : start + chunk]
        sizes = np.fromiter((len(x) for x in part), dtype=np.int64, count=len(part))
        hv = _fmix32(np.fromiter((zlib.crc32(x) for x in chain.from_iterable(part)), np.uint32, int(sizes.sum())))
        sig = np.full((len(part), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
        filled = sizes > 0
        if filled.any():
            offsets = (np.cumsum(sizes) - sizes)[filled]
            for p in range(num_perm):
                sig[filled, p] = np.minimum.reduceat(hv * a[p] + b[p], offsets)
        out.extend(LeanMinHash(seed=seed, hashvalues=row, scheme="affine32") for row in sig)
    return out


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (a bijection that spreads CRC-32's linear structure)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def containment(small: set[bytes], large: set[bytes]) -> float:
    """Share of ``small`` found in ``large`` (1.0 when ``small`` is a truncated copy of ``large``)."""
    return len(small & large) / len(small) if small else 0.0


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


__all__ = [
    "SENTENCE", "compact", "compact_offsets", "containment", "jaccard", "minhashes", "sentence_spans",
    "settings", "shingles",
]


@cache
def _lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows of an LSH index: datasketch derives them by numeric integration, which
    costs ~10 ms a time; they depend only on the threshold, so compute them once."""
    from datasketch.lsh import _optimal_param

    return _optimal_param(threshold, num_perm, 0.5, 0.5)


def lsh_index(threshold: float):
    """An empty ``MinHashLSH`` for the configured permutations (parameters cached)."""
    from datasketch import MinHashLSH

    num_perm = settings()["shingles"]["num_perm"]
    return MinHashLSH(num_perm=num_perm, params=_lsh_params(threshold, num_perm))
