"""Consistency warnings: each code on a real notice or a sentence that should raise it."""

from __future__ import annotations

import pytest

from extract import extract_file, extract_text
from extract.assemble.checks import check_notice
from extract.core.models import Action, Condition, Notice, Rule
from extract.core.rulekey import conflict_key
from extract.normalize import normalize
from tests.conftest import CORPUS


def _codes(text: str) -> list[str]:
    return [w.code for w in extract_text(text).warnings]


def test_seed000_period_year_mismatch_is_reported_as_written() -> None:
    notice = extract_file(CORPUS / "000_73ffc19bcbd17b6c.txt")
    overall = next(p for p in notice.periods if p.label is None)
    assert (overall.start, overall.end) == ("2020-11-01", "2022-03-31")  # as written, not fixed
    (w,) = [w for w in notice.warnings if w.code == "period_year_mismatch"]
    raw = (CORPUS / "000_73ffc19bcbd17b6c.txt").read_text(encoding="utf-8")
    assert raw[w.span[0] : w.span[1]] == "2020年11月1日-2022年3月31日"


def test_seed001_template_years_and_a_grade_without_measure() -> None:
    codes = [w.code for w in extract_file(CORPUS / "001_cf0fc4cb60f58962.txt").warnings]
    assert "template_year" in codes
    assert "rule_without_measure" in codes  # 方案三: b、b—、c、d级…分别实施不同措施管控


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param("关于开展2021-2022年秋冬季错峰生产的通知\n实施时间为2022年3月15日至2021年11月15日。",
                     "period_end_before_start", id="end-before-start"),
        pytest.param("关于开展2021-2022年秋冬季错峰生产的通知\n错峰生产时间:2021年11月15日至2022年3月15日。"
                     "第一阶段:2021年11月1日至2021年12月31日;第二阶段:2022年1月1日至2022年3月15日。",
                     "phase_outside_period", id="phase-starts-before-period"),
        pytest.param("（一）钢铁行业。B级企业限产20%。\n（二）钢铁行业。B级企业限产30%。", "conflicting_rules",
                     id="same-condition-two-ratios"),
        pytest.param("（一）钢铁行业。C级企业限产120%。", "ratio_out_of_range", id="ratio-above-whole"),
    ],
)
def test_warning_codes(text: str, code: str) -> None:
    assert code in _codes(text)


def test_consistent_notice_has_no_warnings() -> None:
    text = ("关于开展2021-2022年秋冬季错峰生产的通知\n错峰生产时间:2021年11月15日至2022年3月15日。\n"
            "（一）钢铁行业。B级企业限产20%；C级企业限产30%。")
    assert _codes(text) == []


def _rule(industry: str | None, ratio: float, **condition: object) -> Rule:
    return Rule(industry=industry, condition=Condition.model_validate(condition),
                action=Action(type="cut", ratio=ratio), text=f"{industry}{condition}{ratio}")


def test_conflict_key_is_whom_the_rule_applies_to_in_full() -> None:
    key = conflict_key(_rule("钢铁", 0.2, grades=["C", "B"], regions=["唐山市"], criteria=["烧结"]))
    assert key == ("钢铁", (("grades", ("B", "C")), ("regions", ("唐山市",)), ("criteria", ("烧结",))))
    assert conflict_key(_rule("钢铁", 0.3, grades=["B", "C", "B"], regions=["唐山市"], criteria=["烧结"])) == key
    assert conflict_key(_rule(None, 0.2, criteria=["烧结"])) is None  # names nobody: never compared
    assert conflict_key(_rule(None, 0.2, heating=False)) == (None, (("heating", False),))


@pytest.mark.parametrize(
    ("second", "conflict"),
    [
        pytest.param({"grades": ["B"]}, True, id="same-grade"),
        pytest.param({"grades": ["B"], "criteria": ["烧结"]}, False, id="criteria-differ"),
        pytest.param({"grades": ["B"], "regions": ["迁安市"]}, False, id="places-differ"),
        pytest.param({"grades": ["C"]}, False, id="grades-differ"),
    ],
)
def test_conflicts_are_rules_with_one_key_and_clashing_measures(second: dict, conflict: bool) -> None:
    notice = Notice(rules=[_rule("钢铁", 0.2, grades=["B"]), _rule("钢铁", 0.3, **second)])
    codes = [w.code for w in check_notice(notice, "", normalize(""))]
    assert codes.count("conflicting_rules") == int(conflict)
