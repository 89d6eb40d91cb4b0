"""Benchmark: peak memory and throughput of ``cuofeng extract`` on a large batch of small notices.

    .venv/bin/python bench/bench_batch_memory.py [--sizes 3000,27000] [--workers 2] [--code DIR]

Makes N small notices by copying the corpus files under 2.1 KB (each ~700 characters) into a
temporary folder (100 per sub-folder), runs ``python -m extract extract FOLDER --out OUT -j W
-q`` with the code of ``--code`` (default: this checkout; give another checkout to measure
it the same way) and samples the memory of the whole process tree (the parent and its
workers, from /proc) every 0.2 s. Prints one row per N — wall time, files/s, peak RSS of the
parent and of one worker, and the peak of the tree's PSS (proportional set size: pages a
forked worker shares with its parent are counted once, so it is the memory the batch
really takes; the sum of RSS would count them once per process) — and writes
``bench/out/batch_memory.json``.
Memory that is flat in N means nothing is kept per notice. Time is reported, never asserted.
Linux only (reads /proc).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                todo.extend(int(c) for c in Path(f"/proc/{p}/task/{task}/children").read_text().split())
        except OSError:
            pass
    return out


def _rss_mib(pid: int) -> float:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KB / 1024
    except (OSError, IndexError, ValueError):
        return 0.0


def _pss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0.0


def make_batch(folder: Path, n: int) -> int:
    """``n`` copies of the small corpus files under ``folder``; returns their total characters."""
    small = sorted(p for p in (ROOT / "corpus").glob("*.txt") if p.stat().st_size < 2100)
    chars = 0
    for i in range(n):
        src = small[i % len(small)]
        sub = folder / f"b{i // 100:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, sub / f"n{i:06d}.txt")
        chars += len(src.read_text("utf-8"))
    return chars


def run(folder: Path, out: Path, workers: int, code: Path) -> dict[str, float]:
    """Run one extraction, sampling the process tree's memory; return the measurements."""
    cmd = [sys.executable, "-m", "extract", "extract", str(folder), "--out", str(out), "-j", str(workers), "-q"]
    env = {**os.environ, "PYTHONPATH": str(code)}
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    parent = worker = tree = 0.0
    while proc.poll() is None:
        pids = _tree(proc.pid)
        sizes = {p: _rss_mib(p) for p in pids}
        parent = max(parent, sizes.get(proc.pid, 0.0))
        worker = max([worker, *(v for p, v in sizes.items() if p != proc.pid)])
        tree = max(tree, sum(_pss_mib(p) for p in pids))
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"extract failed (exit {proc.returncode}): {err[-2000:]}")
    return {"seconds": round(seconds, 1), "parent_peak_mib": round(parent, 1),
            "worker_peak_mib": round(worker, 1), "tree_pss_peak_mib": round(tree, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="3000,27000", help="batch sizes (notices), comma-separated")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--code", type=Path, default=ROOT, help="checkout whose extract/ is measured")
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "out" / "batch_memory.json")
    args = ap.parse_args()
    rows = []
    print(f"{'notices':>8} {'chars':>11} {'s':>7} {'files/s':>8} {'parent RSS':>11} {'worker RSS':>11} "
          f"{'tree PSS':>9}  (MiB)")
    for n in (int(x) for x in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="cuofeng-bench-") as tmp:
            chars = make_batch(Path(tmp) / "in", n)
            m = run(Path(tmp) / "in", Path(tmp) / "out", args.workers, args.code.resolve())
            written = sum(1 for _ in (Path(tmp) / "out").glob("*.json"))
        row = {"notices": n, "written": written, "chars": chars, **m,
               "files_per_s": round(n / m["seconds"], 1), "chars_per_s": round(chars / m["seconds"])}
        rows.append(row)
        print(f"{n:>8} {chars:>11,} {m['seconds']:>7} {row['files_per_s']:>8} {m['parent_peak_mib']:>11} "
              f"{m['worker_peak_mib']:>11} {m['tree_pss_peak_mib']:>9}", flush=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"python": platform.python_version(), "workers": args.workers,
                                     "code": str(args.code), "runs": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
