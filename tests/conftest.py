"""Shared fixtures: the corpus files and their texts."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "gold"
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))


def corpus_text(prefix: str) -> str:
    """The decoded text of the corpus file whose name starts with ``prefix``."""
    (path,) = [p for p in CORPUS_FILES if p.name.startswith(prefix)]
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed000() -> str:
    return corpus_text("000_")
