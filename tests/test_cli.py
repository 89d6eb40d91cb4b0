"""The command line: outputs, failures that do not stop a batch, schema, version, workers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.core.models import Notice
from tests.conftest import CORPUS

runner = CliRunner()


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(CORPUS / "000_73ffc19bcbd17b6c.txt", src / "a.txt")
    shutil.copy(CORPUS / "003_24feb78bc5899bf9.txt", src / "sub" / "b.txt")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (src / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    (src / "notes.md").write_text("skipped: not a notice type", encoding="utf-8")
    return src


def test_extract_writes_notices_and_reports_failures(batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(batch), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 1, result.output  # some files failed, the rest were written
    names = sorted(p.name for p in out.iterdir())
    assert names == ["a.json", "b.json", "rules.jsonl"]
    notice = Notice.model_validate_json((out / "a.json").read_text(encoding="utf-8"))
    assert notice.doc_number == "晋工信节能字〔2021〕171号"
    for bad in ("empty.txt", "binary.txt", "broken.pdf"):
        assert bad in result.output
    assert "Traceback" not in result.output
    rows = [json.loads(line) for line in (out / "rules.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows and all({"doc_id", "source", "action", "text", "span"} <= row.keys() for row in rows)


def test_workers_give_identical_output(batch: Path, tmp_path: Path) -> None:
    outs = []
    for n in ("1", "2"):
        out = tmp_path / f"out{n}"
        runner.invoke(app, ["extract", str(batch), "--out", str(out), "-j", n, "-q"])
        outs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outs[0] == outs[1]


def test_unsupported_file_given_explicitly_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "x.xyz"
    f.write_text("错峰生产", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(f), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "x.xyz" in result.output and "unsupported" in result.output


def test_stem_collision_gets_extension_in_name(tmp_path: Path) -> None:
    for ext in (".txt", ".htm"):
        shutil.copy(CORPUS / "003_24feb78bc5899bf9.txt", tmp_path / f"notice{ext}")
    (tmp_path / "notice.htm").write_text(
        "<html><body><article><p>" + (CORPUS / "003_24feb78bc5899bf9.txt").read_text(encoding="utf-8")
        + "</p></article></body></html>", encoding="utf-8")
    out = tmp_path / "o"
    runner.invoke(app, ["extract", str(tmp_path / "notice.htm"), str(tmp_path / "notice.txt"), "--out", str(out), "-q"])
    assert sorted(p.name for p in out.glob("*.json")) == ["notice.htm.json", "notice.txt.json"]


def test_schema_and_version() -> None:
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.output)
    assert schema["title"] == "Notice" and "rules" in schema["properties"]
    assert runner.invoke(app, ["--version"]).output.startswith("cuofeng ")


def test_python_dash_m_runs_the_cli() -> None:
    proc = subprocess.run([sys.executable, "-m", "extract", "--help"], capture_output=True, text=True, check=True)
    assert "extract" in proc.stdout and "score" in proc.stdout


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("season")
    for name in ("000_73ffc19bcbd17b6c.txt", "002_9d8257f04b7a336c.txt"):
        shutil.copy(CORPUS / name, out / name)
    runner.invoke(app, ["extract", str(out), "--out", str(out / "rules_out"), "-q", "-j", "1"])
    return out / "rules_out"


def test_store_add_list_and_diff(extracted: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite"
    added = runner.invoke(app, ["store", "add", "2021-2022", str(extracted), "--db", str(db)])
    assert added.exit_code == 0 and "2 notices" in added.output
    listed = runner.invoke(app, ["store", "list", "--db", str(db)])
    assert listed.output.startswith("2021-2022\t2 notices")
    same = runner.invoke(app, ["diff", "2021-2022", str(extracted), "--db", str(db)])
    assert same.exit_code == 0  # nothing changed


def test_diff_reports_a_changed_ratio(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    text = (CORPUS / "002_9d8257f04b7a336c.txt").read_text(encoding="utf-8")
    for folder, body in ((old, text), (new, text.replace("粗钢产量的30%", "粗钢产量的40%"))):
        folder.mkdir()
        (folder / "002.txt").write_text(body, encoding="utf-8")
        runner.invoke(app, ["extract", str(folder / "002.txt"), "--out", str(folder / "out"), "-q", "-j", "1"])
    result = runner.invoke(app, ["diff", str(old / "out"), str(new / "out"), "--no-evidence"])
    assert result.exit_code == 1
    assert "30%" in result.output and "40%" in result.output


def test_export_and_query(extracted: Path, tmp_path: Path) -> None:
    out = tmp_path / "engine.jsonl"
    assert runner.invoke(app, ["export", str(extracted), "--out", str(out)]).exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and all(row["action"] and row["text"] for row in rows)
    result = runner.invoke(app, ["query", "--rules", str(extracted), "--industry", "铸造", "--grade", "C",
                                 "--process", "interruptible", "--city", "太原市", "--date", "2021-12-01"])
    assert "90" in result.output and "晋工信节能字〔2021〕171号" in result.output


def test_report_writes_one_page_with_every_rule_anchored(extracted: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(extracted), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    rules = sum(len(Notice.model_validate_json(p.read_text(encoding="utf-8")).rules)
                for p in extracted.glob("*.json"))
    assert page.count('id="n0-r') + page.count('id="n1-r') == rules
