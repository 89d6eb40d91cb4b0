"""Normalisation: values, idempotence, and the raw-offset map."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from extract.normalize import display_text, normalize, normalize_char, normalize_text
from tests.conftest import CORPUS_FILES

DATA = tomllib.loads(resources.files("extract.data").joinpath("normalize.toml").read_text("utf-8"))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("限产３０％", "限产30%", id="full-width-digits-percent"),
        pytest.param("2021－2022年采暖季", "2021-2022年采暖季", id="full-width-dash-002"),
        pytest.param("被评定为b—级", "被评定为b-级", id="em-dash-grade"),
        pytest.param("（一）被评定为D级", "(一)被评定为D级", id="full-width-brackets"),
        pytest.param("錯峰生產", "错峰生产", id="traditional-to-simplified"),
        pytest.param("出現的問題", "出现的问题", id="seed000-wenti"),
        pytest.param("河南省新鄉(xiāng)市", "河南省新乡市", id="pinyin-artefact-06"),
        pytest.param("民生任务的`企业", "民生任务的企业", id="stray-backtick-001"),
        pytest.param("全年错峰生产不得少于 120 天", "全年错峰生产不得少于120天", id="spaces-in-number-004"),
        pytest.param("2019年 3月1日", "2019年3月1日", id="space-in-date-15"),
        pytest.param("实施最严格的\n\n限产措施(不低于红色预警措施进行生产调控)。", "实施最严格的\n\n限产措施(不低于红色预警措施进行生产调控)。", id="short-line-kept"),
        pytest.param("so2、nox排放浓度", "so2、nox排放浓度", id="latin-kept"),
        pytest.param("鼓励水·泥企业", "鼓励水泥企业", id="middle-dot-16"),
        pytest.param("核查的.企业。", "核查的企业。", id="stray-dot-001"),
    ],
)
def test_normalize_values(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_broken_line_in_seed000_is_rejoined(seed000: str) -> None:
    text = normalize_text(seed000)
    assert "实施最严格的限产措施" in text
    assert "现将2021-2022年秋冬季重点行业错峰生产工作通知如下" in text
    # header lines and list lines stay apart
    assert "山西省生态环境厅晋工信" not in text
    assert "\n2. 2021-2022年秋季错峰生产企业清单" in text
    assert "yclgyc@mail.gxt.shanxi.gov.cn\n" in text


@pytest.mark.parametrize("entry", DATA["delete"], ids=lambda e: e["name"])
def test_deletion_examples(entry: dict) -> None:
    pat = regex.compile(entry["pattern"], regex.MULTILINE)
    for ex in entry["examples"]:
        assert pat.search(ex), ex
    for cex in entry["counter_examples"]:
        assert not pat.search(cex), cex


@pytest.mark.parametrize("entry", DATA["replace"], ids=lambda e: e["name"])
def test_replacement_examples(entry: dict) -> None:
    pat = regex.compile(entry["pattern"], regex.MULTILINE)
    for ex in entry["examples"]:
        assert pat.search(normalize_char_each(ex)), ex
    for cex in entry["counter_examples"]:
        assert not pat.search(normalize_char_each(cex)), cex


def normalize_char_each(s: str) -> str:
    return "".join(normalize_char(c) for c in s)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("(2)水泥、砖瓦等行业全部停产. (3)医药企业原则上停产.", "(2)水泥、砖瓦等行业全部停产。(3)医药企业原则上停产。"),
        ("钢铁企业限产50%以上(以高炉生产能力计). 炭素企业限产50%", "钢铁企业限产50%以上(以高炉生产能力计)。炭素企业限产50%"),
        ("焦化企业延长出焦时间至36小时以上．", "焦化企业延长出焦时间至36小时以上。"),  # full-width dot
        ("1. 2021年11月15日起", "1. 2021年11月15日起"),
        ("停产2.5个月.", "停产2.5个月。"),
        ("一. 总体要求", "一.总体要求"),  # (the layout space goes; the dot stays)
    ],
    ids=["items-inline", "after-bracket", "full-width", "item-number", "decimal-then-stop", "cn-numeral-marker"],
)
def test_an_ascii_full_stop_ends_a_sentence(raw: str, expected: str) -> None:
    mt = normalize(raw)
    assert mt.text == expected
    for i, ch in enumerate(mt.text):  # each full stop quotes the dot it was written as
        if ch == "。":
            assert mt.raw_slice(i, i + 1) in (".", "．")


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[:12])
def test_offset_map_round_trips_on_corpus(path) -> None:
    raw = path.read_text(encoding="utf-8")
    mt = normalize(raw)
    assert len(mt.starts) == len(mt.text) == len(mt.ends)
    # every normalised character comes from a raw range in order
    prev = -1
    for i in range(0, len(mt.text), 7):
        a, b = mt.to_raw(i, i + 1)
        assert 0 <= a < b <= len(raw)
        assert a >= prev
        prev = a
        assert normalize_text(raw[a:b]).strip() in (mt.text[i].strip(), "") or mt.text[i] in "-~%()3。"


@given(st.text(alphabet="限产３０％，（一）b—錯峰生產 \n。2021－2022年`", max_size=60))
def test_normalize_is_idempotent(s: str) -> None:
    once = normalize_text(s)
    assert normalize_text(once) == once


@given(st.text(max_size=80))
def test_spans_stay_inside_raw(s: str) -> None:
    mt = normalize(s)
    if mt.text:
        a, b = mt.to_raw(0, len(mt.text))
        assert 0 <= a <= b <= len(s)


def test_display_text_keeps_widths_and_simplifies() -> None:
    assert display_text("关于开展京津冀及周边地区2021－2022年采暖季\n钢铁行业错峰生产的通知") == (
        "关于开展京津冀及周边地区2021－2022年采暖季钢铁行业错峰生产的通知"
    )
    assert display_text("關於水泥熟料企業補齊(qí)錯峰") == "关于水泥熟料企业补齐错峰"
