"""A rule's identity: *whom* it applies to (industry + condition), in one place.

Scoring (``score/keys.py``), the season diff (``diff/core.py``), the conflict check
(``assemble/checks.py``) and the tests key rules with these functions, so that a field added to :class:`~extract.core.models.Condition` is compared
everywhere without a second edit.
"""

from __future__ import annotations

from typing import Any, get_args

from extract.core.models import Condition, Grade, Rule

_GRADE_ORDER: tuple[str, ...] = get_args(Grade)

ConditionKey = tuple[tuple[str, Any], ...]


def clean_text(value: str | None) -> str | None:
    """``value`` without any whitespace (ASCII, full-width, no-break); None when nothing is left.

    Nothing else is changed: 〔2021〕 and [2021] stay different.
    """
    if value is None:
        return None
    return "".join(value.split()) or None


def condition_key(condition: Condition, with_regions: bool = False, with_criteria: bool = False) -> ConditionKey:
    """The condition as ``(field, value)`` for every field that is set, in field order.

    Grades become a sorted tuple without repeats; an empty grade list means "any". Strings lose
    their whitespace. Rule ``regions`` (v1.1) count only when ``with_regions``, as a sorted
    tuple; empty means the whole jurisdiction. ``criteria`` (as written, in order) count only
    when ``with_criteria``. Fields added to :class:`Condition` later are compared too.
    """
    out: list[tuple[str, Any]] = []
    for name in Condition.model_fields:
        if (name == "criteria" and not with_criteria) or (name == "regions" and not with_regions):
            continue
        value = getattr(condition, name)
        if name == "grades":
            value = tuple(sorted(set(value), key=_GRADE_ORDER.index)) if value else None
        elif name == "regions":
            value = tuple(sorted({clean_text(v) or "" for v in value})) if value else None
        elif name == "criteria":
            value = tuple(value) or None
        elif isinstance(value, str):
            value = clean_text(value)
        if value is not None:
            out.append((name, value))
    return tuple(out)


def rule_who(rule: Rule, with_regions: bool = True, with_criteria: bool = False) -> tuple[str | None, ConditionKey]:
    """``(industry, condition key)``: whom the rule applies to (see :func:`condition_key`)."""
    return clean_text(rule.industry), condition_key(rule.condition, with_regions, with_criteria)


def conflict_key(rule: Rule) -> tuple[str | None, ConditionKey] | None:
    """Whom the rule applies to, in full (:func:`rule_who` with regions and criteria): two rules
    of one notice with the same key and measures that clash conflict. None for a rule that names
    nobody (no industry, and no condition besides criteria), which is never compared."""
    industry, key = rule_who(rule, with_regions=True, with_criteria=True)
    if industry is None and all(name == "criteria" for name, _ in key):
        return None
    return industry, key
