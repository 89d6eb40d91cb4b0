"""Every extracted item's span is its evidence: raw[start:end], normalised, says the value.

Runs the whole pipeline on every corpus file.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from extract import extract_file
from extract.core.models import Notice
from extract.normalize import display_text, normalize_text
from extract.recognize.industries import find_industries
from extract.recognize.regions import find_regions
from tests.conftest import CORPUS_FILES


@cache
def _extracted(path) -> tuple[str, Notice]:
    return path.read_text(encoding="utf-8"), extract_file(path)


def _slice(raw: str, span) -> str:
    assert span is not None, "an extracted item without a span"
    a, b = span
    assert 0 <= a < b <= len(raw), f"span {span} outside the text"
    return raw[a:b]


def _month(iso: str) -> str:
    return f"{int(iso.split('-')[1])}月"


IDS = [p.name[:14] for p in CORPUS_FILES]


@pytest.mark.parametrize("path", CORPUS_FILES, ids=IDS)
def test_periods_quote_their_dates(path) -> None:
    raw, notice = _extracted(path)
    for p in notice.periods:
        ev = normalize_text(_slice(raw, p.span))
        for d in (p.start, p.end):
            if d:
                month = int(d.split("-")[1])
                assert _month(d) in ev or d.split("-")[1] in ev or re.search(rf"(?<!\d){month}\s*[-—~至到]", ev) or (
                    "季度" in ev and "一二三四"[(month - 1) // 3] + "季度" in ev or str((month - 1) // 3 + 1) + "季度" in ev
                ), (d, ev)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=IDS)
def test_industries_and_regions_quote_their_names(path) -> None:
    raw, notice = _extracted(path)
    for ind in notice.industries:
        ev = normalize_text(_slice(raw, ind.span))
        assert ind.name in [i.name for i in find_industries(ev)] or ind.name in ev, (ind.name, ev)
    for reg in notice.regions:
        ev = normalize_text(_slice(raw, reg.span))
        assert reg.name in [r.name for r in find_regions(ev)] or reg.name == ev, (reg.name, ev)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=IDS)
def test_limits_and_rules_quote_their_numbers(path) -> None:
    raw, notice = _extracted(path)
    for lim in notice.emission_limits:
        ev = normalize_text(_slice(raw, lim.span))
        assert float(ev) == lim.value, (lim, ev)
    for rule in notice.rules:
        assert _slice(raw, rule.span) == rule.text
        ev = normalize_text(rule.text)
        if rule.action.ratio is not None:
            pct = rule.action.ratio * 100
            assert f"{pct:g}" in ev or "分之" in ev or "百分之" in ev, (rule.action, ev)
        if rule.action.duration is not None:
            assert f"{rule.action.duration.value:g}" in ev or any(c in ev for c in "一二三四五六七八九十"), ev


@pytest.mark.parametrize("path", CORPUS_FILES, ids=IDS)
def test_references_plans_duplicates_warnings_have_spans(path) -> None:
    raw, notice = _extracted(path)
    for ref in notice.references:
        ev = display_text(_slice(raw, ref.span))
        assert (ref.title or "") in ev and (ref.doc_number or "") in ev, (ref, ev)
    for plan in notice.plans:
        assert display_text(_slice(raw, plan.span)).startswith(plan.heading or "")
    for group in notice.duplicates:
        for span in group.spans:
            _slice(raw, span)
    for w in notice.warnings:
        if w.span is not None:
            _slice(raw, w.span)


@pytest.mark.parametrize("path", CORPUS_FILES[:6], ids=IDS[:6])
def test_output_is_reproducible_and_round_trips(path) -> None:
    _, notice = _extracted(path)
    again = extract_file(path)
    assert again.model_dump_json() == notice.model_dump_json()
    assert Notice.model_validate_json(notice.model_dump_json()) == notice
