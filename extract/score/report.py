"""Score containers: counts per field and document, the report, and its JSON form."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from extract.score.keys import FIELDS, Span


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives of one field.

    A ratio whose denominator is zero is undefined (``None``), never a silent 0 or 1: precision
    with nothing predicted, recall with nothing to find, F1 with neither.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def support(self) -> int:
        """Gold items to find (optional ones excluded)."""
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "support": self.support,
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
        }


def total(counts: Iterable[Counts]) -> Counts:
    """The sum of counts (micro-averaging)."""
    out = Counts()
    for c in counts:
        out = out + c
    return out


@dataclass(frozen=True)
class ItemError:
    """A gold item not found (``missed``, a false negative) or a predicted one that is not gold
    (``spurious``, a false positive), with its evidence when the item has some."""

    field: str
    kind: Literal["missed", "spurious"]
    key: str
    text: str | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field, "kind": self.kind, "key": self.key, "text": self.text,
            "span": list(self.span) if self.span else None,
        }


@dataclass(frozen=True)
class DocScore:
    """The score of one document: counts per field and every error."""

    counts: Mapping[str, Counts]
    errors: tuple[ItemError, ...] = ()

    @property
    def overall(self) -> Counts:
        """All fields of the document summed."""
        return total(self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "fields": {f: self.counts[f].to_dict() for f in FIELDS},
            "overall": self.overall.to_dict(),
            "errors": [e.to_dict() for e in self.errors],
        }


@dataclass(frozen=True)
class ScoreReport:
    """Scores of a set of documents, matched by file stem.

    ``docs`` holds every gold document (in stem order); ``unpredicted`` the gold documents that
    had no prediction (all their items count as missed); ``unscored`` the predictions that have
    no gold (ignored).
    """

    docs: Mapping[str, DocScore]
    unpredicted: tuple[str, ...] = ()
    unscored: tuple[str, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=dict)

    @property
    def fields(self) -> dict[str, Counts]:
        """Per field, counts summed over documents (micro-average)."""
        return {f: total(d.counts[f] for d in self.docs.values()) for f in FIELDS}

    def to_dict(self) -> dict[str, Any]:
        return {
            "fields": {f: c.to_dict() for f, c in self.fields.items()},
            "documents": {
                stem: {"predicted": stem not in self.unpredicted, **doc.to_dict()}
                for stem, doc in self.docs.items()
            },
            "unpredicted": list(self.unpredicted),
            "unscored": list(self.unscored),
            "settings": dict(self.settings),
        }

    def to_json(self) -> str:
        """The report as JSON text (per-field and per-document numbers and errors); reproducible."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
