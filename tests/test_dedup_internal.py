"""Repeats inside one web copy (dev corpus): a teaser cut short before the full text, junk
glued before a repeated sentence, a list re-typeset; and repeats that are not copies."""

from __future__ import annotations

import pytest

from extract.dedup import find_internal_duplicates
from extract.dedup.shingles import compact
from extract.normalize import normalize_text
from extract.outline import segment
from tests.conftest import corpus_text


def groups_of(prefix: str) -> tuple[str, list[tuple[str, str]]]:
    """The normalised text of a corpus file and its paragraph groups as (kept, dropped) texts."""
    text = normalize_text(corpus_text(prefix))
    found = find_internal_duplicates(text, [], [(p.start, p.end) for p in segment(text).plans()])
    return text, [
        (text[g.spans[0][0] : g.spans[0][1]], text[g.spans[1][0] : g.spans[1][1]])
        for g in found.groups
        if g.kind == "paragraph"
    ]


def same(a: str, b: str) -> bool:
    return compact(normalize_text(a)) == compact(normalize_text(b))


REPEATS = [
    pytest.param(
        "08_",
        "绩效分级是大气环境治理的重要制度创新,是推进重点行业绿色低碳转型的重要抓手。",
        "绩效分级是大气环境治理的重要制度创新,是推进重点行业绿色低碳转型的重要抓手。",
        id="08-sentence-after-a-glued-timestamp",
    ),
    pytest.param(
        "14_",
        "6月21日,记者从市污染防治攻坚办了解到,为降低夏季臭氧污染,协同控制PM2.5污染,市污染防治攻坚办近日出台"
        "《平顶山市2020年夏季臭氧与PM2.5污染协同控制攻坚实施方案》(以下简称《方案》)。",
        "6月21日,记者从市污染防治攻坚办了解到,为降低夏季臭氧污染,协同控制PM2.5污染,市污染防治攻坚办",
        id="14-teaser-glued-to-its-full-text",
    ),
    pytest.param(
        "14_",
        "河南《平顶山市2020年夏季臭氧与PM2.5污染协同控制攻坚实施方案》出台",
        "河南《平顶山市2020年夏季臭氧与PM2.5污染协同控制攻坚实施方案》出台",
        id="14-headline-repeated",
    ),
    pytest.param(
        "09_",
        "大气网讯:日前,安阳发布关于调整重污染天气橙色预警特别管控措施的通知。通知要求,从11月22日20时起,"
        "全市钢铁企业执行以下应急管控措施:安阳钢铁集团有限责任公司:在错峰生产基础上,1台在用烧结机停产,"
        "2台在用高炉压减生产负荷,全厂日均粗钢产量控制在9500吨以内,严禁污染防治设施不正常运转,氨水使用量不可超过设计要求。",
        "大气网讯:日前,安阳发布关于调整重污染天气橙色预警特别管控措施的通知。通知要求,从11月22日20时起,全市钢铁企业执行以",
        id="09-teaser-cut-mid-sentence",
    ),
    pytest.param(
        "09_",
        "从11月22日20时起,全市钢铁企业执行以下应急管控措施:安阳钢铁集团有限责任公司:在错峰生产基础上,"
        "1台在用烧结机停产,2台在用高炉压减生产负荷,全厂日均粗钢产量控制在9500吨以内,严禁污染防治设施不正常运转,"
        "氨水使用量不可超过设计要求。其他钢铁企业:在错峰生产基础上,在用烧结机全部停产,在用高炉同步压减生产负荷。",
        "从11月22日20时起,全市钢铁企业执行以下应急管控措施:\n\n1、安阳钢铁集团有限责任公司:在错峰生产基础上,"
        "1台在用烧结机停产,2台在用高炉压减生产负荷,全厂日均粗钢产量控制在9500吨以内,严禁污染防治设施不正常运转,"
        "氨水使用量不可超过设计要求。\n\n2、其他钢铁企业:在错峰生产基础上,在用烧",
        id="09-paragraph-retypeset-as-a-list-and-cut",
    ),
    pytest.param(
        "16_",
        "全省所有新型干法水泥熟料生产线全部实行错峰生产,每条线停窑时间为180天,其中一季度不少于60天,"
        "二季度不少于30天,三季度不少于30天,四季度不少于60天。省级水泥协会要密切跟踪、分析全省水泥市场,"
        "根据环保、能耗、减排、环境敏感时期、市场情况等因素实时调整停窑天数,原则上增加停窑时间不超过50天。",
        "全省所有新型干法水泥熟料生产线全部实行错峰生产,每条线停窑时间为180天,其中一季度不少于60天,"
        "二季度不少于30天,三季度不少于30天,四季度不少于60天。省级水泥协会要密切跟踪、分析全省水泥市场,"
        "根据环保、能耗、减排、环境敏感时期、市场情况等因素实时调整停窑天数,原则上增加停窑时间不超过50天。",
        id="16-summary-repeated-in-section-一",
    ),
]


@pytest.mark.parametrize(("prefix", "kept", "dropped"), REPEATS)
def test_web_copy_repeat_is_found_and_the_complete_copy_kept(prefix: str, kept: str, dropped: str) -> None:
    _, groups = groups_of(prefix)
    assert any(same(k, kept) and same(d, dropped) for k, d in groups), groups


NOT_COPIES = [
    pytest.param(
        "001_", "满足《临汾市工业炉窑综合治理方案》(临气指办发〔20xx〕21号)要求",
        id="001-criteria-list-repeated-under-a-tier-by-design",
    ),
    pytest.param("003_", "周村区2020-2021年重点行业秋冬季差异化错峰生产调控实施方案", id="003-cited-title-as-attachment-heading"),
    pytest.param("07_", "首鋼遷鋼、首鋼京唐、文豐鋼鐵", id="07-same-enterprise-list-under-another-phase"),
]


@pytest.mark.parametrize(("prefix", "phrase"), NOT_COPIES)
def test_repeat_by_design_is_not_a_copy(prefix: str, phrase: str) -> None:
    text, groups = groups_of(prefix)
    assert compact(text).count(compact(normalize_text(phrase))) >= 2  # it does repeat
    assert not any(compact(normalize_text(phrase)) in compact(k + d) for k, d in groups)


def test_teaser_split_from_its_full_text_in_one_line() -> None:
    teaser = "6月21日,记者从市污染防治攻坚办了解到,为降低夏季臭氧污染,协同控制PM2.5污染,市污染防治攻坚办"
    line = normalize_text(teaser + teaser + "近日出台《方案》。")  # what the line joiner made of 14
    (group,) = find_internal_duplicates(line, [], []).groups
    kept, dropped = (line[s:e] for s, e in group.spans)
    assert same(dropped, teaser) and same(kept, teaser + "近日出台《方案》。")
