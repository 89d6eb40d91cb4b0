"""The notice's scope: scope statements, the industries and regions in scope, period scopes."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

from extract.assemble.distribute import RuleDraft
from extract.assemble.mentions import Mentions
from extract.core import datafiles
from extract.core.models import Industry, Period, Region
from extract.core.textmap import MappedText
from extract.normalize import display_text
from extract.outline import Node, Outline
from extract.recognize.dates import PeriodMention
from extract.recognize.industries import (
    TaxonomyEntry,
    canonical_industry,
    expand_industry_list,
    find_industries,
    taxonomy,
)
from extract.recognize.metadata import Found
from extract.recognize.regions import RegionMention, find_regions


@dataclass(frozen=True)
class _Scope:
    cues: regex.Pattern[str]
    measure_sections: regex.Pattern[str]


@cache
def scope_patterns() -> _Scope:
    """Scope cues and measure-section cues of ``data/scope.toml``, compiled once."""
    d = datafiles.load("scope.toml")
    alt = lambda ws: regex.compile("|".join(f"(?:{w})" for w in ws), regex.MULTILINE)  # noqa: E731
    return _Scope(alt(d["scope_cues"]), alt(d["measure_section_cues"]))

_CLAUSE = regex.compile(r"[^。;]+[。;]?")
_SCOPE_HEADING = regex.compile(r"范围|对象")
# an industry heading inside a block: "焦化行业。" "钢铁企业:" or a listed topic "(5)水泥:" "2.焦化:"
_INLINE_SECTOR = regex.compile(
    r"\s*(?:([^,;。:]{1,30}?(?:行业|企业))[。:]|(?:[(][一二三四五六七八九十\d]{1,3}[)]|\d{1,2}[.、])([^,;。:(]{1,8}):)")
_AFTER_SECTOR = regex.compile(r"行业|企业|\(|$")
_CITED = regex.compile(r"《[^《》\n]*》")


def scope_of(scope_text: str | None, quoted: str | None) -> tuple[list[str], list[str]]:
    """Industries and regions a period is limited to; a zone that is not a known place
    (平川县（市、区）, 山区县) is kept as written."""
    if not scope_text:
        return [], []
    inds = list(dict.fromkeys(i.name for i in find_industries(scope_text)))
    regs = list(dict.fromkeys(r.name for r in find_regions(scope_text)))
    if not inds and not regs:
        regs = [(quoted or scope_text).strip(" :：")]
    return inds, regs


def scope_quote(mt: MappedText, p: PeriodMention) -> str | None:
    """The scope text of a period as printed in the raw text."""
    if not p.scope_text:
        return None
    at = mt.text.rfind(p.scope_text, max(0, p.start - 200), p.end)
    return display_text(mt.raw_slice(at, at + len(p.scope_text))) if at >= 0 else None


def scope_sentences(text: str, outline: Outline, live: Callable[[int, int], bool]) -> list[tuple[int, int]]:
    """The clauses that state the scope: with a scope cue, or every clause of a paragraph under
    a 范围/对象 heading (the same for a whole notice: compute it once and pass it on)."""
    cues = scope_patterns().cues
    out = []
    for node in outline.blocks():
        if not live(node.start, node.line_end):
            continue
        under = _under_scope_heading(node)
        for sm in _CLAUSE.finditer(text, node.start, node.line_end):
            s, e = sm.start(), sm.end()
            if under or cues.search(text, s, e):
                out.append((s, e))
    return out


def _under_scope_heading(node: Node) -> bool:
    return any(_SCOPE_HEADING.search(a.title) for a in node.ancestors() if a.title) and node.kind == "paragraph"


def industries_in_scope(mt: MappedText, outline: Outline, m: Mentions, live: Callable[[int, int], bool], drafts: list[RuleDraft],
                        sentences: list[tuple[int, int]] | None = None) -> list[Industry]:
    """The industries in scope: scope statements, industry headings of the measures, and the
    industries the rules are about (with what their brackets include). ``sentences``: the
    notice's :func:`scope_sentences`, when already computed."""
    text = mt.text
    found: dict[str, Industry] = {}
    tax = taxonomy()
    for d in drafts:
        if d.industry:
            for ind in expand_industry_list(text[d.start : d.end]):
                if ind.name == d.industry or ind.name in _included(text, d, m):
                    _add_industry(found, ind, d.start, mt, tax)
            for ind in _unknown(m, d.start, d.end):
                if ind.name == d.industry:
                    _add_industry(found, ind, 0, mt, tax)
    for s, e in scope_sentences(text, outline, live) if sentences is None else sentences:
        for ind in expand_industry_list(text[s:e]):
            _add_industry(found, ind, s, mt, tax)
        for ind in _unknown(m, s, e):
            _add_industry(found, ind, 0, mt, tax)
    for node in outline.blocks():
        head = _INLINE_SECTOR.match(text[node.start : node.line_end])
        if head and live(node.start, node.line_end):
            for ind in m.within("industries", node.start, node.start + head.end()):
                _add_industry(found, ind, 0, mt, tax)
    for node in outline.nodes():
        if node.kind == "item" and node.title and len(node.title) <= 30 and live(node.start, node.line_end):
            if not scope_patterns().measure_sections.search(" ".join(node.heading_path())) and node.marker not in (
                "cn_paren", "arabic"):
                continue
            title_start = node.start + len(node.label)
            for ind in m.within("industries", title_start, title_start + len(node.title)):
                if _AFTER_SECTOR.match(text[ind.end : ind.end + 2]) or ind.end >= title_start + len(node.title):
                    _add_industry(found, ind, 0, mt, tax)
    return list(found.values())


def _unknown(m: Mentions, start: int, end: int) -> list:
    """Industries the taxonomy does not hold, named in [start, end) (``known=False``)."""
    return [i for i in m.within("industries", start, end) if not getattr(i, "known", True)]


def _included(text: str, d: RuleDraft, m: Mentions) -> set[str]:
    return {n for i in m.within("industries", d.start, d.end) if i.name == d.industry for n in i.includes}


def _add_industry(
    found: dict[str, Industry], ind: Any, offset: int, mt: MappedText, tax: dict[str, TaxonomyEntry]
) -> None:
    if ind.name in found:
        return
    parent = ind.parent if ind.parent else (tax[ind.name].parent if ind.name in tax else None)
    extra = [p for p in getattr(ind, "exclusion_parts", ()) if canonical_industry(p) is None]
    found[ind.name] = Industry(name=ind.name, parent=parent, excludes=list(dict.fromkeys([*ind.excludes, *extra])),
                               known=getattr(ind, "known", True), span=mt.to_raw(ind.start + offset, ind.end + offset))


def regions_in_scope(mt: MappedText, outline: Outline, live: Callable[[int, int], bool], periods: list[Period], drafts: list[RuleDraft],
                     sentences: list[tuple[int, int]] | None = None) -> list[Region]:
    """Places the notice applies to: named in its scope statements, in the scopes of its
    periods, and in the places and zones of its rules (never inside a cited 《title》).
    ``sentences``: the notice's :func:`scope_sentences`, when already computed."""
    text = mt.text
    out: dict[str, Region] = {}
    titles = [(t.start(), t.end()) for t in _CITED.finditer(text)]

    def add(s: int, e: int) -> None:
        for r in find_regions(text[s:e]):
            a, b = s + r.start, s + r.end
            if any(ts <= a < te for ts, te in titles) or _DATELINE.match(text, b) or text[a - 1 : a] == "社":
                continue  # inside a cited title, or a news dateline (新华社郑州11月7日电)
            out.setdefault(r.name, Region(name=r.name, level=r.level, span=mt.to_raw(a, b)))

    for s, e in scope_sentences(text, outline, live) if sentences is None else sentences:
        add(s, e)
    for p in periods:
        if p.regions and p.span:
            ns = _norm_span(mt, p.span)
            add(max(0, ns[0] - 40), ns[1])
    first_mention: dict[str, RegionMention] | None = None
    for d in drafts:
        if d.condition.regions:
            add(d.start, d.end)
            missing = [n for n in d.condition.regions if n not in out]
            if missing and not outline.plans():  # places inherited from a heading: the first mention is the evidence
                if first_mention is None:
                    first_mention = {}
                    for r in find_regions(text):
                        first_mention.setdefault(r.name, r)
                for name in missing:
                    r = first_mention.get(name)  # type: ignore[assignment]
                    if r is not None:
                        out[name] = Region(name=name, level=r.level, span=mt.to_raw(r.start, r.end))
        if d.condition.zone:
            add(d.start, d.end)
            zone = d.condition.zone
            if _NAMED_AREA.fullmatch(zone) and zone not in out:  # 关中地区: a named area, not in the gazetteer
                at = text.find(zone, d.start, d.end)
                out[zone] = Region(name=zone, level=None, span=mt.to_raw(at, at + len(zone)) if at >= 0 else None)
    return list(out.values())


_DATELINE = regex.compile(r"\d{1,2}月\d{1,2}日电")
_NAMED_AREA = regex.compile(r"\p{Han}{2,6}地区")


def _norm_span(mt: MappedText, span: tuple[int, int]) -> tuple[int, int]:
    """The normalised span covering a raw span (inverse of ``to_raw`` on span ends)."""
    return bisect.bisect_left(mt.starts, span[0]), bisect.bisect_left(mt.starts, span[1])


def implied_scope(industries: list[Industry], title: Found | None, m: Mentions, drafts: list[RuleDraft]) -> list[Industry]:
    """With no scope statement: the one industry the title names ("…水泥行业错峰生产的通知"),
    else the one industry the rules keep naming, else the one the text keeps mentioning."""
    if title is not None:
        in_title = {i.name for i in m.within("industries", title.start, title.end)}
        if len(in_title) == 1:
            return [_industry(next(iter(in_title)))]
    named = [d.industry for d in drafts if d.industry]
    if len(named) >= 2 and len(set(named)) == 1:
        return [i for i in industries if i.name == named[0]]
    # …else the industry the text is about: one name making most of the industry mentions
    counts = Counter(i.name for i in m.industries.items)
    if counts:
        (top, n), total = counts.most_common(1)[0], sum(counts.values())
        if n >= 3 and n >= 0.7 * total:
            return [_industry(top)]
    return []


def _industry(name: str) -> Industry:
    tax = taxonomy()
    return Industry(name=name, parent=tax[name].parent if name in tax else None)
