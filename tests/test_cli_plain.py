"""`cuofeng extract` off a terminal: the lines rich would write, without importing rich."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extract.cli.batch import _Rich, _wants_rich, plain_table

ROOT = Path(__file__).resolve().parent.parent

_ROWS = [
    [("files read", "1"), ("failed", "0"), ("rules", "13"), ("periods", "3"), ("warnings", "1"),
     ("output", "/tmp/d"), ("time", "0.4 s")],
    [("files read", "270"), ("failed", "2"), ("skipped", "3: 1 empty, 2 unsupported"), ("rules", "4051"),
     ("output", "rules_out/2021-2022年唐山市"), ("time", "12.3 s")],
    [("files read", "0")],  # exactly as wide as the title (the summary always has this row)
    [("output", "输出/错峰生产"), ("time", "0.1 s")],
]


def _rich_text(rows: list[tuple[str, str]]) -> str:
    from rich.console import Console

    out = _Rich(quiet=False)
    out.console = Console(file=io.StringIO(), width=200, force_terminal=False, color_system=None)
    out.summary("cuofeng extract", rows)
    return out.console.file.getvalue()  # type: ignore[attr-defined]


@pytest.mark.parametrize("rows", _ROWS)
def test_the_plain_summary_is_what_rich_prints_off_a_terminal(rows: list[tuple[str, str]]) -> None:
    assert plain_table("cuofeng extract", rows) == _rich_text(rows)


@pytest.mark.parametrize(("environ", "expected"), [
    ({"TTY_COMPATIBLE": "1"}, True), ({"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}, False),
    ({"FORCE_COLOR": "1"}, True), ({"FORCE_COLOR": ""}, False),
])
def test_rich_is_wanted_as_rich_decides_a_terminal(environ: dict[str, str], expected: bool) -> None:
    assert _wants_rich(environ) is expected


def test_a_run_off_a_terminal_writes_plain_lines_without_rich(tmp_path: Path) -> None:
    code = ("import sys\nfrom extract.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'))\n")
    src = ROOT / "corpus" / "000_73ffc19bcbd17b6c.txt"
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    proc = subprocess.run(
        [sys.executable, "-c", code, "extract", str(src), str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.stdout.strip() == "[]"
    lines = proc.stderr.splitlines()
    assert lines[0] == f"error {tmp_path / 'missing.txt'}: no such file or folder"
    assert lines[1].strip() == "cuofeng extract"
    assert lines[2].rstrip() == " files read  1" and len(lines[2]) == len(lines[1])
    assert [line.split()[0] for line in lines[3:]] == ["failed", "rules", "periods", "warnings", "output", "time"]


def test_forced_colour_uses_rich(tmp_path: Path) -> None:
    code = ("import sys\nfrom extract.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('rich.console' in sys.modules)\n")
    proc = subprocess.run(
        [sys.executable, "-c", code, "extract", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o")],
        cwd=ROOT, env={**os.environ, "FORCE_COLOR": "1"}, capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.stdout.strip() == "True"
    assert "\x1b[" in proc.stderr  # the error word in colour
