"""Duplicates of whole files, without extraction: each file read and normalised, repeated
paragraphs and plans inside it, the same notice across files, paraphrased sentences.

Spans in the report are raw-text offsets (as read from the file), as everywhere in the output.
``cuofeng dedup`` (``extract/cli/dedup.py``) prints it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extract.core.textmap import MappedText
from extract.dedup.documents import DocumentGroup
from extract.dedup.internal import InternalDuplicates, find_internal_duplicates
from extract.dedup.semantic import Embedder, find_paraphrases
from extract.dedup.shingles import compact, sentence_spans, settings


@dataclass
class FileDuplicates:
    """One file read and normalised, with the duplicates found inside it."""

    path: str
    mapped: MappedText
    internal: InternalDuplicates


def dedup_file(path: Path) -> FileDuplicates:
    """Read, normalise and look for repeated paragraphs and plans inside one file."""
    from extract.ingest import read_document
    from extract.normalize import normalize
    from extract.outline import segment

    mt = normalize(read_document(path).text)
    outline = segment(mt.text)
    internal = find_internal_duplicates(
        mt.text, [(n.start, n.line_end) for n in outline.blocks()], [(p.start, p.end) for p in outline.plans()]
    )
    return FileDuplicates(str(path), mt, internal)


def dedup_report(files: list[FileDuplicates], groups: list[DocumentGroup], errors: list[str]) -> dict:
    """The JSON-ready report: per-file groups, cross-file groups (raw spans), errors."""
    mapped = {f.path: f.mapped for f in files}
    return {
        "files": [
            {
                "path": f.path,
                "groups": [
                    {
                        "kind": g.kind,
                        "spans": [list(f.mapped.to_raw(s, e)) for s, e in g.spans],
                        "similarity": round(g.similarity, 4),
                        "text": _excerpt(f.mapped, g.spans[0]),
                    }
                    for g in f.internal.groups
                ],
                "plan_duplicate_of": {str(k): v for k, v in sorted(f.internal.plan_duplicate_of.items())},
            }
            for f in files
            if f.internal.groups
        ],
        "documents": [
            {
                "kind": g.kind,
                "relation": g.relation,
                "similarity": g.similarity,
                "members": [
                    {"path": m, "span": list(mapped[m].to_raw(*span)) if span else None} for m, span in g.members
                ],
                "containers": g.containers,
            }
            for g in groups
        ],
        "errors": errors,
    }


def paraphrases(files: list[FileDuplicates], embedder: Embedder) -> list[dict]:
    """Sentences (``paragraph.min_chars`` or longer, not already dropped as copies) that
    paraphrase each other, in any of ``files``; spans are raw offsets."""
    min_chars = settings()["paragraph"]["min_chars"]
    units: dict[str, tuple[FileDuplicates, tuple[int, int]]] = {}
    for f in files:
        dropped = f.internal.dropped
        for s, e in sentence_spans(f.mapped.text):
            key = compact(f.mapped.text[s:e])
            if len(key) >= min_chars and not any(a <= s and e <= b for a, b in dropped):
                units.setdefault(key, (f, (s, e)))
    found = list(units.values())
    texts = [f.mapped.text[s:e] for f, (s, e) in found]

    def side(k: int) -> dict:
        f, span = found[k]
        return {"path": f.path, "span": list(f.mapped.to_raw(*span)), "text": _excerpt(f.mapped, span, 60)}

    return [{"score": score, "a": side(i), "b": side(j)} for i, j, score in find_paraphrases(texts, embedder)]


def _excerpt(mt: MappedText, span: tuple[int, int], width: int = 30) -> str:
    text = " ".join(mt.raw_slice(*span).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def embedder(semantic: str) -> Embedder:
    """The embedder ``--semantic`` names: ``"bundled"`` or the path of a sentence-transformers model."""
    from extract.dedup.semantic import BundledEmbedder, SentenceTransformerEmbedder

    return BundledEmbedder() if semantic == "bundled" else SentenceTransformerEmbedder(semantic)


__all__ = ["FileDuplicates", "dedup_file", "dedup_report", "embedder", "paraphrases"]
