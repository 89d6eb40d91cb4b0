"""Benchmark: near-duplicate search with MinHash LSH over 100,000 paragraphs of ~300 characters.

    .venv/bin/python bench/bench_dedup.py [--n 100000] [--planted 0.05] [--seed 7]

Paragraphs are random concatenations of corpus sentences (seeded). A known share are planted
near duplicates of an earlier paragraph: 1–10 characters changed (shingle Jaccard about
0.75–0.97), or the last tenth cut off. Every paragraph is shingled and hashed with the
package's own functions (``extract.dedup.shingles.shingles`` and ``minhashes``), inserted
into a ``datasketch.MinHashLSH`` (threshold ``paragraph.near_jaccard`` of dedup.toml, or
``--threshold``) and queried. A planted copy is recalled when the query of the copy returns
its original. Prints a table and writes ``bench/out/dedup.json``; time is reported, never
asserted. Peak memory is the process's maximum resident set size (ru_maxrss).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 1024  # shingle sets held at once (they are dropped once hashed)
SAMPLE = 2000  # queries whose candidates are checked against the exact Jaccard similarity


def _rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (ru_maxrss is KB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def corpus_sentences() -> list[str]:
    """Distinct sentences of the corpus (normalised, at least 8 characters without punctuation)."""
    from extract.dedup.shingles import compact, sentence_spans
    from extract.normalize import normalize

    out: dict[str, str] = {}
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        text = normalize(path.read_text(encoding="utf-8")).text
        for s, e in sentence_spans(text):
            sentence = text[s:e].strip()
            if len(key := compact(sentence)) >= 8:
                out.setdefault(key, sentence)
    return list(out.values())


def generate(n: int, planted: float, seed: int) -> tuple[list[str], dict[int, int]]:
    """``n`` paragraphs of 280–320 characters; ``planted`` of them copy an earlier one with
    edits. Returns the paragraphs and {copy index: original index}."""
    pool = corpus_sentences()
    rng = random.Random(seed)
    chars = sorted({ch for s in pool for ch in s if "\u4e00" <= ch <= "\u9fff"})
    paragraphs: list[str] = []
    copies: dict[int, int] = {}
    for i in range(n):
        if i > 10 and rng.random() < planted:
            j = rng.randrange(i)
            while j in copies:  # copy an original, not a copy
                j = rng.randrange(i)
            p = list(paragraphs[j])
            if rng.random() < 0.8:
                for pos in rng.sample(range(len(p)), rng.randint(1, 10)):
                    p[pos] = rng.choice(chars)
            else:
                p = p[: len(p) * 9 // 10]
            paragraphs.append("".join(p))
            copies[i] = j
            continue
        text = ""
        while len(text) < 280:
            text += rng.choice(pool)
        paragraphs.append(text[:320])
    return paragraphs, copies


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="paragraphs (default 100,000)")
    ap.add_argument("--planted", type=float, default=0.05, help="share of planted near duplicates")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--threshold", type=float, default=None, help="LSH Jaccard threshold")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "dedup.json")
    args = ap.parse_args()

    from datasketch import MinHashLSH
    from rich.console import Console
    from rich.table import Table

    from extract.dedup.shingles import jaccard, minhashes, settings, shingles

    cfg = settings()
    threshold = args.threshold if args.threshold is not None else cfg["paragraph"]["near_jaccard"]
    num_perm = cfg["shingles"]["num_perm"]

    t0 = time.perf_counter()
    paragraphs, copies = generate(args.n, args.planted, args.seed)
    t_generate = time.perf_counter() - t0
    rss_start = _rss_mb()
    planted_jaccard = [jaccard(shingles(paragraphs[c]), shingles(paragraphs[o])) for c, o in copies.items()]

    t_shingle = t_hash = 0.0
    signatures = []
    n_shingles = 0
    for start in range(0, len(paragraphs), CHUNK):
        t = time.perf_counter()
        sets = [shingles(p) for p in paragraphs[start : start + CHUNK]]
        t_shingle += time.perf_counter() - t
        n_shingles += sum(len(s) for s in sets)
        t = time.perf_counter()
        signatures.extend(minhashes(sets))
        t_hash += time.perf_counter() - t
        del sets
    rss_hashed = _rss_mb()

    t = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    with lsh.insertion_session() as session:
        for i, sig in enumerate(signatures):
            session.insert(i, sig)
    t_index = time.perf_counter() - t
    rss_indexed = _rss_mb()

    t = time.perf_counter()
    found = 0
    candidates = 0
    sample: list[tuple[int, int]] = []  # candidate pairs of the first queries, checked exactly below
    for i, sig in enumerate(signatures):
        got = lsh.query(sig)
        candidates += len(got) - 1  # itself
        if i in copies and copies[i] in got:
            found += 1
        if i < SAMPLE:
            sample.extend((i, j) for j in got if j != i)
    t_query = time.perf_counter() - t
    rss_end = _rss_mb()
    similar = sum(jaccard(shingles(paragraphs[i]), shingles(paragraphs[j])) >= threshold for i, j in sample)

    n = len(paragraphs)
    result = {
        "paragraphs": n,
        "distinct_corpus_sentences": len(corpus_sentences()),
        "mean_chars": round(statistics.fmean(len(p) for p in paragraphs), 1),
        "shingles_per_paragraph": round(n_shingles / n, 1),
        "planted_near_duplicates": len(copies),
        "planted_jaccard_min_median": [round(min(planted_jaccard), 3), round(statistics.median(planted_jaccard), 3)],
        "lsh_threshold": threshold,
        "num_perm": num_perm,
        "lsh_bands_rows": list(lsh.b_r) if hasattr(lsh, "b_r") else [lsh.b, lsh.r],
        "seconds": {
            "generate (not dedup)": round(t_generate, 2),
            "shingling": round(t_shingle, 2),
            "hashing (MinHash)": round(t_hash, 2),
            "indexing (LSH insert)": round(t_index, 2),
            "querying (every paragraph)": round(t_query, 2),
            "dedup total": round(t_shingle + t_hash + t_index + t_query, 2),
        },
        "paragraphs_per_second": round(n / (t_shingle + t_hash + t_index + t_query)),
        "peak_rss_mb": {
            "after generating": round(rss_start, 1),
            "after hashing": round(rss_hashed, 1),
            "after indexing": round(rss_indexed, 1),
            "after querying": round(rss_end, 1),
        },
        "candidates_per_query": round(candidates / n, 3),
        "candidates_at_or_above_threshold": round(similar / len(sample), 4) if sample else None,
        "recall_planted": round(found / len(copies), 4) if copies else None,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "seed": args.seed,
    }

    table = Table(title=f"dedup: MinHash LSH over {n:,} paragraphs (~{result['mean_chars']:.0f} chars)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for stage, secs in result["seconds"].items():
        table.add_row(f"time: {stage}", f"{secs:.2f} s")
    table.add_row("throughput (shingle+hash+index+query)", f"{result['paragraphs_per_second']:,} paragraphs/s")
    for stage, mb in result["peak_rss_mb"].items():
        table.add_row(f"peak RSS {stage}", f"{mb:.0f} MB")
    table.add_row("shingles per paragraph", f"{result['shingles_per_paragraph']}")
    table.add_row("LSH threshold / permutations / bands×rows",
                  f"{threshold} / {num_perm} / {result['lsh_bands_rows'][0]}×{result['lsh_bands_rows'][1]}")
    table.add_row("candidates per query (besides itself)", f"{result['candidates_per_query']}")
    table.add_row(f"share of candidates with exact Jaccard ≥ {threshold} (first {SAMPLE:,} queries)",
                  f"{result['candidates_at_or_above_threshold']}")
    table.add_row("distinct corpus sentences drawn from", f"{result['distinct_corpus_sentences']:,}")
    table.add_row("planted near duplicates (Jaccard min / median)",
                  f"{len(copies):,} ({result['planted_jaccard_min_median'][0]} / {result['planted_jaccard_min_median'][1]})")
    table.add_row("recall on planted duplicates", f"{result['recall_planted']:.4f}")
    Console().print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
