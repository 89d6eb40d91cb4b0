"""A rule in Chinese (限产30%, 停产不少于90天, 停产（12月1日至1月31日）, 按不低于橙色预警措施,
``B级；不可中断工序``): the one renderer, driven by ``extract/data/render.toml``.

The rules engine (``engine/query.py``), the season diff (``diff/text.py``) and the HTML report
(``report.py``) all word rules through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, get_args

from extract.core import datafiles
from extract.core.errors import DataError
from extract.core.models import Action, ActionType, Condition

_FILE = "render.toml"


@dataclass(frozen=True)
class Measure:
    """What a measure needs to be worded, from a schema ``Action`` or a flat engine rule."""

    type: str
    ratio: float | None = None
    bound: str | None = None
    duration_value: float | None = None
    duration_unit: str | None = None
    alert_level: str | None = None
    window_start: str | None = None
    window_end: str | None = None
    basis: str | None = None

    @classmethod
    def of(cls, a: Action) -> Measure:
        """The measure of a schema action."""
        return cls(
            type=a.type, ratio=a.ratio, bound=a.bound,
            duration_value=a.duration.value if a.duration else None,
            duration_unit=a.duration.unit if a.duration else None,
            alert_level=a.alert_level,
            window_start=a.period.start if a.period else None,
            window_end=a.period.end if a.period else None,
            basis=a.basis,
        )


@cache
def words() -> dict[str, Any]:
    """``render.toml``, checked once: every action type and every Condition field has words."""
    data = datafiles.load(_FILE)
    for t in get_args(ActionType):
        if t not in data["actions"]:
            raise DataError(_FILE, f"actions.{t}", "missing")
    for name in Condition.model_fields:
        if name not in data["condition"]["fields"]:
            raise DataError(_FILE, f"condition.fields.{name}", "missing (every Condition field needs words)")
    return data


def number(x: float) -> str:
    """``30``, ``2.5``: a number without trailing zeros (rounded to 6 places)."""
    return f"{round(x, 6):g}"


def date_words(d: str | None) -> str:
    """``Y0-12-01`` → 12月1日; ``2021-12-01`` → 2021年12月1日; None → ?"""
    if not d:
        return str(words()["window"]["unknown"])
    year, month, day = d.split("-")
    md = f"{int(month)}月{int(day)}日"
    return md if year.startswith("Y") else f"{int(year)}年{md}"


def measure_parts(m: Measure) -> tuple[str, str]:
    """``("限产", "不低于30%")``: the verb and the value (empty when the type has none)."""
    w = words()
    verb = str(w["actions"][m.type])
    template = w["values"].get(m.type)
    if template is None:
        return verb, ""
    kind = {"cut": "ratio", "follow_alert": "alert"}.get(m.type, "duration")
    bound = w["bounds"][kind].get(m.bound or "", "")
    if m.type == "cut" and m.ratio is None:
        return verb, str(w["missing"]["cut"])
    if m.type in ("stop_days", "extend_coking") and (m.duration_value is None or not m.duration_unit):
        return verb, ""
    if m.type == "stop_window" and not (m.window_start or m.window_end):
        return verb, ""
    value = template.format(
        bound=bound,
        ratio=f"{number(m.ratio * 100)}%" if m.ratio is not None else "",
        duration=(f"{number(m.duration_value)}{w['units'][m.duration_unit]}"
                  if m.duration_value is not None and m.duration_unit else ""),
        alert=w["alerts"].get(m.alert_level or "", "?"),
        window=w["window"]["format"].format(start=date_words(m.window_start), end=date_words(m.window_end)),
    )
    return verb, value


def measure(m: Measure | Action, basis: bool = False) -> str:
    """The measure joined: 限产30%, 停产2.5个月, 停产（12月1日至1月31日）; with ``basis`` the cut's
    basis follows in brackets (限产50%（上一年同期粗钢产量）)."""
    m = Measure.of(m) if isinstance(m, Action) else m
    verb, value = measure_parts(m)
    if value:
        value = words()["joined"].get(m.type, "{value}").format(value=value)
    out = verb + value
    if basis and m.type == "cut" and m.basis:
        out += f"（{m.basis}）"
    return out


def _field_words(name: str, value: Any) -> str | None:
    w = words()["condition"]
    rule = w["fields"][name]
    if value is None or value == []:
        return None
    if isinstance(rule, dict):
        key = str(value).lower() if isinstance(value, bool) else str(value)
        return str(rule.get(key, value))
    if name == "grades":
        g = w["grade_suffix"]
        value = "、".join(f"{x}{g['suffix']}" if x in g["letters"] else x for x in value)
    elif isinstance(value, list):
        value = "、".join(value)
    return str(rule.format(value=value))


def condition_parts(c: Condition, criteria: bool = False) -> list[str]:
    """Every set field of the condition in words, in field order (``["B级", "不可中断工序"]``);
    ``criteria`` as written only when asked."""
    out = []
    for name in Condition.model_fields:
        if name == "criteria" and not criteria:
            continue
        value = getattr(c, name)
        if name == "criteria":
            out += [x for x in value if x]
            continue
        text = _field_words(name, value)
        if text:
            out.append(text)
    return out


def condition(c: Condition, criteria: bool = False, empty: str = "") -> str:
    """The condition in words, joined (``B级；不可中断工序``); ``empty`` when it applies to all."""
    return str(words()["condition"]["separator"]).join(condition_parts(c, criteria)) or empty
