"""Every recogniser run once over a normalised text, with fast lookups by range."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from extract.recognize.dates import PeriodMention, find_periods
from extract.recognize.emissions import EmissionLimitMention, find_emission_limits
from extract.recognize.grades import (
    AlertMention,
    GradeMention,
    TierMention,
    find_alerts,
    find_grades,
    find_tiers,
)
from extract.recognize.industries import IndustryMention
from extract.recognize.open_industries import find_all_industries
from extract.recognize.quantities import DurationMention, RatioMention, find_durations, find_ratios


@dataclass
class _Index:
    items: list[Any]
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.items.sort(key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.items]

    def within(self, start: int, end: int) -> list[Any]:
        """Mentions that lie entirely inside ``[start, end)``."""
        if not self.starts:
            return []
        i = bisect_left(self.starts, start)
        j = bisect_left(self.starts, end, lo=i)
        return [m for m in self.items[i:j] if m.end <= end] if j > i else []


@dataclass
class Mentions:
    """All mentions of one text, each kind sorted by start."""

    periods: _Index
    ratios: _Index
    durations: _Index
    grades: _Index
    tiers: _Index
    alerts: _Index
    industries: _Index
    limits: _Index

    def within(self, kind: str, start: int, end: int) -> list[Any]:
        return getattr(self, kind).within(start, end)


def recognise(text: str, season_start: int | None, year_hint: int | None) -> Mentions:
    """Run every recogniser over ``text``."""
    periods: list[PeriodMention] = find_periods(text, season_start=season_start, year_hint=year_hint)
    ratios: list[RatioMention] = find_ratios(text)
    durations: list[DurationMention] = find_durations(text)
    grades: list[GradeMention] = find_grades(text)
    tiers: list[TierMention] = find_tiers(text)
    alerts: list[AlertMention] = find_alerts(text)
    industries: list[IndustryMention] = find_all_industries(text)  # with those the taxonomy lacks (known=False)
    limits: list[EmissionLimitMention] = find_emission_limits(text)
    return Mentions(
        _Index(list(periods)), _Index(list(ratios)), _Index(list(durations)), _Index(list(grades)),
        _Index(list(tiers)), _Index(list(alerts)), _Index(list(industries)), _Index(list(limits)),
    )
