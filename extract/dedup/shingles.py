"""Character shingles and MinHash signatures of Chinese text (no word boundaries needed)."""

from __future__ import annotations

import tomllib
from array import array
from functools import cache
from importlib import resources
from typing import Annotated

import regex
from datasketch import MinHash
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
    """The set of character ``k``-grams of the compacted text (the whole text if shorter)."""
    k = k or settings()["shingles"]["k"]
    c = compact(text)
    if len(c) <= k:
        return {c.encode("utf-8")} if c else set()
    return {c[i : i + k].encode("utf-8") for i in range(len(c) - k + 1)}


def minhashes(shingle_sets: list[set[bytes]]) -> list[MinHash]:
    """MinHash signatures of many shingle sets at once (``MinHash.bulk``)."""
    s = settings()["shingles"]
    return MinHash.bulk([list(x) for x in shingle_sets], num_perm=s["num_perm"], seed=s["seed"])


def containment(small: set[bytes], large: set[bytes]) -> float:
    """Share of ``small`` found in ``large`` (1.0 when ``small`` is a truncated copy of ``large``)."""
    return len(small & large) / len(small) if small else 0.0


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


__all__ = [
    "SENTENCE", "compact", "compact_offsets", "containment", "jaccard", "minhashes", "sentence_spans",
    "settings", "shingles",
]
