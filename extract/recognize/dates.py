"""Dates (2021年11月15日, 20xx年3月底, 2021-11-15) and control periods (date ranges, open
starts, deadlines) in normalised text, and the season a notice governs.

One pass of a date pattern finds every date; a range is two dates joined by a connector
(至, 到, -, ~, 起至 …), optionally opened by 自/从 and closed by 止. Years are resolved
range by range:

- a written year (2021年) is kept as written, even when it disagrees with the season;
- an end without a year takes the start's (次年/翌年/来年 or an end earlier in the
  calendar than the start add one), a start without a year takes the end's;
- otherwise a date without a year takes it from an earlier written year in the same
  sentence (…2025年4月30日;6月1日至6月30日), else from the season (months ≥ 7 →
  its first year, < 7 → its second), else from ``year_hint`` — except a range written
  "11月15日至次年3月15日" with no year at all: that is how a standing rule describes any
  season, so the issue year does not anchor it;
- template years (20xx年), recurring ranges (每年…) and dates with nothing to go by are
  relative: ``Y0`` the season's first year, ``Y1`` the next. A range that passes the new
  year runs Y0 → Y1; one within January–June is Y1; any other is Y0.

The word lists are in ``extract/data/dates.toml``; labels and scopes are read by
``extract.recognize.periods``.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex

from extract.core import datafiles
from extract.core.errors import DataError
from extract.recognize import periods as ctx

_DATA_FILE = "dates.toml"
_LIST_GAP = regex.compile(r"[;、,和及\s]*")  # what may stand between two ranges of one list
_DAY_LIST_GAP = regex.compile(r"\s*[、,和及]\s*")  # between the days of one list (7月26日、27日、28日)
_SENTENCE_END = ("。", "\n")


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    year: int | None  # absolute year when written or inferable
    rel_year: int | None  # 0 / 1: year relative to the season (template, or nothing to go by)
    month: int
    day: int  # resolved: 3月底 → the month's last day; 24时 stays on the same day
    hour: int | None
    template: bool  # year written as 20xx / 20XX / 20__ / 20_

    def iso(self) -> str:
        """``YYYY-MM-DD``, or ``Y0-MM-DD`` / ``Y1-MM-DD`` for a relative year."""
        y = f"{self.year:04d}" if self.year is not None else f"Y{self.rel_year}"
        return f"{y}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True)
class PeriodMention:
    start: int  # span of the whole range expression, with its label when written before it
    end: int
    start_date: str | None  # DateMention.iso() form; None for a deadline (…前)
    end_date: str | None  # None for an open range (20xx年11月1日起)
    recurring: bool  # 每年自…至次年…
    template: bool
    label: str | None  # 第一阶段 / 第一个时段 / 夏季 / 冬防期间 / 采暖期 … as written
    scope_text: str | None  # who the period is for, as written before it (焦化行业, 山区县, 和田)
    is_deadline: bool  # 10月29日前报…, 2020年9月底前…到位, 9月1日至9月10日报送


class DateDataError(DataError):
    """dates.toml holds an entry that cannot be used; the message names it."""


@dataclass(frozen=True, slots=True)
class _Atom:
    """One date as written; missing parts are None."""

    start: int
    end: int
    year: int | None
    template: bool
    rel: str | None  # 'next' | 'same' (次年 / 同年 written before the month)
    month: int | None  # None: a day-only range end (…至25日)
    day: int | None  # None: end of month (3月底)
    hour: int | None


@dataclass(slots=True)
class _Expr:
    kind: str  # 'range' | 'open' | 'before' | 'single'
    a: _Atom
    b: _Atom | None
    start: int
    end: int
    deadline: bool = False


@dataclass(frozen=True)
class _Config:
    atom: regex.Pattern[str]
    gap: regex.Pattern[str]
    opener: regex.Pattern[str]
    closer: regex.Pattern[str]
    open_start: regex.Pattern[str]
    before: regex.Pattern[str]
    deadline_verb: regex.Pattern[str]
    next_year: frozenset[str]
    years: tuple[int, int]
    season: regex.Pattern[str]
    cn_numerals: tuple[dict[str, int], str]


def _alt(words: list[str] | tuple[str, ...]) -> str:
    return datafiles.alternation(words)


def _words(d: dict, table: str, key: str) -> list[str]:
    return datafiles.word_list(_DATA_FILE, d, table, key, DateDataError)


def data() -> dict:
    """The raw data file (examples and counter-examples are read by the tests)."""
    return datafiles.load(_DATA_FILE)


def _compile(name: str, pattern: str) -> regex.Pattern[str]:
    return datafiles.compile_pattern(_DATA_FILE, name, pattern, DateDataError)


@cache
def _config() -> _Config:
    d = data()
    template = _alt(_words(d, "year", "template"))
    next_year = _words(d, "year", "next_year")
    same_year = _words(d, "year", "same_year")
    if set(next_year) & set(same_year):
        raise DateDataError(f"{_DATA_FILE}: [year]: a word is both next_year and same_year")
    lo, hi = int(d["year"]["min"]), int(d["year"]["max"])
    if not 1000 <= lo < hi <= 9999:
        raise DateDataError(f"{_DATA_FILE}: [year].min/max must be four-digit years, min < max")
    eom = _alt(_words(d, "month", "end_words"))
    day_units = _alt(_words(d, "day", "units"))
    hour_units = _alt(_words(d, "time", "hour_units"))
    zero = _alt(_words(d, "time", "zero_words"))
    day = r"(?P<day>3[01]|[12]\d|0?[1-9])"
    month = r"(?P<month>1[0-2]|0?[1-9])"
    day_parts = _alt(_words(d, "time", "day_parts"))
    time = (
        rf"(?:{day_parts})?"
        rf"(?:(?P<hour>2[0-4]|[01]?\d)(?:{hour_units})(?:[0-5]?\d分)?"
        r"|(?P<hour>2[0-4]|[01]?\d):[0-5]\d(?::[0-5]\d)?"
        rf"|(?P<zero>{zero}))"
    )
    numeric = (
        rf"(?P<year>\d{{4}})(?P<sep>[-./]){month}(?P=sep){day}"
        # a clock time may follow, with or without a space ("2018-11-14 15:57:00")
        r"(?:(?!\d)|(?=(?:[01]\d|2[0-4]):[0-5]\d))"
    )
    # a month or day without a year must not follow "2." (停产2.5日); a year may ("1.2021年…")
    written = (
        rf"(?:(?:(?P<year>\d{{4}})年|(?P<tmpl>{template})年|(?P<rel>{_alt(next_year + same_year)})|(?<!\d\.))"
        rf"{month}月(?:{day}(?:{day_units})|(?P<eom>{eom}))"
        rf"|(?<!\d\.){day}(?:{day_units}))"
    )
    cn_digits, ten = _cn_numerals(d)
    zero_cn = "".join(c for c, v in cn_digits.items() if v == 0)
    one_nine = "".join(c for c, v in cn_digits.items() if v)
    chinese = (
        rf"(?<![{zero_cn}{one_nine}{ten}])(?:(?P<year_cn>[{zero_cn}{one_nine}]{{4}})年|(?P<rel>{_alt(next_year + same_year)}))?"
        rf"(?P<month_cn>{ten}[{_chars(cn_digits, 1, 2)}]?|[{one_nine}])月"
        rf"(?:(?P<day_cn>[{_chars(cn_digits, 3)}]{ten}[{_chars(cn_digits, 1)}]?"
        rf"|[{_chars(cn_digits, 2)}]{ten}[{one_nine}]?|{ten}[{one_nine}]?|[{one_nine}])(?:{day_units})"
        rf"|(?P<eom>{eom}))"
    )
    # the characters a date can start with, to skip every other position fast
    firsts = regex.escape("".join(sorted({w[0] for w in next_year + same_year} | set(cn_digits) | {ten})))
    atom = _compile(
        "date pattern", rf"(?=[\d{firsts}])(?:(?<!\d)(?:{numeric}|{written})|{chinese})(?: ?(?:{time}))?"
    )

    connectors = _alt(_words(d, "range", "connectors"))
    weekday = d["range"]["weekday"]
    _compile("[range].weekday", weekday)
    start_words = _alt(_words(d, "open", "start_words"))
    joiners = _alt(_words(d, "season", "joiners"))
    cues = _alt(_words(d, "season", "cue_words"))
    return _Config(
        atom=atom,
        # "7月1日起早8:00至7月16日8:00": a time of day may follow the start word
        gap=_compile("[range].connectors",
                     rf"(?:{weekday})?(?:{start_words})?(?:{_unnamed(time)})?(?:{connectors})"),
        opener=_compile("[range].openers", rf"(?:{_alt(_words(d, 'range', 'openers'))})\Z"),
        closer=_compile("[range].closers", rf"(?:{weekday})?(?:{_alt(_words(d, 'range', 'closers'))})"),
        open_start=_compile("[open].start_words", rf"(?:{start_words})(?!{connectors})"),
        before=_compile("[open].before_words", rf"(?:{_alt(_words(d, 'open', 'before_words'))})"),
        deadline_verb=_compile(
            "[range].deadline_verbs", rf"(?:{_alt(_words(d, 'range', 'deadline_verbs'))})"
        ),
        next_year=frozenset(next_year),
        years=(lo, hi),
        cn_numerals=(cn_digits, ten),
        season=_compile(
            "[season]",
            rf"(?<!\d)(?P<a>\d{{4}})(?:年度?)?(?:{joiners})(?P<b>\d{{4}})(?![\d.])(?:年度?)?(?P<cue>{cues})?",
        ),
    )


def _unnamed(pattern: str) -> str:
    """``pattern`` with its named groups made plain groups (to embed it a second time)."""
    return regex.sub(r"\(\?P<\w+>", "(?:", pattern)


def _cn_numerals(d: dict) -> tuple[dict[str, int], str]:
    digits = d.get("numbers", {}).get("cn_digits")
    ten = d.get("numbers", {}).get("cn_ten")
    if not isinstance(digits, dict) or sorted(set(digits.values())) != list(range(10)):
        raise DateDataError(f"{_DATA_FILE}: [numbers].cn_digits must give every value 0–9")
    for c in (*digits, ten):
        if not isinstance(c, str) or len(c) != 1 or c.isascii():
            raise DateDataError(f"{_DATA_FILE}: [numbers]: bad numeral {c!r}")
    return dict(digits), ten


def _chars(digits: dict[str, int], *values: int) -> str:
    """The numeral characters with these values (for a character class)."""
    return "".join(c for c, v in digits.items() if v in values)


def _cn_int(s: str, digits: dict[str, int], ten: str) -> int:
    """十一 → 11, 二十 → 20, 三十一 → 31, 九 → 9; a year digit by digit (二〇二一 → 2021)."""
    if ten in s:
        tens, _, ones = s.partition(ten)
        return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)
    return int("".join(str(digits[c]) for c in s))


# ---------------------------------------------------------------- scanning


def _scan(text: str, cfg: _Config) -> list[_Atom]:
    """Every date as written, in order; impossible ones (2月30日, year 0351) are dropped."""
    out: list[_Atom] = []
    lo, hi = cfg.years
    digits, ten = cfg.cn_numerals
    for m in cfg.atom.finditer(text):
        if m["month_cn"]:
            year = _cn_int(m["year_cn"], digits, ten) if m["year_cn"] else None
            month: int | None = _cn_int(m["month_cn"], digits, ten)
            day = _cn_int(m["day_cn"], digits, ten) if m["day_cn"] else None
        else:
            year = int(m["year"]) if m["year"] else None
            month = int(m["month"]) if m["month"] else None
            day = int(m["day"]) if m["day"] else None
        if year is not None and not lo <= year <= hi:
            continue
        if day is not None and day > (29 if month == 2 else calendar.monthrange(2001, month or 1)[1]):
            continue
        hour = 0 if m["zero"] else (int(m["hour"]) if m["hour"] else None)
        rel = None
        if m["rel"]:
            rel = "next" if m["rel"] in cfg.next_year else "same"
        out.append(_Atom(m.start(), m.end(), year, bool(m["tmpl"]), rel, month, day, hour))
    return out


def _group(text: str, atoms: list[_Atom], cfg: _Config) -> list[_Expr]:
    """Join dates into ranges, open starts (…起), deadlines (…前) and single dates."""
    out: list[_Expr] = []
    i, n = 0, len(atoms)
    while i < n:
        a = atoms[i]
        i += 1
        if a.month is None:  # a day without a month (16日-20日): not a date
            continue
        start = a.start
        op = cfg.opener.search(text, max(0, a.start - 2), a.start)
        last = _consecutive_days(text, atoms, i, a, cfg)
        if last > i:  # "7月26日、27日、28日": consecutive days of one month are one range
            b = atoms[last - 1]
            i = last
            out.append(_Expr("range", a, b, op.start() if op else start, b.end))
            continue
        if i < n and cfg.gap.fullmatch(text, a.end, atoms[i].start):
            b = atoms[i]
            i += 1
            start = op.start() if op else start
            end = b.end
            cl = cfg.closer.match(text, end)
            end = cl.end() if cl else end
            deadline = cfg.deadline_verb.match(text, end) is not None
            out.append(_Expr("range", a, b, start, end, deadline))
            continue
        if m := cfg.open_start.match(text, a.end):
            out.append(_Expr("open", a, None, op.start() if op else start, m.end()))
        elif m := cfg.before.match(text, a.end):
            out.append(_Expr("before", a, None, start, m.end(), True))
        else:
            out.append(_Expr("single", a, None, a.start, a.end))
    return out


def _consecutive_days(text: str, atoms: list[_Atom], i: int, a: _Atom, cfg: _Config) -> int:
    """The index past a list of day-only dates after ``a`` that continue it one day at a time
    ("7月26日、27日、28日", "…、27日至30日"), or ``i`` when none does (a gap in the days keeps
    them apart)."""
    day = a.day
    j = i
    while (day is not None and j < len(atoms) and atoms[j].month is None and atoms[j].day == day + 1
           and atoms[j].year is None and _DAY_LIST_GAP.fullmatch(text, atoms[j - 1].end, atoms[j].start)):
        day += 1
        j += 1
    if j > i and j < len(atoms) and atoms[j].month is None and cfg.gap.fullmatch(text, atoms[j - 1].end, atoms[j].start):
        j += 1  # the list ends in a range: "7月26日、27日至30日"
    return j


# ---------------------------------------------------------------- years


def _last_day(year: int | None, month: int) -> int:
    if month == 2 and year is None:
        return 28
    return calendar.monthrange(year if year is not None else 2001, month)[1]


def _key(a: _Atom) -> tuple[int, int]:
    return (a.month or 0, a.day if a.day is not None else 32)


@dataclass(slots=True)
class _Anchor:
    """What a date without a written year can go by."""

    season_start: int | None
    year_hint: int | None
    prev: tuple[int, int] | None = None  # (year, month) of the last absolute date in the sentence

    def year_for(self, month: int, crossing: bool, generic: bool = False) -> int | None:
        """``generic``: the end is written 次年/翌年 with no year anywhere, the way a standing
        rule describes any season; the issue year (``year_hint``) is then no anchor."""
        if self.prev is not None:
            py, pm = self.prev
            return py + 1 if month < pm and pm >= 7 and month < 7 else py
        if self.season_start is not None:
            return self.season_start if crossing or month >= 7 else self.season_start + 1
        return None if generic else self.year_hint


def _mention(a: _Atom, month: int, year: int | None, rel: int | None) -> DateMention:
    day = a.day if a.day is not None else _last_day(year, month)
    return DateMention(
        a.start, a.end, year, None if year is not None else rel, month, day, a.hour, a.template
    )


def _resolve_range(a: _Atom, b: _Atom, anchor: _Anchor, recurring: bool) -> tuple[DateMention, DateMention]:
    assert a.month is not None
    b_month = b.month if b.month is not None else a.month
    if b.month is None and b.day is not None and a.day is not None and b.day < a.day:
        b_month = a.month % 12 + 1  # 11月28日至3日
    b_key = (b_month, b.day if b.day is not None else 32)
    crossing = b.rel == "next" or (b.rel != "same" and b.year is None and b_key < _key(a))
    if b.year is not None and a.year is None and not a.template:
        ya: int | None = b.year - (1 if b_key < _key(a) else 0)
    elif a.year is not None:
        ya = a.year
    elif a.template or recurring:
        ya = None
    else:
        ya = anchor.year_for(a.month, crossing, generic=b.rel == "next")
    if ya is None:  # relative
        ra = 0 if crossing or a.month >= 7 or b_month >= 7 else 1
        rb = ra + 1 if crossing else ra
        yb = b.year
    else:
        ra = rb = None  # type: ignore[assignment]
        yb = b.year if b.year is not None else ya + (1 if crossing else 0)
    if b.year is not None and ya is None:
        rb = None
    return _mention(a, a.month, ya, ra), _mention(b, b_month, yb, rb)


def _resolve_single(a: _Atom, anchor: _Anchor, recurring: bool) -> DateMention:
    assert a.month is not None
    year = a.year
    if year is None and not a.template and not recurring:
        year = anchor.year_for(a.month, False)
    return _mention(a, a.month, year, 0 if a.month >= 7 else 1)


# ---------------------------------------------------------------- public API


@dataclass(frozen=True, slots=True)
class _Resolved:
    expr: _Expr
    a: DateMention
    b: DateMention | None
    floor: int  # where its clause starts
    line_floor: int  # where its line starts (or the previous expression ends)
    recurring: bool


def _analyse(text: str, season_start: int | None, year_hint: int | None) -> list[_Resolved]:
    cfg = _config()
    anchor = _Anchor(season_start, year_hint)
    out: list[_Resolved] = []
    prev_end = 0
    for e in _group(text, _scan(text, cfg), cfg):
        if any(ch in text[prev_end : e.start] for ch in _SENTENCE_END):
            anchor.prev = None
        floor = ctx.clause_start(text, e.start, prev_end)
        recurring = ctx.is_recurring(text, floor, e.start)
        if e.b is not None:
            a, b = _resolve_range(e.a, e.b, anchor, recurring)
        else:
            a, b = _resolve_single(e.a, anchor, recurring), None
        last = b or a
        written = e.a.year is not None or (e.b is not None and e.b.year is not None)
        if last.year is not None and (written or anchor.prev is not None):
            anchor.prev = (last.year, last.month)
        out.append(_Resolved(e, a, b, floor, ctx.line_start(text, e.start, prev_end), recurring))
        prev_end = e.end
    return out


def find_dates(
    text: str, *, season_start: int | None = None, year_hint: int | None = None
) -> list[DateMention]:
    """Every date in ``text`` (range ends included), years resolved as the module says."""
    out: list[DateMention] = []
    for r in _analyse(text, season_start, year_hint):
        out.append(r.a)
        if r.b is not None:
            out.append(r.b)
    return out


def find_periods(
    text: str, *, season_start: int | None = None, year_hint: int | None = None
) -> list[PeriodMention]:
    """Date ranges, open starts (…起) and deadlines (…前, flagged) in ``text``.

    Single dates (issue dates, 10月19日印发) and month-only phrases without a written year
    (3月份, 7-10月) are not periods; a month range with its year is (2018年11月至2019年2月). ``season_start`` is the season's first year, ``year_hint`` a calendar
    year to fall back on (e.g. the issue date's).
    """
    out: list[PeriodMention] = []
    prev: PeriodMention | None = None
    for r in _analyse(text, season_start, year_hint):
        e = r.expr
        if e.kind == "single" or (e.kind == "range" and (
                ctx.is_forecast(text, e.end) or ctx.forecast_before(text, r.line_floor, e.start))):
            continue
        if e.kind == "before":
            out.append(
                PeriodMention(e.start, e.end, None, r.a.iso(), r.recurring, r.a.template, None, None, True)
            )
            continue
        start, end = e.start, e.end
        label = scope = None
        lab = ctx.label_before(text, r.line_floor, e.start)
        if lab is not None:
            label, start, bracket = lab
            if bracket and text[end : end + 1] == ")":
                end += 1
        elif e.kind == "range" and (after := ctx.label_after(text, e.end)) is not None:
            label = after[0]
        floor = ctx.clause_start(text, start, r.line_floor) if start < r.floor else r.floor
        scope = ctx.scope_before(text, floor, start)
        if (
            scope is None
            and label is None
            and prev is not None
            and not prev.is_deadline
            and _LIST_GAP.fullmatch(text, prev.end, start)
        ):
            scope = prev.scope_text
        b = r.b
        p = PeriodMention(
            start,
            end,
            r.a.iso(),
            b.iso() if b is not None else None,
            r.recurring,
            r.a.template or (b is not None and b.template),
            label,
            scope,
            e.deadline,
        )
        out.append(p)
        prev = p
    extra = find_month_ranges(text, [(p.start, p.end) for p in out])
    for p in extra:  # a month range takes the scope and label written before it, as a dated one
        lab = ctx.label_before(text, ctx.line_start(text, p.start, 0), p.start)
        floor = ctx.clause_start(text, p.start, ctx.line_start(text, p.start, 0))
        out.append(PeriodMention(p.start, p.end, p.start_date, p.end_date, False, False,
                                 lab[0] if lab else None, ctx.scope_before(text, floor, p.start), False))
    return sorted(out, key=lambda p: (p.start, p.end)) if extra else out


@cache
def _month_range_pattern() -> regex.Pattern[str]:
    return _compile("[month_range].pattern", data()["month_range"]["pattern"])


@cache
def _quarter_pattern() -> regex.Pattern[str]:
    return _compile("[quarter].pattern", data()["quarter"]["pattern"])


_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def find_month_ranges(text: str, taken: Sequence[tuple[int, int]] = ()) -> list[PeriodMention]:
    """Ranges of whole months with a written start year (2018年11月至2019年2月 → 2018-11-01 ..
    2019-02-28) and quarters with their year (2019年第四季度), outside the spans already ``taken``."""
    out: list[PeriodMention] = []
    for m in _quarter_pattern().finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        y, q = int(m["y"]), _QUARTER[m["q"]]
        first, last = 3 * q - 2, 3 * q
        out.append(PeriodMention(m.start(), m.end(), f"{y:04d}-{first:02d}-01",
                                 f"{y:04d}-{last:02d}-{_last_day(y, last):02d}", False, False, None, None, False))
    for m in _month_range_pattern().finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        y1, m1, m2 = int(m["y1"]), int(m["m1"]), int(m["m2"])
        y2 = int(m["y2"]) if m["y2"] else y1 + (1 if m["next"] or m2 < m1 else 0)
        if y2 < y1 or (y2 == y1 and m2 < m1):
            continue
        out.append(PeriodMention(m.start(), m.end(), f"{y1:04d}-{m1:02d}-01",
                                 f"{y2:04d}-{m2:02d}-{_last_day(y2, m2):02d}", False, False, None, None, False))
    return out


def find_season(text: str) -> tuple[int, int] | None:
    """The season a notice governs: two consecutive years (2021-2022年秋冬季, 2018~2019,
    2024至2025年), preferring a pair followed by a season word; None when there is none
    (template copies write 20xx-20xx)."""
    first = None
    for m in _config().season.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        if b != a + 1:
            continue
        if m["cue"]:
            return a, b
        first = first or (a, b)
    return first
