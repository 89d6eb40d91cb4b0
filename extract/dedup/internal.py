"""Duplicates inside one document: repeated plans (whole or truncated) and repeated runs of
sentences (a web copy that repeats its paragraphs, partly out of order)."""

from __future__ import annotations

import difflib
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
import regex

from extract.dedup.lsh import candidate_pairs
from extract.dedup.shingles import (
    SENTENCE,
    compact,
    compact_offsets,
    containment,
    jaccard,
    settings,
    shingles,
    signatures,
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
    # kept span → index of its paragraph group in ``groups`` (a lookup, not part of the result)
    _kept_at: dict[tuple[int, int], int] = field(default_factory=dict, repr=False, compare=False)


_NUMBERS = regex.compile(r"\d+")
_CLOSERS = frozenset("。;!?)]》」』”’")
_OPEN_TITLE, _CLOSE_TITLE = regex.compile("《"), regex.compile("》")
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
    times = Counter(keys)
    marks = _TitleMarks(text)

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
        boilerplate = times[keys[i]] >= 3  # a form's note, not a copy
        cited = marks.around(orig) or marks.around(copy)  # 《title》 cited, not copied
        # a repeated section heading with its sentence ("二、实施范围实施对象为钢铁冶炼企业。") is a
        # copy even when short: web copies repeat whole sections, documents do not repeat headings
        headed = _SECTION_HEAD.match(text, copy[0]) is not None and _SECTION_HEAD.match(text, orig[0]) is not None
        min_chars = cfg["heading_min_chars"] if headed else cfg["min_chars"]
        if min(len(a), len(b)) >= min_chars and not (listed or boilerplate or cited):
            sim = _similarity(a, b)
            # the first copy is kept unless it is cut short (a teaser before the full text)
            kept, dropped = (copy, orig) if len(a) < cfg["verify_ratio"] * len(b) else (orig, copy)
            _add_paragraph_group(out, kept, dropped, round(sim, 4))
        i = j + 1


class _TitleMarks:
    """Where 《 and 》 stand in a text, to ask whether a span lies inside a 《title》 in
    logarithmic time (a long text with many repeats asks once per repeat)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.opens = [m.start() for m in _OPEN_TITLE.finditer(text)]
        self.closes = [m.start() for m in _CLOSE_TITLE.finditer(text)]

    def around(self, span: tuple[int, int]) -> bool:
        """Whether ``span`` lies inside 《…》 (the title of a cited document)."""
        start, end = span
        inside = self.text[start:end].rstrip("》")
        return _last_before(self.opens, start) > _last_before(self.closes, start) and "》" not in inside and (
            "《" not in inside
        )


def _last_before(positions: list[int], end: int) -> int:
    """The last position before ``end`` (as ``str.rfind(mark, 0, end)``: -1 when none)."""
    k = bisect_left(positions, end)
    return positions[k - 1] if k else -1


def _similarity(a: str, b: str, budget: int = 4_000_000) -> float:
    """difflib's character similarity of two runs; when ``len(a)·len(b)`` exceeds ``budget``
    (difflib is quadratic on long texts with frequent characters), the Jaccard similarity
    of their shingle sets instead, which is linear."""
    if a == b:
        return 1.0
    if len(a) * len(b) > budget:
        return jaccard(shingles(a), shingles(b))
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _split_self_repeat(text: str, start: int, end: int, min_chars: int) -> list[tuple[int, int]]:
    """A sentence that repeats ``min_chars`` or more of itself (a web page's truncated teaser
    glued to the full text by the line joiner), cut where each copy starts."""
    if end - start < 2 * min_chars:  # too short to hold two copies of min_chars (compacting only shortens)
        return [(start, end)]
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
        near = candidate_pairs(signatures([keys[i] for i in long_idx]), cfg["near_jaccard"])
        for p, q in near[np.lexsort((near[:, 0], near[:, 1]))].tolist():  # each later one, earlier ones in order
            c, i = long_idx[p], long_idx[q]
            if _alike(keys[c], keys[i], cfg["verify_ratio"]):
                cands[i].append((c, 1, None))
    offsets: dict[int, tuple[int, array]] = {}  # sentence → (base, offsets of its key), computed once
    for i, other, at in _occurrences(keys, long_idx, cfg["min_sentence_chars"]):
        trim = (other, _sub_span(text, sents[other], at, at + len(keys[i]), offsets, other)) if at > 0 else None
        cands[max(i, other)].append((min(i, other), 2, trim))
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


_MULTIPLIERS = np.random.RandomState(11).randint(1, 2**63, 64, dtype=np.uint64) | np.uint64(1)  # odd, fixed


def _occurrences(keys: list[str], wanted: list[int], width: int) -> Iterator[tuple[int, int, int]]:
    """``(i, other, at)``: ``keys[i]`` (``i`` in ``wanted``, in that order) found at offset
    ``at`` of a longer ``keys[other]``, occurrences in order of position.

    Every wanted key has at least ``width`` characters. Instead of searching the whole text
    once per key (quadratic in the number of sentences), the ``width``-character windows of
    all keys are hashed once (numpy) and sorted; a key is looked for only where a window
    equals its first ``width`` characters and the window ``len - width`` later equals its
    last ones, then checked exactly.
    """
    if not wanted:
        return
    joined = "\x00".join(keys)
    starts = [0]
    for k in keys:
        starts.append(starts[-1] + len(k) + 1)
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    m = len(cps) - width + 1
    if m <= 0:
        return
    h = np.zeros(m, dtype=np.uint64)
    for j in range(width):
        h += cps[j : j + m].astype(np.uint64) * _MULTIPLIERS[j % len(_MULTIPLIERS)]
    order = np.argsort(h, kind="stable")  # windows grouped by hash, ascending positions in a group
    grouped = h[order]
    heads = np.array([starts[i] for i in wanted], dtype=np.int64)
    lo = np.searchsorted(grouped, h[heads], side="left")
    hi = np.searchsorted(grouped, h[heads], side="right")
    for i, a, b in zip(wanted, lo.tolist(), hi.tolist(), strict=True):
        if b - a < 2:  # the key's own start is the only window like its head
            continue
        size = len(keys[i])
        pos = order[a:b]
        pos = pos[pos + size - width < m]
        pos = pos[h[pos + size - width] == h[starts[i] + size - width]]
        for p in pos.tolist():
            other = bisect_right(starts, p) - 1
            if other == i or len(keys[other]) <= size:
                continue
            at = p - starts[other]
            if at + size <= len(keys[other]) and keys[other].startswith(keys[i], at):
                yield i, other, at


def _sub_span(
    text: str, sent: tuple[int, int], start: int, end: int,
    memo: dict[int, tuple[int, array]] | None = None, sid: int = -1,
) -> tuple[int, int]:
    """The text span of ``key[start:end]`` of a sentence's key (its compacted text);
    ``memo`` keeps each sentence's offsets by ``sid`` (a sentence found many times inside
    another is compacted once, not once per place)."""
    if memo is not None and sid in memo:
        base, offsets = memo[sid]
    else:
        m = _LIST_ITEM.match(text, *sent)
        base = m.end() if m else sent[0]
        _, offsets = compact_offsets(text[base : sent[1]])
        if memo is not None:
            memo[sid] = (base, offsets)
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
    matcher = difflib.SequenceMatcher(None, short, long_, autojunk=False)
    # the quick ratios are upper bounds of ratio(): a pair they rule out is ruled out in linear time
    return matcher.real_quick_ratio() >= ratio and matcher.quick_ratio() >= ratio and matcher.ratio() >= ratio


def _add_paragraph_group(out: InternalDuplicates, kept: tuple[int, int], copy: tuple[int, int], sim: float) -> None:
    idx = out._kept_at.get(kept)
    if idx is not None:
        g = out.groups[idx]
        out.groups[idx] = Group("paragraph", (*g.spans, copy), min(g.similarity, sim))
    else:
        out._kept_at[kept] = len(out.groups)
        out.groups.append(Group("paragraph", (kept, copy), sim))
    out.dropped.append(copy)
