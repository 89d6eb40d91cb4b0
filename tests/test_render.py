"""One renderer of rules in Chinese (extract/core/render.py + data/render.toml), used by the
engine, the season diff and the report alike."""

from __future__ import annotations

from typing import get_args

import pytest

from extract.core import render
from extract.core.models import Action, ActionType, Condition, Duration, Notice, Period, Rule
from extract.diff.text import what_label, who_label
from extract.engine import describe, export_rules
from extract.report import condition_words, measure_words

CASES = [
    pytest.param(Action(type="exempt"), ("豁免", ""), "豁免", id="exempt"),
    pytest.param(Action(type="voluntary"), ("自主减排", ""), "自主减排", id="voluntary"),
    pytest.param(Action(type="normal"), ("正常生产", ""), "正常生产", id="normal"),
    pytest.param(Action(type="cut", ratio=0.3), ("限产", "30%"), "限产30%", id="cut"),
    pytest.param(Action(type="cut", ratio=0.15, bound="min"), ("限产", "不低于15%"), "限产不低于15%", id="cut-min"),
    pytest.param(Action(type="cut"), ("限产", "（比例未定）"), "限产（比例未定）", id="cut-no-ratio"),
    pytest.param(Action(type="stop"), ("停产", ""), "停产", id="stop"),
    pytest.param(Action(type="stop_days", duration=Duration(value=2.5, unit="month")),
                 ("停产", "2.5个月"), "停产2.5个月", id="stop-days"),
    pytest.param(Action(type="stop_days", duration=Duration(value=90, unit="day"), bound="min"),
                 ("停产", "不少于90天"), "停产不少于90天", id="stop-days-min"),
    pytest.param(Action(type="stop_window", period=Period(start="Y0-12-01", end="Y1-01-31")),
                 ("停产", "12月1日至1月31日"), "停产（12月1日至1月31日）", id="stop-window"),
    pytest.param(Action(type="stop_window", period=Period(start="2021-11-15", end="2022-03-15")),
                 ("停产", "2021年11月15日至2022年3月15日"), "停产（2021年11月15日至2022年3月15日）",
                 id="stop-window-dated"),
    pytest.param(Action(type="extend_coking", duration=Duration(value=36, unit="hour")),
                 ("结焦时间延长至", "36小时"), "结焦时间延长至36小时", id="extend-coking"),
    pytest.param(Action(type="follow_alert", alert_level="orange", bound="min"),
                 ("按", "不低于橙色预警措施"), "按不低于橙色预警措施", id="follow-alert-min"),
    pytest.param(Action(type="follow_alert", alert_level="red"), ("按", "红色预警措施"), "按红色预警措施",
                 id="follow-alert"),
]


def test_every_action_type_has_a_case() -> None:
    assert {c.values[0].type for c in CASES} == set(get_args(ActionType))


@pytest.mark.parametrize(("action", "parts", "joined"), CASES)
def test_measure(action: Action, parts: tuple[str, str], joined: str) -> None:
    assert render.measure_parts(render.Measure.of(action)) == parts
    assert render.measure(action) == joined


@pytest.mark.parametrize(("action", "parts", "joined"), CASES)
def test_engine_report_and_diff_word_a_measure_alike(action: Action, parts: tuple[str, str], joined: str) -> None:
    (rule,) = export_rules([Notice(doc_id="x", rules=[Rule(action=action, text="x", span=(0, 1))])])
    assert describe(rule) == joined
    assert measure_words(action) == joined
    assert what_label(action) == f"{parts[0]} {parts[1]}".strip()


def test_the_report_adds_the_basis_of_a_cut() -> None:
    action = Action(type="cut", ratio=0.5, basis="上一年同期粗钢产量")
    assert measure_words(action) == "限产50%（上一年同期粗钢产量）"
    assert render.measure(action) == "限产50%"


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        (Condition(grades=["B", "引领性"]), "B级、引领性"),
        (Condition(tier="II", alert_level="orange"), "II类；橙色预警"),
        (Condition(heating=False, process="continuous"), "不涉及居民供热；不可中断工序"),
        (Condition(zone="城市建成区", policy_category="限制类"), "城市建成区；限制类"),
        (Condition(regions=["太原市", "晋中市"]), "地区: 太原市、晋中市"),
        (Condition(noncompliant=True), "未完成治理任务"),
        (Condition(noncompliant=False), "已完成治理任务"),
    ],
    ids=["grades", "tier-alert", "heating-process", "zone-policy", "regions", "noncompliant", "compliant"],
)
def test_condition(condition: Condition, words: str) -> None:
    assert render.condition(condition) == words


def test_criteria_are_worded_only_when_asked() -> None:
    c = Condition(grades=["D"], criteria=["完成超低排放改造"])
    assert render.condition(c) == "D级"
    assert condition_words(c) == "D级；完成超低排放改造"
    assert condition_words(Condition()) == "—"


def test_the_diff_names_industry_and_condition() -> None:
    rule = Rule(industry="钢铁", condition=Condition(grades=["B"], process="continuous"), action=Action(type="stop"))
    assert who_label(rule) == "钢铁 | B级；不可中断工序"
    assert who_label(Rule(action=Action(type="stop"))) == "全部行业"


def test_every_condition_field_has_words() -> None:
    assert set(render.words()["condition"]["fields"]) == set(Condition.model_fields)
