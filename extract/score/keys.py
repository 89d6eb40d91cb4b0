"""What each scored field compares: the key of every item of a notice (pure functions).

A key is a hashable value; two items are the same when their keys are equal. Each key comes
with a short human-readable ``label`` and the item's evidence (``text``, ``span``) so that
errors can be listed. Strings are compared exactly after removing whitespace (any width);
floats are rounded to ``settings.decimals``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from extract.core.models import Action, Notice, Rule
from extract.core.rulekey import clean_text, rule_who
from extract.normalize import normalize_text
from extract.score.settings import ScoreSettings

Span = tuple[int, int]

#: Scored fields, in report order. ``jurisdiction`` compares ``jurisdiction.name``.
SCALAR_FIELDS: tuple[str, ...] = ("title", "doc_number", "issue_date", "season", "jurisdiction")
LIST_FIELDS: tuple[str, ...] = (
    "issuers", "industries", "regions", "periods", "emission_limits", "rules_strict", "rules_lenient",
)
PAIR_FIELDS: tuple[str, ...] = ("duplicates",)
FIELDS: tuple[str, ...] = SCALAR_FIELDS + LIST_FIELDS + PAIR_FIELDS

@dataclass(frozen=True)
class Keyed:
    """One item of a notice as a field sees it."""

    key: Hashable
    label: str
    optional: bool = False
    text: str | None = None
    span: Span | None = None


def round_number(value: float | None, decimals: int) -> float | None:
    """``value`` rounded for comparison (``-0.0`` folded into ``0.0``)."""
    return None if value is None else round(float(value), decimals) + 0.0


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return ",".join(_fmt(v) if v is not None else "?" for v in value)
    return str(value)


def action_value(action: Action, settings: ScoreSettings) -> Hashable:
    """The scored value of an action: ratio, (duration, unit), alert level or window, by type."""
    kind = settings.action_value.get(action.type)
    if kind == "ratio":
        return round_number(action.ratio, settings.decimals)
    if kind == "duration":
        d = action.duration
        return None if d is None else (round_number(d.value, settings.decimals), d.unit)
    if kind == "alert_level":
        return action.alert_level
    if kind == "window":
        p = action.period
        return None if p is None else (p.start, p.end)
    return None


def _rule_label(industry: str | None, condition: tuple[tuple[str, Any], ...] | None, action: str) -> str:
    parts = [industry or "(all industries)"]
    if condition is not None:
        parts.append(" ".join(f"{k}={_fmt(v)}" for k, v in condition) or "(any condition)")
    parts.append(action)
    return " | ".join(parts)


#: condition fields written as free text: compared in one script and width (城市建成區 = 城市建成区)
_WRITTEN = frozenset({"zone"})


def _rule_keyed(rule: Rule, settings: ScoreSettings, strict: bool, with_regions: bool = False) -> Keyed:
    industry, cond = rule_who(rule, with_regions)
    cond = tuple((k, normalize_text(v) if k in _WRITTEN and isinstance(v, str) else v) for k, v in cond)
    value = action_value(rule.action, settings)
    action = rule.action.type if value is None else f"{rule.action.type} {_fmt(value)}"
    if strict:
        key: Hashable = (industry, cond, rule.action.type, value)
        label = _rule_label(industry, cond, action)
    else:
        key = (industry, rule.action.type, value)
        label = _rule_label(industry, None, action)
    return Keyed(key, label, rule.optional, rule.text or None, rule.span)


def gold_has_rule_regions(gold: Notice) -> bool:
    """Whether a gold notice labels rule regions (v1.1): then the strict rule key compares them."""
    return any(r.condition.regions for r in gold.rules)


def strict_rules_with_regions(n: Notice, s: ScoreSettings) -> list[Keyed]:
    """The strict rule keys with ``condition.regions`` compared (see :func:`gold_has_rule_regions`)."""
    return [_rule_keyed(r, s, strict=True, with_regions=True) for r in n.rules]


def _scalar(value: str | None) -> list[Keyed]:
    v = clean_text(value)
    return [] if v is None else [Keyed(v, v, text=value)]


def _named(items: list[Any]) -> list[Keyed]:
    out = []
    for item in items:
        name = clean_text(item.name)
        if name is not None:
            out.append(Keyed(name, name, item.optional, None, item.span))
    return out


def _issuers(n: Notice, s: ScoreSettings) -> list[Keyed]:
    return [Keyed(v, v) for v in map(clean_text, n.issuers) if v is not None]


def _periods(n: Notice, s: ScoreSettings) -> list[Keyed]:
    return [Keyed((p.start, p.end), f"{p.start} .. {p.end}", p.optional, p.label, p.span) for p in n.periods]


def _limits(n: Notice, s: ScoreSettings) -> list[Keyed]:
    out = []
    for lim in n.emission_limits:
        value = round_number(lim.value, s.decimals)
        o2 = round_number(lim.o2_ref_pct, s.decimals)
        pollutant = clean_text(lim.pollutant)
        label = f"{pollutant} {_fmt(value)} {lim.unit}" + ("" if o2 is None else f" O2={_fmt(o2)}%")
        out.append(Keyed((pollutant, value, o2), label, lim.optional, None, lim.span))
    return out


#: field → the keyed items of a notice. Scalar fields give at most one item.
EXTRACTORS: dict[str, Callable[[Notice, ScoreSettings], list[Keyed]]] = {
    "title": lambda n, s: _scalar(n.title),
    "doc_number": lambda n, s: _scalar(n.doc_number),
    "issue_date": lambda n, s: _scalar(n.issue_date),
    "season": lambda n, s: _scalar(n.season),
    "jurisdiction": lambda n, s: _scalar(n.jurisdiction.name),
    "issuers": _issuers,
    "industries": lambda n, s: _named(n.industries),
    "regions": lambda n, s: _named(n.regions),
    "periods": _periods,
    "emission_limits": _limits,
    "rules_strict": lambda n, s: [_rule_keyed(r, s, strict=True) for r in n.rules],
    "rules_lenient": lambda n, s: [_rule_keyed(r, s, strict=False) for r in n.rules],
}


def duplicate_pairs(notice: Notice) -> list[Keyed]:
    """Every unordered pair of copies of every duplicate group (n copies give n·(n−1)/2 pairs).

    The key is the pair of spans in increasing order.
    """
    out = []
    for group in notice.duplicates:
        spans = [tuple(s) for s in group.spans]
        for i in range(len(spans)):
            for j in range(i + 1, len(spans)):
                a, b = sorted((spans[i], spans[j]))
                label = f"{group.kind} [{a[0]},{a[1]}) ~ [{b[0]},{b[1]})"
                out.append(Keyed((a, b), label, group.optional, None, None))
    return out
