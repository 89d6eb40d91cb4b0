"""A question checked before it is answered: every unknown or malformed value is one line
naming what is accepted (``EngineInputError``), never a traceback or a silent "无适用规则"."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import get_args

import regex

from extract.core.errors import CuofengError
from extract.core.models import AlertLevel, Grade
from extract.engine.models import Enterprise
from extract.engine.strictness import settings
from extract.recognize.industries import canonical_industry, taxonomy
from extract.recognize.regions import ancestors, gazetteer

_DATE = regex.compile(r"^\d{4}-\d{2}-\d{2}$")
_ALERTS = {"yellow": "yellow", "orange": "orange", "red": "red", "黄": "yellow", "橙": "orange", "红": "red"}
_PROCESS = {"interruptible": "interruptible", "continuous": "continuous",
            "可中断": "interruptible", "不可中断": "continuous"}
_TIERS = ("I", "II", "III", "IV", "V")


class EngineInputError(CuofengError):
    """A question the engine cannot answer as asked; ``str(err)`` is one line."""


def parse_date(value: str) -> date:
    """``YYYY-MM-DD`` as a date, else ``EngineInputError``."""
    try:
        if not _DATE.match(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise EngineInputError(f"date {value!r} is not a calendar date written YYYY-MM-DD (e.g. 2021-12-01)") from None


def canonical_place(value: str) -> str:
    """The gazetteer's full name of a place as written (唐山 → 唐山市), else ``EngineInputError``."""
    name = gazetteer().surface.get(value.strip())
    if name is None:
        raise EngineInputError(
            f"unknown place {value!r}: give a province, city or county of the gazetteer by its "
            f"name (e.g. 山西省, 太原市, 清徐县; {len(gazetteer().places)} places in extract/data/regions.toml)"
        )
    return name


def _industry(value: str, extra: Iterable[str]) -> str:
    name = canonical_industry(value) or (value if value in taxonomy() else None)
    if name is None and value in set(extra):
        name = value
    if name is None:
        accepted = "、".join(sorted(taxonomy()))
        raise EngineInputError(f"unknown industry {value!r}; accepted: {accepted} (or an alias such as 水泥熟料, 高炉)")
    return name


def _grade(value: str) -> str:
    word = value.strip().removesuffix("级").upper()
    word = settings().grade_aliases.get(word, word)
    if word not in get_args(Grade):
        raise EngineInputError(f"unknown grade {value!r}; accepted: {', '.join(get_args(Grade))}")
    return word


def _tier(value: str) -> str:
    word = value.strip().removesuffix("类")
    word = settings().tier_aliases.get(word, word.upper())
    if word not in _TIERS:
        raise EngineInputError(f"unknown tier {value!r}; accepted: {', '.join(_TIERS)} (or ⅰ–ⅴ, 1–5)")
    return word


def _choice(value: str, table: dict[str, str], what: str) -> str:
    key = value.strip().removesuffix("色").removesuffix("预警").removesuffix("色").removesuffix("工序")
    if key.lower() in table:
        return table[key.lower()]
    if key in table:
        return table[key]
    raise EngineInputError(f"unknown {what} {value!r}; accepted: {', '.join(table)}")


def make_enterprise(
    industry: str,
    *,
    grade: str | None = None,
    tier: str | None = None,
    city: str | None = None,
    county: str | None = None,
    province: str | None = None,
    process: str | None = None,
    alert: str | None = None,
    heating: bool | None = None,
    zone: str | None = None,
    policy_category: str | None = None,
    noncompliant: bool | None = None,
    known_industries: Iterable[str] = (),
) -> Enterprise:
    """An ``Enterprise`` from values as a person writes them, each checked and made canonical
    (唐山 → 唐山市, c → C, ⅱ → II, 橙色 → orange). Places given together must nest
    (county in city in province)."""
    places = {k: canonical_place(v) for k, v in (("county", county), ("city", city), ("province", province)) if v}
    chain = [places[k] for k in ("county", "city", "province") if k in places]
    for lower, upper in zip(chain, chain[1:], strict=False):
        if upper not in ancestors(lower):
            raise EngineInputError(f"{lower} is not in {upper}: give places that nest (county in city in province)")
    alert_level: AlertLevel | None = _choice(alert, _ALERTS, "alert level") if alert else None  # type: ignore[assignment]
    return Enterprise(
        industry=_industry(industry, known_industries),
        grade=_grade(grade) if grade else None,
        tier=_tier(tier) if tier else None,
        county=places.get("county"),
        city=places.get("city"),
        province=places.get("province"),
        process=_choice(process, _PROCESS, "process") if process else None,
        alert_level=alert_level,
        heating=heating,
        zone=zone,
        policy_category=policy_category,
        noncompliant=noncompliant,
    )
