"""Benchmark: pathological inputs through the whole pipeline, at two sizes a factor 4 apart.

    .venv/bin/python bench/bench_pathological.py [--scale 1.0] [--only repeat,line,sentences]

* one character repeated 10,000 and 40,000 times (internal dedup once re-compacted the
  whole sentence for every place a piece of it repeated: quadratic);
* a single line of 1.25 MB and 5 MB characters (the corpus with its line breaks removed,
  repeated: one outline block, thousands of sentences and repeats);
* 1,000 and 4,000 numbered sentences, each close to the others (many LSH candidates).

For each the time ratio large/small is printed: about 4 is linear, about 16 quadratic. Peak
RSS is the process's. Writes ``bench/out/pathological.json``; time is never asserted (the
tests count the work instead: ``tests/test_pathological.py``).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's package, not an installed one


def repeated(n: int) -> str:
    return "限" * n


def one_line(n: int) -> str:
    text = "".join(p.read_text(encoding="utf-8").replace("\r", "").replace("\n", "")
                   for p in sorted((ROOT / "corpus").glob("*.txt")))
    return (text * (n // len(text) + 1))[:n]


def sentences(n: int) -> str:
    rng = random.Random(1)
    return "\n".join(
        f"{rng.choice(['钢铁', '焦化', '水泥', '铸造'])}企业第{i}条措施限产{rng.randint(1, 99)}%,持续{rng.randint(1, 300)}天。"
        for i in range(n)
    )


CASES = {"repeat": (repeated, 10_000), "line": (one_line, 1_250_000), "sentences": (sentences, 1_000)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply the sizes")
    ap.add_argument("--only", default=",".join(CASES))
    args = ap.parse_args()
    from extract.pipeline import extract_text

    extract_text("预热")
    result = {}
    print(f"{'input':12} {'size':>12} {'chars':>10} {'seconds':>9} {'peak RSS MB':>12}")
    for name in args.only.split(","):
        make, small = CASES[name]
        times = []
        for size in (int(small * args.scale), int(4 * small * args.scale)):
            text = make(size)
            t = time.perf_counter()
            extract_text(text)
            secs = time.perf_counter() - t
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            times.append(secs)
            result[f"{name} {size}"] = {"chars": len(text), "seconds": round(secs, 2), "peak_rss_mb": round(rss)}
            print(f"{name:12} {size:>12,} {len(text):>10,} {secs:>9.2f} {rss:>12.0f}")
        result[f"{name} ratio (4x input)"] = round(times[1] / times[0], 1)
        print(f"{name:12} time ratio for 4x the input: {times[1] / times[0]:.1f}")
    out = ROOT / "bench" / "out" / "pathological.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
