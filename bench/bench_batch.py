"""Benchmark: a large batch, end to end and through the executor, on one and two workers.

    .venv/bin/python bench/bench_batch.py [--copies 20] [--workers 1,2]

The .txt files of corpus/ are copied ``--copies`` times into a temporary folder (distinct
names; 20 copies ≈ 540 files, 1.2M characters). Two measures per worker count:

* ``cuofeng extract DIR --out OUT -j N`` as a user runs it (a fresh process: start-up,
  reading, extraction, writing every output and rules.jsonl);
* the extraction alone: ``extract.executors.ProcessExecutor().map_files(extract_file, …)``
  from a parent that has already imported the pipeline.

Prints characters per wall second and per CPU second (user + system time of every process
of the run: steadier than wall time on a shared machine) and peak RSS, writes
``bench/out/batch.json``; time is reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's package, not an installed one


def _chars(path: Path) -> int:
    return len(path.read_text(encoding="utf-8"))


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _notice_rules(path: Path) -> int:
    from extract.pipeline import extract_file

    return len(extract_file(path).rules)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--workers", default="1,2")
    args = ap.parse_args()
    workers = [int(w) for w in args.workers.split(",")]

    from extract.executors import ProcessExecutor

    sources = sorted((ROOT / "corpus").glob("*.txt"))
    result: dict = {"python": platform.python_version(), "copies": args.copies, "runs": {}}
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "batch"
        batch.mkdir()
        for k in range(args.copies):
            for src in sources:
                shutil.copyfile(src, batch / f"{k:03d}_{src.name}")
        files = sorted(batch.iterdir())
        chars = sum(_chars(f) for f in files)
        result.update(files=len(files), characters=chars)
        print(f"batch: {len(files)} files, {chars:,} characters")
        print(f"{'run':44} {'seconds':>8} {'chars/s':>11} {'CPU s':>7} {'chars/CPU-s':>12} {'peak RSS MB':>12}")
        for n in workers:
            out = Path(tmp) / f"out{n}"
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            t, c = time.perf_counter(), _cpu()
            subprocess.run([sys.executable, "-m", "extract", "extract", str(batch), "--out", str(out), "-j", str(n), "-q"],
                           cwd=ROOT, check=True)
            secs, cpu = time.perf_counter() - t, _cpu() - c
            rss = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
            name = f"cuofeng extract -j {n} (end to end)"
            result["runs"][name] = {"seconds": round(secs, 2), "chars_per_s": round(chars / secs),
                                    "cpu_seconds": round(cpu, 2), "chars_per_cpu_s": round(chars / cpu),
                                    "peak_rss_mb_largest_process": round(rss)}
            print(f"{name:44} {secs:>8.2f} {chars / secs:>11,.0f} {cpu:>7.2f} {chars / cpu:>12,.0f} {rss:>12.0f}")
        for n in workers:
            t, c = time.perf_counter(), _cpu()
            rules = sum(ProcessExecutor().map_files(_notice_rules, files, workers=n))
            secs, cpu = time.perf_counter() - t, _cpu() - c
            name = f"extraction only, {n} worker{'s' if n > 1 else ''}"
            result["runs"][name] = {"seconds": round(secs, 2), "chars_per_s": round(chars / secs),
                                    "cpu_seconds": round(cpu, 2), "chars_per_cpu_s": round(chars / cpu), "rules": rules}
            print(f"{name:44} {secs:>8.2f} {chars / secs:>11,.0f} {cpu:>7.2f} {chars / cpu:>12,.0f}")
    out_path = ROOT / "bench" / "out" / "batch.json"
    out_path.parent.mkdir(exist_ok=True)
    out_path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out_path}")


if __name__ == "__main__":
    main()
