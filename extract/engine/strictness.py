"""The strictness order of ``data/engine.toml`` ("stricter wins") and the Chinese labels.

Order, strictest first: stop > stop_window (on a date inside its window) > stop_days (more days
stricter) > follow_alert (red > orange > yellow) > cut (higher ratio stricter) > extend_coking
(longer stricter) > stop_window outside its window > normal > voluntary > exempt.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import get_args

from extract.core import datafiles
from extract.core.errors import DataError
from extract.core.models import ActionType

OUTSIDE_WINDOW = "stop_window_outside"


@dataclass(frozen=True)
class Settings:
    order: tuple[str, ...]  # strictest first
    alert_order: tuple[str, ...]  # mildest first
    days_per_unit: dict[str, float]
    hours_per_unit: dict[str, float]
    labels: dict[str, str]  # "none": the answer when no rule applies
    grade_aliases: dict[str, str]
    tier_aliases: dict[str, str]
    dimensions: tuple[str, ...]  # the specificity dimensions, in order
    ask: dict[str, str]  # what a question must give → how to give it


@cache
def settings() -> Settings:
    """``engine.toml``, loaded and checked once."""
    data = datafiles.load("engine.toml")
    order = tuple(data["order"])
    expected = set(get_args(ActionType)) | {OUTSIDE_WINDOW}
    if len(order) != len(set(order)) or set(order) != expected:
        raise DataError(f"engine.toml: order must name each of {sorted(expected)} once")
    if set(data["alert_order"]) != {"yellow", "orange", "red"}:
        raise DataError("engine.toml: alert_order must be yellow, orange, red")
    if "none" not in data["labels"]:
        raise DataError("engine.toml", "labels.none", "missing")
    dims = tuple(data["precedence"]["dimensions"])
    if dims[0] != "industry" or len(set(dims)) != len(dims):
        raise DataError("engine.toml: [precedence].dimensions must start with industry, each once")
    return Settings(
        order=order,
        alert_order=tuple(data["alert_order"]),
        days_per_unit=dict(data["days_per_unit"]),
        hours_per_unit=dict(data["hours_per_unit"]),
        labels=dict(data["labels"]),
        grade_aliases=dict(data["grade_aliases"]),
        tier_aliases=dict(data["tier_aliases"]),
        dimensions=dims,
        ask=dict(data["ask"]),
    )


def rank(kind: str) -> int:
    """Higher is stricter: ``exempt`` is 1, ``stop`` is the length of the order."""
    order = settings().order
    return len(order) - order.index(kind)


def alert_index(level: str | None) -> int:
    """1 for yellow … 3 for red, 0 for none."""
    return settings().alert_order.index(level) + 1 if level else 0
