"""Pairing notices across seasons, and the season diff built on the pairs.

In order: forced pairs (``--pair OLD=NEW``); identical texts (same ``doc_id``); notices of the same jurisdiction and
season-neutral title; then the most similar pairs by content (:func:`similarity` at least
``[pairing].threshold`` of ``data/diff.toml``), so a draft whose jurisdiction or title was
misread still meets its final version; last, the only notice left of a jurisdiction on each
side, when at least ``jurisdiction_threshold`` similar. The rest are documents added or
removed, each listed with its nearest candidate on the other side and their similarity.

Every step is symmetric, so ``diff_notices(b, a) == diff_notices(a, b).mirrored()``.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath

from pydantic import BaseModel, ConfigDict, Field

from extract.core.datafiles import load
from extract.core.errors import CuofengError, DataError
from extract.core.models import Notice
from extract.dedup.shingles import jaccard, shingles
from extract.diff.core import (
    MatchedBy,
    SeasonDiff,
    Unpaired,
    _zip_by,
    diff_pair,
    doc_ref,
    neutral_title,
    pair_key,
    rule_who,
)

_DATA = "diff.toml"


class DiffError(CuofengError):
    """A diff cannot be made as asked (a ``--pair`` naming no notice, or several)."""


class _Pairing(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    threshold: float = Field(gt=0.0, le=1.0)
    text_weight: float = Field(ge=0.0)
    rules_weight: float = Field(ge=0.0)
    jurisdiction_threshold: float = Field(ge=0.0, le=1.0)


@cache
def pairing_settings() -> _Pairing:
    """``[pairing]`` of ``data/diff.toml``, validated once."""
    data = load(_DATA)
    try:
        cfg = _Pairing.model_validate(data.get("pairing"))
    except ValueError as err:
        raise DataError(f"{_DATA}: [pairing]: {err}") from err
    if cfg.text_weight + cfg.rules_weight <= 0:
        raise DataError(f"{_DATA}: [pairing]: text_weight + rules_weight must be positive")
    return cfg


@dataclass(frozen=True)
class _Profile:
    """What similarity looks at in one notice."""

    text: frozenset[bytes]
    who: frozenset[str]
    has_rules: bool


def _profile(n: Notice) -> _Profile:
    text = "\n".join([neutral_title(n.title) or "", *(r.text for r in n.rules)])
    who = frozenset(json.dumps(rule_who(r), ensure_ascii=False) for r in n.rules)
    return _Profile(frozenset(shingles(text)), who, bool(n.rules))


def _similarity(a: _Profile, b: _Profile) -> float:
    cfg = pairing_settings()
    text = jaccard(set(a.text), set(b.text)) if (a.text or b.text) else 0.0
    if not (a.has_rules or b.has_rules):
        return round(text, 4)
    rules = jaccard(set(a.who), set(b.who))
    total = cfg.text_weight + cfg.rules_weight
    return round((cfg.text_weight * text + cfg.rules_weight * rules) / total, 4)


def similarity(a: Notice, b: Notice) -> float:
    """How alike two notices are, 0..1 (symmetric): character 4-grams of the season-neutral
    title and rule texts, and the rules' who keys (industry + condition), weighted as
    ``data/diff.toml`` says."""
    return _similarity(_profile(a), _profile(b))


def _doc_order(n: Notice) -> tuple[str, str]:
    return n.source, n.doc_id


def _names(n: Notice) -> set[str]:
    p = PurePath(n.source)
    return {n.source, p.name, p.stem, n.doc_id} - {""}


def _find(name: str, notices: Sequence[Notice], side: str) -> Notice:
    hits = [n for n in notices if name in _names(n)]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        known = ", ".join(sorted(PurePath(n.source).stem or n.doc_id for n in notices)[:20]) or "none"
        raise DiffError(f"--pair: no notice {name!r} in the {side} season (its notices: {known})")
    raise DiffError(f"--pair: {name!r} names {len(hits)} notices of the {side} season: "
                    + ", ".join(sorted(n.source for n in hits)))


def parse_pair(spec: str) -> tuple[str, str]:
    """``OLD=NEW`` → (OLD, NEW): each a source path, file name, stem or doc_id."""
    old, sep, new = spec.partition("=")
    if not sep or not old.strip() or not new.strip():
        raise DiffError(f"--pair {spec!r}: write OLD=NEW (a source file name, stem or doc_id on each side)")
    return old.strip(), new.strip()


Pair = tuple[Notice, Notice, MatchedBy, float]


def match_notices(
    old: Sequence[Notice], new: Sequence[Notice], forced: Sequence[tuple[str, str]] = ()
) -> tuple[list[Pair], list[Notice], list[Notice]]:
    """Pair notices of two seasons (see the module doc).

    Returns (pairs with how they were matched and their similarity, added, removed).

    Raises:
        DiffError: a forced pair names no notice, several, or one already paired.
    """
    profiles = {id(n): _profile(n) for n in (*old, *new)}

    def sim(a: Notice, b: Notice) -> float:
        return _similarity(profiles[id(a)], profiles[id(b)])

    olds, news = sorted(old, key=_doc_order), sorted(new, key=_doc_order)
    pairs: list[Pair] = []
    for a_name, b_name in forced:
        a, b = _find(a_name, olds, "old"), _find(b_name, news, "new")
        olds = [n for n in olds if n is not a]
        news = [n for n in news if n is not b]
        pairs.append((a, b, "forced", sim(a, b)))

    def same_text(n: Notice) -> Hashable:
        return n.doc_id or object()  # the same decoded text: the same notice, whatever was read from it

    olds, news, identical = _zip_by(olds, news, same_text)
    pairs.extend((a, b, "identical", 1.0) for a, b in identical)

    def titled(n: Notice) -> Hashable:
        t = neutral_title(n.title)
        return (n.jurisdiction.name, t) if t else object()  # untitled: never equal

    olds, news, by_title = _zip_by(olds, news, titled)
    pairs.extend((a, b, "title", sim(a, b)) for a, b in by_title)

    threshold = pairing_settings().threshold
    candidates = sorted(
        ((s, a, b) for a in olds for b in news if (s := sim(a, b)) >= threshold),
        key=lambda c: (-c[0], *sorted((_doc_order(c[1]), _doc_order(c[2])))),
    )
    taken: set[int] = set()
    for s, a, b in candidates:
        if id(a) not in taken and id(b) not in taken:
            taken |= {id(a), id(b)}
            pairs.append((a, b, "similarity", s))
    olds = [n for n in olds if id(n) not in taken]
    news = [n for n in news if id(n) not in taken]

    floor = pairing_settings().jurisdiction_threshold
    for place in sorted({n.jurisdiction.name for n in olds if n.jurisdiction.name}):
        mine = [n for n in olds if n.jurisdiction.name == place]
        theirs = [n for n in news if n.jurisdiction.name == place]
        if len(mine) == 1 and len(theirs) == 1 and (s := sim(mine[0], theirs[0])) >= floor:
            pairs.append((mine[0], theirs[0], "jurisdiction", s))
            olds.remove(mine[0])
            news.remove(theirs[0])
    return pairs, news, olds


def _unpaired(n: Notice, others: Sequence[Notice], profiles: dict[int, _Profile]) -> Unpaired:
    if not others:
        return Unpaired(doc=doc_ref(n))
    best = min(others, key=lambda o: (-_similarity(profiles[id(n)], profiles[id(o)]), _doc_order(o)))
    score = _similarity(profiles[id(n)], profiles[id(best)])
    if score == 0:  # nothing in common with any: no candidate worth naming
        return Unpaired(doc=doc_ref(n), similarity=0.0)
    return Unpaired(doc=doc_ref(n), nearest=doc_ref(best), similarity=score)


def diff_notices(
    old: Sequence[Notice], new: Sequence[Notice], forced: Sequence[tuple[str, str]] = ()
) -> SeasonDiff:
    """Everything that changed from last season's notices (``old``) to this season's (``new``).

    ``forced`` pairs ``(old name, new name)`` are paired first, whatever their metadata.
    """
    pairs, added, removed = match_notices(old, new, forced)
    profiles = {id(n): _profile(n) for n in (*old, *new)}
    return SeasonDiff(
        notices=sorted((diff_pair(a, b, how, s) for a, b, how, s in pairs), key=pair_key),
        added=sorted((_unpaired(n, old, profiles) for n in added), key=lambda u: u.doc.model_dump_json()),
        removed=sorted((_unpaired(n, new, profiles) for n in removed), key=lambda u: u.doc.model_dump_json()),
    )
