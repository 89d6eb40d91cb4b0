"""The extraction pipeline: raw text → normalised text → outline → mentions → notice.

Every item of the notice carries a span in raw-text coordinates (``MappedText.to_raw``).
"""

from __future__ import annotations

import hashlib
import os

from extract.assemble import assemble_notice
from extract.core.models import Notice
from extract.ingest import read_document


def doc_id_of(raw: str) -> str:
    """A stable id: the first 16 hex digits of the SHA-256 of the decoded text."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def extract_text(raw: str, source: str = "<text>") -> Notice:
    """Extract one notice from its decoded text."""
    return assemble_notice(raw, source=source, doc_id=doc_id_of(raw))


def extract_file(path: str | os.PathLike[str]) -> Notice:
    """Read one file (.txt, .pdf, .docx, .html) and extract its notice.

    Raises :class:`extract.core.errors.IngestError` when the file cannot be read.
    """
    doc = read_document(path)
    return extract_text(doc.text, source=doc.source)  # a name that is not UTF-8 is written \xNN
