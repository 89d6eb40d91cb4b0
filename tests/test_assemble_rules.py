"""Rule assembly: each clause shape of the rules issue, on real sentences, every field asserted.

Each case is a small excerpt of a corpus notice (file named in the id) run through the whole
pipeline; expected rules are read from the sentence, as (industry, condition, action) tuples.
"""

from __future__ import annotations

import pytest

from extract import extract_text
from extract.core import datafiles
from extract.core.models import Rule
from extract.core.rulekey import condition_key


def _key(rule: Rule) -> tuple:
    c = rule.condition
    a = rule.action
    cond = dict(condition_key(c, with_regions=True))
    value = a.ratio if a.type == "cut" else (a.duration.value, a.duration.unit) if a.duration else (
        a.alert_level if a.type == "follow_alert" else (a.period.start, a.period.end) if a.period else None)
    return rule.industry, tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in cond.items())), a.type, value


def _rules(text: str) -> list[tuple]:
    """Rule keys as a sorted list: a rule extracted twice shows twice (scoring is one-to-one)."""
    return sorted((_key(r) for r in extract_text(text).rules), key=repr)


CASES = [
    pytest.param(
        "四、差异化管控要求\n（一）被评定为D级的企业或未按期完成治理任务的企业实施错峰停产。对可中断工序行业企业秋冬季期间实施错峰停产；"
        "对不可中断工序行业企业秋冬季期间实施最严格的限产措施（不低于红色预警措施进行生产调控）。",
        {
            (None, (("grades", ("D",)),), "stop", None),
            (None, (("noncompliant", True),), "stop", None),
            (None, (("grades", ("D",)), ("process", "interruptible")), "stop", None),
            (None, (("noncompliant", True), ("process", "interruptible")), "stop", None),
            (None, (("grades", ("D",)), ("process", "continuous")), "follow_alert", "red"),
            (None, (("noncompliant", True), ("process", "continuous")), "follow_alert", "red"),
        },
        id="000-or-alternatives-and-process-subclauses",
    ),
    pytest.param(
        "（二）被评定为B级、B-级、C级、非引领性的企业实施错峰生产。对可中断工序行业企业实施轮开轮停，按照不低于橙色预警减排比例确定停产天数"
        "（铸造C级企业按照不少于90天实施停产），停产时长在两个阶段分别落实；对不可中断工序行业企业秋冬季期间按照不低于橙色预警措施进行生产调控。",
        {
            (None, (("grades", ("B", "B-", "C", "非引领性")), ("process", "interruptible")), "follow_alert", "orange"),
            (None, (("grades", ("B", "B-", "C", "非引领性")), ("process", "continuous")), "follow_alert", "orange"),
            ("铸造", (("grades", ("C",)), ("process", "interruptible")), "stop_days", (90.0, "day")),
        },
        id="000-parenthetical-rule-of-its-own",
    ),
    pytest.param(
        "1.钢铁行业（含高炉铸造一体和铁合金企业）\nⅳ类：达不到ⅲ类条件的，涉及居民供热的企业限产70%，不涉及居民供热的停产。",
        {
            ("钢铁", (("heating", True), ("tier", "IV")), "cut", 0.7),
            ("钢铁", (("heating", False), ("tier", "IV")), "stop", None),
        },
        id="001-heating-split-under-industry-heading",
    ),
    pytest.param(
        "（三）砖瓦行业\n1.被评定为a级和引领性的企业，生产设施不予错峰。\n2.被评定为b级的企业，停产2.5个月。\n"
        "3.被评定为c级的企业，停产3个月。\n4.被评定为d级和非引领性的企业，错峰停产。",
        {
            ("砖瓦", (("grades", ("A", "引领性")),), "exempt", None),
            ("砖瓦", (("grades", ("B",)),), "stop_days", (2.5, "month")),
            ("砖瓦", (("grades", ("C",)),), "stop_days", (3.0, "month")),
            ("砖瓦", (("grades", ("D", "非引领性")),), "stop", None),
        },
        id="001-lettered-list-one-rule-per-item",
    ),
    pytest.param(
        "（三）PVC手套行业。在重污染天气期间，PVC手套相关生产线黄色预警减产20%、橙色预警减产30%、红色预警减产50%，以生产线计。",
        {
            ("PVC手套", (("alert_level", "yellow"),), "cut", 0.2),
            ("PVC手套", (("alert_level", "orange"),), "cut", 0.3),
            ("PVC手套", (("alert_level", "red"),), "cut", 0.5),
        },
        id="003-alert-table-one-rule-per-level",
    ),
    pytest.param(
        "（三）属于《产业结构调整指导目录》限制类的生产设施，限产40%，其中，位于市区建成区及周边10公里范围内的，限产50%，"
        "不影响生产安全的情况下可采取停产错峰。",
        {
            (None, (("policy_category", "限制类"),), "cut", 0.4),
            (None, (("policy_category", "限制类"), ("zone", "市区建成区及周边10公里范围内")), "cut", 0.5),
        },
        id="001-policy-category-and-zone-with-qizhong",
    ),
    pytest.param(
        "2.焦化行业\nⅱ类：同时满足以下 2个条件的，结焦时间延长至36小时；清洁热回收焦炉结焦时间延长至150小时左右。",
        {
            ("焦化", (("tier", "II"),), "extend_coking", (36.0, "hour")),
            ("焦化", (("tier", "II"),), "extend_coking", (150.0, "hour")),
        },
        id="001-extend-coking",
    ),
    pytest.param(
        "4.水泥行业（不含粉磨站）\nⅰ类：同时满足以下3个条件的，20xx年12月1日至20xx年1月31日停产。",
        {("水泥", (("tier", "I"),), "stop_window", ("Y0-12-01", "Y1-01-31"))},
        id="001-stop-window-template-years",
    ),
    pytest.param(
        "按照发改经贸〔2021〕1351号文件，允许A、B级化肥生产企业在秋冬季重污染天气期间自主减排。",
        {("化肥", (("grades", ("A", "B")),), "voluntary", None)},
        id="000-grades-bound-to-their-industry",
    ),
    pytest.param(
        "原则上各有关地区钢铁企业错峰生产比例不低于上一年同期粗钢产量的30%。",
        {("钢铁", (), "cut", 0.3)},
        id="002-cut-with-bound-and-basis",
    ),
]


# phrasings of other provinces and years (not in corpus/): the same shapes must hold
VARIANTS = [
    pytest.param(
        "（一）钢铁行业。A级企业自主减排；B级企业限产20%；C级企业限产40%；D级企业停产。",
        {
            ("钢铁", (("grades", ("A",)),), "voluntary", None),
            ("钢铁", (("grades", ("B",)),), "cut", 0.2),
            ("钢铁", (("grades", ("C",)),), "cut", 0.4),
            ("钢铁", (("grades", ("D",)),), "stop", None),
        },
        id="grade-ladder-under-inline-industry-heading",
    ),
    pytest.param(
        "重污染天气黄色预警期间，C级企业减排10%；橙色预警期间，C级企业减排20%；红色预警期间，C级企业减排30%。",
        {
            (None, (("alert_level", "yellow"), ("grades", ("C",))), "cut", 0.1),
            (None, (("alert_level", "orange"), ("grades", ("C",))), "cut", 0.2),
            (None, (("alert_level", "red"), ("grades", ("C",))), "cut", 0.3),
        },
        id="alert-ladder-in-separate-clauses",
    ),
    pytest.param(
        "对未完成超低排放改造的焦化企业，结焦时间延长至48小时以上；完成改造的，可不予限产。",
        {
            ("焦化", (("noncompliant", True),), "extend_coking", (48.0, "hour")),
            ("焦化", (), "exempt", None),
        },
        id="industry-carries-over-semicolon",
    ),
    pytest.param(
        "全省熟料生产线于2026年1月1日－2026年3月31日、2026年11月1日－12月31日实施停窑，全年累计停窑不少于150天。",
        {
            ("水泥", (), "stop_window", ("2026-01-01", "2026-03-31")),
            ("水泥", (), "stop_window", ("2026-11-01", "2026-12-31")),
            ("水泥", (), "stop_days", (150.0, "day")),
        },
        id="several-windows-and-a-yearly-minimum",
    ),
    pytest.param(
        "关于做好2025-2026年水泥行业错峰生产工作的通知\n（一）各熟料生产线错峰停窑时间不少于120天。\n"
        "（二）协同处置城市生活垃圾的生产线可不进行错峰生产，但要适当降低生产负荷。",
        {
            ("水泥", (), "stop_days", (120.0, "day")),
            ("水泥", (), "exempt", None),
        },
        id="industry-from-the-title",
    ),
    pytest.param(
        "新疆水泥错峰生产安排\n喀什、克州2018年11月1日至2019年 3月1日、2019年4月1日至2019年 5月1日共計5個月；\n"
        "其它地州市2018年11月1日至2019年5月1日、2019年6月1日至2019年 7月1日，共計7個月。",
        {
            ("水泥", (("regions", ("克孜勒苏柯尔克孜自治州", "喀什地区")),), "stop_days", (5.0, "month")),
            ("水泥", (("zone", "其它地州市"),), "stop_days", (7.0, "month")),
        },
        id="15-per-zone-schedule-totals",
    ),
    pytest.param(
        "（一）钢铁行业\n黄色预警期间：A级企业自主采取减排措施；B级企业限产20%；D级企业停产。\n"
        "橙色预警期间：B级企业限产30%；D级企业停产。",
        {
            ("钢铁", (("alert_level", "yellow"), ("grades", ("A",))), "voluntary", None),
            ("钢铁", (("alert_level", "yellow"), ("grades", ("B",))), "cut", 0.2),
            ("钢铁", (("alert_level", "yellow"), ("grades", ("D",))), "stop", None),
            ("钢铁", (("alert_level", "orange"), ("grades", ("B",))), "cut", 0.3),
            ("钢铁", (("alert_level", "orange"), ("grades", ("D",))), "stop", None),
        },
        id="alert-prefix-governs-every-clause",
    ),
]


def test_narrowed_subject_is_kept_as_criteria_and_no_false_conflict() -> None:
    notice = extract_text(
        "关于做好2025-2026年水泥行业错峰生产工作的通知\n（一）各熟料生产线错峰停窑时间不少于120天。\n"
        "（二）全年停窑天数不少于160天。\n（三）协同处置城市生活垃圾的生产线可不进行错峰生产。"
    )
    exempt = next(r for r in notice.rules if r.action.type == "exempt")
    assert exempt.condition.criteria == ["协同处置城市生活垃圾的生产线"]
    assert [w.code for w in notice.warnings] == []


@pytest.mark.parametrize(("text", "expected"), CASES + VARIANTS)
def test_clause_shapes(text: str, expected: set[tuple]) -> None:
    assert _rules(text) == sorted(expected, key=repr)


def test_cut_keeps_bound_and_basis() -> None:
    (rule,) = extract_text("原则上各有关地区钢铁企业错峰生产比例不低于上一年同期粗钢产量的30%。").rules
    assert rule.action.bound == "min" and rule.action.basis == "上一年同期粗钢产量"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("各市工信局、生态环境局要对参与错峰生产企业开展常态化督导检查，督促企业按规定时间停产。", id="duties"),
        pytest.param("对秋冬防期间发现存在自动监控数据造假、偷排直排的企业，加严一级管控，直至停产整治。", id="penalty"),
        pytest.param("各市错峰生产方案及企业清单于10月29日前分别报省工信厅。", id="deadline"),
        pytest.param("（2）遵化市港陆钢铁、迁安市九江线材、鑫达钢铁、燕山钢铁烧结机（球团），高炉、石灰窑限产30%。", id="named-enterprises"),
        pytest.param("错峰生产方式以停止生产线或主要生产工序（设备）为主。", id="manner-not-measure"),
    ],
)
def test_non_rules(text: str) -> None:
    assert extract_text(text).rules == []


def test_rule_text_is_the_raw_evidence() -> None:
    raw = "三、错峰生产范围\n对钢铁企业实施错峰生产。\n（一）钢铁企业：限产３０％，以高炉产能为基数。"
    notice = extract_text(raw)
    (rule,) = notice.rules
    a, b = rule.span
    assert raw[a:b] == rule.text and "３０％" in rule.text and rule.action.ratio == 0.3


DATA = datafiles.load("rules.toml")


@pytest.mark.parametrize("case", DATA["examples"], ids=lambda c: c["text"][:12])
def test_data_file_examples(case: dict) -> None:
    assert case["action"] in {r.action.type for r in extract_text(case["text"]).rules}


@pytest.mark.parametrize("case", DATA["counter_examples"], ids=lambda c: c["text"][:12])
def test_data_file_counter_examples(case: dict) -> None:
    assert extract_text(case["text"]).rules == []
