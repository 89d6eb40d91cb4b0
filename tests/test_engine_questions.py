"""Realistic questions (tests/data/engine_questions.toml) answered from the seeds, each
expected answer read from the notice text; plus the issue-11 decisions on hand-made rules."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import pytest

from extract import extract_file
from extract.core.models import Notice
from extract.engine import EngineRule, export_rules, make_enterprise, parse_date, query
from tests.conftest import CORPUS_FILES

QUESTIONS_FILE = Path(__file__).parent / "data" / "engine_questions.toml"
DATA = tomllib.loads(QUESTIONS_FILE.read_text("utf-8"))
SEEDS = ("000_", "001_", "002_", "003_", "004_")


def _apply(notice: Notice, patch: dict) -> int:
    """Apply one patch to ``notice`` in place; returns how many rules it changed."""
    spans = [p.span for p in notice.plans if p.index in patch.get("plans", [])]
    changed = 0
    dropped = []
    for rule in notice.rules:
        if "plans" in patch:
            if not any(rule.span and s and s[0] <= rule.span[0] < s[1] for s in spans):
                continue
        elif patch["text"] not in rule.text:
            continue
        if "industries" in patch and rule.industry not in patch["industries"]:
            continue
        if patch.get("grades_unset") and rule.condition.grades is not None:
            continue
        if patch.get("drop"):
            dropped.append(rule)
            changed += 1
        if "criteria" in patch and not rule.condition.criteria:
            rule.condition.criteria = list(patch["criteria"])
            changed += 1
        if "regions" in patch and not rule.condition.regions:
            rule.condition.regions = list(patch["regions"])
            changed += 1
    notice.rules = [r for r in notice.rules if all(r is not d for d in dropped)]
    return changed


@cache
def _patched_notices() -> tuple[Notice, ...]:
    notices = []
    for prefix in SEEDS:
        (path,) = [p for p in CORPUS_FILES if p.name.startswith(prefix)]
        notice = extract_file(str(path))
        for patch in DATA["patch"]:
            if patch["file"] == prefix:
                assert _apply(notice, patch) > 0, f"stale patch: {patch['why']}"
        notices.append(notice)
    return tuple(notices)


@cache
def seed_rules() -> tuple[EngineRule, ...]:
    return tuple(export_rules(_patched_notices()))


QUESTIONS = DATA["question"]


def test_questions_file_is_big_enough_and_ids_are_unique() -> None:
    ids = [q["id"] for q in QUESTIONS]
    assert len(ids) >= 30 and len(set(ids)) == len(ids)


@pytest.mark.parametrize("q", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_question(q: dict) -> None:
    rules = seed_rules()
    decision = query(rules, make_enterprise(**q["ask"]), parse_date(q["date"]))
    assert decision.measure == q["measure"], decision.explanation
    w = decision.winner
    if q["measure"] == "无适用规则":
        assert w is None
    else:
        assert w is not None and q["evidence"] in w.text
        raw = Path(w.source).read_text(encoding="utf-8")
        assert raw[w.span[0] : w.span[1]] == w.text == decision.evidence_text
    if "not_evidence" in q:
        assert w is None or q["not_evidence"] not in w.text
    for caveat in q.get("caveats", []):
        assert any(caveat in line for line in decision.caveats), decision.caveats
    assert sorted(decision.needs) == sorted(q["needs"])


def test_every_patch_is_explained() -> None:
    assert all(p.get("why") for p in DATA["patch"])
