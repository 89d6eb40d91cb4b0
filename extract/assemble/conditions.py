"""Condition reading: what a piece of a clause says about who a measure is for.

A :class:`Cond` holds meaning only (grades, alert level, heating, process, zone, policy,
non-compliance, places, industries, criteria); where its grades and industries stand in the
text is kept apart in :class:`Anchors`, which only pairing needs ("A、B级化肥企业" keeps the
grades with the industry, "A级企业…以及焦化企业" makes two subjects).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import regex

from extract.assemble.clauses import CITED_TITLE, HAN, ITEM_MARK, Span, without
from extract.assemble.mentions import Mentions
from extract.assemble.vocab import cue, vocab
from extract.recognize.industries import taxonomy
from extract.recognize.regions import canonical_place, find_regions, place_runs


@dataclass(frozen=True)
class Anchors:
    """Text positions of a condition's grades and industries."""

    grade_start: int | None = None
    grade_end: int | None = None
    industry_starts: tuple[int, ...] = ()
    industry_ends: tuple[int, ...] = ()

    def paired(self) -> bool:
        """Grades and an industry written together: "A、B级化肥企业", "铸造C级企业"."""
        return any(0 <= p - (self.grade_end or 0) <= 4 for p in self.industry_starts) or any(
            0 <= (self.grade_start or 0) - e <= 2 for e in self.industry_ends)

    def industries_within(self, start: int, end: int) -> bool:
        """Whether every industry was named inside ``[start, end)``."""
        return bool(self.industry_starts) and all(start <= p < end for p in self.industry_starts)


@dataclass
class Cond:
    """Condition pieces gathered from text (meaning), with their anchors (positions)."""

    grades: list[str] = field(default_factory=list)
    alert: str | None = None
    heating: bool | None = None
    process: str | None = None
    zone: str | None = None
    policy: str | None = None
    noncompliant: bool | None = None
    regions: list[str] = field(default_factory=list)  # canonical places the clause is limited to
    industries: list[str] = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)  # industries named only by a process unit (高炉, 水泥窑)
    by_unit: list[str] = field(default_factory=list)  # industries of a list named by their process units
    topic: bool = False  # the industry is named as a topic ("钢铁行业要求:"), not as an alternative subject
    at: Anchors = field(default_factory=Anchors)

    def merged(self, other: Cond) -> Cond:
        """``self`` with ``other``'s stated fields on top."""
        return Cond(
            grades=other.grades or self.grades,
            alert=other.alert or self.alert,
            heating=other.heating if other.heating is not None else self.heating,
            process=other.process or self.process,
            zone=other.zone or self.zone,
            policy=other.policy or self.policy,
            noncompliant=other.noncompliant if other.noncompliant is not None else self.noncompliant,
            regions=other.regions or self.regions,
            industries=other.industries or self.industries,
            criteria=self.criteria + other.criteria,
            units=other.units or self.units,
            by_unit=other.by_unit if other.industries else self.by_unit,
            topic=other.topic or self.topic,
            at=Anchors(
                grade_start=other.at.grade_start if other.grades else self.at.grade_start,
                grade_end=other.at.grade_end if other.grades else self.at.grade_end,
                industry_starts=other.at.industry_starts if other.industries else self.at.industry_starts,
                industry_ends=other.at.industry_ends if other.industries else self.at.industry_ends,
            ),
        )

    def is_empty(self) -> bool:
        return not (self.grades or self.alert or self.heating is not None or self.process or self.zone
                    or self.policy or self.noncompliant or self.industries or self.regions)

    def is_subject(self) -> bool:
        """Whether it names who a measure is for (grades, non-compliance or industries)."""
        return bool(self.grades or self.noncompliant or self.industries)

    def without_grades(self) -> Cond:
        return replace(self, grades=[], at=replace(self.at, grade_start=None, grade_end=None))

    def without_industries(self, units: bool = True) -> Cond:
        """The condition without its industries (and, by default, without its process units)."""
        return replace(self, industries=[], units=[] if units else self.units,
                       at=replace(self.at, industry_starts=(), industry_ends=()))

    def industries_only(self, regions: bool = False, grades: bool = False) -> Cond:
        """Only the industries (and, if asked, the places and grades) of the condition."""
        return Cond(industries=self.industries, by_unit=self.by_unit, regions=self.regions if regions else [],
                    grades=self.grades if grades else [],
                    at=Anchors(grade_start=self.at.grade_start if grades else None,
                               grade_end=self.at.grade_end if grades else None,
                               industry_starts=self.at.industry_starts, industry_ends=self.at.industry_ends))


_QUOTES = regex.compile(r"[“”\"]")
_SECTOR_WORD = regex.compile(r"行业|企业")
_LIST_SEP = regex.compile(r"[、,]")
_AND = regex.compile(r"[和及与]")
_PLACE_END = regex.compile(r"[市县区州盟]$")
_PLACE_GAP = regex.compile(r"[、,，和及与\s]*")
_ETC = regex.compile(r"等")
#: a label before a colon at a clause's head ("二、错峰生产的时间安排:")
LABEL = regex.compile(r"^\s*[^,;:。]{1,20}:")
_PLACE_LIST = regex.compile(
    r"^\s*(?:[(]\S{1,3}[)]|\d{1,2}[.、]|[一二三四五六七八九十]+、)?"
    r"(?P<zone>(?:\p{Han}{2,8}?[、和及与])*\p{Han}{2,8}?)"
    r"(?::|的(?!\p{Han}{0,3}(?:企业|生产线)?(?:限产|停产|错峰))|(?P<dates>(?=\d{4}年\d{1,2}月))"
    r"|(?P<days>(?=\d{1,2}月\d{1,2}日))"
    r"|(?=停产|停窑|实施|执行|全部|水泥|熟料))"
)


@cache
def _parents() -> dict[str, str]:
    return {name: e.parent for name, e in taxonomy().items() if e.parent}


@cache
def _groups() -> frozenset[str]:
    """Groups of the taxonomy that are only groups (建材, 有色, 化工: no process unit of their own):
    建材(水泥)行业 names its member 水泥, while 钢铁(含独立轧钢) stays 钢铁."""
    return frozenset(p for p in _parents().values() if not taxonomy()[p].units)


def conditions_in(text: str, a: int, b: int, m: Mentions, exclude: Sequence[Span] = ()) -> Cond:
    """Condition pieces stated in ``text[a:b]`` (mentions inside ``exclude`` left out)."""
    v = vocab()
    piece = text[a:b]

    def kept(x: Any) -> bool:
        return not any(s <= x.start and x.end <= e for s, e in exclude)

    cond = Cond()
    grades: list[str] = []
    grade_start = grade_end = None
    carved = [(x.start() + a, x.end() + a) for x in cue("except").finditer(piece)]
    for g in m.within("grades", a, b):
        if kept(g) and not any(s <= g.start < e for s, e in carved):  # "(电窑、A级企业除外)"
            grades.extend(x for x in g.grades if x not in grades)
            grade_end = g.end
            grade_start = g.start if grade_start is None else grade_start
    cond.grades = grades
    for al in m.within("alerts", a, b):
        if (kept(al) and not v.follow_alert.match(text, al.start) and not is_follow_alert(text, al.start)
                and not cue("alert_list_class").match(text, al.end)):  # "黄色预警停产的企业": a list's name
            cond.alert = al.level
            break
    if v.heating_false.search(piece):
        cond.heating = False
    elif v.heating_true.search(piece):
        cond.heating = True
    if v.continuous.search(piece):
        cond.process = "continuous"
    elif v.interruptible.search(piece):
        cond.process = "interruptible"
    pm = v.policy.search(piece)
    if pm:
        cond.policy = pm.group("cat")
    if v.noncompliant.search(piece):
        cond.noncompliant = True
    _read_places(cond, piece)
    inds, starts, ends = _industries(text, a, b, m, cond, kept, carved)
    cond.by_unit = [n for n in cond.by_unit if n in inds]
    if cue("counted").search(piece):  # "…等12个行业的119家企业": named enterprises, the industries only describe them
        cond.criteria.append(piece.strip(" ,;。"))
        inds, starts, ends = [], [], []
    parents, groups = _parents(), _groups()
    members = {n for n in inds if parents.get(n) in inds}
    if members:  # "水泥、砖瓦、陶瓷…等建材行业": the group word only sums up its members
        keep = [i for i, n in enumerate(inds) if not (n in groups and any(parents.get(x) == n for x in members))]
        inds, starts, ends = [inds[i] for i in keep], [starts[i] for i in keep], [ends[i] for i in keep]
    cond.industries = inds
    cond.topic = any(cue("topic_after").match(text, e) for e in ends)
    cond.at = Anchors(grade_start, grade_end, tuple(starts), tuple(ends))
    return cond


def _read_places(cond: Cond, piece: str) -> None:
    """The zone (位于…的) or the places a clause is limited to."""
    for needs, zp in vocab().zone:
        zm = zp.search(piece) if needs.search(piece) else None
        if zm:
            cond.zone = ITEM_MARK.sub("", _QUOTES.sub("", zm.group("zone")))
            places, _ = places_leading(cond.zone + ":")
            if places:  # "位于长沙市、株洲市和湘潭市的": places of the gazetteer are regions, not a zone
                cond.regions, cond.zone = places, None
            break
    if cond.zone is None:
        cond.regions, cond.zone = places_leading(piece)
    label = LABEL.match(piece) if not cond.regions and cond.zone is None else None
    if label and not find_regions(label.group()):  # "二、错峰生产的时间安排:大连市停窑时间5个月": after the label
        cond.regions, cond.zone = places_leading(piece[label.end() :])
    if not cond.regions and cond.zone is None:
        cond.regions = listed_places(piece)


def _industries(text: str, a: int, b: int, m: Mentions, cond: Cond,
                kept: Any, carved: list[Span]) -> tuple[list[str], list[int], list[int]]:
    """Industries named in ``text[a:b]`` (a group expanded to its members), with their positions;
    an industry named only by its process unit (石灰窑, 高炉) goes to ``cond.units``."""
    inds: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    groups = _groups()
    for ind in m.within("industries", a, b):
        if not kept(ind) or any(s <= ind.start < e for s, e in carved):
            continue
        names = list(getattr(ind, "includes", ()) or ()) if ind.name in groups else []
        in_list = (text[ind.end : ind.end + 1] in ("、", "(") or text[ind.start - 1 : ind.start] == "、"
                   or not text[a : ind.start].strip(" ,;"))  # "石灰窑限制30%": the unit is the subject
        if getattr(ind, "via_unit", False) and not in_list and not _SECTOR_WORD.match(text[ind.end : ind.end + 2]):
            if ind.name not in cond.units:
                cond.units.append(ind.name)
            continue
        if getattr(ind, "via_unit", False) and ind.name not in cond.by_unit:
            cond.by_unit.append(ind.name)  # "烧结机、竖炉、石灰窑执行限产50%"
        for name in names or [ind.name]:
            if name not in inds:
                inds.append(name)
                starts.append(ind.start)
                ends.append(ind.end)
    return inds, starts, ends


def alternatives(cond: Cond, text: str, start: int, end: int) -> list[Cond]:
    """Split a subject joined by 或 into alternatives of different kinds (grade / non-compliance)."""
    if cond.grades and cond.noncompliant and "或" in text[start:end]:
        return [replace(cond, noncompliant=None), replace(cond, grades=[])]
    return [cond]


def criterion(text: str, a: int, b: int) -> str | None:
    """A segment without a measure that narrows the subject ("年产能100万吨以上的", "…的企业")."""
    piece = ITEM_MARK.sub("", text[a:b]).strip(" ,;。")
    if not piece or len(piece) < 4:
        return None
    if cue("criterion").search(piece) or cue("narrowed").search(piece):
        return piece
    return None


def listed_places(piece: str) -> list[str]:
    """Places a clause names as a list anywhere in its subject ("“2+26”城市中石家庄、唐山、邯郸、安阳等
    重点城市…", "传输通道城市(济南、淄博、聊城)水泥企业…"): two or more places side by side, or one
    followed by 等; never inside a cited 《title》 or after 除."""

    quiet = [(t.start(), t.end()) for t in CITED_TITLE.finditer(piece)]
    quiet += [(t.start(), t.end()) for t in cue("including").finditer(piece)]  # 各市(含定州、辛集市): all of them
    found = [r for r in find_regions(piece) if not any(s <= r.start < e for s, e in quiet)
             and "除" not in piece[max(0, r.start - 2) : r.start]]
    out: list[str] = list(_group_members(piece, quiet))
    for g in place_runs(piece, found):
        if len(g) >= 2 or _ETC.match(piece, g[-1].end):
            out.extend(r.name for r in g)
    return list(dict.fromkeys(out))


def _group_members(piece: str, quiet: list[Span]) -> list[str]:
    """The members of the place groups a clause names (长株潭 → 长沙市, 株洲市, 湘潭市), unless it
    names a subset of the group (“2+26”城市中石家庄…)."""
    from extract.recognize.regions import gazetteer

    out: list[str] = []
    for name, members in gazetteer().groups.items():
        at = piece.find(name)
        if at < 0 or any(s <= at < e for s, e in quiet) or cue("group_subset").match(piece, at + len(name)):
            continue
        out.extend(members)
    return out


def places_leading(piece: str) -> tuple[list[str], str | None]:
    """The places a clause opens with, as (canonical regions, zone as written).

    "兰州市、白银市:11月15日至…停产", "银川市、石嘴山市的水泥熟料生产线停产120天", "喀什、克州2018年11月1日
    至…": when every listed name is a place of the gazetteer, they are the rule's regions; a
    list before dates that only looks like places ("其它地州市2018年…") is kept as the zone.
    """

    m = _PLACE_LIST.match(piece)
    if not m:
        return [], None
    zone = m.group("zone")
    found = find_regions(zone)
    rest = _PLACE_GAP.sub("", without(zone, 0, len(zone), [(r.start, r.end) for r in found]))
    if found and (not HAN.search(rest) or canonical_place(rest)):  # "山西太原市" (a qualified city), "兰州、白银"
        return list(dict.fromkeys(r.name for r in found)), None
    names: list[str] = []
    for n in _LIST_SEP.split(m.group("zone")):  # 和田 is a place: split at 和/及/与 only when needed
        parts = _AND.split(n)
        whole = canonical_place(n) or canonical_place(n + "市")
        names.extend([n] if whole or len(parts) == 1 else parts)
    canon = [canonical_place(n) or canonical_place(n + "市") for n in names if n]
    names = [n for n in names if n]
    if all(canon):
        return list(dict.fromkeys(c for c in canon if c)), None
    if m.group("days") is not None:  # "河北滦南县9月28日至…": a headline's place, not a zone
        return [], None
    if m.group("dates") is not None and all(c or _PLACE_END.search(n) for c, n in zip(canon, names, strict=True)):
        return [], m.group("zone")
    return [], None


def is_follow_alert(text: str, pos: int) -> bool:
    """Whether the alert level at ``pos`` is a measure to follow (按不低于橙色预警措施), not a condition."""
    window = text[max(0, pos - 8) : pos + 16]
    return bool(cue("follow_alert_measure").search(window)) and bool(cue("follow_alert_verb").search(window))
