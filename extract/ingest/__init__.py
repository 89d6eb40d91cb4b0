"""Ingestion: read a notice file (.txt, .pdf, .docx, .html) into one decoded text.

The text of a :class:`RawDocument` is the coordinate space of every span the pipeline
outputs. For .txt it is the file decoded exactly; for the other formats it is the text this
stage lays out (one line per paragraph, one ``\\t``-joined line per table row).

Example:
    >>> doc = read_document("corpus/000_73ffc19bcbd17b6c.txt")  # doctest: +SKIP
    >>> doc.fmt, doc.encoding  # doctest: +SKIP
    ('txt', 'utf-8')
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from extract.core.errors import IngestError
from extract.core.paths import display_path, path_from_source
from extract.ingest.config import Limits, config

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".pdf", ".docx", ".html", ".htm"})


@dataclass(frozen=True)
class RawDocument:
    """A file read into text."""

    source: str  #: the path as given (bytes that are not UTF-8 written ``\\xNN``: see ``core.paths``)
    text: str  #: decoded text: the coordinate space of every span the pipeline outputs
    fmt: str  #: 'txt' | 'pdf' | 'docx' | 'html'
    encoding: str | None  #: detected encoding for txt/html, else None
    warnings: tuple[str, ...] = ()  #: one line each: read, but not quite as it should be


_Reader = Callable[[str, Limits, list[str]], tuple[str, str | None]]


def _read_txt(source: str, limits: Limits, warnings: list[str]) -> tuple[str, str | None]:
    from extract.ingest.txt import read_txt

    return read_txt(source, warnings)


def _read_pdf(source: str, limits: Limits, warnings: list[str]) -> tuple[str, str | None]:
    from extract.ingest.pdf import read_pdf

    return read_pdf(source, limits.max_bytes), None


def _read_docx(source: str, limits: Limits, warnings: list[str]) -> tuple[str, str | None]:
    from extract.ingest.docx import read_docx

    return read_docx(source, limits.max_bytes), None


def _read_html(source: str, limits: Limits, warnings: list[str]) -> tuple[str, str | None]:
    from extract.ingest.html import read_html
    from extract.ingest.txt import check_markup

    text, encoding = read_html(source, warnings)
    check_markup(text, source, "its visible text is escaped tags or code")
    return text, encoding


# suffix → (fmt, reader); readers import their library only when first needed.
_READERS: dict[str, tuple[str, _Reader]] = {
    ".txt": ("txt", _read_txt),
    ".pdf": ("pdf", _read_pdf),
    ".docx": ("docx", _read_docx),
    ".html": ("html", _read_html),
    ".htm": ("html", _read_html),
}
assert set(_READERS) == SUPPORTED_SUFFIXES
# Bytes per character at least, in an encoding we read (UTF-32): a .txt larger than
# 4 × max_chars bytes is over the text cap before it is read.
_MAX_BYTES_PER_CHAR = 4


def _existing(source: str) -> str:
    """``source``, or the file it names with ``\\xNN`` escapes undone when only that exists."""
    if "\\x" in source and not os.path.lexists(source):
        alt = os.fspath(path_from_source(source))
        if os.path.lexists(alt):
            return alt
    return source


def read_document(path: str | os.PathLike[str], limits: Limits | None = None) -> RawDocument:
    """Read ``path`` into a :class:`RawDocument`, choosing the reader by its suffix.

    ``limits`` caps the text length and the decompressed size (``[limits]`` of
    ``ingest.toml`` by default).

    Raises:
        IngestError: one line naming the file and the reason (missing, a directory,
            unsupported type, empty, binary, undecodable, corrupt or encrypted, no text,
            mostly markup, over a cap).
    """
    limits = limits or config().limits
    source = _existing(os.fspath(path))
    shown = display_path(source)
    warnings: list[str] = []
    try:
        text, fmt, encoding = _read(source, limits, warnings)
    except IngestError as err:
        if err.path == shown:
            raise
        raise IngestError(shown, err.reason) from None
    return RawDocument(source=shown, text=text, fmt=fmt, encoding=encoding, warnings=tuple(warnings))


def _read(source: str, limits: Limits, warnings: list[str]) -> tuple[str, str, str | None]:
    p = Path(source)
    if not p.exists():
        raise IngestError(source, "no such file")
    if p.is_dir():
        raise IngestError(source, "is a directory, not a file")
    if not p.is_file():
        raise IngestError(source, "not a regular file")
    suffix = p.suffix.lower()
    if suffix not in _READERS:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        shown = suffix or "(no extension)"
        raise IngestError(source, f"unsupported file type {shown} (supported: {supported})")
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise IngestError(source, f"cannot read: {exc.strerror or exc}") from None
    if size == 0:
        raise IngestError(source, "empty file")
    if size > limits.max_bytes or (suffix == ".txt" and size > _MAX_BYTES_PER_CHAR * limits.max_chars):
        raise IngestError(source, f"{size / 2**20:,.1f} MB is over the cap ({_caps(limits)}; "
                                  "raise it with --max-mb / --max-chars if the file is genuine)")
    fmt, reader = _READERS[suffix]
    try:
        text, encoding = reader(source, limits, warnings)
    except IngestError:
        raise
    except PermissionError:
        raise IngestError(source, "cannot read: permission denied") from None
    except MemoryError:
        raise IngestError(source, f"out of memory reading it ({_caps(limits)})") from None
    except OSError as exc:
        raise IngestError(source, f"cannot read: {exc.strerror or exc}") from None
    from extract.ingest.txt import is_blank

    if len(text) > limits.max_chars:
        raise IngestError(source, f"text of {len(text):,} characters is over the cap of {limits.max_chars:,} "
                                  "(raise it with --max-chars if the file is genuine)")
    if is_blank(text):
        raise IngestError(source, "no text (only whitespace)")
    return text, fmt, encoding


def _caps(limits: Limits) -> str:
    return f"caps: {limits.max_mb:g} MB, {limits.max_chars:,} characters"


__all__ = ["SUPPORTED_SUFFIXES", "Limits", "RawDocument", "IngestError", "read_document"]
