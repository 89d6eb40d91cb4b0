"""PDF: text in reading order with pdfplumber, tables as tables, page furniture dropped.

Per page: tables found by their ruling lines become one ``\\t``-joined line per row, placed
where they stand; their characters are removed from the running text. The other
characters are grouped into lines top to bottom. Across pages, edge lines (the first and
last few of a page) that recur on most pages (digits masked) are running headers or
footers, and edge lines that look like page numbers (``- 1 -``, ``第1页``, ``1/3``, ``7``)
are dropped. Lines the layout broke are re-joined: a line that starts at the left text
edge and reaches the right one, not ending in ``。；：！？``, continues on the next line
unless that line is indented (a new paragraph). In a document whose paragraphs open with
an indent, a full line ending in ``。`` also continues on an unindented next line that
does not open a heading. A title wrapped over centred lines in a larger type is joined.
Text edges are measured per page size. Paragraphs are separated by ``\\n``.
"""

from __future__ import annotations

import bisect
import math
import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import regex

from extract.core.errors import IngestError
from extract.ingest.config import PdfConfig, config

_T = TypeVar("_T")
_DIGITS = regex.compile(r"\d+")
_SPACE = regex.compile(r"\s+")
_ASCII_WORD_END = regex.compile(r"[A-Za-z0-9]$")
_ASCII_WORD_START = regex.compile(r"^[A-Za-z0-9]")
_LATIN = regex.compile(r"[A-Za-z0-9.,:;%/()\[\]+\-–]")
_NO_LINE_START = frozenset("，。、；：！？）》」』”’】〕,.;:!?)%")


@dataclass(frozen=True)
class _Line:
    """One text line of a page (outside tables)."""

    text: str
    x0: float
    x1: float
    top: float
    size: float
    lead: float  #: width of the line's first unbreakable unit (a Latin word or a character)
    frame: tuple[int, int]  #: the page's size: text edges are measured per page size


@dataclass(frozen=True)
class _Table:
    """One table of a page, already laid out as ``\\t``-joined rows."""

    rows: tuple[str, ...]
    top: float


_Block = _Line | _Table


def join_wrapped(left: str, right: str) -> str:
    """Join two pieces of a line broken by the layout: no space between Chinese text,
    one space between two Latin words or numbers."""
    if _ASCII_WORD_END.search(left) and _ASCII_WORD_START.search(right):
        return f"{left} {right}"
    return left + right


def _cell_text(cell: str | None) -> str:
    if not cell:
        return ""
    text = ""
    for part in cell.replace("\t", " ").splitlines():
        part = part.strip()
        if part:
            text = join_wrapped(text, part) if text else part
    return text


def _table_rows(rows: list[list[str | None]]) -> tuple[str, ...]:
    out = []
    for row in rows:
        cells = [_cell_text(c) for c in row]
        if any(cells):
            out.append("\t".join(cells))
    return tuple(out)


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


class _PdfDamaged(Exception):
    """A pdfplumber/pdfminer call failed on this file."""


def _guard(call: Callable[[], _T]) -> _T:
    """Run a pdfplumber call; any failure inside the PDF library means a damaged file."""
    try:
        return call()
    except Exception as exc:  # pdfminer raises many types on damaged files
        raise _PdfDamaged(f"{type(exc).__name__}: {exc}".rstrip(": ")) from exc


def _page_blocks(page: Any) -> list[_Block]:
    """Text lines and tables of one page, top to bottom."""
    frame = (round(page.width), round(page.height))
    page = _guard(page.dedupe_chars)
    # a single cell is a frame drawn around text (a boxed note, a page border), not a table
    tables = [t for t in _guard(page.find_tables) if len(t.cells) > 1]
    boxes = [t.bbox for t in tables]
    blocks: list[_Block] = [_Table(_table_rows(_guard(t.extract)), t.bbox[1]) for t in tables]
    text_page = (
        page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes)) if boxes else page
    )
    for line in _guard(lambda: text_page.extract_text_lines(strip=True, return_chars=True)):
        text = line["text"].strip()
        if not text:
            continue
        sizes = [c.get("size", 0.0) for c in line["chars"] if not c["text"].isspace()]
        size = statistics.median(sizes) if sizes else line["bottom"] - line["top"]
        lead = _lead_width(line["chars"])
        blocks.append(_Line(text, line["x0"], line["x1"], line["top"], size, lead, frame))
    blocks = [b for b in blocks if not (isinstance(b, _Table) and not b.rows)]
    blocks.sort(key=lambda b: b.top)
    return blocks


def _lead_width(chars: list[dict[str, Any]]) -> float:
    """Width of the first unit the layout could not break: a run of Latin letters, digits
    and their punctuation, or one character with the closing marks that may not start a line."""
    chars = [c for c in chars if not c["text"].isspace()]
    if not chars:
        return 0.0
    n = 1
    if _LATIN.match(chars[0]["text"]):
        while n < len(chars) and _LATIN.match(chars[n]["text"]):
            n += 1
    while n < len(chars) and chars[n]["text"] in _NO_LINE_START:
        n += 1
    return chars[n - 1]["x1"] - chars[0]["x0"]


def _edge_lines(blocks: list[_Block], k: int) -> list[_Line]:
    lines = [b for b in blocks if isinstance(b, _Line)]
    if len(lines) <= 2 * k:
        return lines
    return lines[:k] + lines[-k:]


def _furniture_key(text: str) -> str:
    return _DIGITS.sub("#", _SPACE.sub("", text))


def _drop_furniture(pages: list[list[_Block]], cfg: PdfConfig) -> list[list[_Block]]:
    """Remove running headers/footers and page numbers from the edges of every page."""
    edges = [_edge_lines(blocks, cfg.edge_lines) for blocks in pages]
    running: set[str] = set()
    if len(pages) >= cfg.min_pages:
        seen = Counter(key for lines in edges for key in {_furniture_key(ln.text) for ln in lines})
        need = max(cfg.min_pages, math.ceil(cfg.repeat_fraction * len(pages)))
        running = {key for key, n in seen.items() if n >= need}
    out = []
    for blocks, edge in zip(pages, edges, strict=True):
        drop = {id(ln) for ln in edge if _furniture_key(ln.text) in running or cfg.is_page_number(ln.text)}
        out.append([b for b in blocks if id(b) not in drop])
    return out


def _densest(values: list[float], width: float, right_end: bool) -> tuple[float, int]:
    """The edge of the ``width``-wide window holding most values, and how many it holds.

    For a right edge the window is ``[v - width, v]`` and ties go to the larger ``v``;
    for a left edge it is ``[v, v + width]`` and ties go to the smaller ``v``.
    """
    if not values:
        return 0.0, 0
    xs = sorted(values)
    best, best_n = xs[0], 0
    for i, v in enumerate(xs):
        if right_end:
            n = i + 1 - bisect.bisect_left(xs, v - width)
            better = n >= best_n
        else:
            n = bisect.bisect_right(xs, v + width) - i
            better = n > best_n
        if better:
            best, best_n = v, n
    return best, best_n


def _mode(values: list[float]) -> tuple[float, int]:
    """Most common value rounded to whole points, and how many values share it."""
    if not values:
        return 0.0, 0
    value, count = Counter(round(v) for v in values).most_common(1)[0]
    return float(value), count


@dataclass(frozen=True)
class _Edges:
    """The text block of the pages of one size: where lines start and end."""

    left: float
    right: float
    can_join: bool  #: enough lines end at ``right`` to call it the margin
    uses_indent: bool  #: paragraphs open with a two-character indent
    body_size: float  #: the most common character size


def _measure(lines: list[_Line], cfg: PdfConfig) -> _Edges:
    char, _ = _mode([ln.size for ln in lines])
    left, _ = _densest([ln.x0 for ln in lines], char / 2, right_end=False)
    right, support = _densest([ln.x1 for ln in lines], char, right_end=True)
    indented = sum(1 for ln in lines if abs(ln.x0 - left - 2 * ln.size) <= 0.5 * ln.size)
    body_size, _ = _mode([ln.size for ln in lines])
    return _Edges(left, right, support >= 2, indented >= cfg.min_indented_lines, body_size)


def _continues(prev: _Line, ln: _Line, e: _Edges, cfg: PdfConfig) -> bool:
    """Whether ``ln`` continues the paragraph whose last line so far is ``prev``."""
    if prev.frame != ln.frame or abs(prev.size - ln.size) > 0.1 * max(prev.size, ln.size):
        return False  # another page size or another type size: another block
    if _title_lines(prev, ln, e, cfg):
        return True
    indent_ok = ln.x0 <= e.left + cfg.indent_chars * ln.size
    # prev starts at the left edge (or its indent), and the next line's first word would
    # not have fitted after it
    full = (
        e.can_join
        and prev.x0 <= e.left + (2 + cfg.indent_chars) * prev.size
        and prev.x1 + ln.lead >= e.right - cfg.right_margin_chars * prev.size
    )
    if not (indent_ok and full):
        return False
    if not prev.text.endswith(tuple(cfg.final_chars)):
        return True
    return e.uses_indent and not cfg.starts_heading(ln.text)


def _title_lines(prev: _Line, ln: _Line, e: _Edges, cfg: PdfConfig) -> bool:
    """Two lines of one wrapped title: large, centred, one under the other (sizes are
    already known to match)."""

    def centred(x: _Line) -> bool:
        return abs((x.x0 - e.left) - (e.right - x.x1)) <= cfg.indent_chars * x.size and x.x0 > e.left

    return (
        min(prev.size, ln.size) >= e.body_size * cfg.title_size_ratio
        and 0 < ln.top - prev.top <= 2 * prev.size
        and centred(prev)
        and centred(ln)
        and not prev.text.endswith(tuple(cfg.final_chars))
    )


def _layout(pages: list[list[_Block]], cfg: PdfConfig) -> str:
    """Lay the blocks out as text, re-joining lines the layout broke."""
    by_frame: dict[tuple[int, int], list[_Line]] = {}
    for blocks in pages:
        for b in blocks:
            if isinstance(b, _Line):
                by_frame.setdefault(b.frame, []).append(b)
    edges = {frame: _measure(lines, cfg) for frame, lines in by_frame.items()}

    out: list[str] = []
    prev: _Line | None = None  # the previous block, when it was a line
    for block in (b for blocks in pages for b in blocks):
        if isinstance(block, _Table):
            out.extend(block.rows)
            prev = None
            continue
        if prev is not None and _continues(prev, block, edges[block.frame], cfg):
            out[-1] = join_wrapped(out[-1], block.text)
        else:
            out.append(block.text)
        prev = block
    return "\n".join(out)


@contextmanager
def _open(source: str) -> Iterator[Any]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(source)
    except PdfminerException as exc:
        inner = exc.args[0] if exc.args else exc
        if isinstance(inner, PDFPasswordIncorrect):
            raise IngestError(source, "encrypted PDF (a password is needed to open it)") from None
        if isinstance(inner, PDFEncryptionError):
            raise IngestError(source, f"encrypted PDF (unsupported encryption: {inner})") from None
        detail = f"{type(inner).__name__}: {inner}".rstrip(": ")
        raise IngestError(source, f"not a valid PDF: {detail}") from None
    except Exception as exc:
        raise IngestError(source, f"not a valid PDF: {type(exc).__name__}: {exc}") from None
    try:
        yield pdf
    finally:
        with suppress(Exception):  # close() walks the pages again: a damaged page raises there too
            pdf.close()


_STREAM = regex.compile(rb"stream\r?\n")
_ENDSTREAM = b"endstream"


def inflated_size(data: bytes, max_bytes: int) -> int:
    """The size of ``data`` plus its Flate-compressed streams once inflated, counted up to
    just past ``max_bytes`` (so a PDF bomb is never inflated further). Streams that are not
    Flate data (images, damaged streams) count as they stand."""
    import zlib

    total = len(data)
    pos = 0
    while total <= max_bytes:
        found = _STREAM.search(data, pos)
        if found is None:
            break
        end = data.find(_ENDSTREAM, found.end())
        if end < 0:
            break
        chunk = data[found.end() : end]
        pos = end + len(_ENDSTREAM)
        inflater = zlib.decompressobj()
        try:
            while chunk and total <= max_bytes:
                out = inflater.decompress(chunk, max_bytes - total + 1)
                total += len(out)
                chunk = inflater.unconsumed_tail
        except zlib.error:
            continue
    return total


def read_pdf(source: str, max_bytes: int | None = None) -> str:
    """Read the PDF ``source`` into text (see the module docstring for the layout rules).

    ``max_bytes`` caps the file plus its inflated streams (IngestError past it).
    """
    with Path(source).open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise IngestError(source, "not a valid PDF: no %PDF- header")
    if max_bytes is not None and inflated_size(Path(source).read_bytes(), max_bytes) > max_bytes:
        raise IngestError(
            source, f"decompresses to more than the cap of {max_bytes / 2**20:,.0f} MB "
            "(raise it with --max-mb if the file is genuine)"
        )
    cfg = config().pdf
    with _open(source) as pdf:
        try:
            pages = [_page_blocks(page) for page in _guard(lambda: pdf.pages)]
        except _PdfDamaged as exc:
            raise IngestError(source, f"not a valid PDF: {exc}") from None
    if not pages:
        raise IngestError(source, "not a valid PDF: no pages")
    text = _layout(_drop_furniture(pages, cfg), cfg)
    if not text.strip():
        raise IngestError(source, "PDF has no text layer (a scan?); OCR is not supported")
    return text
