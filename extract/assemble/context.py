"""What the outline says about a block: the industries and tier of the headings above it."""

from __future__ import annotations

from extract.assemble.mentions import Mentions
from extract.assemble.rules import BlockContext
from extract.outline import Node
from extract.recognize.grades import find_tiers


def block_context(node: Node, m: Mentions) -> BlockContext:
    """Industries and tier that the headings above a block (and its own marker) give it."""
    tier = None
    industries: list[str] = []
    chain = [node, *node.ancestors()]
    for n in chain:
        if n.marker == "tier" and tier is None:
            tier = tier_of(n.label)
        if not industries and n.kind in ("item", "plan") and n is not node and n.title:
            title_end = n.start + len(n.label) + len(n.title)
            found = [i.name for i in m.within("industries", n.start, title_end)]
            if found and len(n.title) <= 40:
                industries = list(dict.fromkeys(found))
    return BlockContext(industries=industries, tier=tier)


def tier_of(label: str) -> str | None:
    """The tier an outline label names (ⅱ类: → II), read by the tier recogniser."""
    found = find_tiers(label)
    return found[0].tier if found and found[0].start == 0 else None
