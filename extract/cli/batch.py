"""``cuofeng extract``: the batch run (:func:`extract.batch.run_batch`) shown as it goes, a
progress bar on a terminal, one line per failure, and a summary table.

On a terminal (or with ``FORCE_COLOR`` / ``TTY_COMPATIBLE=1``) rich draws the bar, the colours
and the table; otherwise (a log, a pipe, a one-file run from a script) the same lines are
written plainly and rich is not imported (~30 ms of start-up)."""

from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from extract.batch import BatchSummary, Outcome, run_batch
from extract.core.paths import display_path
from extract.ingest.config import Limits

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID


class _Out(Protocol):
    """Where the run is shown: stderr, through rich or plainly."""

    def error(self, line: str, trace: str | None) -> None: ...
    def warning(self, line: str) -> None: ...
    def info(self, line: str) -> None: ...  # silenced by --quiet
    def summary(self, title: str, rows: list[tuple[str, str]]) -> None: ...  # silenced by --quiet
    def start(self, total: int) -> None: ...
    def advance(self, description: str) -> None: ...
    def stop(self) -> None: ...


class _Plain:
    """Lines on stderr as rich writes them to a file: no colours, no bar, no wrapping."""

    def __init__(self, quiet: bool):
        self.quiet = quiet

    def error(self, line: str, trace: str | None) -> None:
        sys.stderr.write(f"error {line}\n")
        if trace:
            sys.stderr.write(f"{trace}\n")

    def warning(self, line: str) -> None:
        sys.stderr.write(f"warning {line}\n")

    def info(self, line: str) -> None:
        if not self.quiet:
            sys.stderr.write(f"{line}\n")

    def summary(self, title: str, rows: list[tuple[str, str]]) -> None:
        if not self.quiet:
            sys.stderr.write(plain_table(title, rows))

    def start(self, total: int) -> None:
        pass

    def advance(self, description: str) -> None:
        pass

    def stop(self) -> None:
        pass


class _Rich:
    """A progress bar while it runs, ``error``/``warning`` in colour, one unwrapped line each."""

    def __init__(self, quiet: bool):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console: Console = Console(stderr=True, quiet=quiet)
        self.err_console: Console = Console(stderr=True)
        self.progress: Progress = Progress(
            TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.description}"), console=self.console, disable=quiet or not sys.stderr.isatty(),
            transient=True,
        )
        self.task: TaskID | None = None

    def error(self, line: str, trace: str | None) -> None:
        from rich.markup import escape

        self.err_console.print(f"[red]error[/red] {escape(line)}", highlight=False, soft_wrap=True)
        if trace:
            self.err_console.print(trace, highlight=False, soft_wrap=True, markup=False)

    def warning(self, line: str) -> None:
        from rich.markup import escape

        self.err_console.print(f"[yellow]warning[/yellow] {escape(line)}", highlight=False, soft_wrap=True)

    def info(self, line: str) -> None:
        self.console.print(line, highlight=False, markup=False)

    def summary(self, title: str, rows: list[tuple[str, str]]) -> None:
        from rich.table import Table

        table = Table(title=title, show_header=False, box=None)
        for row in rows:
            table.add_row(*row)
        self.console.print(table, highlight=False)

    def start(self, total: int) -> None:
        self.progress.start()  # not before: the workers are forked from a process without its thread
        self.task = self.progress.add_task("", total=total)

    def advance(self, description: str) -> None:
        if self.task is not None:
            self.progress.update(self.task, advance=1, description=description)

    def stop(self) -> None:
        self.progress.stop()


def _wants_rich(environ: Any = os.environ) -> bool:
    """Whether stderr is a terminal, as rich decides it (``TTY_COMPATIBLE``, ``FORCE_COLOR``)."""
    compatible = environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    if environ.get("FORCE_COLOR") is not None:
        return environ["FORCE_COLOR"] != ""
    try:
        return sys.stderr.isatty()
    except ValueError:  # closed
        return False


def _width(text: str) -> int:
    """Terminal cells of ``text``: two for a wide (CJK) character, none for a combining mark."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def plain_table(title: str, rows: list[tuple[str, str]]) -> str:
    """The summary as rich prints a title over a borderless, headerless table (one cell of
    padding each side, columns as wide as their widest cell, the title centred); never wrapped.
    The table is at least as wide as the title (its ``files read`` row is)."""
    widths = [max(_width(row[i]) for row in rows) for i in range(2)]
    total = sum(widths) + 4
    pad = total - _width(title)
    lines = [" " * (pad // 2) + title + " " * (pad - pad // 2)]
    for row in rows:
        lines.append("".join(f" {cell}{' ' * (w - _width(cell))} " for cell, w in zip(row, widths, strict=True)))
    return "\n".join(lines) + "\n"


class _Shown:
    """:class:`extract.batch.BatchEvents` printed: errors and warnings on stderr, one unwrapped
    line each whatever the width; per-file lines with ``verbose``; a progress bar."""

    def __init__(self, out: _Out, verbose: bool, debug: bool):
        self.out, self.verbose, self.debug = out, verbose, debug

    def start(self, total: int) -> None:
        self.out.start(total)

    def error(self, line: str, trace: str | None = None) -> None:
        self.out.error(line, trace if self.debug else None)

    def warning(self, line: str) -> None:
        self.out.warning(line)

    def done(self, path: str, outcome: Outcome) -> None:
        if self.verbose and outcome.json_text is not None:
            self.out.info(f"{display_path(path)}: {outcome.rules} rules, {outcome.periods} periods, "
                          f"{outcome.warnings} warnings")
        self.out.advance(os.path.basename(display_path(path)))

    def end(self) -> None:
        self.out.stop()


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
    shown_on: _Out = _Rich(quiet) if _wants_rich() else _Plain(quiet)
    shown = _Shown(shown_on, verbose, debug)
    try:
        summary = run_batch(paths, out, shown, workers=workers, limits=limits)
    finally:
        shown_on.stop()
    if summary.ran:
        shown_on.summary("cuofeng extract", _rows(summary))
    if summary.final_error:
        shown.error(summary.final_error)
    return summary.code


def _rows(summary: BatchSummary) -> list[tuple[str, str]]:
    rows = [("files read", str(summary.written)), ("failed", str(summary.failed))]
    skipped = summary.skipped
    if skipped:
        reasons = sorted(skipped.items())
        rows.append(("skipped", f"{sum(skipped.values())}: " + (
            reasons[0][0] if len(reasons) == 1 else ", ".join(f"{n} {why}" for why, n in reasons))))
    rows += [("rules", str(summary.rules)), ("periods", str(summary.periods)), ("warnings", str(summary.warnings)),
             ("output", display_path(summary.out)), ("time", f"{summary.seconds:.1f} s")]
    return rows
