"""Scoring against gold: small hand-made gold/pred pairs with hand-computed answers.

Rule texts are sentences from corpus/ files; the keys they are labelled with are read from
the sentences by hand (as a gold labeller would).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.core.models import Notice
from extract.gold import load_dir
from extract.score import FIELDS, Counts, format_errors, format_table, score_notices, score_pair
from extract.score.settings import default_settings

GOLD_DIR = Path(__file__).resolve().parent.parent / "gold"


def notice(**fields: Any) -> Notice:
    return Notice.model_validate(fields)


def rule(text: str, action: dict, industry: str | None = None, optional: bool = False, **condition: Any) -> dict:
    out = {"industry": industry, "condition": condition, "action": action, "text": text}
    return out | ({"optional": True} if optional else {})


def counts(gold: Notice, pred: Notice, field: str, **kw: Any) -> tuple[int, int, int]:
    c = score_pair(gold, pred, **kw).counts[field]
    return c.tp, c.fp, c.fn


# Eight rules, each read by hand from a corpus sentence.
R_D = rule("被评定为D级的企业或未按期完成治理任务的企业实施错峰停产", {"type": "stop"}, grades=["D"])
R_NONCOMPLIANT = rule("被评定为D级的企业或未按期完成治理任务的企业实施错峰停产", {"type": "stop"}, noncompliant=True)
R_B = rule("2.被评定为b级的企业，停产1个月", {"type": "stop_days", "duration": {"value": 1, "unit": "month"}},
           grades=["B"])
R_C = rule("3.被评定为c级的企业，停产3个月", {"type": "stop_days", "duration": {"value": 3, "unit": "month"}},
           grades=["C"])
R_ENCOURAGED = rule("属于产业政策鼓励类的企业，限产20%", {"type": "cut", "ratio": 0.2}, policy_category="鼓励类")
R_ZONE = rule("位于市区建成区及周边10公里范围内的企业，限产30%", {"type": "cut", "ratio": 0.3},
              policy_category="鼓励类", zone="市区建成区及周边10公里范围内")
R_COKING = rule("ⅱ类：同时满足以下 2个条件的，结焦时间延长至36小时",
                {"type": "extend_coking", "duration": {"value": 36, "unit": "hour"}}, industry="焦化", tier="II")
R_CONTINUOUS = rule("对不可中断工序行业企业秋冬季期间按照不低于橙色预警措施进行生产调控",
                    {"type": "follow_alert", "alert_level": "orange", "bound": "min"}, process="continuous")
RULES = [R_D, R_NONCOMPLIANT, R_B, R_C, R_ENCOURAGED, R_ZONE, R_COKING, R_CONTINUOUS]

GOLD = notice(
    title="关于开展2021-2022年秋冬季错峰生产的通知",
    doc_number="晋工信节能字〔2021〕171号",
    issuers=["山西省工业和信息化厅", "山西省生态环境厅"],
    issue_date="2021-10-29",
    jurisdiction={"level": "province", "name": "山西省"},
    season="2021-2022",
    periods=[{"start": "2021-11-15", "end": "2022-03-15"}],
    industries=[{"name": "钢铁"}, {"name": "焦化"}, {"name": "水泥", "excludes": ["水泥粉磨站"]}],
    regions=[{"name": "太原市"}, {"name": "阳泉市"}],
    emission_limits=[{"pollutant": "颗粒物", "value": 10}, {"pollutant": "氮氧化物", "value": 150, "o2_ref_pct": 8}],
    rules=RULES,
    duplicates=[{"kind": "paragraph", "spans": [[0, 100], [200, 300]]}],
)


# ---------------------------------------------------------------- whole notices


def test_perfect_prediction_scores_one_on_every_field() -> None:
    doc = score_pair(GOLD, GOLD.model_copy(deep=True))
    assert {f: (c.precision, c.recall, c.f1) for f, c in doc.counts.items()} == {f: (1.0, 1.0, 1.0) for f in FIELDS}
    assert doc.errors == ()


def test_empty_prediction_has_zero_recall_and_no_precision() -> None:
    doc = score_pair(GOLD, Notice())
    assert {f: (c.tp, c.fp, c.recall, c.precision, c.f1) for f, c in doc.counts.items()} == {
        f: (0, 0, 0.0, None, 0.0) for f in FIELDS
    }
    assert doc.counts["rules_strict"].fn == 8
    assert doc.counts["rules_lenient"].fn == 8  # R_D and R_NONCOMPLIANT share a lenient key: two items


def test_one_missed_rule() -> None:
    pred = notice(rules=[r for r in RULES if r is not R_C])
    c = score_pair(GOLD, pred).counts["rules_strict"]
    assert (c.tp, c.fp, c.fn) == (7, 0, 1)
    assert (c.precision, c.recall, c.f1) == pytest.approx((1.0, 7 / 8, 14 / 15))


def test_one_spurious_rule() -> None:
    spurious = rule("评为A级企业、引领性企业和符合绩效先进性指标企业,可自主采取减排措施", {"type": "voluntary"},
                    grades=["A", "引领性"])
    c = score_pair(GOLD, notice(rules=[*RULES, spurious])).counts["rules_strict"]
    assert (c.tp, c.fp, c.fn) == (8, 1, 0)
    assert (c.precision, c.recall, c.f1) == pytest.approx((8 / 9, 1.0, 16 / 17))


def test_gold_files_score_perfectly_against_themselves() -> None:
    for stem, gold in load_dir(GOLD_DIR).items():
        doc = score_pair(gold, gold)
        assert [(e.field, e.kind, e.key) for e in doc.errors] == [], stem


def test_gold_files_score_the_same_without_their_optional_items() -> None:
    """Optional items neither reward nor penalise: dropping them from the prediction changes nothing."""
    for stem, gold in load_dir(GOLD_DIR).items():
        data = gold.model_dump(mode="json")
        for field, items in data.items():
            if isinstance(items, list):
                data[field] = [i for i in items if not (isinstance(i, dict) and i.get("optional"))]
        assert score_pair(gold, Notice.model_validate(data)).counts == score_pair(gold, gold).counts, stem


# ---------------------------------------------------------------- scalar fields

SCALAR_CASES = [
    ("doc_number", "晋工信节能字〔2021〕171号", "晋工信节能字〔2021〕171号", (1, 0, 0)),
    ("doc_number", "晋工信节能字〔2021〕171号", "晋工信节能字[2021]171号", (0, 1, 1)),
    ("doc_number", "晋工信节能字〔2021〕171号", "晋工信节能字（2021）171号", (0, 1, 1)),
    ("doc_number", "晋工信节能字〔2021〕171号", "晋工信节能字〔２０２１〕１７１号", (0, 1, 1)),
    ("doc_number", "晋工信节能字〔2021〕171号", "晋工信节能字〔2021〕 171号", (1, 0, 0)),
    ("doc_number", "晋工信节能字〔2021〕171号", "晋工信节能字\u3000〔2021〕171号", (1, 0, 0)),
    ("doc_number", None, "安环攻坚办〔2018〕542号", (0, 1, 0)),
    ("doc_number", "安环攻坚办〔2018〕542号", None, (0, 0, 1)),
    ("doc_number", None, None, (0, 0, 0)),
    ("doc_number", "安环攻坚办〔2018〕542号", "  ", (0, 0, 1)),
    ("title", "关于调整重污染天气橙色预警特别管控措施的通知", "关于调整重污染天气橙色预警\n特别管控措施的通知", (1, 0, 0)),
    ("title", "关于开展2021-2022年秋冬季错峰生产的通知", "关于开展２０２１-２０２２年秋冬季错峰生产的通知", (0, 1, 1)),
    ("issue_date", "2021-10-29", "2021-10-30", (0, 1, 1)),
    ("season", "2021-2022", None, (0, 0, 1)),
    ("season", None, "2019-2020", (0, 1, 0)),
]


@pytest.mark.parametrize(
    ("field", "gold", "pred", "expected"), SCALAR_CASES,
    ids=[f"{f}-{g}-vs-{p}" for f, g, p, _ in SCALAR_CASES],
)
def test_scalar_fields_match_exactly_after_removing_whitespace(field, gold, pred, expected) -> None:
    assert counts(notice(**{field: gold}), notice(**{field: pred}), field) == expected


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ({"level": "province", "name": "山西省"}, {"level": "province", "name": "山西省"}, (1, 0, 0)),
        ({"level": "province", "name": "山西省"}, {"level": "province", "name": "山西"}, (0, 1, 1)),
        ({"level": "city", "name": "唐山市"}, {"level": "county", "name": "唐山市"}, (1, 0, 0)),
        ({"level": "national", "name": "全国"}, {}, (0, 0, 1)),
    ],
    ids=["same", "abbreviated-name", "level-not-scored", "missing"],
)
def test_jurisdiction_compares_the_name(gold, pred, expected) -> None:
    assert counts(notice(jurisdiction=gold), notice(jurisdiction=pred), "jurisdiction") == expected


# ---------------------------------------------------------------- set fields


@pytest.mark.parametrize(
    ("field", "gold", "pred", "expected"),
    [
        ("industries", [{"name": "钢铁"}, {"name": "焦化"}], [{"name": "钢铁"}, {"name": "钢铁"}, {"name": "水泥"}],
         (1, 2, 1)),
        ("industries", [{"name": "水泥", "excludes": ["水泥粉磨站"]}], [{"name": "水泥", "parent": "建材"}], (1, 0, 0)),
        ("regions", [{"name": "唐山市", "level": "city"}], [{"name": "唐山市"}], (1, 0, 0)),
        ("regions", [{"name": "唐山市"}], [{"name": "唐山"}], (0, 1, 1)),
        ("issuers", ["山西省工业和信息化厅", "山西省生态环境厅"], ["山西省生态环境厅"], (1, 0, 1)),
        ("periods", [{"start": "2021-11-15", "end": "2022-03-15", "label": "采暖季"}],
         [{"start": "2021-11-15", "end": "2022-03-15"}], (1, 0, 0)),
        ("periods", [{"start": "Y0-11-15", "end": "Y1-03-15", "recurring": True}],
         [{"start": "Y0-11-15", "end": "Y1-03-31"}], (0, 1, 1)),
        ("emission_limits", [{"pollutant": "颗粒物", "value": 10}], [{"pollutant": "颗粒物", "value": 10.000000001}],
         (1, 0, 0)),
        ("emission_limits", [{"pollutant": "氮氧化物", "value": 150, "o2_ref_pct": 8}],
         [{"pollutant": "氮氧化物", "value": 150}], (0, 1, 1)),
        ("emission_limits", [{"pollutant": "颗粒物", "value": 10, "industry": "水泥"}],
         [{"pollutant": "颗粒物", "value": 10, "industry": "钢铁"}], (1, 0, 0)),
    ],
    ids=[
        "industry-listed-twice-is-one-false-positive", "industry-by-name-only", "region-level-not-scored",
        "region-abbreviated", "issuers-one-missed", "period-label-not-scored", "period-end-differs",
        "limit-float-noise", "limit-o2-ref-differs", "limit-industry-not-scored",
    ],
)
def test_set_fields(field, gold, pred, expected) -> None:
    assert counts(notice(**{field: gold}), notice(**{field: pred}), field) == expected


# ---------------------------------------------------------------- rules


def test_strict_and_lenient_differ_on_the_condition() -> None:
    gold = notice(rules=[R_D])
    pred = notice(rules=[rule(R_D["text"], {"type": "stop"}, grades=["C"])])
    assert counts(gold, pred, "rules_strict") == (0, 1, 1)
    assert counts(gold, pred, "rules_lenient") == (1, 0, 0)


def test_changing_one_condition_among_eight_rules() -> None:
    pred = notice(rules=[rule(R_D["text"], {"type": "stop"}, grades=["C"]), *RULES[1:]])
    assert counts(GOLD, pred, "rules_strict") == (7, 1, 1)
    assert counts(GOLD, pred, "rules_lenient") == (8, 0, 0)


@pytest.mark.parametrize(
    ("gold_rule", "pred_rule", "equal"),
    [
        (R_D, rule(R_D["text"], {"type": "stop"}, grades=["D"], criteria=["未按期完成治理任务"]), True),
        (rule("被评定为B级、B-级、C级、非引领性的企业", {"type": "stop"}, grades=["B", "B-", "C", "非引领性"]),
         rule("被评定为B级、B-级、C级、非引领性的企业", {"type": "stop"}, grades=["非引领性", "C", "B-", "B", "C"]),
         True),
        (rule("对所有企业", {"type": "stop"}), rule("对所有企业", {"type": "stop"}, grades=[]), True),
        (R_B, rule(R_B["text"], {"type": "stop_days", "duration": {"value": 1, "unit": "month"}, "bound": "min"},
                   grades=["B"]), True),
        (R_B, rule(R_B["text"], {"type": "stop_days", "duration": {"value": 30, "unit": "day"}}, grades=["B"]), False),
        (R_B, rule(R_B["text"], {"type": "stop_days", "duration": {"value": 1, "unit": "month"}}, grades=["B-"]),
         False),
        (R_ZONE, rule(R_ZONE["text"], {"type": "cut", "ratio": 0.3}, policy_category="鼓励类",
                      zone="市区建成区及周边 10 公里范围内"), True),
        (R_ZONE, rule(R_ZONE["text"], {"type": "cut", "ratio": 0.3}, policy_category="鼓励类"), False),
        (R_ZONE, rule(R_ZONE["text"], {"type": "cut", "ratio": 0.3}, policy_category="鼓励类",
                      zone="市區建成區及周邊10公里範圍內"), True),
        (R_ZONE, rule(R_ZONE["text"], {"type": "cut", "ratio": 0.3}, policy_category="鼓励类",
                      zone="市区建成区及周边20公里范围内"), False),
        (R_COKING, rule(R_COKING["text"], {"type": "extend_coking", "duration": {"value": 36, "unit": "hour"}},
                        industry="焦化", tier="ii"), False),
        (R_COKING, rule(R_COKING["text"], {"type": "extend_coking", "duration": {"value": 36, "unit": "hour"}},
                        tier="II"), False),
        (R_CONTINUOUS, rule(R_CONTINUOUS["text"], {"type": "follow_alert", "alert_level": "red", "bound": "min"},
                            process="continuous"), False),
        (R_CONTINUOUS, rule(R_CONTINUOUS["text"], {"type": "follow_alert", "alert_level": "orange"},
                            process="interruptible"), False),
    ],
    ids=[
        "criteria-not-scored", "grades-sorted-and-deduplicated", "empty-grades-is-any",
        "bound-not-scored", "duration-unit-differs", "grade-B-vs-B-minus", "zone-whitespace",
        "zone-missing", "zone-traditional-script", "zone-other-distance", "tier-case-is-exact", "industry-missing", "alert-level-differs", "process-differs",
    ],
)
def test_strict_rule_key(gold_rule, pred_rule, equal) -> None:
    assert counts(notice(rules=[gold_rule]), notice(rules=[pred_rule]), "rules_strict") == (
        (1, 0, 0) if equal else (0, 1, 1)
    )


WINDOW = {"type": "stop_window", "period": {"start": "2021-12-01", "end": "2022-01-31"}}


@pytest.mark.parametrize(
    ("gold_action", "pred_action", "equal"),
    [
        ({"type": "cut", "ratio": 0.3}, {"type": "cut", "ratio": 0.30000000004}, True),
        ({"type": "cut", "ratio": 0.3}, {"type": "cut", "ratio": 0.1 * 3}, True),
        ({"type": "cut", "ratio": 0.7}, {"type": "cut", "ratio": 0.69999999999}, True),
        ({"type": "cut", "ratio": 0.3}, {"type": "cut", "ratio": 0.35}, False),
        ({"type": "cut", "ratio": 0.3}, {"type": "cut", "ratio": 0.3001}, False),
        ({"type": "cut", "ratio": 0.3}, {"type": "cut"}, False),
        ({"type": "cut", "ratio": 0.5, "basis": "上一年同期粗钢产量"}, {"type": "cut", "ratio": 0.5}, True),
        ({"type": "stop_days", "duration": {"value": 2.5, "unit": "month"}},
         {"type": "stop_days", "duration": {"value": 2.50000001, "unit": "month"}}, True),
        (WINDOW, {"type": "stop_window", "period": {"start": "2021-12-01", "end": "2022-01-31", "label": "x"}}, True),
        (WINDOW, {"type": "stop_window", "period": {"start": "2021-12-01", "end": "2022-02-28"}}, False),
        (WINDOW, {"type": "stop_window"}, False),
        ({"type": "stop"}, {"type": "stop_window"}, False),
        ({"type": "exempt"}, {"type": "exempt", "ratio": 0.3}, True),
    ],
    ids=[
        "ratio-float-noise", "ratio-0.1x3", "ratio-noise-below", "ratio-0.3-vs-0.35", "ratio-beyond-4-decimals",
        "ratio-missing", "basis-not-scored", "duration-float-noise", "window-label-not-scored",
        "window-end-differs", "window-missing", "stop-vs-stop_window", "exempt-has-no-value",
    ],
)
def test_action_value(gold_action, pred_action, equal) -> None:
    gold, pred = notice(rules=[rule("t", gold_action)]), notice(rules=[rule("t", pred_action)])
    expected = (1, 0, 0) if equal else (0, 1, 1)
    assert (counts(gold, pred, "rules_strict"), counts(gold, pred, "rules_lenient")) == (expected, expected)


@given(st.integers(0, 100), st.integers(0, 100))
def test_percentages_as_fractions_compare_by_value(a: int, b: int) -> None:
    """限产a% written as a/100 or a*0.01 (float noise) is one ratio; different percentages are not."""
    gold = notice(rules=[rule("限产", {"type": "cut", "ratio": a / 100})])
    pred = notice(rules=[rule("限产", {"type": "cut", "ratio": b * 0.01})])
    assert counts(gold, pred, "rules_strict") == ((1, 0, 0) if a == b else (0, 1, 1))


# ---------------------------------------------------------------- optional items


@pytest.mark.parametrize(
    ("pred_rules", "expected"),
    [
        ([R_D, R_B], (1, 0, 0)),  # the optional R_B is predicted: not a tp, not a fp
        ([R_D], (1, 0, 0)),  # the optional R_B is not predicted: not a fn
        ([R_B], (0, 0, 1)),
        ([], (0, 0, 1)),
    ],
    ids=["optional-predicted", "optional-not-predicted", "only-optional-predicted", "nothing-predicted"],
)
def test_optional_rule_neither_rewards_nor_penalises(pred_rules, expected) -> None:
    gold = notice(rules=[R_D, R_B | {"optional": True}])
    assert counts(gold, notice(rules=pred_rules), "rules_strict") == expected


def test_a_key_both_required_and_optional_is_required() -> None:
    gold = notice(industries=[{"name": "水泥"}, {"name": "水泥", "optional": True}, {"name": "特种水泥", "optional": True}])
    assert counts(gold, notice(), "industries") == (0, 0, 1)
    assert counts(gold, notice(industries=[{"name": "水泥"}, {"name": "特种水泥"}]), "industries") == (1, 0, 0)


def test_lenient_key_of_an_optional_rule_is_required_when_a_required_rule_shares_it() -> None:
    gold = notice(rules=[R_D, R_NONCOMPLIANT | {"optional": True}])
    pred = notice(rules=[R_NONCOMPLIANT])
    assert counts(gold, pred, "rules_strict") == (0, 0, 1)
    assert counts(gold, pred, "rules_lenient") == (1, 0, 0)


# ---------------------------------------------------------------- duplicates


def dups(*groups: list[tuple[int, int]], optional: bool = False) -> list[dict]:
    return [{"kind": "paragraph", "spans": [list(s) for s in g], "optional": optional} for g in groups]


DUP_CASES = [
    ("identical", dups([(0, 100), (200, 300)]), dups([(0, 100), (200, 300)]), (1, 0, 0)),
    ("iou-0.9", dups([(0, 100), (200, 300)]), dups([(0, 100), (210, 300)]), (1, 0, 0)),
    ("iou-exactly-0.5", dups([(0, 100), (200, 300)]), dups([(0, 100), (250, 300)]), (1, 0, 0)),
    ("iou-0.4", dups([(0, 100), (200, 300)]), dups([(0, 100), (260, 300)]), (0, 1, 1)),
    ("no-overlap", dups([(0, 100), (200, 300)]), dups([(400, 500), (600, 700)]), (0, 1, 1)),
    ("copies-in-other-order", dups([(0, 100), (200, 300)]), dups([(200, 300), (0, 100)]), (1, 0, 0)),
    ("three-copies-found-two", dups([(0, 100), (200, 300), (400, 500)]), dups([(0, 100), (400, 500)]), (1, 0, 2)),
    ("three-copies-found-three", dups([(0, 100), (200, 300), (400, 500)]),
     dups([(0, 95), (205, 300), (400, 500)]), (3, 0, 0)),
    ("one-to-one", dups([(0, 100), (200, 300)]), dups([(0, 100), (200, 300)], [(5, 100), (200, 295)]), (1, 1, 0)),
    ("two-groups-one-found", dups([(0, 100), (200, 300)], [(1000, 1100), (1500, 1600)]),
     dups([(1000, 1100), (1500, 1600)]), (1, 0, 1)),
    ("kind-not-scored", dups([(0, 100), (200, 300)]), [{"kind": "plan", "spans": [[0, 100], [200, 300]]}], (1, 0, 0)),
    ("optional-predicted", dups([(0, 100), (200, 300)], optional=True), dups([(0, 100), (210, 300)]), (0, 0, 0)),
    ("optional-not-predicted", dups([(0, 100), (200, 300)], optional=True), [], (0, 0, 0)),
]


@pytest.mark.parametrize(("gold", "pred", "expected"), [c[1:] for c in DUP_CASES], ids=[c[0] for c in DUP_CASES])
def test_duplicate_pairs(gold, pred, expected) -> None:
    assert counts(notice(duplicates=gold), notice(duplicates=pred), "duplicates") == expected


def test_duplicate_threshold_comes_from_settings() -> None:
    gold, pred = notice(duplicates=dups([(0, 100), (200, 300)])), notice(duplicates=dups([(0, 100), (210, 300)]))
    strict = default_settings().model_copy(update={"iou_threshold": 0.95})
    assert counts(gold, pred, "duplicates", settings=strict) == (0, 1, 1)


# ---------------------------------------------------------------- documents and micro-averaging


def test_micro_average_over_two_documents() -> None:
    """doc A: tp 2, fp 1, fn 0 (F1 0.8); doc B: tp 0, fp 0, fn 3 (F1 0). Micro: tp 2, fp 1, fn 3."""
    gold = {"a": notice(rules=[R_D, R_B]), "b": notice(rules=[R_C, R_ZONE, R_COKING])}
    pred = {"a": notice(rules=[R_D, R_B, R_ENCOURAGED]), "b": notice()}
    report = score_notices(gold, pred)
    assert report.docs["a"].counts["rules_strict"] == Counts(2, 1, 0)
    assert report.docs["b"].counts["rules_strict"] == Counts(0, 0, 3)
    c = report.fields["rules_strict"]
    assert (c.tp, c.fp, c.fn, c.support) == (2, 1, 3, 5)
    assert (c.precision, c.recall, c.f1) == pytest.approx((2 / 3, 2 / 5, 0.5))


def test_documents_are_matched_by_stem() -> None:
    gold = {"a": GOLD, "b": notice(rules=[R_D]), "notice.pdf": notice(season="2021-2022")}
    pred = {"a": GOLD, "notice.pdf": notice(season="2021-2022"), "c": notice(rules=[R_D])}
    report = score_notices(gold, pred)
    assert list(report.docs) == ["a", "b", "notice.pdf"]
    assert (report.unpredicted, report.unscored) == (("b",), ("c",))
    assert report.docs["b"].counts["rules_strict"] == Counts(0, 0, 1)
    assert report.docs["notice.pdf"].counts["season"] == Counts(1, 0, 0)


# ---------------------------------------------------------------- output


def test_errors_list_missed_and_spurious_items_with_evidence() -> None:
    gold = notice(rules=[R_D | {"span": [120, 150]}, R_B])
    pred = notice(rules=[R_D, rule(R_C["text"], R_C["action"], grades=["C"])])
    report = score_notices({"seed": gold}, {"seed": pred})
    text = format_errors(report)
    assert "== seed" in text
    missed = next(line for line in text.splitlines() if line.strip().startswith("missed"))
    spurious = next(line for line in text.splitlines() if line.strip().startswith("spurious"))
    assert "grades=B" in missed and "stop_days 1,month" in missed and "被评定为b级的企业，停产1个月" in missed
    assert "grades=C" in spurious and "停产3个月" in spurious
    assert "[120,150)" not in text  # R_D was found: not an error


def test_table_and_json_carry_the_numbers() -> None:
    pred = notice(rules=[r for r in RULES if r is not R_C], title=GOLD.title)
    report = score_notices({"seed": GOLD}, {"seed": pred, "extra": GOLD})
    table = format_table(report)
    row = next(line for line in table.splitlines() if "rules_strict" in line)
    assert [c.strip() for c in row.split("│") if c.strip()] == [
        "rules_strict", "1.000", "0.875", "0.933", "7", "0", "1", "8",
    ]
    assert "unscored (no gold): extra" in table
    data = json.loads(report.to_json())
    assert data["fields"]["rules_strict"] == {
        "tp": 7, "fp": 0, "fn": 1, "support": 8, "precision": 1.0, "recall": 0.875, "f1": pytest.approx(14 / 15),
    }
    assert data["documents"]["seed"]["fields"]["title"]["tp"] == 1
    assert data["unscored"] == ["extra"]
    assert report.to_json() == score_notices({"seed": GOLD}, {"seed": pred, "extra": GOLD}).to_json()


# ---------------------------------------------------------------- one-to-one matching (SCHEMA.md v1.1)

# Two plans of one compilation (seed 001 shape) that each state the same measure.
R_PLAN1 = rule("二、错峰生产时间及要求:砖瓦窑企业全部停产", {"type": "stop"}, industry="砖瓦") | {"span": [100, 120]}
R_PLAN2 = rule("二、错峰生产时间及要求:砖瓦窑企业全部停产", {"type": "stop"}, industry="砖瓦") | {"span": [900, 920]}


def test_a_rule_predicted_twice_is_one_false_positive() -> None:
    gold = notice(rules=[R_B])
    assert counts(gold, notice(rules=[R_B, R_B]), "rules_strict") == (1, 1, 0)
    assert counts(gold, notice(rules=[R_B, R_B]), "rules_lenient") == (1, 1, 0)


def test_two_gold_rules_with_one_key_need_two_predictions() -> None:
    gold = notice(rules=[R_PLAN1, R_PLAN2])
    assert counts(gold, notice(rules=[R_PLAN1]), "rules_strict") == (1, 0, 1)
    assert counts(gold, notice(rules=[R_PLAN1, R_PLAN2]), "rules_strict") == (2, 0, 0)


def test_equal_keys_pair_with_the_nearest_span() -> None:
    gold = notice(rules=[R_PLAN2])
    far = R_PLAN1
    near = R_PLAN2 | {"span": [905, 920]}
    doc = score_pair(gold, notice(rules=[far, near]))
    (spurious,) = [e for e in doc.errors if e.field == "rules_strict"]
    assert (spurious.kind, spurious.span) == ("spurious", (100, 120))


def test_an_optional_gold_item_absorbs_one_prediction_only() -> None:
    gold = notice(industries=[{"name": "钢铁"}, {"name": "焦化", "optional": True}])
    pred = notice(industries=[{"name": "钢铁"}, {"name": "焦化"}, {"name": "焦化"}])
    assert counts(gold, pred, "industries") == (1, 1, 0)


def test_a_duplicate_pair_reported_twice_is_one_false_positive() -> None:
    gold = notice(duplicates=[{"kind": "paragraph", "spans": [[0, 100], [200, 300]]}])
    twice = notice(duplicates=[{"kind": "paragraph", "spans": [[0, 100], [200, 300]]},
                               {"kind": "paragraph", "spans": [[200, 300], [0, 100]]}])
    assert counts(gold, twice, "duplicates") == (1, 1, 0)


def test_two_issuers_with_one_name_need_two_predictions() -> None:
    gold = notice(issuers=["新疆维吾尔自治区工业和信息化厅", "新疆维吾尔自治区工业和信息化厅"])
    assert counts(gold, notice(issuers=["新疆维吾尔自治区工业和信息化厅"]), "issuers") == (1, 0, 1)


# Per-place schedule (invented, 甘肃 shape): 兰州市、白银市:11月15日至次年3月15日停产.
R_LANZHOU = rule("兰州市、白银市:水泥熟料生产线11月15日至次年3月15日停产", {"type": "stop"}, industry="水泥",
                 regions=["兰州市", "白银市"])


def test_rule_regions_count_once_gold_labels_them() -> None:
    gold = notice(rules=[R_LANZHOU])
    no_regions = rule(R_LANZHOU["text"], {"type": "stop"}, industry="水泥")
    other_order = rule(R_LANZHOU["text"], {"type": "stop"}, industry="水泥", regions=["白银市", "兰州市"])
    assert counts(gold, notice(rules=[no_regions]), "rules_strict") == (0, 1, 1)
    assert counts(gold, notice(rules=[other_order]), "rules_strict") == (1, 0, 0)
    assert counts(gold, notice(rules=[no_regions]), "rules_lenient") == (1, 0, 0)


def test_rule_regions_are_ignored_when_gold_has_none() -> None:
    gold = notice(rules=[R_B])
    with_regions = R_B | {"condition": {"grades": ["B"], "regions": ["唐山市"]}}
    assert counts(gold, notice(rules=[with_regions]), "rules_strict") == (1, 0, 0)


@given(st.lists(st.sampled_from(["钢铁", "焦化", "水泥", "铸造"]), max_size=6),
       st.lists(st.sampled_from(["钢铁", "焦化", "水泥", "铸造"]), max_size=6))
def test_one_to_one_counts_are_multiset_intersections(gold_names: list[str], pred_names: list[str]) -> None:
    from collections import Counter

    g, p = Counter(gold_names), Counter(pred_names)
    tp = sum((g & p).values())
    got = counts(notice(industries=[{"name": n} for n in gold_names]),
                 notice(industries=[{"name": n} for n in pred_names]), "industries")
    assert got == (tp, len(pred_names) - tp, len(gold_names) - tp)
