"""Normalisation for matching, with a map back to raw offsets.

Full-width ASCII → half-width, dash and range-mark variants → ``-``/``~``, stray
traditional characters → simplified (OpenCC, character by character so lengths hold),
web junk and conversion artefacts removed, layout spaces removed, and lines broken in
the middle of a sentence re-joined. Tabs (table cell separators) and paragraph breaks stay.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

from extract.core import datafiles
from extract.core.textmap import MappedText


@dataclass(frozen=True)
class _Config:
    char_map: dict[str, str]
    deletions: tuple[regex.Pattern[str], ...]
    replacements: tuple[tuple[regex.Pattern[str], str], ...]
    layout_space: regex.Pattern[str]
    min_prev_len: int
    final_chars: str
    markers: regex.Pattern[str]
    lead_words: regex.Pattern[str]


@cache
def _config() -> _Config:
    data = datafiles.load("normalize.toml")
    outline = datafiles.load("outline.toml")
    deletions = []
    layout = None
    for entry in data["delete"]:
        pat = regex.compile(entry["pattern"], regex.MULTILINE)
        if entry["name"] == "layout_space":
            layout = pat
        else:
            deletions.append(pat)
    assert layout is not None, "normalize.toml must define layout_space"
    markers = regex.compile("|".join(f"(?:{m['pattern']})" for m in outline["marker"]), regex.MULTILINE)
    return _Config(
        char_map=dict(data["char_map"]),
        deletions=tuple(deletions),
        replacements=tuple((regex.compile(e["pattern"], regex.MULTILINE), e["with"]) for e in data.get("replace", [])),
        layout_space=layout,
        min_prev_len=int(data["line_join"]["min_prev_len"]),
        final_chars=data["line_join"]["final_chars"],
        markers=markers,
        lead_words=regex.compile("(?:" + "|".join(map(regex.escape, data["line_join"]["lead_words"])) + ")"),
    )


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@cache
def normalize_char(ch: str) -> str:
    """Normalise one character (width, dashes, traditional → simplified)."""
    cfg = _config()
    if ch in cfg.char_map:
        return cfg.char_map[ch]
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        ch = chr(code - 0xFEE0)
        return cfg.char_map.get(ch, ch)
    if code < 0x3000:
        return ch
    if unicodedata.category(ch) == "Lo":
        simp = _t2s().convert(ch)
        if len(simp) == 1:
            return simp
    return ch


_CR = regex.compile("\r")
_OPEN = "《(（"
_CLOSE = "》)）"
_BODY_PUNCT = regex.compile(r"[,，。;；、:：]")
_ANY_PUNCT = regex.compile(r"[,，。;；、:：!！?？]")
_LABEL = regex.compile(r"^\p{Han}{2,8}[:：]")
_BULLET = regex.compile(r"^\s*[•●▪■◆◇○·]")
# 一、… or 第X部分 lines with no sentence mark are headings, even with commas inside
_HEADING_LINE = regex.compile(r"^(?:[一二三四五六七八九十百]+、|第[一二三四五六七八九十]+部分)[^。;；]*$")
_TITLE_END = regex.compile(r"(?:通知|方案|意见|办法|决定|预案|措施|计划|安排|细则|函|报告|文件|号|厅|局|府|室|会|委|部)$")
_SENTENCE_PUNCT = regex.compile(r"[,，。;；]")
# lines that stand alone: web furniture (来源:, a time stamp), a bracketed line (原标题:…),
# a headline ending in ! or ?
_STANDALONE = regex.compile(r"来源[:：]|\d{1,2}:\d{2}:\d{2}|^[(（][^()（）]*[)）]$|[!！?？]$")
_LINEBREAK = regex.compile(r"[ \t\u3000]*\n(?:[ \t\u3000]*\n)*[ \t\u3000]*")


def _depth(line: str) -> int:
    return sum(line.count(c) for c in _OPEN) - sum(line.count(c) for c in _CLOSE)


def _join_broken_lines(mt: MappedText) -> MappedText:
    cfg = _config()
    text = mt.text
    drops: list[tuple[int, int]] = []
    logical_start = 0  # start of the current logical line (after joins)
    for m in _LINEBREAK.finditer(text):
        a, b = m.start(), m.end()
        prev = text[logical_start:a].strip()
        nxt_end = text.find("\n", b)
        nxt = text[b : nxt_end if nxt_end >= 0 else len(text)]
        if _should_join(prev, nxt, cfg):
            drops.append((a, b))
        else:
            logical_start = b
    return mt.delete_spans(drops)


def _should_join(prev: str, nxt: str, cfg: _Config) -> bool:
    """Whether the break between two lines falls inside a sentence."""
    if not prev or not nxt.strip() or "\t" in prev or "\t" in nxt:
        return False
    if prev[-1] in cfg.final_chars or cfg.markers.match(nxt) or _LABEL.match(nxt):
        return False
    if _BULLET.match(prev) or _BULLET.match(nxt):  # "• 客服电话:…" / "• 稀土镁": a web page's list lines
        return False
    if cfg.lead_words.match(nxt.lstrip()):  # "日前,…": a news lead starts after its headline
        return False
    if _depth(prev) > 0:
        return True
    if _LABEL.match(prev) or _HEADING_LINE.match(prev) or _STANDALONE.search(prev):
        return False
    has_punct = _BODY_PUNCT.search(prev) is not None
    if cfg.markers.match(prev) and not has_punct:
        return False
    if _TITLE_END.search(prev) and not _SENTENCE_PUNCT.search(prev):
        return False  # "某县重污染天气黄色、橙色、红色预警减排措施": a title, however long
    if len(prev) >= cfg.min_prev_len and has_punct:
        return True
    # a long line with no punctuation at all continues only when the next line's first
    # mark shows the sentence running on, and the line does not end like a title
    first = _ANY_PUNCT.search(nxt)
    return (
        len(prev) >= cfg.min_prev_len + 6
        and not has_punct
        and not _TITLE_END.search(prev)
        and first is not None
        and first.group() in ",，。;；"
    )


def normalize(raw: str) -> MappedText:
    """Normalise ``raw`` for matching; the result maps every character back to ``raw``."""
    cfg = _config()
    mt = MappedText.identity(raw)
    mt = mt.delete(_CR)
    for pat in cfg.deletions:
        mt = mt.delete(pat)
    mt = mt.map_chars(normalize_char)
    for pat, char in cfg.replacements:
        mt = mt.replace_each(pat, char)
    mt = mt.delete(cfg.layout_space)
    return _join_broken_lines(mt)


def normalize_text(raw: str) -> str:
    """The normalised string only (for tests and quick matching)."""
    return normalize(raw).text


@cache
def _simplified_char(ch: str) -> str:
    if ord(ch) < 0x3000 or unicodedata.category(ch) != "Lo":
        return ch
    simp = _t2s().convert(ch)
    return simp if len(simp) == 1 else ch


_SPACES = regex.compile(r"\s+")


def display_text(raw: str) -> str:
    """Raw text as a person would quote it: junk removed, simplified characters, no
    whitespace, but widths and punctuation as printed (titles, names, 文号)."""
    cfg = _config()
    mt = MappedText.identity(raw)
    for pat in cfg.deletions:
        mt = mt.delete(pat)
    return _SPACES.sub("", "".join(_simplified_char(c) for c in mt.text))
