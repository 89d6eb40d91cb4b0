"""Outline segmentation: markers (data-driven), heading paths, plans, sentences."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
import regex

from extract.normalize import normalize_text
from extract.outline import segment, sentences
from tests.conftest import corpus_text

MARKERS = tomllib.loads(resources.files("extract.data").joinpath("outline.toml").read_text("utf-8"))["marker"]


@pytest.mark.parametrize("marker", MARKERS, ids=lambda m: m["name"])
def test_marker_examples(marker: dict) -> None:
    pat = regex.compile(marker["pattern"])
    for ex in marker["examples"]:
        assert pat.match(normalize_text(ex)), ex
    for cex in marker["counter_examples"]:
        assert not pat.match(normalize_text(cex)), cex


def test_seed000_heading_path_of_a_measure() -> None:
    text = normalize_text(corpus_text("000_"))
    outline = segment(text)
    node = next(n for n in outline.nodes() if n.label == "(二)" and "B-级" in outline.own_text(n))
    assert node.heading_path() == ["差异化管控要求"]
    assert node.marker == "cn_paren"


def test_seed001_splits_into_fourteen_plans() -> None:
    outline = segment(normalize_text(corpus_text("001_")))
    plans = outline.plans()
    assert [p.label for p in plans][:2] == ["企业错峰生产方案一", "企业错峰生产方案二"]
    assert plans[-1].label == "企业错峰生产方案篇十四"
    assert len(plans) == 14
    # plans tile the text in order, without overlap
    assert all(a.end <= b.start for a, b in zip(plans, plans[1:], strict=False))


def test_tier_items_sit_under_their_industry_heading() -> None:
    outline = segment(normalize_text(corpus_text("001_")))
    tier = next(n for n in outline.nodes() if n.marker == "tier" and "限产30%" in outline.own_text(n))
    assert tier.label.startswith("ⅱ类")
    assert any("钢铁行业" in h for h in tier.heading_path())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("限产40%;其中,位于市区的,限产50%。正常生产!", ["限产40%;", "其中,位于市区的,限产50%。", "正常生产!"]),
        ("无结尾的句子", ["无结尾的句子"]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    got = [text[a:b] for a, b in sentences(text)]
    assert got == expected
