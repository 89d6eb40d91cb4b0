"""Deduplication: repeated paragraphs and plans inside a document, and the same notice in
several files (exact hashing, MinHash LSH on character shingles, containment).

An optional semantic backend for paraphrased copies lives in :mod:`extract.dedup.semantic`
(extras ``semantic`` / ``semantic-lite``; never imported here). The cross-document part
(:mod:`extract.dedup.documents`) is imported on first use: extracting a notice does not need it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from extract.dedup.internal import Group, InternalDuplicates, find_internal_duplicates

if TYPE_CHECKING:
    from extract.dedup.documents import DocumentGroup, find_document_duplicates

__all__ = ["DocumentGroup", "Group", "InternalDuplicates", "find_document_duplicates", "find_internal_duplicates"]


def __getattr__(name: str) -> Any:
    if name in ("DocumentGroup", "find_document_duplicates"):
        from extract.dedup import documents

        return getattr(documents, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
