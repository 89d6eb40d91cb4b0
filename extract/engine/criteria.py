"""Free-text criteria of a rule, sorted by what the engine can do with them (``engine.toml``
``[criteria]``): ``covered`` (a restatement of a structured condition the question states:
被评定为b级的企业 on a B-grade rule), ``unless`` (an exception, 除符合…的: the rule applies
with a caveat) or ``open`` (a condition the engine cannot check: the rule is returned as a
caveat, never applied)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

import regex

from extract.core import datafiles
from extract.core.models import Condition

Kind = Literal["covered", "unless", "open"]


@dataclass(frozen=True)
class _Patterns:
    unless: tuple[regex.Pattern[str], ...]
    tier_defines: bool
    filler: regex.Pattern[str]
    covered: dict[str, tuple[regex.Pattern[str], ...]]


@cache
def _patterns() -> _Patterns:
    data = datafiles.load("engine.toml")["criteria"]

    def compile_all(entry: str, pats: list[str]) -> tuple[regex.Pattern[str], ...]:
        return tuple(datafiles.compile_pattern("engine.toml", entry, p) for p in pats)

    return _Patterns(
        unless=compile_all("criteria.unless", data["unless"]),
        tier_defines=bool(data["tier_defines"]),
        filler=datafiles.compile_pattern("engine.toml", "criteria.filler", data["filler"]),
        covered={k: compile_all(f"criteria.covered.{k}", v) for k, v in data["covered"].items()},
    )


def kind_of(criterion: str, condition: Condition) -> Kind:
    """What ``criterion`` is for a rule with ``condition`` (see the module docstring)."""
    p = _patterns()
    if any(u.search(criterion) for u in p.unless):
        return "unless"
    if p.tier_defines and condition.tier is not None:
        return "covered"
    rest = criterion
    if condition.zone:
        rest = rest.replace(condition.zone, "")
    for name, patterns in p.covered.items():
        if getattr(condition, name, None) is not None:
            for pattern in patterns:
                rest = pattern.sub("", rest)
    return "covered" if not p.filler.sub("", rest) else "open"


def split(condition: Condition) -> tuple[list[str], list[str]]:
    """The rule's ``open`` criteria and its ``unless`` criteria, in the order written."""
    kinds = [(c, kind_of(c, condition)) for c in condition.criteria]
    return [c for c, k in kinds if k == "open"], [c for c, k in kinds if k == "unless"]
