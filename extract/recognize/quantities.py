"""Ratios (限产30%, 百分之三十, 三分之二) and durations (停产2.5个月, 九十天, 36小时以上).

Every ratio and every duration in the text is reported, measure or not (产能利用率超过120% is
a ratio too); deciding which ones are measures is the assembler's business. Values are read
with ``Decimal`` (Arabic digits) and :mod:`extract.recognize.numerals` (Chinese numerals;
cn2an only for rare forms). The words around a quantity give its bound (不低于 / 以上 →
``min``, 不超过 / 以内 → ``max``), whether it is approximate (约, 左右), and for ratios the measure word before it (限产, 减产 …) and the stated basis
(以企业数量计, 不低于<上一年同期粗钢产量>的30%). All these words are listed in
``extract/data/quantities.toml``.

A mention's span covers the quantity with its bound and approximation words and, for
"不低于<basis>的30%", the basis written before it; the measure word and a basis written after
the ratio are not part of the span.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import cache

import regex

from extract.core import datafiles
from extract.core.errors import DataError
from extract.recognize.numerals import cn_number

_GAP_BREAK = regex.compile(r"[,。;:\n]")

_DATA_FILE = "quantities.toml"
_UNITS = ("day", "month", "hour")
_WINDOW = 40  # how far back the words before a quantity are read
_MAX_WORD = 8  # the longest context word (bound, filler, measure word, cue) looked up
_PUNCT = ",.。;:、!?()《》“”\"'\n\t"


@dataclass(frozen=True, slots=True)
class RatioMention:
    start: int
    end: int
    value: float  # a fraction: 30% → 0.3, 三分之二 → 0.6667; may exceed 1 (120%)
    bound: str | None  # 'min' | 'max' | None
    approx: bool
    basis: str | None  # the stated basis as written (以企业数量计, 上一年同期粗钢产量)
    verb: str | None  # the measure word next to it as written (限产, 减产, 错峰 …)


@dataclass(frozen=True, slots=True)
class DurationMention:
    start: int
    end: int
    value: float
    unit: str  # 'day' | 'month' | 'hour'
    bound: str | None
    approx: bool


@dataclass(frozen=True)
class _Unit:
    unit: str
    needs_ge: bool
    needs_cue: bool
    not_before: frozenset[str]


@dataclass(frozen=True)
class _Config:
    ratio: regex.Pattern[str]
    duration: regex.Pattern[str]
    range_before: regex.Pattern[str]
    before: dict[str, str]  # word → 'min' | 'max' | 'approx' | 'filler'
    after: dict[str, str]  # word → 'min' | 'max' | 'approx'
    approx_not: frozenset[str]
    verbs: frozenset[str]
    basis_after: regex.Pattern[str]
    basis_before: regex.Pattern[str]
    basis_share_gap: int
    units: dict[str, _Unit]
    cues: frozenset[str]
    more: frozenset[str]


class QuantityDataError(DataError):
    """quantities.toml holds an entry that cannot be used; the message names it."""


def _alt(words: list[str] | tuple[str, ...] | frozenset[str]) -> str:
    return datafiles.alternation(tuple(words))


def _words(data: dict, table: str, key: str) -> list[str]:
    return datafiles.word_list(_DATA_FILE, data, table, key, QuantityDataError, max_len=_MAX_WORD, unique=False)


def data() -> dict:
    """The raw data file (examples and counter-examples are read by the tests)."""
    return datafiles.load(_DATA_FILE)


def _compile(name: str, pattern: str) -> regex.Pattern[str]:
    return datafiles.compile_pattern(_DATA_FILE, name, pattern, QuantityDataError)


@cache
def _config() -> _Config:
    d = data()
    cn = d["numbers"]["cn_digits"]
    if not isinstance(cn, str) or not cn or any(c.isascii() for c in cn):
        raise QuantityDataError(f"{_DATA_FILE}: [numbers].cn_digits must be Chinese numeral characters")
    not_after: dict[str, str] = {}
    for key in ("cn_not_after", "arabic_not_after", "range_marks"):
        words = _words(d, "numbers", key)
        if any(len(w) != 1 for w in words):
            raise QuantityDataError(f"{_DATA_FILE}: [numbers].{key}: entries must be single characters")
        not_after[key] = regex.escape("".join(words))

    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for key, kind, table in (
        ("min_before", "min", before),
        ("max_before", "max", before),
        ("min_after", "min", after),
        ("max_after", "max", after),
    ):
        for w in _words(d, "bound", key):
            if w in table:
                raise QuantityDataError(f"{_DATA_FILE}: [bound].{key}: {w!r} is listed twice")
            table[w] = kind
    for w in _words(d, "approx", "before"):
        before.setdefault(w, "approx")
    for w in _words(d, "approx", "after"):
        after.setdefault(w, "approx")
    for w in _words(d, "filler", "before"):
        if w in before:
            raise QuantityDataError(
                f"{_DATA_FILE}: [filler].before: {w!r} is also a bound or approximation word"
            )
        before[w] = "filler"

    verbs = frozenset(_words(d, "ratio", "verbs"))
    basis_after = _compile(
        "[ratio].basis_after",
        rf"(?:{d['ratio']['basis_after_lead']})(?P<basis>{d['ratio']['basis_after']})",
    )
    bound_words = [w for w, k in before.items() if k in ("min", "max")]
    kw = _alt(bound_words + sorted(verbs))
    n = int(d["ratio"]["basis_before_max"])
    basis_before = _compile(
        "[ratio].basis_before_max",
        rf"(?:{kw})(?P<basis>(?:(?!{kw})[^{regex.escape(_PUNCT)}]){{1,{n}}})的$",
    )

    units: dict[str, _Unit] = {}
    nb = d["duration"].get("unit_not_before", {})
    for entry in d["duration"]["units"]:
        word, unit = entry.get("word"), entry.get("unit")
        if not word or unit not in _UNITS:
            raise QuantityDataError(
                f"{_DATA_FILE}: [duration].units: bad entry {entry!r} (unit must be one of {_UNITS})"
            )
        units[word] = _Unit(
            unit, bool(entry.get("needs_ge")), bool(entry.get("needs_cue")), frozenset(nb.get(word, ()))
        )
    for word in nb:
        if word not in units:
            raise QuantityDataError(f"{_DATA_FILE}: [duration].unit_not_before: {word!r} is not a unit word")
    more = frozenset(_words(d, "duration", "more"))

    cnum = rf"[{cn}]+(?:点[{cn}]+)?"
    anum = r"\d+(?:\.\d+)?"
    ar_start = rf"(?<![\d.A-Za-z{not_after['arabic_not_after']}])"
    cn_start = rf"(?<![{cn}{not_after['cn_not_after']}])"
    ratio = regex.compile(
        rf"百分之(?P<pct_cn>{anum}|{cnum})"
        rf"|千分之(?P<pml>{anum}|{cnum})"
        rf"|{cn_start}(?P<den>{cnum})分之(?P<num>{cnum})"
        rf"|{ar_start}(?P<pct>{anum})%"
        rf"|{cn_start}(?P<pct_cn2>{cnum})%"
        rf"|(?:{ar_start}(?P<cheng>\d+)|{cn_start}(?P<cheng_cn>[一二两三四五六七八九十]))成"
    )
    unit_alt = _alt(list(units))
    more_alt = _alt(more)
    duration = regex.compile(
        rf"(?:{ar_start}(?P<ar>{anum})|{cn_start}(?P<cn>{cnum}))"
        rf"(?P<more>{more_alt})?(?P<ge>个)?(?P<more2>{more_alt})?(?P<half>半)?(?P<ge2>个)?(?P<unit>{unit_alt})"
        rf"|(?<![{cn}{not_after['cn_not_after']}])(?P<half0>半)(?P<ge0>个)?(?P<unit0>{unit_alt})"
    )
    range_before = regex.compile(
        rf"(?:{ar_start}(?P<ar>{anum})|{cn_start}(?P<cn>{cnum}))(?:个)?[{not_after['range_marks']}]$"
    )
    gap = int(d["ratio"]["basis_share_gap"])
    return _Config(
        ratio=ratio,
        duration=duration,
        range_before=range_before,
        before=before,
        after=after,
        approx_not=frozenset(_words(d, "approx", "before_not")),
        verbs=verbs,
        basis_after=basis_after,
        basis_before=basis_before,
        basis_share_gap=gap,
        units=units,
        cues=frozenset(_words(d, "duration", "cues")),
        more=more,
    )


# ---------------------------------------------------------------- numbers


def _number(s: str) -> Decimal | None:
    """An Arabic or Chinese numeral as a Decimal (None when it is not a number)."""
    if s[0].isdigit():
        try:
            return Decimal(s)
        except InvalidOperation:
            return None
    try:
        return Decimal(str(cn_number(s)))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


# ---------------------------------------------------------------- context


def _longest_suffix(text: str, lo: int, end: int, words: dict[str, str] | frozenset[str]) -> str | None:
    for n in range(min(_MAX_WORD, end - lo), 0, -1):
        w = text[end - n : end]
        if w in words:
            return w
    return None


def _longest_prefix(text: str, start: int, words: dict[str, str] | frozenset[str]) -> str | None:
    for n in range(min(_MAX_WORD, len(text) - start), 0, -1):
        w = text[start : start + n]
        if w in words:
            return w
    return None


@dataclass
class _Before:
    span_start: int
    bound: str | None = None
    approx: bool = False
    basis: str | None = None
    rest_end: int = 0  # where a measure word would end


def _line_start(text: str, pos: int) -> int:
    lo = max(0, pos - _WINDOW)
    nl = text.rfind("\n", lo, pos)
    return nl + 1 if nl >= 0 else lo


def _read_before(text: str, pos: int, cfg: _Config, *, basis: bool) -> _Before:
    """Bound, approximation and (for ratios) a 的-basis written right before ``pos``."""
    lo = _line_start(text, pos)
    out = _Before(span_start=pos)
    end = pos
    if basis and end > lo and text[end - 1] == "的":
        m = cfg.basis_before.search(text, lo, end)
        if m:
            out.basis = m.group("basis")
            out.span_start = end = m.start("basis")
    for _ in range(6):
        w = _longest_suffix(text, lo, end, cfg.before)
        if w is None:
            break
        kind = cfg.before[w]
        if kind == "approx" and _longest_suffix(text, lo, end, cfg.approx_not):
            break
        end -= len(w)
        if kind == "approx":
            out.approx = True
            out.span_start = end
        elif kind != "filler":
            out.bound = out.bound or kind
            out.span_start = end
    out.rest_end = end
    return out


def _read_after(text: str, pos: int, cfg: _Config) -> tuple[int, str | None, bool]:
    """(span end, bound, approx) from the words right after ``pos`` (左右, 以上 …)."""
    bound, approx = None, False
    for _ in range(3):
        w = _longest_prefix(text, pos, cfg.after)
        if w is None:
            break
        kind = cfg.after[w]
        if kind == "approx":
            approx = True
        else:
            bound = bound or kind
        pos += len(w)
    return pos, bound, approx


# ---------------------------------------------------------------- ratios


def _ratio_value(m: regex.Match[str]) -> tuple[Decimal | None, bool]:
    """(value as a fraction, whether it is an N成 ratio)."""
    g = m.groupdict()
    if g["pct"] or g["pct_cn"] or g["pct_cn2"]:
        n = _number(g["pct"] or g["pct_cn"] or g["pct_cn2"])
        return (n / 100 if n is not None else None), False
    if g["pml"]:
        n = _number(g["pml"])
        return (n / 1000 if n is not None else None), False
    if g["den"]:
        den, num = _number(g["den"]), _number(g["num"])
        if not den or num is None:
            return None, False
        return round(num / den, 4), False
    n = _number(g["cheng"] or g["cheng_cn"])
    return (n / 10 if n is not None else None), True


def _ratio(text: str, start: int, end: int, value: Decimal, cfg: _Config) -> RatioMention:
    pre = _read_before(text, start, cfg, basis=True)
    span_end, after_bound, after_approx = _read_after(text, end, cfg)
    verb = _longest_suffix(text, _line_start(text, pre.rest_end), pre.rest_end, cfg.verbs)
    if verb is None:
        verb = _longest_prefix(text, span_end, cfg.verbs)
    basis = pre.basis
    if basis is None:
        m = cfg.basis_after.match(text, span_end)
        if m:
            basis = m.group("basis")
    return RatioMention(
        start=pre.span_start,
        end=span_end,
        value=float(value),
        bound=pre.bound or after_bound,
        approx=pre.approx or after_approx,
        basis=basis,
        verb=verb,
    )


def find_ratios(text: str) -> list[RatioMention]:
    """Every ratio in ``text`` (30%, 百分之三十, 三分之二, 三成 after a measure word), in order.

    >>> [(r.value, r.bound, r.verb) for r in find_ratios("错峰生产比例不低于30%")]
    [(0.3, 'min', '错峰生产')]
    """
    cfg = _config()
    out: list[RatioMention] = []
    for m in cfg.ratio.finditer(text):
        value, cheng = _ratio_value(m)
        if value is None or (cheng and _longest_suffix(text, 0, m.start(), cfg.verbs) is None):
            continue
        mention = _ratio(text, m.start(), m.end(), value, cfg)
        if m.group("pct"):
            first = _range_first(text, m.start(), Decimal(m.group("pct")), cfg)
            if first is not None:
                s, e, v = first
                head = _ratio(text, s, e, v / 100, cfg)
                if not out or out[-1].end <= head.start:
                    out.append(head)
                if mention.verb is None and mention.start == m.start():
                    mention = replace(mention, verb=head.verb)
        if out and out[-1].end > mention.start:
            continue
        out.append(mention)
    return _share_basis(text, out, cfg)


def _range_first(text: str, pos: int, second: Decimal, cfg: _Config) -> tuple[int, int, Decimal] | None:
    """The first number of a range ending at ``pos`` ("20-" before "30%"), when smaller."""
    lo = max(0, pos - 12)
    m = cfg.range_before.search(text, lo, pos)
    if m is None:
        return None
    n = _number(m.group("ar") or m.group("cn"))
    if n is None or n >= second:
        return None
    g = "ar" if m.group("ar") else "cn"
    return m.start(g), m.end(g), n


def _share_basis(text: str, mentions: list[RatioMention], cfg: _Config) -> list[RatioMention]:
    """A basis written after the last of several ratios in one enumeration applies to all."""
    for i in range(len(mentions) - 2, -1, -1):
        a, b = mentions[i], mentions[i + 1]
        if a.basis is None and b.basis is not None:
            gap = text[a.end : b.start]
            if len(gap) <= cfg.basis_share_gap and not _GAP_BREAK.search(gap):
                mentions[i] = replace(a, basis=b.basis)
    return mentions


# ---------------------------------------------------------------- durations


def find_durations(text: str) -> list[DurationMention]:
    """Every duration in days, months or hours (90天, 2.5个月, 九十天, 36小时以上), in order.

    >>> [(d.value, d.unit, d.bound) for d in find_durations("停窑时间不少于90天")]
    [(90.0, 'day', 'min')]
    """
    cfg = _config()
    out: list[DurationMention] = []
    for m in cfg.duration.finditer(text):
        word = m.group("unit") or m.group("unit0")
        unit = cfg.units[word]
        if m.end() < len(text) and text[m.end()] in unit.not_before:
            continue
        if unit.needs_ge and not (m.group("ge") or m.group("ge2") or m.group("ge0")):
            continue
        if m.group("half0"):
            value: Decimal | None = Decimal("0.5")
        else:
            value = _number(m.group("ar") or m.group("cn"))
            if value is not None and m.group("half"):
                value += Decimal("0.5")
        if value is None:
            continue
        pre = _read_before(text, m.start(), cfg, basis=False)
        if unit.needs_cue and pre.bound is None and _longest_suffix(text, 0, pre.rest_end, cfg.cues) is None:
            continue
        end, after_bound, after_approx = _read_after(text, m.end(), cfg)
        more = bool(m.group("more") or m.group("more2"))
        mention = DurationMention(
            start=pre.span_start,
            end=end,
            value=float(value),
            unit=unit.unit,
            bound=pre.bound or after_bound or ("min" if more else None),
            approx=pre.approx or after_approx or more,
        )
        first = _range_first(text, m.start(), value, cfg)
        if first is not None:
            s, e, v = first
            head_pre = _read_before(text, s, cfg, basis=False)
            if not out or out[-1].end <= head_pre.span_start:
                out.append(
                    DurationMention(
                        head_pre.span_start, e, float(v), unit.unit, head_pre.bound, head_pre.approx
                    )
                )
        if out and out[-1].end > mention.start:
            continue
        out.append(mention)
    return out
