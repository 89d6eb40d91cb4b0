"""Assemble a :class:`Notice` from raw text: every stage, every span in raw coordinates."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from extract.assemble.checks import check_notice
from extract.assemble.mentions import Mentions, recognise
from extract.assemble.rules import BlockContext, RuleDraft, block_rules
from extract.core import datafiles
from extract.core.models import (
    DuplicateGroup,
    EmissionLimit,
    Industry,
    Jurisdiction,
    Notice,
    Period,
    Plan,
    Reference,
    Region,
    Rule,
)
from extract.core.textmap import MappedText
from extract.dedup import find_internal_duplicates
from extract.normalize import display_text, normalize
from extract.outline import Node, Outline, segment
from extract.recognize.industries import canonical_industry, expand_industry_list, find_industries, taxonomy
from extract.recognize.metadata import read_metadata
from extract.recognize.references import find_references
from extract.recognize.regions import find_regions, place_levels


@dataclass(frozen=True)
class _Scope:
    cues: regex.Pattern[str]
    measure_sections: regex.Pattern[str]
    duty_sections: regex.Pattern[str]


@cache
def _scope() -> _Scope:
    d = datafiles.load("scope.toml")
    alt = lambda ws: regex.compile("|".join(f"(?:{w})" for w in ws), regex.MULTILINE)  # noqa: E731
    return _Scope(alt(d["scope_cues"]), alt(d["measure_section_cues"]), alt(d["duty_section_cues"]))


def assemble_notice(raw: str, *, source: str, doc_id: str) -> Notice:
    """Extract one notice from its decoded text."""
    mt = normalize(raw)
    text = mt.text
    outline = segment(text)
    md = read_metadata(text, place_levels())
    season = md.season
    year_hint = int(md.issue_date.value[:4]) if md.issue_date else None
    dups = find_internal_duplicates(text, [(n.start, n.line_end) for n in outline.blocks()],
                                    [(p.start, p.end) for p in outline.plans()])
    dropped = sorted(dups.dropped)

    def live(start: int, end: int) -> bool:
        return not any(s <= start and end <= e for s, e in dropped)

    mentions = recognise(text, season[0] if season else None, year_hint)
    notice = Notice(
        doc_id=doc_id,
        source=source,
        title=_quote(mt, md.title.start, md.title.end) if md.title else None,
        doc_number=_quote(mt, md.doc_number.start, md.doc_number.end) if md.doc_number else None,
        issuers=[i.value for i in md.issuers],
        issue_date=md.issue_date.value if md.issue_date else None,
        jurisdiction=Jurisdiction(level=md.jurisdiction[0], name=md.jurisdiction[1]) if md.jurisdiction else Jurisdiction(),
        season=f"{season[0]}-{season[1]}" if season else None,
    )
    drafts = _rules(outline, mentions, live)
    windows = {d.window for d in drafts if d.window}
    notice.periods = _periods(mt, mentions, live, windows)
    scope = _industries(mt, outline, mentions, live, [])
    notice.industries = _industries(mt, outline, mentions, live, drafts)
    notice.regions = [r for r in _regions(mt, outline, live, notice.periods, drafts)
                      if r.name != notice.jurisdiction.name]  # the issuer's own area is not a target
    if notice.season is None:
        notice.season = _season_of_periods(notice.periods)
    notice.emission_limits = _limits(mt, outline, mentions, live)
    if not scope and md.title:  # no scope statement: the industry the title names ("…水泥行业错峰生产…")
        in_title = {i.name for i in mentions.within("industries", md.title.start, md.title.end)}
        scope = [i for i in notice.industries if i.name in in_title] if len(in_title) == 1 else []
    if not scope:  # …or the industry the rules themselves keep naming
        named = [d.industry for d in drafts if d.industry]
        if len(named) >= 2 and len(set(named)) == 1:
            scope = [i for i in notice.industries if i.name == named[0]]
    notice.rules = _finish_rules(mt, _default_industry(drafts, scope), notice.periods)
    notice.references = _references(mt, live, notice.title)
    notice.plans = [
        Plan(index=i, heading=_quote(mt, p.start, p.line_end), span=mt.to_raw(p.start, p.end),
             duplicate_of=dups.plan_duplicate_of.get(i))
        for i, p in enumerate(outline.plans(), start=1)
    ]
    notice.duplicates = [
        DuplicateGroup(kind=g.kind, spans=[mt.to_raw(s, e) for s, e in g.spans], similarity=round(g.similarity, 4))
        for g in dups.groups
    ]
    notice.warnings = check_notice(notice, text, mt)
    return notice


def _quote(mt: MappedText, start: int, end: int) -> str:
    """The raw evidence of a normalised span, as a person would quote it."""
    return display_text(mt.raw_slice(start, end))


def _context(node: Node, outline: Outline, m: Mentions) -> BlockContext:
    """Industries and tier that the headings above a block (and its own marker) give it."""
    tier = None
    industries: list[str] = []
    chain = [node, *node.ancestors()]
    for n in chain:
        if n.marker == "tier" and tier is None:
            tier = _tier_of(n.label)
        if not industries and n.kind in ("item", "plan") and n is not node and n.title:
            title_end = n.start + len(n.label) + len(n.title)
            found = [i.name for i in m.within("industries", n.start, title_end)]
            if found and len(n.title) <= 40:
                industries = list(dict.fromkeys(found))
    return BlockContext(industries=industries, tier=tier)


_ROMAN = {"ⅰ": "I", "ⅱ": "II", "ⅲ": "III", "ⅳ": "IV", "ⅴ": "V", "ⅵ": "VI", "Ⅰ": "I", "Ⅱ": "II",
          "Ⅲ": "III", "Ⅳ": "IV", "Ⅴ": "V", "一": "I", "二": "II", "三": "III", "四": "IV", "五": "V"}


def _tier_of(label: str) -> str | None:
    body = label.split("类")[0]
    if body and all(c in _ROMAN for c in body) and len(body) == 1:
        return _ROMAN[body]
    up = body.upper()
    return up if regex.fullmatch(r"[IVX]{1,4}", up) else None


def _rules(outline: Outline, m: Mentions, live) -> list[RuleDraft]:
    drafts: list[RuleDraft] = []
    for node in outline.blocks():
        if not live(node.start, node.line_end):
            continue
        ctx = _context(node, outline, m)
        drafts.extend(block_rules(outline.text, node.start, node.line_end, ctx, m))
    return drafts


def _periods(mt: MappedText, m: Mentions, live, windows: set[tuple[int, int]]) -> list[Period]:
    out: list[Period] = []
    seen: set[tuple] = set()
    for p in m.periods.items:
        if p.is_deadline or (p.start, p.end) in windows or not live(p.start, p.end):
            continue
        if not (p.start_date and p.end_date):
            continue  # "20xx年11月1日起": a start, not a control period
        inds, regs = _scope_of(p.scope_text, _scope_quote(mt, p))
        key = (p.start_date, p.end_date, tuple(inds), tuple(regs))
        if key in seen:
            continue
        seen.add(key)
        out.append(Period(start=p.start_date, end=p.end_date, label=p.label, recurring=p.recurring,
                          industries=inds, regions=regs, span=mt.to_raw(p.start, p.end)))
    return out


def _scope_of(scope_text: str | None, quoted: str | None) -> tuple[list[str], list[str]]:
    """Industries and regions a period is limited to; a zone that is not a known place
    (平川县（市、区）, 山区县) is kept as written."""
    if not scope_text:
        return [], []
    inds = list(dict.fromkeys(i.name for i in find_industries(scope_text)))
    regs = list(dict.fromkeys(r.name for r in find_regions(scope_text)))
    if not inds and not regs:
        regs = [(quoted or scope_text).strip(" :：")]
    return inds, regs


def _scope_quote(mt: MappedText, p) -> str | None:
    """The scope text of a period as printed in the raw text."""
    if not p.scope_text:
        return None
    at = mt.text.rfind(p.scope_text, max(0, p.start - 200), p.end)
    return display_text(mt.raw_slice(at, at + len(p.scope_text))) if at >= 0 else None


def _scope_sentences(text: str, outline: Outline, live) -> list[tuple[int, int]]:
    cues = _scope().cues
    out = []
    for node in outline.blocks():
        if not live(node.start, node.line_end):
            continue
        for sm in regex.finditer(r"[^。;]+[。;]?", text[node.start : node.line_end]):
            s, e = node.start + sm.start(), node.start + sm.end()
            if cues.search(text, s, e) or _under_scope_heading(node):
                out.append((s, e))
    return out


def _under_scope_heading(node: Node) -> bool:
    return any(regex.search(r"范围|对象", a.title) for a in node.ancestors() if a.title) and node.kind == "paragraph"


def _industries(mt: MappedText, outline: Outline, m: Mentions, live, drafts: list[RuleDraft]) -> list[Industry]:
    """The industries in scope: scope statements, industry headings of the measures, and the
    industries the rules are about (with what their brackets include)."""
    text = mt.text
    found: dict[str, Industry] = {}
    tax = taxonomy()
    for d in drafts:
        if d.industry:
            for ind in expand_industry_list(text[d.start : d.end]):
                if ind.name == d.industry or ind.name in _included(text, d, m):
                    _add_industry(found, ind, d.start, mt, tax)
    for s, e in _scope_sentences(text, outline, live):
        for ind in expand_industry_list(text[s:e]):
            _add_industry(found, ind, s, mt, tax)
    for node in outline.blocks():
        head = regex.match(r"\s*([^,;。:]{1,30}?(?:行业|企业))[。:]", text[node.start : node.line_end])
        if head and live(node.start, node.line_end):
            for ind in m.within("industries", node.start, node.start + head.end()):
                _add_industry(found, ind, 0, mt, tax)
    for node in outline.nodes():
        if node.kind == "item" and node.title and len(node.title) <= 30 and live(node.start, node.line_end):
            if not _scope().measure_sections.search(" ".join(node.heading_path())) and node.marker not in (
                "cn_paren", "arabic"):
                continue
            title_start = node.start + len(node.label)
            for ind in m.within("industries", title_start, title_start + len(node.title)):
                if regex.match(r"行业|企业|\(|$", text[ind.end : ind.end + 2]) or ind.end >= title_start + len(node.title):
                    _add_industry(found, ind, 0, mt, tax)
    return list(found.values())


def _included(text: str, d: RuleDraft, m: Mentions) -> set[str]:
    return {n for i in m.within("industries", d.start, d.end) if i.name == d.industry for n in i.includes}


def _add_industry(found: dict[str, Industry], ind, offset: int, mt: MappedText, tax) -> None:
    if ind.name in found:
        return
    parent = ind.parent if ind.parent else (tax[ind.name].parent if ind.name in tax else None)
    extra = [p for p in getattr(ind, "exclusion_parts", ()) if canonical_industry(p) is None]
    found[ind.name] = Industry(name=ind.name, parent=parent, excludes=list(dict.fromkeys([*ind.excludes, *extra])),
                               span=mt.to_raw(ind.start + offset, ind.end + offset))


def _regions(mt: MappedText, outline: Outline, live, periods: list[Period], drafts: list[RuleDraft]) -> list[Region]:
    """Places the notice applies to: named in its scope statements, in the scopes of its
    periods, and in the zones of its rules (never inside a cited 《title》)."""
    text = mt.text
    out: dict[str, Region] = {}
    titles = [(t.start(), t.end()) for t in regex.finditer(r"《[^《》\n]*》", text)]

    def add(s: int, e: int) -> None:
        for r in find_regions(text[s:e]):
            a, b = s + r.start, s + r.end
            if any(ts <= a < te for ts, te in titles) or _DATELINE.match(text, b) or text[a - 1 : a] == "社":
                continue  # inside a cited title, or a news dateline (新华社郑州11月7日电)
            out.setdefault(r.name, Region(name=r.name, level=r.level, span=mt.to_raw(a, b)))

    for s, e in _scope_sentences(text, outline, live):
        add(s, e)
    for p in periods:
        if p.regions and p.span:
            ns = _norm_span(mt, p.span)
            add(max(0, ns[0] - 40), ns[1])
    for d in drafts:
        if d.condition.zone:
            add(d.start, d.end)
            zone = d.condition.zone
            if _NAMED_AREA.fullmatch(zone) and zone not in out:  # 关中地区: a named area, not in the gazetteer
                at = text.find(zone, d.start, d.end)
                out[zone] = Region(name=zone, level=None, span=mt.to_raw(at, at + len(zone)) if at >= 0 else None)
    return list(out.values())


_DATELINE = regex.compile(r"\d{1,2}月\d{1,2}日电")
_NAMED_AREA = regex.compile(r"\p{Han}{2,6}地区")


def _season_of_periods(periods: list[Period]) -> str | None:
    """A heating season the notice's own period spans (2018-11-15 → 2019-03-15 gives 2018-2019)."""
    for p in periods:
        if p.start and p.end and p.start[0].isdigit() and p.end[0].isdigit():
            a, b = int(p.start[:4]), int(p.end[:4])
            if b == a + 1:
                return f"{a}-{b}"
    return None


def _norm_span(mt: MappedText, span: tuple[int, int]) -> tuple[int, int]:
    """The normalised span covering a raw span (inverse of ``to_raw`` on span ends)."""
    import bisect

    return bisect.bisect_left(mt.starts, span[0]), bisect.bisect_left(mt.starts, span[1])


def _limits(mt: MappedText, outline: Outline, m: Mentions, live) -> list[EmissionLimit]:
    out: list[EmissionLimit] = []
    seen: set[tuple] = set()
    blocks = list(outline.blocks())
    for lim in m.limits.items:
        if not live(lim.start, lim.end):
            continue
        node = next((b for b in blocks if b.start <= lim.start < b.line_end), None)
        ctx = _context(node, outline, m) if node else BlockContext([], None)
        if node is not None and ctx.tier is None:
            ctx = BlockContext(ctx.industries, next((_tier_of(a.label) for a in node.ancestors() if a.marker == "tier"), None))
        industry = ctx.industries[0] if ctx.industries else None
        local = [i.name for i in m.within("industries", node.start, lim.start)] if node else []
        industry = local[-1] if local else industry
        key = (lim.pollutant, lim.value, lim.o2_ref_pct, industry, ctx.tier)
        if key in seen:
            continue
        seen.add(key)
        out.append(EmissionLimit(pollutant=lim.pollutant, value=lim.value, unit=lim.unit, o2_ref_pct=lim.o2_ref_pct,
                                 industry=industry, tier=ctx.tier, span=mt.to_raw(lim.value_start, lim.value_end)))
    return out


def _default_industry(drafts: list[RuleDraft], industries: list[Industry]) -> list[RuleDraft]:
    """A notice about one industry only (钢铁, 水泥) names it on every rule."""
    heads = {i.parent or i.name for i in industries}
    names = {i.name for i in industries}
    if len(heads) != 1 or len(names) > 2:
        return drafts
    only = next(i.name for i in industries if not i.parent) if any(not i.parent for i in industries) else industries[0].name
    return [d if d.industry else RuleDraft(only, d.condition, d.action, d.start, d.end, d.window) for d in drafts]


def _finish_rules(mt: MappedText, drafts: list[RuleDraft], periods: list[Period]) -> list[Rule]:
    by_industry = {ind: p for p in periods for ind in p.industries}
    out: list[Rule] = []
    seen: set[str] = set()
    for d in drafts:
        a, b = _strip_span(mt, d.start, d.end)
        # the rule's own period: a labelled period stated in its clause ("第二阶段:…,…不低于30%"),
        # else the period of its industry
        own = next((p for p in periods if p.label and p.span and a <= p.span[0] and p.span[1] <= b), None)
        period = own or (by_industry.get(d.industry) if d.industry else None)
        rule = Rule(industry=d.industry, condition=d.condition, action=d.action, period=period,
                    text=mt.raw[a:b], span=(a, b))
        key = rule.model_dump_json(exclude={"span", "text"})
        if key in seen:
            continue
        seen.add(key)
        out.append(rule)
    return out


def _strip_span(mt: MappedText, start: int, end: int) -> tuple[int, int]:
    a, b = mt.to_raw(start, end)
    raw = mt.raw
    while a < b and raw[a].isspace():
        a += 1
    while b > a and raw[b - 1].isspace():
        b -= 1
    return a, b


def _references(mt: MappedText, live, title: str | None) -> list[Reference]:
    out: list[Reference] = []
    seen: set[tuple] = set()
    own = display_text(title) if title else None
    for r in find_references(mt.text):
        if not live(r.start, r.end):
            continue
        ref_title = _quote_title(mt, r) if r.title else None
        if own and ref_title and ref_title in own:
            continue
        key = (ref_title, r.doc_number)
        if key in seen:
            continue
        seen.add(key)
        out.append(Reference(title=ref_title, doc_number=r.doc_number, span=mt.to_raw(r.start, r.end)))
    return out


def _quote_title(mt: MappedText, r) -> str:
    inner = mt.text.find(r.title, r.start)
    return display_text(mt.raw_slice(inner, inner + len(r.title))) if inner >= 0 else r.title
