"""Scoring extracted notices against hand-labelled gold (SCHEMA.md, "How a notice is scored").

Per field precision / recall / F1, micro-averaged over documents (tp, fp, fn summed)::

    >>> from extract.score import score_dirs, format_table  # doctest: +SKIP
    >>> print(format_table(score_dirs("gold", "rules_out")))  # doctest: +SKIP
"""

from extract.score.format import format_errors, format_table
from extract.score.keys import FIELDS
from extract.score.report import Counts, DocScore, ItemError, ScoreReport
from extract.score.scoring import score_dirs, score_notices, score_pair
from extract.score.settings import ScoreSettings, default_settings

__all__ = [
    "FIELDS", "Counts", "DocScore", "ItemError", "ScoreReport", "ScoreSettings", "default_settings",
    "format_errors", "format_table", "score_dirs", "score_notices", "score_pair",
]
