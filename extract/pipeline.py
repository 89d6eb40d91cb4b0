"""The extraction pipeline, stage by stage.

    ingest → normalise → outline → metadata → dedup → recognise → assemble → check

Each stage is one call below and passes its result on; every item of the notice carries a
span in raw-text coordinates (``MappedText.to_raw``). Lower layers never import this module
(see the import-linter contract in ``pyproject.toml``).
"""

from __future__ import annotations

import hashlib
import os

import regex

from extract.assemble import Document, assemble_notice, dating
from extract.assemble.checks import check_notice
from extract.assemble.mentions import recognise
from extract.core.models import Notice
from extract.dedup import find_internal_duplicates
from extract.ingest import read_document
from extract.normalize import normalize
from extract.outline import segment
from extract.recognize.metadata import read_metadata
from extract.recognize.regions import place_levels


def doc_id_of(raw: str) -> str:
    """A stable id: the first 16 hex digits of the SHA-256 of the decoded text."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def extract_text(raw: str, source: str = "<text>") -> Notice:
    """Extract one notice from its decoded text. Lone surrogates (bytes a caller decoded with
    ``surrogateescape``) cannot be written as UTF-8: each becomes U+FFFD, one for one."""
    raw = _SURROGATE.sub("\ufffd", raw)
    mt = normalize(raw)  # widths, dashes, traditional → simplified, web junk, broken lines
    text = mt.text
    outline = segment(text)  # headings, items, paragraphs, the plans of a compilation
    metadata = read_metadata(text, place_levels())  # title, 文号, issuers, date, jurisdiction, season
    duplicates = find_internal_duplicates(  # repeated paragraphs and plans, left out of extraction
        text, [(n.start, n.line_end) for n in outline.blocks()], [(p.start, p.end) for p in outline.plans()]
    )
    season_start, year_hint = dating(metadata, text)
    mentions = recognise(text, season_start, year_hint)  # dates, ratios, grades, industries, limits …
    notice = assemble_notice(  # rules, periods, scope, limits, references, plans, duplicates
        Document(mt, outline, metadata, duplicates, mentions), source=source, doc_id=doc_id_of(raw)
    )
    notice.warnings = check_notice(notice, text, mt)  # inconsistencies
    return notice


def extract_file(path: str | os.PathLike[str]) -> Notice:
    """Read one file (.txt, .pdf, .docx, .html) and extract its notice.

    Raises :class:`extract.core.errors.IngestError` when the file cannot be read.
    """
    doc = read_document(path)  # ingest
    return extract_text(doc.text, source=doc.source)  # a name that is not UTF-8 is written \xNN
