"""Season diff: what changed between last season's notices and this season's.

Notices are paired across seasons by jurisdiction name and a season-neutral title (years,
``20xx`` and year ranges removed), else by jurisdiction alone; the rest are documents
added or removed. Within a pair:

- rules are keyed by *who* — ``(industry, condition without criteria)`` — and compared on
  *what* — ``(action.type, ratio, bound, duration, alert_level, window)``; several rules
  with the same who are paired by equal what first, then by action type and action alert
  level, then in text order;
- periods are keyed by scope (the overall period, a phase by its label, an industry's or
  a region's period) and compared on the month-day of start and end, so a season's year
  shift (2021-11-15 → 2022-11-15) is no change;
- industries and regions in scope are compared as sets, emission limits by
  ``(pollutant, industry, tier)``.

Every list is in a canonical order and ``diff_notices(b, a) == diff_notices(a, b).mirrored()``.

Example:
    >>> from extract import extract_text
    >>> old = extract_text("关于开展2021-2022年秋冬季错峰生产的通知\\n钢铁企业：b级企业限产20%。")
    >>> new = extract_text("关于开展2022-2023年秋冬季错峰生产的通知\\n钢铁企业：b级企业限产30%。")
    >>> print(format_diff(diff_notices([old], [new])))  # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Literal, TypeVar

import regex
from pydantic import BaseModel, ConfigDict

from extract.core.models import Action, Condition, EmissionLimit, Notice, Period, Rule

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


class NoticeDiff(_Strict):
    """The changes between two notices paired across seasons."""

    old: DocRef
    new: DocRef
    matched_by: Literal["title", "jurisdiction"]
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
            getattr(self, name) for name in type(self).model_fields if name not in ("old", "new", "matched_by")
        )

    def mirrored(self) -> NoticeDiff:
        """The same diff seen from the other season (old ↔ new, added ↔ removed)."""
        return NoticeDiff(
            old=self.new,
            new=self.old,
            matched_by=self.matched_by,
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


class SeasonDiff(_Strict):
    """Every change between two seasons' notices."""

    notices: list[NoticeDiff] = []
    added: list[DocRef] = []
    removed: list[DocRef] = []

    def is_empty(self) -> bool:
        """True when the two seasons hold the same documents with the same content."""
        return not self.added and not self.removed and all(n.is_empty() for n in self.notices)

    def mirrored(self) -> SeasonDiff:
        """The diff from new to old."""
        return SeasonDiff(
            notices=sorted((n.mirrored() for n in self.notices), key=_pair_key),
            added=self.removed,
            removed=self.added,
        )

    def to_json(self) -> str:
        """Canonical JSON text (byte-identical for the same diff)."""
        return self.model_dump_json(indent=2) + "\n"


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


def rule_who(rule: Rule) -> tuple[str | None, str]:
    """``(industry, condition without criteria)``: whom the rule applies to."""
    cond = rule.condition.model_dump(mode="json", exclude={"criteria"})
    return rule.industry, json.dumps(cond, ensure_ascii=False, sort_keys=True)


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


def _doc_ref(n: Notice) -> DocRef:
    return DocRef(
        doc_id=n.doc_id, source=n.source, title=n.title, jurisdiction=n.jurisdiction.name, season=n.season
    )


def diff_pair(old: Notice, new: Notice, matched_by: Literal["title", "jurisdiction"] = "title") -> NoticeDiff:
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
        old=_doc_ref(old), new=_doc_ref(new), matched_by=matched_by,
        rules_changed=_sorted_changes(rules_changed), rules_added=_sorted_items(ra), rules_removed=_sorted_items(rr),
        periods_changed=_sorted_changes(periods_changed), periods_added=_sorted_items(pa),
        periods_removed=_sorted_items(pr),
        industries_added=sorted(new_ind - old_ind), industries_removed=sorted(old_ind - new_ind),
        regions_added=sorted(new_reg - old_reg), regions_removed=sorted(old_reg - new_reg),
        limits_changed=_sorted_changes(limits_changed), limits_added=_sorted_items(la),
        limits_removed=_sorted_items(lr),
    )


def _doc_order(n: Notice) -> tuple[str, str]:
    return n.source, n.doc_id


def _pair_key(d: NoticeDiff) -> tuple[str, str, str, str]:
    a, b = (d.old.source, d.old.doc_id), (d.new.source, d.new.doc_id)
    lo, hi = min(a, b), max(a, b)
    return (d.old.jurisdiction or "", neutral_title(d.old.title) or "", "|".join(lo), "|".join(hi))


def match_notices(old: Sequence[Notice], new: Sequence[Notice]) -> tuple[
    list[tuple[Notice, Notice, Literal["title", "jurisdiction"]]], list[Notice], list[Notice]
]:
    """Pair notices by (jurisdiction, season-neutral title), then by jurisdiction alone.

    Returns (pairs with how they were matched, added, removed).
    """
    pairs: list[tuple[Notice, Notice, Literal["title", "jurisdiction"]]] = []
    olds, news = sorted(old, key=_doc_order), sorted(new, key=_doc_order)

    def titled(n: Notice) -> Hashable:
        t = neutral_title(n.title)
        return (n.jurisdiction.name, t) if t else object()  # untitled: never equal

    olds, news, by_title = _zip_by(olds, news, titled)
    pairs.extend((a, b, "title") for a, b in by_title)
    olds, news, by_place = _zip_by(olds, news, lambda n: n.jurisdiction.name)
    pairs.extend((a, b, "jurisdiction") for a, b in by_place)
    return pairs, news, olds


def diff_notices(old: list[Notice], new: list[Notice]) -> SeasonDiff:
    """Everything that changed from last season's notices (``old``) to this season's (``new``)."""
    pairs, added, removed = match_notices(old, new)
    return SeasonDiff(
        notices=sorted((diff_pair(a, b, how) for a, b, how in pairs), key=_pair_key),
        added=sorted((_doc_ref(n) for n in added), key=_json),
        removed=sorted((_doc_ref(n) for n in removed), key=_json),
    )


# ---------------------------------------------------------------- text

_GRADE_SUFFIX = {"A", "B", "B-", "C", "D"}
_ALERT = {"yellow": "黄色预警", "orange": "橙色预警", "red": "红色预警"}
_UNIT = {"day": "天", "month": "个月", "hour": "小时"}
_VERB = {
    "exempt": "豁免", "voluntary": "自主减排", "normal": "正常生产", "cut": "限产", "stop": "停产",
    "stop_days": "停产", "stop_window": "停产", "extend_coking": "结焦时间延长至", "follow_alert": "按",
}


def _num(x: float) -> str:
    return f"{x:g}"


def who_label(rule: Rule) -> str:
    """``钢铁 | B级`` — the industry and the condition, in the notices' words."""
    c: Condition = rule.condition
    parts: list[str] = []
    if c.grades:
        parts.append("、".join(f"{g}级" if g in _GRADE_SUFFIX else g for g in c.grades))
    if c.tier:
        parts.append(f"{c.tier}类")
    if c.alert_level:
        parts.append(_ALERT[c.alert_level])
    if c.heating is not None:
        parts.append("涉及居民供热" if c.heating else "不涉及居民供热")
    if c.process:
        parts.append("可中断工序" if c.process == "interruptible" else "不可中断工序")
    if c.zone:
        parts.append(c.zone)
    if c.policy_category:
        parts.append(c.policy_category)
    if c.noncompliant is not None:
        parts.append("未完成治理" if c.noncompliant else "已完成治理")
    head = rule.industry or "全部行业"
    return f"{head} | {'，'.join(parts)}" if parts else head


def _span_text(period: Period | None) -> str:
    if period is None:
        return ""
    return f"{period.start or '?'}..{period.end or '?'}"


def _what_parts(a: Action) -> tuple[str, str]:
    bound = {"min": "不低于", "max": "不超过", None: ""}[a.bound]
    if a.type == "cut":
        value = f"{bound}{_num(a.ratio * 100)}%" if a.ratio is not None else "(比例未定)"
    elif a.type in ("stop_days", "extend_coking") and a.duration:
        value = f"{bound}{_num(a.duration.value)}{_UNIT[a.duration.unit]}"
    elif a.type == "stop_window":
        value = _span_text(a.period)
    elif a.type == "follow_alert":
        value = f"{bound}{_ALERT.get(a.alert_level or '', '?')}措施"
    else:
        value = ""
    return _VERB[a.type], value


def what_label(action: Action) -> str:
    """``限产 20%``, ``停产 2.5个月``, ``豁免`` …"""
    verb, value = _what_parts(action)
    return f"{verb} {value}".strip()


def _change_label(a: Action, b: Action) -> str:
    (va, xa), (vb, xb) = _what_parts(a), _what_parts(b)
    if va == vb and xa and xb:
        return f"{va} {xa} → {xb}"
    return f"{what_label(a)} → {what_label(b)}"


def _evidence(rule: Rule | Period | EmissionLimit, tag: str) -> str:
    span = f"[{rule.span[0]},{rule.span[1]})" if rule.span else "[no span]"
    text = getattr(rule, "text", "")
    return f"      {tag} {span} {text}".rstrip()


def _md_cn(date: str) -> str:
    return f"{int(date[-5:-3])}月{int(date[-2:])}日"


def _season_pos(date: str) -> tuple[int, str]:
    # Y0/Y1 when written so; otherwise months from July on open a season.
    offset = int(date[1]) if date.startswith("Y") else (0 if int(date[-5:-3]) >= 7 else 1)
    return offset, date[-5:]


def _period_note(a: Period, b: Period) -> str:
    notes = []
    if a.start and b.start and _month_day(a.start) != _month_day(b.start):
        earlier = _season_pos(b.start) < _season_pos(a.start)
        notes.append(f"now starts {'earlier' if earlier else 'later'} on {_md_cn(b.start)}")
    if a.end and b.end and _month_day(a.end) != _month_day(b.end):
        earlier = _season_pos(b.end) < _season_pos(a.end)
        notes.append(f"now ends {'earlier' if earlier else 'later'} on {_md_cn(b.end)}")
    return f" ({'; '.join(notes)})" if notes else ""


def _scope_label(scope: str) -> str:
    if scope == "overall":
        return "period"
    kind, _, name = scope.partition(":")
    return f"period {name}" if kind == "phase" else f"period [{name}]"


def _limit_label(x: EmissionLimit) -> str:
    ctx = " ".join(v for v in (x.industry, f"{x.tier}类" if x.tier else None) if v)
    o2 = f" (O2 {_num(x.o2_ref_pct)}%)" if x.o2_ref_pct is not None else ""
    return f"limit {x.pollutant}{' ' + ctx if ctx else ''}: {_num(x.value)} {x.unit}{o2}"


def _doc_label(d: DocRef) -> str:
    return f"{d.jurisdiction or '?'} | {d.title or '(no title)'} [{d.source}]"


def format_notice_diff(d: NoticeDiff, evidence: bool = True) -> list[str]:
    """Human lines for one pair of notices (empty when nothing changed)."""
    if d.is_empty():
        return []
    lines = [f"== {_doc_label(d.old)} → {d.new.source} (matched by {d.matched_by})"]
    for c in d.periods_changed:
        lines.append(f"  {_scope_label(c.scope)}: {_span_text(c.old)} → {_span_text(c.new)}{_period_note(c.old, c.new)}")
    lines += [f"  + {_scope_label(_period_scope(p))}: {_span_text(p)}" for p in d.periods_added]
    lines += [f"  - {_scope_label(_period_scope(p))}: {_span_text(p)}" for p in d.periods_removed]
    if d.industries_added or d.industries_removed:
        parts = [f"+{x}" for x in d.industries_added] + [f"-{x}" for x in d.industries_removed]
        lines.append("  industries: " + ", ".join(parts))
    if d.regions_added or d.regions_removed:
        parts = [f"+{x}" for x in d.regions_added] + [f"-{x}" for x in d.regions_removed]
        lines.append("  regions: " + ", ".join(parts))
    for c in d.rules_changed:
        lines.append(f"  {who_label(c.old)}: {_change_label(c.old.action, c.new.action)}")
        if evidence:
            lines += [_evidence(c.old, "old"), _evidence(c.new, "new")]
    for tag, rules in (("+", d.rules_added), ("-", d.rules_removed)):
        for r in rules:
            lines.append(f"  {tag} {who_label(r)}: {what_label(r.action)}")
            if evidence:
                lines.append(_evidence(r, "   "))
    for c in d.limits_changed:
        lines.append(f"  {_limit_label(c.old)} → {_num(c.new.value)} {c.new.unit}")
    lines += [f"  + {_limit_label(x)}" for x in d.limits_added]
    lines += [f"  - {_limit_label(x)}" for x in d.limits_removed]
    return lines


def format_diff(d: SeasonDiff, evidence: bool = True) -> str:
    """The diff as human lines: ``钢铁 | B级: 限产 20% → 30%``, ``period: … → …``."""
    lines: list[str] = []
    for n in d.notices:
        lines += format_notice_diff(n, evidence=evidence)
    lines += [f"+ document {_doc_label(x)}" for x in d.added]
    lines += [f"- document {_doc_label(x)}" for x in d.removed]
    return "\n".join(lines) + ("\n" if lines else "")
