"""The edges of the scorer: ``cuofeng score`` and ``python -m extract.score`` (exit codes,
output, JSON), its settings file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.cli.score import score_app
from extract.core.errors import DataError
from extract.score.settings import default_settings, settings_from_toml

runner = CliRunner()


def run_score(gold: Path, pred: Path, *more: str, show_errors: bool = False, json_out: Path | None = None):
    """``cuofeng score --gold GOLD --pred PRED ...`` through the command line."""
    args = ["score", "--gold", str(gold), "--pred", str(pred), *more]
    args += ["--show-errors"] if show_errors else []
    args += ["--json", str(json_out)] if json_out else []
    return runner.invoke(app, args)

GOLD = {
    "title": "关于开展2021-2022年秋冬季错峰生产的通知",
    "doc_number": "晋工信节能字〔2021〕171号",
    "rules": [
        {"condition": {"grades": ["D"]}, "action": {"type": "stop"},
         "text": "被评定为D级的企业或未按期完成治理任务的企业实施错峰停产"},
        {"condition": {"noncompliant": True}, "action": {"type": "stop"},
         "text": "被评定为D级的企业或未按期完成治理任务的企业实施错峰停产"},
    ],
}


def write(folder: Path, name: str, data: dict | str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), "utf-8")


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    gold, pred = tmp_path / "gold", tmp_path / "rules_out"
    write(gold, "001_cf0fc4cb60f58962.json", GOLD)
    write(gold, "GUIDE.md", "# not gold")
    write(pred, "001_cf0fc4cb60f58962.json", GOLD | {"rules": GOLD["rules"][:1], "doc_number": None})
    write(pred, "rules.jsonl", "{}\n")
    return gold, pred


def test_run_score_prints_the_table_and_writes_json(dirs, tmp_path) -> None:
    gold, pred = dirs
    result = run_score(gold, pred, json_out=tmp_path / "score.json")
    assert result.exit_code == 0
    out = result.stdout
    assert "rules_strict" in out and "001_cf0fc4cb60f58962" in out
    data = json.loads((tmp_path / "score.json").read_text("utf-8"))
    assert data["fields"]["rules_strict"]["tp"] == 1 and data["fields"]["rules_strict"]["fn"] == 1
    assert data["fields"]["doc_number"]["fn"] == 1
    assert data["documents"]["001_cf0fc4cb60f58962"]["predicted"] is True


def test_run_score_shows_errors_on_request(dirs) -> None:
    gold, pred = dirs
    result = run_score(gold, pred)
    assert result.exit_code == 0 and "missed" not in result.stdout
    result = run_score(gold, pred, show_errors=True)
    assert result.exit_code == 0
    out = result.stdout
    assert "missed   doc_number      晋工信节能字〔2021〕171号" in out
    assert "noncompliant=True | stop" in out


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (lambda g, p: write(g, "002_9d8257f04b7a336c.json", {"season": "2021"}), "002_9d8257f04b7a336c.json"),
        (lambda g, p: write(p, "001_cf0fc4cb60f58962.json", "{"), "001_cf0fc4cb60f58962.json"),
        (lambda g, p: (p / "001_cf0fc4cb60f58962.json").rename(g.parent / "elsewhere"), None),
        (lambda g, p: [f.unlink() for f in g.glob("*.json")], "no gold files"),
    ],
    ids=["malformed-gold", "malformed-prediction", "prediction-missing-is-fine", "no-gold"],
)
def test_run_score_exit_codes(dirs, break_it, message) -> None:
    gold, pred = dirs
    break_it(gold, pred)
    result = run_score(gold, pred)
    assert result.exit_code == (0 if message is None else 2)
    if message is not None:
        assert result.stderr.startswith("error: ") and message in result.stderr and not result.stdout


def test_run_score_missing_folder(tmp_path) -> None:
    result = run_score(tmp_path / "gold", tmp_path / "rules_out")
    assert result.exit_code == 2
    assert "no such folder" in result.stderr


def test_module_entry_is_the_same_command(dirs) -> None:
    gold, pred = dirs
    args = ["--gold", str(gold), "--pred", str(pred), "--show-errors"]
    alone = runner.invoke(score_app, args)
    assert alone.exit_code == 0 and "spurious" not in alone.stdout
    assert alone.stdout == run_score(gold, pred, show_errors=True).stdout
    assert runner.invoke(score_app, ["--gold", str(gold.parent / "nowhere")]).exit_code == 2
    assert runner.invoke(score_app, ["--no-such-option"]).exit_code == 2  # a usage error, as argparse gave


def test_python_dash_m_extract_score(dirs) -> None:
    gold, pred = dirs
    proc = subprocess.run([sys.executable, "-m", "extract.score", "--gold", str(gold), "--pred", str(pred)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "rules_strict" in proc.stdout and "001_cf0fc4cb60f58962" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "extract.score", "--gold", str(gold.parent / "nowhere")],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "no such folder" in proc.stderr and "Traceback" not in proc.stderr


def test_default_settings() -> None:
    s = default_settings()
    assert (s.decimals, s.iou_threshold) == (4, 0.5)
    assert s.action_value == {
        "cut": "ratio", "stop_days": "duration", "extend_coking": "duration", "follow_alert": "alert_level",
        "stop_window": "window",
    }


@pytest.mark.parametrize(
    "broken",
    [
        ("iou_threshold = 0.5", "iou_threshold = 1.5"),
        ("iou_threshold = 0.5", "iou_threshold = 0"),
        ("decimals = 4", "decimals = -1"),
        ('cut = "ratio"', 'cut = "percent"'),
        ('cut = "ratio"', 'cut_production = "ratio"'),
    ],
    ids=["iou-above-1", "iou-zero", "negative-decimals", "unknown-value-kind", "unknown-action-type"],
)
def test_settings_are_validated(broken: tuple[str, str]) -> None:
    text = (Path(__file__).resolve().parent.parent / "extract" / "data" / "score.toml").read_text("utf-8")
    assert broken[0] in text
    with pytest.raises(DataError, match=r"^score\.toml: (iou_threshold|decimals|action_value)"):
        settings_from_toml(text.replace(*broken))
