"""Rules-engine export and enterprise queries on real corpus notices, plus properties of the
"stricter wins" decision (monotone in the rules, independent of their order)."""

from __future__ import annotations

import json
from datetime import date
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import extract_file
from extract.core.models import Action, Duration, Notice, Period, Rule
from extract.engine import (
    EngineRule,
    Enterprise,
    describe,
    export_rules,
    from_jsonl,
    json_schema,
    query,
    to_jsonl,
)
from extract.engine.query import rank_on
from extract.engine.strictness import settings as engine_settings
from tests.conftest import CORPUS_FILES


@cache
def _notice(prefix: str) -> Notice:
    (path,) = [p for p in CORPUS_FILES if p.name.startswith(prefix)]
    return extract_file(str(path))


@cache
def _rules(prefix: str, plan: int | None = None) -> tuple[EngineRule, ...]:
    rules = export_rules([_notice(prefix)])
    return tuple(r for r in rules if plan is None or r.plan_index == plan)


def test_unknown_grade_matches_no_grade_rule() -> None:
    decision = query(
        _rules("000_"), Enterprise(industry="铸造", process="interruptible", city="太原市"), date(2021, 12, 1)
    )
    assert all(r.grades is None for r in decision.applicable)
    assert "grades" in decision.needs


@pytest.mark.parametrize(
    ("on", "inside"),
    [("2021-12-15", True), ("2022-02-28", True), ("2021-11-20", False)],
    ids=["december", "end-of-february-common-year", "before-window"],
)
def test_stop_window_ranks_by_its_window(on: str, inside: bool) -> None:
    # 001 方案七 (临汾市's plan) 陶瓷 ⅱ类: 以煤为燃料的企业20xx年12月1日至20xx年2月29日停产
    rules = [r for r in _rules("001_", 7) if r.industry == "陶瓷"]
    decision = query(rules, Enterprise(industry="陶瓷", tier="ⅱ", city="临汾市"), date.fromisoformat(on))
    w = decision.winner
    assert w is not None and w.action == "stop_window"
    assert (w.window_start, w.window_end) == ("Y0-12-01", "Y1-02-29")
    assert (rank_on(w, date.fromisoformat(on)) == w.rank) is inside
    assert decision.measure.startswith("停产") is inside


# --- export -----------------------------------------------------------------------------


def test_export_effective_periods() -> None:
    rules = _rules("000_")
    assert {(r.period_start, r.period_end, r.period_source) for r in rules} == {
        ("2021-11-01", "2022-03-31", "notice")
    }
    brick = [r for r in _rules("001_", 11) if r.industry == "砖瓦"]
    assert brick and all(r.period_relative and r.period_start.startswith("Y0") for r in brick)


def _synthetic(season: str | None, rule_period: Period | None, periods: list[Period]) -> EngineRule:
    notice = Notice(
        doc_id="x",
        source="x.txt",
        season=season,
        periods=periods,
        jurisdiction={"level": "city", "name": "唐山市"},
        rules=[
            Rule(industry="砖瓦", action=Action(type="stop"), period=rule_period, text="停产", span=(0, 2))
        ],
    )
    (rule,) = export_rules([notice])
    return rule


@pytest.mark.parametrize(
    ("season", "rule_period", "periods", "expected"),
    [
        (
            "2021-2022",
            Period(start="Y0-11-15", end="Y1-03-15"),
            [],
            ("2021-11-15", "2022-03-15", "rule", False),
        ),
        (None, Period(start="Y0-11-15", end="Y1-03-15"), [], ("Y0-11-15", "Y1-03-15", "rule", True)),
        (
            "2021-2022",
            None,
            [
                Period(start="Y0-10-01", end="Y1-03-31"),
                Period(start="Y0-11-15", end="Y1-03-15", industries=["建材"]),
            ],
            ("2021-11-15", "2022-03-15", "industry", False),
        ),
        (
            None,
            None,
            [
                Period(start="Y0-11-01", end="Y0-12-31", label="第一阶段"),
                Period(start="Y1-01-01", end="Y1-03-31", label="第二阶段"),
            ],
            ("Y0-11-01", "Y1-03-31", "notice", True),
        ),
        ("2021-2022", None, [], (None, None, "none", False)),
    ],
    ids=["own-resolved", "own-relative", "parent-industry", "stages-envelope", "none"],
)
def test_effective_period(season, rule_period, periods, expected) -> None:
    r = _synthetic(season, rule_period, periods)
    assert (r.period_start, r.period_end, r.period_source, r.period_relative) == expected


def test_export_carries_taxonomy_parent_and_jurisdiction() -> None:
    r = _synthetic(None, None, [])
    assert (r.industry, r.industry_parent, r.jurisdiction_level, r.jurisdiction_name) == (
        "砖瓦",
        "建材",
        "city",
        "唐山市",
    )


def test_jsonl_round_trip_and_schema() -> None:
    rules = list(_rules("001_"))
    text = to_jsonl(rules)
    assert from_jsonl(text) == rules
    assert to_jsonl(from_jsonl(text)) == text
    schema = json_schema()
    assert set(json.loads(text.splitlines()[0])) == set(schema["properties"])
    assert schema["additionalProperties"] is False


def test_strictness_order_is_the_documented_one() -> None:
    assert engine_settings().order == (
        "stop",
        "stop_window",
        "stop_days",
        "follow_alert",
        "cut",
        "extend_coking",
        "stop_window_outside",
        "normal",
        "voluntary",
        "exempt",
    )


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        (Action(type="cut", ratio=0.3), "限产30%"),
        (Action(type="cut", ratio=0.5, bound="min"), "限产不低于50%"),
        (Action(type="stop_days", duration=Duration(value=90, unit="day"), bound="min"), "停产不少于90天"),
        (Action(type="stop_days", duration=Duration(value=2.5, unit="month")), "停产2.5个月"),
        (Action(type="follow_alert", alert_level="orange", bound="min"), "按不低于橙色预警措施"),
        (Action(type="extend_coking", duration=Duration(value=36, unit="hour")), "结焦时间延长至36小时"),
        (Action(type="exempt"), "豁免"),
    ],
    ids=["cut", "cut-min", "stop-days-min", "stop-months", "follow-orange", "coking", "exempt"],
)
def test_describe(action: Action, expected: str) -> None:
    notice = Notice(doc_id="x", rules=[Rule(action=action, text="x", span=(0, 1))])
    (rule,) = export_rules([notice])
    assert describe(rule) == expected


# --- properties -------------------------------------------------------------------------

_ENTERPRISE = Enterprise(industry="砖瓦", grade="B", city="太原市", process="interruptible")
_ON = date(2021, 12, 1)


@st.composite
def _rule(draw: st.DrawFn) -> EngineRule:
    action = draw(
        st.sampled_from(
            [
                Action(type="stop"),
                Action(type="exempt"),
                Action(type="normal"),
                Action(type="voluntary"),
                Action(type="cut", ratio=draw(st.sampled_from([0.2, 0.3, 0.5]))),
                Action(type="stop_days", duration=Duration(value=draw(st.integers(1, 120)), unit="day")),
                Action(type="follow_alert", alert_level=draw(st.sampled_from(["yellow", "orange", "red"]))),
                Action(
                    type="extend_coking",
                    duration=Duration(value=draw(st.sampled_from([36, 48])), unit="hour"),
                ),
                Action(
                    type="stop_window",
                    period=Period(start=draw(st.sampled_from(["Y0-11-15", "Y0-12-15"])), end="Y1-01-31"),
                ),
            ]
        )
    )
    notice = Notice(
        doc_id=draw(st.sampled_from(["a", "b"])),
        source="p.txt",
        season="2021-2022",
        jurisdiction={"level": "province", "name": draw(st.sampled_from(["山西省", "河北省"]))},
        periods=[Period(start="Y0-11-01", end="Y1-03-31")],
        rules=[
            Rule(
                industry=draw(st.sampled_from([None, "砖瓦", "建材", "水泥"])),
                condition={"grades": draw(st.sampled_from([None, ["B"], ["C", "D"]]))},
                action=action,
                text=draw(st.sampled_from(["甲", "乙"])),
                span=(0, 1),
            )
        ],
    )
    return export_rules([notice])[0]


def _strength(rule: EngineRule | None) -> tuple[int, float]:
    return (rank_on(rule, _ON), rule.magnitude) if rule else (0, -1.0)


@settings(max_examples=80, deadline=None)
@given(st.lists(_rule(), max_size=8), _rule())
def test_adding_another_notices_rule_never_loosens_the_decision(
    rules: list[EngineRule], extra: EngineRule
) -> None:
    extra = extra.model_copy(update={"doc_id": "other"})  # specificity acts inside one notice only
    before = query(rules, _ENTERPRISE, _ON).winner
    after = query([*rules, extra], _ENTERPRISE, _ON).winner
    assert _strength(after) >= _strength(before)


@settings(max_examples=80, deadline=None)
@given(st.lists(_rule(), max_size=8))
def test_winner_is_never_refined_by_an_applicable_rule_of_its_notice(rules: list[EngineRule]) -> None:
    from extract.engine.precedence import group_of, levels, refines

    d = query(rules, _ENTERPRISE, _ON)
    if d.winner is not None:
        assert not any(
            group_of(r) == group_of(d.winner) and refines(levels(r), levels(d.winner))
            for r in [*d.applicable, *d.overridden]
        )


@settings(max_examples=80, deadline=None)
@given(st.lists(_rule(), max_size=8).flatmap(lambda rs: st.tuples(st.just(rs), st.permutations(rs))))
def test_decision_does_not_depend_on_rule_order(pair: tuple[list[EngineRule], list[EngineRule]]) -> None:
    rules, shuffled = pair
    assert query(rules, _ENTERPRISE, _ON) == query(shuffled, _ENTERPRISE, _ON)


def test_every_condition_field_reaches_the_engine_rule() -> None:
    from extract.core.models import Condition, flat_condition

    c = Condition(grades=["B", "A"], tier="I", alert_level="red", heating=True, process="continuous",
                  zone="城区", regions=["太原市", "太原市", "大同市"], policy_category="限制类",
                  noncompliant=True, criteria=["完成超低排放改造"])
    flat = flat_condition(c)
    assert set(flat) == {"rule_regions" if n == "regions" else n for n in Condition.model_fields}
    assert flat["rule_regions"] == ["大同市", "太原市"]
    assert flat["grades"] == ["B", "A"]
    assert flat_condition(Condition())["grades"] is None
    assert set(flat) <= set(EngineRule.model_fields)


def test_a_new_condition_field_reaches_the_export_without_a_second_declaration(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from typing import Literal

    from pydantic import create_model

    from extract.core import models
    from extract.engine.models import engine_rule_fields

    class Wider(models.Condition):
        shift: Literal["night"] | None = None

    monkeypatch.setattr(models, "Condition", Wider)
    names = list(engine_rule_fields())
    assert names.index("criteria") + 1 == names.index("shift") == names.index("criteria_open") - 1
    assert names.index("rule_regions") == names.index("regions") + 1
    wider = create_model("WiderEngineRule", __base__=models.Strict, **engine_rule_fields())
    row = wider(rule_id="r", doc_id="d", source="s", action="stop", rank=1,
                **models.flat_condition(Wider(shift="night", regions=["太原市"])))
    exported = json.loads(row.model_dump_json())
    assert (exported["shift"], exported["rule_regions"], exported["grades"]) == ("night", ["太原市"], None)


def test_engine_rule_fields_keep_the_condition_types() -> None:
    from extract.core.models import Condition

    for name, info in Condition.model_fields.items():
        flat = EngineRule.model_fields["rule_regions" if name == "regions" else name]
        assert flat.annotation == (list[str] if name == "regions" else info.annotation), name
    assert EngineRule.model_fields["rule_regions"].default_factory is list
    assert EngineRule.__doc__ and EngineRule.__module__ == "extract.engine.models"
