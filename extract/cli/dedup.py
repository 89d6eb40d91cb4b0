"""``cuofeng dedup PATH...``: duplicates inside each file and across files, without extraction,
printed as tables (the report itself: :mod:`extract.dedup.files`)."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from extract.core.errors import IngestError
from extract.dedup.documents import find_document_duplicates
from extract.dedup.files import FileDuplicates, dedup_file, dedup_report, embedder, paraphrases


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
        report["paraphrases"] = paraphrases(read, embedder(semantic))
    _print(console, report)
    if json_out is not None:
        from extract.io import atomic_write_text

        atomic_write_text(json_out, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return 0


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


__all__ = ["run_dedup"]
