"""Industries the taxonomy does not hold (issue 16): the recogniser, its data file, its place in
the notice, `cuofeng industries --unknown`, and the optional spaCy path."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from extract.cli import app
from extract.core import datafiles
from extract.pipeline import extract_text
from extract.recognize import industries as industries_mod
from extract.recognize import open_industries as oi
from extract.recognize.open_industries import (
    OpenIndustryDataError,
    find_all_industries,
    find_open_industries,
    is_open_industry_name,
    open_words,
)


def unknown_names(text: str) -> list[str]:
    return [m.name for m in find_open_industries(text)[0]]


@pytest.mark.parametrize(("text", "names"), open_words().examples)
def test_data_file_examples(text: str, names: tuple[str, ...]) -> None:
    assert tuple(unknown_names(text)) == names


@pytest.mark.parametrize("text", open_words().counter_examples)
def test_data_file_counter_examples(text: str) -> None:
    assert unknown_names(text) == []


# invented lists in the wording of several provinces' notices (not corpus sentences)
@pytest.mark.parametrize(
    ("text", "names"),
    [
        # 河北 (cluster list after a colon)
        ("3、企业集群:铸造、钢锹、标准件、散热器、锻造等企业集群全部停产。", ["钢锹", "标准件", "散热器"]),
        # 山东 (heads: 行业 / 企业 with a name tail)
        ("淄博市陶瓷行业、耐火材料行业和石材加工企业实施错峰生产。", ["石材加工"]),
        # 河南 (a list ending in 等行业 with a count)
        ("对钢铁、铸造、碳化硅、刚玉、活性炭等12个重点行业企业实施停产。", ["碳化硅", "刚玉"]),
        # 山西 (item titles whose siblings are taxonomy industries)
        ("(1)焦化行业:延长出焦时间。\n(2)铸造行业:停产。\n(3)镁合金:停产。\n(4)耐火材料:停产。", ["镁合金"]),
        # 陕西 (measure subject ending like an industry)
        ("关中地区:沥青搅拌停产;饲料加工停产。", ["沥青搅拌", "饲料加工"]),
        # 安徽 (a taxonomy word that goes on: 水泥制品, 玻璃钢)
        ("水泥、水泥制品、玻璃钢、人造板制造等行业企业停产。", ["水泥制品", "玻璃钢", "人造板制造"]),
        # 广西 (a count before the name)
        ("对辖区内86家糖料加工企业实行错峰生产。", ["糖料加工"]),
        # 江苏 (places before the name, a head after it)
        ("宜兴市、溧阳市陶瓷、紫砂制品企业停产。", ["紫砂制品"]),
    ],
)
def test_invented_lists(text: str, names: list[str]) -> None:
    assert unknown_names(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "河北敬业钢铁有限公司、唐山瑞丰钢铁(集团)有限公司停产。",  # enterprises
        "石家庄市、保定市、廊坊市等城市实施错峰生产。",  # places
        "烧结机、球团竖炉、石灰窑停产。",  # process units
        "其他行业、重点行业、工业企业执行减排措施。",  # generic words
        "促进行业高质量发展,加强行业自律。",  # the sector as a topic
        "砖瓦窑厂、洗煤厂、石料厂等停产。",  # …厂
        "对B级、C级企业实施限产30%。",  # grades
    ],
)
def test_never_enterprises_places_units_or_generic_words(text: str) -> None:
    assert unknown_names(text) == []


def test_names_lose_their_heads_and_prefixes() -> None:
    found = find_open_industries("全市钢锹企业集群全部停产。")[0]
    assert [(m.name, m.known) for m in found] == [("钢锹", False)]
    m = found[0]
    assert "全市钢锹企业集群全部停产。"[m.start : m.end] == "钢锹"


def test_the_taxonomy_word_inside_an_extension_is_not_reported() -> None:
    text = "(5)水泥:水泥制品、粉磨站停产;"
    names = [(m.name, m.known) for m in find_all_industries(text)]
    assert ("水泥制品", False) in names
    assert ("水泥粉磨站", True) in names
    assert [n for n, _ in names].count("水泥") == 1  # the heading's, not the one inside 水泥制品


_KNOWN = ["钢铁", "焦化", "铸造", "陶瓷", "砖瓦", "耐火材料", "石灰", "轧钢", "橡胶", "塑料"]
_UNKNOWN = ["钢锹", "散热器", "营养钵", "碳化硅", "镁合金", "刚玉", "标准件", "罐头", "紫砂", "石英砂"]


@settings(max_examples=60, deadline=None)
@given(
    known=st.lists(st.sampled_from(_KNOWN), min_size=2, max_size=5, unique=True),
    unknown=st.lists(st.sampled_from(_UNKNOWN), min_size=1, max_size=4, unique=True),
    order=st.randoms(use_true_random=False),
    head=st.sampled_from(["等企业全部停产。", "等行业企业实施停产。", "等企业或企业集群停产。", "等12个重点行业停产。"]),
    lead=st.sampled_from(["", "6、企业集群:", "全市", "对", "邯郸市"]),
)
def test_property_list_members_are_found(known, unknown, order, head, lead) -> None:
    members = known + unknown
    order.shuffle(members)
    text = lead + "、".join(members) + head
    found = find_open_industries(text)[0]
    assert sorted(m.name for m in found) == sorted(unknown)
    assert all(text[m.start : m.end] == m.name and not m.known for m in found)


@settings(max_examples=40, deadline=None)
@given(
    known=st.lists(st.sampled_from(_KNOWN), min_size=2, max_size=4, unique=True),
    name=st.sampled_from(_UNKNOWN),
    suffix=st.sampled_from(["有限公司", "集团", "厂", "炉", "机"]),
)
def test_property_enterprises_and_units_never_become_industries(known, name, suffix) -> None:
    text = "、".join([*known, name + suffix]) + "等停产。"
    assert name + suffix not in unknown_names(text)
    assert all(not n.endswith(suffix) for n in unknown_names(text))


@given(st.text(alphabet="钢锹铁焦化企业行业、等停产有限公司市县的,。:", max_size=60))
@settings(max_examples=200, deadline=None)
def test_property_mentions_are_valid_spans(text: str) -> None:
    merged = find_all_industries(text)
    for a, b in zip(merged, merged[1:], strict=False):
        assert a.end <= b.start  # sorted, never overlapping
    for m in merged:
        if not m.known:
            assert text[m.start : m.end] == m.name and is_open_industry_name(m.name)


def test_bad_data_file_names_the_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    good = datafiles.load("open_industries.toml")
    bad = {**good, "list_known_share": 2}
    monkeypatch.setattr(oi.datafiles, "load", lambda name: bad)
    oi.open_words.cache_clear()
    try:
        with pytest.raises(OpenIndustryDataError, match="list_known_share"):
            oi.open_words()
    finally:
        monkeypatch.undo()
        oi.open_words.cache_clear()


NOTICE = """关于启动重污染天气Ⅱ级应急响应的通知
各县(市、区)人民政府:
现将有关事项通知如下:
一、工业企业减排措施
1、钢铁行业:烧结机停产。
2、企业集群:铸造、钢锹、碳化硅、耐火材料等企业或企业集群全部停产。
"""


def test_notice_carries_unknown_industries_and_their_rules() -> None:
    notice = extract_text(NOTICE)
    by_name = {i.name: i for i in notice.industries}
    assert by_name["钢锹"].known is False and by_name["碳化硅"].known is False
    assert by_name["铸造"].known is True
    assert {"钢锹", "碳化硅"} <= {r.industry for r in notice.rules}
    raw = NOTICE
    assert raw[by_name["钢锹"].span[0] : by_name["钢锹"].span[1]] == "钢锹"


def _listed(output: str) -> set[str]:
    """The names `cuofeng industries --unknown` lists (not its evidence lines)."""
    return {m.group(1) for m in re.finditer(r"^\s*\d+\s+\d+\s+(\S+)$", output, re.MULTILINE)}


def _clear_taxonomy_caches() -> None:
    industries_mod._vocab.cache_clear()


def test_adding_a_name_to_the_taxonomy_makes_it_known(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "rules_out"
    out.mkdir()
    (out / "a.json").write_text(extract_text(NOTICE, source="a.txt").model_dump_json(), "utf-8")
    runner = CliRunner()
    before = runner.invoke(app, ["industries", "--unknown", str(out)])
    assert before.exit_code == 0
    assert _listed(before.output) == {"钢锹", "碳化硅"}

    original = industries_mod._taxonomy_text()
    added = original + (
        '\n[[industry]]\nname = "钢锹"\nparent = ""\naliases = []\nunits = []\ncontext_aliases = []\n'
        'examples = ["钢锹企业停产"]\ncounter_examples = []\n'
    )
    monkeypatch.setattr(industries_mod, "_taxonomy_text", lambda: added)
    _clear_taxonomy_caches()
    try:
        notice = extract_text(NOTICE, source="a.txt")  # the next run
        by_name = {i.name: i for i in notice.industries}
        assert by_name["钢锹"].known is True
        assert by_name["碳化硅"].known is False
        (out / "a.json").write_text(notice.model_dump_json(), "utf-8")
        after = runner.invoke(app, ["industries", "--unknown", str(out)])
        assert _listed(after.output) == {"碳化硅"}
    finally:
        monkeypatch.undo()
        _clear_taxonomy_caches()


def test_cli_without_notices_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["industries", "--unknown", str(tmp_path)])
    assert result.exit_code == 2
    assert "no notice JSON" in result.output


def test_cli_counts_notices_and_rules(tmp_path: Path) -> None:
    for i in range(2):
        (tmp_path / f"n{i}.json").write_text(extract_text(NOTICE, source=f"n{i}.txt").model_dump_json(), "utf-8")
    (tmp_path / "scores.json").write_text(json.dumps({"fields": {}}), "utf-8")  # not a notice: skipped
    line = next(ln for ln in CliRunner().invoke(app, ["industries", "--unknown", str(tmp_path)]).output.splitlines()
                if ln.strip().endswith("钢锹"))
    assert line.split()[:2] == ["2", "2"]


def test_spacy_path_offline() -> None:
    pytest.importorskip("spacy")
    pytest.importorskip("jieba")
    from extract.recognize.nlp_industries import build_pipeline, find_open_industries_nlp

    nlp = build_pipeline()
    doc = nlp("橡胶、轧钢、钢锹、锻造、耐火材料、营养钵等企业或企业集群全部停产")
    assert "耐火材料" in [t.text for t in doc]  # the user dictionary keeps canonical names whole
    assert {(e.text, e.ent_id_) for e in doc.ents} >= {("耐火材料", "耐火材料"), ("轧钢", "轧钢")}
    names = {n for _, _, n in find_open_industries_nlp("橡胶、轧钢、钢锹、锻造、耐火材料等企业或企业集群全部停产")}
    assert names == {"钢锹"}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 6)), max_size=10), st.booleans(),
       st.integers(-2, 90), st.integers(0, 12))
def test_known_mentions_overlapping_a_range_are_the_ones_a_scan_finds(
    spans: list[tuple[int, int]], in_order: bool, a: int, width: int
) -> None:
    from types import SimpleNamespace

    if in_order:  # find_industries' mentions: sorted, not overlapping
        pos, items = 0, []
        for gap, size in spans:
            items.append(SimpleNamespace(start=pos + gap, end=pos + gap + size))
            pos += gap + size
    else:
        items = [SimpleNamespace(start=s, end=s + n) for s, n in spans]
    b = a + width
    expected = [k for k in items if k.start < b and a < k.end]
    assert oi._Known(items).overlapping(a, b) == expected  # type: ignore[arg-type]
