"""Deduplication: repeated paragraphs and plans inside a document, and the same notice in
several files (exact hashing, MinHash LSH on character shingles, containment)."""

from extract.dedup.internal import Group, InternalDuplicates, find_internal_duplicates

__all__ = ["Group", "InternalDuplicates", "find_internal_duplicates"]
