"""The regression gate: F1 floors per field, pinned to the evaluation set (as trafilatura's
``tests/eval_gate.py``).

``tests/eval_baseline.json`` holds ``{"floors": {field: f1}, "epsilon": 0.005,
"corpus_sha256": ...}``. The gate fails when a field's F1 falls below its floor by more than
``epsilon``; fields whose gold has no support are not gated. ``raise_floors`` only ever raises
a floor: lowering one is a human edit of the file, explained in the commit.
"""

from __future__ import annotations

import hashlib
import math
import os
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from extract.core.models import Notice
from extract.score.keys import FIELDS
from extract.score.report import ScoreReport
from extract.score.scoring import score_dirs
from extract.score.settings import ScoreSettings

#: Where the committed baseline lives, relative to the repository root.
BASELINE_PATH = Path("tests/eval_baseline.json")


class Baseline(BaseModel):
    """F1 floors per field and the digest of the evaluation set they were measured on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    floors: dict[str, float] = Field(default_factory=dict)
    epsilon: float = Field(default=0.005, ge=0.0, lt=1.0)
    corpus_sha256: str = ""


def load_baseline(path: str | os.PathLike[str]) -> Baseline:
    """Read and validate a baseline file."""
    return Baseline.model_validate_json(Path(path).read_text(encoding="utf-8"))


def baseline_json(baseline: Baseline) -> str:
    """The baseline as JSON text, floors in report order (reproducible)."""
    order = {f: i for i, f in enumerate(FIELDS)}
    floors = dict(sorted(baseline.floors.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))
    return baseline.model_copy(update={"floors": floors}).model_dump_json(indent=2) + "\n"


def _input_files(corpus_dir: Path) -> list[Path]:
    from extract.ingest import SUPPORTED_SUFFIXES

    return sorted(p for p in corpus_dir.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)


def evaluation_digest(corpus_dir: str | os.PathLike[str], gold_dir: str | os.PathLike[str]) -> str:
    """SHA-256 over the evaluation set: every input file under ``corpus_dir`` and every gold
    ``*.json``, by relative name and content. Any edit to either changes it."""
    h = hashlib.sha256()
    for root, files in (
        (Path(corpus_dir), _input_files(Path(corpus_dir))),
        (Path(gold_dir), sorted(Path(gold_dir).glob("*.json"))),
    ):
        for p in files:
            h.update(f"{root.name}/{p.relative_to(root).as_posix()}".encode() + b"\0")
            h.update(p.read_bytes() + b"\0")
    return h.hexdigest()


def gate_failures(report: ScoreReport, baseline: Baseline) -> dict[str, str]:
    """Fields whose F1 is below ``floor - epsilon`` (field → message); gold support 0 is skipped."""
    out: dict[str, str] = {}
    for field, counts in report.fields.items():
        floor = baseline.floors.get(field)
        if floor is None or counts.support == 0:
            continue
        f1 = counts.f1 or 0.0
        if f1 < floor - baseline.epsilon:
            out[field] = (
                f"{field}: F1 {f1:.4f} < floor {floor:.4f} - {baseline.epsilon} "
                f"(tp {counts.tp}, fp {counts.fp}, fn {counts.fn})"
            )
    return out


def _floor4(x: float) -> float:
    return math.floor(x * 10_000 + 1e-9) / 10_000


def raise_floors(baseline: Baseline, report: ScoreReport, digest: str, reset: bool = False) -> Baseline:
    """A new baseline whose floors are ``max(old floor, measured F1)`` (rounded down to 4
    decimals); never lower. Fields with no gold support keep their floor (0.0 when new).

    ``reset`` sets every floor to the measured F1, lower or not: for a deliberate change of the
    measure (a batch of new notices, a stricter scorer), whose reason goes in the commit.
    """
    floors = dict(baseline.floors)
    for field, counts in report.fields.items():
        old = floors.get(field, 0.0)
        measured = _floor4(counts.f1 or 0.0) if counts.support else 0.0
        floors[field] = measured if reset else max(old, measured)
    return baseline.model_copy(update={"floors": floors, "corpus_sha256": digest})


ExtractFn = Callable[[Path], Notice]


def extract_corpus(corpus_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str],
                   extract: ExtractFn | None = None) -> list[str]:
    """Extract every input under ``corpus_dir`` into ``out_dir/<stem>.json`` (the names
    ``cuofeng extract`` writes), in this process. Returns one message per file that failed."""
    from extract.io import atomic_write_text, notice_json, output_names

    if extract is None:
        from extract.pipeline import extract_file

        extract = extract_file
    files = _input_files(Path(corpus_dir))
    names = output_names(files)
    failures = []
    for path in files:
        try:
            notice = extract(path)
        except Exception as err:  # one broken file must not hide the scores of the others
            failures.append(f"{path}: {err!r}\n{traceback.format_exc(limit=3)}")
            continue
        atomic_write_text(Path(out_dir) / names[path], notice_json(notice))
    return failures


def evaluate_corpus(
    corpus_dir: str | os.PathLike[str],
    gold_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    extract: ExtractFn | None = None,
    settings: ScoreSettings | None = None,
) -> tuple[ScoreReport, list[str]]:
    """Run the extractor on the corpus into ``out_dir`` and score it against gold.

    Returns the report and the extraction failures (a failed file scores as all missed).
    """
    failures = extract_corpus(corpus_dir, out_dir, extract)
    return score_dirs(gold_dir, out_dir, settings), failures


@dataclass(frozen=True)
class BaselineUpdate:
    """What :func:`update_baseline` measured and did."""

    report: ScoreReport  #: the corpus scored against gold
    failures: list[str]  #: extraction failures; when any, nothing was written
    old: Baseline  #: the baseline before
    new: Baseline | None  #: the baseline written (None when refused)


def update_baseline(
    corpus_dir: str | os.PathLike[str],
    gold_dir: str | os.PathLike[str],
    baseline_path: str | os.PathLike[str],
    extract: ExtractFn,
    reset: bool = False,
) -> BaselineUpdate:
    """Extract the corpus with ``extract``, score it, and raise the floors of the baseline
    file (never lower them; ``reset`` sets them to the measured F1s); re-pin its digest.

    Writes nothing when a corpus file fails to extract (``failures`` says which).
    """
    from extract.io import atomic_write_text

    path = Path(baseline_path)
    old = load_baseline(path) if path.exists() else Baseline()
    with tempfile.TemporaryDirectory(prefix="cuofeng-eval-") as out:
        report, failures = evaluate_corpus(corpus_dir, gold_dir, out, extract=extract)
    if failures:
        return BaselineUpdate(report, failures, old, None)
    new = raise_floors(old, report, evaluation_digest(corpus_dir, gold_dir), reset=reset)
    atomic_write_text(path, baseline_json(new))
    return BaselineUpdate(report, failures, old, new)
