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


@dataclass
class FileDuplicates:
    """One file read and normalised, with the duplicates found inside it."""

    path: str
    mapped: MappedText
    internal: InternalDuplicates


def run_dedup(paths: list[Path], json_out: Path | None = None, console: Console | None = None) -> int:
    """Read every file under ``paths``, report repeated parts and duplicate files; exit code 0.

    A file that cannot be read gets one line naming it; the others are still compared.
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


def _excerpt(mt: MappedText, span: tuple[int, int], width: int = 40) -> str:
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


__all__ = ["FileDuplicates", "dedup_file", "dedup_report", "run_dedup"]
