"""Grades, tiers and alert levels: data-file examples, real corpus sentences with variants, properties."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.normalize import normalize_text
from extract.recognize import grades
from extract.recognize.grades import find_alerts, find_grades, find_tiers

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
_DATA = grades.data()


def _one(mentions, text: str, evidence: str):
    hits = [m for m in mentions if text[m.start : m.end] == evidence]
    assert hits, f"{evidence!r} not found in {text!r}: {[text[m.start : m.end] for m in mentions]}"
    return hits[0]


# ---------------------------------------------------------------- data-file examples


@pytest.mark.parametrize("ex", _DATA["grade"]["examples"], ids=lambda ex: ex["text"][:24])
def test_grade_data_example(ex: dict) -> None:
    text = normalize_text(ex["text"])
    assert _one(find_grades(text), text, ex["evidence"]).grades == tuple(ex["grades"])


@pytest.mark.parametrize("ex", _DATA["tier"]["examples"], ids=lambda ex: ex["text"][:24])
def test_tier_data_example(ex: dict) -> None:
    text = normalize_text(ex["text"])
    assert _one(find_tiers(text), text, ex["evidence"]).tier == ex["tier"]


@pytest.mark.parametrize("ex", _DATA["alert"]["examples"], ids=lambda ex: ex["text"][:24])
def test_alert_data_example(ex: dict) -> None:
    text = normalize_text(ex["text"])
    m = _one(find_alerts(text), text, ex["evidence"])
    assert (m.level, m.bound) == (ex["level"], ex.get("bound"))


@pytest.mark.parametrize(
    ("finder", "text"),
    [(find_grades, t) for t in _DATA["grade"]["counter_examples"]]
    + [(find_tiers, t) for t in _DATA["tier"]["counter_examples"]]
    + [(find_alerts, t) for t in _DATA["alert"]["counter_examples"]],
    ids=lambda x: getattr(x, "__name__", x),
)
def test_data_counter_example(finder, text: str) -> None:
    assert finder(normalize_text(text)) == []


# ---------------------------------------------------------------- real sentences and variants

GRADE_CASES = [
    # (raw sentence, grades of every mention in order)
    pytest.param("2.被评定为b级的企业，限产20%。", [("B",)], id="001-lower-b"),
    pytest.param("2.被评定为Ｂ级的企业，限产20%。", [("B",)], id="fullwidth-B"),
    pytest.param("被评定为B—级的企业", [("B-",)], id="em-dash-b-minus"),
    pytest.param("被评定为b－级的企业", [("B-",)], id="fullwidth-dash-b-minus"),
    pytest.param("被评定为B–级的企业", [("B-",)], id="en-dash-b-minus"),
    pytest.param(
        "4.被评定为d级和非引领性的企业，错峰停产。", [("D", "非引领性")], id="001-d-and-non-leading"
    ),
    pytest.param("B，B-，C，D级企业", [("B", "B-", "C", "D")], id="fullwidth-commas"),
    pytest.param("A、B及C级企业", [("A", "B", "C")], id="ji-separator"),
    pytest.param(
        "评为A级企业、引领性企业和符合绩效先进性指标企业", [("A",), ("引领性",)], id="20-two-mentions"
    ),
    pytest.param("C级及以上企业", [("A", "B", "C")], id="and-above"),
    pytest.param("绩效分级B类企业", [("B",)], id="05-class-in-context"),
    pytest.param("PM2.5平均浓度", [], id="pm25"),
    pytest.param("生态环境部面向A级企业遴选A+级企业。A+级企业指采用国际领先", [("A",)], id="17-a-plus"),
    pytest.param("AAA级信用企业和A股上市公司", [], id="aaa-and-shares"),
    pytest.param("河北A钢铁有限公司", [], id="enterprise-name"),
    pytest.param("B级以下企业", [("B", "C", "D")], id="below-without-ji"),
]


@pytest.mark.parametrize(("raw", "expected"), GRADE_CASES)
def test_grade_sentence(raw: str, expected: list[tuple[str, ...]]) -> None:
    assert [m.grades for m in find_grades(normalize_text(raw))] == expected


TIER_CASES = [
    pytest.param("ⅱ类：同时满足以下2个条件的，限产30%。", ["II"], id="001-heading"),
    pytest.param("ⅲ类：达不到ⅰ、ⅱ类条件的，全部停产。", ["III", "I", "II"], id="001-list-in-clause"),
    pytest.param("Ⅰ类、Ⅱ类企业", ["I", "II"], id="upper-roman-chars"),
    pytest.param("iii类：以煤为燃料", ["III"], id="latin-lower"),
    pytest.param("III类：以煤为燃料", ["III"], id="latin-upper"),
    pytest.param("第二类：达不到一类条件的", ["II", "I"], id="cn-ordinal-and-clause"),
    pytest.param("一、二类企业", ["I", "II"], id="cn-list"),
    pytest.param("这七类企业可不停产", [], id="05-seven-kinds"),
    pytest.param("把企业分为三类", [], id="three-kinds"),
    pytest.param("一类企业", [], id="a-kind-of-enterprise"),
]


@pytest.mark.parametrize(("raw", "expected"), TIER_CASES)
def test_tier_sentence(raw: str, expected: list[str]) -> None:
    assert [m.tier for m in find_tiers(normalize_text(raw))] == expected


ALERT_CASES = [
    pytest.param(
        "黄色预警减产20%、橙色预警减产30%、红色预警减产50%",
        [("yellow", None), ("orange", None), ("red", None)],
        id="003-three-levels",
    ),
    pytest.param(
        "黄色、橙色、红色预警期间", [("yellow", None), ("orange", None), ("red", None)], id="colour-list"
    ),
    pytest.param("按照不低于橙色预警措施进行生产调控", [("orange", "min")], id="000-not-below"),
    pytest.param("在橙色及以上重污染天气预警期间应停产", [("orange", "min")], id="001-and-above"),
    pytest.param("在重污染天气橙色及以下预警期间", [("orange", "max")], id="05-and-below"),
    pytest.param(
        "在重污染天气期间，PVC手套相关生产线黄色预警减产20%、橙色预警减产30%、红色\n预警减产50%，以生产线计。",
        [("yellow", None), ("orange", None), ("red", None)],
        id="003-broken-line",
    ),
    pytest.param("启动Ⅲ级预警", [("yellow", None)], id="roman-level"),
    pytest.param("启动三级应急响应", [("yellow", None)], id="cn-level"),
    pytest.param("加严一级管控", [], id="001-not-an-alert"),
    pytest.param("红色警示标志", [], id="not-an-alert"),
]


@pytest.mark.parametrize(("raw", "expected"), ALERT_CASES)
def test_alert_sentence(raw: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(m.level, m.bound) for m in find_alerts(normalize_text(raw))] == expected


# ---------------------------------------------------------------- properties

_LETTERS = ["A", "B", "B-", "C", "D"]


@given(
    subset=st.lists(st.sampled_from(_LETTERS), min_size=1, max_size=5, unique=True),
    cases=st.lists(st.booleans(), min_size=5, max_size=5),
    sep=st.sampled_from(["、", ",", "，", "和", "及", "/"]),
    ji_each=st.booleans(),
    lead=st.sampled_from(["被评定为", "对绩效分级为", "", "钢铁行业"]),
)
def test_any_grade_list_gives_its_subset(subset, cases, sep, ji_each, lead) -> None:
    written = [g.lower() if low else g for g, low in zip(subset, cases, strict=False)]
    items = [w + "级" for w in written] if ji_each else [*written[:-1], written[-1] + "级"]
    raw = f"{lead}{sep.join(items)}的企业"
    found = find_grades(normalize_text(raw))
    assert [m.grades for m in found] == [tuple(subset)]


@given(
    n=st.integers(1, 12),
    form=st.sampled_from(["lower-char", "upper-char", "latin-lower", "latin-upper"]),
    after=st.sampled_from(["：", ":", "企业", "条件的"]),
)
def test_any_roman_tier_reads_its_number(n: int, form: str, after: str) -> None:
    roman = grades.data()["tier"]["roman"][n - 1]
    written = {
        "lower-char": chr(0x2170 + n - 1),
        "upper-char": chr(0x2160 + n - 1),
        "latin-lower": roman.lower(),
        "latin-upper": roman,
    }[form]
    if written in ("X", "x"):  # a template blank, never read as a tier
        return
    found = find_tiers(normalize_text(f"达不到{written}类{after}"))
    assert [m.tier for m in found] == [roman]


@given(
    colour=st.sampled_from([("黄色", "yellow"), ("橙色", "orange"), ("红色", "red")]),
    bound=st.sampled_from(
        [("{c}", None), ("不低于{c}", "min"), ("{c}及以上", "min"), ("{c}以上", "min"), ("{c}及以下", "max")]
    ),
    between=st.sampled_from(["", "重污染天气"]),
    lead=st.sampled_from(["在", "按照", "重污染天气", ""]),
)
def test_any_alert_reads_level_and_bound(colour, bound, between, lead) -> None:
    word, level = colour
    raw = lead + bound[0].format(c=word) + between + "预警期间"
    assert [(m.level, m.bound) for m in find_alerts(normalize_text(raw))] == [(level, bound[1])]


# ---------------------------------------------------------------- the whole corpus


@pytest.fixture(scope="module")
def corpus() -> dict[str, str]:
    return {p.name: normalize_text(p.read_text("utf-8")) for p in sorted(CORPUS.glob("*.txt"))}


@pytest.mark.parametrize("finder", [find_grades, find_tiers, find_alerts], ids=lambda f: f.__name__)
def test_corpus_mentions_are_sorted_disjoint_and_grounded(corpus, finder) -> None:
    for name, text in corpus.items():
        mentions = finder(text)
        for a, b in zip(mentions, mentions[1:], strict=False):
            assert a.end <= b.start, (name, a, b)
        for m in mentions:
            assert 0 <= m.start < m.end <= len(text), (name, m)


def test_corpus_001_tiers_cover_i_to_iv(corpus) -> None:
    # the 临汾 seed classes every industry into ⅰ类 … ⅳ类
    assert {m.tier for m in find_tiers(corpus["001_cf0fc4cb60f58962.txt"])} == {"I", "II", "III", "IV"}


def test_corpus_every_grade_letter_with_ji_is_found(corpus) -> None:
    import regex

    pat = regex.compile(r"(?<![A-Za-z0-9.+-])[ABCDabcd]-?级")
    for name, text in corpus.items():
        covered = {i for m in find_grades(text) for i in range(m.start, m.end)}
        missed = [
            text[max(0, x.start() - 6) : x.end() + 2] for x in pat.finditer(text) if x.start() not in covered
        ]
        assert missed == [], name


# ---------------------------------------------------------------- data validation


@pytest.mark.parametrize(
    ("table", "key", "bad", "message"),
    [
        ("grade", "letters", {"A": "A", "E": "E"}, "letters"),
        ("grade", "letters", {"AB": "A"}, "letters"),
        ("tier", "roman", ["I", "2"], "roman"),
        ("alert", "colours", {"蓝色": "blue"}, "colours"),
        ("alert", "tail", [], "tail"),
    ],
    ids=["grade-outside-schema", "two-letters", "not-roman", "blue-alert", "empty-tail"],
)
def test_bad_data_entry_is_named(monkeypatch, table, key, bad, message) -> None:
    data = copy.deepcopy(grades.data())
    data[table][key] = bad
    monkeypatch.setattr(grades, "data", lambda: data)
    grades._config.cache_clear()
    try:
        with pytest.raises(grades.GradeDataError, match=message):
            grades._config()
    finally:
        monkeypatch.undo()
        grades._config.cache_clear()
