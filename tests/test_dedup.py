"""Deduplication: repeated paragraphs and plans inside a file, and the same notice in several
files (seed shapes from the corpus, synthetic variants, each threshold on both sides)."""

from __future__ import annotations

import zlib
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.dedup import (
    DocumentGroup,
    InternalDuplicates,
    find_document_duplicates,
    find_internal_duplicates,
)
from extract.dedup import shingles as sh
from extract.dedup.shingles import compact, compact_offsets, containment, jaccard, shingles
from extract.normalize import normalize_text
from extract.outline import segment
from tests.conftest import CORPUS_FILES, corpus_text


@cache
def norm(prefix: str) -> str:
    return normalize_text(corpus_text(prefix))


def internal(text: str) -> InternalDuplicates:
    """What the pipeline runs: plans from the outline."""
    outline = segment(text)
    return find_internal_duplicates(text, [], [(p.start, p.end) for p in outline.plans()])


def occurrences(text: str, passage: str) -> list[tuple[int, int]]:
    """Spans of ``passage`` in ``text``, compared without layout (spaces, punctuation)."""
    key, offsets = compact_offsets(text)
    p = compact(normalize_text(passage))
    out, i = [], key.find(p)
    while i >= 0:
        out.append((offsets[i], offsets[i + len(p) - 1] + 1))
        i = key.find(p, i + 1)
    return out


def covers(span: tuple[int, int], inner: tuple[int, int]) -> bool:
    return span[0] <= inner[0] and inner[1] <= span[1]


# --- seed 002: a web copy repeating its opening and the 二、三、四 paragraphs, partly out of order

SEED002_REPEATS = [
    pytest.param(
        "两部门关于开展京津冀及周边地区2021－2022年采暖季钢铁行业错峰生产的通知发布日期:2021-10-13"
        "工信厅联原函〔2021〕241号北京市、天津市、河北省、山西省、山东省、河南省工业和信息化主管部门、"
        "生态环境厅（局）：为深入贯彻落实《国务院关于钢铁行业化解过剩产能实现脱困发展的意见》（国发〔2016〕6号）"
        "有关要求，继续巩固钢铁去产能成果，切实做好2021年粗钢产量压减工作，推动钢铁行业减污降碳协同增效，"
        "促进高质量发展，持续改善区域环境空气质量，现就京津冀及周边地区钢铁企业2021－2022年采暖季实施错峰生产"
        "有关事项通知如下：一、总体要求坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实习近平生态文明思想，"
        "按照党中央、国务院决策部署，深化钢铁行业供给侧结构性改革，推动钢铁行业实现碳达峰碳中和、促进行业高质量发展。",
        id="opening-and-part-1",
    ),
    pytest.param(
        "聚焦影响京津冀及周边地区采暖季环境空气质量的重点城市、重点企业、重点时段，结合各企业能源消耗、环保绩效、"
        "安全生产、技术装备等因素，采取市场化、法治化办法实施差异化管控，避免“一刀切”。",
        id="part-1-second-paragraph",
    ),
    pytest.param(
        "第二阶段：2022年1月1日至2022年3月15日，以削减采暖季增加的大气污染物排放量为目标，原则上各有关地区"
        "钢铁企业错峰生产比例不低于上一年同期粗钢产量的30%。四、工作要求（一）加强组织领导。",
        id="part-3-phase-2-and-part-4-heading",
    ),
    pytest.param(
        "省级工业和信息化、生态环境部门负责组织实施采暖季错峰生产工作，制定本省市错峰生产方案，指导各城市制定具体"
        "实施方案，引导各钢铁企业提前谋划、科学组织、有序实施，保障安全生产。\n"
        "2021年10月20日前向工业和信息化部、生态环境部报送本省市2021－2022年采暖季钢铁行业错峰生产方案。",
        id="part-4-item-1-out-of-order",
    ),
]


@pytest.mark.parametrize("passage", SEED002_REPEATS)
def test_seed002_repeated_paragraph_is_one_group_with_its_text(passage: str) -> None:
    text = norm("002_")
    first, second = occurrences(text, passage)  # the passage is in the file exactly twice
    groups = [g for g in internal(text).groups if g.kind == "paragraph" and covers(g.spans[0], first)]
    assert len(groups) == 1
    (kept, copy) = groups[0].spans
    assert compact(text[kept[0] : kept[1]]) == compact(passage)
    assert compact(text[copy[0] : copy[1]]) == compact(passage)
    assert covers(copy, second) and compact(text[copy[0] : copy[1]]) == compact(text[second[0] : second[1]])


def test_seed002_has_exactly_these_repeats_and_the_short_section_heading() -> None:
    # 二、实施范围实施对象为钢铁冶炼企业。 is shorter than paragraph.min_chars, but a repeated
    # section heading with its sentence counts from paragraph.heading_min_chars
    text = norm("002_")
    heading = "二、实施范围实施对象为钢铁冶炼企业。"
    cfg = sh.settings()["paragraph"]
    assert cfg["heading_min_chars"] <= len(compact(heading)) < cfg["min_chars"]
    groups = internal(text).groups
    assert len(groups) == len(SEED002_REPEATS) + 1
    first, second = occurrences(text, heading)
    assert any(covers(g.spans[0], first) and covers(g.spans[1], second) for g in groups)


def test_a_short_repeated_sentence_without_a_heading_is_not_a_copy() -> None:
    text = "实施对象为钢铁冶炼企业。其他内容在这里说明。实施对象为钢铁冶炼企业。"
    assert internal(text).groups == []


# --- seed 001: 14 plans, every second one repeats the one before (篇十四 cut short)

SEED001_PLANS = [
    ("企业错峰生产方案二", 2, 1), ("企业错峰生产方案四", 4, 3), ("企业错峰生产方案六", 6, 5),
    ("企业错峰生产方案八", 8, 7), ("企业错峰生产方案篇十", 10, 9), ("企业错峰生产方案篇十二", 12, 11),
    ("企业错峰生产方案篇十四", 14, 13),
]


@pytest.mark.parametrize(("heading", "index", "original"), SEED001_PLANS, ids=[f"plan-{r[1]}-repeats-{r[2]}" for r in SEED001_PLANS])
def test_seed001_plan_repeats_the_one_before(heading: str, index: int, original: int) -> None:
    text = norm("001_")
    plans = segment(text).plans()
    assert text[plans[index - 1].start :].startswith(heading)
    assert internal(text).plan_duplicate_of.get(index) == original


def test_seed001_duplicate_plans_are_exactly_the_seven() -> None:
    assert internal(norm("001_")).plan_duplicate_of == {i: o for _, i, o in SEED001_PLANS}


def test_seed001_truncated_plan_is_found_by_containment() -> None:
    text = norm("001_")
    p13, p14 = segment(text).plans()[12:14]
    assert (p14.end - p14.start) < 0.5 * (p13.end - p13.start)  # 篇十四 is cut short
    group = next(g for g in internal(text).groups if g.kind == "plan" and g.spans[1][0] == p14.start)
    assert group.similarity >= sh.settings()["plan"]["containment"]


# --- seed 004 carries the national notice 工信部联原〔2020〕201号 as its attachment

NATIONAL_FIRST = "工业和信息化部 生态环境部 文件"
NATIONAL_LAST = "2020年12月28日印发"


@cache
def national() -> str:
    """The attachment of 004 cut out: the national notice on its own."""
    raw = corpus_text("004_")
    start = raw.index(NATIONAL_FIRST, raw.index("附件\n\n"))
    return normalize_text(raw[start : raw.index(NATIONAL_LAST) + len(NATIONAL_LAST)])


def test_seed004_contains_the_national_notice() -> None:
    (group,) = find_document_duplicates([("004", norm("004_")), ("national", national())])
    assert (group.kind, group.relation, group.containers) == ("document", "contained", ["004"])
    assert [m for m, _ in group.members] == ["004", "national"]
    assert group.similarity >= sh.settings()["document"]["containment"]
    span = dict(group.members)["004"]
    assert span is not None
    copy = norm("004_")[span[0] : span[1]]
    assert copy.startswith(normalize_text(NATIONAL_FIRST)) and copy.endswith(NATIONAL_LAST)
    assert compact(copy) == compact(national())


def test_seed004_group_does_not_depend_on_input_order() -> None:
    a = find_document_duplicates([("004", norm("004_")), ("national", national())])
    b = find_document_duplicates([("national", national()), ("004", norm("004_"))])
    assert [g.relation for g in b] == ["contained"]
    assert b[0].members == [("national", None), ("004", dict(a[0].members)["004"])]


def test_dev_corpus_has_no_duplicate_notices() -> None:
    docs = [(p.name, normalize_text(p.read_text(encoding="utf-8"))) for p in CORPUS_FILES if p.name[2] == "_"]
    assert len(docs) == 22
    assert find_document_duplicates(docs) == []


# --- synthetic variants of a real paragraph (corpus/12, 262 characters)

PARAGRAPH = (
    "《通知》要求,关中地区在夏季(6月1日至8月31日)对石油化工、煤化工、焦化、水泥(含特种水泥,不含粉磨站)行业实施限产,"
    "对表面涂装(含汽修)、包装印刷行业实施错时生产。关中地区在冬防期间(11月15日至次年3月15日),水泥(含特种水泥,"
    "不含粉磨站)、砖瓦窑(不含以天然气为燃料)、陶瓷(不含以天然气为燃料)、石膏板、保温耐火材料、防水材料等建材行业"
    "全部实施停产,其他建材行业(不包括建筑材料以外的其他无机非金属材料)限产50%左右,以设计生产能力核算。"
    "属于《产业结构调整指导目录》限制类的,要提高错峰限产比例或实施停产。"
)
# five characters changed, none of them a digit (two in the first sentence, three in the second)
FIVE_EDITS = [("关中地区在夏季", "关中地域在夏季"), ("实施错时生产", "实行错时生产"),
              ("在冬防期间", "在冬季期间"), ("保温耐火材料", "保温耐火材質"), ("以设计生产能力", "按设计生产能力")]


def edited(text: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        assert text.count(old) == 1
        text = text.replace(old, new)
    return text


def test_paragraph_is_from_the_corpus() -> None:
    assert PARAGRAPH in corpus_text("12_")
    assert sum(a != b for a, b in zip(PARAGRAPH, edited(PARAGRAPH, FIVE_EDITS), strict=True)) == 5


def test_paragraph_with_five_characters_changed_is_a_near_duplicate() -> None:
    copy = edited(PARAGRAPH, FIVE_EDITS)
    text = normalize_text(PARAGRAPH + "\n" + copy)
    (group,) = internal(text).groups
    assert group.spans == ((0, len(normalize_text(PARAGRAPH))), (len(normalize_text(PARAGRAPH)) + 1, len(text)))
    assert 0.9 <= group.similarity < 1.0


def test_paragraph_with_its_numbers_changed_keeps_its_rule() -> None:
    copy = PARAGRAPH.replace("限产50%左右", "限产20%左右")
    text = normalize_text(PARAGRAPH + "\n" + copy)
    rule = occurrences(text, "限产20%左右")[0]
    dropped = internal(text).dropped
    assert not any(covers(d, rule) for d in dropped)  # the sentences around it may still repeat


@pytest.mark.parametrize(
    ("variant", "relation"),
    [
        pytest.param(edited(PARAGRAPH, FIVE_EDITS), "near", id="five-characters-changed"),
        pytest.param(PARAGRAPH, "identical", id="same-text"),
        pytest.param(PARAGRAPH.replace(",", "，").replace("(", "（").replace(")", "）"), "identical", id="full-width"),
        pytest.param(PARAGRAPH.replace("限产50%", "限产20%"), None, id="cut-50pct-to-20pct"),
        pytest.param(PARAGRAPH.replace("11月15日至次年3月15日", "11月1日至次年3月31日"), None, id="other-dates"),
    ],
)
def test_documents_near_identical_or_not(variant: str, relation: str | None) -> None:
    groups = find_document_duplicates([("a", normalize_text(PARAGRAPH)), ("b", normalize_text(variant))])
    assert [g.relation for g in groups] == ([relation] if relation else [])


def test_plan_cut_at_half_is_found_by_containment() -> None:
    plan = segment(norm("001_")).plans()[0]
    body = norm("001_")[plan.start : plan.end]
    half = body[: len(body) // 2]
    text = body + "\n" + half
    found = find_internal_duplicates(text, [], [(0, len(body)), (len(body) + 1, len(text))])
    assert found.plan_duplicate_of == {2: 1}
    assert found.dropped == [(len(body) + 1, len(text))]


def test_document_cut_at_half_is_contained() -> None:
    whole = national()
    half = whole[: len(whole) // 2]
    (group,) = find_document_duplicates([("whole", whole), ("half", half)])
    assert (group.relation, group.containers) == ("contained", ["whole"])
    span = dict(group.members)["whole"]
    assert span is not None and span[0] == 0 and abs(span[1] - len(half)) <= 2


def test_notice_embedded_in_another_is_found_with_its_span() -> None:
    before, after = norm("000_"), norm("003_")
    host = before + "\n附件\n" + national() + "\n" + after
    (group,) = find_document_duplicates([("host", host), ("national", national())])
    assert containment(shingles(national()), shingles(host)) == 1.0
    assert jaccard(shingles(national()), shingles(host)) < sh.settings()["document"]["near_jaccard"]
    assert group.relation == "contained"
    assert dict(group.members)["host"] == (len(before) + 4, len(before) + 4 + len(national()))


def test_identical_copies_form_one_group() -> None:
    a = norm("002_")
    spaced = a.replace("。", "。\n\n").replace(",", ", ")
    groups = find_document_duplicates([("a", a), ("b", spaced), ("c", a), ("d", norm("003_"))])
    assert [(g.relation, [m for m, _ in g.members]) for g in groups] == [("identical", ["a", "b", "c"])]


def test_a_quoted_notice_with_numbers_changed_is_not_a_copy() -> None:
    changed = national().replace("12月1日至次年3月10日", "12月15日至次年3月10日")
    assert find_document_duplicates([("004", norm("004_")), ("changed", changed)]) == []


def test_compact_offsets_map_back_to_the_text() -> None:
    text = norm("004_")[:400]
    key, offsets = compact_offsets(text)
    assert key == compact(text)
    assert "".join(text[i] for i in offsets) == key


# --- thresholds, each on both sides


@pytest.fixture()
def tune(monkeypatch: pytest.MonkeyPatch):
    """Set one threshold of the (cached) dedup settings for this test only."""

    def set_(section: str, key: str, value: float) -> None:
        monkeypatch.setitem(sh.settings()[section], key, value)

    return set_


SIDES = [pytest.param(-1, True, id="at-or-below"), pytest.param(+1, False, id="above")]


@pytest.mark.parametrize(("side", "found"), SIDES)
def test_paragraph_min_chars(tune, side: int, found: bool) -> None:
    sentence = "严格执行工业和信息化部、生态环境部文件规定，全年错峰生产不得少于120天。"  # corpus/004
    size = len(compact(sentence))
    tune("paragraph", "min_chars", size if side < 0 else size + 1)
    text = normalize_text(sentence + "\n其他内容。\n" + sentence)
    assert bool(internal(text).groups) is found


@pytest.mark.parametrize(("side", "found"), SIDES)
def test_paragraph_verify_ratio(tune, side: int, found: bool) -> None:
    import difflib

    a = normalize_text("对采暖季承担居民供暖、协同处置城市生活垃圾及有毒有害废弃物等特殊任务的企业，经企业申报和当地工业和信息化部门认可。")
    b = a.replace("特殊任务", "特别任务")
    ratio = difflib.SequenceMatcher(None, compact(a), compact(b), autojunk=False).ratio()
    tune("paragraph", "verify_ratio", ratio - 0.001 if side < 0 else ratio + 0.001)
    assert bool(internal(a + "\n" + b).groups) is found


@pytest.mark.parametrize(("side", "found"), SIDES)
def test_paragraph_min_sentence_chars(tune, side: int, found: bool) -> None:
    a = normalize_text("各市工业和信息化、生态环境部门要加强对水泥熟料企业错峰生产工作的监督和指导。")
    b = a.replace("监督和指导", "监督与指导")  # a near copy, not an exact one
    tune("paragraph", "min_chars", 10)
    tune("paragraph", "min_sentence_chars", len(compact(a)) if side < 0 else len(compact(a)) + 1)
    assert bool(internal(a + "\n" + b).groups) is found


@pytest.mark.parametrize(("threshold", "found"), [pytest.param(0.5, True, id="below"), pytest.param(0.95, False, id="above")])
def test_paragraph_near_jaccard(tune, threshold: float, found: bool) -> None:
    a = normalize_text("各市工业和信息化、生态环境部门要加强对水泥熟料企业错峰生产工作的监督和指导。")
    b = a.replace("监督和指导", "监督与指导")
    assert 0.6 < jaccard(shingles(a), shingles(b)) < 0.9
    tune("paragraph", "near_jaccard", threshold)
    assert bool(internal(a + "\n" + b).groups) is found


@pytest.mark.parametrize(("side", "found"), SIDES)
def test_plan_containment(tune, side: int, found: bool) -> None:
    plans = segment(norm("001_")).plans()
    one = norm("001_")[plans[0].start : plans[0].end]
    other = norm("001_")[plans[2].start : plans[2].end]
    mixed = one[: len(one) * 2 // 3] + other[: len(one) // 3]
    c = containment(shingles(mixed), shingles(one))
    assert 0.5 < c < 0.9
    tune("plan", "containment", c if side < 0 else c + 0.001)
    text = one + "\n" + mixed
    found_plans = find_internal_duplicates(text, [], [(0, len(one)), (len(one) + 1, len(text))])
    assert bool(found_plans.plan_duplicate_of) is found


@pytest.mark.parametrize(("side", "found"), SIDES)
def test_document_containment(tune, side: int, found: bool) -> None:
    whole = national()
    part = whole[: len(whole) * 3 // 4] + norm("003_")[:600]
    c = containment(shingles(part), shingles(whole))
    assert 0.5 < c < 0.9
    tune("document", "containment", c if side < 0 else c + 0.001)
    assert bool(find_document_duplicates([("whole", whole), ("part", part)])) is found


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def change_sentences(text: str, every: int = 1) -> str:
    """Every ``every``-th sentence with one character changed (the layout between kept)."""
    out, pos = [], 0
    for k, (s, e) in enumerate(sh.sentence_spans(text)):
        sent = text[s:e]
        i = next((x for x in range(len(sent) // 2, len(sent) - 1) if all(_han(c) for c in sent[x - 1 : x + 2])), None)
        if k % every == 0 and i is not None:
            sent = sent[:i] + "乙" + sent[i + 1 :]
        out += [text[pos:s], sent]
        pos = e
    return "".join(out) + text[pos:]


@pytest.mark.parametrize(("threshold", "found"), [pytest.param(0.5, True, id="below"), pytest.param(0.95, False, id="above")])
def test_document_near_jaccard(tune, threshold: float, found: bool) -> None:
    a = national()
    b = change_sentences(a)  # no sentence is shared exactly
    assert 0.6 < jaccard(shingles(a), shingles(b)) < 0.9
    tune("document", "near_jaccard", threshold)
    assert bool(find_document_duplicates([("a", a), ("b", b)])) is found


def quoted_in_a_large_host() -> tuple[str, str]:
    host = norm("000_") + "\n" + national() + "\n" + norm("003_") + "\n" + norm("002_")
    return host, national()


@pytest.mark.parametrize(("value", "found"), [pytest.param(12, True, id="sentences-hashed"), pytest.param(10_000, False, id="none-hashed")])
def test_document_chunk_min_chars(tune, value: int, found: bool) -> None:
    host, quoted = quoted_in_a_large_host()
    assert jaccard(shingles(host), shingles(quoted)) < 0.3  # MinHash LSH alone cannot see it
    tune("document", "chunk_min_chars", value)
    assert bool(find_document_duplicates([("host", host), ("quoted", quoted)])) is found


@pytest.mark.parametrize(("share", "found"), [pytest.param(0.5, True, id="below-share"), pytest.param(0.7, False, id="above-share")])
def test_document_chunk_share(tune, share: float, found: bool) -> None:
    host, quoted = quoted_in_a_large_host()
    quoted = change_sentences(quoted, every=2)  # about half of its sentences are still found exactly
    assert containment(shingles(quoted), shingles(host)) >= sh.settings()["document"]["containment"]
    tune("document", "chunk_share", share)
    assert bool(find_document_duplicates([("host", host), ("quoted", quoted)])) is found


def test_settings_reject_unknown_keys() -> None:
    from pydantic import ValidationError

    data = {**sh.settings(), "document": {**sh.settings()["document"], "containmnet": 0.8}}
    with pytest.raises(ValidationError):
        sh._Settings.model_validate(data)


# --- dedup is symmetric: the groups do not depend on the order of the documents


@cache
def pool() -> list[tuple[str, str]]:
    return [
        ("004", norm("004_")),
        ("national", national()),
        ("national-half", national()[: len(national()) // 2]),
        ("002", norm("002_")),
        ("002-spaced", norm("002_").replace("。", "。\n")),
        ("para", normalize_text(PARAGRAPH)),
        ("para-edited", normalize_text(edited(PARAGRAPH, FIVE_EDITS))),
        ("para-20%", normalize_text(PARAGRAPH.replace("限产50%", "限产20%"))),
        ("003", norm("003_")),
    ]


def canonical(groups: list[DocumentGroup]) -> set:
    return {(g.relation, g.similarity, frozenset(g.members), frozenset(g.containers)) for g in groups}


@settings(max_examples=25, deadline=None)
@given(st.permutations(range(9)), st.integers(min_value=2, max_value=9))
def test_document_dedup_is_symmetric(order: list[int], size: int) -> None:
    docs = [pool()[i] for i in order[:size]]
    groups = find_document_duplicates(docs)
    assert canonical(groups) == canonical(find_document_duplicates(sorted(docs)))
    position = {d: k for k, (d, _) in enumerate(docs)}
    for g in groups:
        assert [position[m] for m, _ in g.members] == sorted(position[m] for m, _ in g.members)


# --- signatures


@pytest.mark.parametrize("chunk", [pytest.param(2, id="small-chunks"), pytest.param(4096, id="one-chunk")])
def test_minhashes_equal_datasketch_with_crc32(chunk: int) -> None:
    import numpy as np

    datasketch = pytest.importorskip("datasketch")
    text = norm("004_")
    sets = [shingles(text[i : i + 300]) for i in range(0, 3000, 300)] + [set(), shingles("错峰"), shingles(PARAGRAPH)]
    cfg = sh.settings()["shingles"]
    ref = datasketch.MinHash.bulk([list(s) for s in sets], num_perm=cfg["num_perm"], seed=cfg["seed"],
                                  hashfunc=zlib.crc32)
    ours = sh.minhashes(sets, chunk=chunk)
    assert [np.array_equal(a, b.hashvalues) for a, b in zip(ours, ref, strict=True)] == [True] * len(sets)
    assert (ours[len(sets) - 3] == np.iinfo(np.uint32).max).all()  # the empty set


@pytest.mark.parametrize(
    ("text", "count"),
    [pytest.param("限产30%左右", 3, id="six-compact-chars"), pytest.param("错峰", 1, id="shorter-than-k"),
     pytest.param("。，", 0, id="punctuation-only"), pytest.param("错 峰 生 产", 1, id="spaces-ignored")],
)
def test_shingles_are_character_4_grams_of_the_compact_text(text: str, count: int) -> None:
    assert len(shingles(text)) == count
