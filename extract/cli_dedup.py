"""``cuofeng dedup PATH...``: duplicates inside each file and across files, without extraction.

Spans in the report are raw-text offsets (as read from the file), as everywhere in the output.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from extract.core.errors import IngestError
from extract.core.textmap import MappedText
from extract.dedup.documents import DocumentGroup, find_document_duplicates
from extract.dedup.internal import InternalDuplicates, find_internal_duplicates
from extract.dedup.semantic import Embedder, find_paraphrases
from extract.dedup.shingles import compact, sentence_spans, settings


@dataclass
class FileDuplicates:
    """One file read and normalised, with the duplicates found inside it."""

    path: str
    mapped: MappedText
    internal: InternalDuplicates


def run_dedup(
    paths: list[Path], json_out: Path | None = None, console: Console | None = None, semantic: str | None = None
) -> int:
    """Read every file under ``paths``, report repeated parts and duplicate files; exit code 0.

    A file that cannot be read gets one line naming it; the others are still compared.
    ``semantic`` (``"bundled"``, or the path of a local sentence-transformers model) also
    reports paraphrased sentences across and within files (needs an optional extra).
    """
    from extract.batch import collect_inputs

    console = console or Console()
    files, missing = collect_inputs(paths)
    errors = [f.error or str(f.path) for f in missing]
    read: list[FileDuplicates] = []
    for path in files:
        try:
            read.append(dedup_file(path))
        except IngestError as err:
            errors.append(str(err))
    groups = find_document_duplicates([(f.path, f.mapped.text) for f in read])
    report = dedup_report(read, groups, errors)
    if semantic is not None:
        report["paraphrases"] = paraphrases(read, _embedder(semantic))
    _print(console, report)
    if json_out is not None:
        from extract.io import atomic_write_text

        atomic_write_text(json_out, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return 0


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


def _embedder(semantic: str) -> Embedder:
    from extract.dedup.semantic import BundledEmbedder, SentenceTransformerEmbedder

    return BundledEmbedder() if semantic == "bundled" else SentenceTransformerEmbedder(semantic)


def _excerpt(mt: MappedText, span: tuple[int, int], width: int = 30) -> str:
    text = " ".join(mt.raw_slice(*span).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _print(console: Console, report: dict) -> None:
    for line in report["errors"]:
        console.print(f"[red]error[/red] {line}", highlight=False, soft_wrap=True)
    inside = Table(title="Repeated inside a file (the first span is kept)")
    for col in ("file", "kind", "spans", "similarity", "text"):
        inside.add_column(col, overflow="fold")
    for f in report["files"]:
        for g in f["groups"]:
            spans = " ".join(f"[{s},{e})" for s, e in g["spans"])
            inside.add_row(f["path"], g["kind"], spans, f"{g['similarity']:.3f}", g["text"])
    across = Table(title="The same notice in several files")
    for col in ("relation", "similarity", "members", "containers"):
        across.add_column(col, overflow="fold")
    for g in report["documents"]:
        members = "\n".join(
            m["path"] + (f" [{m['span'][0]},{m['span'][1]})" if m["span"] else "") for m in g["members"]
        )
        across.add_row(g["relation"], f"{g['similarity']:.3f}", members, "\n".join(g["containers"]))
    console.print(inside if inside.rows else "No repeated paragraphs or plans inside a file.")
    console.print(across if across.rows else "No duplicate notices across files.")
    if "paraphrases" in report:
        para = Table(title="Paraphrased sentences (semantic)")
        for col in ("score", "first", "second"):
            para.add_column(col, overflow="fold")
        for p in report["paraphrases"]:
            para.add_row(f"{p['score']:.3f}", *(f"{q['path']} [{q['span'][0]},{q['span'][1]})\n{q['text']}" for q in (p["a"], p["b"])))
        console.print(para if para.rows else "No paraphrased sentences.")


__all__ = ["FileDuplicates", "dedup_file", "dedup_report", "paraphrases", "run_dedup"]
