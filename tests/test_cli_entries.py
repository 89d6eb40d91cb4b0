"""The command line is one package (``extract/cli/``): ``cuofeng first-look`` and its module
entry ``python -m extract.score.first_look``; every ``python -m`` shim runs the typer command;
library code below the command line does not print."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.cli.score import first_look_app

ROOT = Path(__file__).resolve().parent.parent
STEM = "09_anyang-2018-orange-alert-special-controls-542"
runner = CliRunner()


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    """A labelled batch of one notice: ``corpus/`` and ``gold/``."""
    (tmp_path / "batch" / "corpus").mkdir(parents=True)
    (tmp_path / "batch" / "gold").mkdir()
    shutil.copy(ROOT / "corpus" / f"{STEM}.txt", tmp_path / "batch" / "corpus")
    shutil.copy(ROOT / "gold" / f"{STEM}.json", tmp_path / "batch" / "gold")
    return tmp_path / "batch"


def test_first_look_prints_and_logs_the_section(batch: Path, tmp_path: Path) -> None:
    log = tmp_path / "FIRST_LOOK.md"
    result = runner.invoke(app, ["first-look", str(batch), "--name", "batch 9", "--log", str(log)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("## batch 9\n\nScored now with the extractor at commit ")
    assert f"- `{STEM}`" in result.stdout and "| rules_strict | " in result.stdout
    logged = log.read_text(encoding="utf-8")
    assert logged.startswith("# First-look scores\n") and "## batch 9\n" in logged
    rows = [line for line in logged.splitlines() if line.startswith("| rules_strict |")]
    assert rows == [line for line in result.stdout.splitlines() if line.startswith("| rules_strict |")]
    assert not result.stderr  # nothing failed to extract


def test_first_look_needs_a_name(batch: Path, tmp_path: Path) -> None:
    result = runner.invoke(first_look_app, [str(batch), "--log", str(tmp_path / "log.md")])
    assert result.exit_code == 2 and "--name" in result.stderr  # a usage error, as argparse gave
    assert not (tmp_path / "log.md").exists()


def test_python_dash_m_first_look(batch: Path, tmp_path: Path) -> None:
    log = tmp_path / "log.md"
    proc = subprocess.run(
        [sys.executable, "-m", "extract.score.first_look", str(batch), "--name", "b", "--log", str(log)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("## b\n") and "## b\n" in log.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("module", "usage"),
    [("extract", "Usage: python -m extract [OPTIONS]"), ("extract.score", "Usage: python -m extract.score"),
     ("extract.score.first_look", "Usage: python -m extract.score.first_look"),
     ("extract.gold", "Usage: python -m extract.gold")],
)
def test_every_module_entry_is_a_typer_app(module: str, usage: str) -> None:
    proc = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.lstrip().startswith(usage)


def test_cuofeng_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("extract", "score", "first-look", "gold", "dedup", "store", "diff", "export", "query",
                    "report", "industries", "schema"):
        assert f"  {command} " in result.stdout, command


def _prints(path: Path) -> list[str]:
    """Calls of print(), sys.stdout/stderr writes, typer.echo and rich consoles in one module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else ast.unparse(f)
            if name in ("print", "typer.echo", "sys.stdout.write", "sys.stderr.write", "Console"):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            mod = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
            if mod in ("argparse", "typer"):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: import {mod}")
    return found


def test_library_code_does_not_print() -> None:
    """Only ``extract/cli/`` talks to the terminal (score/format.py renders tables into strings)."""
    library = [p for p in sorted((ROOT / "extract").rglob("*.py")) if "cli" not in p.relative_to(ROOT).parts]
    assert len(library) > 60
    found = [hit for p in library for hit in _prints(p)]
    assert [(hit.split(":")[0], hit.split(": ")[1]) for hit in found] == [("extract/score/format.py", "Console")]


def test_library_log_warnings_are_shown_as_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import logging

    from extract.core.models import Notice

    def schema_with_a_warning() -> dict[str, str]:
        logging.getLogger("extract.core.models").warning("a field is %s", "deprecated")
        logging.getLogger("extract.core.models").info("not shown")
        return {"title": "Notice"}

    monkeypatch.setattr(Notice, "model_json_schema", schema_with_a_warning)
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stderr == "warning: a field is deprecated\n"
    assert result.stdout == '{\n  "title": "Notice"\n}\n'
