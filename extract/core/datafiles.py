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


def word_list(
    file: str, data: dict[str, Any], table: str, key: str, error: type[Exception] = ValueError,
    max_len: int | None = None, unique: bool = True,
) -> list[str]:
    """``data[table][key]`` checked to be a non-empty list of distinct, stripped strings."""
    words = data.get(table, {}).get(key)
    if not isinstance(words, list) or not words:
        raise error(f"{file}: [{table}].{key} must be a non-empty list of strings")
    seen: set[str] = set()
    for w in words:
        if not isinstance(w, str) or not w or w != w.strip() or (max_len is not None and len(w) > max_len):
            raise error(f"{file}: [{table}].{key}: bad entry {w!r}")
        if unique and w in seen:
            raise error(f"{file}: [{table}].{key}: {w!r} is listed twice")
        seen.add(w)
    return words


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first (so 水泥粉磨站 wins over 水泥)."""
    return "|".join(map(regex.escape, sorted(words, key=lambda w: (-len(w), w))))
