"""Scope statements (data/scope.toml): every example is a scope sentence, every counter-example
is not; and the industries in scope of real notices."""

from __future__ import annotations

import pytest

from extract import extract_file, extract_text
from extract.assemble.scope import scope_patterns as _scope
from extract.core import datafiles
from extract.normalize import normalize_text
from tests.conftest import CORPUS

DATA = datafiles.load("scope.toml")


@pytest.mark.parametrize("text", DATA["examples"], ids=lambda t: t[:10])
def test_scope_examples(text: str) -> None:
    assert _scope().cues.search(normalize_text(text))


@pytest.mark.parametrize("text", DATA["counter_examples"], ids=lambda t: t[:10])
def test_scope_counter_examples(text: str) -> None:
    assert not _scope().cues.search(normalize_text(text))


def test_seed000_scope_has_children_with_their_parents() -> None:
    industries = {i.name: i.parent for i in extract_file(CORPUS / "000_73ffc19bcbd17b6c.txt").industries}
    assert industries["电解铝"] == "有色" and industries["炭黑"] == "化工" and industries["水泥粉磨站"] == "建材"
    assert {"钢铁", "焦化", "铸造", "砖瓦", "耐火材料", "陶瓷", "石灰", "水泥", "煤制氮肥", "氧化铝"} <= industries.keys()


def test_passing_mentions_are_not_scope() -> None:
    notice = extract_text("三、错峰生产范围\n对钢铁企业实施错峰生产。\n六、工作措施\n原材料工业处（负责钢铁、有色、建材行业）。")
    assert [i.name for i in notice.industries] == ["钢铁"]


def test_exclusion_is_kept() -> None:
    notice = extract_text("三、实施范围\n对水泥（不含粉磨站）、砖瓦行业（不含非烧结砖瓦）等行业实施错峰生产。")
    by_name = {i.name: i.excludes for i in notice.industries}
    assert by_name["水泥"] == ["水泥粉磨站"]
    assert by_name["砖瓦"] == ["非烧结砖瓦"]
