"""Where a batch's per-file work runs: one small protocol, ``map_files(fn, paths, workers)``,
with a serial, a local multi-process and a Dask implementation.

The batch runner only needs an ordered map of a picklable function over file paths; output
files and ``rules.jsonl`` are written by the caller as results come back, in input order, so
the output does not depend on where or how parallel the work ran. A distributed engine
implements the same method (:class:`DaskExecutor` here; Ray would submit ``ray.remote(fn)``
tasks and ``ray.get`` them in order). Workers must be able to read the paths (a shared
filesystem or object store) and have cuofeng installed.

    >>> list(SerialExecutor().map_files(len, ["a.txt", "bb.txt"], workers=1))
    [5, 6]
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol, TypeVar, runtime_checkable

from extract.core.errors import CuofengError

P = TypeVar("P")
R = TypeVar("R")


class ExecutorError(CuofengError):
    """An executor cannot be set up (unknown name, engine not installed, cluster unreachable)."""


@runtime_checkable
class FileExecutor(Protocol):
    """Runs ``fn`` on every path and yields the results in the order of ``paths``, each as soon
    as it and every earlier one are done. ``workers`` is a hint (a cluster may ignore it)."""

    def map_files(self, fn: Callable[[P], R], paths: Sequence[P], workers: int) -> Iterator[R]: ...


class SerialExecutor:
    """In this process, one path after another."""

    def map_files(self, fn: Callable[[P], R], paths: Sequence[P], workers: int = 1) -> Iterator[R]:
        for p in paths:
            yield fn(p)


def _warm() -> None:
    """Import the pipeline in a worker (a forked worker has it already)."""
    import extract.pipeline  # noqa: F401


class ProcessExecutor:
    """Local processes (``concurrent.futures``). Where ``fork`` exists, workers start as copies
    of a parent that has already imported the pipeline, so no worker pays the imports again;
    elsewhere each worker imports it once when it starts."""

    def map_files(self, fn: Callable[[P], R], paths: Sequence[P], workers: int) -> Iterator[R]:
        if workers <= 1 or len(paths) <= 1:
            yield from SerialExecutor().map_files(fn, paths)
            return
        _warm()
        fork = sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork") if fork else None
        with ProcessPoolExecutor(max_workers=min(workers, len(paths)), mp_context=context,
                                 initializer=None if fork else _warm) as pool:
            yield from pool.map(fn, paths, chunksize=1)


class DaskExecutor:
    """A Dask cluster (``pip install 'cuofeng[distributed]'``): a ``distributed.Client``, or the
    address of a scheduler (``tcp://host:8786``), or ``None`` for a local cluster of
    ``workers`` processes. Results are gathered in input order; at most ``window`` tasks are
    in flight, so memory stays bounded on a long list of paths."""

    def __init__(self, client: Any = None, window: int = 256) -> None:
        self.client = client
        self.window = window

    def map_files(self, fn: Callable[[P], R], paths: Sequence[P], workers: int) -> Iterator[R]:
        try:
            from distributed import Client, LocalCluster
        except ImportError as err:
            raise ExecutorError("the Dask executor needs the 'distributed' extra: pip install 'cuofeng[distributed]'") from err
        own = None
        client = self.client
        if client is None or isinstance(client, str):
            if client is None:
                own = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(own if own is not None else client)
        try:
            pending: list[Any] = []
            items = iter(paths)
            for p in items:
                pending.append(client.submit(fn, p, pure=False))
                if len(pending) >= self.window:
                    yield pending.pop(0).result()
            while pending:
                yield pending.pop(0).result()
        finally:
            if own is not None:
                client.close()
                own.close()


def executor_for(spec: str | None) -> FileExecutor:
    """An executor by name: ``None``/``"local"`` (processes), ``"serial"``, ``"dask"`` (a local
    Dask cluster) or ``"dask://host:port"`` (a running scheduler)."""
    if spec in (None, "local"):
        return ProcessExecutor()
    if spec == "serial":
        return SerialExecutor()
    if spec == "dask":
        return DaskExecutor()
    if spec.startswith("dask://"):
        return DaskExecutor("tcp://" + spec.removeprefix("dask://"))
    raise ExecutorError(f"unknown executor {spec!r}: use local, serial, dask or dask://host:port")


__all__ = ["DaskExecutor", "ExecutorError", "FileExecutor", "ProcessExecutor", "SerialExecutor", "executor_for"]
