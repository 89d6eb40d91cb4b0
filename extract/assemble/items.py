"""Top-level items of a notice: periods, emission limits, references, and finished rules."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence

import regex

from extract.assemble.context import block_context, tier_of
from extract.assemble.distribute import BlockContext, RuleDraft
from extract.assemble.mentions import Mentions
from extract.assemble.scope import scope_of, scope_quote
from extract.core.models import EmissionLimit, Industry, Period, Reference, Rule
from extract.core.textmap import MappedText
from extract.normalize import display_text
from extract.outline import Node, Outline
from extract.recognize.references import ReferenceMention, find_references

_ALERT_START = regex.compile(r"(?:启动|升级)[^,;。]{0,16}(?:响应|预警)|(?:启动|发布)?[黄橙红]色预警|应急响应")


def periods_of(mt: MappedText, m: Mentions, live: Callable[[int, int], bool], windows: set[tuple[int, int]]) -> list[Period]:
    out: list[Period] = []
    seen: set[tuple] = set()
    for p in m.periods.items:
        if p.is_deadline or (p.start, p.end) in windows or not live(p.start, p.end):
            continue
        if not p.start_date:
            continue
        if not p.end_date and not _ALERT_START.search(mt.text, p.end - 2, p.end + 24):
            continue  # "20xx年11月1日起": a start, not a control period (an alert's start is one)
        inds, regs = scope_of(p.scope_text, scope_quote(mt, p))
        key = (p.start_date, p.end_date, tuple(inds), tuple(regs))
        if key in seen:
            continue
        seen.add(key)
        out.append(Period(start=p.start_date, end=p.end_date, label=p.label, recurring=p.recurring,
                          industries=inds, regions=regs, span=mt.to_raw(p.start, p.end)))
    return out


def limits_of(mt: MappedText, outline: Outline, m: Mentions, live: Callable[[int, int], bool]) -> list[EmissionLimit]:
    out: list[EmissionLimit] = []
    seen: set[tuple] = set()
    block_at = _block_finder(list(outline.blocks()))
    for lim in m.limits.items:
        if not live(lim.start, lim.end):
            continue
        node = block_at(lim.start)
        ctx = block_context(node, m) if node else BlockContext([], None)
        if node is not None and ctx.tier is None:
            ctx = BlockContext(ctx.industries, next((tier_of(a.label) for a in node.ancestors() if a.marker == "tier"), None))
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


def _block_finder(blocks: list[Node]) -> Callable[[int], Node | None]:
    """``pos`` → the first block whose own line ``[start, line_end)`` holds it: by bisection when
    the lines are in order and apart (an outline's are), else by a scan."""
    ordered = all(a.line_end <= b.start for a, b in zip(blocks, blocks[1:], strict=False)) and all(
        b.start <= b.line_end for b in blocks)
    if not ordered:
        return lambda pos: next((b for b in blocks if b.start <= pos < b.line_end), None)
    starts = [b.start for b in blocks]

    def find(pos: int) -> Node | None:
        k = bisect_right(starts, pos) - 1
        return blocks[k] if k >= 0 and pos < blocks[k].line_end else None

    return find


def default_industry(drafts: list[RuleDraft], industries: list[Industry]) -> list[RuleDraft]:
    """A notice about one industry only (钢铁, 水泥) names it on every rule."""
    heads = {i.parent or i.name for i in industries}
    names = {i.name for i in industries}
    if len(heads) != 1 or len(names) > 2:
        return drafts
    only = next(i.name for i in industries if not i.parent) if any(not i.parent for i in industries) else industries[0].name
    return [d if d.industry else RuleDraft(only, d.condition, d.action, d.start, d.end, d.window) for d in drafts]


def finish_rules(mt: MappedText, drafts: list[RuleDraft], periods: list[Period],
                 plans: Sequence[tuple[int, int]] = ()) -> list[Rule]:
    """Rules from drafts: raw spans, own periods. A rule restated within one notice (or one plan
    of a compilation) is one rule; two plans that state it give two."""
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
        plan = next((i for i, (ps, pe) in enumerate(plans) if ps <= d.start < pe), None)
        key = f"{plan}|" + rule.model_dump_json(exclude={"span", "text"})
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


def references_of(mt: MappedText, live: Callable[[int, int], bool], title: str | None) -> list[Reference]:
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


def _quote_title(mt: MappedText, r: ReferenceMention) -> str:
    inner = mt.text.find(r.title, r.start)  # type: ignore[arg-type]
    return display_text(mt.raw_slice(inner, inner + len(r.title))) if inner >= 0 else r.title  # type: ignore[arg-type,return-value]


def season_of_periods(periods: list[Period]) -> str | None:
    """A heating season the notice's own period spans (2018-11-15 → 2019-03-15 gives 2018-2019)."""
    for p in periods:
        if p.start and p.end and p.start[0].isdigit() and p.end[0].isdigit():
            a, b = int(p.start[:4]), int(p.end[:4])
            if b == a + 1:
                return f"{a}-{b}"
    return None
