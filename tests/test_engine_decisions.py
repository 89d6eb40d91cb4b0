"""Issue-11 decisions on hand-made notices: effective phases, specificity before strictness,
criteria as caveats, rule places through the gazetteer, what a question lacks; input checks;
analyst tables; rules.jsonl rows."""

from __future__ import annotations

import json
from datetime import date

import pytest

from extract.core import datafiles
from extract.core.models import Action, Condition, Notice, Period, Rule
from extract.engine import EngineInputError, export_rules, make_enterprise, parse_date, query
from extract.engine.criteria import kind_of


def _notice(rules: list[Rule], *, name: str = "山西省", level: str = "province", **kw) -> Notice:
    return Notice(
        doc_id=kw.pop("doc_id", "n1"),
        source="n.txt",
        season="2021-2022",
        jurisdiction={"level": level, "name": name},
        periods=kw.pop("periods", [Period(start="2021-11-01", end="2022-03-31", span=(0, 5))]),
        rules=rules,
        **kw,
    )


def _rule(text: str, action: Action, industry: str | None = None, **condition) -> Rule:
    return Rule(industry=industry, condition=Condition(**condition), action=action, text=text, span=(10, 20))


def _ask(notices: list[Notice], on: str = "2021-12-01", **ask):
    return query(export_rules(notices), make_enterprise(**ask), parse_date(on))


CUT30 = Action(type="cut", ratio=0.3, bound="min")


def test_repeated_phase_sentence_keeps_its_phase() -> None:
    periods = [
        Period(start="2021-11-15", end="2022-03-15", span=(0, 5)),
        Period(start="2021-11-15", end="2021-12-31", label="第一阶段", span=(5, 9)),
        Period(start="2022-01-01", end="2022-03-15", label="第二阶段", span=(30, 40)),
    ]
    copy = _rule("第二阶段：2022年1月1日至2022年3月15日，钢铁企业错峰生产比例不低于30%", CUT30, "钢铁")
    notice = _notice([copy], name="全国", level="national", periods=periods)
    (r,) = export_rules([notice])
    assert (r.period_start, r.period_end, r.period_source) == ("2022-01-01", "2022-03-15", "phase")
    assert _ask([notice], "2021-12-01", industry="钢铁", grade="B").winner is None
    assert _ask([notice], "2022-02-01", industry="钢铁", grade="B").measure == "限产不低于30%"


def test_specific_grade_rule_overrides_general_cut_of_its_notice() -> None:
    notice = _notice(
        [_rule("钢铁企业限产30%", CUT30, "钢铁"), _rule("A级企业自主减排", Action(type="voluntary"), "钢铁", grades=["A"])]
    )
    d = _ask([notice], industry="钢铁", grade="A", city="太原市")
    assert d.measure == "自主减排"
    assert [r.text for r in d.overridden] == ["钢铁企业限产30%"]
    assert _ask([notice], industry="钢铁", grade="B", city="太原市").measure == "限产不低于30%"


def test_rules_of_other_notices_do_not_override_the_strictest_wins() -> None:
    general = _notice([_rule("钢铁企业限产30%", CUT30, "钢铁")], doc_id="a")
    specific = _notice([_rule("A级企业自主减排", Action(type="voluntary"), "钢铁", grades=["A"])], doc_id="b")
    d = _ask([general, specific], industry="钢铁", grade="A", city="太原市")
    assert d.measure == "限产不低于30%" and d.overridden == []


def test_open_criteria_are_a_caveat_never_the_decision() -> None:
    exempt = _rule(
        "焦化企业全面完成超低排放改造评估监测并备案公示的企业可豁免错峰生产",
        Action(type="exempt"),
        "焦化",
        criteria=["全面完成超低排放改造评估监测并备案公示"],
    )
    d = _ask([_notice([exempt])], industry="焦化", city="太原市")
    assert d.winner is None and [r.action for r in d.conditional] == ["exempt"]
    assert d.caveats[0].startswith("若「全面完成超低排放改造评估监测并备案公示」（未核实）：豁免")


def test_unless_criteria_apply_with_a_caveat() -> None:
    stop = _rule("水泥除符合上述条件的采暖季全部停产", Action(type="stop"), "水泥", criteria=["除符合上述差别化错峰生产条件的"])
    d = _ask([_notice([stop])], industry="水泥", city="太原市")
    assert d.measure == "停产" and d.caveats[0].startswith("例外「除符合上述差别化错峰生产条件的」时不适用")


@pytest.mark.parametrize(
    ("ask", "measure", "needs"),
    [
        (dict(city="晋城市"), "停产", []),
        (dict(county="高平市"), "停产", []),  # a county of 晋城市
        (dict(city="朔州市"), "无适用规则", []),  # never the 晋城市 plan's rule
        (dict(province="山西省"), "无适用规则", ["place"]),  # which city? the answer says so
        (dict(), "无适用规则", ["place"]),
    ],
    ids=["city", "county-in-city", "other-city", "province-only", "no-place"],
)
def test_rule_regions_through_the_gazetteer(ask: dict, measure: str, needs: list[str]) -> None:
    plan_rule = _rule("铸造熔炼设备采暖期实施停产", Action(type="stop"), "铸造", regions=["晋城市"])
    d = _ask([_notice([plan_rule])], industry="铸造", **ask)
    assert (d.measure, d.needs) == (measure, needs)


def test_a_city_question_matches_a_province_rule() -> None:
    d = _ask([_notice([_rule("砖瓦企业停产", Action(type="stop"), "砖瓦")])], industry="砖瓦窑", city="朔州")
    assert d.measure == "停产" and d.enterprise.city == "朔州市" and d.enterprise.industry == "砖瓦"


def test_missing_grade_is_reported_not_guessed() -> None:
    rules = [_rule("D级停产", Action(type="stop"), grades=["D"]), _rule("A级豁免", Action(type="exempt"), grades=["A"])]
    d = _ask([_notice(rules)], industry="铸造", city="太原市")
    assert d.winner is None and d.needs == ["grades"]
    assert "需补充：绩效等级" in d.explanation and "停产" in d.caveats[-1] and "豁免" in d.caveats[-1]


@pytest.mark.parametrize(
    ("ask", "message"),
    [
        (dict(industry="砖瓦瓦"), "unknown industry '砖瓦瓦'; accepted: "),
        (dict(industry="钢铁", grade="E"), "unknown grade 'E'; accepted: A, B, B-, C, D, 引领性, 非引领性"),
        (dict(industry="钢铁", alert="purple"), "unknown alert level 'purple'; accepted: yellow, orange, red"),
        (dict(industry="钢铁", tier="IX"), "unknown tier 'IX'; accepted: I, II, III, IV, V"),
        (dict(industry="钢铁", process="batch"), "unknown process 'batch'; accepted: interruptible"),
        (dict(industry="钢铁", city="火星市"), "unknown place '火星市'"),
        (dict(industry="钢铁", county="迁安市", city="太原市"), "迁安市 is not in 太原市"),
    ],
    ids=["industry", "grade", "alert", "tier", "process", "place", "places-do-not-nest"],
)
def test_bad_question_is_one_line_naming_what_is_accepted(ask: dict, message: str) -> None:
    with pytest.raises(EngineInputError) as err:
        make_enterprise(**ask)
    assert str(err.value).startswith(message) and "\n" not in str(err.value)


@pytest.mark.parametrize("value", ["2021-13-01", "2021/12/01", "20211201", "yesterday", "2021-02-30"])
def test_malformed_date(value: str) -> None:
    with pytest.raises(EngineInputError, match="YYYY-MM-DD"):
        parse_date(value)


@pytest.mark.parametrize(
    ("written", "grade"), [("b", "B"), ("B-级", "B-"), ("b—", "B-"), ("引领性", "引领性"), ("c级", "C")]
)
def test_grades_as_written(written: str, grade: str) -> None:
    assert make_enterprise("钢铁", grade=written).grade == grade


_EXAMPLES = datafiles.load("engine.toml")["criteria"]["example"]


@pytest.mark.parametrize("ex", _EXAMPLES, ids=[f"{e['kind']}-{e['text'][:12]}" for e in _EXAMPLES])
def test_criteria_examples(ex: dict) -> None:
    assert kind_of(ex["text"], Condition(**ex["condition"])) == ex["kind"]


# --- tables and rules.jsonl -------------------------------------------------------------


def _table_notice() -> Notice:
    return _notice(
        [_rule("铸造熔炼设备采暖期实施停产", Action(type="stop"), "铸造", regions=["高平市"], criteria=["除符合上述条件的"])],
        doc_number="晋市经信字〔20xx〕112号",
        plans=[{"index": 1, "heading": "方案九", "span": (0, 100)}],
        regions=[{"name": "晋城市"}],
    )


def test_csv_rows_are_self_contained() -> None:
    import csv
    import io

    from extract.engine.tables import to_csv

    (row,) = list(csv.DictReader(io.StringIO(to_csv(export_rules([_table_notice()])))))
    assert {k: row[k] for k in ("jurisdiction_name", "season", "source", "plan_heading", "regions",
                                "rule_regions", "measure", "text", "criteria_unless")} == {
        "jurisdiction_name": "山西省", "season": "2021-2022", "source": "n.txt", "plan_heading": "方案九",
        "regions": "晋城市", "rule_regions": "高平市", "measure": "停产", "text": "铸造熔炼设备采暖期实施停产",
        "criteria_unless": "除符合上述条件的",
    }


def test_xlsx_opens_with_openpyxl(tmp_path) -> None:
    from openpyxl import load_workbook

    from extract.engine.tables import COLUMNS, write_xlsx

    path = tmp_path / "rules.xlsx"
    write_xlsx(export_rules([_table_notice()]), path)
    ws = load_workbook(path)["rules"]
    header, values = [c.value for c in ws[1]], [c.value for c in ws[2]]
    assert header == list(COLUMNS) and ws.max_row == 2
    got = dict(zip(header, values, strict=True))
    assert (got["jurisdiction_name"], got["rule_regions"], got["doc_number"], got["span_start"]) == (
        "山西省", "高平市", "晋市经信字〔20xx〕112号", 10
    )


def test_rules_jsonl_rows_carry_jurisdiction_and_season() -> None:
    from extract.io import rules_jsonl

    (line,) = rules_jsonl([_table_notice()]).splitlines()
    row = json.loads(line)
    assert (row["jurisdiction"], row["season"], row["doc_id"]) == (
        {"level": "province", "name": "山西省"}, "2021-2022", "n1"
    )
    assert row["condition"]["regions"] == ["高平市"]


def test_season_read_for_relative_periods() -> None:
    notice = _notice([_rule("停产", Action(type="stop"), "砖瓦")], periods=[Period(start="Y0-11-15", end="Y1-03-15")])
    notice.season = None
    rules = export_rules([notice])
    ent = make_enterprise("砖瓦", city="太原市")
    assert query(rules, ent, date(2022, 3, 1), season="2021-2022").measure == "停产"
    assert query(rules, ent, date(2022, 3, 1), season="2022-2023").measure == "无适用规则"
