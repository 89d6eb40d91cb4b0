"""Classes a measure can depend on: performance grades (绩效分级 A/B/B-/C/D, 引领性), local
tiers (ⅰ类 … ⅳ类) and heavy-pollution alert levels (黄色/橙色/红色预警).

Every mention is reported wherever it stands (a heading "ⅱ类:" or a clause "达不到ⅲ类条件的");
what it means for a rule is the assembler's business. Written forms, separators and the
words that make a numeral a tier or a colour an alert level are listed in
``extract/data/grades.toml``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import regex

from extract.core import datafiles
from extract.core.errors import DataError
from extract.recognize.numerals import cn_number

_DATA_FILE = "grades.toml"
GRADES = ("A", "B", "B-", "C", "D", "引领性", "非引领性")
ALERT_LEVELS = ("yellow", "orange", "red")


@dataclass(frozen=True, slots=True)
class GradeMention:
    start: int
    end: int
    grades: tuple[str, ...]  # canonical, in text order, a subset of GRADES


@dataclass(frozen=True, slots=True)
class TierMention:
    start: int
    end: int
    tier: str  # upper-case roman numeral: ⅰ类 → 'I', ⅳ类 → 'IV'


@dataclass(frozen=True, slots=True)
class AlertMention:
    start: int
    end: int
    level: str  # 'yellow' | 'orange' | 'red'
    bound: str | None  # 橙色及以上 / 不低于橙色 → 'min'; 橙色及以下 → 'max'


class GradeDataError(DataError):
    """grades.toml holds an entry that cannot be used; the message names it."""


@dataclass(frozen=True)
class _Config:
    grade_list: regex.Pattern[str]
    grade_item: regex.Pattern[str]
    letters: dict[str, str]  # upper-cased as written → canonical
    words: dict[str, str]
    class_context: tuple[str, ...]
    class_window: int
    order: tuple[str, ...]
    below: tuple[str, ...]
    above: tuple[str, ...]
    tier_list: regex.Pattern[str]
    tier_item: regex.Pattern[str]
    roman: tuple[str, ...]
    latin_not: frozenset[str]
    cn_after: tuple[str, ...]
    cn_before: tuple[str, ...]
    cn_not_before: tuple[str, ...]
    alert: regex.Pattern[str]
    alert_item: regex.Pattern[str]
    alert_keys: dict[str, str]
    alert_bounds: dict[str, str]


def _alt(words: Iterable[str]) -> str:
    return "|".join(map(regex.escape, sorted(words, key=lambda w: (-len(w), w))))


@cache
def data() -> dict:
    """The raw data file (examples and counter-examples are read by the tests)."""
    return datafiles.load(_DATA_FILE)


def _list(table: dict, name: str, key: str) -> list[str]:
    words = table.get(key)
    if (
        not isinstance(words, list)
        or not words
        or not all(isinstance(w, str) and w.strip() == w and w for w in words)
    ):
        raise GradeDataError(f"{_DATA_FILE}: [{name}].{key} must be a non-empty list of non-blank strings")
    return words


def _mapping(table: dict, name: str, key: str, allowed: tuple[str, ...]) -> dict[str, str]:
    m = table.get(key)
    if not isinstance(m, dict) or not m:
        raise GradeDataError(f"{_DATA_FILE}: [{name}].{key} must be a non-empty table")
    for k, v in m.items():
        if v not in allowed:
            raise GradeDataError(f"{_DATA_FILE}: [{name}].{key}: {k!r} → {v!r} is not one of {allowed}")
    return dict(m)


@cache
def _config() -> _Config:
    d = data()
    g, t, a = d["grade"], d["tier"], d["alert"]

    letters = _mapping(g, "grade", "letters", GRADES)
    for k in letters:
        if not regex.fullmatch(r"[A-Z]-?", k):
            raise GradeDataError(
                f"{_DATA_FILE}: [grade].letters: {k!r} is not an upper-case letter with an optional -"
            )
    words = _mapping(g, "grade", "words", GRADES)
    letter = "|".join(
        "".join(f"[{c}{c.lower()}]" if c.isalpha() else regex.escape(c) for c in k)
        for k in sorted(letters, key=lambda k: (-len(k), k))
    )
    letter = rf"(?<![A-Za-z0-9.+\-])(?:{letter})(?![A-Za-z0-9+])"
    g_item = rf"(?:(?P<letter>{letter})(?P<suffix>级|类)?|(?P<word>{_alt(words)}))"
    g_sep = _alt(_list(g, "grade", "separators"))
    order = tuple(_list(g["range"], "grade.range", "order"))
    if any(x not in GRADES for x in order):
        raise GradeDataError(f"{_DATA_FILE}: [grade.range].order must list grades from {GRADES}")

    roman = tuple(_list(t, "tier", "roman"))
    for i, r in enumerate(roman):
        if not regex.fullmatch(r"[IVX]+", r):
            raise GradeDataError(f"{_DATA_FILE}: [tier].roman: {r!r} is not an upper-case roman numeral")
        if i and roman.index(r) != i:
            raise GradeDataError(f"{_DATA_FILE}: [tier].roman: {r!r} is listed twice")
    n = len(roman)
    roman_chars = f"{chr(0x2160)}-{chr(0x2160 + n - 1)}{chr(0x2170)}-{chr(0x2170 + n - 1)}"
    t_item = (
        rf"(?P<char>[{roman_chars}])"
        r"|(?<![A-Za-z])(?P<latin>[IVX]+|[ivx]+)(?![A-Za-z])"
        r"|(?<![零〇一二两三四五六七八九十百])(?P<cn>[一二三四五六七八九十]+)"
    )
    t_sep = _alt(_list(t, "tier", "separators"))

    colours = _mapping(a, "alert", "colours", ALERT_LEVELS)
    levels = _mapping(a, "alert", "levels", ALERT_LEVELS)
    keys = {**colours, **levels}
    key = rf"(?<![A-Za-z零〇一二两三四五六七八九十])(?:{_alt(keys)})"
    a_item = rf"(?P<key>{key})(?:\((?P<key2>{key})\))?"
    bounds = {}
    for k, kind in (("min_before", "min"), ("max_before", "max"), ("min_after", "min"), ("max_after", "max")):
        for w in _list(a, "alert", k):
            bounds[w] = kind
    before = _alt(_list(a, "alert", "min_before") + _list(a, "alert", "max_before"))
    after = _alt(_list(a, "alert", "min_after") + _list(a, "alert", "max_after"))
    alert = (
        rf"(?P<pre>{before})?(?P<head>{_alt(_list(a, 'alert', 'head'))})?"
        rf"(?P<list>{a_item}(?:(?:{_alt(_list(a, 'alert', 'separators'))}){a_item})*)"
        rf"(?P<post>{after})?(?:{_alt(_list(a, 'alert', 'between'))})?(?P<tail>{_alt(_list(a, 'alert', 'tail'))})?"
    )
    return _Config(
        grade_list=regex.compile(rf"{g_item}(?:(?:{g_sep}){g_item})*"),
        grade_item=regex.compile(g_item),
        letters=letters,
        words=words,
        class_context=tuple(_list(g, "grade", "class_context")),
        class_window=int(g["class_window"]),
        order=order,
        below=tuple(_list(g["range"], "grade.range", "below")),
        above=tuple(_list(g["range"], "grade.range", "above")),
        tier_list=regex.compile(rf"(?:{t_item})(?:类?(?:{t_sep})(?:{t_item}))*类"),
        tier_item=regex.compile(t_item),
        roman=roman,
        latin_not=frozenset(_list(t, "tier", "latin_not")),
        cn_after=tuple(_list(t, "tier", "cn_after")),
        cn_before=tuple(_list(t, "tier", "cn_before")),
        cn_not_before=tuple(_list(t, "tier", "cn_not_before")),
        alert=regex.compile(alert),
        alert_item=regex.compile(a_item),
        alert_keys=keys,
        alert_bounds=bounds,
    )


# ---------------------------------------------------------------- grades


def _expand(text: str, pos: int, grade: str, cfg: _Config) -> tuple[tuple[str, ...], int] | None:
    """B级及以下 → (('B', 'C', 'D'), end) when a range word follows ``pos``."""
    if grade not in cfg.order:
        return None
    i = cfg.order.index(grade)
    for words, part in ((cfg.below, cfg.order[i:]), (cfg.above, cfg.order[: i + 1])):
        for w in sorted(words, key=len, reverse=True):
            if text.startswith(w, pos):
                return part, pos + len(w)
    return None


def find_grades(text: str) -> list[GradeMention]:
    """Performance grades: one mention per list (B、B-、C、D级 → ('B', 'B-', 'C', 'D')).

    >>> [m.grades for m in find_grades("被评定为a级和引领性的企业")]
    [('A', '引领性')]
    """
    cfg = _config()
    out: list[GradeMention] = []
    for lm in cfg.grade_list.finditer(text):
        context = text[max(0, lm.start() - cfg.class_window) : lm.start()]
        in_class_context = any(w in context for w in cfg.class_context)
        items = list(cfg.grade_item.finditer(text, lm.start(), lm.end()))
        valid = [False] * len(items)
        carry = False
        for i in range(len(items) - 1, -1, -1):
            it = items[i]
            if it.group("word"):
                valid[i] = True
            elif it.group("suffix") == "级" or (it.group("suffix") == "类" and in_class_context):
                valid[i] = carry = True
            elif it.group("suffix"):
                carry = False
            else:
                valid[i] = carry
        i = 0
        while i < len(items):
            if not valid[i]:
                i += 1
                continue
            j = i
            while j + 1 < len(items) and valid[j + 1]:
                j += 1
            grades: list[str] = []
            end = items[j].end()
            for k in range(i, j + 1):
                it = items[k]
                grades.append(
                    cfg.words[it.group("word")]
                    if it.group("word")
                    else cfg.letters[it.group("letter").upper()]
                )
            last = items[j]
            if last.group("suffix"):
                expanded = _expand(text, end, grades[-1], cfg)
                if expanded:
                    grades[-1:] = expanded[0]
                    end = expanded[1]
            out.append(GradeMention(items[i].start(), end, tuple(dict.fromkeys(grades))))
            i = j + 1
    return out


# ---------------------------------------------------------------- tiers


def _tier_number(it: regex.Match[str], cfg: _Config) -> int | None:
    if it.group("char"):
        c = ord(it.group("char"))
        return c - 0x2160 + 1 if c < 0x2170 else c - 0x2170 + 1
    if it.group("latin"):
        s = it.group("latin")
        if s in cfg.latin_not or s.upper() not in cfg.roman:
            return None
        return cfg.roman.index(s.upper()) + 1
    try:
        n = int(cn_number(it.group("cn")))
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return n if 1 <= n <= len(cfg.roman) else None


def find_tiers(text: str) -> list[TierMention]:
    """Local tiers (ⅰ类, ii类, Ⅳ类, 一类 in a class context): one mention per numeral.

    >>> [m.tier for m in find_tiers("达不到ⅰ、ⅱ类条件的")]
    ['I', 'II']
    """
    cfg = _config()
    out: list[TierMention] = []
    for lm in cfg.tier_list.finditer(text):
        items = list(cfg.tier_item.finditer(text, lm.start(), lm.end()))
        numbers = [_tier_number(it, cfg) for it in items]
        if any(n is None for n in numbers):
            # keep the tail of the list after the last unreadable item (x、ⅱ类 → ⅱ类)
            k = max(i for i, n in enumerate(numbers) if n is None)
            items, numbers = items[k + 1 :], numbers[k + 1 :]
            if not items:
                continue
        if any(it.group("cn") for it in items) and not _cn_tier_context(
            text, items[0].start(), lm.end(), len(items), cfg
        ):
            continue
        for it, n in zip(items, numbers, strict=True):
            assert n is not None  # the unreadable ones were cut off above
            end = it.end() + 1 if text[it.end()] == "类" else it.end()
            out.append(TierMention(it.start(), end, cfg.roman[n - 1]))
    return out


def _cn_tier_context(text: str, start: int, end: int, count: int, cfg: _Config) -> bool:
    """Whether 一类 … written with Chinese numerals names a tier here (not 这七类企业)."""
    before = text[max(0, start - 4) : start]
    if any(before.endswith(w) for w in cfg.cn_not_before):
        return False
    if count > 1:
        return True
    return any(text.startswith(w, end) for w in cfg.cn_after) or any(
        before.endswith(w) for w in cfg.cn_before
    )


# ---------------------------------------------------------------- alerts


def find_alerts(text: str) -> list[AlertMention]:
    """Alert levels (黄色/橙色/红色预警, Ⅱ级预警) with their bound (橙色及以上 → 'min').

    >>> [(m.level, m.bound) for m in find_alerts("橙色及以上重污染天气预警期间")]
    [('orange', 'min')]
    """
    cfg = _config()
    out: list[AlertMention] = []
    for m in cfg.alert.finditer(text):
        if not (m.group("tail") or m.group("head")):
            continue
        items = list(cfg.alert_item.finditer(text, m.start("list"), m.end("list")))
        for k, it in enumerate(items):
            first, last = k == 0, k == len(items) - 1
            start = m.start() if first and not m.group("head") else it.start()
            end = m.end() if last else it.end()
            bound = None
            if first and m.group("pre"):
                bound = cfg.alert_bounds[m.group("pre")]
            if last and m.group("post"):
                bound = bound or cfg.alert_bounds[m.group("post")]
            key = it.group("key2") or it.group("key")
            out.append(AlertMention(start, end, cfg.alert_keys[key], bound))
    return out
