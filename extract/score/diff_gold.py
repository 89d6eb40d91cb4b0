"""Expected season diffs, written by hand: ``gold/diffs/OLD__NEW.json``.

One file per pair of notices (``OLD`` and ``NEW`` are the stems of their input files)::

    {"old": "<OLD stem>", "new": "<NEW stem>",
     "items": [
       {"kind": "rule", "change": "changed", "industry": "水泥", "condition": {"regions": ["贵阳市"]},
        "old": {"type": "stop_days", "duration": {"value": 100, "unit": "day"}, "bound": "min"},
        "new": {"type": "stop_days", "duration": {"value": 120, "unit": "day"}, "bound": "min"}},
       {"kind": "rule", "change": "added", "industry": "焦化", "condition": {}, "old": null,
        "new": {"type": "cut", "ratio": 0.3}},
       {"kind": "period", "change": "changed", "scope": {"industries": [], "regions": []},
        "old": {"start": "2021-11-15", "end": "2022-03-15"}, "new": {"start": "2022-10-01", "end": "2023-03-15"}}
     ]}

``condition`` and ``old``/``new`` of a rule are :class:`~extract.core.models.Condition` and
:class:`~extract.core.models.Action`. ``changed`` means the same who (industry + condition)
with a different what; ``added`` has ``old: null``, ``removed`` has ``new: null``; a year
shift alone is no change. An item may carry ``"optional": true`` (neither rewarded nor
penalised), as in notice gold.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, model_validator

from extract.core.errors import GoldError
from extract.core.models import Action, Condition, SeasonDate, Strict
from extract.gold import read_validated

Change = Literal["changed", "added", "removed"]


class PeriodDates(Strict):
    """The start and end of a period (``YYYY-MM-DD``, or ``Y0-MM-DD`` / ``Y1-MM-DD``)."""

    start: SeasonDate | None = None
    end: SeasonDate | None = None


class PeriodScope(Strict):
    """Whom a period applies to: industries and regions (empty: the whole notice)."""

    industries: list[str] = Field(default_factory=list)
    regions: list[str] = Field(default_factory=list)


class _Item(Strict):
    change: Change
    optional: bool = False

    @model_validator(mode="after")
    def _sides_match_change(self) -> _Item:
        old, new = getattr(self, "old"), getattr(self, "new")  # noqa: B009 - fields of subclasses
        need = {"changed": (True, True), "added": (False, True), "removed": (True, False)}[self.change]
        if (old is not None, new is not None) != need:
            sides = {(True, True): "both old and new", (False, True): "old: null and a new value",
                     (True, False): "an old value and new: null"}[need]
            raise ValueError(f"a {self.change!r} item needs {sides}")
        return self


class RuleItem(_Item):
    """A rule changed, added or removed."""

    kind: Literal["rule"]
    industry: str | None
    condition: Condition
    old: Action | None
    new: Action | None


class PeriodItem(_Item):
    """A period changed, added or removed."""

    kind: Literal["period"]
    scope: PeriodScope
    old: PeriodDates | None
    new: PeriodDates | None


DiffItem = Annotated[RuleItem | PeriodItem, Field(discriminator="kind")]


class ExpectedDiff(Strict):
    """The hand-written diff of one pair of notices."""

    old: str = Field(min_length=1)
    new: str = Field(min_length=1)
    items: list[DiffItem]


def _where(err: ValidationError) -> str:
    parts = []
    for e in err.errors()[:5]:
        loc = ".".join(str(x) for x in e["loc"] if x not in ("rule", "period"))
        parts.append(f"{loc or '(file)'}: {e['msg']}")
    more = f" (and {err.error_count() - 5} more)" if err.error_count() > 5 else ""
    return "; ".join(parts) + more


def load_expected_diff(path: str | os.PathLike[str]) -> ExpectedDiff:
    """Read and validate one ``OLD__NEW.json``.

    Raises:
        GoldError: ``"<path>: <reason>"`` — unreadable, not JSON, not the format above (with
            the item and field), or a file name that disagrees with its ``old`` and ``new``.
    """
    p = Path(path)
    diff = read_validated(p, ExpectedDiff, lambda err: f"not an expected diff: {_where(err)}")
    if p.stem != f"{diff.old}__{diff.new}":
        raise GoldError(f"{p}: the file name must be {diff.old}__{diff.new}.json (its old and new stems)")
    return diff


def load_diff_dir(directory: str | os.PathLike[str]) -> list[ExpectedDiff]:
    """Every ``OLD__NEW.json`` of ``directory``, in name order.

    Raises:
        GoldError: the folder is missing, holds no ``*.json``, or a file is malformed.
    """
    d = Path(directory)
    if not d.is_dir():
        raise GoldError(f"{d}: no such folder")
    files = sorted(p for p in d.glob("*.json") if p.is_file())
    if not files:
        raise GoldError(f"{d}: no expected diffs (OLD__NEW.json)")
    return [load_expected_diff(p) for p in files]
