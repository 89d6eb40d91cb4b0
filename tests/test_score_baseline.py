"""The regression gate's machinery: floors only go up, the gate, the pinned digest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.core.models import Notice
from extract.gold import load_notice_file
from extract.score import FIELDS, Counts, DocScore, ScoreReport
from extract.score.baseline import (
    Baseline,
    baseline_json,
    evaluate_corpus,
    evaluation_digest,
    gate_failures,
    load_baseline,
    raise_floors,
    update_baseline,
)

ROOT = Path(__file__).resolve().parent.parent


def report_of(**fields: Counts) -> ScoreReport:
    counts = {f: fields.get(f, Counts()) for f in FIELDS}
    return ScoreReport(docs={"doc": DocScore(counts=counts)})


@pytest.mark.parametrize(
    ("old", "measured", "new"),
    [
        (0.5, Counts(6, 0, 4), 0.75),  # F1 12/16 = 0.75: raised
        (0.8, Counts(6, 0, 4), 0.8),  # lower measurement: kept
        (0.0, Counts(1, 1, 1), 0.5),
        (0.0, Counts(2, 1, 0), 0.8),  # 4/5 rounded down, not up
        (0.0, Counts(1, 0, 2), 0.5),  # 2/4
        (0.0, Counts(2, 1, 2), 0.5714),  # 4/7 = 0.571428…: rounded down
        (0.6, Counts(0, 3, 0), 0.6),  # no gold support: kept
    ],
    ids=["raised", "never-lowered", "half", "exact-0.8", "exact-0.5", "rounded-down", "no-support-kept"],
)
def test_raise_floors_only_upward(old: float, measured: Counts, new: float) -> None:
    updated = raise_floors(Baseline(floors={"rules_strict": old}), report_of(rules_strict=measured), "abc")
    assert updated.floors["rules_strict"] == new
    assert updated.corpus_sha256 == "abc"


def test_raise_floors_adds_missing_fields_and_keeps_epsilon() -> None:
    updated = raise_floors(Baseline(floors={}, epsilon=0.01), report_of(title=Counts(3, 1, 0)), "d")
    assert set(updated.floors) == set(FIELDS)
    assert updated.floors["title"] == pytest.approx(6 / 7, abs=1e-4)
    assert updated.floors["periods"] == 0.0
    assert updated.epsilon == 0.01


@pytest.mark.parametrize(
    ("floor", "measured", "fails"),
    [
        (0.8, Counts(8, 2, 2), False),  # F1 0.8 = floor
        (0.804, Counts(8, 2, 2), False),  # within epsilon 0.005
        (0.81, Counts(8, 2, 2), True),
        (0.5, Counts(0, 0, 5), True),  # nothing found
        (0.9, Counts(0, 4, 0), False),  # gold has no support: not gated
    ],
    ids=["at-floor", "within-epsilon", "below", "nothing-found", "no-support-skipped"],
)
def test_gate_failures(floor: float, measured: Counts, fails: bool) -> None:
    failures = gate_failures(report_of(periods=measured), Baseline(floors={"periods": floor}, epsilon=0.005))
    assert ("periods" in failures) == fails


def test_baseline_json_round_trips_in_field_order() -> None:
    b = Baseline(floors={"rules_lenient": 0.25, "title": 0.5}, epsilon=0.005, corpus_sha256="f" * 64)
    text = baseline_json(b)
    assert Baseline.model_validate_json(text) == b
    assert list(json.loads(text)["floors"]) == ["title", "rules_lenient"]


def test_committed_baseline_covers_every_field() -> None:
    b = load_baseline(ROOT / "tests" / "eval_baseline.json")
    assert set(b.floors) == set(FIELDS)
    assert all(0.0 <= f <= 1.0 for f in b.floors.values())
    assert 0 < b.epsilon < 0.05
    assert len(b.corpus_sha256) == 64


def _eval_set(tmp_path: Path) -> tuple[Path, Path]:
    corpus, gold = tmp_path / "corpus", tmp_path / "gold"
    corpus.mkdir(), gold.mkdir()
    for stem in ("09_anyang-2018-orange-alert-special-controls-542", "03_neimenggu-2021-summer-autumn-cement-association"):
        shutil.copy(ROOT / "corpus" / f"{stem}.txt", corpus)
        shutil.copy(ROOT / "gold" / f"{stem}.json", gold)
    return corpus, gold


def test_digest_changes_with_gold_or_corpus(tmp_path: Path) -> None:
    corpus, gold = _eval_set(tmp_path)
    first = evaluation_digest(corpus, gold)
    assert evaluation_digest(corpus, gold) == first
    (gold / "NOTES.md").write_text("notes are not gold", encoding="utf-8")
    assert evaluation_digest(corpus, gold) == first
    g = gold / "09_anyang-2018-orange-alert-special-controls-542.json"
    g.write_text(g.read_text(encoding="utf-8").replace("安阳市", "安阳"), encoding="utf-8")
    second = evaluation_digest(corpus, gold)
    assert second != first
    (corpus / "03_neimenggu-2021-summer-autumn-cement-association.txt").write_text("改", encoding="utf-8")
    assert evaluation_digest(corpus, gold) not in {first, second}


def test_evaluate_corpus_with_a_perfect_and_a_broken_extractor(tmp_path: Path) -> None:
    corpus, gold = _eval_set(tmp_path)

    def oracle(path: Path) -> Notice:
        if path.stem.startswith("03_"):
            raise ValueError("extractor bug")
        return load_notice_file(gold / f"{path.stem}.json")

    report, failures = evaluate_corpus(corpus, gold, tmp_path / "out", extract=oracle)
    assert [f.split(":")[0] for f in failures] == [str(corpus / "03_neimenggu-2021-summer-autumn-cement-association.txt")]
    assert report.unpredicted == ("03_neimenggu-2021-summer-autumn-cement-association",)
    anyang = report.docs["09_anyang-2018-orange-alert-special-controls-542"]
    assert all(c.fp == 0 and c.fn == 0 for c in anyang.counts.values())
    neimenggu = report.docs["03_neimenggu-2021-summer-autumn-cement-association"]
    assert neimenggu.overall.tp == 0 and neimenggu.overall.fn > 0


def test_update_baseline_raises_floors_and_repins(tmp_path: Path) -> None:
    corpus, gold = _eval_set(tmp_path)
    path = tmp_path / "eval_baseline.json"
    path.write_text(baseline_json(Baseline(floors={"title": 0.4, "emission_limits": 0.7}, corpus_sha256="0" * 64)))

    def oracle(p: Path) -> Notice:
        return load_notice_file(gold / f"{p.stem}.json")

    result = update_baseline(corpus, gold, path, extract=oracle)
    assert result.failures == [] and result.new == load_baseline(path)
    b = load_baseline(path)
    assert b.floors["title"] == 1.0  # both gold files have a title
    assert b.floors["emission_limits"] == 0.7  # no gold support: kept
    assert b.corpus_sha256 == evaluation_digest(corpus, gold)
    assert result.old.floors["title"] == 0.4


def test_update_baseline_refuses_when_a_file_fails(tmp_path: Path) -> None:
    corpus, gold = _eval_set(tmp_path)
    path = tmp_path / "eval_baseline.json"
    before = baseline_json(Baseline(floors={"title": 0.4}))
    path.write_text(before)

    def broken(p: Path) -> Notice:
        raise RuntimeError("extractor bug")

    result = update_baseline(corpus, gold, path, extract=broken)
    assert result.new is None and len(result.failures) == 2 and "extractor bug" in result.failures[0]
    assert path.read_text() == before


def _oracle_pipeline(monkeypatch: pytest.MonkeyPatch, gold: Path, broken: str | None = None) -> None:
    """``cuofeng score --update-baseline`` extracts with the pipeline: make it answer with gold."""

    def oracle(p: Path) -> Notice:
        if broken and p.stem.startswith(broken):
            raise RuntimeError("extractor bug")
        return load_notice_file(gold / f"{p.stem}.json")

    monkeypatch.setattr("extract.pipeline.extract_file", oracle)


def test_cli_update_baseline_prints_what_moved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, gold = _eval_set(tmp_path)
    path = tmp_path / "eval_baseline.json"
    path.write_text(baseline_json(Baseline(floors={"title": 0.4}, corpus_sha256="0" * 64)))
    _oracle_pipeline(monkeypatch, gold)
    args = ["score", "--update-baseline", "--corpus", str(corpus), "--gold", str(gold), "--baseline", str(path)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "floor title: 0.4 -> 1.0" in lines
    assert f"corpus_sha256: {'0' * 64} -> {evaluation_digest(corpus, gold)}" in lines
    assert lines[-1] == f"wrote {path}"
    assert load_baseline(path).floors["title"] == 1.0


def test_cli_update_baseline_refuses_with_exit_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, gold = _eval_set(tmp_path)
    path = tmp_path / "eval_baseline.json"
    before = baseline_json(Baseline(floors={"title": 0.4}))
    path.write_text(before)
    _oracle_pipeline(monkeypatch, gold, broken="03_")
    args = ["score", "--reset-baseline", "--corpus", str(corpus), "--gold", str(gold), "--baseline", str(path)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: some corpus files failed to extract; baseline not updated:")
    assert "03_neimenggu" in result.stderr and "extractor bug" in result.stderr
    assert "rules_strict" in result.stdout  # the scores are still shown
    assert path.read_text() == before
