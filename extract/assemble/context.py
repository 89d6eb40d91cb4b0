"""What the outline says about a block: the industries and tier of the headings above it."""

from __future__ import annotations

import regex

from extract.assemble.mentions import Mentions
from extract.assemble.rules import BlockContext
from extract.outline import Node


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


_ROMAN = {"ⅰ": "I", "ⅱ": "II", "ⅲ": "III", "ⅳ": "IV", "ⅴ": "V", "ⅵ": "VI", "Ⅰ": "I", "Ⅱ": "II",
          "Ⅲ": "III", "Ⅳ": "IV", "Ⅴ": "V", "一": "I", "二": "II", "三": "III", "四": "IV", "五": "V"}


def tier_of(label: str) -> str | None:
    body = label.split("类")[0]
    if body and all(c in _ROMAN for c in body) and len(body) == 1:
        return _ROMAN[body]
    up = body.upper()
    return up if regex.fullmatch(r"[IVX]{1,4}", up) else None
