"""Place names (regions) from the gazetteer ``data/regions.toml``: provinces, prefecture-level
divisions and the counties/districts of these notices, with the aliases notices write
(唐山 → 唐山市, 伊犁州 → 伊犁哈萨克自治州)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from extract.core import datafiles
from extract.core.errors import DataError


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    level: str
    parent: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RegionMention:
    start: int
    end: int
    name: str  # full official name
    level: str


@dataclass(frozen=True)
class Gazetteer:
    places: dict[str, Place]
    surface: dict[str, str]  # what a notice writes → full name
    pattern: regex.Pattern[str]
    groups: dict[str, tuple[str, ...]]
    first_chars: frozenset[str]  #: the first characters of every surface word (a text with none names no place)


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded and checked once (a duplicate name or alias clash raises)."""
    data = datafiles.load("regions.toml")
    ambiguous = set(data.get("ambiguous", []))
    places: dict[str, Place] = {}
    surface: dict[str, str] = {}
    for entry in data["place"]:
        name = entry["name"]
        if name in places:
            raise DataError(f"regions.toml: {name} is listed twice")
        place = Place(name, entry["level"], entry["parent"] or None, tuple(entry["aliases"]))
        places[name] = place
        surface[name] = name
    for place in places.values():
        for alias in place.aliases:
            if alias in ambiguous or alias in places:
                continue
            surface.setdefault(alias, place.name)
    for parent in {p.parent for p in places.values() if p.parent}:
        if parent not in places:
            raise DataError(f"regions.toml: unknown parent {parent}")
    words = sorted(surface, key=len, reverse=True)
    # a place word must not be glued to more Han characters that make it another word
    # (唐山 in 唐山市 is fine because the longer name wins; 唐钢 is not a place)
    pattern = regex.compile(
        r"(?<![\p{Han}&&[^、,和及与省市县区州盟(:]])(?:" + "|".join(map(regex.escape, words)) + r")"
        r"(?![县区]|新区)"
    )
    groups = {k: tuple(v) for k, v in data.get("groups", {}).items()}
    return Gazetteer(places, surface, pattern, groups, frozenset(w[0] for w in words))


def find_regions(text: str) -> list[RegionMention]:
    """Places named in ``text`` (full names; an alias maps to its place)."""
    return list(_find_regions(text))


@lru_cache(maxsize=8192)
def _find_regions(text: str) -> tuple[RegionMention, ...]:
    """:func:`find_regions`, memoised: assembly asks about the same clauses and headings again."""
    g = gazetteer()
    if g.first_chars.isdisjoint(text):
        return ()
    out: list[RegionMention] = []
    for m in g.pattern.finditer(text, overlapped=False):
        name = g.surface[m.group()]
        nxt = text[m.end() : m.end() + 1]
        place = g.places[name]
        # an alias of a city directly followed by 市 is the city itself (石家庄 + 市 are one word)
        end = m.end() + 1 if nxt == "市" and not m.group().endswith("市") and place.level == "city" else m.end()
        out.append(RegionMention(m.start(), end, name, place.level))
    return tuple(r for i, r in enumerate(out) if not _is_qualifier(r, out[i + 1] if i + 1 < len(out) else None))


def _is_qualifier(r: RegionMention, nxt: RegionMention | None) -> bool:
    """A province written right before one of its own places (河北省石家庄) only qualifies it."""
    return nxt is not None and nxt.start == r.end and r.name in ancestors(nxt.name)[1:]


def ancestors(name: str) -> list[str]:
    """``name`` and every place above it in the gazetteer, nearest first (太原市, 山西省)."""
    out: list[str] = []
    places = gazetteer().places
    current: str | None = name
    while current and current not in out:
        out.append(current)
        place = places.get(current)
        current = place.parent if place else None
    return out


_RUN_GAP = regex.compile(r"\s*[、,，和及与]\s*")


def place_runs(text: str, found: list[RegionMention]) -> list[list[RegionMention]]:
    """``found`` (mentions of ``text``, in order) grouped into runs of places written side by side
    with a separator between them ("石家庄、唐山、邯郸和安阳"): a run of two or more is a list of places."""
    runs: list[list[RegionMention]] = []
    for r in found:
        if runs and _RUN_GAP.fullmatch(text, runs[-1][-1].end, r.start):
            runs[-1].append(r)
        else:
            runs.append([r])
    return runs


def place_levels() -> dict[str, str]:
    """Full place name → level, for jurisdiction."""
    return {n: p.level for n, p in gazetteer().places.items()}


def canonical_place(name: str) -> str | None:
    """The full name of a place as written (an alias or a full name), or None."""
    return gazetteer().surface.get(name)
