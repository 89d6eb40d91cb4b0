"""Data files of the package (``extract/data/*.toml``): loaded once, patterns compiled with
errors that name the file and the entry."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

import regex


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed TOML data file ``extract/data/<name>`` (cached; do not mutate)."""
    return tomllib.loads(resources.files("extract.data").joinpath(name).read_text("utf-8"))


def compile_pattern(
    file: str, entry: str, pattern: str, error: type[Exception] = ValueError, flags: int = 0
) -> regex.Pattern[str]:
    """Compile ``pattern``; a bad one raises ``error`` naming the data file and the entry."""
    try:
        return regex.compile(pattern, flags)
    except regex.error as exc:
        raise error(f"{file}: {entry}: {exc}") from exc
