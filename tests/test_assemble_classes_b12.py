"""Classes that batch 12's first look missed, each with invented variants from other provinces
and years (never the batch's own sentences only): lists of consecutive days, an alert that names
a list, exceptions in brackets, a plant's units under its industry, named short lists, rotating
stops, construction and vehicle measures, news narration, toneless pinyin, and the rest."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract import extract_text
from extract.core.models import Rule
from extract.normalize import normalize
from extract.recognize.dates import find_periods


def _brief(rule: Rule) -> tuple:
    c, a = rule.condition, rule.action
    p = a.period or rule.period  # a whole-season stop window is the rule's period
    window = (p.start[-5:], p.end[-5:]) if p and p.start and p.end else None
    return (rule.industry, a.type, a.ratio, c.alert_level, c.noncompliant, tuple(c.grades or ()), window)


def _briefs(text: str) -> list[tuple]:
    return [_brief(r) for r in extract_text(text, "x.txt").rules]


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(("text", "window"), [
    ("全市粉磨站、砖瓦窑7月26日、27日、28日全部停产。", ("Y0-07-26", "Y0-07-28")),
    ("水泥企业2024年1月5日、6日、7日停产。", ("2024-01-05", "2024-01-07")),
    ("铸造企业12月30日、31日停产。", ("Y0-12-30", "Y0-12-31")),
    ("焦化企业2025年11月3日、4日至6日限产30%。", ("2025-11-03", "2025-11-06")),
])
def test_consecutive_days_of_one_month_are_one_window(text: str, window: tuple[str, str]) -> None:
    assert [(p.start_date, p.end_date) for p in find_periods(text)] == [window]


@pytest.mark.parametrize("text", ["12月5日、7日停产。", "7月26日、28日停产", "3月1日、15日报送"])
def test_days_with_a_gap_are_not_a_window(text: str) -> None:
    assert [p for p in find_periods(text) if p.end_date] == []


@given(month=st.integers(1, 12), first=st.integers(1, 25), n=st.integers(2, 4), sep=st.sampled_from(["、", ",", "和"]))
def test_any_run_of_consecutive_days_is_a_window(month: int, first: int, n: int, sep: str) -> None:
    days = [f"{month}月{first}日"] + [f"{d}日" for d in range(first + 1, first + n)]
    found = [(p.start_date, p.end_date) for p in find_periods("钢铁企业" + sep.join(days) + "停产。")]
    assert found == [(f"Y{0 if month >= 7 else 1}-{month:02d}-{first:02d}",
                      f"Y{0 if month >= 7 else 1}-{month:02d}-{first + n - 1:02d}")]


def test_a_list_of_days_is_the_stop_window_of_every_industry_before_it() -> None:
    briefs = _briefs("全市粉磨站、砖瓦窑、钢铁企业,在执行7月份管控措施基础上7月26日、27日、28日全部停产。")
    assert [(b[0], b[1], b[6]) for b in briefs] == [
        (ind, "stop_window", ("07-26", "07-28")) for ind in ("水泥粉磨站", "砖瓦", "钢铁")]


@pytest.mark.parametrize(("text", "expected"), [
    ("铸造、建陶企业分为A、B两组,A组停产时间安排在6月5日-18日,6月份其他时间正常生产;B组停产时间安排在6月18日-30日。",
     [("铸造", ("06-05", "06-18")), ("陶瓷", ("06-05", "06-18")), ("铸造", ("06-18", "06-30")),
      ("陶瓷", ("06-18", "06-30"))]),
    ("砖瓦企业停产时间为2024年12月1日至2025年2月28日。", [("砖瓦", ("12-01", "02-28"))]),
])
def test_a_stop_time_lead_gives_its_window_to_any_industry(text: str, expected: list[tuple]) -> None:
    assert [(b[0], b[6]) for b in _briefs(text)] == expected


# ---------------------------------------------------------------- conditions


@pytest.mark.parametrize(("text", "alert"), [
    ("我县继续维持3月23日20时启动的重污染天气Ⅱ级应急响应措施。自3月28日0时起,变更为黄色及以上预警停产、"
     "轮流停产第一批次的企业落实轮流停产措施,限产企业减少20%的大气污染物排放量,铸造企业全部停产。", "orange"),
    ("全市于12月1日启动重污染天气Ⅰ级应急响应。橙色预警停产的企业继续停产,铸造企业全部停产。", "red"),
])
def test_an_alert_that_names_a_list_is_not_the_alert_in_force(text: str, alert: str) -> None:
    briefs = _briefs(text)
    assert briefs and {b[3] for b in briefs} == {alert}
    assert ("铸造", "stop", None, alert, None, (), None) in briefs


@pytest.mark.parametrize(("text", "expected"), [
    ("二、耐火材料(电窑、A级企业除外)企业隧道窑停止投料。", [("耐火材料", "stop", ())]),
    ("陶瓷(艺术瓷、引领性企业除外)企业停止进新坯。", [("陶瓷", "stop", ())]),
    ("砖瓦窑(非烧结砖除外)停止进新坯;焦化企业减少出焦量30%。", [("砖瓦", "stop", ()), ("焦化", "cut", ())]),
    ("玻璃(B级以上企业除外)企业限产30%。", [("玻璃", "cut", ())]),
])
def test_an_exception_in_brackets_carves_out_its_grades(text: str, expected: list[tuple]) -> None:
    assert [(b[0], b[1], b[5]) for b in _briefs(text)] == expected


@pytest.mark.parametrize("text", [
    "钢铁行业:在确保安全生产的前提下,烧结机、竖炉、石灰窑执行限产50%措施。",
    "(一)钢铁行业:高炉、烧结机、石灰窑限产50%。",
])
def test_a_plants_units_under_its_industry_are_that_industrys(text: str) -> None:
    assert [(b[0], b[1], b[2]) for b in _briefs(text)] == [("钢铁", "cut", 0.5)]


def test_units_of_a_group_still_name_the_members() -> None:
    assert [b[0] for b in _briefs("建材行业:水泥窑、石灰窑停产。")] == ["水泥", "石灰"]


@pytest.mark.parametrize(("text", "nc"), [
    ("涉VOCs行业:涉VOCs排放工序的工业企业,不能稳定达标排放的(含未完成环保治理的)停产。", True),
    ("对不能达标排放的砖瓦企业一律停产整治。", True),
    ("钢铁企业按要求停产。", None),
])
def test_not_meeting_the_standard_is_non_compliance(text: str, nc: bool | None) -> None:
    assert [b[4] for b in _briefs(text)] == [nc]


def test_the_others_drop_the_non_compliance_before_them() -> None:
    text = ("5、涉VOCs行业:涉VOCs排放工序的工业企业,不能稳定达标排放的(含未完成环保治理的)停。"
            "除焦化外其它涉VOCs排放工序的企业,VOCs排放工序停止生产。")
    assert [(b[1], b[4]) for b in _briefs(text)] == [("stop", True), ("stop", None)]


# ---------------------------------------------------------------- measures


@pytest.mark.parametrize(("text", "expected"), [
    ("黄色预警期间,对一般污染排放企业采取轮流停产、停涉气工序,落实减排措施,确保主要污染物总体减排30%以上。",
     [(None, "cut", 0.3)]),
    ("砖瓦企业实行轮流停产。", [("砖瓦", "cut", None)]),
    ("其他涉气企业实行轮流停产。", []),
])
def test_rotating_stops_are_a_cut_not_a_stop(text: str, expected: list[tuple]) -> None:
    assert [(b[0], b[1], b[2]) for b in _briefs(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("环保绩效A级、引领性及纳入生态环境监管“白名单”的企业,自主采取应急管控措施。", ("voluntary", ("A", "引领性"))),
    ("A级企业自主采取减排措施。", ("voluntary", ("A",))),
    ("C级企业限产30%,D级的停。", ("stop", ("D",))),
])
def test_voluntary_and_bare_stop_wordings(text: str, expected: tuple) -> None:
    assert expected in [(b[1], b[5]) for b in _briefs(text)]


@pytest.mark.parametrize(("text", "level"), [
    ("(一)工业源减排措施。执行当地重污染天气工业源应急减排清单橙色预警减排措施。", "orange"),
    ("工业企业严格按照应急减排清单中黄色预警减排措施执行。", "yellow"),
])
def test_a_list_with_its_alert_level_is_a_measure_to_follow(text: str, level: str) -> None:
    rules = extract_text(text, "x.txt").rules
    assert [(r.action.type, r.action.alert_level) for r in rules] == [("follow_alert", level)]


def test_a_company_led_item_still_reads_its_sentence_about_the_others() -> None:
    text = ("三、冀东水泥三友有限公司保留1条水泥窑生产;河北曙光强兴水泥有限公司停产。"
            "其他水泥企业每日2时至9时旋窑停产。")
    assert [(b[0], b[1]) for b in _briefs(text)] == [("水泥", "stop")]


def test_an_industry_heading_item_gives_its_industry_to_the_sentences_after_it() -> None:
    text = ("1、石油化工。有常减压装置或其他石油炼制类的企业,限产30%。\n"
            "2、有机化工。指生产原料中使用有机物的企业,限产30%。\n3、总体要求。各企业限产。")
    assert [(b[0], b[2]) for b in _briefs(text)][:2] == [("石油化工", 0.3), ("有机化工", 0.3)]


# ---------------------------------------------------------------- not rules


@pytest.mark.parametrize("text", [
    "除涉及保障类建设工程和应急抢险任务外,停止所有施工工地的土石方作业,渣土存放点全面停止生产、运行。",
    "每日22时至次日9时,各类施工工地停止非道路移动机械作业;渣土车停止运输。",
    "2、宏烨炉料、众合球团、春兴工贸、宝利球团4家独立球团企业停止生产、停止运输。",
    "据了解,自6月5日开始,A组陶企生产线已逐步停产,B组陶企处于正常生产中。",
    "截至目前,全省水泥熟料生产线已全部停窑。",
    "据悉,此次停产或将对陶企的正常生产造成不同程度的影响。",
    "加大各行业/工段限产、停产力度。",
])
def test_construction_named_works_and_narration_are_no_rules(text: str) -> None:
    assert extract_text(text, "x.txt").rules == []


def test_a_construction_clause_that_names_an_industry_keeps_it() -> None:
    text = "除涉及重大民生工程外,所有水泥粉磨站、渣土存放点全面停止生产、运行。"
    assert [(b[0], b[1]) for b in _briefs(text)] == [("水泥粉磨站", "stop")]


def test_already_stopped_enterprises_are_a_subject_not_narration() -> None:
    assert [(b[0], b[1]) for b in _briefs("已停产焦化企业,不得擅自恢复生产;铸造企业停产。")][-1] == ("铸造", "stop")


# ---------------------------------------------------------------- text


@pytest.mark.parametrize(("raw", "clean"), [
    ("2019山东淄博(bo)夏(xia)秋季工业企(qi)业错峰生(sheng)产(chan)方案", "2019山东淄博夏秋季工业企业错峰生产方案"),
    ("限(xian)产(chan)30%", "限产30%"),
    ("企业(a)类和(b)类", "企业(a)类和(b)类"),
    ("PM2.5(细颗粒物)", "PM2.5(细颗粒物)"),
])
def test_toneless_pinyin_after_each_character_is_removed(raw: str, clean: str) -> None:
    assert normalize(raw).text == clean


@pytest.mark.parametrize("page", [
    "河南省某某县人民政府欢迎您!\n关于启动重污染天气橙色预警的通知\n各乡镇:铸造企业停产。",
    "本文作者:访客\n关于启动重污染天气橙色预警的通知\n各乡镇:铸造企业停产。",
])
def test_a_site_greeting_or_byline_is_not_the_title(page: str) -> None:
    assert extract_text(page, "x.txt").title == "关于启动重污染天气橙色预警的通知"
