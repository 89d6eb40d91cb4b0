"""Season diff: notices built from real corpus text, edited the way a new season edits them."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import extract_file, extract_text
from extract.core.models import Action, Condition, Duration, Notice, Period, Rule
from extract.diff import SeasonDiff, diff_notices, format_diff, neutral_title
from tests.conftest import CORPUS_FILES, corpus_text

# 001 篇十一 (临汾 county plan): period, 铸造用生铁 / 铸造 / 砖瓦 grade lists, verbatim.
_LINES = corpus_text("001_").splitlines()
_START = next(i for i, line in enumerate(_LINES) if line.startswith("企业错峰生产方案篇十一"))
_PLAN = "\n".join(_LINES[_START + 3 : _START + 23])
assert "（三）砖瓦行业" in _PLAN and "停产2.5个月" in _PLAN


def season(first: int, text: str = _PLAN) -> str:
    """The plan as season ``first``-``first+1`` would publish it: title and period years filled in."""
    body = text.replace("20xx年10月21日-20xx年3月31日", f"{first}年10月21日-{first + 1}年3月31日", 1)
    return f"关于印发{first}-{first + 1}年冬季工业企业错峰生产方案的通知\n" + body


def pair(edits: list[tuple[str, str]]) -> tuple[Notice, Notice]:
    new_text = season(2022)
    for old, new in edits:
        assert old in new_text, old
        new_text = new_text.replace(old, new, 1)
    return extract_text(season(2021), "2021/plan.txt"), extract_text(new_text, "2022/plan.txt")


def only_notice(d: SeasonDiff):
    assert not d.added and not d.removed
    (n,) = d.notices
    return n


# ---------------------------------------------------------------- rules

RULE_CHANGES = [
    # id, edits of the new season, industry, grade, changed fields, old value, new value
    ("zhuanwa_b_stop_2.5_to_3_months", [("停产2.5个月", "停产3个月")], "砖瓦", "B", ["duration"],
     (2.5, "month"), (3.0, "month")),
    ("zhuanwa_b_stop_fullwidth_3", [("停产2.5个月", "停产３个月")], "砖瓦", "B", ["duration"],
     (2.5, "month"), (3.0, "month")),
    ("shengtie_b_cut_20_to_30", [("限产20%", "限产30%")], "铸造用生铁", "B", ["ratio"], 0.2, 0.3),
    ("shengtie_b_cut_fullwidth_percent", [("限产20%", "限产30％")], "铸造用生铁", "B", ["ratio"], 0.2, 0.3),
    ("shengtie_c_cut_50_to_stop_1_month", [("限产50%", "停产1个月")], "铸造用生铁", "C",
     ["type", "ratio", "duration"], 0.5, (1.0, "month")),
    ("zhuzao_c_stop_3_to_2_months", [("（二）铸造行业（包括铸造用生铁企业的铸造工序）\n1.被评定为a级的企业，生产设施不予错峰。\n"
                                     "2.被评定为b级的企业，停产1个月。\n3.被评定为c级的企业，停产3个月。",
                                     "（二）铸造行业（包括铸造用生铁企业的铸造工序）\n1.被评定为a级的企业，生产设施不予错峰。\n"
                                     "2.被评定为b级的企业，停产1个月。\n3.被评定为c级的企业，停产2个月。")],
     "铸造", "C", ["duration"], (3.0, "month"), (2.0, "month")),
]


def _value(rule: Rule) -> object:
    a = rule.action
    if a.type == "cut":
        return a.ratio
    return (a.duration.value, a.duration.unit) if a.duration else None


@pytest.mark.parametrize(
    ("edits", "industry", "grade", "fields", "old_value", "new_value"),
    [row[1:] for row in RULE_CHANGES], ids=[row[0] for row in RULE_CHANGES],
)
def test_one_rule_changed(edits, industry, grade, fields, old_value, new_value) -> None:
    old, new = pair(edits)
    n = only_notice(diff_notices([old], [new]))
    assert n.matched_by == "title"
    (change,) = n.rules_changed
    assert (change.old.industry, change.old.condition.grades) == (industry, [grade])
    assert change.fields == fields
    assert (_value(change.old), _value(change.new)) == (old_value, new_value)
    assert change.old.text and change.new.text and change.old.span and change.new.span
    assert not n.rules_added and not n.rules_removed and not n.periods_changed


@pytest.mark.parametrize(
    ("edits", "old_value", "new_value"),
    [row[1:2] + row[5:] for row in RULE_CHANGES], ids=[row[0] for row in RULE_CHANGES],
)
def test_changed_rule_keeps_evidence_of_both_seasons(edits, old_value, new_value) -> None:
    old_text = season(2021)
    old, new = pair(edits)
    (change,) = only_notice(diff_notices([old], [new])).rules_changed
    s, e = change.old.span
    assert old_text[s:e] == change.old.text


def test_rule_for_zhuzao_added() -> None:
    """The old season has no 铸造 C级 line; the new one adds it."""
    line = "3.被评定为c级的企业，停产3个月。\n4.被评定为d级的企业，错峰停产。\n（三）砖瓦行业"
    old_text = season(2021).replace("3.被评定为c级的企业，停产3个月。\n4.被评定为d级的企业，错峰停产。\n（三）砖瓦行业",
                                    "4.被评定为d级的企业，错峰停产。\n（三）砖瓦行业", 1)
    assert line in season(2022) and old_text != season(2021)
    old, new = extract_text(old_text, "a.txt"), extract_text(season(2022), "b.txt")
    d = diff_notices([old], [new])
    n = only_notice(d)
    (added,) = n.rules_added
    assert (added.industry, added.condition.grades, added.action.type) == ("铸造", ["C"], "stop_days")
    assert added.action.duration == Duration(value=3, unit="month")
    assert not n.rules_removed and not n.rules_changed
    assert "+ 铸造 | C级: 停产 3个月" in format_diff(d)
    back = only_notice(diff_notices([new], [old]))
    assert back.rules_removed == n.rules_added and not back.rules_added


# ---------------------------------------------------------------- periods

PERIOD_CHANGES = [
    ("starts_oct_1", ("2022年10月21日-2023年3月31日", "2022年10月1日-2023年3月31日"),
     ("10-21", "03-31"), ("10-01", "03-31"), ["start"], "now starts earlier on 10月1日"),
    ("starts_nov_1_with_zhi", ("2022年10月21日-2023年3月31日", "2022年11月1日至2023年3月31日"),
     ("10-21", "03-31"), ("11-01", "03-31"), ["start"], "now starts later on 11月1日"),
    ("ends_mar_15_fullwidth_dash", ("2022年10月21日-2023年3月31日", "2022年10月21日－2023年3月15日"),
     ("10-21", "03-31"), ("10-21", "03-15"), ["end"], "now ends earlier on 3月15日"),
]


@pytest.mark.parametrize(
    ("edit", "old_md", "new_md", "fields", "note"),
    [row[1:] for row in PERIOD_CHANGES], ids=[row[0] for row in PERIOD_CHANGES],
)
def test_overall_period_changed(edit, old_md, new_md, fields, note) -> None:
    old, new = pair([edit])
    d = diff_notices([old], [new])
    n = only_notice(d)
    (change,) = n.periods_changed
    assert change.scope == "overall" and change.fields == fields
    assert (change.old.start[-5:], change.old.end[-5:]) == old_md
    assert (change.new.start[-5:], change.new.end[-5:]) == new_md
    assert change.new.start[:4] == "2022"
    assert note in format_diff(d)
    assert not n.rules_changed and not n.rules_added and not n.rules_removed


def test_year_shift_alone_is_no_change() -> None:
    old, new = pair([])
    assert old.periods and {p.start[:4] for p in old.periods if p.start} != {p.start[:4] for p in new.periods if p.start}
    d = diff_notices([old], [new])
    assert d.is_empty(), format_diff(d)
    assert format_diff(d) == ""


def test_industry_added_to_scope() -> None:
    old, new = pair([("全县钢铁、铸造、砖瓦、", "全县钢铁、铸造、砖瓦、陶瓷、")])
    n = only_notice(diff_notices([old], [new]))
    assert n.industries_added == ["陶瓷"] and n.industries_removed == []


def test_emission_limit_changed() -> None:
    sentence = "⑴完成超低排放改造，水泥窑烟气颗粒物、二氧化硫、氮氧化物排放浓度分别在基准氧含量10%的条件下不高于10、50、150mg/m3的标准；"
    assert sentence in corpus_text("001_")
    old = extract_text("2021年水泥行业错峰生产方案\n" + sentence, "a.txt")
    new = extract_text("2022年水泥行业错峰生产方案\n" + sentence.replace("10、50、150", "10、35、100"), "b.txt")
    n = only_notice(diff_notices([old], [new]))
    changed = {(c.old.pollutant, c.old.value, c.new.value) for c in n.limits_changed}
    assert changed == {("二氧化硫", 50, 35), ("氮氧化物", 150, 100)}


# ---------------------------------------------------------------- documents


TITLES = [
    ("dash", "关于开展2021-2022年秋冬季错峰生产的通知", "关于开展2022-2023年秋冬季错峰生产的通知"),
    ("fullwidth_dash", "关于开展京津冀及周边地区2021－2022年采暖季钢铁行业错峰生产的通知",
     "关于开展京津冀及周边地区2022－2023年采暖季钢铁行业错峰生产的通知"),
    ("em_dash_spaces", "淄博市2018—2019年工业企业秋冬季错峰生产调控实施方案", "淄博市2019 — 2020年工业企业秋冬季错峰生产调控实施方案"),
    ("zhi", "2024至2025年新疆水泥错峰生产计划", "2025至2026年新疆水泥错峰生产计划"),
    ("template_20xx", "关于印发《临汾市20xx-20xx年冬季工业企业错峰生产管控方案》的通知",
     "关于印发《临汾市2022-2023年冬季工业企业错峰生产管控方案》的通知"),
    ("bracketed_years", "铁腕治霾打赢蓝天保卫战三年行动方案(2018—2020年)(修订版)的通知",
     "铁腕治霾打赢蓝天保卫战三年行动方案（2021－2023年）(修订版)的通知"),
    ("niandu", "关于做好2024年度水泥行业错峰生产的通知", "关于做好2025年度水泥行业错峰生产的通知"),
]


@pytest.mark.parametrize(("a", "b"), [row[1:] for row in TITLES], ids=[row[0] for row in TITLES])
def test_neutral_title_same_across_seasons(a: str, b: str) -> None:
    assert neutral_title(a) == neutral_title(b)
    assert not any(ch.isdigit() for ch in neutral_title(a) or "")
    assert "()" not in (neutral_title(a) or "") and "（）" not in (neutral_title(b) or "")


def test_documents_added_removed_and_matched_by_jurisdiction() -> None:
    shanxi = Notice(doc_id="s1", source="old/sx.txt", title="关于开展2021-2022年秋冬季错峰生产的通知",
                    jurisdiction={"level": "province", "name": "山西省"})
    shanxi_new = shanxi.model_copy(update={"doc_id": "s2", "source": "new/sx.txt",
                                           "title": "山西省2022-2023年秋冬季错峰生产实施方案"})
    tangshan = Notice(doc_id="t1", source="old/ts.txt", title="9月份唐山市钢企继续限产",
                      jurisdiction={"level": "city", "name": "唐山市"})
    anyang = Notice(doc_id="a2", source="new/ay.txt", title="关于调整重污染天气橙色预警特别管控措施的通知",
                    jurisdiction={"level": "city", "name": "安阳市"})
    d = diff_notices([shanxi, tangshan], [shanxi_new, anyang])
    assert [(n.old.doc_id, n.new.doc_id, n.matched_by) for n in d.notices] == [("s1", "s2", "jurisdiction")]
    assert [x.doc.doc_id for x in d.added] == ["a2"] and [x.doc.doc_id for x in d.removed] == ["t1"]
    assert d.added[0].nearest is None and d.added[0].similarity == 0.0  # nothing in common with any
    assert diff_notices([shanxi_new, anyang], [shanxi, tangshan]) == d.mirrored()
    text = format_diff(d)
    assert "+ document 安阳市" in text and "- document 唐山市" in text


# ---------------------------------------------------------------- properties


@pytest.fixture(scope="module")
def corpus_notices() -> list[Notice]:
    return [extract_file(str(p)) for p in CORPUS_FILES]


def test_diff_of_corpus_with_itself_is_empty(corpus_notices: list[Notice]) -> None:
    d = diff_notices(corpus_notices, corpus_notices)
    assert d.is_empty() and len(d.notices) == len(corpus_notices)
    copies = [Notice.model_validate_json(n.model_dump_json()) for n in corpus_notices]
    assert diff_notices(corpus_notices, copies[::-1]).is_empty()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_corpus_notice_against_another_is_mirrored(corpus_notices: list[Notice], data: st.DataObject) -> None:
    a = data.draw(st.lists(st.sampled_from(corpus_notices), max_size=5, unique_by=lambda n: n.doc_id))
    b = data.draw(st.lists(st.sampled_from(corpus_notices), max_size=5, unique_by=lambda n: n.doc_id))
    assert diff_notices(a, a).is_empty()
    d = diff_notices(a, b)
    assert diff_notices(b, a) == d.mirrored()
    assert d.mirrored().mirrored() == d


def _rules() -> st.SearchStrategy[Rule]:
    condition = st.builds(
        Condition,
        grades=st.none() | st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=1, max_size=2, unique=True),
        alert_level=st.none() | st.sampled_from(["yellow", "orange", "red"]),
        tier=st.none() | st.sampled_from(["I", "II"]),
    )
    action = st.one_of(
        st.builds(Action, type=st.just("cut"), ratio=st.sampled_from([0.1, 0.2, 0.3, 0.5]),
                  bound=st.none() | st.just("min")),
        st.builds(Action, type=st.just("stop_days"),
                  duration=st.builds(Duration, value=st.sampled_from([1.0, 2.5, 3.0, 30.0]),
                                     unit=st.sampled_from(["day", "month"]))),
        st.builds(Action, type=st.sampled_from(["stop", "exempt"])),
        st.builds(Action, type=st.just("stop_window"),
                  period=st.builds(Period, start=st.sampled_from(["2021-11-15", "Y0-10-01"]),
                                   end=st.sampled_from(["2022-03-15", "Y1-03-31"]))),
    )
    return st.builds(
        Rule, industry=st.none() | st.sampled_from(["钢铁", "砖瓦", "铸造"]), condition=condition, action=action,
        text=st.sampled_from(["", "b级企业限产20%", "停产2.5个月"]),
        span=st.none() | st.tuples(st.integers(0, 50), st.integers(51, 99)),
    )


def _notices(rules: list[Rule], periods: list[Period]) -> list[Notice]:
    return [Notice(doc_id="x", source="x.txt", title="2021年错峰生产方案", jurisdiction={"name": "唐山市"},
                   rules=rules, periods=periods)]


_PERIODS = st.lists(st.builds(Period, start=st.sampled_from(["2021-11-15", "2022-11-15", "Y0-10-01"]),
                              end=st.sampled_from(["2022-03-15", "Y1-03-31"]),
                              label=st.none() | st.sampled_from(["第一阶段", "第二阶段"]),
                              industries=st.sampled_from([[], ["焦化"]])), max_size=3)


@settings(max_examples=150, deadline=None)
@given(a=st.lists(_rules(), max_size=6), b=st.lists(_rules(), max_size=6), pa=_PERIODS, pb=_PERIODS)
def test_random_rules_diff_properties(a: list[Rule], b: list[Rule], pa: list[Period], pb: list[Period]) -> None:
    old, new = _notices(a, pa), _notices(b, pb)
    assert diff_notices(old, old).is_empty()
    assert diff_notices(old, _notices(a[::-1], pa[::-1])).is_empty()
    d = diff_notices(old, new)
    assert diff_notices(new, old) == d.mirrored()
    n = only_notice(d)
    # every rule is accounted for: unchanged + changed + added/removed on each side
    assert len(n.rules_changed) + len(n.rules_removed) <= len(a)
    assert len(n.rules_changed) + len(n.rules_added) <= len(b)
    assert all(c.fields for c in n.rules_changed)
    assert json.loads(d.to_json()) == d.model_dump(mode="json")
