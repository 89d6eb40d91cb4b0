"""Notice metadata, organisations, 文号 and references on real notices."""

from __future__ import annotations

import pytest
import regex

from extract.core import datafiles
from extract.core.errors import DataError
from extract.normalize import normalize_text
from extract.recognize import organizations, references
from extract.recognize.metadata import find_doc_number, find_title, page_furniture, read_metadata
from extract.recognize.regions import place_levels
from tests.conftest import corpus_text


def _meta(prefix: str):
    return read_metadata(normalize_text(corpus_text(prefix)), place_levels())


@pytest.mark.parametrize(
    ("prefix", "doc_number", "issuers", "issue_date", "jurisdiction", "season"),
    [
        pytest.param("000_", "晋工信节能字〔2021〕171号", ["山西省工业和信息化厅", "山西省生态环境厅"], "2021-10-18",
                     ("province", "山西省"), (2021, 2022), id="000-shanxi-print-date-is-not-issue-date"),
        pytest.param("002_", "工信厅联原函〔2021〕241号", ["工业和信息化部办公厅", "生态环境部办公厅"], "2021-09-30",
                     ("national", "全国"), (2021, 2022), id="002-ministries-inline-signature"),
        pytest.param("003_", None, ["周村区工业和信息化局", "周村区生态环境分局"], "2020-11-26",
                     ("district", "周村区"), (2020, 2021), id="003-abbreviated-signature-completed"),
        pytest.param("004_", "鲁工信原〔2021〕212号", ["山东省工业和信息化厅", "山东省生态环境厅"], "2021-09-28",
                     ("province", "山东省"), None, id="004-attachment-signature-not-taken"),
        pytest.param("10_", None, ["滦南县人民政府办公室"], "2019-09-02", ("county", "滦南县"), None,
                     id="10-traditional-county"),
    ],
)
def test_metadata_of_real_notices(prefix, doc_number, issuers, issue_date, jurisdiction, season) -> None:
    md = _meta(prefix)
    assert (md.doc_number.value if md.doc_number else None) == doc_number
    assert [i.value for i in md.issuers] == issuers
    assert (md.issue_date.value if md.issue_date else None) == issue_date
    assert md.jurisdiction == jurisdiction
    assert md.season == season


@pytest.mark.parametrize(
    ("text", "title"),
    [
        pytest.param("山西省工业和信息化厅 山西省生态环境厅 关于开展2021-2022年秋冬季错峰生产 的通知\n各市工信局:",
                     "关于开展2021-2022年秋冬季错峰生产的通知", id="000-title-after-issuers"),
        pytest.param("安阳发布关于调整重污染天气橙色预警特别管控措施的通知。通知要求\n安环攻坚办〔2018〕542号\n"
                     "安阳市环境污染防治攻坚战指挥部办公室\n关于调整重污染天气橙色预警特别管控措施的通知\n各县",
                     "关于调整重污染天气橙色预警特别管控措施的通知", id="09-own-line-title-preferred"),
        pytest.param("鲁中网11月14日讯,《淄博市2018—2019年工业企业秋冬季错峰生产调控实施方案》出炉,实施时间为",
                     "淄博市2018-2019年工业企业秋冬季错峰生产调控实施方案", id="01-news-reports-a-plan"),
    ],
)
def test_title(text: str, title: str) -> None:
    found = find_title(normalize_text(text))
    assert found is not None and found.value == title


def test_cited_doc_number_is_not_the_notice_number() -> None:
    text = normalize_text("根据《关于印发淄博市重污染天气应急预案的通知》(淄政办字〔2020〕86号)精神,区工业和信息化局")
    assert find_doc_number(text) is None


@pytest.mark.parametrize(("text", "expected"), references.examples()["doc_number"]["examples"])
def test_doc_number_examples(text: str, expected: str) -> None:
    assert [d.value for d in references.find_doc_numbers(normalize_text(text))] == [normalize_text(expected)]


@pytest.mark.parametrize("text", references.examples()["doc_number"]["counter_examples"])
def test_doc_number_counter_examples(text: str) -> None:
    assert references.find_doc_numbers(normalize_text(text)) == []


def test_references_pair_titles_with_their_numbers() -> None:
    refs = references.find_references(normalize_text(corpus_text("003_")))
    pairs = {(r.title, r.doc_number) for r in refs}
    assert ("关于印发淄博市重污染天气应急预案的通知", "淄政办字〔2020〕86号") in pairs
    assert ("重污染天气重点行业应急减排措施制定技术指南", None) in pairs


@pytest.mark.parametrize(("text", "expected"), organizations.examples()[0])
def test_organization_examples(text: str, expected: list[str]) -> None:
    assert [o.name for o in organizations.find_organizations(normalize_text(text))] == expected


@pytest.mark.parametrize("text", organizations.examples()[1])
def test_organization_counter_examples(text: str) -> None:
    assert organizations.find_organizations(normalize_text(text)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("河南省新鄉(xiāng)市生態(tài)環(huán)境局發(fā)布", ["新乡市生态环境局"], id="06-most-specific-place"),
        pytest.param("贵州省工业和信息化厅和生态环境厅联合发布", ["贵州省工业和信息化厅", "贵州省生态环境厅"],
                     id="16-second-body-shares-the-place"),
        pytest.param("中国人民银行办公厅、税务总局办公厅联合发布", ["中国人民银行办公厅", "国家税务总局办公厅"],
                     id="17-full-name-of-a-short-form"),
        pytest.param("近日，唐山市政府下发通知", ["唐山市人民政府"], id="13-government-full-name"),
        pytest.param("14日,记者从淄博市环保局获悉", [], id="01-a-source-is-not-an-issuer"),
    ],
)
def test_organizations_in_running_text(text: str, expected: list[str]) -> None:
    assert [o.name for o in organizations.find_organizations(normalize_text(text))] == expected


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("湖南省经信委、环保厅联合下发", ["湖南省经济和信息化委员会", "湖南省环境保护厅"]),
        ("江西省工信厅发布", ["江西省工业和信息化厅"]),
        ("吉林省工信厅办公室", ["吉林省工业和信息化厅办公室"]),
        ("重庆市万盛经开区生态环境局", ["重庆市万盛经济技术开发区生态环境局"]),
        ("新疆生产建设兵团工信局", ["新疆生产建设兵团工业和信息化局"]),
        ("河北省发改委、住建厅", ["河北省发展和改革委员会", "河北省住房和城乡建设厅"]),
        ("11月8日,山东省工业和信息化厅,生态环境厅发布", ["山东省工业和信息化厅", "山东省生态环境厅"]),
        ("近日,山西省工业和信息化厅和省生态环境厅联合下发", ["山西省工业和信息化厅", "山西省生态环境厅"]),
        ("焦作市环委办发布橙色预警", ["焦作市生态环境保护委员会办公室"]),
    ],
    ids=["hunan-two-bodies", "jiangxi", "jilin-office", "wansheng-infix", "bingtuan", "hebei-two", "comma",
         "level-word-again", "huanweiban"],
)
def test_issuers_are_canonical_full_names(text: str, names: list[str]) -> None:
    from extract.recognize.organizations import find_organizations

    assert [o.name for o in find_organizations(text)] == names


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("原标题:红色预警!郑州重污染天气Ⅱ级响应调整为Ⅰ级响应\n据悉,郑州市决定…", "红色预警!郑州重污染天气Ⅱ级响应调整为Ⅰ级响应"),
        ("订阅社区杂志|\n关于做好水泥行业常态化错峰生产工作的通知(征求意见稿)\n各市:",
         "关于做好水泥行业常态化错峰生产工作的通知(征求意见稿)"),
        ("关于印发山东省重污染天气[/b][/color][color=#021EAA][b]应急预案的通知\n各市:", "关于印发山东省重污染天气应急预案的通知"),
        ("人民网>>湖北频道\n湖北省重污染天气应急预案\n为了…", "湖北省重污染天气应急预案"),
    ],
    ids=["original-title", "draft-status", "forum-markup", "site-channel"],
)
def test_titles_of_noisy_pages(text: str, title: str) -> None:
    from extract import extract_text

    assert extract_text(text).title == title


@pytest.mark.parametrize(
    ("issuers", "want"),
    [
        (["生态环境部", "唐山市人民政府"], ("city", "唐山市")),
        (["晋中市生态环境局", "工业和信息化部办公厅"], ("city", "晋中市")),
        (["生态环境部", "国家发展和改革委员会"], ("national", "全国")),
    ],
    ids=["local-after-national", "local-first", "all-national"],
)
def test_a_body_with_a_place_decides_the_jurisdiction(issuers: list[str], want: tuple[str, str]) -> None:
    from extract.recognize.metadata import jurisdiction_of
    from extract.recognize.regions import place_levels

    assert jurisdiction_of(issuers, place_levels()) == want


def test_page_furniture_examples_from_the_data_file() -> None:
    data = datafiles.load("normalize.toml")["page_furniture"]
    furniture = page_furniture()
    assert [e for e in data["examples"] if not furniture.search(normalize_text(e))] == []
    assert [e for e in data["counter_examples"] if furniture.search(normalize_text(e))] == []


def test_a_furniture_line_is_never_the_title(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "首页 > 新闻中心 > 通知公告\n来源:唐山市生态环境局网站\n唐山市2021-2022年采暖季钢铁行业错峰生产方案\n一、总体要求"
    found = find_title(normalize_text(text))
    assert found is not None and found.value == "唐山市2021-2022年采暖季钢铁行业错峰生产方案"
    monkeypatch.setattr("extract.recognize.metadata.page_furniture", lambda: regex.compile(r"(?!)"))
    found = find_title(normalize_text(text))
    assert found is not None and found.value == "首页>新闻中心>通知公告"  # what the furniture list prevents


def test_a_bad_furniture_pattern_names_the_entry() -> None:
    data = datafiles.load("normalize.toml")
    broken = {**data, "page_furniture": {**data["page_furniture"], "patterns": ["来源[:"]}}
    with pytest.raises(DataError, match=r"normalize\.toml: page_furniture\.patterns\[0\]: bad pattern"):
        datafiles.check("normalize.toml", broken)
