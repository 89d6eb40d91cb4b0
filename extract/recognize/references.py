"""文号 (document numbers) and cited documents (《title》 with their 文号)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from extract.core import datafiles


@dataclass(frozen=True, slots=True)
class DocNumberMention:
    start: int
    end: int
    value: str  # as written, inner spaces removed


@dataclass(frozen=True, slots=True)
class ReferenceMention:
    start: int
    end: int
    title: str | None
    doc_number: str | None


@dataclass(frozen=True)
class _Patterns:
    doc_number: regex.Pattern[str]
    leading: regex.Pattern[str]


@cache
def _patterns() -> _Patterns:
    data = datafiles.load("references.toml")
    words = sorted(data["doc_number"]["leading_words"], key=len, reverse=True)
    return _Patterns(
        doc_number=regex.compile(data["doc_number"]["pattern"]),
        leading=regex.compile("^(?:" + "|".join(map(regex.escape, words)) + ")+"),
    )


@cache
def examples() -> dict[str, list]:
    """The data file's examples, for tests."""
    return datafiles.load("references.toml")


def find_doc_numbers(text: str) -> list[DocNumberMention]:
    """Every 文号 in ``text``, with a leading function word (按照, 根据 …) trimmed off."""
    pats = _patterns()
    out: list[DocNumberMention] = []
    for m in pats.doc_number.finditer(text):
        prefix = m.group("prefix")
        cut = pats.leading.match(prefix)
        skip = cut.end() if cut else 0
        if skip >= len(prefix):
            continue
        start = m.start() + skip
        out.append(DocNumberMention(start, m.end(), _SPACES.sub("", text[start : m.end()])))
    return out


_SPACES = regex.compile(r"\s+")
_TITLE = regex.compile(r"《([^《》\n]{2,120})》")
_BRACKETED_NUMBER = regex.compile(r"\s*[(（]\s*([^()（）\n]{2,40}?)\s*[)）]")


def find_references(text: str) -> list[ReferenceMention]:
    """Cited documents: each 《title》 with the 文号 in brackets right after it, and bare 文号."""
    numbers = find_doc_numbers(text)
    by_start = {n.start: n for n in numbers}
    used: set[int] = set()
    out: list[ReferenceMention] = []
    for m in _TITLE.finditer(text):
        title = m.group(1).strip()
        end = m.end()
        number = None
        br = _BRACKETED_NUMBER.match(text, end)
        if br:
            inner_start = br.start(1)
            cand = next((n for s, n in by_start.items() if inner_start <= s < br.end()), None)
            if cand is not None:
                number = cand.value
                used.add(cand.start)
                end = br.end()
        out.append(ReferenceMention(m.start(), end, title, number))
    for n in numbers:
        if n.start not in used and not any(r.start <= n.start < r.end for r in out):
            out.append(ReferenceMention(n.start, n.end, None, n.value))
    out.sort(key=lambda r: r.start)
    return out
