"""Industries the taxonomy does not know: the character path against the spaCy path (issue 16).

    python bench/bench_open_industries.py            # needs `pip install 'cuofeng[nlp]'`

Recall: the gold names (industries and rule industries of gold/) that the taxonomy does not
resolve, per notice, found anywhere in its normalised text; "extra": names proposed that no
gold file of that notice holds (not all wrong: 煤炭 in a list of industries is one). Cost:
characters per second over corpus/ and the start-up (first call, imports and dictionaries).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.ingest import read_document  # noqa: E402
from extract.normalize import normalize  # noqa: E402
from extract.recognize.industries import canonical_industry  # noqa: E402


def gold_unknown(gold_dir: Path) -> dict[str, set[str]]:
    """Notice stem → the names of its gold that the taxonomy does not hold (optional ones too)."""
    out = {}
    for f in sorted(gold_dir.glob("*.json")):
        d = json.loads(f.read_text("utf-8"))
        names = {i["name"] for i in d.get("industries", [])} | {r["industry"] for r in d.get("rules", []) if r.get("industry")}
        out[f.stem] = {n for n in names if canonical_industry(n) is None}
    return out


def texts(corpus: Path, stems: set[str]) -> dict[str, str]:
    return {p.stem: normalize(read_document(p).text).text
            for p in sorted(corpus.iterdir()) if p.stem in stems and p.suffix != ".md"}


def measure(name: str, find, docs: dict[str, str], gold: dict[str, set[str]]) -> dict:
    t0 = time.perf_counter()
    find("钢铁、焦化、钢锹等企业停产。")
    startup = time.perf_counter() - t0
    hits = total = extra = 0
    t0 = time.perf_counter()
    found = {stem: {n for _, _, n in find(text)} for stem, text in docs.items()}
    secs = time.perf_counter() - t0
    for stem, names in found.items():
        g = gold.get(stem, set())
        hits += len(names & g)
        total += len(g)
        extra += len(names - g)
    chars = sum(map(len, docs.values()))
    return {"path": name, "recall": round(hits / total, 3) if total else None, "found": hits, "gold": total,
            "extra": extra, "chars_per_s": round(chars / secs), "startup_s": round(startup, 3)}


def main() -> None:
    from extract.recognize.open_industries import find_open_industries

    gold = gold_unknown(ROOT / "gold")
    docs = texts(ROOT / "corpus", set(gold))

    def light(text: str) -> list[tuple[int, int, str]]:
        return [(m.start, m.end, m.name) for m in find_open_industries(text)[0]]

    rows = [measure("characters (default)", light, docs, gold)]
    try:
        from extract.recognize.nlp_industries import find_open_industries_nlp
    except ImportError:
        print("spaCy path skipped: pip install 'cuofeng[nlp]'")
    else:
        rows.append(measure("spaCy + jieba", find_open_industries_nlp, docs, gold))
    for r in rows:
        print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
