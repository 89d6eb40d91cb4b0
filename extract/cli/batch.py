"""``cuofeng extract``: the batch run (:func:`extract.batch.run_batch`) shown as it goes, a
progress bar on a terminal, one line per failure, and a summary table."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from extract.batch import BatchSummary, Outcome, run_batch
from extract.core.paths import display_path
from extract.ingest.config import Limits


class _Shown:
    """:class:`extract.batch.BatchEvents` printed: errors and warnings on stderr, one unwrapped
    line each whatever the width; per-file lines with ``verbose``; a progress bar."""

    def __init__(self, progress: Progress, console: Console, err_console: Console, verbose: bool, debug: bool):
        self.progress, self.console, self.err_console = progress, console, err_console
        self.verbose, self.debug = verbose, debug
        self.task: TaskID | None = None

    def start(self, total: int) -> None:
        self.progress.start()  # not before: the workers are forked from a process without its thread
        self.task = self.progress.add_task("", total=total)

    def error(self, line: str, trace: str | None = None) -> None:
        self.err_console.print(f"[red]error[/red] {escape(line)}", highlight=False, soft_wrap=True)
        if self.debug and trace:
            self.err_console.print(trace, highlight=False, soft_wrap=True, markup=False)

    def warning(self, line: str) -> None:
        self.err_console.print(f"[yellow]warning[/yellow] {escape(line)}", highlight=False, soft_wrap=True)

    def done(self, path: str, outcome: Outcome) -> None:
        if self.verbose and outcome.json_text is not None:
            self.console.print(f"{display_path(path)}: {outcome.rules} rules, {outcome.periods} periods, "
                               f"{outcome.warnings} warnings", highlight=False, markup=False)
        if self.task is not None:
            self.progress.update(self.task, advance=1, description=os.path.basename(display_path(path)))

    def end(self) -> None:
        self.progress.stop()


def run_extract(
    paths: list[Path],
    out: Path,
    *,
    workers: int | None = None,
    quiet: bool = False,
    verbose: bool = False,
    debug: bool = False,
    limits: Limits | None = None,
) -> int:
    """Run the ``extract`` command; returns the exit code (see :mod:`extract.batch`)."""
    console = Console(stderr=True, quiet=quiet)
    err_console = Console(stderr=True)
    show_bar = not quiet and sys.stderr.isatty()
    progress = Progress(
        TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"), console=console, disable=not show_bar, transient=True,
    )
    shown = _Shown(progress, console, err_console, verbose, debug)
    try:
        summary = run_batch(paths, out, shown, workers=workers, limits=limits)
    finally:
        progress.stop()
    if summary.ran:
        _summary(console, summary)
    if summary.final_error:
        shown.error(summary.final_error)
    return summary.code


def _summary(console: Console, summary: BatchSummary) -> None:
    table = Table(title="cuofeng extract", show_header=False, box=None)
    table.add_row("files read", str(summary.written))
    table.add_row("failed", str(summary.failed))
    skipped = summary.skipped
    if skipped:
        reasons = sorted(skipped.items())
        table.add_row("skipped", f"{sum(skipped.values())}: " + (
            reasons[0][0] if len(reasons) == 1 else ", ".join(f"{n} {why}" for why, n in reasons)))
    table.add_row("rules", str(summary.rules))
    table.add_row("periods", str(summary.periods))
    table.add_row("warnings", str(summary.warnings))
    table.add_row("output", display_path(summary.out))
    table.add_row("time", f"{summary.seconds:.1f} s")
    console.print(table, highlight=False)
