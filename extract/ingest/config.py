"""Ingestion settings from ``extract/data/ingest.toml``, loaded and validated once."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from functools import cache

import regex

from extract.core import datafiles


@dataclass(frozen=True)
class TextConfig:
    """How undeclared text encodings are detected."""

    cjk_encodings: tuple[str, ...]
    strict_first: tuple[str, ...]
    preference_margin: float
    max_bad_char_ratio: float
    superset: dict[str, str]
    salvage_max_bad_ratio: float  #: near-UTF-8 text: bad bytes per valid non-ASCII character, at most
    salvage_max_bad_bytes: int  #: … and how many at most
    salvage_min_multibyte: int  #: … and how many valid non-ASCII characters it must hold
    max_markup_share: float  #: text with more of its characters inside <tags> is rejected
    magic: tuple[tuple[bytes, str, str], ...]  #: (prefix, what it is, the suffix it should have)


@dataclass(frozen=True)
class Limits:
    """Caps per input file (``[limits]`` of ``ingest.toml``; the CLI can override each)."""

    max_chars: int  #: decoded text longer than this is an error
    max_mb: float  #: content larger than this once read or decompressed is an error
    file_seconds: float = 0.0  #: batch mode: time budget per file (0: none)
    kill_grace_seconds: float = 5.0  #: batch mode: a worker still busy this long after the budget is killed

    @property
    def max_bytes(self) -> int:
        """``max_mb`` in bytes."""
        return int(self.max_mb * 1024 * 1024)


@dataclass(frozen=True)
class ExamplePattern:
    """A named pattern from the data file with its examples and counter-examples."""

    name: str
    pattern: regex.Pattern[str]
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]


@dataclass(frozen=True)
class PdfConfig:
    """PDF layout thresholds and page-number patterns."""

    edge_lines: int
    repeat_fraction: float
    min_pages: int
    right_margin_chars: float
    indent_chars: float
    final_chars: str
    min_indented_lines: int
    title_size_ratio: float
    page_numbers: tuple[ExamplePattern, ...]
    heading_starts: tuple[ExamplePattern, ...]

    def is_page_number(self, line: str) -> bool:
        """True if the stripped ``line`` is a page number such as ``- 1 -`` or ``第1页``."""
        line = line.strip()
        return any(p.pattern.match(line) for p in self.page_numbers)

    def starts_heading(self, line: str) -> bool:
        """True if ``line`` opens with an outline marker (一、 （一） 1. 第一章 附件)."""
        return any(p.pattern.match(line) for p in self.heading_starts)


@dataclass(frozen=True)
class HtmlConfig:
    """What counts as boilerplate, content and blocks in a web page."""

    drop_tags: frozenset[str]
    drop_words: tuple[str, ...]
    drop_roles: frozenset[str]
    content_tags: tuple[str, ...]
    content_words: tuple[str, ...]
    content_min_share: float
    title_tags: frozenset[str]
    title_words: tuple[str, ...]
    title_max_chars: int
    block_tags: frozenset[str]
    layout_table_cell_chars: int
    examples_drop: tuple[str, ...]
    counter_examples_drop: tuple[str, ...]
    examples_content: tuple[str, ...]
    counter_examples_content: tuple[str, ...]

    def is_boilerplate_name(self, class_or_id: str) -> bool:
        """True if a class/id value names navigation, footer, sharing or similar chrome."""
        low = class_or_id.lower()
        return any(w in low for w in self.drop_words)

    def is_title_name(self, class_or_id: str) -> bool:
        """True if a class/id value names a title."""
        low = class_or_id.lower()
        return any(w in low for w in self.title_words)

    def is_content_name(self, class_or_id: str) -> bool:
        """True if a class/id value names a main-content container."""
        low = class_or_id.lower()
        return any(w in low for w in self.content_words)


@dataclass(frozen=True)
class IngestConfig:
    """All ingestion settings."""

    text: TextConfig
    pdf: PdfConfig
    html: HtmlConfig
    limits: Limits


def _check(cond: bool, what: str) -> None:
    if not cond:
        raise ValueError(f"extract/data/ingest.toml: {what}")


def _codec_ok(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _patterns(entries: list[dict]) -> tuple[ExamplePattern, ...]:
    out = []
    for e in entries:
        _check(bool(e.get("examples")), f"pattern {e.get('name')!r} has no examples")
        out.append(
            ExamplePattern(
                name=e["name"],
                pattern=regex.compile(e["pattern"]),
                examples=tuple(e["examples"]),
                counter_examples=tuple(e["counter_examples"]),
            )
        )
    return tuple(out)


@cache
def config() -> IngestConfig:
    """The ingestion settings (read from the data file on first use)."""
    data = datafiles.load("ingest.toml")
    t, p, h = data["text"], data["pdf"], data["html"]

    text = TextConfig(
        cjk_encodings=tuple(t["cjk_encodings"]),
        strict_first=tuple(t["strict_first"]),
        preference_margin=float(t["preference_margin"]),
        max_bad_char_ratio=float(t["max_bad_char_ratio"]),
        superset={k.lower(): v for k, v in t["superset"].items()},
        salvage_max_bad_ratio=float(t["salvage"]["max_bad_ratio"]),
        salvage_max_bad_bytes=int(t["salvage"]["max_bad_bytes"]),
        salvage_min_multibyte=int(t["salvage"]["min_multibyte"]),
        max_markup_share=float(t["reject"]["max_markup_share"]),
        magic=tuple((m["prefix"].encode("latin-1"), m["what"], m["rename"]) for m in t["reject"]["magic"]),
    )
    _check(bool(text.cjk_encodings), "text.cjk_encodings is empty")
    for name in (*text.cjk_encodings, *text.strict_first, *text.superset.values()):
        _check(_codec_ok(name), f"unknown codec {name!r}")
    _check(0 <= text.max_bad_char_ratio < 1, "text.max_bad_char_ratio must be in [0, 1)")
    _check(0 <= text.salvage_max_bad_ratio < text.max_bad_char_ratio, "text.salvage.max_bad_ratio out of range")
    _check(0 < text.max_markup_share <= 1, "text.reject.max_markup_share must be in (0, 1]")
    _check(all(prefix for prefix, _, _ in text.magic), "text.reject.magic has an empty prefix")

    pdf = PdfConfig(
        edge_lines=int(p["edge_lines"]),
        repeat_fraction=float(p["repeat_fraction"]),
        min_pages=int(p["min_pages"]),
        right_margin_chars=float(p["right_margin_chars"]),
        indent_chars=float(p["indent_chars"]),
        final_chars=str(p["final_chars"]),
        min_indented_lines=int(p["min_indented_lines"]),
        title_size_ratio=float(p["title_size_ratio"]),
        page_numbers=_patterns(p["page_number"]),
        heading_starts=_patterns(p["heading_start"]),
    )
    _check(pdf.edge_lines >= 1, "pdf.edge_lines must be >= 1")
    _check(0 < pdf.repeat_fraction <= 1, "pdf.repeat_fraction must be in (0, 1]")
    _check(pdf.min_pages >= 2, "pdf.min_pages must be >= 2")
    _check(bool(pdf.final_chars), "pdf.final_chars is empty")

    html = HtmlConfig(
        drop_tags=frozenset(h["drop_tags"]),
        drop_words=tuple(w.lower() for w in h["drop_words"]),
        content_tags=tuple(h["content_tags"]),
        content_words=tuple(w.lower() for w in h["content_words"]),
        drop_roles=frozenset(h["drop_roles"]),
        content_min_share=float(h["content_min_share"]),
        title_tags=frozenset(h["title_tags"]),
        title_words=tuple(w.lower() for w in h["title_words"]),
        title_max_chars=int(h["title_max_chars"]),
        block_tags=frozenset(h["block_tags"]),
        layout_table_cell_chars=int(h["layout_table_cell_chars"]),
        examples_drop=tuple(h["examples_drop"]),
        counter_examples_drop=tuple(h["counter_examples_drop"]),
        examples_content=tuple(h["examples_content"]),
        counter_examples_content=tuple(h["counter_examples_content"]),
    )
    _check(not (html.drop_tags & set(html.content_tags)), "a tag is both dropped and content")
    _check({"html", "body"}.isdisjoint(html.drop_tags), "html/body must never be dropped")
    _check(0 <= html.content_min_share < 1, "html.content_min_share must be in [0, 1)")
    lim = data["limits"]
    limits = Limits(
        max_chars=int(lim["max_chars"]),
        max_mb=float(lim["max_mb"]),
        file_seconds=float(lim["file_seconds"]),
        kill_grace_seconds=float(lim["kill_grace_seconds"]),
    )
    _check(limits.max_chars > 0 and limits.max_mb > 0, "limits.max_chars and limits.max_mb must be > 0")
    _check(limits.file_seconds >= 0 and limits.kill_grace_seconds > 0, "limits: seconds must be >= 0")
    return IngestConfig(text=text, pdf=pdf, html=html, limits=limits)
