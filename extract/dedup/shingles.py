"""Character shingles and MinHash signatures of Chinese text (no word boundaries needed)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

import regex
from datasketch import MinHash

_NOISE = regex.compile(r"[\s\p{P}\p{S}]+")


@cache
def settings() -> dict:
    """Thresholds from ``data/dedup.toml``."""
    return tomllib.loads(resources.files("extract.data").joinpath("dedup.toml").read_text("utf-8"))


def compact(text: str) -> str:
    """Text without whitespace, punctuation or symbols: what a copy keeps when layout changes."""
    return _NOISE.sub("", text)


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


__all__ = ["compact", "containment", "jaccard", "minhashes", "settings", "shingles"]
