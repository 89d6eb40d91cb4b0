"""Data files of the package (``extract/data/*``): the one way they are read. Every TOML file
is parsed and checked against its spec (:mod:`extract.core.dataspecs`) once, on first load; a
typo gives a :class:`~extract.core.errors.DataError` naming the file, the entry and the problem.

Pattern entries are checked to be non-empty strings on load but not compiled there (300 compiles
with ``regex``'s pure-Python parser cost ~30 ms of every start-up, and the modules using them
compile them again, mostly inside alternations). The test suite compiles every pattern of every
shipped file (``check(..., patterns=True)``); a pattern broken after that fails where it is first
compiled, and :func:`explain` turns that ``regex.error`` into the ``DataError`` naming the entry."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any, TypeVar

import regex
from pydantic import BaseModel, ValidationError

try:  # a Rust TOML parser: the same data as tomllib (checked by the tests), 5x faster on counties.toml
    import rtoml
except ImportError:  # pragma: no cover - a core dependency; tomllib when it has no wheel for the platform
    rtoml = None  # type: ignore[assignment]

from extract.core.dataspecs import SPECS, Kind
from extract.core.errors import DataError

_M = TypeVar("_M", bound=BaseModel)


def read_text(name: str) -> str:
    """The text of ``extract/data/<name>`` (TOML, CSS, JS …); ``DataError`` when it is missing."""
    try:
        return resources.files("extract.data").joinpath(name).read_text("utf-8")
    except (FileNotFoundError, UnicodeDecodeError) as exc:
        raise DataError(name, "(file)", f"cannot be read: {exc}") from exc


def parse(name: str, text: str, patterns: bool = False) -> dict[str, Any]:
    """``text`` parsed as the TOML data file ``name`` and checked against its spec (its
    patterns compiled too when ``patterns``)."""
    try:
        data = toml_loads(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError, rtoml.TomlParsingError
        raise DataError(name, "(file)", f"not valid TOML: {exc}") from exc
    check(name, data, patterns)
    _parsed[name] = data
    return data


def toml_loads(text: str) -> dict[str, Any]:
    """``text`` parsed as TOML (by rtoml when installed, else tomllib; ``ValueError`` if invalid)."""
    return rtoml.loads(text) if rtoml is not None else tomllib.loads(text)


#: the data last parsed for each file in this process: where :func:`explain` looks for a bad pattern
_parsed: dict[str, dict[str, Any]] = {}


def explain(err: BaseException) -> DataError | None:
    """The ``DataError`` naming the data-file entry behind ``err`` when ``err`` is a
    ``regex.error`` and a file parsed in this process holds a pattern that does not compile."""
    if not isinstance(err, regex.error):
        return None
    for name, data in list(_parsed.items()):
        try:
            check(name, data, patterns=True)
        except DataError as found:
            return found
    return None


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed, checked TOML data file ``extract/data/<name>`` (cached; do not mutate)."""
    return parse(name, read_text(name))


def validated(name: str, model: type[_M], data: dict[str, Any] | None = None) -> _M:
    """The data file ``name`` (or ``data`` read from it) as the pydantic ``model``; a value the
    model rejects raises ``DataError`` naming the entry (``semantic.threshold``)."""
    try:
        return model.model_validate(load(name) if data is None else data)
    except ValidationError as exc:
        err = exc.errors()[0]
        entry = ".".join(str(p) for p in err["loc"]) or "(file)"
        raise DataError(name, entry, err["msg"]) from exc


def check(name: str, data: dict[str, Any], patterns: bool = True) -> None:
    """Raise ``DataError`` at the first entry of ``data`` that does not fit the spec of ``name``;
    ``patterns=False`` checks that pattern entries are non-empty strings without compiling them."""
    for path, kind in SPECS.get(name, {}).items():
        for entry, value in _entries(name, data, path):
            _check_value(name, entry, value, kind, patterns)


def _entries(name: str, data: Any, path: str) -> list[tuple[str, Any]]:
    """``(dotted entry, value)`` for every value ``path`` names (``a[]`` walks every item of ``a``)."""
    found: list[tuple[str, Any]] = [("", data)]
    for part in path.split("."):
        each = part.endswith("[]")
        key = part.removesuffix("[]")
        step: list[tuple[str, Any]] = []
        for where, node in found:
            entry = f"{where}.{key}" if where else key
            if not isinstance(node, dict) or key not in node:
                raise DataError(name, entry, "missing")
            value = node[key]
            if each:
                if not isinstance(value, list):
                    raise DataError(name, entry, f"must be an array, not {type(value).__name__}")
                step += [(f"{entry}[{i}]", item) for i, item in enumerate(value)]
            else:
                step.append((entry, value))
        found = step
    return found


_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,), "int": (int,), "number": (int, float), "bool": (bool,), "table": (dict,), "array": (list,),
}


def _check_value(name: str, entry: str, value: Any, kind: Kind, patterns: bool) -> None:
    if kind in _TYPES:
        if not isinstance(value, _TYPES[kind]) or (kind in ("int", "number") and isinstance(value, bool)):
            raise DataError(name, entry, f"must be {kind}, not {type(value).__name__} {value!r}")
        return
    if kind == "pattern":
        if not isinstance(value, str) or not value:
            raise DataError(name, entry, f"must be a non-empty pattern, not {value!r}")
        if patterns:
            compile_pattern(name, entry, value)
        return
    if not isinstance(value, list) or not value:
        raise DataError(name, entry, "must be a non-empty array of strings")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item:
            raise DataError(name, f"{entry}[{i}]", f"must be a non-empty string, not {item!r}")
        if kind == "patterns" and patterns:
            compile_pattern(name, f"{entry}[{i}]", item)


def compile_pattern(
    file: str, entry: str, pattern: str, error: type[Exception] | None = None, flags: int = 0
) -> regex.Pattern[str]:
    """Compile ``pattern``; a bad one raises ``DataError`` (or ``error``) naming the file and the entry."""
    try:
        return regex.compile(pattern, flags)
    except regex.error as exc:
        raise _error(error, file, entry, f"bad pattern: {exc}") from exc


def _error(error: type[Exception] | None, file: str, entry: str, problem: str) -> Exception:
    if error is None or issubclass(error, DataError):
        return (error or DataError)(file, entry, problem)
    return error(f"{file}: {entry}: {problem}")


def word_list(
    file: str, data: dict[str, Any], table: str, key: str, error: type[Exception] | None = None,
    max_len: int | None = None, unique: bool = True,
) -> list[str]:
    """``data[table][key]`` checked to be a non-empty list of distinct, stripped strings."""
    words = data.get(table, {}).get(key)
    entry = f"[{table}].{key}"
    if not isinstance(words, list) or not words:
        raise _error(error, file, entry, "must be a non-empty list of strings")
    seen: set[str] = set()
    for w in words:
        if not isinstance(w, str) or not w or w != w.strip() or (max_len is not None and len(w) > max_len):
            raise _error(error, file, entry, f"bad entry {w!r}")
        if unique and w in seen:
            raise _error(error, file, entry, f"{w!r} is listed twice")
        seen.add(w)
    return words


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first (so 水泥粉磨站 wins over 水泥)."""
    return "|".join(map(regex.escape, sorted(words, key=lambda w: (-len(w), w))))
