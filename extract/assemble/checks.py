"""Consistency checks: warnings with stable codes (see ``extract.core.errors.WARNING_CODES``)."""

from __future__ import annotations

from typing import Any

import regex

from extract.assemble.vocab import vocab
from extract.core.models import Notice, Period, Warning
from extract.core.rulekey import ConditionKey, conflict_key
from extract.core.textmap import MappedText
from extract.recognize.quantities import find_ratios

_PHASE = regex.compile(r"阶段|时段")

_TEMPLATE = regex.compile(r"20[xX]{2}|20_年|20__")
_NO_MEASURE = regex.compile(
    r"(?:[a-dA-D]级|B-|非引领性)[^。;]{0,40}?分别实施不同(?:措施|的措施)?(?:管控)?|分别(?:采取|实施)不同(?:的)?(?:管控)?措施"
)


def _year(d: str | None) -> int | None:
    return int(d[:4]) if d and d[:4].isdigit() else None


def _rel(d: str) -> tuple[int, int, int]:
    """A sortable key of an ISO or relative (Y0/Y1) date."""
    y, m, day = d.split("-")
    return int(y[1:]) if y.startswith("Y") else int(y), int(m), int(day)


def check_notice(notice: Notice, text: str, mt: MappedText) -> list[Warning]:
    """Every inconsistency found in an assembled notice."""
    out: list[Warning] = []
    season_start = int(notice.season[:4]) if notice.season else None
    periods = notice.periods
    for p in periods:
        if p.start and p.end and (p.start[0] == "Y") == (p.end[0] == "Y") and _rel(p.end) < _rel(p.start):
            out.append(Warning(code="period_end_before_start", span=p.span,
                               message=f"period ends ({p.end}) before it starts ({p.start})"))
    overall = [p for p in periods if not p.label and not p.industries and not p.regions]
    phases = [p for p in periods if p.label and _PHASE.search(p.label)]
    for p in overall:
        sy, ey = _year(p.start), _year(p.end)
        if season_start and sy and ey and (sy != season_start and sy != season_start + 1 or ey - sy > 1):
            out.append(Warning(code="period_year_mismatch", span=p.span,
                               message=f"period {p.start}–{p.end} does not fit the season {notice.season}"))
        for ph in phases:
            if _comparable(p, ph) and (_rel(ph.start) < _rel(p.start) or _rel(ph.end) > _rel(p.end)):  # type: ignore[arg-type]
                out.append(Warning(code="phase_outside_period", span=ph.span,
                                   message=f"{ph.label} {ph.start}–{ph.end} lies outside {p.start}–{p.end}"))
            elif _comparable(p, ph) and _year(ph.start) and sy and _year(ph.start) != sy and ph is phases[0]:
                out.append(Warning(code="period_year_mismatch", span=p.span,
                                   message=f"period starts in {sy} but its first phase in {_year(ph.start)}"))
    for r in notice.rules:
        if r.action.ratio is not None and not 0 < r.action.ratio <= 1:
            out.append(Warning(code="ratio_out_of_range", span=r.span, message=f"ratio {r.action.ratio}"))
    for q in find_ratios(text):  # a measure ratio above 100% cannot be a rule: say so
        if q.value > 1 and q.verb and vocab().cut_verbs.fullmatch(q.verb):
            out.append(Warning(code="ratio_out_of_range", span=mt.to_raw(q.start, q.end),
                               message=f"{q.verb} {q.value:.0%} is more than the whole production"))
    tm = _TEMPLATE.search(text)
    if tm:
        out.append(Warning(code="template_year", span=mt.to_raw(tm.start(), tm.end()),
                           message="the notice writes template years (20xx); dates are relative (Y0/Y1)"))
    for nm in _NO_MEASURE.finditer(text):
        out.append(Warning(code="rule_without_measure", span=mt.to_raw(nm.start(), nm.end()),
                           message=f"a condition without a measure: {nm.group()}"))
    out.extend(_conflicts(notice))
    return _dedupe(out)


def _comparable(a: Period, b: Period) -> bool:
    return bool(a.start and a.end and b.start and b.end) and (a.start[0] == "Y") == (b.start[0] == "Y")  # type: ignore[index]


def _conflicts(notice: Notice) -> list[Warning]:
    seen: dict[tuple[str | None, ConditionKey], tuple[str, tuple[Any, ...]]] = {}
    out: list[Warning] = []
    for r in notice.rules:
        key = conflict_key(r)
        if key is None:
            continue
        value = (_family(r.action.type), r.action.ratio, r.action.duration, r.action.alert_level, r.action.bound)
        if key in seen and seen[key][1] != value and _clash(seen[key][1], value):
            out.append(Warning(code="conflicting_rules", span=r.span,
                               message=f"{r.industry or '所有行业'}: {seen[key][0]!r} vs {r.text!r}"))
        seen.setdefault(key, (r.text, value))
    return out


_RELIEF = {"exempt", "voluntary", "normal"}


def _family(action_type: str) -> str:
    return "relief" if action_type in _RELIEF else action_type


def _clash(a: tuple, b: tuple) -> bool:
    """Two measures conflict when one relieves and the other restricts, or when the same kind
    of measure gets different values (限产20% vs 限产30%). Windows and day counts of one
    stop can stand together."""
    if (a[0] == "relief") != (b[0] == "relief"):
        return True
    if a[-1] == b[-1] == "min":  # two minima (不少于120天, 全年不少于160天) stand together: the stricter binds
        return False
    return a[0] == b[0] and a[0] != "stop_window"


def _dedupe(warnings: list[Warning]) -> list[Warning]:
    seen: set[tuple] = set()
    out = []
    for w in warnings:
        key = (w.code, w.span)
        if key not in seen:
            seen.add(key)
            out.append(w)
    return out
