"""Batch extraction: many files, parallel processes, outputs streamed as each file finishes
(:func:`run_batch`; ``cuofeng extract`` prints its events and summary: ``extract/cli/batch.py``).

Guarantees (tested in ``tests/test_batch_robust.py``):

- every input gets either its ``<name>.json`` or one error line naming it; output names
  are unique (:func:`extract.io.output_names`);
- each notice's JSON and its ``rules.jsonl`` lines are written as soon as it finishes;
  the parent holds only small per-input state, so memory does not grow with the batch;
- ``rules.jsonl`` is in input order, byte-identical for any number of workers;
- a file over its time budget gets one error line and the batch goes on;
- when the run cannot go on (disk full, output not writable, interrupted), every file
  written so far is whole and valid, ``rules.jsonl`` holds exactly the rules of the inputs
  it names, and one line says where the run stopped.

Exit codes: :data:`EXIT_OK`, :data:`EXIT_SOME_FAILED`, :data:`EXIT_NOTHING_READ`,
:data:`EXIT_INCOMPLETE`, 130 (Ctrl-C) and 143 (SIGTERM).
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
import traceback
from collections import Counter
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from extract.core import collector
from extract.core.errors import CuofengError
from extract.core.paths import display_path
from extract.ingest.config import Limits
from extract.io import (
    OutputError,
    RulesStream,
    atomic_write_text,
    ensure_folder,
    output_names,
    remove_stale_temporaries,
)

if TYPE_CHECKING:
    from extract.pool import WorkerPool

EXIT_OK = 0  #: every input read and written
EXIT_SOME_FAILED = 1  #: some inputs failed (one line each); the others were written
EXIT_NOTHING_READ = 2  #: no input could be read (or none was found)
EXIT_INCOMPLETE = 3  #: the run could not complete (output not writable, disk full); what was written is valid


@dataclass
class FileResult:
    """A path that could not be used, with its one-line error (``collect_inputs``)."""

    path: Path
    error: str | None = None
    trace: str | None = None


@dataclass
class Collected:
    """The inputs of a run: files with the path they are named by, failures, and skipped files.

    Paths are kept as strings (a few dozen bytes each, where a ``Path`` takes several
    hundred): a batch of 100,000 files must not weigh on memory.
    """

    files: list[str] = field(default_factory=list)
    rel: dict[str, str] = field(default_factory=dict)  #: path relative to the folder given
    failures: list[FileResult] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  #: reason → count (folder walks only)


def _skip_reason(name: str, full: str, suffixes: frozenset[str]) -> str | None:
    if name.startswith(".") and name.endswith(".tmp"):
        return "temporary file"
    if os.path.splitext(name)[1].lower() not in suffixes:
        return "unsupported type"
    if not os.path.isfile(full):
        return "not a regular file"
    return None


def collect(paths: Iterable[Path]) -> Collected:
    """Files to read: given files as they are, folders searched recursively for supported types.

    A missing path is a failure of its own; files inside folders that are not of a supported
    type (or not regular files) are skipped and counted by reason. A file reached twice is
    read once.
    """
    from extract.ingest import SUPPORTED_SUFFIXES

    out = Collected()
    seen: set[tuple[int, int]] = set()
    explicit: list[str] = []

    def add(f: str, rel: str) -> None:
        try:
            st = os.stat(f)
            key = (st.st_dev, st.st_ino)
        except OSError:
            key = (-1, len(seen))
        if key not in seen:
            seen.add(key)
            out.files.append(f)
            out.rel[f] = rel

    for p in paths:
        top = os.fspath(p)
        if os.path.isdir(top):
            found: list[str] = []
            for root, dirs, names in os.walk(top):
                dirs.sort()
                for name in names:
                    full = os.path.join(root, name)
                    why = _skip_reason(name, full, SUPPORTED_SUFFIXES)
                    if why is None:
                        found.append(full)
                    else:
                        out.skipped[why] += 1
            for f in sorted(found):
                add(f, os.path.relpath(f, top))
        elif os.path.exists(top):
            add(top, top)
            explicit.append(top)
        else:
            out.failures.append(FileResult(p, error=f"{display_path(p)}: no such file or folder"))
    if explicit:  # files given one by one are named relative to the folder they share
        try:
            base = os.path.commonpath([os.path.dirname(os.path.abspath(f)) for f in explicit])
            for f in explicit:
                if out.rel.get(f) == f:
                    out.rel[f] = os.path.relpath(os.path.abspath(f), base)
        except ValueError:  # different drives
            pass
    return out


def collect_inputs(paths: Iterable[Path]) -> tuple[list[Path], list[FileResult]]:
    """Files to read and the paths that do not exist (see :func:`collect`)."""
    found = collect(paths)
    return [Path(f) for f in found.files], found.failures


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back for one file: texts to write and counts, or an error line."""

    json_text: str | None = None
    rules_text: str = ""
    rules: int = 0
    periods: int = 0
    warnings: int = 0
    notes: tuple[str, ...] = ()  #: ingestion warnings (one line each)
    error: str | None = None
    trace: str | None = None


def extract_outcome(path: str, limits: Limits) -> Outcome:
    """Read and extract one file into the texts to write (runs in a worker)."""
    from extract.ingest import read_document
    from extract.io import notice_json, rule_lines
    from extract.pipeline import extract_text

    try:
        doc = read_document(path, limits)
        notice = extract_text(doc.text, source=doc.source)
        return Outcome(notice_json(notice), rule_lines(notice), len(notice.rules), len(notice.periods),
                       len(notice.warnings), doc.warnings)
    except CuofengError as err:
        return Outcome(error=str(err))
    except MemoryError:
        return Outcome(error=f"{display_path(path)}: out of memory; lower --max-chars / --max-mb or use fewer workers")
    except Exception as err:  # an extractor bug must not stop the batch
        from extract.core.datafiles import explain

        if (data_err := explain(err)) is not None:  # a data-file pattern broken since the tests ran
            return Outcome(error=str(data_err))
        return Outcome(error=f"{display_path(path)}: internal error (a bug; run with --debug and report it): {err!r}",
                       trace=traceback.format_exc())


def _in_process(paths: Sequence[str], limits: Limits) -> Iterator[tuple[int, Outcome]]:
    from extract.pool import BudgetExceeded, time_budget

    for index, path in enumerate(paths):
        try:
            with time_budget(limits.file_seconds):
                outcome = extract_outcome(path, limits)
        except BudgetExceeded:
            outcome = Outcome(error=f"{display_path(path)}: took longer than the time budget of "
                                    f"{limits.file_seconds:g} s; stopped (raise it with --timeout)")
        collector.settle()  # the first file warmed the pipeline
        yield index, outcome


# One sentence through the pipeline loads its data files and compiles its patterns.
_WARM_UP = "一、2021年11月15日至2022年3月15日,唐山市钢铁企业B级限产30%,颗粒物、二氧化硫10、35mg/m3。"
#: A worker is replaced by a fresh fork after this many files, so that memory fragmented by
#: the allocator is returned (the fork is cheap: the parent holds the warmed pipeline).
TASKS_PER_WORKER = 1000


def start_pool(workers: int, limits: Limits) -> WorkerPool[int, Outcome]:
    """Worker processes forked from this one once it has imported and warmed the pipeline
    (call it before building large per-input state: workers inherit the parent's memory)."""
    from extract.pipeline import extract_text
    from extract.pool import WorkerPool

    extract_text(_WARM_UP)  # data files and patterns loaded once, shared by every worker
    collector.settle()  # before the fork: workers inherit the frozen start-up objects and a running collector
    pool: WorkerPool[int, Outcome] = WorkerPool(extract_outcome, workers, limits.file_seconds,
                                                limits.kill_grace_seconds, max_tasks=TASKS_PER_WORKER)
    return pool.__enter__()


def extract_many(
    paths: Sequence[str], workers: int, limits: Limits, pool: WorkerPool[int, Outcome] | None = None
) -> Generator[tuple[int, Outcome], None, None]:
    """Extract ``paths`` (in worker processes when ``workers`` > 1, or in ``pool``), yielding
    ``(index into paths, Outcome)`` as files finish, in any order."""
    if pool is None and (workers <= 1 or len(paths) <= 1):
        yield from _in_process(paths, limits)
        return
    from extract.pool import Failure

    own = pool is None
    if pool is None:
        pool = start_pool(min(workers, len(paths)), limits)
    try:
        for index, result in pool.run((i, (p, limits)) for i, p in enumerate(paths)):
            if isinstance(result, Failure):
                yield index, Outcome(error=f"{display_path(paths[index])}: {result.reason}")
            else:
                yield index, result
    finally:
        if own:
            pool.close()


class Interrupted(BaseException):  # noqa: N818
    """SIGTERM (or SIGINT) arrived during a run."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


@contextlib.contextmanager
def signals_interrupt() -> Iterator[None]:
    """Turn SIGTERM and SIGINT into :class:`Interrupted` so the run can end cleanly."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        for s, h in previous.items():  # a second signal acts as usual
            signal.signal(s, h)
        raise Interrupted(signum)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


class BatchEvents(Protocol):
    """What a run reports as it goes (the command line prints it; :func:`run_batch` never does)."""

    def start(self, total: int) -> None:
        """``total`` inputs are about to be extracted."""

    def error(self, line: str, trace: str | None = None) -> None:
        """One input failed, or the run stopped: one line (``trace``: the traceback of a bug)."""

    def warning(self, line: str) -> None:
        """A note about an input that was read (an ingestion warning)."""

    def done(self, path: str, outcome: Outcome) -> None:
        """``path`` is finished: written (``outcome.json_text``) or failed."""

    def end(self) -> None:
        """Extraction is over (finished or stopped); a line saying where it stopped may follow."""


@dataclass
class BatchSummary:
    """What a run did: counts, where it wrote, how long it took, and its exit code."""

    code: int
    out: Path
    written: int = 0
    failed: int = 0
    rules: int = 0
    periods: int = 0
    warnings: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  #: reason → count (folder walks only)
    seconds: float = 0.0
    last: str | None = None  #: the last output written
    final_error: str | None = None  #: said after the summary (no supported file found)
    ran: bool = True  #: False when the run stopped before extracting (output folder not usable)


def run_batch(
    paths: list[Path],
    out: Path,
    events: BatchEvents,
    *,
    workers: int | None = None,
    limits: Limits | None = None,
) -> BatchSummary:
    """Extract every input under ``paths`` into ``out`` (the ``extract`` command; the
    guarantees are in the module docstring), reporting through ``events``."""
    from extract.ingest.config import config

    started = time.perf_counter()
    limits = limits or config().limits
    workers = workers or os.cpu_count() or 1
    if not any(p.is_dir() for p in paths):
        workers = min(workers, len(paths))
    pool = start_pool(workers, limits) if workers > 1 else None  # before the walk: see start_pool
    found = collect(paths)
    for failure in found.failures:
        events.error(failure.error or display_path(failure.path))
    try:
        ensure_folder(out)
    except OutputError as err:
        if pool is not None:
            pool.close()
        events.error(str(err))
        return BatchSummary(EXIT_INCOMPLETE, out, failed=len(found.failures), skipped=found.skipped,
                            seconds=time.perf_counter() - started, ran=False)
    remove_stale_temporaries(out)
    # Per input only two short strings are kept (the notices are written and dropped).
    sources = sorted(found.files)  # rules.jsonl order
    named = output_names(sources, found.rel)
    names = [named[f] for f in sources]
    n_files, failed_before = len(sources), len(found.failures)
    tally = BatchSummary(EXIT_OK, out, failed=failed_before, skipped=found.skipped)
    del found, named
    if pool is not None and n_files <= 1:
        pool.close()
        pool = None
    stopped: str | None = None
    code: int | None = None
    rules: RulesStream | None = None
    results = extract_many(sources, workers, limits, pool)
    try:
        with signals_interrupt():
            rules = RulesStream(out / "rules.jsonl")
            events.start(n_files)
            for index, res in results:
                path = sources[index]
                for note in res.notes:
                    events.warning(note)
                if res.json_text is not None:
                    atomic_write_text(out / names[index], res.json_text)
                    tally.written += 1
                    tally.last = names[index]
                    tally.rules += res.rules
                    tally.periods += res.periods
                    tally.warnings += res.warnings
                else:
                    tally.failed += 1
                    events.error(res.error or f"{display_path(path)}: failed", res.trace)
                rules.add(index, res.rules_text)
                events.done(path, res)
    except OutputError as err:
        stopped, code = str(err), EXIT_INCOMPLETE
    except Interrupted as intr:
        stopped = f"interrupted by {intr}"
        code = 128 + intr.signum
    finally:
        events.end()
        results.close()
        if pool is not None:
            pool.close()  # stops the workers
        if rules is not None:
            try:
                rules.close()
            except OutputError as err:
                stopped = stopped or str(err)
                code = code or EXIT_INCOMPLETE
    if stopped is not None:
        assert rules is not None or code is not None
        lines = rules.lines_written if rules is not None else 0
        done = rules.inputs_written if rules is not None else 0
        events.error(
            f"{stopped}. Stopped after {tally.written} of {n_files} notices"
            + (f" (the last: {display_path(out / tally.last)})" if tally.last else "")
            + f"; every file written is complete, and {display_path(out / 'rules.jsonl')} holds the {lines} "
            f"rules of {done} inputs. Run again to finish."
        )
    tally.seconds = time.perf_counter() - started
    if code is not None:
        tally.code = code
    elif tally.written == 0 and (tally.failed or not n_files):
        if not n_files and not failed_before:
            tally.final_error = ("no supported files found ("
                                 + (", ".join(f"skipped {n}: {why}" for why, n in sorted(tally.skipped.items()))
                                    or "nothing given")
                                 + "); supported: .txt .pdf .docx .html .htm")
        tally.code = EXIT_NOTHING_READ
    else:
        tally.code = EXIT_SOME_FAILED if tally.failed else EXIT_OK
    return tally
