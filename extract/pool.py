"""Worker processes for batch extraction: a time budget per task, and no orphans.

Each worker runs one task at a time. A task past its budget is stopped inside the worker
(``SIGALRM`` raises :class:`BudgetExceeded` in the task, the worker goes on); a worker still
busy ``grace`` seconds later (stuck in native code) is killed and replaced, and the task
gets a :class:`Failure`. A worker that dies (killed by the kernel for memory, say) is
replaced too. Workers end with the parent, however it ends: each holds the read end of a
"lifeline" pipe whose only write end is the parent's, and a thread exits the worker when it
reads end-of-file; on Linux the kernel also sends ``SIGKILL`` on the parent's death
(``PR_SET_PDEATHSIG``).

Workers are forked from the parent where ``fork`` exists, so they start with everything
the parent has imported (the pipeline and its data files): no import per worker.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar, cast

K = TypeVar("K")
R = TypeVar("R")


class BudgetExceeded(BaseException):  # noqa: N818 (not an error of the task's own making)
    """Raised inside a task that ran past its time budget (a BaseException, so that a
    task's ``except Exception`` does not swallow it)."""


@dataclass(frozen=True)
class Failure:
    """A task that produced no result: over its budget, or its worker died."""

    reason: str


def _raise_budget(signum: int, frame: Any) -> None:
    raise BudgetExceeded()


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`BudgetExceeded` in the block after ``seconds`` (0: no budget).

    Works in the main thread of a process (``SIGALRM``); elsewhere it does nothing.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_budget)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _die_with_parent(lifeline: Connection, parent: int) -> None:
    """In a worker: exit when the parent does."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before prctl
        os._exit(1)

    def watch() -> None:
        with contextlib.suppress(EOFError, OSError):
            lifeline.recv_bytes()
        os._exit(1)

    threading.Thread(target=watch, name="lifeline", daemon=True).start()


def _worker_main(
    conn: Connection, lifeline: Connection, close: list[Connection], parent: int,
    fn: Callable[..., Any], budget: float,
) -> None:
    for c in close:  # the parent's ends, inherited through fork
        c.close()
    _die_with_parent(lifeline, parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        if message is None:
            break
        key, args = message
        try:
            with time_budget(budget):
                result: Any = fn(*args)
        except BudgetExceeded:
            result = Failure(f"took longer than the time budget of {budget:g} s; stopped (raise it with --timeout)")
        conn.send((key, result))
    conn.close()


@dataclass
class _Worker:
    process: Any
    conn: Connection
    task: tuple[Any, tuple[Any, ...]] | None = None
    started: float = 0.0
    done: int = 0


class WorkerPool(Generic[K, R]):
    """``workers`` processes running ``fn(*args)`` per task, with a time budget per task.

    Use as a context manager; :meth:`run` yields ``(key, result or Failure)`` as tasks
    finish. ``fn`` and its results must pickle; ``fn`` should catch its own errors. With
    ``max_tasks``, a worker is replaced by a fresh one after that many tasks.
    """

    def __init__(
        self, fn: Callable[..., R], workers: int, budget: float = 0.0, grace: float = 5.0, max_tasks: int = 0
    ) -> None:
        methods = multiprocessing.get_all_start_methods()
        self._ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self._fn = fn
        self._n = max(1, workers)
        self._budget = budget
        self._grace = grace
        self._max_tasks = max_tasks
        self._life_r, self._life_w = self._ctx.Pipe(duplex=False)
        self._workers: list[_Worker] = []

    def __enter__(self) -> WorkerPool[K, R]:
        for _ in range(self._n):
            self._workers.append(self._spawn())
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _spawn(self) -> _Worker:
        mine, theirs = self._ctx.Pipe()
        close = [self._life_w, mine, *(w.conn for w in self._workers)]
        process = self._ctx.Process(  # type: ignore[attr-defined]  # a fork context has Process
            target=_worker_main, args=(theirs, self._life_r, close, os.getpid(), self._fn, self._budget),
            daemon=True, name="cuofeng-worker",
        )
        process.start()
        theirs.close()
        return _Worker(process, mine)

    def pids(self) -> list[int]:
        """The worker processes' ids (for tests and diagnostics)."""
        return [w.process.pid for w in self._workers]

    def run(self, tasks: Iterable[tuple[K, tuple[Any, ...]]]) -> Iterator[tuple[K, R | Failure]]:
        """Run every task; yield ``(key, result)`` in the order they finish."""
        queue = deque(tasks)
        for w in self._workers:
            self._assign(w, queue)
        while any(w.task is not None for w in self._workers):
            busy = [w for w in self._workers if w.task is not None]
            waits: dict[Any, _Worker] = {w.conn: w for w in busy} | {w.process.sentinel: w for w in busy}
            timeout = None
            if self._budget > 0:
                deadline = min(w.started for w in busy) + self._budget + self._grace
                timeout = max(0.0, deadline - time.monotonic())
            for ready in wait(list(waits), timeout):
                w = waits[ready]
                if w.task is None:
                    continue  # its message and its exit arrived together
                if ready is w.conn:
                    try:
                        key, result = cast("tuple[K, R | Failure]", w.conn.recv())
                    except (EOFError, OSError):
                        yield from self._replace(w, queue, self._died(w))
                        continue
                    w.task = None
                    w.done += 1
                    if self._max_tasks and w.done >= self._max_tasks and queue:
                        w = self._recycle(w)
                    yield key, result
                    self._assign(w, queue)
                elif not w.conn.poll():
                    yield from self._replace(w, queue, self._died(w))
            if self._budget > 0:
                now = time.monotonic()
                for w in list(self._workers):
                    if w.task is not None and now - w.started > self._budget + self._grace:
                        reason = (f"took longer than the time budget of {self._budget:g} s and did not stop; "
                                  "its worker was killed (raise it with --timeout)")
                        yield from self._replace(w, queue, reason)

    def _died(self, w: _Worker) -> str:
        w.process.join(1)
        code = w.process.exitcode
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
            hint = " (out of memory?)" if -code == signal.SIGKILL else ""
            return f"its worker process was killed by {name}{hint}"
        return f"its worker process ended unexpectedly (exit code {code})"

    def _assign(self, w: _Worker, queue: deque[tuple[K, tuple[Any, ...]]]) -> None:
        if not queue:
            return
        task = queue.popleft()
        try:
            w.conn.send(task)
        except OSError:  # it died while idle: a fresh worker takes the task
            self._stop(w)
            self._workers.remove(w)
            w = self._spawn()
            self._workers.append(w)
            w.conn.send(task)
        w.task = task
        w.started = time.monotonic()

    def _replace(self, w: _Worker, queue: deque[tuple[K, tuple[Any, ...]]], reason: str) -> Iterator[tuple[K, Failure]]:
        assert w.task is not None
        key = w.task[0]
        w.task = None
        self._stop(w)
        self._workers.remove(w)
        fresh = self._spawn()
        self._workers.append(fresh)
        yield key, Failure(reason)
        self._assign(fresh, queue)

    def _recycle(self, w: _Worker) -> _Worker:
        """Replace the idle worker ``w`` by a fresh one (it is asked to exit, then joined)."""
        with contextlib.suppress(OSError):
            w.conn.send(None)
        w.process.join(2)
        self._stop(w)
        self._workers.remove(w)
        fresh = self._spawn()
        self._workers.append(fresh)
        return fresh

    @staticmethod
    def _stop(w: _Worker) -> None:
        if w.process.is_alive():
            w.process.kill()
        w.process.join(5)
        w.conn.close()

    def close(self) -> None:
        """Stop every worker (a task still running is abandoned) and close the lifeline."""
        for w in self._workers:
            if w.task is None and w.process.is_alive():
                with contextlib.suppress(OSError):
                    w.conn.send(None)
        deadline = time.monotonic() + 2
        for w in self._workers:
            if w.task is not None:
                w.process.kill()
            w.process.join(max(0.0, deadline - time.monotonic()))
            if w.process.is_alive():
                w.process.kill()
                w.process.join(1)
            w.conn.close()
        self._workers.clear()
        self._life_w.close()
        self._life_r.close()
