"""Benchmark: our date-range recogniser next to JioNLP's ``extract_time`` on the period table of
tests/test_recognize_dates.py (one sentence per row, with the expected start and end) and on
the non-optional gold periods of the dev corpus.

    .venv/bin/python bench/bench_dates_vs_jionlp.py [--repeat 200] [--no-corpus]

Both get the normalised text. A row is right when one range found has the expected start
and end. Relative dates (Y0/Y1, template years) are scored for JioNLP against the season's
first year (or the row's year hint, else 2021), which is also its ``time_base`` (1 October
of that year: when such notices are issued). JioNLP's exclusive midnight end (…26日00:00:00
for 25日24时) counts as the day before. Time is reported, never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_DEFAULT_YEAR = 2021


@dataclass(frozen=True)
class Row:
    text: str  # normalised
    season_start: int | None
    year_hint: int | None
    start: str
    end: str


def _table() -> list[Row]:
    """The (sentence, expected start, expected end) rows of the test file and the data file."""
    from extract.normalize import normalize_text
    from extract.recognize import dates

    sys.path.insert(0, str(ROOT / "tests"))
    import test_recognize_dates as t  # noqa: PLC0415

    rows: list[Row] = []
    for p in t.PERIOD_CASES:
        raw, season, hint, start, end, *_ = p.values
        rows.append(Row(normalize_text(raw), season, hint, start, end))
    for p in t.YEAR_CASES:
        raw, season, hint, want = p.values
        rows.append(Row(normalize_text(raw), season, hint, want[-1][0], want[-1][1]))
    for table in ("year", "numbers", "time", "range", "recurring", "label", "scope"):
        for ex in dates.data()[table].get("examples", []):
            if ex.get("start") and ex.get("end"):
                rows.append(
                    Row(
                        normalize_text(ex["text"]),
                        ex.get("season_start"),
                        ex.get("year_hint"),
                        ex["start"],
                        ex["end"],
                    )
                )
    return rows


def _corpus() -> list[tuple[str, int | None, int | None, list[tuple[str, str]]]]:
    """(normalised text, season start, issue year, gold (start, end) pairs) of every gold file."""
    from extract.normalize import normalize_text

    out = []
    for g in sorted((ROOT / "gold").glob("*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        want = [
            (p["start"], p["end"])
            for p in gold.get("periods", [])
            if not p.get("optional") and p.get("start") and p.get("end")
        ]
        src = ROOT / "corpus" / f"{g.stem}.txt"
        if not want or not src.exists():
            continue
        season = int(gold["season"][:4]) if gold.get("season") else None
        issue = int(gold["issue_date"][:4]) if gold.get("issue_date") else None
        out.append((normalize_text(src.read_text(encoding="utf-8")), season, issue, want))
    return out


# ---------------------------------------------------------------- the two extractors


def ours(text: str, season_start: int | None, year_hint: int | None) -> set[tuple[str, str]]:
    from extract.recognize.dates import find_periods

    return {
        (p.start_date, p.end_date)
        for p in find_periods(text, season_start=season_start, year_hint=year_hint)
        if p.start_date and p.end_date
    }


def _jio_fn() -> Callable | None:
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # jionlp prints a banner on import
            import jionlp as jio
    except ImportError:
        return None
    logging.disable(logging.CRITICAL)  # it logs a traceback for every phrase it cannot parse
    return getattr(jio, "extract_time", None) or jio.ner.extract_time


def _base_year(season_start: int | None, year_hint: int | None) -> int:
    return season_start or year_hint or _DEFAULT_YEAR


def jionlp_spans(
    fn: Callable, text: str, season_start: int | None, year_hint: int | None
) -> set[tuple[str, str]]:
    base = time.mktime((_base_year(season_start, year_hint), 10, 1, 0, 0, 0, 0, 0, -1))
    out = set()
    for ent in fn(text, time_base=base, with_parsing=True):
        detail = ent.get("detail") or {}
        times = detail.get("time")
        if ent.get("type") != "time_span" or not isinstance(times, list) or len(times) != 2:
            continue
        try:
            start = datetime.strptime(times[0], "%Y-%m-%d %H:%M:%S").strftime("%Y-%m-%d")
            end_dt = datetime.strptime(times[1], "%Y-%m-%d %H:%M:%S")
        except (TypeError, ValueError):  # open ends ('inf') and the like
            continue
        if end_dt.time() == datetime.min.time():  # exclusive midnight end
            end_dt -= timedelta(seconds=1)
        out.add((start, end_dt.strftime("%Y-%m-%d")))
    return out


def _absolute(iso: str, season_start: int | None, year_hint: int | None) -> str:
    """Y0/Y1 → a calendar year, for scoring JioNLP."""
    if iso.startswith("Y"):
        return f"{_base_year(season_start, year_hint) + int(iso[1])}{iso[2:]}"
    return iso


# ---------------------------------------------------------------- measuring


def _timed(fn: Callable[[], None], repeat: int) -> tuple[float, int]:
    """Best wall time of ``repeat`` runs and the peak traced memory of one run."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from timing import best_of

    return best_of(fn, repeat)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=200, help="timed runs over the table (best is kept)")
    ap.add_argument(
        "--jionlp-repeat", type=int, default=None, help="timed runs for JioNLP (default: --repeat)"
    )
    ap.add_argument("--no-corpus", action="store_true", help="skip the gold-period recall on corpus/")
    args = ap.parse_args()

    rows = _table()
    chars = sum(len(r.text) for r in rows)
    jio = _jio_fn()
    results: dict[str, dict[str, float]] = {}

    right = sum((r.start, r.end) in ours(r.text, r.season_start, r.year_hint) for r in rows)
    secs, peak = _timed(lambda: [ours(r.text, r.season_start, r.year_hint) for r in rows], args.repeat)
    results["ours (find_periods)"] = {"right": right, "secs": secs, "peak": peak}
    if jio is not None:
        right = sum(
            (_absolute(r.start, r.season_start, r.year_hint), _absolute(r.end, r.season_start, r.year_hint))
            in jionlp_spans(jio, r.text, r.season_start, r.year_hint)
            for r in rows
        )
        secs, peak = _timed(
            lambda: [jionlp_spans(jio, r.text, r.season_start, r.year_hint) for r in rows],
            args.jionlp_repeat or args.repeat,
        )
        results["JioNLP extract_time"] = {"right": right, "secs": secs, "peak": peak}
    else:
        print("jionlp not installed (pip install -e '.[bench]'): reference skipped")

    print(
        f"\nTest table: {len(rows)} sentences, {chars} characters (normalised); best of {args.repeat} runs\n"
    )
    print(f"{'extractor':<22} {'accuracy':>9} {'sent/s':>10} {'chars/s':>12} {'peak KiB':>9}")
    for name, r in results.items():
        print(
            f"{name:<22} {r['right'] / len(rows):>9.1%} {len(rows) / r['secs']:>10,.0f} "
            f"{chars / r['secs']:>12,.0f} {r['peak'] / 1024:>9,.0f}"
        )

    if args.no_corpus:
        return
    docs = _corpus()
    n = sum(len(w) for *_, w in docs)
    found_ours = found_jio = 0
    for text, season, issue, want in docs:
        got = ours(text, season, issue)
        found_ours += sum(w in got for w in want)
        if jio is not None:
            got_j = jionlp_spans(jio, text, season, issue)
            found_jio += sum(
                (_absolute(s, season, issue), _absolute(e, season, issue)) in got_j for s, e in want
            )
    print(f"\nGold periods of corpus/ (non-optional, {n} in {len(docs)} files), season and issue year given:")
    print(f"{'ours (find_periods)':<22} recall {found_ours / n:.1%}")
    if jio is not None:
        print(f"{'JioNLP extract_time':<22} recall {found_jio / n:.1%}")


if __name__ == "__main__":
    main()
