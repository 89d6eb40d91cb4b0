"""HTML ingestion: the article of a government-style page, nothing around it."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.core.errors import IngestError
from extract.ingest import read_document
from extract.ingest.config import config
from extract.ingest.html import declared_charset
from tests.fixtures_ingest.builders import (
    FOOTER_TEXT,
    NAV_ITEMS,
    SCRIPT_TEXT,
    make_html,
    seed_blocks,
    seed_lines,
    seed_table,
)

TITLE = seed_lines()[6].strip()  # 山西省工业和信息化厅 山西省生态环境厅 关于开展…的通知
CONTAINERS = {
    "trs-editor": '<div class="TRS_Editor">{body}</div>',
    "article-tag": "<article>{body}</article>",
    "zoom-id": '<div id="zoom"><div class="con">{body}</div></div>',
    "content-class": '<div class="article-content">{body}</div>',
}


@pytest.fixture(scope="module", params=list(CONTAINERS), ids=list(CONTAINERS))
def page_lines(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    path = tmp_path_factory.mktemp("html") / "notice.html"
    make_html(path, TITLE, seed_blocks()[:6], seed_table(), container=CONTAINERS[request.param])
    return read_document(path).text.split("\n")


def test_only_title_article_and_table(page_lines: list[str]) -> None:
    rows = ["\t".join(r) for r in seed_table()]
    assert page_lines == [TITLE, *seed_blocks()[:6], *rows]


@pytest.mark.parametrize(
    "junk",
    [*NAV_ITEMS, FOOTER_TEXT, "统计代码", "分享到", "当前位置", "评论", "color: red"],
)
def test_boilerplate_absent(page_lines: list[str], junk: str) -> None:
    assert not any(junk in line for line in page_lines)


@pytest.mark.parametrize(
    ("charset", "expected"),
    [("gb2312", "gb18030"), ("GBK", "gb18030"), ("gb18030", "gb18030"), ("utf-8", "utf-8")],
)
def test_meta_charset_decodes(tmp_path: Path, charset: str, expected: str) -> None:
    path = make_html(tmp_path / "p.htm", TITLE, seed_blocks()[:2], charset=charset)
    doc = read_document(path)
    assert (doc.fmt, doc.encoding) == ("html", expected)
    assert doc.text.split("\n") == [TITLE, *seed_blocks()[:2]]


def test_meta_charset_that_lies_falls_back_to_detection(tmp_path: Path) -> None:
    """The page says gb2312 but the bytes are UTF-8 (a common CMS mistake)."""
    path = make_html(tmp_path / "p.html", TITLE, seed_blocks()[:2], charset="utf-8")
    path.write_bytes(path.read_bytes().replace(b"charset=utf-8", b"charset=gb2312"))
    doc = read_document(path)
    assert doc.encoding == "utf-8"
    assert doc.text.split("\n") == [TITLE, *seed_blocks()[:2]]


def test_gbk_page_without_meta_is_detected(tmp_path: Path) -> None:
    path = make_html(tmp_path / "p.html", TITLE, seed_blocks()[:2], charset="gbk")
    path.write_bytes(path.read_bytes().replace(b"; charset=gbk", b""))
    doc = read_document(path)
    assert (doc.encoding, doc.text.split("\n")) == ("gb18030", [TITLE, *seed_blocks()[:2]])


def test_page_without_container_keeps_body_minus_boilerplate(tmp_path: Path) -> None:
    path = make_html(tmp_path / "p.html", TITLE, seed_blocks()[:3], container='<div class="x">{body}</div>')
    lines = read_document(path).text.split("\n")
    assert lines == [TITLE, "发布时间：2021-10-18", *seed_blocks()[:3]]


def test_layout_table_is_read_as_blocks(tmp_path: Path) -> None:
    """Old sites put the whole article in a layout table; its paragraphs stay lines."""
    blocks = seed_blocks()
    cell = "".join(f"<p>{b}</p>" for b in blocks[:4])
    inner = (
        "<table><tr><td>序号</td><td>企业名称</td></tr><tr><td>1</td><td>某某钢铁有限公司</td></tr></table>"
    )
    page = (
        f"<html><body><table><tr><td class='left'>栏目</td><td>{cell}{inner}</td></tr></table></body></html>"
    )
    path = tmp_path / "layout.html"
    path.write_text(page, encoding="utf-8")
    assert read_document(path).text.split("\n") == [
        "栏目",
        *blocks[:4],
        "序号\t企业名称",
        "1\t某某钢铁有限公司",
    ]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            "<p>一、总体要求<br>深入学习贯彻习近平生态文明思想</p>",
            ["一、总体要求", "深入学习贯彻习近平生态文明思想"],
        ),
        (
            "<div>各市工信局、生态环境局：</div><div>\u3000\u3000为深入打好污染防治攻坚战</div>",
            ["各市工信局、生态环境局：", "为深入打好污染防治攻坚战"],
        ),
        ("<p>对<b>钢铁</b>、<span>焦化</span>行业</p>", ["对钢铁、焦化行业"]),
        ("<ul><li>钢铁</li><li>焦化</li></ul>", ["钢铁", "焦化"]),
        ("<p>限产\n   50%</p>", ["限产 50%"]),
        ("<div style='display:none'>隐藏</div><p>二、错峰生产时间</p>", ["二、错峰生产时间"]),
        (
            "<table><tr><th>序号</th><th>停产时间</th></tr>"
            "<tr><td>1</td><td>2021年11月1日<br>-12月31日</td></tr><tr><td></td><td>&nbsp;</td></tr></table>",
            ["序号\t停产时间", "1\t2021年11月1日 -12月31日"],
        ),
        (
            "<p>注：</p><table><tr><td><p>钢铁</p><p>焦化</p></td><td>限产50%</td></tr></table>",
            ["注：", "钢铁 焦化\t限产50%"],
        ),
    ],
    ids=[
        "br",
        "div-indent",
        "inline",
        "list",
        "whitespace",
        "hidden",
        "cell-br-empty-row",
        "cell-paragraphs",
    ],
)
def test_block_layout(tmp_path: Path, html: str, expected: list[str]) -> None:
    path = tmp_path / "b.html"
    path.write_text(f"<html><body>{html}</body></html>", encoding="utf-8")
    assert read_document(path).text.split("\n") == expected


def test_xml_declaration_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "x.html"
    page = '<?xml version="1.0" encoding="gbk"?><html><body><p>二、错峰生产时间</p></body></html>'
    path.write_bytes(page.encode("gbk"))
    doc = read_document(path)
    assert (doc.text, doc.encoding) == ("二、错峰生产时间", "gb18030")


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>标题</title></head><body></body></html>",
        "<html><body><script>x()</script></body></html>",
    ],
    ids=["empty-body", "script-only"],
)
def test_page_without_text_is_an_ingest_error(tmp_path: Path, page: str) -> None:
    path = tmp_path / "e.html"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(IngestError, match="no text"):
        read_document(path)


@pytest.mark.parametrize(
    ("head", "charset"),
    [
        (b'<meta charset="gb2312">', "gb2312"),
        (b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=GBK'>", "GBK"),
        (b'<?xml version="1.0" encoding="utf-8"?>', "utf-8"),
        (b"<html><body>no charset</body></html>", None),
    ],
    ids=["meta-charset", "http-equiv", "xml", "none"],
)
def test_declared_charset(head: bytes, charset: str | None) -> None:
    assert declared_charset(head) == charset


@pytest.mark.parametrize("name", config().html.examples_drop)
def test_drop_word_examples(name: str) -> None:
    assert config().html.is_boilerplate_name(name)


@pytest.mark.parametrize("name", config().html.counter_examples_drop)
def test_drop_word_counter_examples(name: str) -> None:
    assert not config().html.is_boilerplate_name(name)


@pytest.mark.parametrize("name", config().html.examples_content)
def test_content_word_examples(name: str) -> None:
    assert config().html.is_content_name(name)


@pytest.mark.parametrize("name", config().html.counter_examples_content)
def test_content_word_counter_examples(name: str) -> None:
    assert not config().html.is_content_name(name)


def test_script_text_never_leaks(page_lines: list[str]) -> None:
    assert SCRIPT_TEXT not in "\n".join(page_lines)
