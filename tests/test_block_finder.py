"""limits_of finds the block holding a limit by bisection: the same block a scan finds."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.assemble.items import _block_finder


def _scan(blocks: list[Any], pos: int) -> Any:
    return next((b for b in blocks if b.start <= pos < b.line_end), None)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 15)), max_size=12), st.booleans())
def test_the_block_at_a_position_is_the_one_a_scan_finds(spans: list[tuple[int, int]], in_order: bool) -> None:
    if in_order:  # an outline's lines: in order, apart
        pos, blocks = 0, []
        for gap, size in spans:
            blocks.append(SimpleNamespace(start=pos + gap, line_end=pos + gap + size))
            pos += gap + size
    else:  # anything, overlapping included: the scan's answer all the same
        blocks = [SimpleNamespace(start=a, line_end=a + n) for a, n in spans]
    find = _block_finder(blocks)
    for pos in range(-1, 80):
        assert find(pos) is _scan(blocks, pos)
