"""Loading and checking gold files (hand-labelled notices, ``gold/<input stem>.json``).

A malformed file raises :class:`extract.core.errors.GoldError` naming the file and the
validation error: a bad gold file must never score as a silent zero.

Command line (``extract/cli/gold.py``; ``cuofeng gold check`` is the same)::

    python -m extract.gold check gold/                   # every file validates
    python -m extract.gold check gold/ --corpus corpus/  # and its spans fit its input text
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from extract.core.errors import GoldError
from extract.core.models import Notice


def load_notice_file(path: str | os.PathLike[str]) -> Notice:
    """Read and validate one notice JSON file (gold or extractor output).

    Raises :class:`GoldError` ("<path>: <reason>") when it cannot be read or does not validate.
    """
    return read_validated(path, Notice, lambda err: f"does not validate as a Notice: {err}")


_M = TypeVar("_M", bound=BaseModel)


def read_validated(path: str | os.PathLike[str], model: type[_M], problem: Callable[[ValidationError], str]) -> _M:
    """One hand-written JSON file (a gold notice, an expected diff) read as ``model``.

    Raises :class:`GoldError` ("<path>: <reason>"): cannot read, or ``problem(err)`` when it
    does not validate.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise GoldError(f"{p}: cannot read: {err}") from err
    try:
        return model.model_validate_json(text)
    except ValidationError as err:
        raise GoldError(f"{p}: {problem(err)}") from None


def load_dir(directory: str | os.PathLike[str]) -> dict[str, Notice]:
    """Every ``*.json`` in ``directory`` keyed by file stem (``a.pdf.json`` → ``a.pdf``), sorted.

    Raises :class:`GoldError` when the folder does not exist or a file is malformed.
    """
    d = Path(directory)
    if not d.is_dir():
        raise GoldError(f"{d}: no such folder")
    return {p.stem: load_notice_file(p) for p in sorted(d.glob("*.json")) if p.is_file()}


def _spans(obj: Any, where: str) -> Iterator[tuple[str, tuple[int, int]]]:
    """Every span inside a model, with a path saying where it is (``rules[3].action.period``)."""
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if name == "span" and value is not None:
                yield where, tuple(value)
            elif name == "spans":
                for i, s in enumerate(value):
                    yield f"{where}.spans[{i}]", tuple(s)
            else:
                yield from _spans(value, f"{where}.{name}" if where else name)
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _spans(item, f"{where}[{i}]")


def span_problems(notice: Notice, raw_text: str) -> list[str]:
    """What is wrong with the spans of ``notice`` against its input text (empty when nothing).

    Every span must satisfy ``0 <= start < end <= len(raw_text)``, and a rule's ``text``, when
    it has a span, must be exactly ``raw_text[start:end]``.
    """
    problems = [
        f"{where}: span [{s}, {e}) outside the text (0..{len(raw_text)}) or empty"
        for where, (s, e) in _spans(notice, "")
        if not 0 <= s < e <= len(raw_text)
    ]
    for i, rule in enumerate(notice.rules):
        if rule.span and rule.text and 0 <= rule.span[0] < rule.span[1] <= len(raw_text):
            quoted = raw_text[rule.span[0] : rule.span[1]]
            if quoted != rule.text:
                problems.append(f"rules[{i}]: text {rule.text!r} but the span quotes {quoted!r}")
    return problems


def source_for(stem: str, corpus_dir: str | os.PathLike[str]) -> Path | None:
    """The input file a gold stem labels: ``<stem>.<ext>`` (first in sorted order), or the file
    named ``stem`` itself (stems like ``notice.pdf``)."""
    from extract.ingest import SUPPORTED_SUFFIXES

    d = Path(corpus_dir)
    exact = d / stem
    if exact.suffix.lower() in SUPPORTED_SUFFIXES and exact.is_file():
        return exact
    found = sorted(p for p in d.glob(f"{stem}.*") if p.stem == stem and p.suffix.lower() in SUPPORTED_SUFFIXES)
    return found[0] if found else None


def check_dir(gold_dir: str | os.PathLike[str], corpus_dir: str | os.PathLike[str] | None = None) -> int:
    """Validate every gold file (and, with ``corpus_dir``, its spans); raise on the first bad one.

    Returns the number of files checked.
    """
    gold = load_dir(gold_dir)
    if corpus_dir is not None:
        from extract.ingest import read_document

        for stem, notice in gold.items():
            source = source_for(stem, corpus_dir)
            if source is None:
                raise GoldError(f"{Path(gold_dir) / stem}.json: no input file {stem}.* in {corpus_dir}")
            problems = span_problems(notice, read_document(source).text)
            if problems:
                raise GoldError(f"{Path(gold_dir) / stem}.json: " + "; ".join(problems))
    return len(gold)


if __name__ == "__main__":  # python -m extract.gold: the command line's `gold`
    from extract.cli.gold import gold_main

    gold_main()
