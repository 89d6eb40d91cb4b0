"""Outline segmentation: headings (一、 (一) 1. (1) ⑴ ⅰ类 第X阶段), paragraphs, sentences, plans.

Works on normalised text (see :mod:`extract.normalize`); every node keeps its offsets in
that text. Marker patterns and their levels live in ``data/outline.toml``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import regex

from extract.core import datafiles


@dataclass(frozen=True)
class Marker:
    name: str
    level: int
    pattern: regex.Pattern[str]


@cache
def markers() -> tuple[Marker, ...]:
    """The outline markers from ``outline.toml``, in file order."""
    data = datafiles.load("outline.toml")
    return tuple(Marker(m["name"], int(m["level"]), regex.compile(m["pattern"])) for m in data["marker"])


def match_marker(line: str) -> tuple[Marker, str] | None:
    """The outline marker that starts ``line`` and the marker text, if any."""
    for mk in markers():
        m = mk.pattern.match(line)
        if m:
            return mk, m.group()
    return None


_CLOSING_DATE = regex.compile(r"^(?:\d{4}|20xx)年\d{1,2}月\d{1,2}日$")
_SENTENCE_END = regex.compile(r"[。;!?！？；]+|$")
_TITLE_STOP = regex.compile(r"[。:;!?]")


@dataclass(eq=False)
class Node:
    """One block of the outline: a plan, a heading/item with what it governs, or a paragraph."""

    kind: str  # 'root' | 'plan' | 'attachment' | 'item' | 'paragraph'
    start: int  # extent in normalised text (own line and everything under it)
    end: int
    line_end: int  # end of the node's own line
    marker: str | None = None
    level: int = 99
    label: str = ""  # the marker as written (一、, (三), 1., ⅱ类:)
    title: str = ""  # heading text after the marker, up to the first sentence mark
    children: list[Node] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)

    def ancestors(self) -> Iterator[Node]:
        """Parents from the nearest up to (excluding) the root."""
        node = self.parent
        while node is not None and node.kind != "root":
            yield node
            node = node.parent

    def heading_path(self) -> list[str]:
        """Titles (or labels) of the enclosing items, outermost first."""
        return [a.title or a.label for a in reversed(list(self.ancestors()))]

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Outline:
    text: str
    root: Node

    def nodes(self) -> Iterator[Node]:
        """Every node but the root, in document order."""
        it = self.root.walk()
        next(it)
        return it

    def plans(self) -> list[Node]:
        """Plan nodes of a compilation (empty for a single notice)."""
        return [n for n in self.root.children if n.kind == "plan"]

    def blocks(self) -> Iterator[Node]:
        """Nodes that carry text of their own (items and paragraphs)."""
        return (n for n in self.nodes() if n.kind in ("item", "paragraph", "plan", "attachment"))

    def own_text(self, node: Node) -> str:
        return self.text[node.start : node.line_end]


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans (ending marks included) of ``text[start:end]``."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.end() > pos and text[pos : m.end()].strip():
            out.append((pos, m.end()))
        pos = m.end()
        if m.end() >= end:
            break
    return out


def segment(text: str) -> Outline:
    """Build the outline tree of a normalised text."""
    root = Node("root", 0, len(text), 0, level=-1)
    stack: list[Node] = [root]
    pos = 0
    for line in text.split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        found = match_marker(line.lstrip())
        if found is None and _CLOSING_DATE.match(stripped):
            del stack[1:]  # the date under the signatures closes every open section
        if found is None:
            node = Node("paragraph", line_start + lead, line_end, line_end)
            _attach(stack[-1], node)
            continue
        mk, label = found
        kind = "plan" if mk.name == "plan" else "attachment" if mk.name == "attachment" else "item"
        rest = stripped[len(label) :]
        title_match = _TITLE_STOP.search(rest)
        title = rest[: title_match.start()] if title_match else rest
        node = Node(kind, line_start + lead, line_end, line_end, mk.name, mk.level, label, title.strip())
        while len(stack) > 1 and stack[-1].level >= mk.level:
            stack.pop()
        _attach(stack[-1], node)
        stack.append(node)
    _close(root, len(text))
    return Outline(text, root)


def _attach(parent: Node, node: Node) -> None:
    node.parent = parent
    parent.children.append(node)


def _close(node: Node, limit: int) -> None:
    """Set each node's extent to end where its last descendant's line ends."""
    for child in node.children:
        _close(child, limit)
    node.end = limit if node.kind == "root" else max(node.line_end, node.children[-1].end if node.children else 0)
