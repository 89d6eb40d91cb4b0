"""The GoRules JDM export evaluated by zen-engine gives the same decision as
``extract.engine.query`` on generated questions over the whole corpus."""

from __future__ import annotations

import itertools
import json
import random
from datetime import date
from functools import cache

import pytest

from extract import extract_file
from extract.engine import Enterprise, export_rules, make_enterprise, query
from extract.engine.jdm import question_input, to_jdm
from tests.conftest import CORPUS_FILES

zen = pytest.importorskip("zen")
SEASON = "2021-2022"


@cache
def _rules():
    return tuple(export_rules([extract_file(str(p)) for p in CORPUS_FILES]))


@cache
def _decision():
    return zen.ZenEngine().create_decision(json.dumps(to_jdm(_rules(), SEASON), ensure_ascii=False))


INDUSTRIES = ["钢铁", "焦化", "水泥", "铸造", "砖瓦", "陶瓷", "石灰", "化肥", "火电", "水泥粉磨站", "煤化工"]
GRADES = [None, "A", "B", "C", "D", "引领性"]
PLACES = [
    {}, {"province": "山西省"}, {"city": "太原市"}, {"city": "唐山市"}, {"county": "迁安市"}, {"city": "临汾市"},
    {"county": "浮山县"}, {"city": "朔州市"}, {"county": "高平市"}, {"county": "永宁县"}, {"city": "淄博市"},
    {"city": "乌鲁木齐市"}, {"city": "安阳市"}, {"city": "郑州市"},
]
DATES = [date(2021, 10, 15), date(2021, 11, 20), date(2021, 12, 15), date(2022, 2, 1), date(2022, 3, 20)]
EXTRA = [{}, {"process": "interruptible"}, {"process": "continuous"}, {"tier": "II"}, {"tier": "IV", "heating": True},
         {"alert": "orange"}, {"noncompliant": True}]


def _questions(n: int = 400) -> list[tuple[Enterprise, date]]:
    grid = list(itertools.product(INDUSTRIES, GRADES, range(len(PLACES)), DATES, range(len(EXTRA))))
    picked = random.Random(11).sample(grid, n)
    return [
        (make_enterprise(ind, grade=g, **PLACES[p], **EXTRA[x]), on) for ind, g, p, on, x in picked
    ]


QUESTIONS = _questions()


def test_enough_questions_and_decisions_vary() -> None:
    assert len(QUESTIONS) >= 300
    measures = {query(_rules(), e, on, season=SEASON).measure for e, on in QUESTIONS}
    assert len(measures) >= 8  # the sample reaches many different rules, not only 无适用规则


def test_zen_engine_agrees_with_query() -> None:
    disagreements = []
    for enterprise, on in QUESTIONS:
        ours = query(_rules(), enterprise, on, season=SEASON)
        theirs = _decision().evaluate(question_input(enterprise, on))["result"]
        mine = (ours.winner.rule_id if ours.winner else None, ours.measure, sorted(r.rule_id for r in ours.conditional))
        zens = (theirs.get("rule_id"), theirs["measure"], theirs["conditional"])
        if mine != zens:
            disagreements.append((enterprise.model_dump(exclude_none=True), on.isoformat(), mine, zens))
    assert disagreements == []


def test_graph_shape() -> None:
    graph = to_jdm(_rules(), SEASON)
    kinds = [n["type"] for n in graph["nodes"]]
    assert kinds == ["inputNode", "decisionTableNode", "functionNode", "outputNode"]
    table = graph["nodes"][1]["content"]
    assert table["hitPolicy"] == "collect"
    assert len(table["rules"]) == sum(1 for r in _rules() if r.period_start or r.period_end)
    # Y0/Y1 resolved for the season: no relative date is left in any cell
    assert not any("Y0" in v or "Y1" in v for row in table["rules"] for k, v in row.items() if k.startswith("in_"))
