"""Numeric emission limits: "颗粒物、二氧化硫、氮氧化物排放浓度分别在基准氧含量10%的条件下
不高于10、50、150mg/m3" is three limits, paired in order.

Pollutants, units and the words of a statement come from ``data/pollutants.toml``. A
statement whose pollutants and values do not pair one to one gives nothing (never a guess).
The industry and tier a limit belongs to are the pipeline's business, not this module's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import regex

from extract.core import datafiles
from extract.core.errors import DataError

_CLAUSE_END = regex.compile(r"[。;\n]")


@dataclass(frozen=True, slots=True)
class EmissionLimitMention:
    start: int  # the whole statement (shared by every limit read from it)
    end: int
    pollutant: str  # canonical
    value: float
    unit: str  # canonical ("mg/m3")
    o2_ref_pct: float | None  # 基准氧含量, percent
    bound: str | None  # "max" / "min" / None
    value_start: int  # this limit's own number
    value_end: int


@dataclass(frozen=True)
class _Grammar:
    pollutant: dict[str, str]  # casefolded alias → canonical
    unit: dict[str, str]  # casefolded unit → canonical
    statement: regex.Pattern[str]
    o2: regex.Pattern[str]
    o2_before_window: int
    bound: regex.Pattern[str]
    bound_kind: dict[str, str]
    max_after: regex.Pattern[str]
    each: regex.Pattern[str]
    list_tail: regex.Pattern[str]  # a pollutant and a separator ending right before a match


def _alternation(words: Iterable[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _guarded(word: str) -> str:
    """A pollutant alias as a pattern; a Latin alias may not be glued to more letters/digits."""
    pat = regex.escape(word)
    if word[0].isascii() and word[0].isalpha():
        pat = r"(?<![A-Za-z])" + pat
    if word[-1].isascii() and word[-1].isalnum():
        pat += r"(?![A-Za-z0-9.])"
    return pat


@cache
def data() -> dict:
    """The data file as parsed (its examples and counter-examples, for tests)."""
    return datafiles.load("pollutants.toml")


@cache
def _grammar() -> _Grammar:
    spec = data()
    pollutant: dict[str, str] = {}
    for entry in spec["pollutant"]:
        name = entry.get("name")
        if not name or not isinstance(entry.get("aliases"), list) or not entry.get("examples"):
            raise DataError(f"pollutants.toml: entry {name or entry!r} needs name, aliases and examples")
        for word in (name, *entry["aliases"]):
            key = word.casefold()
            if pollutant.get(key, name) != name:
                raise DataError(f"pollutants.toml: {word} names both {pollutant[key]} and {name}")
            pollutant[key] = name
    unit: dict[str, str] = {}
    for canonical, written in spec["units"].items():
        for word in written:
            unit[word.casefold()] = canonical
    st = spec["statement"]
    words = sorted(pollutant, key=len, reverse=True)
    pol = "(?:" + "|".join(_guarded(w) for w in words) + ")"
    pol_item = rf"(?P<p>{pol})(?:\([^()\n]{{1,12}}\))?"
    psep = rf"\s*(?:{_alternation(st['pollutant_separators'])})\s*"
    vsep = rf"\s*(?:{_alternation(st['value_separators'])})\s*"
    unit_pat = f"(?:{_alternation(unit)})"
    num = r"(?P<v>\d+(?:\.\d+)?)"
    statement = (
        rf"{pol_item}(?:{psep}{pol_item})*"
        rf"(?P<gap>(?:(?!{pol})[^。;\n]){{0,{int(st['max_gap'])}}}?)"
        rf"(?:{num}\s*(?:{unit_pat}\s*)?{vsep})*{num}\s*(?P<unit>{unit_pat})"
        rf"(?:\s*(?:{_alternation(spec['bound']['max_after'])}))?"  # "…毫克/立方米以下(基准含氧量16%)"
        rf"(?P<note>\s*\([^()\n]{{0,{int(st['max_note'])}}}\))?"
    )
    bounds = spec["bound"]
    kind = {w: "max" for w in bounds["max"]} | {w: "min" for w in bounds["min"]}
    return _Grammar(
        pollutant=pollutant,
        unit=unit,
        statement=regex.compile(statement, regex.IGNORECASE),
        o2=regex.compile(st["o2_pattern"]),
        o2_before_window=int(st["o2_before_window"]),
        bound=regex.compile(_alternation(kind)),
        bound_kind=kind,
        max_after=regex.compile(rf"\s*(?:{_alternation(bounds['max_after'])})"),
        each=regex.compile(_alternation(st["each_words"])),
        list_tail=regex.compile(rf"{pol}(?:\([^()\n]{{1,12}}\))?{psep}$", regex.IGNORECASE),
    )


def pollutant_names() -> dict[str, str]:
    """Every pollutant word (casefolded) → canonical name."""
    return dict(_grammar().pollutant)


def _o2(text: str, m: regex.Match[str], g: _Grammar) -> float | None:
    for s, e in (m.span("gap"), m.span("note")):
        if s >= 0 and (o := g.o2.search(text, s, e)):
            return float(o.group("o2"))
    start = m.start()
    lo = max(0, start - g.o2_before_window)
    clause = _CLAUSE_END.split(text[lo:start])[-1]
    found = list(g.o2.finditer(clause))
    return float(found[-1].group("o2")) if found else None


@cache
def _any_unit() -> regex.Pattern[str]:
    """Any unit word (the statement's unit alternative alone): cheap to compile and to search."""
    words = {word.casefold() for written in data()["units"].values() for word in written}
    return regex.compile(f"(?:{_alternation(words)})", regex.IGNORECASE)


def find_emission_limits(text: str) -> list[EmissionLimitMention]:
    """Every numeric emission limit in normalised ``text``, sorted by position."""
    if not _any_unit().search(text):  # every statement ends in a unit: none, no limit (most notices)
        return []
    g = _grammar()
    out: list[EmissionLimitMention] = []
    for m in g.statement.finditer(text):
        if g.list_tail.search(text, max(0, m.start() - 24), m.start()):
            continue  # the tail of a longer list that did not read as a statement: never pair it
        pols = [g.pollutant[p.casefold()] for p in m.captures("p")]
        values = list(zip(m.captures("v"), m.starts("v"), m.ends("v"), strict=True))
        gap = m.group("gap")
        if len(values) == 1 and len(pols) > 1 and g.each.search(gap):
            values = values * len(pols)
        if len(pols) != len(values):
            continue
        bounds = [g.bound_kind[b.group()] for b in g.bound.finditer(gap)]
        bound = bounds[-1] if bounds else ("max" if g.max_after.match(text, m.end("unit")) else None)
        unit = g.unit[m.group("unit").casefold()]
        o2 = _o2(text, m, g)
        for pol, (value, vs, ve) in zip(pols, values, strict=True):
            out.append(EmissionLimitMention(m.start(), m.end(), pol, float(value), unit, o2, bound, vs, ve))
    return out
