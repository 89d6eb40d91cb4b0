"""Notices → flat engine rules (``EngineRule``), JSONL and a JSON Schema.

Each schema rule becomes one self-contained rule: the notice's jurisdiction and regions, the
rule's own places (``condition.regions``), the industry and its taxonomy parent, the condition
and action fields, its criteria sorted into open and unless ones (``engine.criteria``), the
strictness rank, the effective period and the evidence. The effective period is the rule's own
period, else its phase (a period written inside the rule's clause, or a labelled period whose
label the clause names: 第二阶段：…), else its industry's period (a period limited to the rule's industry or its parent group), else the
notice's overall period (the envelope of the periods limited to no industry and no region,
leaving out periods a ``period_year_mismatch`` warning points at when others remain). In a
compilation (several plans in one file) the periods of the rule's own plan are preferred.
Y0/Y1 dates are resolved against the notice season when there is one, kept relative otherwise.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from extract.core import seasondates as dates
from extract.core.models import Notice, Period, Rule, flat_condition
from extract.engine import criteria as criteria_kinds
from extract.engine.inputs import EngineInputError
from extract.engine.models import EngineRule, PeriodSource
from extract.engine.strictness import alert_index, rank, settings
from extract.recognize.industries import taxonomy


def export_rules(notices: Iterable[Notice]) -> list[EngineRule]:
    """One ``EngineRule`` per rule of every notice, in notice and rule order."""
    return [rule for notice in notices for rule in _export_notice(notice)]


def to_jsonl(rules: Iterable[EngineRule]) -> str:
    """One JSON object per line (UTF-8, not escaped), newline-terminated."""
    return "".join(rule.model_dump_json() + "\n" for rule in rules)


def from_jsonl(text: str) -> list[EngineRule]:
    """Rules back from ``to_jsonl`` output (blank lines skipped)."""
    return [EngineRule.model_validate_json(line) for line in text.splitlines() if line.strip()]


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one exported rule (one line of the JSONL)."""
    return EngineRule.model_json_schema()


def load_notices(path: str | Path) -> list[Notice]:
    """The notices of a directory of notice JSON files (``rules_out/``) or of one file."""
    p = Path(path)
    if not p.exists():
        raise EngineInputError(f"{p}: no such file or folder")
    files = sorted(p.glob("*.json")) if p.is_dir() else [p]
    notices = []
    for file in files:
        try:
            data = json.loads(file.read_text("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise EngineInputError(f"{file}: not a JSON file ({err})") from None
        if isinstance(data, dict) and "schema_version" in data and "rules" in data:
            notices.append(Notice.model_validate(data))
    return notices


def load_rules(path: str | Path) -> list[EngineRule]:
    """Engine rules from a directory of notice JSON files (``rules_out/``), one notice JSON
    file, or an exported ``.jsonl`` file."""
    p = Path(path)
    if p.is_file() and p.suffix == ".jsonl":
        return from_jsonl(p.read_text("utf-8"))
    return export_rules(load_notices(p))


# --- one notice -------------------------------------------------------------------------


def _rule_id(doc_id: str, index: int, rule: Rule) -> str:
    key = f"{doc_id}\x1f{index}\x1f{rule.span}\x1f{rule.model_dump_json()}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _plan_of(
    notice: Notice, span: tuple[int, int] | None
) -> tuple[int | None, str | None, tuple[int, int] | None]:
    if span is None:
        return None, None, None
    for plan in notice.plans:
        if plan.span and plan.span[0] <= span[0] < plan.span[1]:
            return plan.index, plan.heading, plan.span
    return None, None, None


def _in(span: tuple[int, int] | None, within: tuple[int, int] | None) -> bool:
    return span is not None and within is not None and within[0] <= span[0] < within[1]


def _dated(p: Period | None) -> bool:
    return p is not None and (p.start is not None or p.end is not None)


def _pools(periods: list[Period], plan_span: tuple[int, int] | None) -> list[list[Period]]:
    """The periods of the rule's plan first (when it has any), then all of them."""
    own = [p for p in periods if _in(p.span, plan_span)]
    return [own, periods] if own and len(own) < len(periods) else [periods]


def _of_one_kind(periods: list[Period]) -> list[Period]:
    kind = dates.is_relative(periods[0].start or periods[0].end)
    return [p for p in periods if dates.is_relative(p.start or p.end) == kind]


def _envelope(periods: list[Period]) -> Period | None:
    periods = _of_one_kind(periods) if periods else []
    if not periods:
        return None
    if len(periods) == 1:
        return periods[0]
    starts = [p.start for p in periods if p.start]
    ends = [p.end for p in periods if p.end]
    return Period(
        start=min(starts, key=dates.sort_key) if starts else None,
        end=max(ends, key=dates.sort_key) if ends else None,
        recurring=any(p.recurring for p in periods),
    )


def _effective(
    notice: Notice, rule: Rule, plan_span: tuple[int, int] | None
) -> tuple[Period | None, PeriodSource]:
    if _dated(rule.period):
        return rule.period, "rule"
    dated = [p for p in notice.periods if _dated(p)]
    suspect = {tuple(w.span) for w in notice.warnings if w.code == "period_year_mismatch" and w.span}
    trusted = [p for p in dated if p.span is None or tuple(p.span) not in suspect] or dated
    phase = _phase(rule, _pools(trusted, plan_span)[0])
    if phase is not None:
        return phase, "phase"
    names: set[str] = set()
    if rule.industry:
        parent = _parent(rule.industry)
        names = {rule.industry} | ({parent} if parent else set())
    for pool in _pools(trusted, plan_span):
        for p in pool:
            if names and not p.regions and names & set(p.industries):
                return p, "industry"
        overall = _envelope([p for p in pool if not p.industries and not p.regions])
        if overall:
            return overall, "notice"
    return None, "none"


def _phase(rule: Rule, periods: list[Period]) -> Period | None:
    """The phase a rule's clause states: a period written inside the clause, else the one
    labelled period whose label the clause names (a repeated 第二阶段 sentence)."""
    window = rule.action.period
    periods = [p for p in periods if not (window and (p.start, p.end) == (window.start, window.end))]
    if rule.span:
        inside = [p for p in periods if p.span and rule.span[0] <= p.span[0] < rule.span[1]]
        if len(inside) == 1:
            return inside[0]
    named = [p for p in periods if p.label and p.label in rule.text]
    return named[0] if len({(p.start, p.end) for p in named}) == 1 else None


def _parent(industry: str | None) -> str | None:
    entry = taxonomy().get(industry) if industry else None
    return entry.parent if entry else None


def _period_fields(period: Period | None, season: str | None) -> tuple[str | None, str | None, bool]:
    if period is None:
        return None, None, False
    start, end = period.start, period.end
    if period.recurring:
        start, end = dates.relative_pair(start, end)
        return start, end, True
    start, end = dates.resolve(start, season), dates.resolve(end, season)
    return start, end, dates.is_relative(start) or dates.is_relative(end)


def _magnitude(rule: Rule, window: tuple[str | None, str | None]) -> float:
    a, s = rule.action, settings()
    if a.type == "stop_days" and a.duration:
        return a.duration.value * s.days_per_unit[a.duration.unit]
    if a.type == "stop_window":
        return dates.length_days(*window)
    if a.type == "follow_alert":
        return float(alert_index(a.alert_level))
    if a.type == "cut":
        return a.ratio or 0.0
    if a.type == "extend_coking" and a.duration:
        return a.duration.value * s.hours_per_unit[a.duration.unit]
    return 0.0


def _export_notice(notice: Notice) -> list[EngineRule]:
    out = []
    regions = sorted({r.name for r in notice.regions})
    scope = [i.name for i in notice.industries]
    for index, rule in enumerate(notice.rules):
        plan_index, plan_heading, plan_span = _plan_of(notice, rule.span)
        period, source = _effective(notice, rule, plan_span)
        start, end, relative = _period_fields(period, notice.season)
        window = rule.action.period
        w_start, w_end, _ = _period_fields(window, notice.season) if window else (None, None, False)
        c, a = rule.condition, rule.action
        open_criteria, unless = criteria_kinds.split(c)
        out.append(
            EngineRule(
                rule_id=_rule_id(notice.doc_id, index, rule),
                doc_id=notice.doc_id,
                source=notice.source,
                doc_number=notice.doc_number,
                title=notice.title,
                issue_date=notice.issue_date,
                season=notice.season,
                plan_index=plan_index,
                plan_heading=plan_heading,
                jurisdiction_level=notice.jurisdiction.level,
                jurisdiction_name=notice.jurisdiction.name,
                regions=regions,
                industry=rule.industry,
                industry_parent=_parent(rule.industry),
                scope_industries=scope,
                **flat_condition(c),
                criteria_open=open_criteria,
                criteria_unless=unless,
                action=a.type,
                ratio=a.ratio,
                bound=a.bound,
                basis=a.basis,
                duration_value=a.duration.value if a.duration else None,
                duration_unit=a.duration.unit if a.duration else None,
                action_alert_level=a.alert_level,
                window_start=w_start,
                window_end=w_end,
                rank=rank(a.type),
                magnitude=_magnitude(rule, (w_start, w_end)),
                period_start=start,
                period_end=end,
                period_label=period.label if period else None,
                period_recurring=bool(period and period.recurring),
                period_relative=relative,
                period_source=source,
                text=rule.text,
                span=rule.span,
            )
        )
    return out
