"""Batch extraction: many files, parallel processes, progress, atomic outputs, a summary."""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from extract.core.errors import CuofengError
from extract.core.models import Notice
from extract.io import atomic_write_text, notice_json, output_names, rules_jsonl


@dataclass
class FileResult:
    path: Path
    notice: Notice | None = None
    error: str | None = None
    trace: str | None = None


def collect_inputs(paths: Iterable[Path]) -> tuple[list[Path], list[FileResult]]:
    """Files to read: given files as they are, folders searched recursively for supported types.

    A missing path is a failure of its own; unsupported files inside folders are skipped.
    """
    from extract.ingest import SUPPORTED_SUFFIXES

    files: list[Path] = []
    failed: list[FileResult] = []
    for p in paths:
        if p.is_dir():
            files.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES)
            )
        elif p.exists():
            files.append(p)
        else:
            failed.append(FileResult(p, error=f"{p}: no such file or folder"))
    seen: set[Path] = set()
    unique = [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))]
    return unique, failed


def _extract_one(path: Path) -> FileResult:
    from extract.pipeline import extract_file

    try:
        return FileResult(path, notice=extract_file(path))
    except CuofengError as err:
        return FileResult(path, error=str(err))
    except Exception as err:  # an extractor bug must not stop the batch
        return FileResult(path, error=f"{path}: internal error: {err!r}", trace=traceback.format_exc())


def extract_many(files: list[Path], workers: int) -> Iterator[FileResult]:
    """Extract ``files`` (in parallel when ``workers`` > 1), yielding results as they finish."""
    if workers <= 1 or len(files) <= 1:
        for f in files:
            yield _extract_one(f)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_extract_one, files, chunksize=1)


def run_extract(
    paths: list[Path],
    out: Path,
    *,
    workers: int | None = None,
    quiet: bool = False,
    verbose: bool = False,
    debug: bool = False,
) -> int:
    """Run the ``extract`` command; returns the exit code (0 ok, 1 some files failed, 2 nothing read)."""
    started = time.perf_counter()
    console = Console(stderr=True, quiet=quiet)
    err_console = Console(stderr=True)
    files, failures = collect_inputs(paths)
    names = output_names(files)
    workers = workers or os.cpu_count() or 1
    results: list[FileResult] = []
    show_bar = not quiet and sys.stderr.isatty()
    with Progress(
        TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"), console=console, disable=not show_bar, transient=True,
    ) as progress:
        task = progress.add_task("", total=len(files))
        for res in extract_many(files, workers):
            if res.notice is not None:
                atomic_write_text(out / names[res.path], notice_json(res.notice))
                if verbose:
                    n = res.notice
                    console.print(f"{res.path}: {len(n.rules)} rules, {len(n.periods)} periods, "
                                  f"{len(n.warnings)} warnings")
            else:
                failures.append(res)
            results.append(res)
            progress.update(task, advance=1, description=res.path.name)
    for res in failures:  # one unwrapped line per failure, whatever the terminal width
        err_console.print(f"[red]error[/red] {res.error}", highlight=False, soft_wrap=True)
        if debug and res.trace:
            err_console.print(res.trace, highlight=False, soft_wrap=True)
    notices = [r.notice for r in sorted(results, key=lambda r: str(r.path)) if r.notice is not None]
    if notices:
        atomic_write_text(out / "rules.jsonl", rules_jsonl(notices))
    _summary(console, notices, failures, out, time.perf_counter() - started)
    if not notices and failures:
        return 2
    return 1 if failures else 0


def _summary(console: Console, notices: list[Notice], failures: list[FileResult], out: Path, seconds: float) -> None:
    table = Table(title="cuofeng extract", show_header=False, box=None)
    table.add_row("files read", str(len(notices)))
    table.add_row("failed", str(len(failures)))
    table.add_row("rules", str(sum(len(n.rules) for n in notices)))
    table.add_row("periods", str(sum(len(n.periods) for n in notices)))
    table.add_row("warnings", str(sum(len(n.warnings) for n in notices)))
    table.add_row("output", str(out))
    table.add_row("time", f"{seconds:.1f} s")
    console.print(table)
