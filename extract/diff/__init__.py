"""Season diff: what changed between last season's notices and this season's.

Notices are paired across seasons (:mod:`extract.diff.pairing`: forced pairs, jurisdiction +
season-neutral title, content similarity, the only notice of a jurisdiction); each pair is
compared rule by rule and period by period (:mod:`extract.diff.core`); the result prints as
lines (:mod:`extract.diff.text`), flattens into items (:mod:`extract.diff.items`) for the
spreadsheet, the HTML page and scoring.

Example:
    >>> from extract import extract_text
    >>> old = extract_text("关于开展2021-2022年秋冬季错峰生产的通知\\n钢铁企业：b级企业限产20%。")
    >>> new = extract_text("关于开展2022-2023年秋冬季错峰生产的通知\\n钢铁企业：b级企业限产30%。")
    >>> print(format_diff(diff_notices([old], [new])))  # doctest: +SKIP
"""

from extract.diff.core import (
    DocRef,
    LimitChange,
    MatchedBy,
    NoticeDiff,
    PeriodChange,
    RuleChange,
    SeasonDiff,
    Unpaired,
    diff_pair,
    doc_ref,
    neutral_title,
    rule_what,
    rule_who,
)
from extract.diff.pairing import DiffError, diff_notices, match_notices, parse_pair, similarity
from extract.diff.text import format_diff, format_notice_diff, what_label, who_label

__all__ = [
    "DiffError", "DocRef", "LimitChange", "MatchedBy", "NoticeDiff", "PeriodChange", "RuleChange", "SeasonDiff",
    "Unpaired", "diff_notices", "diff_pair", "doc_ref", "format_diff", "format_notice_diff", "match_notices",
    "neutral_title", "parse_pair", "rule_what", "rule_who", "similarity", "what_label", "who_label",
]
