"""The season diff as human lines: ``钢铁 | B级: 限产 20% → 30%``, ``period: … → …``."""

from __future__ import annotations

from extract.core import render
from extract.core.models import Action, EmissionLimit, Period, Rule
from extract.diff.core import DocRef, NoticeDiff, SeasonDiff, Unpaired, _month_day, _period_scope


def _num(x: float) -> str:
    return f"{x:g}"


def who_label(rule: Rule) -> str:
    """``钢铁 | B级；不可中断工序`` — the industry and the condition (``core/render.py``)."""
    head = rule.industry or "全部行业"
    cond = render.condition(rule.condition)
    return f"{head} | {cond}" if cond else head


def _span_text(period: Period | None) -> str:
    if period is None:
        return ""
    return f"{period.start or '?'}..{period.end or '?'}"


def _what_parts(a: Action) -> tuple[str, str]:
    return render.measure_parts(render.Measure.of(a))


def what_label(action: Action) -> str:
    """``限产 20%``, ``停产 2.5个月``, ``豁免`` …"""
    verb, value = _what_parts(action)
    return f"{verb} {value}".strip()


def _change_label(a: Action, b: Action) -> str:
    (va, xa), (vb, xb) = _what_parts(a), _what_parts(b)
    if va == vb and xa and xb:
        return f"{va} {xa} → {xb}"
    return f"{what_label(a)} → {what_label(b)}"


def _evidence(rule: Rule | Period | EmissionLimit, tag: str) -> str:
    span = f"[{rule.span[0]},{rule.span[1]})" if rule.span else "[no span]"
    text = getattr(rule, "text", "")
    return f"      {tag} {span} {text}".rstrip()


def _md_cn(date: str) -> str:
    return f"{int(date[-5:-3])}月{int(date[-2:])}日"


def _season_pos(date: str) -> tuple[int, str]:
    # Y0/Y1 when written so; otherwise months from July on open a season.
    offset = int(date[1]) if date.startswith("Y") else (0 if int(date[-5:-3]) >= 7 else 1)
    return offset, date[-5:]


def _period_note(a: Period, b: Period) -> str:
    notes = []
    if a.start and b.start and _month_day(a.start) != _month_day(b.start):
        earlier = _season_pos(b.start) < _season_pos(a.start)
        notes.append(f"now starts {'earlier' if earlier else 'later'} on {_md_cn(b.start)}")
    if a.end and b.end and _month_day(a.end) != _month_day(b.end):
        earlier = _season_pos(b.end) < _season_pos(a.end)
        notes.append(f"now ends {'earlier' if earlier else 'later'} on {_md_cn(b.end)}")
    return f" ({'; '.join(notes)})" if notes else ""


def _scope_label(scope: str) -> str:
    if scope == "overall":
        return "period"
    kind, _, name = scope.partition(":")
    return f"period {name}" if kind == "phase" else f"period [{name}]"


def _limit_label(x: EmissionLimit) -> str:
    ctx = " ".join(v for v in (x.industry, f"{x.tier}类" if x.tier else None) if v)
    o2 = f" (O2 {_num(x.o2_ref_pct)}%)" if x.o2_ref_pct is not None else ""
    return f"limit {x.pollutant}{' ' + ctx if ctx else ''}: {_num(x.value)} {x.unit}{o2}"


def doc_label(d: DocRef) -> str:
    """``山西省 | <title> [<source>]``: a notice as the diff names it."""
    return f"{d.jurisdiction or '?'} | {d.title or '(no title)'} [{d.source}]"


def _nearest(u: Unpaired) -> str:
    if u.nearest is None:
        return "  (nothing alike on the other side)"
    return f"  (nearest: {u.nearest.source}, similarity {u.similarity:.2f}; --pair to force)"


def format_notice_diff(d: NoticeDiff, evidence: bool = True) -> list[str]:
    """Human lines for one pair of notices (empty when nothing changed)."""
    if d.is_empty():
        return []
    how = d.matched_by + (f", similarity {d.similarity:.2f}" if d.similarity is not None else "")
    lines = [f"== {doc_label(d.old)} → {d.new.source} (matched by {how})"]
    for c in d.periods_changed:
        lines.append(f"  {_scope_label(c.scope)}: {_span_text(c.old)} → {_span_text(c.new)}{_period_note(c.old, c.new)}")
    lines += [f"  + {_scope_label(_period_scope(p))}: {_span_text(p)}" for p in d.periods_added]
    lines += [f"  - {_scope_label(_period_scope(p))}: {_span_text(p)}" for p in d.periods_removed]
    if d.industries_added or d.industries_removed:
        parts = [f"+{x}" for x in d.industries_added] + [f"-{x}" for x in d.industries_removed]
        lines.append("  industries: " + ", ".join(parts))
    if d.regions_added or d.regions_removed:
        parts = [f"+{x}" for x in d.regions_added] + [f"-{x}" for x in d.regions_removed]
        lines.append("  regions: " + ", ".join(parts))
    for rc in d.rules_changed:
        lines.append(f"  {who_label(rc.old)}: {_change_label(rc.old.action, rc.new.action)}")
        if evidence:
            lines += [_evidence(rc.old, "old"), _evidence(rc.new, "new")]
    for tag, rules in (("+", d.rules_added), ("-", d.rules_removed)):
        for r in rules:
            lines.append(f"  {tag} {who_label(r)}: {what_label(r.action)}")
            if evidence:
                lines.append(_evidence(r, "   "))
    for lc in d.limits_changed:
        lines.append(f"  {_limit_label(lc.old)} → {_num(lc.new.value)} {lc.new.unit}")
    lines += [f"  + {_limit_label(x)}" for x in d.limits_added]
    lines += [f"  - {_limit_label(x)}" for x in d.limits_removed]
    return lines


def format_diff(d: SeasonDiff, evidence: bool = True) -> str:
    """The diff as human lines: ``钢铁 | B级: 限产 20% → 30%``, ``period: … → …``."""
    lines: list[str] = []
    for n in d.notices:
        lines += format_notice_diff(n, evidence=evidence)
    lines += [f"+ document {doc_label(x.doc)}{_nearest(x)}" for x in d.added]
    lines += [f"- document {doc_label(x.doc)}{_nearest(x)}" for x in d.removed]
    return "\n".join(lines) + ("\n" if lines else "")
