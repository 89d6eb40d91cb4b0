"""Scoring notices against gold (SCHEMA.md, "How a notice is scored")."""

from __future__ import annotations

import os
from collections.abc import Mapping

from extract.core.models import Notice
from extract.gold import load_dir
from extract.score.keys import (
    EXTRACTORS,
    FIELDS,
    duplicate_pairs,
    gold_has_rule_regions,
    strict_rules_with_regions,
)
from extract.score.matching import Match, match_items, match_pairs
from extract.score.report import Counts, DocScore, ItemError, ScoreReport
from extract.score.settings import ScoreSettings, default_settings


def _field_match(field: str, gold: Notice, pred: Notice, settings: ScoreSettings) -> Match:
    if field == "duplicates":
        return match_pairs(duplicate_pairs(gold), duplicate_pairs(pred), settings.iou_threshold)
    if field == "rules_strict" and gold_has_rule_regions(gold):
        return match_items(strict_rules_with_regions(gold, settings), strict_rules_with_regions(pred, settings))
    extract = EXTRACTORS[field]
    return match_items(extract(gold, settings), extract(pred, settings))


def score_pair(gold: Notice, pred: Notice, settings: ScoreSettings | None = None) -> DocScore:
    """Score one predicted notice against its gold notice, field by field.

    Scalars (title, doc_number, issue_date, season, jurisdiction.name) count as sets of at
    most one value: null in both is not counted, set only in pred is a false positive, set
    only in gold a false negative, both set and different one of each.
    """
    settings = settings or default_settings()
    counts: dict[str, Counts] = {}
    errors: list[ItemError] = []
    for field in FIELDS:
        m = _field_match(field, gold, pred, settings)
        counts[field] = Counts(tp=len(m.matched), fp=len(m.spurious), fn=len(m.missed))
        errors += [ItemError(field, "missed", g.label, g.text, g.span) for g in m.missed]
        errors += [ItemError(field, "spurious", p.label, p.text, p.span) for p in m.spurious]
    return DocScore(counts=counts, errors=tuple(errors))


def score_notices(
    gold: Mapping[str, Notice], pred: Mapping[str, Notice], settings: ScoreSettings | None = None
) -> ScoreReport:
    """Score predictions against gold, both keyed by file stem.

    A gold document without a prediction is scored against an empty notice (everything
    missed); a prediction without gold is ignored and listed in ``unscored``.
    """
    settings = settings or default_settings()
    empty = Notice()
    docs = {stem: score_pair(gold[stem], pred.get(stem, empty), settings) for stem in sorted(gold)}
    return ScoreReport(
        docs=docs,
        unpredicted=tuple(s for s in sorted(gold) if s not in pred),
        unscored=tuple(s for s in sorted(pred) if s not in gold),
        settings=settings.model_dump(mode="json"),
    )


def score_dirs(
    gold_dir: str | os.PathLike[str], pred_dir: str | os.PathLike[str], settings: ScoreSettings | None = None
) -> ScoreReport:
    """Score ``pred_dir/<stem>.json`` against ``gold_dir/<stem>.json``.

    ``<stem>.<ext>.json`` (two inputs that share a stem) is matched as stem ``<stem>.<ext>``.
    Raises :class:`extract.core.errors.GoldError` when a folder is missing or a file is malformed.
    """
    return score_notices(load_dir(gold_dir), load_dir(pred_dir), settings)
