"""Engine rules as a GoRules JDM decision graph (JSON Decision Model) that zen-engine
(``pip install zen-engine``) evaluates, for one season.

The graph: ``question`` (input) → ``rules`` (a decision table, hit policy *collect*, one row
per dated rule) → ``precedence`` (a function node: specificity inside a notice, then
strictness) → ``decision`` (output). Y0/Y1 dates are resolved for the season; places are
resolved through the gazetteer, so a row lists every place its rule covers (a rule for 山西省
lists 山西省 and all its cities and counties) and the question gives one place.

Question (the input): ``{"industry": "钢铁", "grade": "B", "tier": null, "place": "唐山市",
"process": null, "heating": null, "zone": null, "policy_category": null, "noncompliant": null,
"alert": 0, "on": 20211201}`` — canonical values (``question_input`` builds it from an
``Enterprise``), ``place`` the most specific place, ``alert`` 0–3 (none, yellow, orange, red),
``on`` the date as YYYYMMDD. Decision (the output): ``rule_id``, ``measure``, ``action``,
``evidence`` (null when no rule applies) and ``conditional`` (rule_ids of rules that would
apply if their open criteria held).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Any

from extract.core import seasondates as dates
from extract.engine.models import EngineRule, Enterprise
from extract.engine.precedence import group_of, levels
from extract.engine.query import describe, rule_places
from extract.engine.strictness import OUTSIDE_WINDOW, alert_index, rank, settings
from extract.recognize.industries import taxonomy
from extract.recognize.regions import ancestors, gazetteer

_INPUTS = (
    ("industry", "industry"),
    ("grades", "grade"),
    ("tier", "tier"),
    ("place", "place"),
    ("process", "process"),
    ("heating", "heating"),
    ("zone", "zone"),
    ("policy_category", "policy_category"),
    ("noncompliant", "noncompliant"),
    ("alert_level", "alert"),
    ("period", "on"),
)
_OUTPUTS = ("rule_id", "group", "levels", "rank", "magnitude", "kind", "measure", "action", "evidence")

# The precedence step, in JavaScript for zen-engine's function node; query.select and
# query.strictness_key are the same in Python.
_PRECEDENCE_JS = """export const handler = async (input) => {
  const rows = Array.isArray(input) ? input : [];
  const refines = (x, y) => {
    let higher = false;
    for (let i = 0; i < x.length; i++) { if (x[i] < y[i]) return false; if (x[i] > y[i]) higher = true; }
    return higher;
  };
  const applying = rows.filter((r) => r.kind !== "if");
  const kept = applying.filter((r) => !applying.some((o) => o.group === r.group && refines(o.levels, r.levels)));
  const stricter = (a, b) => a.rank !== b.rank ? a.rank > b.rank
    : a.magnitude !== b.magnitude ? a.magnitude > b.magnitude : a.rule_id > b.rule_id;
  let best = null;
  for (const r of kept) { if (best === null || stricter(r, best)) best = r; }
  return {
    rule_id: best ? best.rule_id : null,
    action: best ? best.action : null,
    measure: best ? best.measure : "%(none)s",
    evidence: best ? best.evidence : null,
    conditional: rows.filter((r) => r.kind === "if").map((r) => r.rule_id).sort(),
  };
};"""


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


@cache
def _descendants() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for name in gazetteer().places:
        for above in ancestors(name):
            out.setdefault(above, []).append(name)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def _any_of(values: Iterable[str]) -> str:
    return ", ".join(_q(v) for v in sorted(set(values)))


def _industry_cell(rule: EngineRule) -> str:
    if rule.industry is None:
        return ""
    members = {rule.industry} | {e.name for e in taxonomy().values() if e.parent == rule.industry}
    return _any_of(members)


def _place_cell(rule: EngineRule) -> str:
    targets = rule_places(rule)
    if targets is None:
        return ""
    covered = {d for t in targets for d in _descendants().get(t, (t,))}
    return _any_of(covered) if covered else "false"


def _date_cell(start: str | None, end: str | None, first_year: int) -> str:
    lo = dates.as_number(start, first_year) if start else None
    hi = dates.as_number(end, first_year) if end else None
    if lo is not None and hi is not None:
        return f"[{lo}..{hi}]"
    return f">= {lo}" if lo is not None else f"<= {hi}"


def _value(v: object) -> str:
    return "true" if v is True else "false" if v is False else _q(str(v))


def _row(rule: EngineRule, first_year: int) -> dict[str, str]:
    cells = {
        "industry": _industry_cell(rule),
        "grades": _any_of(rule.grades) if rule.grades is not None else "",
        "place": _place_cell(rule),
        "alert_level": f">= {alert_index(rule.alert_level)}" if rule.alert_level else "",
        "period": _date_cell(rule.period_start, rule.period_end, first_year),
    }
    for name in ("tier", "process", "heating", "zone", "policy_category", "noncompliant"):
        wanted = getattr(rule, name)
        cells[name] = "" if wanted is None else _value(wanted)
    rank_cell = str(rule.rank)
    measure = _q(describe(rule))
    if rule.action == "stop_window" and (rule.window_start or rule.window_end):
        inside = _date_cell(rule.window_start, rule.window_end, first_year)
        lo, _, hi = inside.strip("[]").partition("..")
        test = f"on >= {lo} and on <= {hi}" if hi else f"on {inside}"
        rank_cell = f"({test}) ? {rule.rank} : {rank(OUTSIDE_WINDOW)}"
        outside = _q(f"本日不在停产时段，{describe(rule)}")
        measure = f"({test}) ? {measure} : {outside}"
    outputs = {
        "rule_id": _q(rule.rule_id),
        "group": _q(group_of(rule)),
        "levels": json.dumps(list(levels(rule))),
        "rank": rank_cell,
        "magnitude": repr(float(rule.magnitude)),
        "kind": _q("if" if rule.criteria_open else "unless" if rule.criteria_unless else "apply"),
        "measure": measure,
        "action": _q(rule.action),
        "evidence": _q(rule.text),
    }
    return {**{f"in_{k}": v for k, v in cells.items()}, **{f"out_{k}": v for k, v in outputs.items()}}


def to_jdm(rules: Iterable[EngineRule], season: str) -> dict[str, Any]:
    """The JDM graph of ``rules`` for ``season`` (``2021-2022``): every rule with a period,
    relative dates read in that season."""
    first_year = dates.season_first_year(season)
    dated = [r for r in rules if r.period_start or r.period_end]
    table_rows = []
    for i, rule in enumerate(dated):
        row = _row(rule, first_year)
        table_rows.append({"_id": f"r{i}_{rule.rule_id}", **row})
    table = {
        "hitPolicy": "collect",
        "inputs": [{"id": f"in_{k}", "name": k, "field": field} for k, field in _INPUTS],
        "outputs": [{"id": f"out_{k}", "name": k, "field": k} for k in _OUTPUTS],
        "rules": table_rows,
    }
    js = _PRECEDENCE_JS % {"none": settings().labels["none"]}
    return {
        "contentType": "application/vnd.gorules.decision",
        "nodes": [
            {"id": "question", "type": "inputNode", "name": "question", "position": {"x": 0, "y": 0}},
            {"id": "rules", "type": "decisionTableNode", "name": f"cuofeng rules {season}",
             "position": {"x": 300, "y": 0}, "content": table},
            {"id": "precedence", "type": "functionNode", "name": "precedence",
             "position": {"x": 600, "y": 0}, "content": {"source": js}},
            {"id": "decision", "type": "outputNode", "name": "decision", "position": {"x": 900, "y": 0}},
        ],
        "edges": [
            {"id": "e1", "type": "edge", "sourceId": "question", "targetId": "rules"},
            {"id": "e2", "type": "edge", "sourceId": "rules", "targetId": "precedence"},
            {"id": "e3", "type": "edge", "sourceId": "precedence", "targetId": "decision"},
        ],
    }


def question_input(enterprise: Enterprise, on: date) -> dict[str, Any]:
    """The graph's input for ``enterprise`` on ``on`` (see the module docstring)."""
    place = enterprise.county or enterprise.city or enterprise.province
    return {
        "industry": enterprise.industry,
        "grade": enterprise.grade,
        "tier": enterprise.tier,
        "place": gazetteer().surface.get(place, place) if place else None,
        "process": enterprise.process,
        "heating": enterprise.heating,
        "zone": enterprise.zone,
        "policy_category": enterprise.policy_category,
        "noncompliant": enterprise.noncompliant,
        "alert": alert_index(enterprise.alert_level),
        "on": on.year * 10000 + on.month * 100 + on.day,
    }
