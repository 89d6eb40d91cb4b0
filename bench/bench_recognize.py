"""Benchmark: throughput and peak memory of normalisation, recognition and the whole pipeline
on corpus/, next to JioNLP's ``extract_time`` on the same text (the reference point).

    .venv/bin/python bench/bench_recognize.py [--repeat 5] [--no-jionlp]

Prints a table and writes ``bench/out/recognize.json``; compares with the committed
``bench/baseline.json`` so a regression is visible (time is reported, never asserted).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from timing import best_of  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-jionlp", action="store_true", help="skip the JioNLP reference")
    args = ap.parse_args()

    from extract.assemble.mentions import recognise
    from extract.normalize import normalize
    from extract.pipeline import extract_text

    raws = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]
    chars = sum(len(r) for r in raws)
    texts = [normalize(r).text for r in raws]
    for r in raws[:2]:  # warm caches (patterns, vocabularies) outside the timing
        extract_text(r)

    rows = {}
    t, peak = best_of(lambda: [normalize(r) for r in raws], args.repeat)
    rows["normalise"] = (t, peak)
    t, peak = best_of(lambda: [recognise(x, 2021, 2021) for x in texts], args.repeat)
    rows["recognise (all recognisers)"] = (t, peak)
    t, peak = best_of(lambda: [extract_text(r) for r in raws], args.repeat)
    rows["whole pipeline (extract_text)"] = (t, peak)
    if not args.no_jionlp:
        try:
            import contextlib
            import io
            import logging

            with contextlib.redirect_stdout(io.StringIO()):  # jionlp prints a banner on import
                import jionlp
            logging.disable(logging.CRITICAL)  # it logs a traceback for every phrase it cannot parse
            extract_time = getattr(jionlp, "extract_time", None) or jionlp.ner.extract_time

            def jio() -> None:
                for x in texts:
                    extract_time(x, time_base=time.mktime((2021, 10, 1, 0, 0, 0, 0, 0, 0)))

            jio()  # warm
            rows["JioNLP extract_time (reference)"] = best_of(jio, max(1, args.repeat // 2))
        except ImportError:
            print("jionlp not installed (pip install -e '.[bench]'): reference skipped")

    result = {
        "corpus_files": len(raws), "corpus_chars": chars, "python": platform.python_version(),
        "stages": {k: {"seconds": round(t, 4), "chars_per_s": round(chars / t), "peak_mib": round(p / 2**20, 2)}
                   for k, (t, p) in rows.items()},
    }
    baseline_path = ROOT / "bench" / "baseline.json"
    baseline = json.loads(baseline_path.read_text()) if baseline_path.exists() else {"stages": {}}
    print(f"corpus: {len(raws)} files, {chars:,} characters (best of {args.repeat})")
    print(f"{'stage':34} {'chars/s':>12} {'seconds':>9} {'peak MiB':>9} {'vs baseline':>12}")
    for k, v in result["stages"].items():
        base = baseline["stages"].get(k, {}).get("chars_per_s")
        delta = f"{(v['chars_per_s'] / base - 1) * 100:+.0f}%" if base else "-"
        print(f"{k:34} {v['chars_per_s']:>12,} {v['seconds']:>9.3f} {v['peak_mib']:>9.2f} {delta:>12}")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "recognize.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
