"""Shared measurement for the benchmark scripts: best wall time and peak traced memory."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable


def best_of(fn: Callable[[], object], repeat: int, warm: bool = True) -> tuple[float, int]:
    """Best wall time (s) of ``repeat`` runs of ``fn``, and the peak memory (bytes) of one run."""
    if warm:
        fn()
    best = float("inf")
    for _ in range(max(1, repeat)):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak


def best_cpu_of(fn: Callable[[], object], repeat: int) -> float:
    """Best CPU time (s) of this process over ``repeat`` runs of ``fn``: steadier than wall time
    on a shared machine, where other people's work stretches the wall clock."""
    best = float("inf")
    for _ in range(max(1, repeat)):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best
