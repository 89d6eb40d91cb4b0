"""A normalised text that remembers, for every character, the raw range it came from."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import regex


@dataclass(frozen=True, slots=True)
class MappedText:
    """``text`` derived from ``raw``; ``starts[i]:ends[i]`` is the raw range of ``text[i]``.

    Spans found in ``text`` go back to raw coordinates with :meth:`to_raw`, so
    ``raw[a:b]`` is the evidence for whatever was matched in ``text[s:e]``.
    """

    raw: str
    text: str
    starts: np.ndarray  # int64, one per character of ``text``
    ends: np.ndarray

    @classmethod
    def identity(cls, raw: str) -> MappedText:
        """The raw text mapped onto itself."""
        n = len(raw)
        return cls(raw, raw, np.arange(n, dtype=np.int64), np.arange(1, n + 1, dtype=np.int64))

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map ``[start, end)`` in ``text`` to ``[a, b)`` in ``raw``."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) outside text of length {len(self.text)}")
        if start == end:
            pos = int(self.starts[start]) if start < len(self.text) else len(self.raw)
            return pos, pos
        return int(self.starts[start]), int(self.ends[end - 1])

    def raw_slice(self, start: int, end: int) -> str:
        """The raw evidence for ``text[start:end]``."""
        a, b = self.to_raw(start, end)
        return self.raw[a:b]

    def rewrite(self, pieces: Iterable[tuple[str, int]]) -> MappedText:
        """Build a new text from ``(string, source_index)`` pieces over ``self.text``.

        Each output character inherits the raw range of ``self.text[source_index]``.
        """
        out: list[str] = []
        src: list[int] = []
        for piece, i in pieces:
            out.append(piece)
            src.extend([i] * len(piece))
        idx = np.asarray(src, dtype=np.int64)
        return MappedText(self.raw, "".join(out), self.starts[idx], self.ends[idx])

    def map_chars(self, fn: Callable[[str], str]) -> MappedText:
        """Replace each character by ``fn(ch)`` (which may be empty or several characters)."""
        mapped = list(map(fn, self.text))
        if not mapped or min(map(len, mapped)) == 1 == max(map(len, mapped)):  # the usual case: one for one
            return MappedText(self.raw, "".join(mapped), self.starts, self.ends)
        return self.rewrite((m, i) for i, m in enumerate(mapped))

    def replace_each(self, pattern: regex.Pattern[str], char: str) -> MappedText:
        """Replace every character of every match of ``pattern`` by ``char`` (the map is kept)."""
        chars = list(self.text)
        for m in pattern.finditer(self.text):
            chars[m.start() : m.end()] = char * (m.end() - m.start())
        return self if chars == list(self.text) else MappedText(self.raw, "".join(chars), self.starts, self.ends)

    def delete(self, pattern: regex.Pattern[str]) -> MappedText:
        """Remove every match of ``pattern``."""
        spans = [(m.start(), m.end()) for m in pattern.finditer(self.text) if m.end() > m.start()]
        return self.delete_spans(spans)

    def delete_spans(self, spans: list[tuple[int, int]]) -> MappedText:
        """Remove the given ``[start, end)`` ranges of ``text``."""
        if not spans:
            return self
        keep = np.ones(len(self.text), dtype=bool)
        for a, b in spans:
            keep[a:b] = False
        idx = np.flatnonzero(keep)
        text = "".join(self.text[a:b] for a, b in _runs(idx))
        return MappedText(self.raw, text, self.starts[idx], self.ends[idx])


def _runs(idx: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive runs of sorted indices as ``[start, end)`` ranges."""
    if len(idx) == 0:
        return []
    breaks = np.flatnonzero(np.diff(idx) != 1)
    starts = np.concatenate(([idx[0]], idx[breaks + 1]))
    ends = np.concatenate((idx[breaks] + 1, [idx[-1] + 1]))
    return list(zip(starts.tolist(), ends.tolist(), strict=True))
