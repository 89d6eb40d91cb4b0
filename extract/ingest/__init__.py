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

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".pdf", ".docx", ".html", ".htm"})


@dataclass(frozen=True)
class RawDocument:
    """A file read into text."""

    source: str  #: the path as given
    text: str  #: decoded text: the coordinate space of every span the pipeline outputs
    fmt: str  #: 'txt' | 'pdf' | 'docx' | 'html'
    encoding: str | None  #: detected encoding for txt/html, else None


def _read_txt(source: str) -> tuple[str, str | None]:
    from extract.ingest.txt import read_txt

    return read_txt(source)


def _read_pdf(source: str) -> tuple[str, str | None]:
    from extract.ingest.pdf import read_pdf

    return read_pdf(source), None


def _read_docx(source: str) -> tuple[str, str | None]:
    from extract.ingest.docx import read_docx

    return read_docx(source), None


def _read_html(source: str) -> tuple[str, str | None]:
    from extract.ingest.html import read_html

    return read_html(source)


# suffix → (fmt, reader); readers import their library only when first needed.
_READERS: dict[str, tuple[str, Callable[[str], tuple[str, str | None]]]] = {
    ".txt": ("txt", _read_txt),
    ".pdf": ("pdf", _read_pdf),
    ".docx": ("docx", _read_docx),
    ".html": ("html", _read_html),
    ".htm": ("html", _read_html),
}
assert set(_READERS) == SUPPORTED_SUFFIXES


def read_document(path: str | os.PathLike[str]) -> RawDocument:
    """Read ``path`` into a :class:`RawDocument`, choosing the reader by its suffix.

    Raises:
        IngestError: one line naming the file and the reason (missing, a directory,
            unsupported type, empty, binary, undecodable, corrupt or encrypted).
    """
    source = os.fspath(path)
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
    fmt, reader = _READERS[suffix]
    try:
        text, encoding = reader(source)
    except IngestError:
        raise
    except PermissionError:
        raise IngestError(source, "cannot read: permission denied") from None
    except OSError as exc:
        raise IngestError(source, f"cannot read: {exc.strerror or exc}") from None
    return RawDocument(source=source, text=text, fmt=fmt, encoding=encoding)


__all__ = ["SUPPORTED_SUFFIXES", "RawDocument", "IngestError", "read_document"]
