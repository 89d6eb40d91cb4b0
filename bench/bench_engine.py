"""Benchmark: query latency from an export, in process.

    .venv/bin/python bench/bench_engine.py [--questions 500]

Extracts corpus/, writes the engine export (JSONL) and the JDM graph for 2021-2022 to a
temporary folder, loads them back and answers the same generated questions (industries ×
grades × places × dates) with ``extract.engine.query`` and with zen-engine on the graph.
Prints load time and per-question latency (mean, p95, max); time is reported, never asserted.
Target: under 50 ms per question.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _latencies(fn, items) -> list[float]:
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t) * 1000)
    return out


def _report(name: str, ms: list[float]) -> None:
    p95 = statistics.quantiles(ms, n=20)[-1]
    print(f"{name:<28} mean {statistics.mean(ms):6.2f} ms   p95 {p95:6.2f} ms   max {max(ms):6.2f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--questions", type=int, default=500)
    args = ap.parse_args()

    from extract import extract_file
    from extract.engine import export_rules, load_rules, make_enterprise, query, to_jsonl
    from extract.engine.jdm import question_input, to_jdm

    notices = [extract_file(str(p)) for p in sorted((ROOT / "corpus").glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        jsonl, graph = Path(tmp) / "engine.jsonl", Path(tmp) / "cuofeng.jdm.json"
        rules = export_rules(notices)
        jsonl.write_text(to_jsonl(rules), encoding="utf-8")
        graph.write_text(json.dumps(to_jdm(rules, "2021-2022"), ensure_ascii=False), encoding="utf-8")
        t = time.perf_counter()
        loaded = load_rules(jsonl)
        load_ms = (time.perf_counter() - t) * 1000
        zen_decision = None
        try:
            import zen

            t = time.perf_counter()
            zen_decision = zen.ZenEngine().create_decision(graph.read_text(encoding="utf-8"))
            zen_load_ms = (time.perf_counter() - t) * 1000
        except ImportError:
            zen_load_ms = float("nan")

    grid = list(itertools.product(
        ["钢铁", "焦化", "水泥", "铸造", "砖瓦", "陶瓷", "化肥"], [None, "A", "B", "C", "D"],
        [{"city": "太原市"}, {"city": "唐山市"}, {"county": "浮山县"}, {"city": "临汾市"}, {"county": "永宁县"}, {}],
        [date(2021, 11, 20), date(2021, 12, 15), date(2022, 2, 1)],
        [{}, {"process": "interruptible"}, {"tier": "II"}],
    ))
    picked = random.Random(0).sample(grid, min(args.questions, len(grid)))
    questions = [(make_enterprise(i, grade=g, **p, **x), on) for i, g, p, on, x in picked]

    print(f"{len(loaded)} rules from {len(notices)} notices; {len(questions)} questions")
    print(f"load engine.jsonl            {load_ms:7.1f} ms")
    print(f"load JDM graph (zen-engine)  {zen_load_ms:7.1f} ms")
    _report("cuofeng query (in process)", _latencies(lambda q: query(loaded, q[0], q[1]), questions))
    if zen_decision is not None:
        _report("zen-engine on the JDM graph",
                _latencies(lambda q: zen_decision.evaluate(question_input(*q)), questions))


if __name__ == "__main__":
    main()
