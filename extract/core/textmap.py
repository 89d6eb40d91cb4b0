"""A normalised text that remembers, for every character, the raw range it came from."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import regex


@dataclass(frozen=True, slots=True)
class MappedText:
    """``text`` derived from ``raw``; ``starts[i]:ends[i]`` is the raw range of ``text[i]``.

    Spans found in ``text`` go back to raw coordinates with :meth:`to_raw`, so
    ``raw[a:b]`` is the evidence for whatever was matched in ``text[s:e]``.
    """

    raw: str
    text: str
    starts: array
    ends: array

    @classmethod
    def identity(cls, raw: str) -> MappedText:
        """The raw text mapped onto itself."""
        n = len(raw)
        return cls(raw, raw, array("l", range(n)), array("l", range(1, n + 1)))

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map ``[start, end)`` in ``text`` to ``[a, b)`` in ``raw``."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) outside text of length {len(self.text)}")
        if start == end:
            pos = self.starts[start] if start < len(self.text) else len(self.raw)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def raw_slice(self, start: int, end: int) -> str:
        """The raw evidence for ``text[start:end]``."""
        a, b = self.to_raw(start, end)
        return self.raw[a:b]

    def rewrite(self, pieces: Iterable[tuple[str, int]]) -> MappedText:
        """Build a new text from ``(string, source_index)`` pieces over ``self.text``.

        Each output character inherits the raw range of ``self.text[source_index]``.
        """
        out: list[str] = []
        starts = array("l")
        ends = array("l")
        for piece, src in pieces:
            for ch in piece:
                out.append(ch)
                starts.append(self.starts[src])
                ends.append(self.ends[src])
        return MappedText(self.raw, "".join(out), starts, ends)

    def map_chars(self, fn: Callable[[str], str]) -> MappedText:
        """Replace each character by ``fn(ch)`` (which may be empty or several characters)."""
        return self.rewrite((fn(ch), i) for i, ch in enumerate(self.text))

    def delete(self, pattern: regex.Pattern[str]) -> MappedText:
        """Remove every match of ``pattern``."""
        keep = bytearray(b"\x01") * len(self.text)
        found = False
        for m in pattern.finditer(self.text):
            found = True
            keep[m.start() : m.end()] = b"\x00" * (m.end() - m.start())
        if not found:
            return self
        return self.rewrite((ch, i) for i, ch in enumerate(self.text) if keep[i])
