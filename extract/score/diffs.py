"""Scoring season diffs against hand-written expected diffs (``cuofeng score --diffs``).

For each ``gold/diffs/OLD__NEW.json`` the predicted notices ``pred/OLD.json`` and
``pred/NEW.json`` are diffed as a pair (:func:`extract.diff.diff_pair`) and the diff's rule
and period items are matched one-to-one to the expected items (as every list field is:
:func:`extract.score.matching.match_items`). An item matches on kind + change + industry +
condition without criteria (rule regions only when the expected file labels some) + the old
and new values: for a rule the action's type, ratio, bound, duration, alert level and window,
for a period its scope (industries, regions) and start and end. Dates compare on month-day,
as the diff does (a year shift is no change; wrong years are scored by the ``periods`` field).

Whether the diff would have paired OLD with NEW by itself (all OLD notices of the folder
against all NEW ones, no ``--pair``) is reported beside the scores.
"""

from __future__ import annotations

import json
import os
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from extract.core.models import Action, Condition, Notice, Period
from extract.core.rulekey import clean_text, condition_key
from extract.diff import NoticeDiff, diff_pair, match_notices
from extract.gold import load_dir
from extract.score.diff_gold import ExpectedDiff, PeriodDates, PeriodItem, RuleItem, load_diff_dir
from extract.score.format import _render
from extract.score.keys import Keyed, round_number
from extract.score.matching import match_items
from extract.score.report import Counts, ItemError, total
from extract.score.settings import ScoreSettings, default_settings


def _md(date: str | None) -> str | None:
    return date[-5:] if date else None


def _action(a: Action | None, s: ScoreSettings) -> Hashable:
    if a is None:
        return None
    duration = (round_number(a.duration.value, s.decimals), a.duration.unit) if a.duration else None
    window = (_md(a.period.start), _md(a.period.end)) if a.period else None
    return a.type, round_number(a.ratio, s.decimals), a.bound, duration, a.alert_level, window


def _action_label(a: Action | None) -> str:
    if a is None:
        return "—"
    from extract.diff import what_label

    return what_label(a) + (f" ({a.bound})" if a.bound else "")


def _rule_keyed(change: str, industry: str | None, cond: Condition, old: Action | None, new: Action | None,
                s: ScoreSettings, with_regions: bool, optional: bool = False, text: str | None = None,
                span: tuple[int, int] | None = None) -> Keyed:
    who = condition_key(cond, with_regions)
    key = ("rule", change, clean_text(industry), who, _action(old, s), _action(new, s))
    cond_label = " ".join(f"{k}={v}" for k, v in who) or "(any condition)"
    label = f"rule {change} | {industry or '(all industries)'} | {cond_label} | {_action_label(old)} → {_action_label(new)}"
    return Keyed(key, label, optional, text, span)


def _dates(p: PeriodDates | Period | None) -> Hashable:
    return None if p is None else (_md(p.start), _md(p.end))


def _period_keyed(change: str, industries: Sequence[str], regions: Sequence[str],
                  old: PeriodDates | Period | None, new: PeriodDates | Period | None,
                  optional: bool = False, span: tuple[int, int] | None = None) -> Keyed:
    scope = (tuple(sorted(clean_text(x) or "" for x in industries)), tuple(sorted(clean_text(x) or "" for x in regions)))
    key = ("period", change, scope, _dates(old), _dates(new))

    def show(p: PeriodDates | Period | None) -> str:
        return "—" if p is None else f"{p.start}..{p.end}"

    where = "、".join([*scope[0], *scope[1]]) or "(whole notice)"
    return Keyed(key, f"period {change} | {where} | {show(old)} → {show(new)}", optional, None, span)


def expected_items(expected: ExpectedDiff, s: ScoreSettings, with_regions: bool) -> list[Keyed]:
    """The keyed items of an expected diff."""
    out = []
    for it in expected.items:
        if isinstance(it, RuleItem):
            out.append(_rule_keyed(it.change, it.industry, it.condition, it.old, it.new, s, with_regions, it.optional))
        elif isinstance(it, PeriodItem):
            out.append(_period_keyed(it.change, it.scope.industries, it.scope.regions, it.old, it.new, it.optional))
    return out


def predicted_items(d: NoticeDiff, s: ScoreSettings, with_regions: bool) -> list[Keyed]:
    """The keyed rule and period items of a predicted diff, with their evidence (the new side's
    when there is one)."""
    out = []
    for c in d.rules_changed:
        out.append(_rule_keyed("changed", c.old.industry, c.old.condition, c.old.action, c.new.action, s,
                               with_regions, text=c.new.text or None, span=c.new.span))
    for r in d.rules_added:
        out.append(_rule_keyed("added", r.industry, r.condition, None, r.action, s, with_regions,
                               text=r.text or None, span=r.span))
    for r in d.rules_removed:
        out.append(_rule_keyed("removed", r.industry, r.condition, r.action, None, s, with_regions,
                               text=r.text or None, span=r.span))
    for pc in d.periods_changed:
        out.append(_period_keyed("changed", pc.old.industries, pc.old.regions, pc.old, pc.new, span=pc.new.span))
    for p in d.periods_added:
        out.append(_period_keyed("added", p.industries, p.regions, None, p, span=p.span))
    for p in d.periods_removed:
        out.append(_period_keyed("removed", p.industries, p.regions, p, None, span=p.span))
    return out


@dataclass(frozen=True)
class PairScore:
    """The score of one expected diff: counts, errors, and how the diff pairs it unaided."""

    old: str
    new: str
    counts: Counts
    errors: tuple[ItemError, ...] = ()
    predicted: bool = True
    paired_by: str | None = None  # matched_by when the automatic pairing finds this pair, else None

    def to_dict(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new, "predicted": self.predicted, "paired_by": self.paired_by,
                **self.counts.to_dict(), "errors": [e.to_dict() for e in self.errors]}


@dataclass(frozen=True)
class DiffScoreReport:
    """Scores of every expected diff, micro-averaged."""

    pairs: tuple[PairScore, ...]
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> Counts:
        return total(p.counts for p in self.pairs)

    def to_json(self) -> str:
        data = {"total": self.total.to_dict(), "pairs": [p.to_dict() for p in self.pairs],
                "paired_automatically": sum(p.paired_by is not None for p in self.pairs),
                "settings": self.settings}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def score_pair_diff(expected: ExpectedDiff, old: Notice | None, new: Notice | None,
                    settings: ScoreSettings | None = None, paired_by: str | None = None) -> PairScore:
    """Score the diff of two predicted notices against the expected diff (a missing
    prediction: every expected item missed)."""
    s = settings or default_settings()
    with_regions = any(isinstance(it, RuleItem) and it.condition.regions for it in expected.items)
    gold = expected_items(expected, s, with_regions)
    pred = predicted_items(diff_pair(old, new), s, with_regions) if old and new else []
    m = match_items(gold, pred)
    errors = [ItemError("diff", "missed", g.label, g.text, g.span) for g in m.missed]
    errors += [ItemError("diff", "spurious", p.label, p.text, p.span) for p in m.spurious]
    return PairScore(expected.old, expected.new, Counts(len(m.matched), len(m.spurious), len(m.missed)),
                     tuple(errors), predicted=bool(old and new), paired_by=paired_by)


def score_diffs(diffs_dir: str | os.PathLike[str], pred_dir: str | os.PathLike[str],
                settings: ScoreSettings | None = None) -> DiffScoreReport:
    """Score every ``diffs_dir/OLD__NEW.json`` against the notices of ``pred_dir``.

    Raises:
        GoldError: a folder is missing, no expected diff, or a malformed file.
    """
    s = settings or default_settings()
    expected = load_diff_dir(diffs_dir)
    pred = load_dir(pred_dir)
    olds = [pred[stem] for stem in sorted({e.old for e in expected}) if stem in pred]
    news = [pred[stem] for stem in sorted({e.new for e in expected}) if stem in pred]
    auto = {(a.source, a.doc_id, b.source, b.doc_id): how for a, b, how, _ in match_notices(olds, news)[0]}
    pairs = []
    for e in expected:
        old, new = pred.get(e.old), pred.get(e.new)
        how = auto.get((old.source, old.doc_id, new.source, new.doc_id)) if old and new else None
        pairs.append(score_pair_diff(e, old, new, s, paired_by=how))
    return DiffScoreReport(tuple(pairs), s.model_dump(mode="json"))


def _num(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def _short(stem: str, width: int = 28) -> str:
    """A stem cut for a table cell (the full names are in --show-errors and --json)."""
    return stem if len(stem) <= width else stem[: width - 1] + "…"


def format_diff_scores(report: DiffScoreReport, show_errors: bool = False) -> str:
    """A table: per pair tp/fp/fn, P, R, F1 and how the diff pairs it unaided; then the total."""
    from rich.table import Table

    t = Table(title=f"Diff items over {len(report.pairs)} pair(s) (micro-averaged)")
    for name in ("pair", "P", "R", "F1", "tp", "fp", "fn", "paired unaided"):
        t.add_column(name, justify="left" if name in ("pair", "paired unaided") else "right",
                     no_wrap=name != "pair", overflow="fold")
    for p in report.pairs:
        c = p.counts
        how = "no prediction" if not p.predicted else (p.paired_by or "no (--pair needed)")
        t.add_row(f"{_short(p.old)} → {_short(p.new)}", _num(c.precision), _num(c.recall), _num(c.f1),
                  str(c.tp), str(c.fp), str(c.fn), how)
    c = report.total
    auto = sum(p.paired_by is not None for p in report.pairs)
    t.add_row("total", _num(c.precision), _num(c.recall), _num(c.f1), str(c.tp), str(c.fp), str(c.fn),
              f"{auto}/{len(report.pairs)}")
    lines = []
    if show_errors:
        for p in report.pairs:
            if p.errors:
                lines.append(f"== {p.old} → {p.new}")
                lines += [f"  {e.kind:<8} {e.key}" + (f"  «{e.text}»" if e.text else "") for e in p.errors]
    return ("\n".join(lines) + "\n" if lines else "") + _render(t)
