"""Duplicates inside one document: repeated plans (whole or truncated) and repeated runs of
sentences (a web copy that repeats its paragraphs, partly out of order)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import regex
from datasketch import MinHashLSH

from extract.dedup.shingles import compact, containment, minhashes, settings, shingles


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


_NUMBERS = regex.compile(r"\d+(?:\.\d+)?")
_SENTENCE = regex.compile(r"[^。;!?\n]+[。;!?]?")
# criteria lists (⑴ … ⑵ …) repeat the same conditions under different tiers by design
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
    """Runs of consecutive sentences that repeat an earlier run (exactly or nearly)."""
    cfg = settings()["paragraph"]
    sents = [
        (m.start(), m.end()) for m in _SENTENCE.finditer(text, start, end)
        if compact(m.group()) and "\t" not in m.group()  # table rows repeat by design
    ]
    if len(sents) < 2:
        return
    keys = [compact(text[s:e]) for s, e in sents]
    # the earliest sentence each sentence repeats, exact first, then near (MinHash LSH)
    first_of: dict[str, int] = {}
    source: list[int | None] = []
    for idx, k in enumerate(keys):
        source.append(first_of.get(k))
        first_of.setdefault(k, idx)
    long_idx = [i for i, k in enumerate(keys) if len(k) >= 12 and source[i] is None]
    if len(long_idx) > 1:
        sigs = minhashes([shingles(keys[i]) for i in long_idx])
        lsh = MinHashLSH(threshold=cfg["near_jaccard"], num_perm=settings()["shingles"]["num_perm"])
        for pos, i in enumerate(long_idx):
            cands = sorted(int(c) for c in lsh.query(sigs[pos]))
            for c in cands:
                if _NUMBERS.findall(keys[c]) != _NUMBERS.findall(keys[i]):
                    continue  # 限产20% and 限产50% are different rules, however alike the text
                ratio = difflib.SequenceMatcher(None, keys[c], keys[i], autojunk=False).ratio()
                if ratio >= cfg["verify_ratio"]:
                    source[i] = c
                    break
            lsh.insert(str(i), sigs[pos])
    # group consecutive repeated sentences into runs
    i = 0
    while i < len(sents):
        if source[i] is None:
            i += 1
            continue
        j = i
        while j + 1 < len(sents) and source[j + 1] is not None and source[j + 1] == source[j] + 1:
            j += 1
        copy = (sents[i][0], sents[j][1])
        orig = (sents[source[i]][0], sents[source[j]][1])
        size = sum(len(keys[x]) for x in range(i, j + 1))
        listed = all(_LIST_ITEM.match(text, sents[x][0]) for x in range(i, j + 1))
        boilerplate = sum(1 for k in keys if k == keys[i]) >= 3  # a form's note, not a copy
        if size >= cfg["min_chars"] and orig[1] <= copy[0] and not listed and not boilerplate:
            sim = difflib.SequenceMatcher(
                None, compact(text[orig[0] : orig[1]]), compact(text[copy[0] : copy[1]]), autojunk=False
            ).ratio()
            _add_paragraph_group(out, orig, copy, round(sim, 4))
        i = j + 1


def _add_paragraph_group(out: InternalDuplicates, orig: tuple[int, int], copy: tuple[int, int], sim: float) -> None:
    for idx, g in enumerate(out.groups):
        if g.kind == "paragraph" and g.spans[0] == orig:
            out.groups[idx] = Group("paragraph", (*g.spans, copy), min(g.similarity, sim))
            out.dropped.append(copy)
            return
    out.groups.append(Group("paragraph", (orig, copy), sim))
    out.dropped.append(copy)
