"""Season diff, the comparison of two paired notices: models, keys and :func:`diff_pair`.

Within a pair (pairing itself is :mod:`extract.diff.pairing`):

- rules are keyed by *who* — ``(industry, condition without criteria)`` — and compared on
  *what* — ``(action.type, ratio, bound, duration, alert_level, window)``; several rules
  with the same who are paired by equal what first, then by action type and action alert
  level, then in text order;
- periods are keyed by scope (the overall period, a phase by its label, an industry's or
  a region's period) and compared on the month-day of start and end, so a season's year
  shift (2021-11-15 → 2022-11-15) is no change;
- industries and regions in scope are compared as sets, emission limits by
  ``(pollutant, industry, tier)``.

Every list is in a canonical order and ``diff_pair(b, a) == diff_pair(a, b).mirrored()``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Literal, TypeVar

import regex
from pydantic import BaseModel, ConfigDict

from extract.core.models import Action, EmissionLimit, Notice, Period, Rule
from extract.core.rulekey import rule_who

T = TypeVar("T", bound=BaseModel)

_YEARS = regex.compile(
    r"(?:(?:19|20)(?:\d{2}|[xX]{2})|[〇零一二三四五六七八九]{4})"
    r"(?:\s*(?:年度|年)?\s*[-—－–~～至到]\s*(?:(?:19|20)(?:\d{2}|[xX]{2})|[〇零一二三四五六七八九]{4}))?"
    r"\s*(?:年度|年)?"
)
_SPACE = regex.compile(r"\s+")
_EMPTY_BRACKETS = regex.compile(r"[(（〔\[【][\s\-—－–~～至到、,，]*[)）〕\]】]")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DocRef(_Strict):
    """Which notice a diff entry comes from."""

    doc_id: str
    source: str
    title: str | None
    jurisdiction: str | None
    season: str | None


class RuleChange(_Strict):
    """A rule whose who is unchanged and whose what changed."""

    old: Rule
    new: Rule
    fields: list[str]


class PeriodChange(_Strict):
    """A period of the same scope with another start or end (month-day)."""

    scope: str
    old: Period
    new: Period
    fields: list[str]


class LimitChange(_Strict):
    """An emission limit of the same pollutant, industry and tier with another value."""

    old: EmissionLimit
    new: EmissionLimit
    fields: list[str]


#: How two notices were paired: forced (``--pair``), same jurisdiction and season-neutral
#: title, content similarity, or the only notice of their jurisdiction on each side.
MatchedBy = Literal["forced", "identical", "title", "similarity", "jurisdiction"]


class NoticeDiff(_Strict):
    """The changes between two notices paired across seasons."""

    old: DocRef
    new: DocRef
    matched_by: MatchedBy
    #: content similarity of the two notices (0..1), see :func:`extract.diff.pairing.similarity`
    similarity: float | None = None
    rules_changed: list[RuleChange] = []
    rules_added: list[Rule] = []
    rules_removed: list[Rule] = []
    periods_changed: list[PeriodChange] = []
    periods_added: list[Period] = []
    periods_removed: list[Period] = []
    industries_added: list[str] = []
    industries_removed: list[str] = []
    regions_added: list[str] = []
    regions_removed: list[str] = []
    limits_changed: list[LimitChange] = []
    limits_added: list[EmissionLimit] = []
    limits_removed: list[EmissionLimit] = []

    def is_empty(self) -> bool:
        """True when nothing changed between the two notices."""
        return not any(
            getattr(self, name) for name in type(self).model_fields if name not in _PAIR_FIELDS
        )

    def mirrored(self) -> NoticeDiff:
        """The same diff seen from the other season (old ↔ new, added ↔ removed)."""
        return NoticeDiff(
            old=self.new,
            new=self.old,
            matched_by=self.matched_by,
            similarity=self.similarity,
            rules_changed=_sorted_changes([_swap(c) for c in self.rules_changed]),
            rules_added=self.rules_removed,
            rules_removed=self.rules_added,
            periods_changed=_sorted_changes([_swap(c) for c in self.periods_changed]),
            periods_added=self.periods_removed,
            periods_removed=self.periods_added,
            industries_added=self.industries_removed,
            industries_removed=self.industries_added,
            regions_added=self.regions_removed,
            regions_removed=self.regions_added,
            limits_changed=_sorted_changes([_swap(c) for c in self.limits_changed]),
            limits_added=self.limits_removed,
            limits_removed=self.limits_added,
        )


_PAIR_FIELDS = frozenset({"old", "new", "matched_by", "similarity"})


class Unpaired(_Strict):
    """A notice of one season paired with none of the other, with its nearest candidate there."""

    doc: DocRef
    nearest: DocRef | None = None
    similarity: float | None = None


class SeasonDiff(_Strict):
    """Every change between two seasons' notices."""

    notices: list[NoticeDiff] = []
    added: list[Unpaired] = []
    removed: list[Unpaired] = []

    def is_empty(self) -> bool:
        """True when the two seasons hold the same documents with the same content."""
        return not self.added and not self.removed and all(n.is_empty() for n in self.notices)

    def mirrored(self) -> SeasonDiff:
        """The diff from new to old."""
        return SeasonDiff(
            notices=sorted((n.mirrored() for n in self.notices), key=pair_key),
            added=self.removed,
            removed=self.added,
        )

    def to_json(self) -> str:
        """Canonical JSON text (byte-identical for the same diff)."""
        return self.model_dump_json(indent=2) + "\n"


def pair_key(d: NoticeDiff) -> tuple[str, str, str, str]:
    """The canonical order of notice pairs (the same whichever season is old)."""
    a, b = (d.old.source, d.old.doc_id), (d.new.source, d.new.doc_id)
    lo, hi = min(a, b), max(a, b)
    return (d.old.jurisdiction or "", neutral_title(d.old.title) or "", "|".join(lo), "|".join(hi))


# ---------------------------------------------------------------- keys


def neutral_title(title: str | None) -> str | None:
    """The title without years, year ranges and ``20xx``: the same across seasons."""
    if not title:
        return None
    out = _EMPTY_BRACKETS.sub("", _SPACE.sub("", _YEARS.sub("", title)))
    return out or None


def _month_day(date: str | None) -> str | None:
    return date[-5:] if date else None


def _json(model: BaseModel | None) -> str:
    return "" if model is None else model.model_dump_json()


def _window(action: Action) -> tuple[str | None, str | None] | None:
    if action.period is None:
        return None
    return _month_day(action.period.start), _month_day(action.period.end)


def rule_what(rule: Rule) -> tuple[Hashable, ...]:
    """``(action.type, ratio, bound, duration, alert_level, window)``: what the rule does."""
    a = rule.action
    duration = (a.duration.value, a.duration.unit) if a.duration else None
    return a.type, a.ratio, a.bound, duration, a.alert_level, _window(a)


_RULE_FIELDS: tuple[tuple[str, Callable[[Action], object]], ...] = (
    ("type", lambda a: a.type),
    ("ratio", lambda a: a.ratio),
    ("bound", lambda a: a.bound),
    ("duration", lambda a: (a.duration.value, a.duration.unit) if a.duration else None),
    ("alert_level", lambda a: a.alert_level),
    ("window", _window),
)


def _period_scope(p: Period) -> str:
    if p.industries:
        return "industries:" + "、".join(sorted(p.industries))
    if p.regions:
        return "regions:" + "、".join(sorted(p.regions))
    if p.label:
        return "phase:" + p.label
    return "overall"


def _period_what(p: Period) -> tuple[Hashable, ...]:
    return _month_day(p.start), _month_day(p.end), p.recurring


def _limit_who(x: EmissionLimit) -> tuple[Hashable, ...]:
    return x.pollutant, x.industry, x.tier


def _limit_what(x: EmissionLimit) -> tuple[Hashable, ...]:
    return x.value, x.unit, x.o2_ref_pct


# ---------------------------------------------------------------- pairing


def _pair(
    old: Sequence[T],
    new: Sequence[T],
    who: Callable[[T], Hashable],
    what: Callable[[T], Hashable],
    hints: Sequence[Callable[[T], Hashable]] = (),
) -> tuple[list[tuple[T, T]], list[T], list[T]]:
    """Pair items of the same who: equal what first, then equal hints in turn, then in order.

    Returns (changed pairs, added, removed); pairs with equal what are unchanged and dropped.
    Each pass zips two lists in their own order, so swapping old and new swaps the result.
    """
    groups: dict[Hashable, tuple[list[T], list[T]]] = defaultdict(lambda: ([], []))
    for item in old:
        groups[who(item)][0].append(item)
    for item in new:
        groups[who(item)][1].append(item)
    changed: list[tuple[T, T]] = []
    added: list[T] = []
    removed: list[T] = []
    for olds, news in groups.values():
        olds, news = sorted(olds, key=_order), sorted(news, key=_order)
        for key in (what, *hints, lambda _: None):
            olds, news, pairs = _zip_by(olds, news, key)
            if key is not what:
                changed.extend(pairs)
        added.extend(news)
        removed.extend(olds)
    return changed, added, removed


def _order(item: BaseModel) -> tuple[int, str]:
    span = getattr(item, "span", None)
    return (span[0] if span else -1, _json(item))


def _zip_by(olds: list[T], news: list[T], key: Callable[[T], Hashable]) -> tuple[list[T], list[T], list[tuple[T, T]]]:
    by_key: dict[Hashable, list[T]] = defaultdict(list)
    for item in news:
        by_key[key(item)].append(item)
    used: set[int] = set()
    pairs: list[tuple[T, T]] = []
    rest_old: list[T] = []
    for item in olds:
        bucket = by_key.get(key(item))
        if bucket:
            match = bucket.pop(0)
            used.add(id(match))
            pairs.append((item, match))
        else:
            rest_old.append(item)
    return rest_old, [n for n in news if id(n) not in used], pairs


def _swap(change: T) -> T:
    return change.model_copy(update={"old": change.new, "new": change.old})  # type: ignore[attr-defined]


def _sorted_items(items: Iterable[T]) -> list[T]:
    return sorted(items, key=_json)


def _sorted_changes(items: Iterable[T]) -> list[T]:
    def key(c: T) -> tuple[str, str]:
        a, b = _json(c.old), _json(c.new)  # type: ignore[attr-defined]
        return (min(a, b), max(a, b))

    return sorted(items, key=key)


def _changed_fields(pairs: Iterable[tuple[str, object, object]]) -> list[str]:
    return [name for name, a, b in pairs if a != b]


# ---------------------------------------------------------------- diff


def doc_ref(n: Notice) -> DocRef:
    """The reference of a notice in a diff."""
    return DocRef(
        doc_id=n.doc_id, source=n.source, title=n.title, jurisdiction=n.jurisdiction.name, season=n.season
    )


def diff_pair(
    old: Notice, new: Notice, matched_by: MatchedBy = "forced", similarity: float | None = None
) -> NoticeDiff:
    """The changes between two notices already paired across seasons."""
    rc, ra, rr = _pair(
        old.rules, new.rules, rule_who, rule_what,
        hints=(lambda r: (r.action.type, r.action.alert_level), lambda r: r.action.type),
    )
    rules_changed = [
        RuleChange(old=a, new=b, fields=_changed_fields((n, f(a.action), f(b.action)) for n, f in _RULE_FIELDS))
        for a, b in rc
    ]
    pc, pa, pr = _pair(old.periods, new.periods, _period_scope, _period_what)
    periods_changed = [
        PeriodChange(
            scope=_period_scope(a), old=a, new=b,
            fields=_changed_fields(
                [("start", _month_day(a.start), _month_day(b.start)), ("end", _month_day(a.end), _month_day(b.end)),
                 ("recurring", a.recurring, b.recurring)]
            ),
        )
        for a, b in pc
    ]
    lc, la, lr = _pair(old.emission_limits, new.emission_limits, _limit_who, _limit_what)
    limits_changed = [
        LimitChange(
            old=a, new=b,
            fields=_changed_fields([("value", a.value, b.value), ("unit", a.unit, b.unit),
                                    ("o2_ref_pct", a.o2_ref_pct, b.o2_ref_pct)]),
        )
        for a, b in lc
    ]
    old_ind, new_ind = {i.name for i in old.industries}, {i.name for i in new.industries}
    old_reg, new_reg = {r.name for r in old.regions}, {r.name for r in new.regions}
    return NoticeDiff(
        old=doc_ref(old), new=doc_ref(new), matched_by=matched_by, similarity=similarity,
        rules_changed=_sorted_changes(rules_changed), rules_added=_sorted_items(ra), rules_removed=_sorted_items(rr),
        periods_changed=_sorted_changes(periods_changed), periods_added=_sorted_items(pa),
        periods_removed=_sorted_items(pr),
        industries_added=sorted(new_ind - old_ind), industries_removed=sorted(old_ind - new_ind),
        regions_added=sorted(new_reg - old_reg), regions_removed=sorted(old_reg - new_reg),
        limits_changed=_sorted_changes(limits_changed), limits_added=_sorted_items(la),
        limits_removed=_sorted_items(lr),
    )
