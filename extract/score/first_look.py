"""First-look scores: a newly labelled batch scored once, before any development on it.

A batch is a folder with ``corpus/`` (the notices) and ``gold/`` (their blind labels). The
extractor as it stands runs on the batch, the scores are printed and appended to
``gold/FIRST_LOOK.md`` as one section (batch, date, commit, files, per-field P/R/F1). That
figure is what a user should expect on notices the project has never seen; once logged,
the batch joins ``corpus/`` and ``gold/`` for development.

    python -m extract.score.first_look BATCH_DIR --name "batch 1" [--log gold/FIRST_LOOK.md]
    cuofeng first-look BATCH_DIR --name "batch 1"        # the same (extract/cli/score.py)
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from extract.score.baseline import ExtractFn, evaluate_corpus
from extract.score.keys import FIELDS
from extract.score.report import ScoreReport

LOG_PATH = Path(__file__).resolve().parents[2] / "gold" / "FIRST_LOOK.md"


def current_commit() -> str:
    """The short commit of the extractor, marked when ``extract/`` has uncommitted changes."""
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True,
                             cwd=Path(__file__).resolve().parent)
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "extract"], capture_output=True, text=True,
                               cwd=Path(__file__).resolve().parent).stdout.strip()
        return out.stdout.strip() + (" (+ uncommitted extractor changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _f(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def format_section(name: str, report: ScoreReport, files: Sequence[str], when: str, commit: str) -> str:
    """One markdown section of ``FIRST_LOOK.md``: the batch's micro-averaged scores per field."""
    lines = [f"## {name}", "", f"Scored {when} with the extractor at commit {commit}, before any change made "
             f"after reading this batch. {len(files)} notices:", ""]
    lines += [f"- `{f}`" for f in files]
    lines += ["", "| field | P | R | F1 | tp | fp | fn |", "|---|---|---|---|---|---|---|"]
    fields = report.fields
    for field in FIELDS:
        c = fields[field]
        lines.append(f"| {field} | {_f(c.precision)} | {_f(c.recall)} | {_f(c.f1)} | {c.tp} | {c.fp} | {c.fn} |")
    return "\n".join(lines) + "\n\n"


def first_look(
    batch: Path, name: str, log: Path = LOG_PATH, extract: ExtractFn | None = None
) -> tuple[ScoreReport, list[str]]:
    """Extract the batch's corpus (with ``extract``, default the pipeline), score it against its
    gold, append the section to ``log``.

    Returns the report and the extraction failures (a failed file scores as all missed).
    """
    with tempfile.TemporaryDirectory(prefix="cuofeng-first-look-") as out:
        report, failures = evaluate_corpus(batch / "corpus", batch / "gold", out, extract=extract)
    files = sorted(report.docs)
    section = format_section(name, report, files, dt.date.today().isoformat(), current_commit())
    header = "" if log.exists() else (
        "# First-look scores\n\nEach batch of new notices, labelled blind, scored once before any development "
        "on it (`python -m extract.score.first_look`). These figures, not the development scores of all of "
        "`corpus/`, are what to expect on unseen notices.\n\n")
    with log.open("a", encoding="utf-8") as fh:
        fh.write(header + section)
    return report, failures


if __name__ == "__main__":  # python -m extract.score.first_look: the command line's `first-look`
    from extract.cli.score import first_look_main

    first_look_main()
