"""The cycle collector is paused while `cuofeng extract` starts and running again once it is warm."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.core import collector


@pytest.fixture(autouse=True)
def _restore() -> Iterator[None]:
    was = gc.isenabled()
    yield
    gc.unfreeze()
    collector._paused = False
    (gc.enable if was else gc.disable)()


def test_pause_then_settle_freezes_and_collects_again() -> None:
    gc.unfreeze()
    gc.enable()
    collector.pause()
    assert not gc.isenabled()
    kept = [[i] for i in range(1000)]  # long-lived start-up objects
    collector.settle()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(kept)


def test_settle_without_pause_leaves_the_collector_alone() -> None:
    gc.unfreeze()  # an extract command run earlier in this process froze its start-up
    gc.disable()
    collector.settle()
    assert not gc.isenabled() and gc.get_freeze_count() == 0
    gc.enable()
    collector.settle()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_pause_keeps_a_collector_the_caller_turned_off() -> None:
    gc.disable()
    collector.pause()
    collector.settle()
    assert not gc.isenabled()


@pytest.mark.parametrize("args", [[], ["-j", "2"]])
def test_the_extract_command_leaves_the_collector_running(tmp_path: Path, args: list[str]) -> None:
    src = Path(__file__).resolve().parent.parent / "corpus" / "000_73ffc19bcbd17b6c.txt"
    gc.unfreeze()
    gc.enable()
    result = CliRunner().invoke(app, ["extract", str(src), "--out", str(tmp_path / "out"), "-q", *args])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "000_73ffc19bcbd17b6c.json").exists()
    assert gc.isenabled() and gc.get_freeze_count() > 0


def test_a_run_that_extracts_nothing_still_turns_it_back_on(tmp_path: Path) -> None:
    gc.enable()
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o")])
    assert result.exit_code != 0
    assert gc.isenabled()
