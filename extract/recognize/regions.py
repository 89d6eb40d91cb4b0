"""Place names (regions) from the gazetteer: ``data/regions.toml`` (provinces, prefecture-level
divisions and the counties/districts of these notices, with the aliases notices write: 唐山 →
唐山市, 伊犁州 → 伊犁哈萨克自治州) merged with ``data/counties.toml`` (every county-level division,
generated from the cpca dataset by ``data/build_counties.py``; full names only)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

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
    key: str = ""  # the gazetteer key: the name, or city + name for a name several cities have (石家庄市桥西区)


#: a place word must not be followed by 县/区/域 or 新区 (唐山市区, 中原区域: other words)
_AFTER_NOT = ("县", "区", "域", "新区")
#: a two-character unit of counties.toml (范县, 息县, 成县) must not be glued to a Han character
#: before it (示范县, 信息县, 完成县级) unless it is one of these, or a place above it (河南滑县)
_BEFORE_OK = frozenset("、,，和及与或省市县区州盟(（:：于在对由向从到至经将请含除即为及是")
_HAN = regex.compile(r"\p{Han}")


@dataclass(frozen=True)
class Gazetteer:
    places: dict[str, Place]  # key (the full name; city + name for a homonym) → place
    surface: dict[str, str]  # what a notice writes → key
    groups: dict[str, tuple[str, ...]]
    qualified: dict[str, int]  # a surface that is a city written before its unit → length of the city part
    lengths: dict[str, tuple[int, ...]]  # first character → lengths of the surfaces it starts, longest first
    guarded: frozenset[str]  # surfaces that need a free left boundary (see _BEFORE_OK)
    pairs: frozenset[str] = frozenset()  # the first two characters of every surface (none is shorter)

    @property
    def pattern(self) -> PlaceMatcher:
        """A matcher of the surfaces at a position (``pattern.match(text)``), for callers that ask
        whether a text starts with a place."""
        return PlaceMatcher(self)

    def word_at(self, text: str, i: int, glued: bool = False) -> str | None:
        """The longest surface written at ``text[i]`` within its boundaries (``glued``: whatever
        comes before it), or None."""
        sizes = self.lengths.get(text[i : i + 1])
        if sizes is None:
            return None
        free = glued or i == 0 or text[i - 1] in _BEFORE_OK or not _HAN.match(text[i - 1])
        for size in sizes:
            word = text[i : i + size]
            if word in self.surface and not text.startswith(_AFTER_NOT, i + size) and (free or word not in self.guarded):
                return word
        return None


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    start: int
    end: int
    text: str

    def group(self) -> str:
        """The surface matched (as ``regex.Match.group()``)."""
        return self.text


@dataclass(frozen=True, slots=True)
class PlaceMatcher:
    """The gazetteer's surfaces matched like a compiled pattern: a dictionary lookup of the
    longest surface at a position is much faster than one pattern of 3,700 words."""

    gazetteer: Gazetteer

    def match(self, text: str, pos: int = 0) -> PlaceMatch | None:
        """The place written at ``text[pos]`` (its left boundary is not checked), or None."""
        word = self.gazetteer.word_at(text, pos, glued=True)
        return PlaceMatch(pos, pos + len(word), word) if word is not None else None


_PLACE_KEYS = frozenset({"name", "level", "aliases", "parent"})
LEVELS = ("province", "city", "county", "district")


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded and checked once (a duplicate name or alias clash raises)."""
    data = datafiles.load("regions.toml")
    ambiguous = set(data.get("ambiguous", []))
    places: dict[str, Place] = {}
    surface: dict[str, str] = {}
    for entry in data["place"]:
        name = entry["name"]
        if set(entry) - _PLACE_KEYS:  # a top-level key written after a [[place]] lands in it
            raise DataError("regions.toml", name, f"unknown keys {sorted(set(entry) - _PLACE_KEYS)}")
        if name in places:
            raise DataError("regions.toml", name, "listed twice")
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
            raise DataError("regions.toml", parent, "unknown parent")
    qualified, guarded = _add_counties(places, surface, ambiguous)
    lengths: dict[str, set[int]] = defaultdict(set)
    for word in surface:
        lengths[word[0]].add(len(word))
    groups = {k: tuple(v) for k, v in data.get("groups", {}).items()}
    if any(len(word) < 2 for word in surface):
        raise DataError("regions.toml", min(surface, key=len), "a place name has at least two characters")
    return Gazetteer(places, surface, groups, qualified,
                     {c: tuple(sorted(n, reverse=True)) for c, n in lengths.items()}, guarded,
                     frozenset(word[:2] for word in surface))


def _add_counties(
    places: dict[str, Place], surface: dict[str, str], ambiguous: set[str]
) -> tuple[dict[str, int], frozenset[str]]:
    """Merge ``counties.toml`` into ``places``/``surface`` (entries of regions.toml win). A name that
    several parents have (鼓楼区, 城区) or that is a common word (``ambiguous``: 和县) is recognised
    only right after its city (南京市鼓楼区, 石家庄桥西区); such a homonym is keyed city + name.
    Returns the qualified surfaces with the length of their city part, and the two-character
    names that need a free left boundary."""
    units: list[dict[str, Any]] = datafiles.load("counties.toml")["county"]
    parents: dict[str, set[str]] = defaultdict(set)
    for u in units:
        parents[u["name"]].add(u["parent"])
    qualified: dict[str, int] = {}
    guarded: set[str] = set()
    for u in units:
        name, parent = u["name"], u["parent"]
        if u["level"] not in LEVELS:
            raise DataError("counties.toml", name, f"unknown level {u['level']}")
        if parent not in places:
            raise DataError("counties.toml", name, f"unknown parent {parent}")
        if places.get(name) is not None and places[name].parent == parent:
            continue  # regions.toml has it (with its aliases)
        homonym = len(parents[name]) > 1 or name in places
        key = parent + name if homonym else name
        places[key] = Place(name, u["level"], parent, ())
        if not homonym and name not in ambiguous and name not in surface:
            surface[name] = key
            if len(name) == 2:
                guarded.add(name)
            continue
        above = places[parent]
        for prefix in (above.name, *(a for a in above.aliases if a not in ambiguous)):
            if surface.setdefault(prefix + name, key) == key:
                qualified[prefix + name] = len(prefix)
    return qualified, frozenset(guarded)


def find_regions(text: str) -> list[RegionMention]:
    """Places named in ``text`` (full names; an alias maps to its place)."""
    return list(_find_regions(text))


@lru_cache(maxsize=8192)
def _find_regions(text: str) -> tuple[RegionMention, ...]:
    """:func:`find_regions`, memoised: assembly asks about the same clauses and headings again."""
    g = gazetteer()
    if g.lengths.keys().isdisjoint(text):  # no first character of any place: nothing to look up
        return ()
    out: list[RegionMention] = []
    firsts, pairs = g.lengths, g.pairs
    i = 0
    # where a place may start (its first two characters), found in one pass
    for at in [j for j, c in enumerate(text) if c in firsts and text[j : j + 2] in pairs]:
        if at < i:
            continue
        word = g.word_at(text, at)
        if word is None:
            continue
        i = at
        out += _mentions(g, text, word, i)
        i = out[-1].end
        # a place of its own written right after (河南滑县): its left boundary hid it
        while (word := g.word_at(text, i, glued=True)) is not None:
            inner = _mentions(g, text, word, i)
            if out[-1].key not in ancestors(inner[-1].key)[1:]:
                break
            out += inner
            i = inner[-1].end
    return tuple(r for i, r in enumerate(out) if not _is_qualifier(r, out[i + 1] if i + 1 < len(out) else None))


def _mentions(g: Gazetteer, text: str, written: str, start: int) -> list[RegionMention]:
    """The mention of ``written`` at ``start``; a homonym written after its city (南京市鼓楼区) is
    two mentions, the city (which only qualifies it, see :func:`_is_qualifier`) and the unit."""
    key = g.surface[written]
    place = g.places[key]
    end = start + len(written)
    # an alias of a city directly followed by 市 is the city itself (石家庄 + 市 are one word)
    if text[end : end + 1] == "市" and not written.endswith("市") and place.level == "city":
        end += 1
    unit = RegionMention(start, end, place.name, place.level, key)
    cut = g.qualified.get(written)
    if cut is None:
        return [unit]
    city = g.places[place.parent or ""]
    return [RegionMention(start, start + cut, city.name, city.level, city.name),
            RegionMention(start + cut, end, place.name, place.level, key)]


def _is_qualifier(r: RegionMention, nxt: RegionMention | None) -> bool:
    """A province written right before one of its own places (河北省石家庄) only qualifies it."""
    return nxt is not None and nxt.start == r.end and r.key in ancestors(nxt.key)[1:]


def ancestors(name: str) -> list[str]:
    """``name`` (a key of the gazetteer) and every place above it, nearest first (太原市, 山西省)."""
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


@cache
def place_levels() -> dict[str, str]:
    """Full place name (and gazetteer key) → level, for jurisdiction (one dict: do not mutate)."""
    places = gazetteer().places
    return {p.name: p.level for p in places.values()} | {k: p.level for k, p in places.items()}


def canonical_place(name: str) -> str | None:
    """The full name of a place as written (an alias or a full name), or None."""
    key = gazetteer().surface.get(name)
    return gazetteer().places[key].name if key is not None else None
