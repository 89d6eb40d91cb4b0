"""Rule-assembly mechanisms of the generalisation issue, each on invented variants from several
provinces and years (never one file's wording): inherited context, rule places, windows with
day counts, schedules, lead sentences, news metadata.

Expected values are read from the invented sentences, as a labeller would.
"""

from __future__ import annotations

import pytest

from extract import extract_text
from extract.core.models import Notice, Rule
from extract.core.rulekey import condition_key
from extract.recognize.metadata import find_reports


def _key(rule: Rule) -> tuple:
    c, a = rule.condition, rule.action
    cond = dict(condition_key(c, with_regions=True))
    value = a.ratio if a.type == "cut" else (a.duration.value, a.duration.unit) if a.duration else None
    window = (a.period.start, a.period.end) if a.period else None
    if a.type == "follow_alert":
        value = a.alert_level
    return (rule.industry, tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in cond.items())),
            a.type, value, window)


def _rules(text: str) -> list[tuple]:
    return sorted((_key(r) for r in extract_text(text).rules), key=repr)


def _same(text: str, expected: list[tuple]) -> None:
    assert _rules(text) == sorted(expected, key=repr)


# ---------------------------------------------------------------- inherited context


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("某市重污染天气橙色预警Ⅱ级响应减排措施", "orange"),
        ("邢台市重污染天气红色预警期间工业企业应急减排措施", "red"),
        ("关于启动重污染天气黄色预警的通知", "yellow"),
        ("运城市重污染天气橙色预警（Ⅱ级）应急响应管控措施", "orange"),
    ],
    ids=["orange-response", "red-xingtai", "yellow-notice", "full-width-brackets"],
)
def test_title_alert_level_governs_every_measure(title: str, level: str) -> None:
    text = f"{title}\n一、钢铁行业\nB级企业限产30%;C级企业限产50%。\n二、焦化行业\n结焦时间延长至36小时以上。"
    _same(text, [
        ("钢铁", (("alert_level", level), ("grades", ("B",))), "cut", 0.3, None),
        ("钢铁", (("alert_level", level), ("grades", ("C",))), "cut", 0.5, None),
        ("焦化", (("alert_level", level),), "extend_coking", (36.0, "hour"), None),
    ])


def test_a_title_naming_every_level_sets_none() -> None:
    text = "某县重污染天气黄色、橙色、红色预警减排措施\n钢铁企业限产30%。"
    _same(text, [("钢铁", (), "cut", 0.3, None)])


def test_a_heading_alert_overrides_the_title() -> None:
    text = ("某市重污染天气橙色预警减排措施\n（一）红色预警期间\n水泥企业全部停产。\n（二）其他时段\n"
            "水泥企业限产50%。")
    _same(text, [
        ("水泥", (("alert_level", "red"),), "stop", None, None),
        ("水泥", (("alert_level", "orange"),), "cut", 0.5, None),
    ])


@pytest.mark.parametrize(
    "heading",
    ["二、未完成超低排放改造的企业:", "（三）未按期完成深度治理任务的企业", "3.未达到超低排放要求的企业："],
    ids=["ultra-low", "deep-treatment", "full-width-colon"],
)
def test_a_noncompliance_heading_governs_its_items(heading: str) -> None:
    text = f"关于做好2023-2024年采暖季错峰生产的通知\n一、总体要求\n做好错峰生产工作。\n{heading}\n钢铁企业限产50%。"
    _same(text, [("钢铁", (("noncompliant", True),), "cut", 0.5, None)])


# ---------------------------------------------------------------- places


@pytest.mark.parametrize(
    ("line", "regions"),
    [
        ("兰州市、白银市:2022年11月15日至2023年3月15日停产。", ("兰州市", "白银市")),
        ("银川市、石嘴山市的水泥熟料生产线2024年11月1日至2025年3月15日停产。", ("银川市", "石嘴山市")),
        ("长春市和吉林市：2025年11月1日—2026年3月31日停窑。", ("吉林市", "长春市")),
        ("和田2018年12月1日至2019年3月1日停产。", ("和田地区",)),
    ],
    ids=["gansu-colon", "ningxia-de", "jilin-he-full-width", "hetian-alias"],
)
def test_a_leading_place_list_limits_the_rule(line: str, regions: tuple[str, ...]) -> None:
    (rule,) = extract_text(f"工业和信息化部办公厅\n关于2022-2023年水泥错峰生产的通知\n{line}").rules
    assert tuple(sorted(rule.condition.regions or ())) == tuple(sorted(regions))
    assert rule.action.type == "stop_window"


def test_a_place_list_that_is_not_places_stays_a_zone() -> None:
    (rule,) = extract_text("新疆水泥错峰生产安排\n其它地州市2018年11月1日至2019年5月1日,共计6个月。").rules
    assert (rule.condition.regions, rule.condition.zone) == (None, "其它地州市")


def test_heading_places_govern_the_items_below() -> None:
    text = ("河北省2023-2024年水泥错峰生产方案\n（一）石家庄市、邢台市\n水泥熟料生产线停产60天。\n"
            "（二）张家口市、承德市\n水泥熟料生产线停产90天。")
    _same(text, [
        ("水泥", (("regions", ("石家庄市", "邢台市")),), "stop_days", (60.0, "day"), None),
        ("水泥", (("regions", ("张家口市", "承德市")),), "stop_days", (90.0, "day"), None),
    ])
    assert {r.name for r in extract_text(text).regions} == {"石家庄市", "邢台市", "张家口市", "承德市"}


def test_the_notices_own_place_is_not_a_rule_place() -> None:
    text = "唐山市人民政府办公室\n关于2023年秋冬季错峰生产的通知\n唐山市钢铁企业限产50%。"
    (rule,) = extract_text(text).rules
    assert rule.condition.regions is None


def test_each_compilation_plan_carries_its_city() -> None:
    text = ("企业错峰生产方案一\n晋城市2021-2022年秋冬季错峰生产方案\n一、铸造企业\nC级企业停产。\n"
            "企业错峰生产方案二\n朔州市2021-2022年秋冬季错峰生产方案\n一、铸造企业\nC级企业限产50%。")
    _same(text, [
        ("铸造", (("grades", ("C",)), ("regions", ("晋城市",))), "stop", None, None),
        ("铸造", (("grades", ("C",)), ("regions", ("朔州市",))), "cut", 0.5, None),
    ])


# ---------------------------------------------------------------- windows, counts, schedules


@pytest.mark.parametrize(
    ("clause", "window"),
    [
        ("各水泥熟料生产线于8月5日至8月19日停窑15天。", ("2023-08-05", "2023-08-19")),
        ("全省熟料生产线7月1日—7月15日错峰停窑15天。", ("2023-07-01", "2023-07-15")),
        ("所有熟料生产线自6月10日起至6月24日止停窑15天。", ("2023-06-10", "2023-06-24")),
    ],
    ids=["yu-zhi", "em-dash", "zi-qi-zhi"],
)
def test_a_window_with_its_day_count_is_one_stop_window(clause: str, window: tuple[str, str]) -> None:
    (rule,) = extract_text(f"关于2023年夏季水泥错峰生产的通知\n{clause}").rules
    a = rule.action
    assert (a.type, (a.period.start, a.period.end), a.duration.value) == ("stop_window", window, 15.0)


@pytest.mark.parametrize(
    "clause",
    ["全年开窑天数不超过210天。", "比去年增加停窑10天。", "较上年减少停窑5天。", "全市33家企业总计停窑4825天。",
     "共计4825窑·天。", "那么今年水泥行业如何错峰停窑呢?"],
    ids=["open-days", "year-over-year", "less-than-last-year", "total", "kiln-days", "question"],
)
def test_counts_that_are_not_rules(clause: str) -> None:
    assert extract_text(f"关于2025年水泥熟料生产线错峰生产的通知\n{clause}").rules == []


@pytest.mark.parametrize(
    ("clause", "days"),
    [("3月份停窑不少于20天。", 20.0), ("11月份错峰停窑不少于15天。", 15.0), ("1-2月份停窑不少于30天。", 30.0)],
    ids=["march", "november", "two-months"],
)
def test_a_month_with_a_day_count_is_stop_days(clause: str, days: float) -> None:
    (rule,) = extract_text(f"关于水泥行业2023年错峰生产的通知\n{clause}").rules
    assert (rule.action.type, rule.action.duration.value, rule.action.bound) == ("stop_days", days, "min")


@pytest.mark.parametrize("clause", ["4-5月份正常生产;6月份停窑。", "7月份错峰停窑。"], ids=["normal-then-stop", "stop-only"])
def test_a_month_without_a_day_count_is_not_a_rule(clause: str) -> None:
    assert extract_text(f"关于水泥行业2020年错峰生产的通知\n{clause}").rules == []


def test_a_baseline_figure_gives_way_to_the_target() -> None:
    (rule,) = extract_text("江西省水泥行业2022年错峰生产实施方案\n全年错峰生产在2021年不少于55天的基础上再增加15天到不少于70天。").rules
    assert (rule.action.type, rule.action.duration.value) == ("stop_days", 70.0)


def test_a_schedule_line_with_several_windows_gives_one_rule_each() -> None:
    text = ("2024至2025年新疆水泥错峰生产计划\n二、错峰停窑时间\n"
            "哈密市:2024年11月1日至2025年4月15日;2025年6月1日至2025年6月30日;2025年9月1日至2025年9月15日。")
    _same(text, [
        ("水泥", (("regions", ("哈密市",)),), "stop_window", None, ("2024-11-01", "2025-04-15")),
        ("水泥", (("regions", ("哈密市",)),), "stop_window", None, ("2025-06-01", "2025-06-30")),
        ("水泥", (("regions", ("哈密市",)),), "stop_window", None, ("2025-09-01", "2025-09-15")),
    ])


@pytest.mark.parametrize(
    "sentence",
    ["全省水泥熟料企业的所有熟料生产线在2023年11月15日0:00-2024年3月15日24:00进行错峰生产。",
     "全区所有水泥熟料生产线2023年11月15日至2024年3月15日实施错峰生产。"],
    ids=["shandong-shape", "region-shape"],
)
def test_an_unconditional_heating_season_window_is_the_notices_stop(sentence: str) -> None:
    n = extract_text(f"关于做好2023-2024年采暖季水泥错峰生产的通知\n{sentence}")
    assert [(r.industry, r.action.type) for r in n.rules] == [("水泥", "stop")]
    assert [(p.start, p.end) for p in n.periods] == [("2023-11-15", "2024-03-15")]


def test_a_cement_window_inside_one_year_stays_a_window() -> None:
    (rule,) = extract_text("河北水泥行业2025年错峰生产安排\n确定自9月26日至10月10日实行连续15天的错峰生产。").rules
    assert (rule.action.type, rule.action.period.start, rule.action.duration.value) == ("stop_window", "2025-09-26", 15.0)


def test_steel_staggered_production_in_a_window_is_not_a_stop() -> None:
    n = extract_text("关于2023-2024年采暖季钢铁行业错峰生产的通知\n2023年11月15日至2024年3月15日实施错峰生产。")
    assert all(r.action.type != "stop" for r in n.rules)


# ---------------------------------------------------------------- lists under a lead


@pytest.mark.parametrize(
    "lead",
    ["以下企业执行停产:", "下列企业实施停产：", "对以下企业实施停产:"],
    ids=["yixia", "xialie-full-width", "dui-yixia"],
)
def test_list_items_take_the_leads_measure(lead: str) -> None:
    text = f"关于做好2022-2023年秋冬季错峰生产的通知\n{lead}\n1.铸造企业;\n2.砖瓦窑企业;\n3.未完成深度治理的企业。"
    _same(text, [
        ("铸造", (), "stop", None, None),
        ("砖瓦", (), "stop", None, None),
        (None, (("noncompliant", True),), "stop", None, None),
    ])


# ---------------------------------------------------------------- news copies and metadata


def test_a_news_copy_takes_the_issued_title_its_number_and_issuers() -> None:
    n = extract_text("湖北:两部门联合印发实施方案\n近日,湖北省经济和信息化厅、湖北省生态环境厅联合印发《湖北省2023年水泥"
                     "行业错峰生产实施方案》(鄂经信材料〔2023〕12号),根据《关于进一步做好水泥常态化错峰生产的通知》"
                     "(工信部联原〔2020〕201号),要求全省熟料生产线停窑不少于60天。")
    assert (n.title, n.doc_number) == ("湖北省2023年水泥行业错峰生产实施方案", "鄂经信材料〔2023〕12号")
    assert n.issuers == ["湖北省经济和信息化厅", "湖北省生态环境厅"]
    assert n.jurisdiction.name == "湖北省"


def test_a_notice_addressed_to_every_province_is_national() -> None:
    n = extract_text("各省、自治区、直辖市及计划单列市工业和信息化主管部门、生态环境厅(局):\n"
                     "为进一步做好水泥常态化错峰生产,现通知如下:")
    assert (n.jurisdiction.level, n.jurisdiction.name, n.title, n.issuers) == ("national", "全国", None, [])


@pytest.mark.parametrize("junk", ["EN", "您好,欢迎来到某某钢管厂官网!", "date2026-02-26我的频道"])
def test_page_furniture_is_never_a_title(junk: str) -> None:
    n: Notice = extract_text(f"{junk}\n确保两会期间空气质量北方钢企减产30%\n据悉,钢铁企业限产30%。")
    assert n.title == "确保两会期间空气质量北方钢企减产30%"


# ---------------------------------------------------------------- batch-1–5 classes, invented variants


@pytest.mark.parametrize(
    "heading",
    ["1、钢铁行业:", "（一）钢铁企业", "一、长流程钢铁联合企业"],
    ids=["numbered", "bracketed", "long-process"],
)
def test_a_coke_oven_clause_under_a_steel_heading_is_coking(heading: str) -> None:
    text = f"某市重污染天气橙色预警减排措施\n{heading}\n6米及以上炭化室焦炉出焦时间延长至28小时;高炉限产30%。"
    _same(text, [
        ("焦化", (("alert_level", "orange"),), "extend_coking", (28.0, "hour"), None),
        ("钢铁", (("alert_level", "orange"),), "cut", 0.3, None),
    ])


@pytest.mark.parametrize(
    ("ladder", "expected"),
    [
        ("C级企业,黄色预警期间:停产50%;橙色及以上预警期间:停产。",
         [(("alert_level", "yellow"), ("grades", ("C",))), (("alert_level", "orange"), ("grades", ("C",)))]),
        ("B级企业:黄色预警期间限产20%;红色预警期间停产。",
         [(("alert_level", "yellow"), ("grades", ("B",))), (("alert_level", "red"), ("grades", ("B",)))]),
    ],
    ids=["zhenjiang-shape", "colon-shape"],
)
def test_a_grade_goes_on_over_its_alert_ladder(ladder: str, expected: list) -> None:
    got = [k[1] for k in _rules(f"关于印发水泥行业绩效分级差异化管控措施的通知\n{ladder}")]
    assert sorted(got, key=repr) == sorted(expected, key=repr)


def test_others_do_not_take_the_grade_before() -> None:
    got = _rules("关于钢铁行业错峰生产的通知\nA级企业自主减排;其他企业限产30%。")
    assert ("钢铁", (), "cut", 0.3, None) in got


@pytest.mark.parametrize(
    ("line", "window"),
    [
        ("太原市、大同市:2018年7月5日-7月24日,共停产20天。", ("2018-07-05", "2018-07-24")),
        ("晋城市、运城市：2019年6月5日至6月24日，共计停窑20天。", ("2019-06-05", "2019-06-24")),
    ],
    ids=["shanxi-2018", "full-width-2019"],
)
def test_a_window_then_its_day_count_is_one_stop_window(line: str, window: tuple[str, str]) -> None:
    (rule,) = extract_text(f"山西省水泥行业夏季错峰生产方案\n{line}").rules
    a = rule.action
    assert (a.type, (a.period.start, a.period.end), a.duration.value) == ("stop_window", window, 20.0)
    assert len(rule.condition.regions or []) == 2


def test_a_clock_time_with_a_day_part_ends_a_window() -> None:
    (rule,) = extract_text("关于做好2024年7月份错峰生产的通知\n所有水泥熟料生产线2024年7月1日早8点至2024年7月16日早8点,停窑15天。").rules
    assert (rule.action.type, rule.action.period.start, rule.action.period.end) == ("stop_window", "2024-07-01", "2024-07-16")


def test_the_whole_province_is_not_a_zone() -> None:
    (rule,) = extract_text("关于水泥错峰生产的通知\n全省范围内的协同处置城市生活垃圾的生产线可以不进行错峰生产。").rules
    assert (rule.action.type, rule.condition.zone) == ("exempt", None)


def test_an_alert_started_in_the_lead_governs_the_measures() -> None:
    text = ("经会商,预计将出现重污染天气过程。自1月26日12时起,全市启动重污染天气Ⅱ级应急响应,现将有关事项通知如下:\n"
            "1、铸造企业停产。\n2、砖瓦窑企业停产。")
    assert {r.condition.alert_level for r in extract_text(text).rules} == {"orange"}


@pytest.mark.parametrize(
    ("clause", "regions"),
    [
        ("“2+26”城市中石家庄、唐山、邯郸、安阳等重点城市,采暖季钢铁产能限产50%。", {"石家庄市", "唐山市", "邯郸市", "安阳市"}),
        ("京津冀大气污染传输通道城市(济南、淄博、聊城)水泥企业错峰停产。", {"济南市", "淄博市", "聊城市"}),
        ("位于长沙市、株洲市和湘潭市的水泥熟料生产线限产30%。", {"长沙市", "株洲市", "湘潭市"}),
        ("对兰州等城市的砖瓦企业实施停产。", {"兰州市"}),
    ],
    ids=["2+26-cities", "parenthesised", "he-list", "one-with-deng"],
)
def test_places_listed_in_a_clause_limit_its_rule(clause: str, regions: set[str]) -> None:
    rules = extract_text(f"生态环境部办公厅\n关于2017-2018年秋冬季错峰生产的通知\n{clause}").rules
    assert rules and all(set(r.condition.regions or ()) == regions for r in rules)


def test_a_place_after_chu_is_an_exception_not_a_rule_place() -> None:
    (rule,) = extract_text("关于2017-2018年秋冬季错峰生产的通知\n除武安、涉县外,钢铁企业限产50%。").rules
    assert rule.condition.regions is None


def test_a_news_page_dates_its_undated_days_by_its_first_full_date() -> None:
    n = extract_text("某市12月23日0时启动重污染天气Ⅱ级应急响应\n(原标题:某市定于12月23日0时启动Ⅱ级应急响应)\n"
                     "某市定于2024年12月23日0时启动Ⅱ级应急响应,解除时间另行通知。")
    assert {(p.start, p.end) for p in n.periods} == {("2024-12-23", None)}


@pytest.mark.parametrize(
    "sentence",
    ["其中,钢铁行业要求:绩效评价为A级的,自主采取减排措施。", "钢铁企业:评为A级的,自主采取减排措施。"],
    ids=["industry-requires", "industry-colon"],
)
def test_an_industry_topic_is_not_an_alternative_subject(sentence: str) -> None:
    rules = extract_text(f"唐山市关于启动重污染天气Ⅱ级应急响应的通知\n{sentence}").rules
    assert [(r.industry, r.condition.grades, r.action.type) for r in rules] == [("钢铁", ["A"], "voluntary")]


@pytest.mark.parametrize("lead", ["日前,", "近日，", "记者从市生态环境局获悉,"], ids=["riqian", "jinri-full-width", "jizhe"])
def test_a_headline_is_not_joined_to_the_news_lead_below_it(lead: str) -> None:
    n = extract_text(f"镇江市公示重点行业绩效评级 台泥、鹤林水泥拟定为B级企业\n{lead}镇江市公示了重点行业绩效评级名单。")
    assert n.title == "镇江市公示重点行业绩效评级台泥、鹤林水泥拟定为B级企业"  # layout space removed


def test_quarterly_minima_are_one_rule_each() -> None:
    rules = extract_text("湖北省水泥行业错峰生产方案\n全省水泥生产线全年停窑时间不少于90天,其中一季度不少于50天,"
                         "三季度8-9月不少于20天,四季度不少于20天。").rules
    assert sorted((r.action.duration.value, tuple(r.condition.criteria)) for r in rules) == [
        (20.0, ("三季度8-9月",)), (20.0, ("四季度",)), (50.0, ("一季度",)), (90.0, ())]


@pytest.mark.parametrize("clause", ["被评定为A级的企业,不纳入错峰。", "A级企业不纳入错峰生产范围。"], ids=["bare", "fanwei"])
def test_not_taken_into_staggering_is_an_exemption(clause: str) -> None:
    (rule,) = extract_text(f"关于2021-2022年秋冬季错峰生产的通知\n{clause}").rules
    assert (rule.condition.grades, rule.action.type) == (["A"], "exempt")


def test_a_recurring_per_place_line_is_a_window_and_a_scoped_period() -> None:
    n = extract_text("各省、自治区、直辖市工业和信息化主管部门:\n关于进一步做好水泥常态化错峰生产的通知\n"
                     "辽宁、吉林、黑龙江、新疆每年自11月1日至次年3月底。")
    (rule,) = n.rules
    assert (rule.action.type, set(rule.condition.regions or ())) == (
        "stop_window", {"辽宁省", "吉林省", "黑龙江省", "新疆维吾尔自治区"})
    assert [(p.start, p.end, set(p.regions)) for p in n.periods] == [
        ("Y0-11-01", "Y1-03-31", {"辽宁省", "吉林省", "黑龙江省", "新疆维吾尔自治区"})]


def test_a_month_range_with_a_distant_day_count_is_stop_days() -> None:
    (rule,) = extract_text("江西省水泥协会关于2023年7-8月份错峰生产的通知\n7-8月份全省在产48条熟料生产线统一错峰生产计划暂按不少于13天。").rules
    assert (rule.action.type, rule.action.duration.value, rule.action.bound) == ("stop_days", 13.0, "min")


def test_a_provincial_notice_quoting_the_national_list_governs_only_itself() -> None:
    text = ("山东省工业和信息化厅\n关于严格落实水泥常态化错峰生产的通知\n"
            "推动全国水泥错峰生产地域和时间常态化,其中北京、天津、河北、山东每年自11月15日至次年3月15日;"
            "陕西、甘肃、青海、宁夏每年自12月1日至次年3月10日。")
    rules = extract_text(text).rules
    assert [(r.condition.regions, r.action.period.start) for r in rules] == [(None, "Y0-11-15")]


@pytest.mark.parametrize("headline", ["又一地区水泥企业错峰停产不少于150天!", "停产!", "某地水泥企业全面停窑？"],
                         ids=["days", "bare", "question"])
def test_an_exclaimed_headline_sets_no_rule(headline: str) -> None:
    text = f"水泥网讯\n{headline}\n据悉,四川省水泥协会发布通知,要求全省熟料生产线停窑不少于25天。"
    assert [r.action.duration.value for r in extract_text(text).rules] == [25.0]


def test_a_window_that_opens_a_sentence_is_not_a_schedule_line() -> None:
    n = extract_text("四川省水泥协会关于2017年春节错峰停窑的通知\n2017年1月1日-2月28日期间,全省熟料生产线平均停窑不少于25天。")
    assert [(r.action.type, r.action.duration.value) for r in n.rules] == [("stop_days", 25.0)]


def test_places_a_clause_includes_are_not_its_limit() -> None:
    rules = extract_text("河北省采暖季错峰生产专项实施方案\n各市(含定州、辛集市)采暖季电解铝厂限产30%以上,氧化铝企业限产30%左右。").rules
    assert [(r.industry, r.condition.regions, r.action.ratio) for r in rules] == [("电解铝", None, 0.3), ("氧化铝", None, 0.3)]


@pytest.mark.parametrize("clause", ["焦化企业出焦时间延长48小时。", "焦化企业结焦时间延长至48小时以上。"], ids=["by", "to"])
def test_coking_time_extended_by_or_to(clause: str) -> None:
    (rule,) = extract_text(f"某市重污染天气橙色预警减排措施\n{clause}").rules
    assert (rule.industry, rule.action.type, rule.action.duration.value) == ("焦化", "extend_coking", 48.0)


def test_an_alert_raised_from_a_date_opens_a_period() -> None:
    n = extract_text("某市大气办\n关于启动重污染天气黄色预警的通知\n经研究决定,自2019年10月10日20时启动重污染天气黄色(三级)预警,解除时间另行通知。")
    assert ("2019-10-10", None) in {(p.start, p.end) for p in n.periods}


def test_a_province_qualified_city_and_its_second_window_keep_the_place() -> None:
    t = "山西省水泥行业夏秋季错峰生产方案\n其中,山西太原市水泥夏季停产时间为6月5日至24日,秋季停产时间为8月5日至24日。"
    assert [(r.condition.regions, r.action.type) for r in extract_text(t).rules] == [
        (["太原市"], "stop_window"), (["太原市"], "stop_window")]


@pytest.mark.parametrize("stop", ["错峰生产;", "统一错峰停窑。", "停窑。"], ids=["cuofeng", "tongyi", "tingyao"])
def test_a_window_then_a_bare_kiln_stop_word_is_a_stop_window(stop: str) -> None:
    t = f"江西省水泥协会关于2022年5月份错峰生产的通知\n要求全省49条水泥熟料生产线5月10日00:00-5月19日24:00,{stop}"
    (rule,) = extract_text(t).rules
    assert (rule.action.type, rule.action.period.start, rule.action.period.end) == ("stop_window", "2022-05-10", "2022-05-19")


@pytest.mark.parametrize("clause", ["焦化企业出焦时间一律延长至48小时以上。", "焦化企业结焦时间均延长至48小时。"],
                         ids=["yilv", "jun"])
def test_coking_time_with_an_adverb(clause: str) -> None:
    (rule,) = extract_text(f"武安市错峰生产管控措施\n{clause}").rules
    assert (rule.industry, rule.action.type, rule.action.duration.value) == ("焦化", "extend_coking", 48.0)


def test_how_a_cut_is_counted_is_not_a_rule() -> None:
    assert extract_text("关于启动黄色预警的通知\n限产比例以停产生产线数量、燃料消耗量、生产用电量等条件之一进行计算。").rules == []


@pytest.mark.parametrize(
    ("clause", "industry", "ratio"),
    [
        ("所有焦化企业停止50%(含)以上炭化室装煤。", "焦化", 0.5),
        ("高炉停产50%(含)以上,以高炉计。", "钢铁", 0.5),
        ("工业类重点大气污染源企业再减排30%。", None, 0.3),
    ],
    ids=["stop-charging", "blast-furnace-stop-share", "reduce-emissions"],
)
def test_a_share_stopped_or_reduced_is_a_cut(clause: str, industry: str | None, ratio: float) -> None:
    rules = extract_text(f"某市重污染天气橙色预警减排措施\n{clause}").rules
    assert [(r.industry, r.action.type, r.action.ratio) for r in rules] == [(industry, "cut", ratio)]


def test_a_regions_reduction_target_is_not_a_rule() -> None:
    assert extract_text("某省重污染天气应急预案\n重污染Ⅰ级响应启动时,各市州减排量应达到30%以上。").rules == []


def test_encouragement_in_brackets_does_not_turn_an_exemption_voluntary() -> None:
    (rule,) = extract_text("晋中市秋冬季错峰生产方案\n被评定为A、B级的企业,不纳入错峰(秋冬季鼓励采取协商自主减排)。").rules
    assert (rule.condition.grades, rule.action.type) == (["A", "B"], "exempt")


# ---------------------------------------------------------------- windows opened by a start, counts after a window


@pytest.mark.parametrize(
    ("clause", "start", "days", "bound"),
    [
        ("要求全省所有水泥熟料生产线自2024年6月1日早8点起,停窑15天。", "2024-06-01", 15.0, None),
        ("广西水泥熟料企业自2025年1月10日起错峰停窑不少于25天。", "2025-01-10", 25.0, "min"),
        ("云南省水泥熟料生产线从2023年2月1日起停窑20天。", "2023-02-01", 20.0, None),
    ],
)
def test_a_window_open_at_its_end_with_a_day_count_is_one_stop_window(
        clause: str, start: str, days: float, bound: str | None) -> None:
    (rule,) = extract_text(clause).rules
    assert rule.industry == "水泥"
    assert rule.action.type == "stop_window"
    assert rule.action.period is not None and (rule.action.period.start, rule.action.period.end) == (start, None)
    assert rule.action.duration is not None and rule.action.duration.value == days
    assert rule.action.bound == bound


def test_an_open_start_without_a_count_is_not_a_window() -> None:
    (rule,) = extract_text("各水泥企业从2022年12月1日起,全部停产。").rules
    assert rule.action.type == "stop" and rule.action.period is None


@pytest.mark.parametrize("count", ["错峰生产10天", "共停产10天", "停窑10天"])
def test_a_window_with_clock_times_takes_the_count_after_it(count: str) -> None:
    text = f"要求江西省境内49条水泥熟料生产线2022年5月10日00:00-5月19日24:00,{count}。"
    (rule,) = extract_text(text).rules
    assert rule.action.type == "stop_window"
    assert rule.action.period is not None and (rule.action.period.start, rule.action.period.end) == (
        "2022-05-10", "2022-05-19")
    assert rule.action.duration is not None and rule.action.duration.value == 10.0


# ---------------------------------------------------------------- batch 9 classes (invented variants)


@pytest.mark.parametrize(
    ("lead", "level"),
    [
        ("石家庄市于11月20日18时开始采取重污染天气Ⅱ级(橙色)应急响应减排措施。", "orange"),
        ("安阳市于12月3日12时进入重污染天气Ⅰ级应急响应。", "red"),
        ("运城市自1月5日0时开始执行重污染天气黄色预警Ⅲ级应急响应措施。", "yellow"),
    ],
)
def test_an_alert_put_in_force_by_a_news_lead_governs_the_measures(lead: str, level: str) -> None:
    notice = extract_text(lead + "\n工业企业应削减30%以上大气污染物排放总量;建材行业中水泥、陶瓷企业应停产。")
    assert {r.condition.alert_level for r in notice.rules} == {level}
    assert sorted((r.industry or "", r.action.type) for r in notice.rules) == [
        ("", "cut"), ("水泥", "stop"), ("陶瓷", "stop")]


def test_a_manner_of_stopping_is_not_a_measure() -> None:
    (rule,) = extract_text("工业企业应采取轮流停产、限时停产等方式,削减30%以上大气污染物排放总量。").rules
    assert (rule.action.type, rule.action.ratio) == ("cut", 0.3)


@pytest.mark.parametrize("marker", ["第一类", "一类", "Ⅰ类"])
def test_tiers_opening_clauses_after_semicolons(marker: str) -> None:
    second = {"第一类": "第二类", "一类": "二类", "Ⅰ类": "Ⅱ类"}[marker]
    text = (f"全市重点行业分为两类。{marker}为重点管控行业,包括钢铁、焦化行业,限产比例25%左右;"
            f"{second}为一般管控行业,包括水泥、铸造行业,限产比例20%左右。")
    got = sorted((r.industry, r.condition.tier, r.action.ratio) for r in extract_text(text).rules)
    assert got == [("水泥", "II", 0.2), ("焦化", "I", 0.25), ("钢铁", "I", 0.25), ("铸造", "II", 0.2)]


@pytest.mark.parametrize("word", ["上浮", "下浮"])
def test_a_ratio_moved_up_or_down_from_a_baseline_is_not_a_cut(word: str) -> None:
    text = f"主城区范围内的钢铁、电力企业,实际限产比例在原核定基础上再{word}10%。"
    assert extract_text(text).rules == []


@pytest.mark.parametrize("industry", ["钢铁", "焦化"])
def test_grades_written_as_classes_after_an_evaluation_and_a_share_stopped(industry: str) -> None:
    text = (f"{industry}行业中,绩效评价为A类的停40%以上的生产装备;评价为B类的,停60%以上的生产装备。"
            f"所有{industry}企业停50%以上的竖炉装备。")
    got = sorted((r.industry, tuple(r.condition.grades or ()), r.action.type, r.action.ratio)
                 for r in extract_text(text).rules)
    assert got == [(industry, (), "cut", 0.5), (industry, ("A",), "cut", 0.4), (industry, ("B",), "cut", 0.6)]


def test_a_cited_title_gives_no_measure() -> None:
    text = ("12月2日,某县攻坚办发布了《关于印发某县大气污染防治攻坚冲刺30天进一步强化错峰生产工作的紧急通知》,"
            "要求陶瓷、铸造行业在12月3日-31日期间全部停产。")
    got = {(r.industry, r.action.type) for r in extract_text(text).rules}
    assert got == {("陶瓷", "stop_window"), ("铸造", "stop_window")}


@pytest.mark.parametrize(
    ("text", "industry", "windows"),
    [
        ("此次水泥熟料错峰生产分两个阶段实施,第一阶段自2016年6月20日至7月10日,第二阶段自2016年9月1日至9月20日,"
         "要求水泥熟料企业做好检修。", "水泥", [("2016-06-20", "2016-07-10"), ("2016-09-01", "2016-09-20")]),
        ("陕西省水泥企业错峰停窑分三个阶段:第一阶段2023年1月1日至1月20日,第二阶段2023年2月1日至2月15日,"
         "第三阶段2023年3月1日至3月10日。", "水泥",
         [("2023-01-01", "2023-01-20"), ("2023-02-01", "2023-02-15"), ("2023-03-01", "2023-03-10")]),
        ("2024年各砖瓦企业停产分两批,第一批自2024年11月15日至12月31日,第二批自2025年1月1日至2月15日。", "砖瓦",
         [("2024-11-15", "2024-12-31"), ("2025-01-01", "2025-02-15")]),
    ],
)
def test_a_stop_announced_in_phases_is_a_stop_window_per_phase(
        text: str, industry: str, windows: list[tuple[str, str]]) -> None:
    notice = extract_text(text)
    got = sorted((r.industry, r.action.type, r.action.period.start, r.action.period.end)
                 for r in notice.rules if r.action.period)
    assert got == sorted((industry, "stop_window", s, e) for s, e in windows)
    assert len(notice.rules) == len(windows)
    assert {(p.start, p.end) for p in notice.periods} >= set(windows)  # a phase is a period of the notice too


@pytest.mark.parametrize(
    "clause",
    [
        "除部分行业进行为期一个月的全行业停产外,",  # an exception clause
        "对不按照要求停产的,依法严肃处理。",  # a penalty
        "县供电公司负责对纳入停产的工业企业实施断电。",  # a duty
    ],
)
def test_exceptions_penalties_and_duties_give_no_rule(clause: str) -> None:
    assert extract_text(clause).rules == []


@pytest.mark.parametrize(
    "clause",
    [
        "工业企业按照“一厂一策”实施停产或限产。",  # either measure, per enterprise: nothing to apply
        "钢铁、焦化企业要尽可能采取停产或限产等方式实现应急减排。",
        "各电厂、焦化、水泥等重点行业企业采取停产、降低生产负荷等措施。",
        "对污染物排放日均值超标的企业实施停产整改。",  # a penalty for exceeding limits
        "其他涉气企业按照《某市2023—2024年秋冬季重污染天气应急减排清单》要求执行轮流停产减排。",  # per the list
    ],
)
def test_unspecific_or_list_based_measures_give_no_rule(clause: str) -> None:
    assert extract_text(clause).rules == []


def test_a_stop_or_a_quantified_cut_is_the_cut() -> None:
    (rule,) = extract_text("C级企业停产或限产50%。").rules
    assert (rule.condition.grades, rule.action.type, rule.action.ratio) == (["C"], "cut", 0.5)


@pytest.mark.parametrize(
    ("sentence", "regions"),
    [
        ("长株潭地区大气污染防治特护期水泥企业累计停窑时间不少于60天。", ["长沙市", "株洲市", "湘潭市"]),
        ("汾渭平原城市的焦化企业限产30%。", ["临汾市", "吕梁市", "咸阳市", "宝鸡市", "晋中市", "洛阳市", "渭南市",
                                            "三门峡市", "西安市", "运城市", "铜川市"]),
    ],
)
def test_a_place_group_limits_a_rule_to_its_members(sentence: str, regions: list[str]) -> None:
    (rule,) = extract_text(sentence).rules
    assert sorted(rule.condition.regions or []) == sorted(regions)


def test_a_subset_of_a_place_group_is_not_the_group() -> None:
    (rule,) = extract_text("“2+26”城市中石家庄、唐山、邯郸、安阳等重点城市钢铁企业限产50%。").rules
    assert sorted(rule.condition.regions or []) == ["唐山市", "安阳市", "石家庄市", "邯郸市"]


def test_places_of_one_industrys_subject_do_not_pass_to_the_next_industry() -> None:
    rules = extract_text("长株潭地区水泥企业累计停窑时间不少于60天,粉磨站在重污染天气预警期间应实施停产。").rules
    assert {(r.industry, tuple(sorted(r.condition.regions or ()))) for r in rules} == {
        ("水泥", ("株洲市", "湘潭市", "长沙市")), ("水泥粉磨站", ())}


def test_places_before_a_colon_govern_every_industry_after_it() -> None:
    rules = extract_text("兰州市、白银市:水泥企业停产60天,砖瓦企业停产30天。").rules
    assert {(r.industry, tuple(sorted(r.condition.regions or ()))) for r in rules} == {
        ("水泥", ("兰州市", "白银市")), ("砖瓦", ("兰州市", "白银市"))}


@pytest.mark.parametrize("headline", ["停产!又一地区水泥企业错峰停产不少于150天!", "重磅!河南砖瓦企业停产60天!"])
def test_an_exclaimed_sentence_inside_a_line_sets_no_rule(headline: str) -> None:
    text = f"{headline}日前,某市工信局发布通知,要求全市水泥熟料生产线停窑不少于90天。"
    assert [r.action.duration.value for r in extract_text(text).rules if r.action.duration] == [90.0]


@pytest.mark.parametrize("notice", ["在本地区错峰生产实施10天前报省建材工业协会", "须在停窑15日前告知当地工信部门"])
def test_days_before_a_deadline_are_not_a_stop(notice: str) -> None:
    assert extract_text(f"需要变更错峰生产时间的企业,应{notice}。").rules == []


def test_a_conditional_time_limit_keeps_two_cuts_apart() -> None:
    text = ("(1)长流程联合钢铁:烧结机、球团设备停产,如预警响应时间超过120小时,之后时段停产50%(含)以上,"
            "以生产线计;高炉停产50%(含)以上,以高炉计;石灰窑停产。")
    cuts = [r for r in extract_text(text).rules if r.action.type == "cut"]
    assert [(r.industry, r.action.ratio) for r in cuts] == [("钢铁", 0.5), ("钢铁", 0.5)]
    assert [bool(r.condition.criteria) for r in cuts] == [True, False]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(5)水泥:水泥制品、粉磨站停产;禁止使用国四车辆运输。", {"水泥制品", "水泥粉磨站"}),
        ("3.建材:砖瓦、陶瓷企业停产。", {"砖瓦", "陶瓷"}),
        ("(2)陶瓷:抛光、施釉工序停产。", {"陶瓷"}),  # no industry of its own after the topic: the topic's
    ],
)
def test_a_topic_before_a_colon_gives_way_to_the_industries_listed_after_it(text: str, expected: set[str]) -> None:
    notice = extract_text(text)
    assert {r.industry for r in notice.rules} == expected
    assert {i.name for i in notice.industries} >= expected


# ---------------------------------------------------------------- news round-ups of several places


_ROUND_UP = (
    "{headline}\n\n来源: 某建材网 发布时间:{year}年06月20日\n\n"
    "近日,{p1}水泥协会发布《关于做好{year}年7月份错峰生产的通知》,要求所有熟料生产线7月1日至7月20日停窑20天。\n\n"
    "{p2}建筑材料工业协会印发《关于{year}年夏季错峰生产的通知》,要求全省有窑企业8月5日起早8:00至8月19日8:00,停窑15天。\n"
)


@pytest.mark.parametrize(
    ("p1", "p2", "year"),
    [("甘肃省", "青海省", 2023), ("河南省", "湖北省", 2021), ("宁夏回族自治区", "陕西省", 2025)],
    ids=["gansu-qinghai", "henan-hubei", "ningxia-shaanxi"],
)
def test_a_round_up_gives_each_paragraph_its_issuers_place(p1: str, p2: str, year: int) -> None:
    text = _ROUND_UP.format(headline="西北多省水泥企业7月起开展错峰生产", p1=p1, p2=p2, year=year)
    notice = extract_text(text)
    assert {(r.condition.regions[0] if r.condition.regions else None, r.action.duration.value if r.action.duration else None)
            for r in notice.rules} == {(p1, 20.0), (p2, 15.0)}
    assert notice.title == "西北多省水泥企业7月起开展错峰生产"  # the headline, not one of the reported titles
    assert notice.jurisdiction.name is None  # no one issuer's area
    assert len(notice.issuers) == 2 and notice.issuers[0].startswith(p1) and notice.issuers[1].startswith(p2)


def test_one_reported_notice_is_not_a_round_up() -> None:
    text = ("甘肃省水泥企业错峰生产\n近日,甘肃省水泥协会发布《关于做好2023年7月份错峰生产的通知》,"
            "要求所有熟料生产线7月1日至7月20日停窑20天。\n各企业要严格落实。")
    notice = extract_text(text)
    assert notice.title == "关于做好2023年7月份错峰生产的通知"
    assert notice.jurisdiction.name == "甘肃省"
    assert [r.condition.regions for r in notice.rules] == [None]


def test_a_cited_notice_in_each_paragraph_is_not_a_report() -> None:
    # "按照《…》" cites a notice; a paragraph that names a place and cites is not a report of it
    text = ("关于水泥错峰生产的通知\n甘肃省各水泥企业按照《关于做好2023年错峰生产的通知》要求,7月1日至7月20日停窑20天。\n"
            "青海省各水泥企业按照《关于做好2023年错峰生产的通知》要求,8月1日至8月15日停窑15天。")
    assert find_reports(text) == []


# ---------------------------------------------------------------- subjects each with its own measure


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("城区周边的水泥企业(含粉磨站)在预警前的生产负荷基础上减少10%、砖瓦企业减少新进砖坯50%。",
         [("水泥", (), "cut", 0.1, None), ("砖瓦", (), "cut", 0.5, None)]),
        ("钢铁企业限产30%、焦化企业限产50%。", [("钢铁", (), "cut", 0.3, None), ("焦化", (), "cut", 0.5, None)]),
        ("铸造企业全部停产、砖瓦企业限产50%。", [("铸造", (), "stop", None, None), ("砖瓦", (), "cut", 0.5, None)]),
        # one measure for a list of subjects still distributes
        ("钢铁、焦化企业限产30%。", [("钢铁", (), "cut", 0.3, None), ("焦化", (), "cut", 0.3, None)]),
        ("水泥、陶瓷、砖瓦企业停产。", [("水泥", (), "stop", None, None), ("陶瓷", (), "stop", None, None),
                                        ("砖瓦", (), "stop", None, None)]),
    ],
    ids=["guangxi-cement-brick", "steel-coking-pair", "foundry-stop-brick-cut", "one-measure-two", "one-measure-three"],
)
def test_subjects_enumerated_with_their_own_measures_pair_up(sentence: str, expected: list[tuple]) -> None:
    _same(sentence, expected)


# ---------------------------------------------------------------- quotas within a window, counts as lengths


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a count well short of its window: a quota to take within it
        ("水泥熟料企业春节期间(1月1日-3月31日)停窑40天。", [("水泥", (), "stop_days", (40.0, "day"), None)]),
        ("贵州省水泥企业一季度(2024年1月1日至3月31日)停窑不少于45天。", [("水泥", (), "stop_days", (45.0, "day"), None)]),
        ("水泥熟料生产线2022年11月15日至2023年3月15日期间停窑100天。", [("水泥", (), "stop_days", (100.0, "day"), None)]),
        # a count that fills its window: one stop window with both
        ("水泥熟料企业8月5日至8月19日停窑15天。",
         [("水泥", (), "stop_window", (15.0, "day"), ("Y0-08-05", "Y0-08-19"))]),
        ("辽宁省水泥企业2017年11月15日-2018年4月15日停窑5个月。",
         [("水泥", (), "stop_window", (5.0, "month"), ("2017-11-15", "2018-04-15"))]),
        # several windows, each with its own count after it
        ("水泥企业春节期间(1月1日-3月31日)停窑40天(其中2月1日-2月28日期间每台窑停窑应达20天)。",
         [("水泥", (), "stop_days", (40.0, "day"), None), ("水泥", (), "stop_days", (20.0, "day"), None)]),
    ],
    ids=["festival-quota", "quarter-quota-min", "season-quota", "window-filled", "months-filled", "two-windows"],
)
def test_a_count_short_of_its_window_is_a_quota(sentence: str, expected: list[tuple]) -> None:
    _same(sentence, expected)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [("水泥熟料企业停窑时间20天,自2023年7月1日至7月20日。", [("stop_window", 20.0, "2023-07-01")]),
     ("其他城市,停窑时间6个月,自2017年11月1日-2018年4月30日。", [("stop_window", 6.0, "2017-11-01")])],
    ids=["days-then-window", "months-then-window"],
)
def test_a_window_right_after_a_count_is_the_count_s(sentence: str, expected: list[tuple]) -> None:
    rules = extract_text(sentence).rules
    assert [(r.action.type, r.action.duration.value if r.action.duration else None,
             r.action.period.start if r.action.period else None) for r in rules] == expected


@pytest.mark.parametrize(
    "sentence",
    ["为保障博览会期间空气质量,5月23日至5月29日(共7天),水泥企业全面实施管控措施。",
     "水泥企业于2019年10月1日至10月7日(共计7天)全面落实管控措施。"],
    ids=["expo-nanjing", "national-day"],
)
def test_a_bracketed_count_after_a_window_is_its_length_not_a_stop(sentence: str) -> None:
    assert [r.action.type for r in extract_text(sentence).rules if r.action.type == "stop_days"] == []


@pytest.mark.parametrize(
    ("sentence", "days"),
    [("水泥熟料生产线错峰停窑天数不少于100天。", 100.0), ("要求每条水泥熟料生产线年均错峰生产天数基数100天。", 100.0),
     ("各熟料生产线冬季错峰停窑天数为60天。", 60.0)],
    ids=["stop-days-min", "staggered-days-base", "winter-days"],
)
def test_stop_day_counts_named_as_days_are_rules(sentence: str, days: float) -> None:
    assert [(r.action.type, r.action.duration.value) for r in extract_text(sentence).rules] == [("stop_days", days)]


@pytest.mark.parametrize(
    "sentence",
    ["全省共计错峰停窑4825窑天。", "水泥企业全年生产天数不超过200天。", "上半年全省每条熟料线平均停产天数为93天。",
     "1-6月,山盛水泥公司停窑天数73天,超额完成8天。", "在每个停窑时段,主管部门强制要求的停产形成的停窑天数均可纳入。",
     "获得秋冬季错峰生产豁免的企业,可结合生产情况调整总的停窑天数。",
     "对全省的水泥熟料生产线错峰生产实施差异化管控,停窑措施可灵活调整。"],
    ids=["kiln-days-total", "open-days", "average", "named-company", "each-window", "exempted-description", "flexible"],
)
def test_figures_descriptions_and_manners_are_not_rules(sentence: str) -> None:
    assert extract_text(sentence).rules == []


def test_an_equipment_subject_after_a_semicolon_drops_the_industry_before() -> None:
    text = ("橙色预警期间,全市所有水泥粉磨站将停止生产运行;停止室外喷涂作业;"
            "列入年度落后产能淘汰计划的涉气设备(生产线)全部停产。")
    assert sorted((r.industry or "", r.action.type) for r in extract_text(text).rules) == [("", "stop"), ("水泥粉磨站", "stop")]


# ---------------------------------------------------------------- places after a label, other places, stops without a stop word


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("辽宁省水泥熟料企业冬季错峰生产\n二、错峰生产的时间安排:大连市停窑时间5个月,自2017年11月15日-2018年4月15日;"
         "其他城市,停窑时间6个月,自2017年11月1日-2018年4月30日。",
         {(("大连市",), 5.0), ((), 6.0)}),
        ("吉林省水泥企业错峰生产\n(二)停窑安排:延边州停窑120天;其余地市停窑100天。", {(("延边朝鲜族自治州",), 120.0), ((), 100.0)}),
    ],
    ids=["liaoning-dalian-others", "jilin-yanbian-others"],
)
def test_places_after_a_label_and_the_other_places(text: str, expected: set) -> None:
    rules = extract_text(text).rules
    assert {(tuple(r.condition.regions or ()), r.action.duration.value) for r in rules} == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("非煤矿山露天开采、矿石破碎企业(设施)停止作业。", {("矿石破碎", "stop")}),
        ("全市所有水泥粉磨站将停止生产运行。", {("水泥粉磨站", "stop")}),
        ("施工工地停止土石方作业。", set()),  # no industry: a site, not an enterprise's production
        ("污染防治设施应延后停止运行。", set()),
    ],
    ids=["ore-crushing", "grinding-station", "construction-site", "abatement-facility"],
)
def test_a_stop_without_a_stop_word_needs_an_industry(sentence: str, expected: set) -> None:
    assert {(r.industry, r.action.type) for r in extract_text(sentence).rules} == expected


@pytest.mark.parametrize(
    "sentence",
    ["工业窑炉、化工等重点行业的企业,采取限产、停产等措施,减少污染物排放。",
     "可内部调整SO2和NOx的减排比例,但二者减排比例之和不应低于40%。",
     "涉VOCs排放的企业采取停产或限产等措施。"],
    ids=["cut-or-stop-etc", "sum-of-ratios", "stop-or-cut-etc"],
)
def test_unspecific_measures_and_pollutant_targets_are_not_rules(sentence: str) -> None:
    assert extract_text(sentence).rules == []


# ---------------------------------------------------------------- news metadata: bodies named by level, page furniture


@pytest.mark.parametrize(
    ("text", "issuer", "place"),
    [
        ("济宁发布重污染天气橙色预警\n根据会商结果,经市重污染天气应急工作领导小组办公室研究决定,济宁市自2024年12月15日起启动Ⅱ级应急响应。",
         "济宁市重污染天气应急工作领导小组办公室", "济宁市"),
        ("我市启动重污染天气黄色预警\n新闻中心 > 湖北频道 > 襄阳\n2月23日,市大气污染防治攻坚指挥部办公室下发通知,决定启动黄色预警。",
         "襄阳市大气污染防治攻坚指挥部办公室", "襄阳市"),
        ("我区启动区域重污染天气橙色预警\n根据新疆维吾尔自治区生态环境监测总站预测,自治区重污染天气应急指挥部办公室决定于12月2日启动橙色预警。",
         "新疆维吾尔自治区重污染天气应急指挥部办公室", "新疆维吾尔自治区"),
        ("邯郸市启动重污染天气红色预警\n县重污染天气应急指挥部办公室决定启动Ⅰ级响应。", None, None),  # no county named
    ],
    ids=["jining-city-office", "xiangyang-breadcrumb", "xinjiang-region", "no-place-of-that-level"],
)
def test_a_body_named_by_its_level_takes_the_place_of_that_level(text: str, issuer: str | None, place: str | None) -> None:
    notice = extract_text(text)
    assert notice.issuers == ([issuer] if issuer else [])  # no county named: no made-up county body
    if place:
        assert notice.jurisdiction.name == place


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("• 客服电话:400-677-6667\n  • 稀土镁\n打印\n\n行业资讯 > 行业资讯详情\n\n济宁发布重污染天气橙色预警\n\n发布日期 : 2024年12月16日\n\n"
         "济宁市自2024年12月15日14时起启动Ⅱ级应急响应。", "济宁发布重污染天气橙色预警"),
        ("水泥网>水泥大数据研究院>水泥>正文\n成都今日起所有水泥粉磨站停止生产\n全市所有水泥粉磨站将停止生产运行。",
         "成都今日起所有水泥粉磨站停止生产"),
    ],
    ids=["bullets-breadcrumb-date", "deep-breadcrumb"],
)
def test_bullets_breadcrumbs_and_posting_dates_are_not_titles(text: str, title: str) -> None:
    assert extract_text(text).title == title


@pytest.mark.parametrize(("text", "places"), [
    ("水泥熟料生产线错峰生产。兰州市、白银市：11月15日至次年3月15日停产；天水市：12月1日至次年2月28日停产。",
     [["兰州市", "白银市"], ["天水市"]]),
    ("全区水泥熟料生产线错峰停窑安排：南宁市：2025年1月10日至2月20日；柳州市、桂林市：2025年1月15日至2月25日。",
     [["南宁市"], ["柳州市", "桂林市"]]),
    ("石灰窑错峰生产时间如下:\n大同市:10月15日-次年3月15日停产;\n朔州市、忻州市:11月1日-次年3月31日停产。",
     [["大同市"], ["忻州市", "朔州市"]]),
])
def test_a_schedule_label_place_is_a_target_not_the_notices_own_place(text: str, places: list[list[str]]) -> None:
    n = extract_text(text, "x.txt")
    assert n.jurisdiction.name is None  # no issuer, no headline place: the labels are targets
    assert [sorted(r.condition.regions or []) for r in n.rules] == [sorted(p) for p in places]


@pytest.mark.parametrize("text", [
    "关于做好2024-2025年度水泥熟料错峰生产工作的通知\n各市人民政府：\n全区水泥熟料生产线错峰停窑时间如下：\n"
    "南宁市：2025年1月10日至2月20日；\n柳州市、桂林市：2025年1月15日至2月25日。",
    "关于2026-2027年度重点行业错峰生产的通知\n一、水泥熟料生产线错峰停窑时间安排：\n"
    "南宁市：2027年1月10日-2月20日；\n柳州市、桂林市：2027年1月15日-2月25日。\n二、焦化企业限产30%。",
    "关于水泥熟料错峰生产的通知\n全省水泥熟料生产线错峰停产时段为：\n南宁市：2025年1月10日～2月20日；\n"
    "柳州市、桂林市：2025年1月15日～2月25日。",
])
def test_a_schedule_announcement_is_no_stop_its_lines_are_the_windows(text: str) -> None:
    n = extract_text(text, "x.txt")
    cement = [r for r in n.rules if r.industry == "水泥"]
    assert [(r.action.type, sorted(r.condition.regions or [])) for r in cement] == [
        ("stop_window", ["南宁市"]), ("stop_window", ["柳州市", "桂林市"])]
    assert [r.action.period.end[-5:] for r in cement if r.action.period] == ["02-20", "02-25"]


@pytest.mark.parametrize("text", [
    "（三）严格落实停限产比例。对于采用限产方式的企业，要严格限产比例，限产比例应当优先采取停产方式达到。",
    "企业有多条生产线或生产设备的，应当对超过总产能限产比例的生产线实施停产；",
    "对有单一生产线或生产设备的，应当连续停产超过采暖期限产比例的天数。",
    "限产比例应优先通过停产方式实现，其次考虑按生产线或设备停产。",
    "3.停产方式严格采用生产线整体停产方式实施。",
    "对确实无法停产的生产线，或因保民生任务不能完全停产的，应当以企业产品产量计限产负荷。",
    "利用电石渣生产熟料的生产线在错峰期间不具备停窑条件的，报市工信局备案。",
    "各县区要严格落实企业停产、限产等措施。",
    "各镇街要加强组织领导，严格落实各行业企业的停产、限产措施。",
])
def test_how_a_ratio_is_reached_and_who_cannot_stop_are_no_rules(text: str) -> None:
    assert extract_text(text, "x.txt").rules == []


@pytest.mark.parametrize(("text", "expected"), [
    ("对短时间内难以立即停产的砖瓦企业限产30%。", [("砖瓦", "cut", 0.3)]),
    ("D级企业采取停产方式。", [(None, "stop", None)]),
    ("钢铁企业优先采取停产方式达到限产比例。", [("钢铁", "stop", None)]),
    ("红色预警期间，所有工业企业在确保安全的情况下全部停产。", [(None, "stop", None)]),
    ("在确保民生的前提下，焦化企业全部停产。", [("焦化", "stop", None)]),
])
def test_a_subject_keeps_its_measure_next_to_such_words(text: str, expected: list[tuple[str | None, str, float | None]]) -> None:
    rules = extract_text(text, "x.txt").rules
    assert [(r.industry, r.action.type, r.action.ratio) for r in rules] == expected
