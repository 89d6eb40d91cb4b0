"""Industries: the taxonomy against SCHEMA.md, data-file examples, real scope lists and
headings from corpus/ (with raw variants), and properties of lists built at random."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.normalize import normalize_text
from extract.recognize.industries import (
    canonical_industry,
    expand_industry_list,
    find_industries,
    generic_words,
    taxonomy,
)
from tests.conftest import CORPUS_FILES

TAX = taxonomy()

# ---------------------------------------------------------------- the taxonomy itself

# SCHEMA.md "Canonical industry names": name → parent
SCHEMA_NAMES = {
    "钢铁": None, "轧钢": "钢铁", "铁合金": None, "焦化": None, "有色": None,
    "电解铝": "有色", "氧化铝": "有色", "铜冶炼": "有色", "有色再生": "有色",
    "炭素": None, "铸造": None, "铸造用生铁": None, "化工": None,
    "煤制氮肥": "化工", "炭黑": "化工", "煤化工": "化工", "化肥": "化工", "石油化工": "化工",
    "电石": "化工", "农药": "化工", "医药": None, "建材": None,
    "水泥": "建材", "水泥粉磨站": "建材", "砖瓦": "建材", "耐火材料": "建材", "陶瓷": "建材",
    "玻璃棉": "建材", "岩棉": "建材", "矿物棉": "建材", "矿渣棉": "建材", "防水材料": "建材",
    "珍珠岩": "建材", "矿渣微粉": "建材", "石灰": "建材", "玻璃": "建材", "石膏板": "建材",
    "火电": None, "工业锅炉": None, "混凝土搅拌": None, "砂浆搅拌": None, "铁矿采选": None,
    "活性炭": None, "洗煤": None, "煤焦发运站": None, "PVC手套": None, "橡胶": None, "塑料": None,
    "锻造": None,
}

# SCHEMA.md aliases and process units, plus suffixed forms: as written → canonical
SCHEMA_ALIASES = [
    ("钢铁冶炼", "钢铁"), ("长流程钢铁", "钢铁"), ("炼钢", "钢铁"), ("炼铁", "钢铁"), ("高炉", "钢铁"),
    ("烧结机", "钢铁"), ("球团", "钢铁"), ("转炉", "钢铁"), ("独立轧钢", "轧钢"), ("焦炭", "焦化"),
    ("焦化企业", "焦化"), ("焦炉", "焦化"), ("有色金属", "有色"), ("再生有色", "有色再生"), ("碳素", "炭素"),
    ("碳黑", "炭黑"), ("制药", "医药"), ("原料药", "医药"), ("建材行业", "建材"), ("水泥熟料", "水泥"),
    ("熟料", "水泥"), ("水泥窑", "水泥"), ("粉磨站", "水泥粉磨站"), ("砖瓦窑", "砖瓦"), ("烧结砖瓦", "砖瓦"),
    ("耐火", "耐火材料"), ("耐材", "耐火材料"), ("石灰窑", "石灰"), ("平板玻璃", "玻璃"), ("石膏线/板", "石膏板"),
    ("电力", "火电"), ("燃煤电厂", "火电"), ("燃煤发电机组", "火电"), ("自备电厂", "火电"), ("燃煤锅炉", "工业锅炉"),
    ("商砼搅拌站", "混凝土搅拌"), ("混凝土搅拌站", "混凝土搅拌"), ("商品混凝土", "混凝土搅拌"),
    ("砂浆搅拌站", "砂浆搅拌"), ("铁矿选矿", "铁矿采选"), ("选矿", "铁矿采选"),
    # process units and corpus names beyond the table
    ("熟料生产线", "水泥"), ("电石渣水泥", "水泥"), ("特种水泥", "特种水泥"), ("保温耐火材料", "耐火材料"),
    ("建筑陶瓷", "陶瓷"), ("日用陶瓷", "陶瓷"), ("卫生陶瓷", "陶瓷"), ("铁矿开采", "铁矿采选"),
    ("铸造用生铁", "铸造用生铁"), ("钢铁企业集群", "钢铁"), ("pvc手套", "PVC手套"), ("汽修", "汽车修理"),
    ("石灰窑行业", "石灰"), ("特种水泥窑", "特种水泥"),
]


@pytest.mark.parametrize(("name", "parent"), SCHEMA_NAMES.items(), ids=list(SCHEMA_NAMES))
def test_schema_name_in_taxonomy(name: str, parent: str | None) -> None:
    assert name in TAX
    assert TAX[name].parent == parent


@pytest.mark.parametrize(("written", "name"), SCHEMA_ALIASES, ids=[w for w, _ in SCHEMA_ALIASES])
def test_canonical_industry(written: str, name: str) -> None:
    assert canonical_industry(written) == name


@pytest.mark.parametrize("word", [*generic_words(), "其他建材以外行业", "电力监控", "焦炉煤气", "石灰石"])
def test_generic_word_is_no_industry(word: str) -> None:
    assert canonical_industry(word) is None


@pytest.mark.parametrize("word", generic_words())
def test_generic_word_is_not_found(word: str) -> None:
    assert find_industries(word) == []


@pytest.mark.parametrize(("raw", "names"), [
    ("电力", ["火电"]),  # the whole text: a name looked up on its own
    ("实施电力监控", []),
    ("电力、化工", ["火电", "化工"]),
    ("热电企业", ["火电"]),
    ("熟料露天存放", []),
    ("全体熟料企业", ["水泥"]),
])
def test_ordinary_words_need_an_industry_context(raw: str, names: list[str]) -> None:
    assert [m.name for m in find_industries(raw)] == names


def test_every_parent_is_a_group_of_the_taxonomy() -> None:
    parents = {e.parent for e in TAX.values() if e.parent}
    assert parents <= set(TAX)
    assert parents == {"钢铁", "有色", "化工", "建材"}


# ---------------------------------------------------------------- data-file examples

EXAMPLES = [(e.name, ex) for e in TAX.values() for ex in e.examples]
COUNTERS = [(e.name, ex) for e in TAX.values() for ex in e.counter_examples]


def _names(raw: str) -> list[str]:
    return [m.name for m in expand_industry_list(normalize_text(raw))]


@pytest.mark.parametrize(("name", "raw"), EXAMPLES, ids=[f"{n}:{r[:16]}" for n, r in EXAMPLES])
def test_data_example(name: str, raw: str) -> None:
    assert name in _names(raw)


@pytest.mark.parametrize(("name", "raw"), COUNTERS, ids=[f"{n}:{r[:16]}" for n, r in COUNTERS])
def test_data_counter_example(name: str, raw: str) -> None:
    assert name not in _names(raw)


# ---------------------------------------------------------------- real scope lists

# (id, raw sentence, expected [(evidence, name, parent)] of expand_industry_list)
SCOPE_LISTS = [
    (
        "000-scope",
        "对钢铁、焦化、有色（电解铝、氧化铝）、铸造、化工（煤制氮肥、炭黑）、建材（砖瓦、耐火、陶瓷、石灰、水泥熟料及粉磨站）等重点涉气行业企业实施秋冬季错峰生产。",
        [
            ("钢铁", "钢铁", None), ("焦化", "焦化", None), ("有色", "有色", None), ("电解铝", "电解铝", "有色"),
            ("氧化铝", "氧化铝", "有色"), ("铸造", "铸造", None), ("化工", "化工", None),
            ("煤制氮肥", "煤制氮肥", "化工"), ("炭黑", "炭黑", "化工"), ("建材", "建材", None),
            ("砖瓦", "砖瓦", "建材"), ("耐火", "耐火材料", "建材"), ("陶瓷", "陶瓷", "建材"), ("石灰", "石灰", "建材"),
            ("水泥熟料", "水泥", "建材"), ("粉磨站", "水泥粉磨站", "建材"),
        ],
    ),
    (
        "001-方案三-scope",
        "此次错峰生产管控范围包含钢铁、焦化、铸造、炭黑、砖瓦、耐火、陶瓷、石灰、水泥熟料及粉磨站、燃煤电厂等重点涉气行业企业。",
        [
            ("钢铁", "钢铁", None), ("焦化", "焦化", None), ("铸造", "铸造", None), ("炭黑", "炭黑", "化工"),
            ("砖瓦", "砖瓦", "建材"), ("耐火", "耐火材料", "建材"), ("陶瓷", "陶瓷", "建材"), ("石灰", "石灰", "建材"),
            ("水泥熟料", "水泥", "建材"), ("粉磨站", "水泥粉磨站", "建材"), ("燃煤电厂", "火电", None),
        ],
    ),
    (
        "001-方案九-建材",
        "加大建材行业错峰生产力度，水泥（不含粉磨站）、砖瓦、陶瓷、玻璃棉、岩棉、矿物棉、石膏板等建材行业，除符合上述差别化错峰生产条件的，采暖季全部实施停产",
        [
            ("建材", "建材", None), ("水泥", "水泥", "建材"), ("砖瓦", "砖瓦", "建材"), ("陶瓷", "陶瓷", "建材"),
            ("玻璃棉", "玻璃棉", "建材"), ("岩棉", "岩棉", "建材"), ("矿物棉", "矿物棉", "建材"),
            ("石膏板", "石膏板", "建材"),
        ],
    ),
    (
        "001-方案十一-scope",
        "全县钢铁、铸造、砖瓦、混凝土搅拌、活性炭、铁矿采选等涉气行业企业。",
        [
            ("钢铁", "钢铁", None), ("铸造", "铸造", None), ("砖瓦", "砖瓦", "建材"),
            ("混凝土搅拌", "混凝土搅拌", None), ("活性炭", "活性炭", None), ("铁矿采选", "铁矿采选", None),
        ],
    ),
    (
        "003-scope",
        "重点范围是建材、碳素、氧化铝以及涉及VOCs排放的医药行业企业。建材行业主要包括水泥、耐火材料、砖瓦、玻璃等行业企业。",
        [
            ("建材", "建材", None), ("碳素", "炭素", None), ("氧化铝", "氧化铝", "有色"), ("医药", "医药", None),
            ("水泥", "水泥", "建材"), ("耐火材料", "耐火材料", "建材"), ("砖瓦", "砖瓦", "建材"), ("玻璃", "玻璃", "建材"),
        ],
    ),
    (
        "04-henan",
        "以能耗高、污染物排放量大的钢铁、焦化、铸造、建材、有色、医药(农药)制造等行业为重点",
        [
            ("钢铁", "钢铁", None), ("焦化", "焦化", None), ("铸造", "铸造", None), ("建材", "建材", None),
            ("有色", "有色", None), ("医药", "医药", None), ("农药", "农药", "化工"),
        ],
    ),
    (
        "11-taiyuan-traditional",
        "其中,電力行業未達到超低排放標準的燃煤發電機組(含自備電廠)全部停產;建材行業,包括水泥(含特種水泥、粉磨站)、"
        "磚瓦窯(不含天然氣為燃料)、陶瓷(不含天然氣為燃料)、玻璃棉(不含天然氣為燃料)、巖棉(不含電爐)、石膏板等行業,"
        "采暖季全面實施停產;除山西太鋼不銹鋼股份有限公司,鋼鐵行業(含獨立燒結、球團和煉鐵企業)限產50%",
        [
            ("电力", "火电", None), ("建材", "建材", None), ("水泥", "水泥", "建材"), ("特种水泥", "特种水泥", "建材"),
            ("粉磨站", "水泥粉磨站", "建材"), ("砖瓦窑", "砖瓦", "建材"), ("陶瓷", "陶瓷", "建材"),
            ("玻璃棉", "玻璃棉", "建材"), ("岩棉", "岩棉", "建材"), ("石膏板", "石膏板", "建材"), ("钢铁", "钢铁", None),
        ],
    ),
    (
        "12-shaanxi-summer",
        "关中地区在夏季(6月1日至8月31日)对石油化工、煤化工、焦化、水泥(含特种水泥,不含粉磨站)行业实施限产,"
        "对表面涂装(含汽修)、包装印刷行业实施错时生产。",
        [
            ("石油化工", "石油化工", "化工"), ("煤化工", "煤化工", "化工"), ("焦化", "焦化", None),
            ("水泥", "水泥", "建材"), ("特种水泥", "特种水泥", "建材"), ("表面涂装", "表面涂装", None),
            ("汽修", "汽车修理", None), ("包装印刷", "包装印刷", None),
        ],
    ),
    (
        "12-shaanxi-winter",
        "关中地区在冬防期间(11月15日至次年3月15日),水泥(含特种水泥,不含粉磨站)、砖瓦窑(不含以天然气为燃料)、"
        "陶瓷(不含以天然气为燃料)、石膏板、保温耐火材料、防水材料等建材行业全部实施停产,"
        "其他建材行业(不包括建筑材料以外的其他无机非金属材料)限产50%左右",
        [
            ("水泥", "水泥", "建材"), ("特种水泥", "特种水泥", "建材"), ("砖瓦窑", "砖瓦", "建材"),
            ("陶瓷", "陶瓷", "建材"), ("石膏板", "石膏板", "建材"), ("保温耐火材料", "耐火材料", "建材"),
            ("防水材料", "防水材料", "建材"), ("建材", "建材", None),
        ],
    ),
    (
        "14-pingdingshan",
        "重点行业包括化工、焦化、制药、工业涂装、包装印刷、家具制造、汽车修理、餐饮油烟、加油站及储油库等。",
        [
            ("化工", "化工", None), ("焦化", "焦化", None), ("制药", "医药", None), ("工业涂装", "工业涂装", None),
            ("包装印刷", "包装印刷", None), ("家具制造", "家具制造", None), ("汽车修理", "汽车修理", None),
            ("餐饮油烟", "餐饮油烟", None), ("加油站", "加油站", None), ("储油库", "储油库", None),
        ],
    ),
    (
        "22-anyang-other",
        "(四)其他企业:\n铁合金、铸造、水泥、轧钢、涉VOCs等企业,继续执行市攻坚办(安环攻坚办〔2018〕382号)文件要求。",
        [
            ("铁合金", "铁合金", None), ("铸造", "铸造", None), ("水泥", "水泥", "建材"), ("轧钢", "轧钢", "钢铁"),
        ],
    ),
]


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in SCOPE_LISTS], ids=[c[0] for c in SCOPE_LISTS])
def test_scope_list(raw: str, expected: list[tuple[str, str, str | None]]) -> None:
    text = normalize_text(raw)
    got = [(text[m.start : m.end], m.name, m.parent) for m in expand_industry_list(text)]
    assert got == expected


def _variants(raw: str) -> list[str]:
    """Raw forms of one sentence: full-width brackets and commas, traditional characters."""
    import opencc

    full = raw.replace("(", "（").replace(")", "）").replace(",", "，")
    return [raw, full, opencc.OpenCC("s2t").convert(raw)]


@pytest.mark.parametrize("variant", range(3), ids=["as-is", "full-width", "traditional"])
@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in SCOPE_LISTS[:4]], ids=[c[0] for c in SCOPE_LISTS[:4]])
def test_scope_list_variants(raw: str, expected: list, variant: int) -> None:
    text = normalize_text(_variants(raw)[variant])
    assert [(m.name, m.parent) for m in expand_industry_list(text)] == [(n, p) for _, n, p in expected]


# ---------------------------------------------------------------- headings and their brackets

# (id, raw, evidence, name, excludes, exclusion_text, includes)
QUALIFIED = [
    ("001-方案七-钢铁", "1.钢铁行业（含高炉铸造一体和铁合金企业）", "钢铁", "钢铁", (), None, ("铸造用生铁", "铁合金")),
    ("001-方案七-水泥", "4.水泥行业（不含粉磨站）", "水泥", "水泥", ("水泥粉磨站",), "不含粉磨站", ()),
    ("001-方案七-砖瓦", "6.砖瓦行业（不含非烧结砖瓦）", "砖瓦", "砖瓦", ("非烧结砖瓦",), "不含非烧结砖瓦", ()),
    ("001-方案七-粉磨站", "11.粉磨站（有工业炉窑的）", "粉磨站", "水泥粉磨站", (), None, ()),
    ("001-方案三-钢铁", "对“一城三区”和古县等重点区域的钢铁（不含独立轧钢）、焦化企业实施不低于50%错峰管控",
     "钢铁", "钢铁", ("轧钢",), "不含独立轧钢", ()),
    ("001-方案五-建材", "（一）建材（水泥）行业。", "建材", "建材", (), None, ("水泥",)),
    ("001-方案五-火电", "（二）其他行业。火电（自备电厂）等其他行业企业。", "火电", "火电", (), None, ()),
    ("07-钢铁", "1.钢铁行业(含高炉铸造)", "钢铁", "钢铁", (), None, ("铸造用生铁",)),
    ("11-砖瓦窑", "磚瓦窯(不含天然氣為燃料)", "砖瓦窑", "砖瓦", (), "不含天然气为燃料", ()),
    ("11-岩棉", "巖棉(不含電爐)", "岩棉", "岩棉", (), "不含电炉", ()),
    ("11-水泥", "包括水泥(含特種水泥、粉磨站)", "水泥", "水泥", (), None, ("特种水泥", "水泥粉磨站")),
    ("11-钢铁", "鋼鐵行業(含獨立燒結、球團和煉鐵企業)限產50%", "钢铁", "钢铁", (), None, ()),
    ("12-水泥", "水泥(含特种水泥,不含粉磨站)行业实施限产", "水泥", "水泥", ("水泥粉磨站",), "不含粉磨站", ("特种水泥",)),
    ("12-其他建材", "其他建材行业(不包括建筑材料以外的其他无机非金属材料)限产50%左右", "建材", "建材", (),
     "不包括建筑材料以外的其他无机非金属材料", ()),
    ("10-轧钢", "铸造、独立轧钢(含冷轧)企业停产", "独立轧钢", "轧钢", (), None, ()),
    ("21-熟料生产线", "全省所有熟料生产线(含特种水泥窑和建通窑,包括承担危废和城市垃圾处理的生产线)将全面实施秋季停窑限产",
     "熟料生产线", "水泥", (), None, ("特种水泥",)),
    ("excl-除外", "水泥(除协同处置生产线外)限产30%", "水泥", "水泥", (), "除协同处置生产线外", ()),
]


@pytest.mark.parametrize(("raw", "evidence", "name", "excludes", "exclusion_text", "includes"),
                         [q[1:] for q in QUALIFIED], ids=[q[0] for q in QUALIFIED])
def test_qualified_mention(raw, evidence, name, excludes, exclusion_text, includes) -> None:
    text = normalize_text(raw)
    m = next(m for m in find_industries(text) if text[m.start : m.end] == evidence)
    assert (m.name, m.excludes, m.exclusion_text, m.includes) == (name, excludes, exclusion_text, includes)


def test_bracket_words_are_not_mentions_of_their_own() -> None:
    text = normalize_text("4.水泥行业（不含粉磨站）\n6.砖瓦行业（不含非烧结砖瓦）")
    assert [m.name for m in find_industries(text)] == ["水泥", "砖瓦"]


def test_exclusion_parts_keep_the_words_as_written() -> None:
    text = normalize_text("陶瓷(不含以天然气为燃料)、巖棉(不含電爐)")
    assert [m.exclusion_parts for m in find_industries(text)] == [("以天然气为燃料",), ("电炉",)]


def test_full_end_covers_suffix_and_bracket() -> None:
    text = normalize_text("6.砖瓦行业（不含非烧结砖瓦）")
    (m,) = find_industries(text)
    assert text[m.start : m.full_end] == "砖瓦行业(不含非烧结砖瓦)"


def test_include_span_is_the_industry_word() -> None:
    text = normalize_text("1.钢铁行业（含高炉铸造一体和铁合金企业）")
    (m,) = find_industries(text)
    assert [text[s:e] for s, e in m.include_spans] == ["高炉铸造一体", "铁合金"]


# ---------------------------------------------------------------- what is not a mention

NOT_MENTIONS = [
    ("000-titles", "依据《排污许可管理条例》《重污染天气重点行业应急减排措施制定技术指南》和《山西省2021年水泥行业秋冬季错峰生产指导意见》等规定"),
    ("001-enterprises", "主要涉及企业：宁夏瀛海天琛建材有限公司、宁夏建成建材有限责任公司。"),
    ("06-enterprise", "2、河南省太阳石集团水泥有限公司需补齐错峰停窑时间18天;"),
    ("22-enterprise", "安阳钢铁集团有限责任公司:1台"),
    ("004-association", "省水泥行业协会负责"),
    ("18-site", "水泥网>"),
    ("001-电力监控", "（三）实施电力监控。要落实工业企业错峰生产用电监控制度"),
    ("001-fuel", "⑵以焦炉煤气、天然气、液化石油气或电等为燃料。"),
    ("generic", "重点行业、涉气行业、其他行业、工业企业、高排放行业"),
]


@pytest.mark.parametrize("raw", [n[1] for n in NOT_MENTIONS], ids=[n[0] for n in NOT_MENTIONS])
def test_not_a_mention(raw: str) -> None:
    assert find_industries(normalize_text(raw)) == []


# ---------------------------------------------------------------- every corpus file

@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.name[:12] for p in CORPUS_FILES])
def test_corpus_mentions_are_sorted_disjoint_and_grounded(path) -> None:
    text = normalize_text(path.read_text(encoding="utf-8"))
    mentions = find_industries(text)
    for a, b in zip(mentions, mentions[1:], strict=False):
        assert a.full_end <= b.start
    for m in mentions:
        assert text[m.start : m.end] == m.surface
        assert m.parent == TAX[m.name].parent
        # the evidence alone reads as the same single mention (高炉炼铁 is one 钢铁 mention)
        alone = find_industries(m.surface)
        assert [(x.name, x.start, x.end) for x in alone] == [(m.name, 0, len(m.surface))]


# ---------------------------------------------------------------- properties

NAMES = sorted(TAX)
SEPARATORS = st.sampled_from(["、", ",", "和", "及"])


@given(st.lists(st.sampled_from(NAMES), min_size=1, max_size=8, unique=True), SEPARATORS,
       st.sampled_from(["等行业", "等企业", "等行业企业", ""]))
def test_any_list_of_names_reads_back_in_order(names: list[str], sep: str, tail: str) -> None:
    text = normalize_text("对" + sep.join(names) + tail + "实施错峰生产。")
    assert [m.name for m in expand_industry_list(text)] == names


GROUPS = {g: sorted(n for n, e in TAX.items() if e.parent == g) for g in ("有色", "化工", "建材")}


@given(st.sampled_from(sorted(GROUPS)).flatmap(
    lambda g: st.tuples(st.just(g), st.lists(st.sampled_from(GROUPS[g]), min_size=1, max_size=5, unique=True))),
       st.booleans())
def test_nested_members_take_their_group(group_children: tuple[str, list[str]], full_width: bool) -> None:
    group, children = group_children
    raw = f"{group}({'、'.join(children)})等重点行业"
    if full_width:
        raw = raw.replace("(", "（").replace(")", "）")
    text = normalize_text(raw)
    got = expand_industry_list(text)
    assert [(m.name, m.parent) for m in got] == [(group, None), *[(c, group) for c in children]]
    assert find_industries(text)[0].includes == tuple(children)


@given(st.lists(st.sampled_from(NAMES), min_size=2, max_size=2, unique=True))
def test_a_carve_out_names_what_it_excludes(pair: list[str]) -> None:
    head, carved = pair
    text = normalize_text(f"{head}(不含{carved})")
    (m,) = find_industries(text)
    assert (m.name, m.excludes, m.exclusion_text) == (head, (carved,), f"不含{carved}")
