"""Organisation names (issuing bodies): a place or national prefix plus an institutional suffix."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from extract.core import datafiles


@dataclass(frozen=True, slots=True)
class OrganizationMention:
    start: int
    end: int
    name: str
    place: str | None  # the place prefix (山西省, 周村区) or None for a national body


def _alt(words: list[str]) -> str:
    return "|".join(map(regex.escape, sorted(words, key=len, reverse=True)))


@cache
def _data() -> dict:
    return datafiles.load("organizations.toml")


@cache
def _pattern() -> regex.Pattern[str]:
    d = _data()
    place = r"(?:(?!各|本|全|我|该|有关|相关|所在|当地)[^\W\d_厅局部委办室会]{1,9}?(?:维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|省|市|县|区|州|盟|旗|兵团))"
    office = rf"(?:{_alt(d['office_suffixes'])})"
    national = rf"(?:{_alt(d['national_prefixes'])})"
    return regex.compile(
        rf"(?P<org>(?P<place>{place}+)\p{{Han}}{{0,16}}?{suffix_pattern()}|(?P<nat>{national}){office}?)"
    )


def suffix_pattern() -> str:
    """An organisation name's institutional ending as a pattern: a body suffix (指挥部, 领导小组,
    局) and an optional office suffix (办公室), from ``organizations.toml``."""
    d = _data()
    return rf"(?:{_alt(d['body_suffixes'])})(?:{_alt(d['office_suffixes'])})?"


def find_organizations(text: str) -> list[OrganizationMention]:
    """Organisation names in ``text`` (non-overlapping, in order)."""
    out = []
    lead = _leading()
    for m in _pattern().finditer(text):
        cut = lead.match(m.group())
        skip = cut.end() if cut else 0
        place = m.group("place")
        if place and skip:
            place = place[skip:] if len(place) > skip else None
        start = m.start() + skip
        if place:
            trimmed = _known_place_start(place)
            if trimmed is None:
                continue
            start += trimmed
            place = place[trimmed:]
        if text[max(0, start - 1) : start] == "从":  # "记者从淄博市环保局获悉": a source, not an issuer
            continue
        name = text[start : m.end()]
        if place:
            inner = _most_specific(place)
            if inner != place:  # 河南省新乡市生态环境局 → 新乡市生态环境局
                start += len(place) - len(inner)
                name, place = text[start : m.end()], inner
        name = _GOVERNMENT.sub(r"\1人民政府", name)  # 唐山市政府 → 唐山市人民政府 (the full name)
        name = _full_names().get(name, name)
        if place:
            name = canonical_body(name)
        out.append(OrganizationMention(start, m.end(), name, place))
        # "贵州省工业和信息化厅和生态环境厅": a second body that shares the first one's place
        shared = _shared_place().match(text, m.end())
        first_place = _leading_place(name) if shared else None
        if first_place and shared:
            out.append(OrganizationMention(shared.start("body"), shared.end(),
                                           canonical_body(first_place + shared.group("body")), first_place))
    return [o for o in out if o.name]


@cache
def _shared_place() -> regex.Pattern[str]:
    """A body named right after another without a place ("…厅和生态环境厅"); bodies from the data file."""
    d = _data()
    # (the separator may be a comma, and the level word may stand again: "山西省工信厅和省生态环境厅")
    return regex.compile(
        rf"(?:和|、|及|与|,)(?:省|市|区|县)?(?P<body>(?:{_alt(d['bare_bodies'])})(?:{_alt(d['body_suffixes'])}))"
    )


@cache
def _abbreviations() -> tuple[tuple[regex.Pattern[str], str], ...]:
    d = _data().get("abbreviations", {})
    office = _alt(_data()["office_suffixes"])
    return tuple((regex.compile(rf"{regex.escape(k)}(?=(?:{office})?$)"), v)
                 for k, v in sorted(d.items(), key=lambda kv: -len(kv[0])))


def canonical_body(name: str) -> str:
    """The full name of a body written short after its place (湖南省经信委 → 湖南省经济和信息化委员会,
    万盛经开区生态环境局 → 万盛经济技术开发区生态环境局); word pairs in ``organizations.toml``."""
    for pattern, full in _abbreviations():
        name = pattern.sub(full, name, count=1)
    for short, full in _data().get("infix_abbreviations", {}).items():
        name = name.replace(short, full)
    return name


@cache
def _full_names() -> dict[str, str]:
    return dict(_data().get("full_names", {}))


_GOVERNMENT = regex.compile(r"^(\p{Han}{1,9}?[省市县区])政府")


def _leading_place(name: str) -> str | None:
    """The known place a name starts with (贵州省工业和信息化厅 → 贵州省)."""
    from extract.recognize.regions import find_regions

    found = find_regions(name)
    return name[: found[0].end] if found and found[0].start == 0 else None


def _most_specific(place: str) -> str:
    """The last known place of a nested prefix (河南省新乡市 → 新乡市)."""
    from extract.recognize.regions import find_regions

    found = find_regions(place)
    if found and found[-1].start > 0 and found[-1].end == len(place):
        return place[found[-1].start :]
    return place


def _known_place_start(place: str) -> int | None:
    """Where the known place inside a matched prefix starts (记者从淄博市 → 3), or None."""
    from extract.recognize.regions import gazetteer

    g = gazetteer()
    for i in range(len(place)):
        rest = place[i:]
        first = g.pattern.match(rest)
        if first and (first.group() in g.places or rest in g.places or rest.endswith(("省", "市", "县", "区", "州", "兵团"))):
            return i
    return None


@cache
def _leading() -> regex.Pattern[str]:
    return regex.compile("^(?:" + _alt(_data()["leading_words"]) + ")+")


def examples() -> tuple[list, list]:
    """(examples, counter_examples) from the data file, for tests."""
    d = _data()
    return d["examples"], d["counter_examples"]
