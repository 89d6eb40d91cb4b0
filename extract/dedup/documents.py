"""The same notice in several files: identical copies, near copies, and a notice quoted whole
inside another (a provincial notice carrying the national one as its attachment).

Candidates come from two indexes, then every pair is verified on exact shingle sets:

* MinHash LSH (banding over one signature matrix, :mod:`extract.dedup.lsh`, Jaccard
  ``document.near_jaccard``) over whole documents finds near copies;
* sentences hashed exactly (content-defined chunks) find a document quoted inside a much
  larger one, whose Jaccard similarity is too low for LSH.

A pair is a copy when ``document.containment`` of one document's shingles is found in the
other, and no sentence of one has its counterpart in the other with other numbers (限产20%
and 限产50% are different rules, however alike the text).
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Literal

import regex

from extract.dedup.lsh import candidate_pairs
from extract.dedup.shingles import (
    compact,
    compact_offsets,
    containment,
    sentence_spans,
    settings,
    shingles,
    signatures,
)

Relation = Literal["identical", "near", "contained"]
Span = tuple[int, int]

_DIGITS = regex.compile(r"\d+")
# closing marks that belong to the last sentence of a copy
_CLOSERS = frozenset("。;!?)]》」』”’")


@dataclass
class DocumentGroup:
    """Documents that are copies of each other, or one quoted inside others.

    ``members`` are ``(doc_id, span)`` in input order; ``span`` is where the copied text
    lies in that member's text (``None``: the whole document). For ``relation ==
    'contained'``, ``containers`` names the members holding the copy, each with the span of
    the copy when its first and last sentences could be found (else ``None``).
    ``similarity`` is the Jaccard similarity of the shingle sets for 'identical' and 'near',
    the share of the copy's shingles found in the container for 'contained'.
    """

    members: list[tuple[str, Span | None]]
    similarity: float
    relation: Relation
    containers: list[str] = field(default_factory=list)
    kind: Literal["document"] = "document"


@dataclass
class _Doc:
    pos: int  # input position
    doc_id: str
    text: str
    compact: str
    shingles: set[bytes]


def find_document_duplicates(docs: Sequence[tuple[str, str]]) -> list[DocumentGroup]:
    """Groups of duplicate documents among ``(doc_id, normalised text)`` pairs.

    The groups found do not depend on the order of ``docs``; members are listed in input
    order and groups by their first member.

    >>> a = "一、各地要严格执行水泥熟料生产线错峰生产规定。二、错峰时段为采暖季4个月。"
    >>> [(g.relation, [m for m, _ in g.members]) for g in find_document_duplicates([("a", a), ("b", a)])]
    [('identical', ['a', 'b'])]
    """
    prepared = [
        _Doc(pos, doc_id, text, c, shingles(text))
        for pos, (doc_id, text) in enumerate(docs)
        if (c := compact(text))
    ]
    clusters = _identical_clusters(prepared)
    found = [
        ([d.pos for d in c], DocumentGroup(members=[(d.doc_id, None) for d in c], similarity=1.0, relation="identical"))
        for c in clusters
        if len(c) > 1
    ]
    for a, b in sorted(_candidate_pairs([c[0] for c in clusters])):
        group = _verify(clusters[a], clusters[b])
        if group is not None:
            found.append((sorted(d.pos for d in (*clusters[a], *clusters[b])), group))
    return [g for _, g in sorted(found, key=lambda pg: pg[0])]


def _identical_clusters(docs: list[_Doc]) -> list[list[_Doc]]:
    """Documents with the same compacted text, clusters in order of their first member."""
    by_hash: dict[bytes, list[_Doc]] = defaultdict(list)
    for d in docs:
        by_hash[hashlib.blake2b(d.compact.encode("utf-8"), digest_size=16).digest()].append(d)
    return sorted(by_hash.values(), key=lambda c: c[0].pos)


def _candidate_pairs(reps: list[_Doc]) -> set[tuple[int, int]]:
    """Index pairs worth verifying: near by MinHash LSH, or sharing many exact sentences."""
    if len(reps) < 2:
        return set()
    cfg = settings()["document"]
    near = candidate_pairs(signatures([d.compact for d in reps]), cfg["near_jaccard"])
    pairs: set[tuple[int, int]] = set(map(tuple, near.tolist()))

    keys = [_sentence_keys(d.text, cfg["chunk_min_chars"]) for d in reps]
    weight = [sum(len(k) for k in ks) for ks in keys]
    holders: dict[str, list[int]] = defaultdict(list)
    for i, ks in enumerate(keys):
        for k in ks:
            holders[k].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for k, idx in holders.items():
        for pair in combinations(idx, 2):
            shared[pair] += len(k)
    pairs.update(p for p, n in shared.items() if n >= cfg["chunk_share"] * min(weight[p[0]], weight[p[1]]))
    return pairs


def _sentence_keys(text: str, min_chars: int) -> set[str]:
    return {k for s, e in sentence_spans(text) if len(k := compact(text[s:e])) >= min_chars}


def _verify(xs: list[_Doc], ys: list[_Doc]) -> DocumentGroup | None:
    """The group two clusters of identical documents form, or ``None`` if not copies."""
    threshold = settings()["document"]["containment"]
    x, y = xs[0], ys[0]
    inter = len(x.shingles & y.shingles)
    cx, cy = inter / len(x.shingles), inter / len(y.shingles)
    members = sorted([*xs, *ys], key=lambda d: d.pos)
    if cx >= threshold and cy >= threshold:
        if _numbers_differ(x, y) or _numbers_differ(y, x):
            return None
        sim = inter / len(x.shingles | y.shingles)
        return DocumentGroup(members=[(d.doc_id, None) for d in members], similarity=round(sim, 4), relation="near")
    if max(cx, cy) < threshold:
        return None
    (copies, c), hosts = ((xs, cx), ys) if cx >= cy else ((ys, cy), xs)
    spans = {h.pos: _locate(copies[0].text, h.text) for h in hosts}
    if _numbers_differ(copies[0], hosts[0]):
        return None
    return DocumentGroup(
        members=[(d.doc_id, spans.get(d.pos)) for d in members],
        similarity=round(c, 4),
        relation="contained",
        containers=[h.doc_id for h in sorted(hosts, key=lambda d: d.pos)],
    )


def _numbers_differ(copy: _Doc, host: _Doc) -> bool:
    """Whether a sentence of ``copy`` has its counterpart in ``host`` with other numbers:
    限产20% copied as 限产50% is another rule, not a copy. Sentences only one has do not count."""
    threshold = settings()["document"]["containment"]
    host_sents: list[tuple[set[bytes], Counter[str]]] | None = None
    for s, e in sentence_spans(copy.text):
        key = compact(copy.text[s:e])
        if not _DIGITS.search(key) or key in host.compact:
            continue
        if host_sents is None:  # the host's sentences, only when a sentence is not found verbatim
            host_keys = (compact(host.text[hs:he]) for hs, he in sentence_spans(host.text))
            host_sents = [(shingles(k), Counter(_DIGITS.findall(k))) for k in host_keys if _DIGITS.search(k)]
        mine = shingles(key)
        best = max(host_sents, key=lambda hs: containment(mine, hs[0]), default=None)
        if best is not None and containment(mine, best[0]) >= threshold and best[1] != Counter(_DIGITS.findall(key)):
            return True
    return False


def _locate(copy: str, host: str, tries: int = 5) -> Span | None:
    """Span in ``host`` of the text of ``copy``: from its first to its last sentence found.

    Sentences are matched on compacted text; of several places, the one whose length is
    closest to the copy's wins. ``None`` when neither end can be found.
    """
    keys = [k for s, e in sentence_spans(copy) if (k := compact(copy[s:e]))]
    if not keys:
        return None
    hc, offsets = compact_offsets(host)
    size = sum(len(k) for k in keys)
    heads = (_find_all(hc, k) for k in keys[:tries])
    tails = ([h + len(k) for h in _find_all(hc, k)] for k in reversed(keys[-tries:]))
    starts = next((hits for hits in heads if hits), None)
    ends = next((hits for hits in tails if hits), None)
    if not starts or not ends:
        return None
    best: tuple[int, int, int] | None = None  # (distance from the copy's size, start, end)
    for s in starts:  # the end nearest to s + size, by bisection over the sorted ends
        at = bisect_left(ends, s + size)
        for e in ends[max(at - 1, 0) : at + 1]:
            if e > s and (best is None or (abs(e - s - size), s, e) < best):
                best = (abs(e - s - size), s, e)
    if best is None:
        return None
    start, end = offsets[best[1]], offsets[best[2] - 1] + 1
    while end < len(host) and host[end] in _CLOSERS:
        end += 1
    return start, end


def _find_all(text: str, key: str) -> list[int]:
    out, i = [], text.find(key)
    while i >= 0:
        out.append(i)
        i = text.find(key, i + 1)
    return out


__all__ = ["DocumentGroup", "find_document_duplicates"]
