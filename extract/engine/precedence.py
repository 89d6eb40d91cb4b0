"""Which applicable rule decides: specificity inside a notice, then strictness.

A rule's level on each dimension of ``engine.toml`` ``[precedence].dimensions`` is 0 when it
states nothing there and 1 when it does; industry is 0 (any), 1 (a group of the taxonomy:
建材, 钢铁 with 轧钢 under it) or 2 (a leaf: 水泥). Rule X *refines* rule Y when X's level is at
least Y's on every dimension and higher on one. Among the applicable rules of one notice (one
plan of a compilation) a refined rule is overridden; the strictest of what is left wins, by
(rank on the date, magnitude, rule_id) — rank from ``engine.toml`` ``order``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache

from extract.core import seasondates as dates
from extract.engine.models import EngineRule
from extract.engine.strictness import OUTSIDE_WINDOW, rank, settings
from extract.recognize.industries import taxonomy


@cache
def _groups() -> frozenset[str]:
    return frozenset(e.parent for e in taxonomy().values() if e.parent)


def levels(rule: EngineRule) -> tuple[int, ...]:
    """The rule's specificity level on each dimension, in ``engine.toml`` order."""
    out = []
    for dim in settings().dimensions:
        if dim == "industry":
            out.append(0 if rule.industry is None else 1 if rule.industry in _groups() else 2)
        elif dim == "regions":
            out.append(1 if rule.rule_regions else 0)
        else:
            out.append(0 if getattr(rule, dim) is None else 1)
    return tuple(out)


def refines(x: tuple[int, ...], y: tuple[int, ...]) -> bool:
    """Whether levels ``x`` are at least ``y`` everywhere and higher somewhere."""
    return x != y and all(a >= b for a, b in zip(x, y, strict=True))


def group_of(rule: EngineRule) -> str:
    """Rules override each other only inside one notice, or one plan of a compilation."""
    return f"{rule.doc_id}#{rule.plan_index or 0}"


def in_window(rule: EngineRule, on: date, first_year: int | None = None) -> bool:
    """Whether ``on`` lies in a stop_window rule's window (True for any other rule)."""
    if rule.action != "stop_window" or not (rule.window_start or rule.window_end):
        return True
    return dates.contains(rule.window_start, rule.window_end, on, first_year)


def rank_on(rule: EngineRule, on: date, first_year: int | None = None) -> int:
    """The rule's rank on ``on``: a stop_window outside its window ranks below any cut."""
    return rule.rank if in_window(rule, on, first_year) else rank(OUTSIDE_WINDOW)


def strictness_key(rule: EngineRule, on: date, first_year: int | None = None) -> tuple[int, float, str]:
    """Total order of rules on ``on``: rank, magnitude, then rule_id."""
    return (rank_on(rule, on, first_year), rule.magnitude, rule.rule_id)


def select(rules: Iterable[EngineRule]) -> tuple[list[EngineRule], list[EngineRule]]:
    """The applicable rules split into (in force, overridden by a more specific rule of their
    own notice/plan), each in a fixed order (rule_id, source, span) whatever the input order."""
    rules = sorted(rules, key=lambda r: (r.rule_id, r.source, r.span or (0, 0), r.text))
    lv = [levels(r) for r in rules]
    groups = [group_of(r) for r in rules]
    kept: list[EngineRule] = []
    overridden: list[EngineRule] = []
    for i, r in enumerate(rules):
        beaten = any(groups[j] == groups[i] and refines(lv[j], lv[i]) for j in range(len(rules)))
        (overridden if beaten else kept).append(r)
    return kept, overridden
