"""The pipeline never crashes on odd text, and its output always validates."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import extract_text
from extract.core.models import Notice
from tests.conftest import corpus_text

PIECES = [
    "一、", "(一)", "1.", "⑴", "ⅰ类:", "第一阶段:", "企业错峰生产方案一\n", "\n", "\n\n", ";", "。", ",", "、",
    "20xx年11月1日", "2021年11月15日至次年3月15日", "11月15日-3月15日", "限产30%", "停产2.5个月", "不少于90天",
    "B、B-、C、D级", "引领性", "橙色预警", "钢铁", "水泥(不含粉磨站)", "颗粒物、二氧化硫", "10、50", "mg/m3",
    "《通知》", "〔2021〕171号", "(", ")", "“", "”", "的企业", "停产", "豁免", "唐山", "xiāng", "`", " ", "\t",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=40))
def test_any_text_gives_a_valid_notice(parts: list[str]) -> None:
    raw = "".join(parts)
    notice = extract_text(raw)
    assert Notice.model_validate_json(notice.model_dump_json()) == notice
    for rule in notice.rules:
        assert raw[rule.span[0] : rule.span[1]] == rule.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=8000), st.integers(min_value=1, max_value=3000))
def test_any_cut_of_a_real_notice_extracts(start: int, length: int) -> None:
    raw = corpus_text("001_")[start : start + length]  # web excerpts are cut anywhere
    notice = extract_text(raw)
    for p in notice.periods:
        assert p.span is not None and 0 <= p.span[0] < p.span[1] <= len(raw)


def test_lone_surrogates_in_a_caller_s_text_do_not_break_extraction() -> None:
    # bytes decoded with errors="surrogateescape" (os.fsdecode, a cut UTF-8 sequence on a command line)
    raw = "各水泥企业停产。\udce4\udcb8钢铁企业限产30%,焦化企业限产50%。" * 3
    notice = extract_text(raw)
    assert {(r.industry, r.action.ratio) for r in notice.rules} == {("水泥", None), ("钢铁", 0.3), ("焦化", 0.5)}
    notice.model_dump_json().encode("utf-8")  # writable as UTF-8
    assert all(raw[r.span[0]:r.span[1]].replace("\udce4", "\ufffd").replace("\udcb8", "\ufffd") == r.text
               for r in notice.rules)
