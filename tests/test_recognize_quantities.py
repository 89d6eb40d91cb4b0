"""Ratios and durations: data-file examples, real corpus sentences with raw variants, properties."""

from __future__ import annotations

from pathlib import Path

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.normalize import normalize_text
from extract.recognize import quantities
from extract.recognize.quantities import find_durations, find_ratios

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _one(mentions, text: str, evidence: str):
    hits = [m for m in mentions if text[m.start : m.end] == evidence]
    assert hits, f"{evidence!r} not found in {text!r}: {[text[m.start : m.end] for m in mentions]}"
    return hits[0]


# ---------------------------------------------------------------- data-file examples

_DATA = quantities.data()


@pytest.mark.parametrize("ex", _DATA["ratio"]["examples"], ids=lambda ex: ex["evidence"])
def test_ratio_data_example(ex: dict) -> None:
    text = normalize_text(ex["text"])
    m = _one(find_ratios(text), text, ex["evidence"])
    assert (m.value, m.bound, m.approx, m.basis, m.verb) == (
        ex["value"],
        ex.get("bound"),
        ex.get("approx", False),
        ex.get("basis"),
        ex.get("verb"),
    )


@pytest.mark.parametrize("text", _DATA["ratio"]["counter_examples"])
def test_ratio_data_counter_example(text: str) -> None:
    assert find_ratios(normalize_text(text)) == []


@pytest.mark.parametrize("ex", _DATA["duration"]["examples"], ids=lambda ex: ex["evidence"])
def test_duration_data_example(ex: dict) -> None:
    text = normalize_text(ex["text"])
    m = _one(find_durations(text), text, ex["evidence"])
    assert (m.value, m.unit, m.bound, m.approx) == (
        ex["value"],
        ex["unit"],
        ex.get("bound"),
        ex.get("approx", False),
    )


@pytest.mark.parametrize("text", _DATA["duration"]["counter_examples"])
def test_duration_data_counter_example(text: str) -> None:
    assert find_durations(normalize_text(text)) == []


# ---------------------------------------------------------------- real sentences and raw variants

RATIO_CASES = [
    # (raw sentence, evidence in the normalised text, value, bound, approx, basis, verb)
    pytest.param("3.被评定为c级的企业，限产50%。", "50%", 0.5, None, False, None, "限产", id="001-c-limit50"),
    pytest.param(
        "3.被评定为c级的企业，限产５０％。", "50%", 0.5, None, False, None, "限产", id="001-fullwidth"
    ),
    pytest.param("3.被评定为c级的企业，限产 50 %。", "50%", 0.5, None, False, None, "限产", id="001-spaces"),
    pytest.param("限产百分之五十", "百分之五十", 0.5, None, False, None, "限产", id="cn-percent"),
    pytest.param("减产百分之12.5", "百分之12.5", 0.125, None, False, None, "减产", id="cn-percent-digits"),
    pytest.param(
        "红色预警减产50%，以生产线计。", "50%", 0.5, None, False, "以生产线计", "减产", id="003-red"
    ),
    pytest.param(
        "错峰生产比例不低于上一年同期粗钢产量的３０％",
        "不低于上一年同期粗钢产量的30%",
        0.3,
        "min",
        False,
        "上一年同期粗钢产量",
        "错峰生产",
        id="002-fullwidth",
    ),
    pytest.param(
        "实施不低于50％错峰管控", "不低于50%", 0.5, "min", False, None, "错峰", id="001-bound-verb-after"
    ),
    pytest.param("限产不超过30%", "不超过30%", 0.3, "max", False, None, "限产", id="max-bound"),
    pytest.param("限产30%以上", "30%以上", 0.3, "min", False, None, "限产", id="min-after"),
    pytest.param("高炉限产50%左右", "50%左右", 0.5, None, True, None, "限产", id="approx-after"),
    pytest.param("节约30%的能耗", "30%", 0.3, None, False, None, None, id="jieyue-not-approx"),
    pytest.param(
        "超过三分之二企业同意", "超过三分之二", 0.6667, "min", False, None, None, id="004-two-thirds"
    ),
    pytest.param("减产四分之一", "四分之一", 0.25, None, False, None, "减产", id="quarter"),
    pytest.param("压减产能千分之五", "千分之五", 0.005, None, False, None, "压减产能", id="per-mille"),
    pytest.param("限产12.5%", "12.5%", 0.125, None, False, None, "限产", id="decimal"),
    pytest.param(
        "限产50%，以高炉生产能力计算，用实际用电量核算",
        "50%",
        0.5,
        None,
        False,
        "以高炉生产能力计算",
        "限产",
        id="11-basis-after-comma",
    ),
]


@pytest.mark.parametrize(("raw", "evidence", "value", "bound", "approx", "basis", "verb"), RATIO_CASES)
def test_ratio_sentence(raw, evidence, value, bound, approx, basis, verb) -> None:
    text = normalize_text(raw)
    m = _one(find_ratios(text), text, evidence)
    assert (m.value, m.bound, m.approx, m.basis, m.verb) == (value, bound, approx, basis, verb)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("限产20%-30%", id="dash"),
        pytest.param("限产20%—30%", id="em-dash"),
        pytest.param("限产20％－30％", id="fullwidth-dash"),
        pytest.param("限产20%～30%", id="wave"),
        pytest.param("限产20%至30%", id="zhi"),
        pytest.param("限产20%到30%", id="dao"),
        pytest.param("限产20-30%", id="one-sign"),
        pytest.param("限产20～30％", id="one-sign-wave"),
    ],
)
def test_ratio_range_gives_both_ends(raw: str) -> None:
    assert [r.value for r in find_ratios(normalize_text(raw))] == [0.2, 0.3]


def test_ratio_basis_shared_by_an_enumeration() -> None:
    # 003: one basis after three alert-level ratios
    raw = "PVC手套相关生产线黄色预警减产20%、橙色预警减产30%、红色预警减产50%，以生产线计。"
    got = [(r.value, r.basis) for r in find_ratios(normalize_text(raw))]
    assert got == [(0.2, "以生产线计"), (0.3, "以生产线计"), (0.5, "以生产线计")]


def test_ratio_basis_not_shared_across_clauses() -> None:
    # 001: the second ratio has no basis; the first must not borrow one
    raw = "限产20%，其中，位于市区建成区及周边10公里范围内的企业，限产30%，以企业数量计。"
    assert [r.basis for r in find_ratios(normalize_text(raw))] == [None, "以企业数量计"]


DURATION_CASES = [
    # (raw sentence, evidence, value, unit, bound, approx)
    pytest.param(
        "2.被评定为b级的企业，停产2.5个月。", "2.5个月", 2.5, "month", None, False, id="001-2.5-months"
    ),
    pytest.param(
        "2.被评定为b级的企业，停产２.５个月。", "2.5个月", 2.5, "month", None, False, id="001-fullwidth"
    ),
    pytest.param("2.被评定为b级的企业，停产1个月。", "1个月", 1, "month", None, False, id="001-1-month"),
    pytest.param("3.被评定为c级的企业，停产3个月。", "3个月", 3, "month", None, False, id="001-3-months"),
    pytest.param("全年错峰生产不得少于 120 天。", "不得少于120天", 120, "day", "min", False, id="004-spaces"),
    pytest.param(
        "全年错峰生产不得少于１２０天。", "不得少于120天", 120, "day", "min", False, id="004-fullwidth"
    ),
    pytest.param("停窑不少于九十天", "不少于九十天", 90, "day", "min", False, id="cn-ninety"),
    pytest.param("停窑一百二十天", "一百二十天", 120, "day", None, False, id="cn-120"),
    pytest.param("结焦时间延长至36小时；", "36小时", 36, "hour", None, False, id="001-coking"),
    pytest.param(
        "清洁热回收焦炉结焦时间延长至180小时左右）。", "180小时左右", 180, "hour", None, True, id="001-180h"
    ),
    pytest.param("转炉每日23时至次日6时停产7小时。", "7小时", 7, "hour", None, False, id="22-night-stop"),
    pytest.param("停产半个月", "半个月", 0.5, "month", None, False, id="half-month"),
    pytest.param("方案至少应提前10天公布", "10天", 10, "day", None, False, id="004-ahead"),
    pytest.param("停窑时间不超过50天以内", "不超过50天以内", 50, "day", "max", False, id="double-bound"),
    pytest.param("停产约3个月", "约3个月", 3, "month", None, True, id="approx-before"),
    pytest.param("连续停产不少于15日", "不少于15日", 15, "day", "min", False, id="ri-after-bound"),
]


@pytest.mark.parametrize(("raw", "evidence", "value", "unit", "bound", "approx"), DURATION_CASES)
def test_duration_sentence(raw, evidence, value, unit, bound, approx) -> None:
    text = normalize_text(raw)
    m = _one(find_durations(text), text, evidence)
    assert (m.value, m.unit, m.bound, m.approx) == (value, unit, bound, approx)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("每年停窑30-50天", id="dash"),
        pytest.param("每年停窑30—50天", id="em-dash"),
        pytest.param("每年停窑30～50天", id="wave"),
        pytest.param("每年停窑30至50天", id="zhi"),
        pytest.param("每年停窑30到50天", id="dao"),
    ],
)
def test_duration_range_gives_both_ends(raw: str) -> None:
    assert [(d.value, d.unit) for d in find_durations(normalize_text(raw))] == [(30, "day"), (50, "day")]


def test_dates_are_not_durations() -> None:
    # 001 / 09: dates with 日 and date ranges
    raw = "自20xx年11月15日0时至次年3月15日24时；11月23日至27日大气扩散条件较差；2021年12月1日-2022年2月28日"
    assert find_durations(normalize_text(raw)) == []


# ---------------------------------------------------------------- properties

_PERCENT_FORMS = st.sampled_from(["{n}%", "{n}％", "百分之{cn}", "{n} %"])
_RATIO_BOUNDS = st.sampled_from(
    [("", None), ("不低于", "min"), ("不超过", "max"), ("不少于", "min"), ("不高于", "max")]
)


@given(
    n=st.integers(1, 99),
    form=_PERCENT_FORMS,
    verb=st.sampled_from(["限产", "减产"]),
    bound=_RATIO_BOUNDS,
    lead=st.sampled_from(["", "被评定为C级的企业，", "钢铁企业"]),
)
def test_any_percentage_reads_as_n_over_100(n: int, form: str, verb: str, bound: tuple, lead: str) -> None:
    word, expected_bound = bound
    raw = lead + verb + word + form.format(n=n, cn=cn2an.an2cn(n))
    found = find_ratios(normalize_text(raw))
    assert [(r.value, r.bound, r.verb) for r in found] == [(n / 100, expected_bound, verb)]


@given(
    n=st.integers(1, 400),
    unit=st.sampled_from([("天", "day"), ("个月", "month"), ("小时", "hour")]),
    cn=st.booleans(),
    bound=st.sampled_from(
        [("", None), ("不少于", "min"), ("不得少于", "min"), ("不超过", "max"), ("至少", "min")]
    ),
)
def test_any_duration_reads_its_value_unit_and_bound(n: int, unit: tuple, cn: bool, bound: tuple) -> None:
    word, expected_bound = bound
    raw = f"停产{word}{cn2an.an2cn(n) if cn else n}{unit[0]}"
    found = find_durations(normalize_text(raw))
    assert [(d.value, d.unit, d.bound) for d in found] == [(n, unit[1], expected_bound)]


# ---------------------------------------------------------------- the whole corpus


def _corpus_texts() -> list[tuple[str, str]]:
    return [(p.name, normalize_text(p.read_text("utf-8"))) for p in sorted(CORPUS.glob("*.txt"))]


@pytest.fixture(scope="module")
def corpus() -> list[tuple[str, str]]:
    return _corpus_texts()


@pytest.mark.parametrize("finder", [find_ratios, find_durations], ids=lambda f: f.__name__)
def test_corpus_mentions_are_sorted_disjoint_and_grounded(corpus, finder) -> None:
    for name, text in corpus:
        mentions = finder(text)
        for a, b in zip(mentions, mentions[1:], strict=False):
            assert a.end <= b.start, (name, a, b)
        for m in mentions:
            assert 0 <= m.start < m.end <= len(text), (name, m)
            assert text[m.start : m.end].strip() == text[m.start : m.end], (name, m)


def test_corpus_every_percent_sign_is_in_a_ratio(corpus) -> None:
    for name, text in corpus:
        covered = {i for r in find_ratios(text) for i in range(r.start, r.end)}
        missed = [text[max(0, i - 10) : i + 1] for i, c in enumerate(text) if c == "%" and i not in covered]
        assert missed == [], name


def test_corpus_ratio_values(corpus) -> None:
    # 001: the 临汾 seed writes these measures (each plan twice, so each value is counted)
    text = dict(corpus)["001_cf0fc4cb60f58962.txt"]
    values = sorted({r.value for r in find_ratios(text) if r.verb == "限产"})
    assert values == [0.2, 0.3, 0.4, 0.5, 0.6, 0.7]


# ---------------------------------------------------------------- data validation


@pytest.mark.parametrize(
    ("path", "bad", "message"),
    [
        (("duration", "units"), [{"word": "周", "unit": "week"}], "units"),
        (("bound", "min_before"), ["不低于", ""], "min_before"),
        (("ratio", "basis_after"), "(以", "basis_after"),
        (("numbers", "range_marks"), ["至于"], "range_marks"),
    ],
    ids=["bad-unit", "blank-bound-word", "bad-pattern", "long-range-mark"],
)
def test_bad_data_entry_is_named(monkeypatch, path, bad, message) -> None:
    import copy

    data = copy.deepcopy(quantities.data())
    data[path[0]][path[1]] = bad
    monkeypatch.setattr(quantities, "data", lambda: data)
    quantities._config.cache_clear()
    try:
        with pytest.raises(quantities.QuantityDataError, match=message):
            quantities._config()
    finally:
        monkeypatch.undo()
        quantities._config.cache_clear()
