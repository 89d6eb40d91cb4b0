"""Industries the taxonomy does not hold, found by their position (issue 16).

A name is in the position of an industry when it is

- a member of a 、-list whose other members are taxonomy industries, or a list followed by an
  industry head ("橡胶、轧钢、钢锹…营养钵等企业或企业集群" → 钢锹, 营养钵);
- the name before a head that is enough on its own ("鞋服行业", "钢锹企业集群"), or before
  企业/生产线 or a measure when it ends like an industry ("木材加工企业", "石材加工停产");
- the title of a list item whose sibling items are titled by taxonomy industries ("3、碳化硅:");
- in a list, a taxonomy word that goes on ("水泥制品", "玻璃钢"): the whole is the industry
  and the taxonomy word inside is not reported.

Enterprise names (…有限公司/…厂), process units (…炉/…机), places and generic words
(企业, 重点行业, 其他行业) never are. Names are as written (simplified), without
行业/企业/企业集群/生产线. Mentions have the shape of ``IndustryMention`` with ``known=False``.
Word lists and examples: ``data/open_industries.toml``. Lookups run on characters.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

import regex

from extract.core import datafiles
from extract.core.errors import DataError
from extract.recognize.industries import IndustryMention, canonical_industry, find_industries
from extract.recognize.regions import find_regions

_FILE = "open_industries.toml"


class OpenIndustryDataError(DataError):
    """``data/open_industries.toml`` is malformed."""


@dataclass(frozen=True)
class OpenWords:
    heads: regex.Pattern[str]  # a head at the end of a name
    strong: frozenset[str]
    strong_follow: regex.Pattern[str]
    list_known_share: float
    list_head: regex.Pattern[str]
    place_prefix: regex.Pattern[str]
    tails: tuple[str, ...]
    min_chars: int
    max_chars: int
    trail: regex.Pattern[str]
    left: regex.Pattern[str]
    lead: regex.Pattern[str]
    head_scan: regex.Pattern[str]  # heads and measures, for names before them
    measures: frozenset[str]
    extension_stops: tuple[str, ...]
    prefixes: tuple[str, ...]
    prefix_index: dict[str, tuple[str, ...]]  # first character → the prefixes it starts, in ``prefixes`` order
    stop_words: frozenset[str]
    stop_prefixes: tuple[str, ...]
    stop_parts: regex.Pattern[str]
    bad_ends: tuple[str, ...]
    org_after: regex.Pattern[str]
    examples: tuple[tuple[str, tuple[str, ...]], ...]
    counter_examples: tuple[str, ...]


def _pattern(d: dict, key: str) -> regex.Pattern[str]:
    if not isinstance(d.get(key), str) or not d[key]:
        raise OpenIndustryDataError(f"{_FILE}: {key} must be a non-empty pattern")
    return datafiles.compile_pattern(_FILE, key, d[key], OpenIndustryDataError)


@cache
def open_words() -> OpenWords:
    """The word lists of ``data/open_industries.toml``, checked and compiled once."""
    d = datafiles.load(_FILE)

    def words(key: str) -> list[str]:
        return datafiles.word_list(_FILE, {"t": d}, "t", key, OpenIndustryDataError)

    alt = datafiles.alternation
    heads, measures = words("heads"), words("measure_heads")
    strong = set(words("strong_heads"))
    if not strong <= set(heads):
        raise OpenIndustryDataError(f"{_FILE}: strong_heads {sorted(strong - set(heads))} are not heads")
    lo, hi = d.get("min_chars"), d.get("max_chars")
    if not (isinstance(lo, int) and isinstance(hi, int) and 1 <= lo <= hi):
        raise OpenIndustryDataError(f"{_FILE}: min_chars/max_chars must be integers with 1 <= min <= max")
    if not 0 < float(d.get("list_known_share", -1)) <= 1:
        raise OpenIndustryDataError(f"{_FILE}: list_known_share must be in (0, 1]")
    examples = []
    for ex in words("examples"):
        text, sep, names = ex.partition(" => ")
        if not sep:
            raise OpenIndustryDataError(f"{_FILE}: example {ex!r} lacks ' => names'")
        examples.append((text.replace("\\n", "\n"), tuple(names.split())))
    return OpenWords(
        heads=regex.compile(f"(?:{alt(heads)})$"),
        strong=frozenset(strong),
        strong_follow=_pattern(d, "strong_follow"),
        list_known_share=float(d.get("list_known_share", -1)),
        list_head=_pattern(d, "list_head"),
        place_prefix=_pattern(d, "place_prefix"),
        tails=tuple(words("name_tails")),
        min_chars=lo,
        max_chars=hi,
        trail=regex.compile(alt(words("trail_cuts"))),
        left=_pattern(d, "left_boundary"),
        lead=regex.compile(alt(words("lead_cuts"))),
        head_scan=regex.compile(alt(heads + measures)),
        measures=frozenset(measures),
        extension_stops=tuple(words("extension_stops")),
        prefixes=(prefixes := tuple(sorted(words("strip_prefixes"), key=len, reverse=True))),
        prefix_index={c: tuple(p for p in prefixes if p[0] == c) for c in {p[0] for p in prefixes}},
        stop_words=frozenset(words("stop_words")),
        stop_prefixes=tuple(words("stop_prefixes")),
        stop_parts=regex.compile(alt(words("stop_parts"))),
        bad_ends=tuple(words("enterprise_suffixes") + words("unit_suffixes")),
        org_after=regex.compile(alt(words("org_after"))),
        examples=tuple(examples),
        counter_examples=tuple(words("counter_examples")),
    )


_HAN = regex.compile(r"\p{Han}+")
_BRACKET = regex.compile(r"\([^()\n]{0,60}\)")
_TITLE = regex.compile(r"《[^《》\n]*》")
_CLAUSE = regex.compile(r"[^,;。:!?\n\t|]+")
_ITEM_LINE = regex.compile(
    r"^[ \t]*(?P<mark>\d{1,2}[、.]|[一二三四五六七八九十]{1,3}、|\(\d{1,2}\)|\([一二三四五六七八九十]{1,3}\)|l、)"
    r"[ \t]*(?P<title>[^,;。:\n()]{2,16}?)(?:\([^()\n]{0,40}\))?:",
    regex.MULTILINE,
)
_LAST_SPLIT = regex.compile(r"以及|和|及|与")
_MARK_DIGITS = regex.compile(r"[\d一二三四五六七八九十]+")  # an item mark's style: 1、 and 2、 alike
_MASK_BRACKET, _MASK_BREAK = "\x00", "|"


def is_open_industry_name(name: str) -> bool:
    """Whether ``name`` (heads, places and prefixes already removed) can name an industry the
    taxonomy does not hold: Han characters only, not generic, not an enterprise or a unit."""
    w = open_words()
    return bool(
        w.min_chars <= len(name) <= w.max_chars
        and _HAN.fullmatch(name)
        and name not in w.stop_words
        and not name.startswith(w.stop_prefixes)
        and not w.stop_parts.search(name)
        and not name.endswith(w.bad_ends)
        and canonical_industry(name) is None
        and not any(r.end - r.start >= 2 for r in find_regions(name))
    )


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """[a, b) without heads at its end and prefixes or a place at its start."""
    w = open_words()
    while b > a and (h := w.heads.search(text, a, b)):
        b = h.start()
    changed = True
    while changed and a < b:
        changed = False
        for p in w.prefix_index.get(text[a], ()):
            if text.startswith(p, a, b) and b - a > len(p):
                a, changed = a + len(p), True
                break
        regs = find_regions(text[a:b])
        if regs and regs[0].start == 0 and regs[0].end < b - a:
            a, changed = a + regs[0].end, True
            continue
        pm = w.place_prefix.match(text[a:b])
        if pm and is_open_industry_name(text[a + pm.end() : b]):
            a, changed = a + pm.end(), True
    return a, b


def _left_start(text: str, lo: int, end: int) -> int:
    """Where a name ending at ``end`` starts: after the last boundary or lead word in [lo, end)."""
    w = open_words()
    start = lo
    for m in w.left.finditer(text, lo, end):
        start = max(start, m.end())
    for m in w.lead.finditer(text, lo, end):
        start = max(start, m.end())
    return start


@dataclass(frozen=True)
class _Resolved:
    kind: str  # "known", "unknown", "bad"
    start: int
    end: int
    suppress: tuple[IndustryMention, ...] = ()


class _Known:
    """The taxonomy's mentions of a text (sorted by start, not overlapping), asked which overlap
    a range: by bisection when their ends are in order too (as find_industries gives them)."""

    def __init__(self, items: list[IndustryMention]):
        self.items = items
        self.starts = [k.start for k in items]
        self.ends = [k.end for k in items]
        self.ordered = self.starts == sorted(self.starts) and self.ends == sorted(self.ends)

    def overlapping(self, a: int, b: int) -> list[IndustryMention]:
        """The mentions ``k`` with ``k.start < b`` and ``a < k.end``, in order."""
        if not self.ordered:
            return [k for k in self.items if k.start < b and a < k.end]
        return self.items[bisect_right(self.ends, a) : bisect_left(self.starts, b)]


def _resolve(text: str, a: int, b: int, known: _Known) -> _Resolved:
    """What the name at [a, b) is: a taxonomy industry, an unknown one, or neither."""
    w = open_words()
    a, b = _trim(text, a, b)
    if b - a <= 0:
        return _Resolved("bad", a, b)
    inside = known.overlapping(a, b)
    if inside:
        k = inside[0]
        if k.via_unit or len(inside) > 1:
            return _Resolved("known" if not k.via_unit else "bad", a, b)
        if k.start <= a and max(k.end, k.full_end) >= b:
            return _Resolved("known", a, b)
        extra = text[k.end : b]
        if k.start == a and not extra.startswith(w.extension_stops) and is_open_industry_name(text[a:b]):
            return _Resolved("unknown", a, b, (k,))  # 水泥制品, 玻璃钢
        return _Resolved("bad", a, b)
    return _Resolved("unknown" if is_open_industry_name(text[a:b]) else "bad", a, b)


def _mask(text: str) -> str:
    """``text`` with brackets blanked (members stay whole) and 《titles》 made clause breaks."""
    out = _BRACKET.sub(lambda m: _MASK_BRACKET * len(m.group()), text)
    return _TITLE.sub(lambda m: _MASK_BREAK * len(m.group()), out)


def _lists(masked: str, cs: int, ce: int) -> list[list[tuple[int, int]]]:
    """The 、-lists of clause [cs, ce), each as its members' spans. A member with 等 in it
    ends its list, and what follows 等 starts the next one ("…高固分等…产品的包装印刷、…")."""
    clause = masked[cs:ce]
    if "、" not in clause:
        return []
    w = open_words()
    lists: list[list[tuple[int, int]]] = [[]]
    pos = cs
    pieces = clause.split("、")
    for i, piece in enumerate(pieces):
        a, b = pos, pos + len(piece)
        pos = b + 1
        if not lists[-1]:
            a = _left_start(masked, a, b)
        cut = w.trail.search(masked, a, b)
        if cut is None or i == len(pieces) - 1:
            lists[-1].append((a, cut.start() if cut else b))
            continue
        lists[-1].append((a, cut.start()))
        lists.append([])
        lists[-1].append((_left_start(masked, cut.end(), b), b))
    out = []
    for spans in lists:
        if len(spans) < 2:
            continue
        last_a, last_b = spans[-1]
        split = [m for m in _LAST_SPLIT.finditer(masked, last_a, last_b)
                 if m.start() - last_a >= 2 and last_b - m.end() >= 2]
        if split:
            spans[-1:] = [(last_a, split[0].start()), (split[0].end(), last_b)]
        members = []
        for a, b in spans:
            z = masked.find(_MASK_BRACKET, a, b)
            members.append((a, z if z >= 0 else b))
        out.append(members)
    return out


def _head_follows(masked: str, end: int) -> bool:
    """Whether an industry head follows a list's last member ("等企业", "等38个重点行业")."""
    return bool(open_words().list_head.match(masked[end : end + 16].lstrip(_MASK_BRACKET)))


def _from_lists(text: str, masked: str, known: _Known, out: dict, drop: set) -> None:
    for members in (ms for cm in _CLAUSE.finditer(masked) for ms in _lists(masked, cm.start(), cm.end())):
        resolved = [_resolve(text, a, b, known) for a, b in members]
        last_a, last_b = members[-1]
        headed = bool(open_words().heads.search(masked, last_a, last_b)) or _head_follows(masked, last_b)
        share = sum(r.kind == "known" for r in resolved) / len(resolved)
        if not (share >= open_words().list_known_share or headed):
            continue
        for r in resolved:
            if r.kind == "unknown":
                out.setdefault((r.start, r.end), r.end)
                drop.update(r.suppress)


def _from_heads(text: str, masked: str, known: _Known, out: dict, drop: set) -> None:
    w = open_words()
    for hm in w.head_scan.finditer(masked):
        head, p = hm.group(), hm.start()
        if w.org_after.match(masked, hm.end()):
            continue  # 省玻璃钢行业协会: an organisation
        a = _left_start(masked, max(0, p - 3 * w.max_chars), p)
        r = _resolve(text, a, p, known)
        if r.kind != "unknown" or r.end != p and head not in w.strong:
            continue
        name = text[r.start : r.end]
        if head not in w.strong and not name.endswith(w.tails):
            continue  # 企业/生产线/a measure: only a name that ends like an industry
        if head in w.measures and not (a == 0 or masked[a - 1] in ",;。:)\n"):
            continue  # a measure's subject starts its clause
        if head in w.strong and r.end == p and not w.strong_follow.match(masked, hm.end()):
            continue  # 促进行业高质量发展: the sector, not a scope
        out.setdefault((r.start, r.end), hm.end() if head not in w.measures else r.end)
        drop.update(r.suppress)


def _from_item_titles(text: str, known: _Known, out: dict, drop: set) -> None:
    groups: list[list[regex.Match[str]]] = []
    style = None
    for m in _ITEM_LINE.finditer(text):
        s = _MARK_DIGITS.sub("N", m.group("mark"))
        if s != style:
            groups.append([])
            style = s
        groups[-1].append(m)
    for group in groups:
        resolved = [_resolve(text, m.start("title"), m.end("title"), known) for m in group]
        if sum(r.kind == "known" for r in resolved) < 1:
            continue
        for m, r in zip(group, resolved, strict=True):
            if r.kind == "unknown":
                out.setdefault((r.start, r.end), m.end("title"))
                drop.update(r.suppress)


def find_open_industries(text: str, known: list[IndustryMention] | None = None) -> tuple[list[IndustryMention], set]:
    """Unknown industries in normalised ``text`` (``known=False``, sorted by start) and the
    taxonomy mentions they replace (水泥 inside 水泥制品). ``known``: ``find_industries(text)``."""
    known = find_industries(text) if known is None else known
    masked = _mask(text)
    out: dict[tuple[int, int], int] = {}
    drop: set[IndustryMention] = set()
    index = _Known(known)
    _from_lists(text, masked, index, out, drop)
    _from_heads(text, masked, index, out, drop)
    _from_item_titles(text, index, out, drop)
    mentions: list[IndustryMention] = []
    for (s, e), full_end in sorted(out.items()):
        if mentions and s < mentions[-1].end:
            continue
        name = text[s:e]
        mentions.append(IndustryMention(
            start=s, end=e, name=name, parent=None, excludes=(), exclusion_text=None, includes=(), surface=name,
            full_end=max(e, full_end), known=False,
        ))
    return mentions, drop


def find_all_industries(text: str) -> list[IndustryMention]:
    """Taxonomy and unknown industry mentions of ``text``, sorted by start, not overlapping."""
    known = find_industries(text)
    unknown, drop = find_open_industries(text, known)
    spans = [(u.start, u.end) for u in unknown]
    kept = [k for k in known if k not in drop and not any(s < k.end and k.start < e for s, e in spans)]
    return sorted([*kept, *unknown], key=lambda m: (m.start, m.end))
