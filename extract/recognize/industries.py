"""Industries named in a text, resolved to the taxonomy of ``data/industries.toml``.

An industry word (a name, an alias or a process unit: 高炉 → 钢铁) is a mention unless it
sits inside a 《title》, inside an organisation's name (…建材有限公司, 省水泥行业协会) or
inside a longer non-industry word (焦炉煤气). A bracket right after it qualifies it:
"水泥(不含粉磨站)" carves out 水泥粉磨站, "有色(电解铝、氧化铝)" lists members, and
"钢铁(含高炉铸造一体和铁合金企业)" includes others. The evidence span is the industry word
alone; ``full_end`` also covers a trailing 行业/企业/生产线 and the bracket.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

import regex

from extract.core import datafiles
from extract.core.errors import DataError


@dataclass(frozen=True, slots=True)
class TaxonomyEntry:
    name: str
    parent: str | None
    aliases: tuple[str, ...]
    units: tuple[str, ...]  # process units that name the industry
    context_aliases: tuple[str, ...]
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IndustryMention:
    start: int
    end: int
    name: str  # canonical
    parent: str | None  # canonical group
    excludes: tuple[str, ...]  # canonical names carved out right after it
    exclusion_text: str | None  # the carve-out clause as written ("不含天然气为燃料")
    includes: tuple[str, ...]  # canonical names listed in a bracket right after it
    surface: str = ""  # the industry word as written
    via_unit: bool = False  # named by a process unit (高炉, 焦炉, 水泥窑 …)
    full_end: int = 0  # end of the word with its trailing 行业/企业… and bracket
    include_spans: tuple[tuple[int, int], ...] = ()  # where each of ``includes`` is written
    exclusion_parts: tuple[str, ...] = ()  # each carved-out item as written, marks removed
    known: bool = True  # False: a name the taxonomy does not hold (extract.recognize.open_industries)


@dataclass(frozen=True)
class _Vocabulary:
    entries: dict[str, TaxonomyEntry]
    surface: dict[str, str]  # casefolded surface → canonical name ("" for a blocker)
    units: frozenset[str]
    context: frozenset[str]
    generic: tuple[str, ...]
    pattern: regex.Pattern[str]
    suffix: regex.Pattern[str]
    org: regex.Pattern[str]
    org_adjacent: regex.Pattern[str]
    context_after: regex.Pattern[str]
    context_before: frozenset[str]
    paren: regex.Pattern[str]
    exclude_clause: regex.Pattern[str]
    include_clause: regex.Pattern[str]
    part_split: regex.Pattern[str]
    part_trailer: regex.Pattern[str]
    clause_split: regex.Pattern[str]


_TITLE = regex.compile(r"《[^《》\n]*》")


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _taxonomy_text() -> str:
    """The text of ``data/industries.toml`` (one place to read it, so tests can extend it)."""
    return datafiles.read_text("industries.toml")


@cache
def _vocab() -> _Vocabulary:
    data = datafiles.parse("industries.toml", _taxonomy_text())
    entries: dict[str, TaxonomyEntry] = {}
    for raw in data["industry"]:
        name = raw.get("name", "")
        missing = {"name", "parent", "aliases", "units", "context_aliases", "examples", "counter_examples"} - set(raw)
        if missing or not name:
            raise DataError(f"industries.toml: entry {name or raw!r} lacks {sorted(missing) or 'a name'}")
        if name in entries:
            raise DataError(f"industries.toml: {name} is listed twice")
        words = (name, *raw["aliases"], *raw["units"])
        stray = set(raw["context_aliases"]) - set(words)
        if stray:
            raise DataError(f"industries.toml: {name}: context_aliases {sorted(stray)} are not its aliases")
        entries[name] = TaxonomyEntry(
            name=name,
            parent=raw["parent"] or None,
            aliases=tuple(raw["aliases"]),
            units=tuple(raw["units"]),
            context_aliases=tuple(raw["context_aliases"]),
            examples=tuple(raw["examples"]),
            counter_examples=tuple(raw["counter_examples"]),
        )
    surface: dict[str, str] = {}
    for e in entries.values():
        if e.parent is not None and e.parent not in entries:
            raise DataError(f"industries.toml: {e.name}: unknown parent {e.parent}")
        for word in (e.name, *e.aliases, *e.units):
            key = word.casefold()
            if surface.get(key, e.name) != e.name:
                raise DataError(f"industries.toml: {word} names both {surface[key]} and {e.name}")
            surface[key] = e.name
    match = data["match"]
    for word in match["blockers"]:
        if word.casefold() in surface:
            raise DataError(f"industries.toml: blocker {word} is also an industry word")
        surface[word.casefold()] = ""
    for word in match["generic"]:
        if word.casefold() in surface and surface[word.casefold()]:
            raise DataError(f"industries.toml: generic word {word} is an industry word")
    ctx = data["context"]
    par = data["paren"]
    suffixes = _alternation(match["suffixes"])
    return _Vocabulary(
        entries=entries,
        surface=surface,
        units=frozenset(u.casefold() for e in entries.values() for u in e.units),
        context=frozenset(w.casefold() for e in entries.values() for w in e.context_aliases),
        generic=tuple(match["generic"]),
        pattern=regex.compile(_alternation(list(surface)), regex.IGNORECASE),
        suffix=regex.compile(f"(?:{suffixes})"),
        org=regex.compile(
            rf"[^\s,.。;:、()《》“”\"]{{0,{int(match['org_window'])}}}?(?:{_alternation(match['org_suffixes'])})"
        ),
        org_adjacent=regex.compile(f"(?:{_alternation(match['org_suffixes_adjacent'])})"),
        context_after=regex.compile(f"(?:{_alternation(ctx['after'])})"),
        context_before=frozenset(ctx["before"]),
        paren=regex.compile(rf"\(([^()\n]{{1,{int(par['max_length'])}}})\)"),
        exclude_clause=regex.compile(
            f"^(?P<mark>{_alternation(par['exclude_marks'])})(?P<body>.*?)(?:{_alternation(par['exclude_trailers'])})?$"
        ),
        include_clause=regex.compile(f"^(?P<mark>{_alternation(par['include_marks'])})(?P<body>.*)$"),
        part_split=regex.compile(f"(?:{_alternation(par['part_separators'])})"),
        part_trailer=regex.compile(f"(?:{_alternation(par['part_trailers'])})$"),
        clause_split=regex.compile(r"[,;]"),
    )


def taxonomy() -> dict[str, TaxonomyEntry]:
    """Canonical name → entry (name, parent, aliases, units …), for other stages."""
    return dict(_vocab().entries)


def generic_words() -> tuple[str, ...]:
    """Words that look like industries but are not (重点行业, 工业企业 …)."""
    return _vocab().generic


def canonical_industry(name: str) -> str | None:
    """The canonical name of an industry as written (alias, unit or name; a trailing
    行业/企业/生产线 is ignored), or None."""
    v = _vocab()
    word = name.strip()
    while word:
        hit = v.surface.get(word.casefold())
        if hit:
            return hit
        stripped = v.part_trailer.sub("", word)
        if stripped == word:
            break
        word = stripped
    return None


def _title_spans(text: str) -> tuple[list[int], list[int]]:
    starts, ends = [], []
    for m in _TITLE.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def _inside(pos: int, starts: list[int], ends: list[int]) -> bool:
    i = bisect_right(starts, pos) - 1
    return i >= 0 and pos < ends[i]


def _word_hits(text: str) -> list[list]:
    """[start, end, name, surface] of every industry word that is a mention."""
    v = _vocab()
    t_starts, t_ends = _title_spans(text)
    hits: list[list] = []
    for m in v.pattern.finditer(text):
        s, e = m.span()
        key = m.group().casefold()
        name = v.surface[key]
        if not name or _inside(s, t_starts, t_ends):
            continue
        if hits and hits[-1][1] == s and hits[-1][2] == name:
            hits[-1][1] = e  # 火电燃煤机组, 通用水泥熟料: one mention
            hits[-1][3] += m.group()
            continue
        # an ordinary word (电力, 熟料) names an industry only next to an industry word or in
        # a list — or when it is the whole text (a name looked up on its own)
        if key in v.context and not (
            v.context_after.match(text, e)
            or (s > 0 and text[s - 1] in v.context_before)
            or (s == 0 and e == len(text))
        ):
            continue
        if v.org_adjacent.match(text, e) or v.org.match(text, e):
            continue
        hits.append([s, e, name, m.group()])
    return hits


def _parse_parts(body: str, offset: int) -> list[tuple[str, str, int, int]]:
    """Split a bracket clause into members: (as written, canonical or "", start, end)."""
    v = _vocab()
    out = []
    pos = 0
    for piece in [*v.part_split.split(body)]:
        start = body.index(piece, pos) if piece else pos
        pos = start + len(piece)
        word = piece.strip()
        if not word:
            continue
        lead = start + (len(piece) - len(piece.lstrip()))
        core = word
        while (cut := v.part_trailer.sub("", core)) != core and cut:
            core = cut  # 铁合金企业 → 铁合金: the span covers the industry word only
        out.append((word, canonical_industry(word) or "", offset + lead, offset + lead + len(core)))
    return out


def _qualify(text: str, hit: list) -> IndustryMention:
    v = _vocab()
    s, e, name, surface = hit
    pos = e
    sm = v.suffix.match(text, pos)
    if sm:
        pos = sm.end()
    excludes: list[str] = []
    excl_texts: list[str] = []
    excl_parts: list[str] = []
    includes: list[str] = []
    include_spans: list[tuple[int, int]] = []
    pm = v.paren.match(text, pos)
    if pm:
        body_start = pm.start(1)
        clause_pos = 0
        for clause in v.clause_split.split(pm.group(1)):
            c_start = body_start + pm.group(1).index(clause, clause_pos)
            clause_pos = c_start - body_start + len(clause)
            ex = v.exclude_clause.match(clause)
            inc = None if ex else v.include_clause.match(clause)
            if ex:
                excl_texts.append(clause)
                for word, canon, _, _ in _parse_parts(ex.group("body"), c_start + ex.start("body")):
                    excl_parts.append(word)
                    if canon and canon not in excludes:
                        excludes.append(canon)
                continue
            body, b_start = (inc.group("body"), c_start + inc.start("body")) if inc else (clause, c_start)
            for _, canon, ps, pe in _parse_parts(body, b_start):
                if canon and canon != name and canon not in includes:
                    includes.append(canon)
                    include_spans.append((ps, pe))
        pos = pm.end()
        sm = v.suffix.match(text, pos)
        if sm:
            pos = sm.end()
    return IndustryMention(
        start=s,
        end=e,
        name=name,
        parent=v.entries[name].parent,
        excludes=tuple(excludes),
        exclusion_text=",".join(excl_texts) or None,
        includes=tuple(includes),
        surface=surface,
        via_unit=surface.casefold() in v.units,
        full_end=pos,
        include_spans=tuple(include_spans),
        exclusion_parts=tuple(excl_parts),
    )


def find_industries(text: str) -> list[IndustryMention]:
    """Industry mentions in normalised ``text``, sorted by start, not overlapping.

    Words inside the bracket that qualifies a mention are not reported on their own: they
    are in its ``includes``/``excludes``.
    """
    out: list[IndustryMention] = []
    covered = 0
    for hit in _word_hits(text):
        if hit[0] < covered:
            continue
        mention = _qualify(text, hit)
        out.append(mention)
        covered = mention.full_end
    return out


def expand_industry_list(text: str) -> list[IndustryMention]:
    """Every industry of a scope list, nested members flattened after their head.

    "有色(电解铝、氧化铝)" → 有色, 电解铝, 氧化铝 (parents from the taxonomy). Each name
    once, at its first mention.
    """
    v = _vocab()
    out: list[IndustryMention] = []
    seen: set[str] = set()
    for m in find_industries(text):
        if m.name not in seen:
            seen.add(m.name)
            out.append(m)
        for name, (s, e) in zip(m.includes, m.include_spans, strict=True):
            if name in seen:
                continue
            seen.add(name)
            out.append(
                IndustryMention(
                    start=s, end=e, name=name, parent=v.entries[name].parent, excludes=(), exclusion_text=None,
                    includes=(), surface=text[s:e], via_unit=False, full_end=e,
                )
            )
    return out
