"""Clause segmentation: a block → sentences → segments, with parentheticals set apart.

A block (an outline item or paragraph) is cut into sentences (。!?, and before an inline
"X行业:" topic after ;) and each sentence into segments at , and ; outside brackets. A
parenthetical with a subject and a measure of its own ("(铸造C级企业按照不少于90天实施停产)")
is a clause of its own; an explanatory one ("(以高炉产能为基数…)", or one left open to the
sentence end) is quiet: it gives neither rules nor conditions; so is a cited 《title》.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex

from extract.assemble.vocab import vocab

Span = tuple[int, int]

_SENTENCE = regex.compile(r"[^。!?]+[。!?]?")
_TOPIC_CUT = regex.compile(r";(?=[^,;:。]{1,15}行业:)")  # "…;耐火材料行业:" starts a topic
_PAREN = regex.compile(r"\(([^()]{2,80})\)")
#: a cited document's title: its words are not this clause's (one definition for assembly)
CITED_TITLE = regex.compile(r"《[^《》]{1,120}》")
#: a Han character
HAN = regex.compile(r"\p{Han}")
_EXPLAIN_OPEN = regex.compile(r"[(](?=以|按|含|不含|包括|根据)")  # an explanatory parenthetical opens
#: an outline or list marker at the head of a clause ("(一)", "1.", "⑴", "ⅱ类:")
ITEM_MARK = regex.compile(r"^\s*(?:[(]\S{1,3}[)]|\d{1,2}[.、]|[⑴-⒇①-⑳]|[ⅰⅱⅲⅳⅴ]+类:)")


@dataclass(frozen=True)
class Layout:
    """One sentence cut into segments; the parentheticals that are clauses of their own
    (``own``) and the explanatory ones (``quiet``) are set apart from the segments."""

    segments: list[Span]
    own: list[Span]
    quiet: list[Span]
    titles: list[Span]  # cited 《titles》: no mentions of this clause, but their words tell what it is

    @property
    def hidden(self) -> list[Span]:
        """Everything a segment's reading of mentions leaves out."""
        return self.own + self.quiet + self.titles

    @property
    def unsaid(self) -> list[Span]:
        """What a segment does not say itself (for the cues of what kind of clause it is)."""
        return self.own + self.quiet

    def live_segments(self) -> list[Span]:
        """The segments that are not inside a parenthetical set apart."""
        hidden = self.hidden
        return [(a, b) for a, b in self.segments if not inside(a, b, hidden)]


def sentences(text: str, start: int, end: int) -> list[Span]:
    """Sentences (。!?), also cut before an inline industry heading after ; ("…;耐火材料行业:")."""
    out: list[Span] = []
    for sm in _SENTENCE.finditer(text, start, end):
        cuts = [sm.start()] + [sm.start() + t.start() + 1 for t in _TOPIC_CUT.finditer(text[sm.start():sm.end()])]
        bounds = [*cuts, sm.end()]
        out.extend((bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1))
    return out


def layout(text: str, start: int, end: int, own_clause: Callable[[int, int], bool]) -> Layout:
    """The segments of ``text[start:end]`` and its parentheticals; ``own_clause(a, b)`` says
    whether the parenthetical's inside has a subject and a measure of its own."""
    explanatory = vocab().explanatory
    own: list[Span] = []
    quiet: list[Span] = []
    for pm in _PAREN.finditer(text, start, end):
        if explanatory.search(pm.group(1)):
            quiet.append((pm.start(), pm.end()))
        elif own_clause(pm.start(1), pm.end(1)):
            own.append((pm.start(), pm.end()))
    quiet.extend(_explanatory_tail(text, start, end))
    titles = [(t.start(), t.end()) for t in CITED_TITLE.finditer(text, start, end)]
    return Layout(segments(text, start, end), own, quiet, titles)


def segments(text: str, start: int, end: int) -> list[Span]:
    """Clause segments split at , and ; outside parentheses."""
    out = []
    depth = 0
    seg = start
    for i in range(start, end):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in ",;" and depth == 0:
            out.append((seg, i + 1))
            seg = i + 1
    if seg < end and text[seg:end].strip():
        out.append((seg, end))
    return out


def _explanatory_tail(text: str, start: int, end: int) -> list[Span]:
    """An explanatory parenthetical left open to the sentence end ("(以高炉产能为基数,…" + "下同)")."""
    out = []
    for pm in _EXPLAIN_OPEN.finditer(text[start:end]):
        close = text.find(")", start + pm.start(), end)
        if close < 0:
            out.append((start + pm.start(), end))
    return out


def inside(a: int, b: int, spans: list[Span]) -> bool:
    """Whether ``[a, b)`` lies within one of ``spans``."""
    return any(s <= a and b <= e for s, e in spans)


def without(text: str, a: int, b: int, spans: list[Span]) -> str:
    """``text[a:b]`` with the given spans blanked out (positions kept)."""
    chars = list(text[a:b])
    for s, e in spans:
        for i in range(max(s, a), min(e, b)):
            chars[i - a] = " "
    return "".join(chars)
