"""Emission limits: data-file examples, real sentences from corpus/001 with raw variants,
and a property: any pollutant list paired with any values reads back as the same pairs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.normalize import normalize_text
from extract.recognize.emissions import data, find_emission_limits
from tests.conftest import corpus_text

DATA = data()


def _pairs(raw: str) -> list[tuple[str, float, float | None, str | None]]:
    return [(m.pollutant, m.value, m.o2_ref_pct, m.bound) for m in find_emission_limits(normalize_text(raw))]


# ---------------------------------------------------------------- data-file examples

@pytest.mark.parametrize("ex", DATA["example"], ids=lambda ex: ex["text"][:24])
def test_data_example(ex: dict) -> None:
    expected = [(p, float(v), ex.get("o2"), ex.get("bound")) for p, v in ex["limits"]]
    assert _pairs(ex["text"]) == expected


@pytest.mark.parametrize("raw", DATA["counter"]["examples"])
def test_data_counter_example(raw: str) -> None:
    assert _pairs(raw) == []


POLLUTANT_EXAMPLES = [(e["name"], ex) for e in DATA["pollutant"] for ex in e["examples"]]


@pytest.mark.parametrize(("name", "raw"), POLLUTANT_EXAMPLES, ids=[r for _, r in POLLUTANT_EXAMPLES])
def test_pollutant_example(name: str, raw: str) -> None:
    (m,) = find_emission_limits(normalize_text(raw))
    assert (m.pollutant, m.unit) == (name, "mg/m3")


# ---------------------------------------------------------------- real sentences (corpus/001)

P3 = ("颗粒物", "二氧化硫", "氮氧化物")
REAL = [
    ("001-方案七-火电-ⅰ类",
     "⑴烟气主要污染物颗粒物、so2、nox排放浓度分别在基准氧含量6%的条件下不高于5、35、50mg/m3标准。",
     (5, 35, 50), 6.0),
    ("001-方案七-水泥-ⅰ类",
     "⑴完成超低排放改造，水泥窑烟气颗粒物、二氧化硫、氮氧化物排放浓度分别在基准氧含量10%的条件下不高于10、50、150mg/m3的标准；",
     (10, 50, 150), 10.0),
    ("001-方案七-石灰窑-ⅰ类",
     "⑴满足《临汾市工业炉窑综合治理方案》（临气指办发〔20xx〕21号）要求，颗粒物、二氧化硫、氮氧化物排放限值分别达到30、200、300mg/m3；",
     (30, 200, 300), None),
    ("001-方案七-炭黑-ⅰ类",
     "ⅰ类：满足《临汾市工业炉窑综合治理方案》（临气指办发〔20xx〕21号）要求，颗粒物、二氧化硫、氮氧化物排放限值分别达到30、200、300mg/m3的，20xx年12月1日至20xx年2月29日停产。",
     (30, 200, 300), None),
    ("001-方案九-铸造",
     "铸造企业：铸造熔炼设备（含铸造用生铁高炉）采暖期实施停产，满足达标排放要求的.电炉、天然气炉，以及安装烟气排放自动监控设施，且颗粒物、二氧化硫、氮氧化物排放浓度稳定达到20、100、150毫克/立方米的铸造熔炼设备，可不予限产；",
     (20, 100, 150), None),
]


@pytest.mark.parametrize(("raw", "values", "o2"), [r[1:] for r in REAL], ids=[r[0] for r in REAL])
def test_real_sentence(raw: str, values: tuple[int, ...], o2: float | None) -> None:
    text = normalize_text(raw)
    got = find_emission_limits(text)
    assert [(m.pollutant, m.value, m.o2_ref_pct, m.bound, m.unit) for m in got] == [
        (p, float(v), o2, "max", "mg/m3") for p, v in zip(P3, values, strict=True)
    ]
    # each limit's own number is its evidence; the statement span is shared
    assert [text[m.value_start : m.value_end] for m in got] == [str(v) for v in values]
    assert len({(m.start, m.end) for m in got}) == 1
    assert text[got[0].start : got[0].end].startswith("颗粒物")


def test_corpus_001_limits() -> None:
    """Every statement of seed 001 reads as three limits, none left over."""
    text = normalize_text(corpus_text("001_"))
    got = find_emission_limits(text)
    statements = {(m.start, m.end) for m in got}
    assert len(got) == 3 * len(statements)
    assert text.count("mg/m3") + text.count("毫克/立方米") == len(statements)
    assert {(m.pollutant, m.value, m.o2_ref_pct) for m in got} == {
        ("颗粒物", 5.0, 6.0), ("二氧化硫", 35.0, 6.0), ("氮氧化物", 50.0, 6.0),
        ("颗粒物", 10.0, 10.0), ("二氧化硫", 50.0, 10.0), ("氮氧化物", 150.0, 10.0),
        ("颗粒物", 30.0, None), ("二氧化硫", 200.0, None), ("氮氧化物", 300.0, None),
        ("颗粒物", 20.0, None), ("二氧化硫", 100.0, None), ("氮氧化物", 150.0, None),
    }


# ---------------------------------------------------------------- raw variants

VARIANTS = [
    ("half-width", "颗粒物、so2、nox排放浓度分别在基准氧含量6%的条件下不高于5、35、50mg/m3标准"),
    ("full-width", "颗粒物、ｓｏ２、ｎｏｘ排放浓度分别在基准氧含量６％的条件下不高于５、３５、５０ｍｇ/ｍ３标准"),
    ("upper-case", "颗粒物、SO2、NOx排放浓度分别在基准氧含量6%的条件下不高于5、35、50mg/m3标准"),
    ("NOX", "颗粒物、SO2、NOX排放浓度分别在基准氧含量6%的条件下不高于5、35、50mg/Nm3标准"),
    ("subscript", "颗粒物、SO₂、NOₓ排放浓度分别在基准氧含量6%的条件下不高于5、35、50mg/m³标准"),
    ("chinese-names", "颗粒物、二氧化硫、氮氧化物排放浓度分别在基准氧含量6%的条件下不高于5、35、50毫克/立方米"),
    ("standard-m3", "颗粒物、二氧化硫、氮氧化物排放浓度分别在基准氧含量6%的条件下不高于5、35、50毫克/标准立方米"),
    ("spaces", "颗粒物、二氧化硫、氮氧化物排放浓度分别在基准氧含量 6% 的条件下不高于 5、 35、 50 mg/m3"),
    ("o2-after", "颗粒物、二氧化硫、氮氧化物排放浓度分别不高于5、35、50mg/m3(基准氧含量6%)"),
    ("o2-after-full-width", "颗粒物、二氧化硫、氮氧化物排放浓度分别不高于5、35、50mg/m3（基准氧含量6％）"),
    ("o2-before", "在基准氧含量6%的条件下，颗粒物、二氧化硫、氮氧化物排放浓度分别不超过5、35、50mg/m3"),
    ("unit-each", "颗粒物、二氧化硫、氮氧化物排放浓度分别不高于5mg/m3、35mg/m3、50mg/m3(基准含氧量6%)"),
    ("dust-alias", "烟尘、二氧化硫、氮氧化物排放浓度分别在基准氧含量6%的条件下低于5、35、50mg/m3"),
]


@pytest.mark.parametrize("raw", [v[1] for v in VARIANTS], ids=[v[0] for v in VARIANTS])
def test_variant(raw: str) -> None:
    assert _pairs(raw) == [("颗粒物", 5.0, 6.0, "max"), ("二氧化硫", 35.0, 6.0, "max"), ("氮氧化物", 50.0, 6.0, "max")]


MISMATCHED = [
    ("3-pollutants-2-values", "颗粒物、二氧化硫、氮氧化物排放浓度分别不高于10、50mg/m3"),
    ("2-pollutants-3-values", "二氧化硫、氮氧化物排放浓度分别不高于10、35、50mg/m3"),
    ("tail-of-a-longer-list", "颗粒物、二氧化硫、氮氧化物排放浓度分别在基准氧含量10%的条件下,经过五十多个字的说明之后,才写到限值,不高于35、50mg/m3"),
]


@pytest.mark.parametrize("raw", [m[1] for m in MISMATCHED], ids=[m[0] for m in MISMATCHED])
def test_mismatched_counts_give_nothing(raw: str) -> None:
    assert _pairs(raw) == []


# ---------------------------------------------------------------- property

ALIASES = {
    "颗粒物": ["颗粒物", "烟尘"],
    "二氧化硫": ["二氧化硫", "SO2", "so2", "SO₂"],
    "氮氧化物": ["氮氧化物", "NOx", "nox", "NOX"],
    "挥发性有机物": ["VOCs", "vocs", "挥发性有机物"],
    "氟化物": ["氟化物"],
    "一氧化碳": ["一氧化碳", "CO"],
}
UNITS = ["mg/m3", "mg/m³", "mg/Nm3", "mg/Nm³", "毫克/立方米", "毫克/标准立方米"]
VALUE = st.one_of(st.integers(1, 999).map(float), st.integers(1, 9999).map(lambda n: n / 10))


def _num(v: float) -> str:
    return str(int(v)) if v.is_integer() else str(v)


@st.composite
def statements(draw):
    names = draw(st.lists(st.sampled_from(sorted(ALIASES)), min_size=1, max_size=5, unique=True))
    written = [draw(st.sampled_from(ALIASES[n])) for n in names]
    values = draw(st.lists(VALUE, min_size=len(names), max_size=len(names)))
    o2 = draw(st.one_of(st.none(), st.integers(3, 18).map(float)))
    where = draw(st.sampled_from(["gap", "after", "before"]))
    unit = draw(st.sampled_from(UNITS))
    bound = draw(st.sampled_from(["不高于", "不超过", "低于", "稳定达到"]))
    sep = draw(st.sampled_from(["、", ","]))
    o2_text = f"基准氧含量{_num(o2)}%" if o2 is not None else ""
    head = f"在{o2_text}的条件下," if o2 is not None and where == "before" else ""
    gap = f"分别在{o2_text}的条件下" if o2 is not None and where == "gap" else "分别"
    tail = f"({o2_text})" if o2 is not None and where == "after" else ""
    raw = f"{head}{sep.join(written)}排放浓度{gap}{bound}{'、'.join(map(_num, values))}{unit}{tail}。"
    return raw, list(zip(names, values, strict=True)), o2


@given(statements())
def test_any_statement_pairs_in_order(case) -> None:
    raw, pairs, o2 = case
    got = find_emission_limits(normalize_text(raw))
    assert [(m.pollutant, m.value) for m in got] == pairs
    assert {m.o2_ref_pct for m in got} == {o2}
    assert {m.bound for m in got} == {"max"}


@given(statements())
def test_dropping_a_value_gives_nothing(case) -> None:
    raw, pairs, _ = case
    if len(pairs) < 2:
        return
    last = _num(pairs[-1][1])
    cut = raw.replace("、" + last, "", 1) if "、" + last in raw else raw
    if cut == raw:
        return
    assert find_emission_limits(normalize_text(cut)) == []


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        ("烧结机头颗粒物、SO2、NOx日均浓度分别控制在5、5、35毫克/立方米以下(基准含氧量16%)",
         [("颗粒物", 5.0, 16.0), ("二氧化硫", 5.0, 16.0), ("氮氧化物", 35.0, 16.0)]),
        ("燃煤锅炉颗粒物、SO 2、 NO x日均浓度分别控制在5、20、40毫克/立方米以下",
         [("颗粒物", 5.0, None), ("二氧化硫", 20.0, None), ("氮氧化物", 40.0, None)]),
        ("其他锅炉颗粒物、S0 2、NO x 日均浓度分别控制在10、35、50mg/m3以内(基准氧含量9%)",
         [("颗粒物", 10.0, 9.0), ("二氧化硫", 35.0, 9.0), ("氮氧化物", 50.0, 9.0)]),
    ],
    ids=["o2-after-yixia", "spaced-formulas", "zero-for-o-and-yinei"],
)
def test_limits_with_a_bound_word_before_the_oxygen_note_and_spaced_formulas(sentence: str, want: list) -> None:
    from extract.normalize import normalize_text
    from extract.recognize.emissions import find_emission_limits

    got = [(x.pollutant, x.value, x.o2_ref_pct) for x in find_emission_limits(normalize_text(sentence))]
    assert got == want

def test_a_text_without_a_unit_word_does_not_build_the_grammar() -> None:
    from extract.recognize import emissions

    emissions._grammar.cache_clear()
    assert emissions.find_emission_limits("唐山市钢铁企业B级限产30%,颗粒物、二氧化硫10、35。") == []
    assert emissions._grammar.cache_info().currsize == 0  # 15 ms of compiles a notice without limits skips
    found = emissions.find_emission_limits("颗粒物、二氧化硫10、35MG/M3。")  # the unit in any case
    assert [(f.pollutant, f.value, f.unit) for f in found] == [("颗粒物", 10.0, "mg/m3"), ("二氧化硫", 35.0, "mg/m3")]
