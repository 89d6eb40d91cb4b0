"""What the outline says about a block: the conditions a clause inherits from above it.

A condition stated once governs everything under it. The context of a block is built as a
stack, outermost first: the notice's title, each enclosing heading (or compilation plan),
then the block itself; a nearer level overrides a farther one, and the clause's own words
override them all (see :func:`extract.assemble.rules.block_rules`). What a level can state:

- industries and tier (``焦化行业`` / ``ⅱ类:`` headings);
- an alert level (``某市重污染天气橙色预警Ⅱ级响应减排措施``, ``(二)橙色预警期间``);
- non-compliance (``未完成超低排放改造的企业:``);
- places (``(一)石家庄市、邢台市``; a compilation plan about one city).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import regex

from extract.assemble.conditions import is_follow_alert
from extract.assemble.distribute import BlockContext
from extract.assemble.mentions import Mentions
from extract.assemble.vocab import cue, vocab
from extract.outline import Node
from extract.recognize.grades import find_tiers
from extract.recognize.regions import find_regions

#: a heading longer than this is a sentence, not a heading that governs what follows
_HEADING_MAX = 40
# what may stand in a heading besides place names: separators, markers and filler words
_PLACE_FILLER = regex.compile(r"[、,，和及与:()（）\s]|地区|片区|区域|城市|等|各县\(市、区\)|所辖|辖区|范围内?")
_LEADING_MARKER = regex.compile(r"^\s*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）.、]?)")
_COLOUR = regex.compile(r"[黄橙红]色")
_SENTENCE_MARK = regex.compile(r"[,;。]")


@dataclass(frozen=True)
class Level:
    """What one level of the context stack states (None / empty = says nothing)."""

    alert: str | None = None
    noncompliant: bool | None = None
    regions: tuple[str, ...] = ()


def heading_level(text: str, start: int, end: int, m: Mentions) -> Level:
    """The conditions a heading (or a title) states for everything under it."""
    heading = text[start:end]
    levels = {a.level for a in m.within("alerts", start, end) if not is_follow_alert(text, a.start)}
    colours = set(_COLOUR.findall(heading))
    # 黄色、橙色、红色预警措施: a table of levels, not a condition
    alert = levels.pop() if len(levels) == 1 and len(colours) <= 1 else None
    noncompliant = True if vocab().noncompliant.search(heading) else None
    return Level(alert=alert, noncompliant=noncompliant, regions=heading_places(heading))


def heading_places(heading: str) -> tuple[str, ...]:
    """The places a heading consists of ("(一)石家庄市、邢台市", "乌鲁木齐市、昌吉州:"), canonical;
    empty when the heading says more than places (then they are not its subject)."""
    found = find_regions(heading)
    if not found:
        return ()
    rest = heading
    for r in sorted(found, key=lambda r: -r.start):
        rest = rest[: r.start] + rest[r.end :]
    rest = _PLACE_FILLER.sub("", _LEADING_MARKER.sub("", rest))
    if len(rest) > 2:
        return ()
    return tuple(dict.fromkeys(r.name for r in found))


def plan_places(text: str, plan: Node) -> tuple[str, ...]:
    """The one county or city a compilation plan is about: a county-level place it names more
    than once, or the only one when it speaks of 我县; else the city it names most (a plan for
    怀仁市 names 朔州市, the city it reports to, as well)."""
    return _places_of_plan(text[plan.start : plan.end])


@lru_cache(maxsize=256)
def _places_of_plan(body: str) -> tuple[str, ...]:
    """:func:`plan_places` of a plan's text (memoised: every block of a plan asks)."""
    counts = Counter((r.name, r.level) for r in find_regions(body))
    counties = {n: c for (n, lv), c in counts.items() if lv in ("county", "district")}
    if counties:
        top = max(counties.values())
        best = [n for n, c in counties.items() if c == top]
        if len(best) == 1 and (top >= 2 or (len(counties) == 1 and "我县" in body)):
            return (best[0],)
    cities = {n: c for (n, lv), c in counts.items() if lv == "city"}
    if cities:
        top = max(cities.values())
        best = [n for n, c in cities.items() if c == top]
        if len(best) == 1:
            return (best[0],)
    return ()


def block_context(node: Node, m: Mentions, text: str | None = None, title: Level | None = None,
                  kiln_topic: bool = False) -> BlockContext:
    """Industries, tier, alert level, non-compliance and places that the title and the headings
    above a block (and its own marker) give it; the nearest level that states one wins."""
    tier = None
    industries: list[str] = []
    levels: list[Level] = []  # nearest first
    chain = [node, *node.ancestors()]
    for n in chain:
        if n.marker == "tier" and tier is None:
            tier = tier_of(n.label)
        if n is node or n.kind not in ("item", "plan"):
            continue
        title_end = n.start + len(n.label) + len(n.title)
        if not industries and n.title:
            found = [i.name for i in m.within("industries", n.start, title_end)]
            if found and len(n.title) <= _HEADING_MAX:
                industries = list(dict.fromkeys(found))
        if text is not None and n.title and len(n.title) <= _HEADING_MAX:
            levels.append(heading_level(text, n.start, title_end, m))
        if text is not None and n.kind == "plan":
            levels.append(Level(regions=plan_places(text, n)))
    if title is not None:
        levels.append(title)
    alert = next((lv.alert for lv in levels if lv.alert), None)
    noncompliant = next((lv.noncompliant for lv in levels if lv.noncompliant is not None), None)
    regions = next((list(lv.regions) for lv in levels if lv.regions), [])
    kiln = (kiln_topic and not industries) or bool(set(industries) & vocab().kiln_industries)
    return BlockContext(industries=industries, tier=tier, alert=alert, noncompliant=noncompliant, regions=regions,
                        kiln=kiln)


def title_level(text: str, start: int, end: int, m: Mentions) -> Level:
    """What a notice's title states for all its measures: an alert level (never places: the
    places of a title are its jurisdiction)."""
    if _SENTENCE_MARK.search(text, start, end):  # a sentence taken as the title: it governs nothing
        return Level()
    return Level(alert=heading_level(text, start, end, m).alert)


def lead_level(text: str, end: int, m: Mentions) -> Level:
    """The alert a notice puts in force in its lead ("…全市启动重污染天气Ⅱ级应急响应,…现将有关事项
    通知如下:"): it governs every measure below. Only an alert that is started, issued or raised
    (启动/发布/升级/调整为/开始采取, ``[cues] alert_started``) counts, and only one level."""
    levels = {a.level for a in m.within("alerts", 0, end)
              if not is_follow_alert(text, a.start) and cue("alert_started").search(text, max(0, a.start - 14), a.start)}
    return Level(alert=levels.pop()) if len(levels) == 1 else Level()


def tier_of(label: str) -> str | None:
    """The tier an outline label names (ⅱ类: → II), read by the tier recogniser."""
    found = find_tiers(label)
    return found[0].tier if found and found[0].start == 0 else None

