"""The season diff as flat rows, one per change: what the spreadsheet and the HTML page show.

Each row names both notices, the kind of item (rule, period, industry, region, limit,
document), the change (changed, added, removed), who it concerns, the old and new value in
words, the fields that changed, and the evidence (text and ``[start, end)`` span) of each side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from extract.core.models import EmissionLimit, Period, Rule
from extract.diff.core import DocRef, NoticeDiff, SeasonDiff, _period_scope
from extract.diff.text import _limit_label, _scope_label, _span_text, what_label, who_label

Kind = Literal["rule", "period", "industry", "region", "limit", "document"]
Change = Literal["changed", "added", "removed"]
Span = tuple[int, int]
_T = TypeVar("_T")

#: The columns of :class:`DiffRow` in order, with their headings (spreadsheet and JSON).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("old_source", "old notice"), ("new_source", "new notice"), ("matched_by", "paired by"),
    ("similarity", "similarity"), ("kind", "kind"), ("change", "change"), ("who", "who"),
    ("old_value", "old"), ("new_value", "new"), ("fields", "changed fields"),
    ("old_text", "old evidence"), ("old_span", "old span"), ("new_text", "new evidence"), ("new_span", "new span"),
)


@dataclass(frozen=True)
class DiffRow:
    """One change between two seasons."""

    old_source: str | None
    new_source: str | None
    matched_by: str | None
    similarity: float | None
    kind: Kind
    change: Change
    who: str
    old_value: str | None = None
    new_value: str | None = None
    fields: tuple[str, ...] = ()
    old_text: str | None = None
    old_span: Span | None = None
    new_text: str | None = None
    new_span: Span | None = None

    def cells(self) -> list[object]:
        """The row as spreadsheet cells, in :data:`COLUMNS` order (spans as ``start-end``)."""
        out: list[object] = []
        for name, _ in COLUMNS:
            value = getattr(self, name)
            if name.endswith("_span"):
                value = f"{value[0]}-{value[1]}" if value else None
            elif name == "fields":
                value = ", ".join(value) or None
            out.append(value)
        return out


def _span(x: Rule | Period | EmissionLimit | None) -> Span | None:
    return tuple(x.span) if x is not None and x.span else None  # type: ignore[return-value]


def notice_rows(d: NoticeDiff) -> list[DiffRow]:
    """The rows of one pair of notices: periods, industries, regions, rules, limits."""
    base: dict[str, Any] = {"old_source": d.old.source, "new_source": d.new.source, "matched_by": d.matched_by,
            "similarity": d.similarity}
    rows: list[DiffRow] = []
    for c in d.periods_changed:
        rows.append(DiffRow(**base, kind="period", change="changed", who=_scope_label(c.scope),
                            old_value=_span_text(c.old), new_value=_span_text(c.new), fields=tuple(c.fields),
                            old_span=_span(c.old), new_span=_span(c.new)))
    for change, periods in _sides(d.periods_added, d.periods_removed):
        for p in periods:
            side = "new" if change == "added" else "old"
            rows.append(DiffRow(**base, kind="period", change=change, who=_scope_label(_period_scope(p)),
                                **_on(side, value=_span_text(p), span=_span(p))))
    named: tuple[tuple[Kind, list[str], list[str]], ...] = (
        ("industry", d.industries_added, d.industries_removed), ("region", d.regions_added, d.regions_removed))
    for kind, added, removed in named:
        rows += [DiffRow(**base, kind=kind, change="added", who=x, new_value=x) for x in added]
        rows += [DiffRow(**base, kind=kind, change="removed", who=x, old_value=x) for x in removed]
    for rc in d.rules_changed:
        rows.append(DiffRow(**base, kind="rule", change="changed", who=who_label(rc.old),
                            old_value=what_label(rc.old.action), new_value=what_label(rc.new.action),
                            fields=tuple(rc.fields), old_text=rc.old.text or None, old_span=_span(rc.old),
                            new_text=rc.new.text or None, new_span=_span(rc.new)))
    for change, rules in _sides(d.rules_added, d.rules_removed):
        side = "new" if change == "added" else "old"
        for r in rules:
            rows.append(DiffRow(**base, kind="rule", change=change, who=who_label(r),
                                **_on(side, value=what_label(r.action), text=r.text or None, span=_span(r))))
    for lc in d.limits_changed:
        rows.append(DiffRow(**base, kind="limit", change="changed", who=_limit_label(lc.old).split(":")[0],
                            old_value=_limit_label(lc.old), new_value=_limit_label(lc.new), fields=tuple(lc.fields),
                            old_span=_span(lc.old), new_span=_span(lc.new)))
    for change, limits in _sides(d.limits_added, d.limits_removed):
        side = "new" if change == "added" else "old"
        for x in limits:
            rows.append(DiffRow(**base, kind="limit", change=change, who=_limit_label(x).split(":")[0],
                                **_on(side, value=_limit_label(x), span=_span(x))))
    return rows


def _sides(added: list[_T], removed: list[_T]) -> tuple[tuple[Change, list[_T]], ...]:
    return ("added", added), ("removed", removed)


def _on(side: str, **fields: Any) -> dict[str, Any]:
    """``{"new_value": …, "new_span": …}``: the fields of one side of a row."""
    return {f"{side}_{name}": value for name, value in fields.items()}


def _doc_who(d: DocRef) -> str:
    return f"{d.jurisdiction or '?'} | {d.title or '(no title)'}"


def diff_rows(d: SeasonDiff) -> list[DiffRow]:
    """Every change of a season diff as rows: notice pairs in order, then documents added and
    removed (with their nearest candidate and its similarity in the value of the other side)."""
    rows = [row for n in d.notices for row in notice_rows(n)]
    for change, unpaired in _sides(d.added, d.removed):
        for u in unpaired:
            nearest = f"nearest: {u.nearest.source}" if u.nearest else None
            mine, other = ("new", "old") if change == "added" else ("old", "new")
            rows.append(DiffRow(**_on(mine, source=u.doc.source, value=u.doc.source),
                                **_on(other, source=None, value=nearest), matched_by=None,
                                similarity=u.similarity, kind="document", change=change, who=_doc_who(u.doc)))
    return rows
