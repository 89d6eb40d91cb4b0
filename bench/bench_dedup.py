"""Benchmark: near-duplicate candidates by MinHash LSH over 100,000 paragraphs of ~300 characters.

    .venv/bin/python bench/bench_dedup.py [--n 100000] [--planted 0.05] [--seed 7] [--compare-datasketch]

Paragraphs are random concatenations of corpus sentences; a known share are planted near
duplicates of an earlier paragraph: 1–10 characters changed (shingle Jaccard about
0.7–0.97), or the last tenth cut off. Each paragraph is a function of its index and the seed,
so they are generated chunk by chunk and dropped once hashed (1M paragraphs are 300M
characters). The package's own code does the work: ``extract.dedup.shingles.signatures``
(compaction, character 4-grams, CRC-32, 64 MinHash permutations, all in numpy) and
``extract.dedup.lsh`` (banding over the signature matrix, threshold ``paragraph.near_jaccard``
of dedup.toml or ``--threshold``). A planted copy is recalled when it and its original are a
candidate pair. ``--compare-datasketch`` also builds ``datasketch.MinHashLSH`` on the same
signatures (the index this replaced) and checks that the candidate pairs are identical.
Prints a table and writes ``bench/out/dedup.json``; time is reported, never asserted. Peak
memory is the process's maximum resident set size (ru_maxrss), imports included.
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
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's package, not an installed one
CHUNK = 8192  # paragraphs generated and hashed at once
SAMPLE = 2000  # candidate pairs of the first rows checked against the exact Jaccard similarity


def _rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (ru_maxrss is KB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


@cache
def corpus_sentences() -> tuple[str, ...]:
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
    return tuple(out.values())


@cache
def _chars() -> tuple[str, ...]:
    return tuple(sorted({ch for s in corpus_sentences() for ch in s if "\u4e00" <= ch <= "\u9fff"}))


class Paragraphs:
    """Paragraph ``i`` of a seeded collection: 280–320 characters of corpus sentences, or
    (share ``planted``) an edited copy of an earlier original."""

    def __init__(self, n: int, planted: float, seed: int) -> None:
        self.n, self.planted, self.seed = n, planted, seed

    def _rng(self, i: int) -> random.Random:
        return random.Random(self.seed * 1_000_003 + i)

    def original_of(self, i: int) -> int | None:
        rng = self._rng(i)
        if i <= 10 or rng.random() >= self.planted:
            return None
        j = rng.randrange(i)
        while self.original_of(j) is not None:  # copy an original, not a copy
            j = rng.randrange(i)
        return j

    def __getitem__(self, i: int) -> str:
        rng = self._rng(i)
        if i > 10 and rng.random() < self.planted:
            j = self.original_of(i)
            assert j is not None
            p = list(self[j])
            if rng.random() < 0.8:
                for pos in rng.sample(range(len(p)), rng.randint(1, 10)):
                    p[pos] = rng.choice(_chars())
            else:
                p = p[: len(p) * 9 // 10]
            return "".join(p)
        pool, text = corpus_sentences(), ""
        while len(text) < 280:
            text += rng.choice(pool)
        return text[:320]


def datasketch_pairs(sig, threshold: float) -> set[tuple[int, int]]:
    """Candidate pairs of the replaced index: ``datasketch.MinHashLSH`` over the same signatures."""
    from datasketch import LeanMinHash, MinHashLSH

    from extract.dedup.shingles import settings

    seed = settings()["shingles"]["seed"]
    lsh = MinHashLSH(threshold=threshold, num_perm=sig.shape[1])
    with lsh.insertion_session() as session:
        for i, row in enumerate(sig):
            session.insert(i, LeanMinHash(seed=seed, hashvalues=row, scheme="affine32"))
    out: set[tuple[int, int]] = set()
    for i, row in enumerate(sig):
        out.update((min(i, j), max(i, j)) for j in lsh.query(LeanMinHash(seed=seed, hashvalues=row, scheme="affine32"))
                   if j != i)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="paragraphs (default 100,000)")
    ap.add_argument("--planted", type=float, default=0.05, help="share of planted near duplicates")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--threshold", type=float, default=None, help="LSH Jaccard threshold")
    ap.add_argument("--compare-datasketch", action="store_true", help="check identical pairs against datasketch")
    ap.add_argument("--out", type=Path, default=None, help="default bench/out/dedup.json (dedup_<n>.json if not 100k)")
    args = ap.parse_args()

    import numpy as np
    from rich.console import Console
    from rich.table import Table

    from extract.dedup.lsh import Buckets, iter_candidate_pairs, lsh_params
    from extract.dedup.shingles import jaccard, settings, shingles, signatures

    cfg = settings()
    threshold = args.threshold if args.threshold is not None else cfg["paragraph"]["near_jaccard"]
    num_perm = cfg["shingles"]["num_perm"]
    n = args.n
    paragraphs = Paragraphs(n, args.planted, args.seed)
    corpus_sentences()
    signatures(["预热"])  # tables built once per process, outside the timing
    rss_start = _rss_mb()

    t_generate = t_sign = 0.0
    sig = np.empty((n, num_perm), dtype=np.uint32)
    chars = 0
    for start in range(0, n, CHUNK):
        t = time.perf_counter()
        part = [paragraphs[i] for i in range(start, min(start + CHUNK, n))]
        t_generate += time.perf_counter() - t
        chars += sum(len(p) for p in part)
        t = time.perf_counter()
        sig[start : start + len(part)] = signatures(part)
        t_sign += time.perf_counter() - t
    rss_hashed = _rss_mb()
    copies = {i: j for i in range(n) if (j := paragraphs.original_of(i)) is not None}

    b, r = lsh_params(threshold, num_perm)
    t = time.perf_counter()
    for x in range(b):  # bucket building alone (iter_candidate_pairs builds them again below)
        Buckets(np.ascontiguousarray(sig[:, x * r : (x + 1) * r]))
    t_band = time.perf_counter() - t
    want = np.array(sorted(o * n + c for c, o in copies.items()), dtype=np.int64)  # planted pairs, coded
    t = time.perf_counter()
    n_pairs = found = 0
    sample: list[tuple[int, int]] = []
    kept: list[np.ndarray] = []
    for block in iter_candidate_pairs(sig, threshold):  # blocks partition the pairs by their first row
        n_pairs += len(block)
        codes = block[:, 0] * n + block[:, 1]  # sorted, as the pairs are
        at = np.minimum(np.searchsorted(codes, want), len(codes) - 1)
        found += int((codes[at] == want).sum())
        if len(sample) < 50_000:
            sample.extend(map(tuple, block[block[:, 0] < SAMPLE].tolist()))
        if args.compare_datasketch:
            kept.append(block)
    t_pairs = time.perf_counter() - t
    rss_end = _rss_mb()
    similar = sum(jaccard(shingles(paragraphs[i]), shingles(paragraphs[j])) >= threshold for i, j in sample)
    planted_jaccard = [jaccard(shingles(paragraphs[c]), shingles(paragraphs[o]))
                       for c, o in list(copies.items())[:5000]]

    identical = None
    if args.compare_datasketch:
        ours = {(int(i), int(j)) for blk in kept for i, j in blk.tolist()}
        t = time.perf_counter()
        theirs = datasketch_pairs(sig, threshold)
        t_ds = time.perf_counter() - t
        identical = ours == theirs
        print(f"datasketch.MinHashLSH: {len(theirs):,} pairs in {t_ds:.1f} s; identical to ours: {identical}")

    total = t_sign + t_pairs
    result = {
        "paragraphs": n,
        "characters": chars,
        "distinct_corpus_sentences": len(corpus_sentences()),
        "planted_near_duplicates": len(copies),
        "planted_jaccard_min_median": [round(min(planted_jaccard), 3), round(statistics.median(planted_jaccard), 3)]
        if planted_jaccard else None,
        "lsh_threshold": threshold,
        "num_perm": num_perm,
        "lsh_bands_rows": [b, r],
        "seconds": {
            "generate (not dedup)": round(t_generate, 2),
            "signatures (compact, 4-grams, CRC-32, MinHash)": round(t_sign, 2),
            "banding (buckets of every band, included below)": round(t_band, 2),
            "candidate pairs (buckets, pairs, unique)": round(t_pairs, 2),
            "dedup total": round(total, 2),
        },
        "paragraphs_per_second": round(n / total),
        "peak_rss_mb": {
            "after imports and set-up": round(rss_start, 1),
            "after hashing": round(rss_hashed, 1),
            "after candidate pairs": round(rss_end, 1),
        },
        "candidate_pairs": n_pairs,
        "candidates_per_paragraph": round(2 * n_pairs / n, 3),
        "candidates_at_or_above_threshold": round(similar / len(sample), 4) if sample else None,
        "recall_planted": round(found / len(copies), 4) if copies else None,
        "identical_to_datasketch": identical,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "seed": args.seed,
    }

    table = Table(title=f"dedup: MinHash LSH banding over {n:,} paragraphs ({chars / n:.0f} chars)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for stage, secs in result["seconds"].items():
        table.add_row(f"time: {stage}", f"{secs:.2f} s")
    table.add_row("throughput (signatures + pairs)", f"{result['paragraphs_per_second']:,} paragraphs/s")
    for stage, mb in result["peak_rss_mb"].items():
        table.add_row(f"peak RSS {stage}", f"{mb:.0f} MB")
    table.add_row("LSH threshold / permutations / bands×rows", f"{threshold} / {num_perm} / {b}×{r}")
    table.add_row("candidate pairs (per paragraph)", f"{n_pairs:,} ({result['candidates_per_paragraph']})")
    table.add_row(f"share of candidates with exact Jaccard ≥ {threshold} (rows < {SAMPLE:,})",
                  f"{result['candidates_at_or_above_threshold']}")
    table.add_row("planted near duplicates", f"{len(copies):,} (Jaccard min/median {result['planted_jaccard_min_median']})")
    table.add_row("recall on planted duplicates", f"{result['recall_planted']}")
    if identical is not None:
        table.add_row("candidate pairs identical to datasketch.MinHashLSH", str(identical))
    Console().print(table)
    out = args.out or ROOT / "bench" / "out" / ("dedup.json" if n == 100_000 else f"dedup_{n}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
