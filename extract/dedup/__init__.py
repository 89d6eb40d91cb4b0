"""Deduplication: repeated paragraphs and plans inside a document, and the same notice in
several files (exact hashing, MinHash LSH on character shingles, containment).

An optional semantic backend for paraphrased copies lives in :mod:`extract.dedup.semantic`
(extras ``semantic`` / ``semantic-lite``; never imported here).
"""

from extract.dedup.documents import DocumentGroup, find_document_duplicates
from extract.dedup.internal import Group, InternalDuplicates, find_internal_duplicates

__all__ = ["DocumentGroup", "Group", "InternalDuplicates", "find_document_duplicates", "find_internal_duplicates"]
