"""The edges of the scorer: ``run_score`` (what ``cuofeng score`` wraps) and the baseline update."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from extract.core.errors import CuofengError
from extract.score.baseline import (
    BASELINE_PATH,
    Baseline,
    ExtractFn,
    baseline_json,
    evaluate_corpus,
    evaluation_digest,
    load_baseline,
    raise_floors,
)
from extract.score.format import format_errors, format_table
from extract.score.scoring import score_dirs


def run_score(
    gold_dir: str | os.PathLike[str],
    pred_dir: str | os.PathLike[str],
    json_out: str | os.PathLike[str] | None = None,
    show_errors: bool = False,
) -> int:
    """Score ``pred_dir`` against ``gold_dir``, print the tables (and errors), optionally write
    JSON. Returns the exit code: 0 scored, 2 bad input (missing folder, malformed file, no gold)."""
    from extract.io import atomic_write_text

    try:
        report = score_dirs(gold_dir, pred_dir)
    except CuofengError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if not report.docs:
        print(f"error: no gold files (*.json) in {gold_dir}", file=sys.stderr)
        return 2
    if show_errors:
        sys.stdout.write(format_errors(report))
    sys.stdout.write(format_table(report))
    if json_out is not None:
        atomic_write_text(Path(json_out), report.to_json())
    return 0


def run_update_baseline(
    corpus_dir: str | os.PathLike[str] = "corpus",
    gold_dir: str | os.PathLike[str] = "gold",
    baseline_path: str | os.PathLike[str] = BASELINE_PATH,
    extract: ExtractFn | None = None,
    reset: bool = False,
) -> int:
    """Extract the corpus (with ``extract``, default the pipeline), score it, and raise the
    floors of the baseline file (never lower them; ``reset`` sets them to the measured F1s);
    re-pin its digest.

    Refuses (exit 1) when the pipeline cannot be imported or a corpus file fails to extract.
    """
    from extract.io import atomic_write_text

    path = Path(baseline_path)
    old = load_baseline(path) if path.exists() else Baseline()
    if extract is None:
        try:
            from extract.pipeline import extract_file as extract
        except ImportError as err:
            print(f"error: the pipeline cannot be imported: {err!r}", file=sys.stderr)
            return 1
    with tempfile.TemporaryDirectory(prefix="cuofeng-eval-") as out:
        report, failures = evaluate_corpus(corpus_dir, gold_dir, out, extract=extract)
    sys.stdout.write(format_table(report))
    if failures:
        print("error: some corpus files failed to extract; baseline not updated:", file=sys.stderr)
        for f in failures:
            print(f"  {f}", file=sys.stderr)
        return 1
    new = raise_floors(old, report, evaluation_digest(corpus_dir, gold_dir), reset=reset)
    for field, floor in new.floors.items():
        before = old.floors.get(field)
        if before != floor:
            print(f"floor {field}: {before} -> {floor}")
    if new.corpus_sha256 != old.corpus_sha256:
        print(f"corpus_sha256: {old.corpus_sha256 or '(none)'} -> {new.corpus_sha256}")
    atomic_write_text(path, baseline_json(new))
    print(f"wrote {path}")
    return 0
