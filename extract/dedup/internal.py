"""Duplicates inside one document: repeated plans (whole or truncated) and repeated runs of
sentences (a web copy that repeats its paragraphs, partly out of order)."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

import regex

from extract.dedup.shingles import (
    SENTENCE,
    compact,
    compact_offsets,
    containment,
    lsh_index,
    minhashes,
    settings,
    shingles,
)


@dataclass(frozen=True)
class Group:
    """One repeated block: spans (normalised-text offsets) of every copy, the kept one first."""

    kind: str  # 'paragraph' | 'plan'
    spans: tuple[tuple[int, int], ...]
    similarity: float


@dataclass
class InternalDuplicates:
    groups: list[Group] = field(default_factory=list)
    dropped: list[tuple[int, int]] = field(default_factory=list)  # copies not kept
    plan_duplicate_of: dict[int, int] = field(default_factory=dict)  # plan index → earlier plan index


_NUMBERS = regex.compile(r"\d+")
_CLOSERS = frozenset("。;!?)]》」』”’")
# criteria lists (⑴ … ⑵ …) repeat the same conditions under different tiers by design
_SECTION_HEAD = regex.compile(r"\s*[一二三四五六七八九十]+、")
_LIST_ITEM = regex.compile(r"\s*(?:[⑴-⒇①-⑳]|\(\d{1,2}\)|\d{1,2}[.、](?!\d))")


def find_internal_duplicates(
    text: str, blocks: list[tuple[int, int]], plans: list[tuple[int, int]]
) -> InternalDuplicates:
    """Plans that repeat an earlier plan, and repeated sentence runs inside each kept part.

    ``blocks`` are unused by the sentence-run method but define the document's text parts;
    ``plans`` are the plan extents of a compilation (empty for a single notice).
    """
    out = InternalDuplicates()
    _plan_duplicates(text, plans, out)
    parts = [p for i, p in enumerate(plans, start=1) if i not in out.plan_duplicate_of] or [(0, len(text))]
    if plans:  # text before the first plan (a web snippet) is a part of its own
        parts = [(0, plans[0][0]), *parts]
    for start, end in parts:
        _sentence_runs(text, start, end, out)
    return out


def _plan_duplicates(text: str, plans: list[tuple[int, int]], out: InternalDuplicates) -> None:
    threshold = settings()["plan"]["containment"]
    sets = [shingles(text[s:e]) for s, e in plans]
    for j in range(len(plans)):
        for i in range(j):
            if (i + 1) in out.plan_duplicate_of:
                continue
            small, large = (sets[j], sets[i]) if len(sets[j]) <= len(sets[i]) else (sets[i], sets[j])
            c = containment(small, large)
            if c >= threshold:
                out.plan_duplicate_of[j + 1] = i + 1
                out.groups.append(Group("plan", (plans[i], plans[j]), c))
                out.dropped.append(plans[j])
                break


def _sentence_runs(text: str, start: int, end: int, out: InternalDuplicates) -> None:
    """Runs of consecutive sentences that repeat another run: exactly, nearly, or cut short.

    The first copy is kept, unless it is cut short (shorter than ``verify_ratio`` of the
    other: a teaser before the full text). Runs of list items only (criteria repeated under
    each tier), sentences found three times or more (a form's note) and titles quoted in
    《》 are not copies.
    """
    cfg = settings()["paragraph"]
    sents = [
        piece
        for m in SENTENCE.finditer(text, start, end)
        if compact(m.group()) and "\t" not in m.group()  # table rows repeat by design
        for piece in _split_self_repeat(text, m.start(), m.end(), cfg["min_chars"])
    ]
    if len(sents) < 2:
        return
    keys = [_key(text, s, e) for s, e in sents]
    partner, trimmed = _partners(text, sents, keys, cfg)

    def span(x: int, pair: int) -> tuple[int, int]:  # sentence x as matched in pair (pair, partner[pair])
        return trimmed.get((pair, x), sents[x])

    i = 0
    while i < len(sents):
        if partner[i] is None:
            i += 1
            continue
        j = i
        while (
            j + 1 < len(sents)
            and (p := partner[j + 1]) is not None
            and partner[j] <= p <= partner[j] + 1  # type: ignore[operator]
            and p < i
        ):
            j += 1
        first, last = partner[i], partner[j]
        assert first is not None and last is not None
        if last >= i:  # the run overlaps its own source: keep the part before it
            j, last = i, first
        orig = (span(first, i)[0], span(last, j)[1])
        copy = (span(i, i)[0], span(j, j)[1])
        a, b = compact(text[orig[0] : orig[1]]), compact(text[copy[0] : copy[1]])
        listed = any(
            all(_LIST_ITEM.match(text, sents[x][0]) for x in run) for run in (range(i, j + 1), range(first, last + 1))
        )
        boilerplate = sum(1 for k in keys if k == keys[i]) >= 3  # a form's note, not a copy
        cited = _in_title_marks(text, orig) or _in_title_marks(text, copy)  # 《title》 cited, not copied
        # a repeated section heading with its sentence ("二、实施范围实施对象为钢铁冶炼企业。") is a
        # copy even when short: web copies repeat whole sections, documents do not repeat headings
        headed = _SECTION_HEAD.match(text, copy[0]) is not None and _SECTION_HEAD.match(text, orig[0]) is not None
        min_chars = cfg["heading_min_chars"] if headed else cfg["min_chars"]
        if min(len(a), len(b)) >= min_chars and not (listed or boilerplate or cited):
            sim = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
            # the first copy is kept unless it is cut short (a teaser before the full text)
            kept, dropped = (copy, orig) if len(a) < cfg["verify_ratio"] * len(b) else (orig, copy)
            _add_paragraph_group(out, kept, dropped, round(sim, 4))
        i = j + 1


def _in_title_marks(text: str, span: tuple[int, int]) -> bool:
    """Whether ``span`` lies inside 《…》 (the title of a cited document)."""
    start, end = span
    inside = text[start:end].rstrip("》")
    return text.rfind("《", 0, start) > text.rfind("》", 0, start) and "》" not in inside and "《" not in inside


def _split_self_repeat(text: str, start: int, end: int, min_chars: int) -> list[tuple[int, int]]:
    """A sentence that repeats ``min_chars`` or more of itself (a web page's truncated teaser
    glued to the full text by the line joiner), cut where each copy starts."""
    key, offsets = compact_offsets(text[start:end])
    seen: dict[str, int] = {}
    for q in range(len(key) - min_chars + 1):
        first = seen.setdefault(key[q : q + min_chars], q)
        if q - first >= min_chars:
            while first > 0 and key[first - 1] == key[q - 1]:
                first, q = first - 1, q - 1
            bounds = [start, *sorted({start + offsets[first], start + offsets[q]} - {start}), end]
            return [(a, b) for a, b in pairwise(bounds) if compact(text[a:b])]
    return [(start, end)]


def _key(text: str, start: int, end: int) -> str:
    """What identifies a sentence: its compacted text without a leading list marker (1、 ⑴)."""
    m = _LIST_ITEM.match(text, start, end)
    return compact(text[m.end() if m else start : end])


def _partners(
    text: str, sents: list[tuple[int, int]], keys: list[str], cfg: dict
) -> tuple[list[int | None], dict[tuple[int, int], tuple[int, int]]]:
    """For each sentence, an earlier sentence it repeats or that it completes (or ``None``).

    Candidates: the first exact repeat; near repeats (MinHash LSH, verified by difflib with
    the same numbers); a sentence found whole inside a longer one, cut short (a web
    summary's truncated line: the longer one is the complete text) or padded (junk glued
    before it, or more text around it: the longer one is trimmed to the copy, returned as
    ``trimmed[(later, longer)]``). Of several candidates, the one that continues a run with
    the neighbouring sentences wins, else exact before near before contained, then the first.
    """
    n = len(keys)
    cands: list[list[tuple[int, int, tuple[int, tuple[int, int]] | None]]] = [[] for _ in range(n)]
    first_of: dict[str, int] = {}
    for idx, k in enumerate(keys):
        if k in first_of:
            cands[idx].append((first_of[k], 0, None))
        first_of.setdefault(k, idx)
    long_idx = [i for i, k in enumerate(keys) if len(k) >= cfg["min_sentence_chars"] and not cands[i]]
    if len(long_idx) > 1:
        sigs = minhashes([shingles(keys[i]) for i in long_idx])
        lsh = lsh_index(cfg["near_jaccard"])
        for pos, i in enumerate(long_idx):
            for c in sorted(int(c) for c in lsh.query(sigs[pos])):
                if _alike(keys[c], keys[i], cfg["verify_ratio"]):
                    cands[i].append((c, 1, None))
            lsh.insert(str(i), sigs[pos])
    joined = "\x00".join(keys)
    owner = [i for i, k in enumerate(keys) for _ in range(len(k) + 1)]
    starts = [0]
    for k in keys:
        starts.append(starts[-1] + len(k) + 1)
    for i in long_idx:
        pos = joined.find(keys[i])
        while pos >= 0:
            other = owner[pos]
            if other != i and len(keys[other]) > len(keys[i]):
                at = pos - starts[other]
                trim = (other, _sub_span(text, sents[other], at, at + len(keys[i]))) if at > 0 else None
                cands[max(i, other)].append((min(i, other), 2, trim))
            pos = joined.find(keys[i], pos + 1)
    partner: list[int | None] = [None] * n
    trimmed: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(n):
        if not cands[i]:
            continue

        def continues(earlier: int, i: int = i) -> bool:
            before = partner[i - 1] if i > 0 else None
            after = {c for c, _, _ in cands[i + 1]} if i + 1 < n else set()
            return before in (earlier - 1, earlier) or bool(after & {earlier + 1, earlier})

        earlier, _, trim = min(cands[i], key=lambda c: (not continues(c[0]), c[1], c[0]))
        partner[i] = earlier
        if trim is not None:
            trimmed[(i, trim[0])] = trim[1]
    return partner, trimmed


def _sub_span(text: str, sent: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The text span of ``key[start:end]`` of a sentence's key (its compacted text)."""
    m = _LIST_ITEM.match(text, *sent)
    base = m.end() if m else sent[0]
    _, offsets = compact_offsets(text[base : sent[1]])
    stop = base + offsets[end - 1] + 1
    while stop < sent[1] and text[stop] in _CLOSERS:
        stop += 1
    return base + offsets[start], stop


def _alike(a: str, b: str, ratio: float) -> bool:
    """Near copies: the shorter's numbers all in the other (限产20% is not 限产50%) and a
    character-level similarity (difflib) of at least ``ratio``."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    have = Counter(_NUMBERS.findall(long_))
    if any(have[n] < k for n, k in Counter(_NUMBERS.findall(short)).items()):
        return False
    return difflib.SequenceMatcher(None, short, long_, autojunk=False).ratio() >= ratio


def _add_paragraph_group(out: InternalDuplicates, kept: tuple[int, int], copy: tuple[int, int], sim: float) -> None:
    for idx, g in enumerate(out.groups):
        if g.kind == "paragraph" and g.spans[0] == kept:
            out.groups[idx] = Group("paragraph", (*g.spans, copy), min(g.similarity, sim))
            out.dropped.append(copy)
            return
    out.groups.append(Group("paragraph", (kept, copy), sim))
    out.dropped.append(copy)
