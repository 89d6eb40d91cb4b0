"""What surrounds a date range: its label (第一阶段, 冬防期间), its scope (焦化行业, 山区县) and
whether it recurs (每年). The word lists are the ``[label]``, ``[scope]`` and ``[recurring]``
tables of ``extract/data/dates.toml``; ``extract.recognize.dates`` calls these readers for
every range it finds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from extract.core import datafiles
from extract.core.errors import DataError
from extract.recognize.regions import find_regions

_DATA_FILE = "dates.toml"
_LABEL_WINDOW = 24  # how far back a label is looked for


class PeriodDataError(DataError):
    """dates.toml holds a label / scope entry that cannot be used; the message names it."""


@dataclass(frozen=True)
class _Config:
    label_before: regex.Pattern[str]
    label_after: regex.Pattern[str]
    boundaries: str
    lead: regex.Pattern[str]
    tail: regex.Pattern[str]
    marker: regex.Pattern[str]
    item_ok: regex.Pattern[str]
    suffix: regex.Pattern[str]
    stop_items: frozenset[str]
    max_item_len: int
    max_len: int
    recurring: tuple[str, ...]
    forecast: regex.Pattern[str]
    forecast_before: regex.Pattern[str]


def _alt(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(map(regex.escape, sorted(words, key=lambda w: (-len(w), w))))


def _words(d: dict, table: str, key: str) -> list[str]:
    words = d.get(table, {}).get(key)
    if not isinstance(words, list) or not words:
        raise PeriodDataError(f"{_DATA_FILE}: [{table}].{key} must be a non-empty list of strings")
    seen: set[str] = set()
    for w in words:
        if not isinstance(w, str) or not w or (w != w.strip() and w.strip()):
            raise PeriodDataError(f"{_DATA_FILE}: [{table}].{key}: bad entry {w!r}")
        if w in seen:
            raise PeriodDataError(f"{_DATA_FILE}: [{table}].{key}: {w!r} is listed twice")
        seen.add(w)
    return words


def _compile(name: str, pattern: str) -> regex.Pattern[str]:
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        raise PeriodDataError(f"{_DATA_FILE}: {name}: {exc}") from exc


@cache
def _config() -> _Config:
    d = datafiles.load(_DATA_FILE)
    phases = _words(d, "label", "phase_patterns")
    for p in phases:
        _compile(f"[label].phase_patterns {p!r}", p)
    season = _alt(_words(d, "label", "season_words"))
    suffix = _alt(_words(d, "label", "season_suffixes"))
    label = rf"(?:{'|'.join(f'(?:{p})' for p in phases)}|(?:{season})(?:{suffix})?)"
    gap = d["label"]["gap"]
    _compile("[label].gap", gap)
    sc = d["scope"]
    verbs = _alt(_words(d, "scope", "intro_verbs"))
    nouns = _alt(_words(d, "scope", "intro_nouns"))
    links = _alt(_words(d, "scope", "link_words"))
    return _Config(
        label_before=_compile("[label]", rf"(?P<label>{label})(?P<gap>{gap})\Z"),
        label_after=_compile("[label] (after)", rf",?在?(?P<label>{label})"),
        boundaries="".join(_words(d, "scope", "boundaries")),
        lead=_compile("[scope].lead_words", rf"^(?:{_alt(_words(d, 'scope', 'lead_words'))})+"),
        tail=_compile("[scope] tail", rf"(?:(?:{verbs})*(?:{nouns})|{links})+\Z"),
        marker=_compile(
            "[scope] marker", r"^(?:[(]?[\d一二三四五六七八九十]{1,3}[)、.]|[①-⑳ⅰ-ⅹⅠ-Ⅹ]+[类:、.]?)+"
        ),
        item_ok=regex.compile(r"^\p{Han}+(?:\([\p{Han}、]+\))?$"),
        suffix=_compile(
            "[scope].suffixes", rf"(?:{_alt(_words(d, 'scope', 'suffixes'))})(?:\([\p{{Han}}、]+\))?$"
        ),
        stop_items=frozenset(_words(d, "scope", "stop_items")),
        max_item_len=int(sc["max_item_len"]),
        max_len=int(sc["max_len"]),
        recurring=tuple(_words(d, "recurring", "words")),
        forecast=_compile("[range].forecast_words", _alt(_words(d, "range", "forecast_words"))),
        forecast_before=_compile("[range].forecast_before_words", _alt(_words(d, "range", "forecast_before_words"))),
    )


def clause_start(text: str, pos: int, floor: int) -> int:
    """Where the clause holding ``pos`` starts: after the last boundary mark, not before ``floor``."""
    cfg = _config()
    i = pos
    while i > floor and text[i - 1] not in cfg.boundaries:
        i -= 1
    return i


def line_start(text: str, pos: int, floor: int) -> int:
    """Where the line holding ``pos`` starts, not before ``floor``."""
    return max(floor, text.rfind("\n", floor, pos) + 1)


def label_before(text: str, floor: int, pos: int) -> tuple[str, int, bool] | None:
    """(label, its start, whether an opening bracket follows it) when one ends right before ``pos``."""
    lo = max(floor, pos - _LABEL_WINDOW)
    m = _config().label_before.search(text, lo, pos)
    if m is None:
        return None
    return m["label"], m.start(), m["gap"].endswith("(")


def label_after(text: str, pos: int) -> tuple[str, int] | None:
    """(label, its end) written right after a range (…至次年3月31日,在采暖期…)."""
    m = _config().label_after.match(text, pos)
    return (m["label"], m.end()) if m else None


def is_recurring(text: str, floor: int, pos: int) -> bool:
    """每年 written in the clause before ``pos``."""
    head = text[floor:pos]
    return any(w in head for w in _config().recurring)


def forecast_before(text: str, floor: int, pos: int) -> bool:
    """The clause before a range at ``pos`` announces a forecast (经预测,… / 会商研判:…)."""
    cfg = _config()
    return cfg.forecast_before.search(text, max(floor, pos - _LABEL_WINDOW), pos) is not None


def is_forecast(text: str, pos: int) -> bool:
    """The clause going on after ``pos`` is a weather forecast (…大气扩散条件较差)."""
    cfg = _config()
    end = pos
    while end < len(text) and end - pos < _LABEL_WINDOW * 2 and text[end] not in cfg.boundaries:
        end += 1
    return cfg.forecast.search(text, pos, end) is not None


def scope_before(text: str, floor: int, pos: int) -> str | None:
    """The industries or places named in ``text[floor:pos]`` (the clause before a range), raw."""
    cfg = _config()
    s = text[floor:pos].strip()
    s = cfg.marker.sub("", s)
    s = cfg.lead.sub("", s)
    for w in cfg.recurring:
        s = s.replace(w, "")
    s = cfg.tail.sub("", s).strip()
    if not s or len(s) > cfg.max_len:
        return None
    items = _split_items(s)
    if not items or any(not _item_ok(i, cfg) for i in items):
        return None
    if cfg.suffix.search(items[-1]):
        return s
    covered = {i for i in items if _is_place(i)}
    return s if len(covered) == len(items) else None


def _split_items(s: str) -> list[str]:
    """Split on 、 outside brackets (平川县(市、区) is one item)."""
    items: list[str] = []
    depth = 0
    cur: list[str] = []
    for ch in s:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch == "、" and depth == 0:
            items.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    items.append("".join(cur))
    return items


def _item_ok(item: str, cfg: _Config) -> bool:
    return (
        bool(item)
        and len(item) <= cfg.max_item_len
        and item not in cfg.stop_items
        and cfg.item_ok.match(item) is not None
    )


def _is_place(item: str) -> bool:
    found = find_regions(item)
    return bool(found) and found[0].start == 0 and found[-1].end == len(item)
