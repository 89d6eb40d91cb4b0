"""Benchmark: throughput and peak memory of normalisation, recognition and the whole pipeline
on corpus/, next to JioNLP's ``extract_time`` on the same text (the reference point).

    .venv/bin/python bench/bench_recognize.py [--repeat 5] [--no-jionlp]

Throughput is given per wall second (best of ``--repeat``) and per CPU second (steadier on
a shared machine). Prints a table and writes ``bench/out/recognize.json``; compares with
the committed ``bench/baseline.json`` (per CPU second when it has it) so a regression is
visible (time is reported, never asserted).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's package, not an installed one
sys.path.insert(0, str(ROOT / "bench"))
from timing import best_cpu_of, best_of  # noqa: E402

#: stages of the pipeline, by the names ``extract.pipeline`` and ``extract.assemble.notice`` call them
STAGES = {
    "normalise": ["normalize"], "outline": ["segment"], "metadata": ["read_metadata", "place_levels"],
    "internal dedup": ["find_internal_duplicates"], "recognisers": ["recognise"], "rules (assembly)": ["_rules"],
    "periods": ["periods_of"], "industry and region scope": ["scope_sentences", "industries_in_scope", "regions_in_scope",
                                  "implied_scope"],
    "emission limits": ["limits_of"], "rule completion": ["finish_rules", "default_industry"],
    "references": ["references_of"], "checks": ["check_notice"],
}


_PIPELINE_NAMES = {"normalize", "segment", "read_metadata", "place_levels", "find_internal_duplicates", "recognise",
                   "check_notice"}


def stage_table(raws: list[str], repeat: int) -> dict[str, float]:
    """CPU seconds per stage of the whole pipeline over ``raws`` (the best of ``repeat`` runs)."""
    from extract import pipeline
    from extract.assemble import notice as asm
    from extract.pipeline import extract_text

    spent: dict[str, float] = {}
    originals = {}
    for stage, names in STAGES.items():
        for name in names:
            home = pipeline if name in _PIPELINE_NAMES else asm
            fn = originals[name] = getattr(home, name)

            def timed(*a, _fn=fn, _stage=stage, **k):
                t = time.process_time()
                try:
                    return _fn(*a, **k)
                finally:
                    spent[_stage] = spent.get(_stage, 0.0) + time.process_time() - t

            setattr(home, name, timed)
    best: dict[str, float] = {}
    try:
        for _ in range(max(1, repeat)):
            spent.clear()
            t = time.process_time()
            for r in raws:
                extract_text(r)
            total = time.process_time() - t
            if not best or total < best["total"]:
                best = {**spent, "other": total - sum(spent.values()), "total": total}
    finally:
        for name, fn in originals.items():
            setattr(asm if hasattr(asm, name) and name not in _PIPELINE_NAMES else pipeline, name, fn)
    return best


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
    cpu = {}
    for name, fn in [("normalise", lambda: [normalize(r) for r in raws]),
                     ("recognise (all recognisers)", lambda: [recognise(x, 2021, 2021) for x in texts]),
                     ("whole pipeline (extract_text)", lambda: [extract_text(r) for r in raws])]:
        rows[name] = best_of(fn, args.repeat)
        cpu[name] = best_cpu_of(fn, args.repeat)
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
            cpu["JioNLP extract_time (reference)"] = best_cpu_of(jio, max(1, args.repeat // 2))
        except ImportError:
            print("jionlp not installed (pip install -e '.[bench]'): reference skipped")

    stages = stage_table(raws, args.repeat)
    result = {
        "corpus_files": len(raws), "corpus_chars": chars, "python": platform.python_version(),
        "pipeline_stages": {k: {"seconds": round(v, 4), "share": round(v / stages["total"], 3)}
                            for k, v in stages.items()},
        "stages": {k: {"seconds": round(t, 4), "chars_per_s": round(chars / t), "peak_mib": round(p / 2**20, 2),
                       "chars_per_cpu_s": round(chars / cpu[k])}
                   for k, (t, p) in rows.items()},
    }
    baseline_path = ROOT / "bench" / "baseline.json"
    baseline = json.loads(baseline_path.read_text()) if baseline_path.exists() else {"stages": {}}
    print(f"corpus: {len(raws)} files, {chars:,} characters (best of {args.repeat})")
    print(f"{'stage':34} {'chars/s':>12} {'chars/CPU-s':>12} {'seconds':>9} {'peak MiB':>9} {'vs baseline':>12}")
    for k, v in result["stages"].items():
        base = baseline["stages"].get(k, {})
        key = "chars_per_cpu_s" if "chars_per_cpu_s" in base else "chars_per_s"
        delta = f"{(v[key] / base[key] - 1) * 100:+.0f}%" if base.get(key) else "-"
        print(f"{k:34} {v['chars_per_s']:>12,} {v['chars_per_cpu_s']:>12,} {v['seconds']:>9.3f} {v['peak_mib']:>9.2f} "
              f"{delta:>12}")
    print(f"\n{'stage of extract_text (CPU)':34} {'seconds':>9} {'share':>7}")
    for k, v in result["pipeline_stages"].items():
        print(f"{k:34} {v['seconds']:>9.3f} {v['share'] * 100:>6.1f}%")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "recognize.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
