"""Season dates (engine, assembly): ``YYYY-MM-DD`` or ``Y0-MM-DD``/``Y1-MM-DD`` (relative to the
season's first year). A day past the month's end (``Y1-02-29`` in a common year) is read as the
month's last day."""

from __future__ import annotations

import calendar
from datetime import date


def is_relative(value: str | None) -> bool:
    return value is not None and value.startswith("Y")


def resolve(value: str | None, season: str | None) -> str | None:
    """``Y1-03-15`` with season ``2021-2022`` → ``2022-03-15``; unchanged without a season."""
    if value is None or not is_relative(value) or not season:
        return value
    return f"{int(season[:4]) + int(value[1:2]):04d}{value[2:]}"


def to_date(value: str, first_year: int | None = None) -> date:
    """The calendar date of ``value``; a relative one needs the season's ``first_year``."""
    head, month, day = value.split("-")
    if head.startswith("Y"):
        if first_year is None:
            raise ValueError(f"{value} is relative to a season")
        year = first_year + int(head[1:])
    else:
        year = int(head)
    m = int(month)
    return date(year, m, min(int(day), calendar.monthrange(year, m)[1]))


def relative_pair(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """A recurring absolute period (每年11月15日至次年3月15日) as Y0/Y1 dates."""
    if start is None or end is None or is_relative(start) or is_relative(end):
        return start, end
    offset = int(end[:4]) - int(start[:4])
    return f"Y0{start[4:]}", f"Y{offset}{end[4:]}"


def contains(start: str | None, end: str | None, on: date, first_year: int | None = None) -> bool:
    """Whether ``on`` lies in ``[start, end]`` (inclusive; an open end is unbounded). Relative
    dates are read in the season of ``first_year`` when given, else tried in the two seasons
    ``on`` may fall in (first year ``on.year - 1`` or ``on.year``)."""
    if not (is_relative(start) or is_relative(end)):
        return (start is None or to_date(start) <= on) and (end is None or on <= to_date(end))
    for year in (first_year,) if first_year is not None else (on.year - 1, on.year):
        lo = to_date(start, year) if start else None
        hi = to_date(end, year) if end else None
        if (lo is None or lo <= on) and (hi is None or on <= hi):
            return True
    return False


def length_days(start: str | None, end: str | None) -> float:
    """Days in ``[start, end]`` inclusive, 0 when either end is open."""
    if start is None or end is None:
        return 0.0
    first_year = 2001  # any year works for a relative pair; 2001 keeps Y1-02-29 → 02-28
    return float((to_date(end, first_year) - to_date(start, first_year)).days + 1)


def sort_key(value: str) -> tuple[int, int, int]:
    """Orders dates of one kind (all absolute, or all relative)."""
    head, month, day = value.split("-")
    return (int(head[1:]) if head.startswith("Y") else int(head), int(month), int(day))


def season_first_year(season: str) -> int:
    """``2021-2022`` → 2021; anything else raises ``ValueError``."""
    head, _, tail = season.partition("-")
    if not (len(head) == len(tail) == 4 and head.isdigit() and tail.isdigit() and int(tail) == int(head) + 1):
        raise ValueError(f"season {season!r} is not YYYY-YYYY (two consecutive years)")
    return int(head)


def as_number(value: str, first_year: int | None) -> int:
    """``2022-03-15`` (or a relative date read in ``first_year``'s season) as 20220315."""
    d = to_date(value, first_year)
    return d.year * 10000 + d.month * 100 + d.day
