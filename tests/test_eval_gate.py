"""Regression gate: the real pipeline on corpus/, scored against gold/, must not fall below the
F1 floors in tests/eval_baseline.json (minus its epsilon).

Raise floors with ``python -m extract.score --update-baseline`` (it never lowers one). To lower
a floor, edit the file by hand and say why in the commit message. When corpus/ or gold/ change,
the pinned digest changes too: re-run the update to re-pin.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from extract.score import FIELDS, ScoreReport
from extract.score.baseline import Baseline, evaluate_corpus, evaluation_digest, gate_failures, load_baseline

ROOT = Path(__file__).resolve().parent.parent
CORPUS, GOLD, BASELINE = ROOT / "corpus", ROOT / "gold", ROOT / "tests" / "eval_baseline.json"


def test_pipeline_is_importable() -> None:
    """A missing pipeline fails the gate; it is never skipped."""
    pipeline = importlib.import_module("extract.pipeline")
    assert callable(pipeline.extract_file)


@pytest.fixture(scope="module")
def baseline() -> Baseline:
    return load_baseline(BASELINE)


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory: pytest.TempPathFactory) -> tuple[ScoreReport, list[str]]:
    from extract.pipeline import extract_file

    return evaluate_corpus(CORPUS, GOLD, tmp_path_factory.mktemp("rules_out"), extract=extract_file)


def test_every_corpus_file_extracts(evaluation: tuple[ScoreReport, list[str]]) -> None:
    _, failures = evaluation
    assert failures == []


@pytest.mark.parametrize("field", FIELDS)
def test_f1_does_not_fall_below_floor(field: str, evaluation: tuple[ScoreReport, list[str]],
                                      baseline: Baseline) -> None:
    report, _ = evaluation
    if report.fields[field].support == 0:
        pytest.skip(f"gold has no {field}")
    assert field in baseline.floors, f"{field} has no floor in {BASELINE.name}"
    assert gate_failures(report, baseline).get(field) is None, gate_failures(report, baseline)[field]


def test_evaluation_set_is_pinned(baseline: Baseline) -> None:
    assert evaluation_digest(CORPUS, GOLD) == baseline.corpus_sha256, (
        "corpus/ or gold/ changed since the floors were set: check the scores and re-pin with "
        "`python -m extract.score --update-baseline`"
    )
