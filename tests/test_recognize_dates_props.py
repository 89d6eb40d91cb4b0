"""Property tests: any heating-season date range, written in any range style, normalises and
parses to the same (start, end)."""

from __future__ import annotations

import calendar

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.normalize import normalize_text
from extract.recognize.dates import find_dates, find_periods

CONNECTORS = ["至", "-", "—", "－", "–", "~", "～", "〜", "到"]
# (before the start, between start and end, after the end); {c} is the connector
FRAMES = [
    ("", "{c}", ""),
    ("自", "至", ""),
    ("从", "到", ""),
    ("自", "起至", "止"),
    ("", "起至", "止"),
    ("从", "{c}", ""),
]
HOURS = [("", ""), ("0时", "24时"), ("00时", "24时"), ("零时", "24时"), ("00:00", "24:00"), ("0点", "24点")]
NEXT_YEAR_WORDS = ["次年", "翌年", "来年", "下一年"]
NUMERIC_SEPARATORS = [".", "/", "-"]


_CN = "〇一二三四五六七八九"


def _cn(n: int, year: bool = False) -> str:
    """2021 → 二〇二一 (a year), 11 → 十一, 20 → 二十, 31 → 三十一."""
    if year:
        return "".join(_CN[int(c)] for c in str(n))
    tens, ones = divmod(n, 10)
    return ("" if tens < 2 else _CN[tens]) + ("十" if tens else "") + (_CN[ones] if ones else "")


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() or c in ":./-" else c for c in s)


@st.composite
def ranges(draw) -> tuple[str, str, str]:
    """(raw range text, expected start, expected end) for a range from Sep–Dec to Jan–Apr, in one
    of the range styles, with or without hours, Arabic / full-width / Chinese numerals."""
    y = draw(st.integers(2015, 2030))
    m1, m2 = draw(st.integers(9, 12)), draw(st.integers(1, 4))
    d1 = draw(st.integers(1, calendar.monthrange(y, m1)[1]))
    d2 = draw(st.integers(1, calendar.monthrange(y + 1, m2)[1]))
    want = (f"{y}-{m1:02d}-{d1:02d}", f"{y + 1}-{m2:02d}-{d2:02d}")
    before, between, after = draw(st.sampled_from(FRAMES))
    between = between.format(c=draw(st.sampled_from(CONNECTORS)))
    numeric = draw(st.booleans()) and between != "至" or between in "-—－–~～〜" and draw(st.booleans())
    if numeric and "起" not in between:
        sep = draw(st.sampled_from(NUMERIC_SEPARATORS))
        h1, h2 = draw(st.sampled_from([("", ""), (" 00:00", " 24:00")]))
        a = f"{y}{sep}{m1:02d}{sep}{d1:02d}{h1}"
        b = f"{y + 1}{sep}{m2:02d}{sep}{d2:02d}{h2}"
        if between == "-" and sep == "-" and not h2:
            between = "至"
    else:
        h1, h2 = draw(st.sampled_from(HOURS))
        end_year = draw(st.sampled_from([f"{y + 1}年", *NEXT_YEAR_WORDS]))
        space = draw(st.sampled_from(["", " "]))
        if draw(st.booleans()):  # Chinese numerals (二〇二一年十一月十五日)
            end_year = end_year if end_year[0] not in "0123456789" else f"{_cn(y + 1, True)}年"
            a = f"{_cn(y, True)}年{_cn(m1)}月{_cn(d1)}日{h1}"
            b = f"{end_year}{_cn(m2)}月{_cn(d2)}日{h2}"
        else:
            a = space.join([f"{y}年", f"{m1}月", f"{d1}日{h1}"])
            b = space.join([end_year, f"{m2}月", f"{d2}日{h2}"])
    raw = f"{before}{a}{between}{b}{after}"
    if draw(st.booleans()):
        raw = _fullwidth(raw)
    return f"实施时间为{raw},对全市企业实施错峰生产。", *want


@settings(max_examples=300, deadline=None)
@given(ranges())
def test_any_range_style_parses_to_the_same_dates(case: tuple[str, str, str]) -> None:
    raw, start, end = case
    periods = find_periods(normalize_text(raw))
    assert [(p.start_date, p.end_date) for p in periods] == [(start, end)], raw


@settings(max_examples=150, deadline=None)
@given(
    st.integers(9, 12),
    st.integers(1, 28),
    st.integers(1, 4),
    st.integers(1, 28),
    st.sampled_from(CONNECTORS),
    st.sampled_from(["20xx", "20XX", "20__", "20_"]),
)
def test_template_ranges_are_relative(m1: int, d1: int, m2: int, d2: int, conn: str, tmpl: str) -> None:
    raw = f"{tmpl}年{m1}月{d1}日{conn}{tmpl}年{m2}月{d2}日"
    (p,) = find_periods(normalize_text(raw))
    assert (p.start_date, p.end_date, p.template) == (f"Y0-{m1:02d}-{d1:02d}", f"Y1-{m2:02d}-{d2:02d}", True)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(2015, 2030),
    st.integers(9, 12),
    st.integers(1, 28),
    st.integers(1, 4),
    st.integers(1, 28),
    st.sampled_from(NEXT_YEAR_WORDS),
)
def test_next_year_counts_from_the_season(y: int, m1: int, d1: int, m2: int, d2: int, word: str) -> None:
    raw = f"自{m1}月{d1}日至{word}{m2}月{d2}日"
    (p,) = find_periods(normalize_text(raw), season_start=y, year_hint=2000)
    assert (p.start_date, p.end_date) == (f"{y}-{m1:02d}-{d1:02d}", f"{y + 1}-{m2:02d}-{d2:02d}")


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789年月日时至-~.:/次起止前自从xX_ ,;、", max_size=60))
def test_mentions_never_overlap(raw: str) -> None:
    text = normalize_text(raw)
    for found in (find_dates(text), find_periods(text)):
        spans = [(m.start, m.end) for m in found]
        assert spans == sorted(spans)
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
        assert all(0 <= s < e <= len(text) for s, e in spans)
