"""Make real test files (PDF with reportlab, DOCX with python-docx, HTML) from corpus seeds."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SEED_000 = CORPUS / "000_73ffc19bcbd17b6c.txt"

#: lines of seed 000 (0-based) used as headings and paragraphs, in order
SEED_000_BLOCKS: tuple[int, ...] = (14, 16, 18, 20, 22, 24, 26, 28, 34, 36, 38, 44, 46, 48, 50, 56)
#: the running header: the 文号 of seed 000 (line 4)
SEED_000_HEADER_LINE = 4
#: the attachment table header of seed 000 (line 110), first five columns
SEED_000_TABLE_LINE = 110


def seed_lines(path: Path = SEED_000) -> list[str]:
    """The seed's lines, without line ends."""
    return path.read_text(encoding="utf-8").splitlines()


def seed_blocks() -> list[str]:
    """Headings and paragraphs of seed 000 used in generated documents."""
    lines = seed_lines()
    return [lines[i].strip() for i in SEED_000_BLOCKS]


def seed_header() -> str:
    """The 文号 line of seed 000, used as a running header."""
    return seed_lines()[SEED_000_HEADER_LINE].strip()


def seed_table() -> list[list[str]]:
    """The attachment table of seed 000 (first five columns), with filled example rows."""
    cols = seed_lines()[SEED_000_TABLE_LINE].split("\t")
    header = [cols[i] for i in (0, 1, 2, 3, 5)]  # 序号 企业名称 所属行业 企业生产地址 停产时间
    return [
        header,
        ["1", "某某钢铁有限公司", "钢铁", "太原市清徐县", "2021年11月1日-12月31日"],
        ["2", "某某焦化有限公司", "焦化", "晋中市介休市", "2022年1月1日-3月31日"],
        ["3", "某某水泥有限公司", "建材", "长治市潞城区", "2021年11月15日-2022年3月15日"],
    ]


PAGE_NUMBER_STYLES: dict[str, str] = {
    "dashed": "- {n} -",
    "chinese": "第{n}页",
    "fraction": "{n}/{total}",
    "bare": "{n}",
}


def make_pdf(
    path: Path,
    blocks: Sequence[str],
    table: Sequence[Sequence[str]] | None = None,
    header: str | None = None,
    page_number: str | None = "- {n} -",
    encrypt: str | None = None,
    font_size: float = 14,
    indent: bool = True,
    after: Sequence[str] = (),
    title: str | None = None,
    justify: bool = False,
    border: bool = False,
) -> Path:
    """Write a Chinese PDF: paragraphs wrapped by the layout, an optional table after them
    (then the ``after`` paragraphs), a running header and a page number on every page
    (STSong-Light, no font files). A ``title`` is centred in a larger type above the text."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle(
        "body",
        fontName="STSong-Light",
        fontSize=font_size,
        leading=font_size * 1.6,
        wordWrap="CJK",
        firstLineIndent=font_size * 2 if indent else 0,
        spaceAfter=font_size * 0.5,
        alignment=TA_JUSTIFY if justify else TA_LEFT,
    )
    heading = ParagraphStyle("heading", parent=body, firstLineIndent=0)
    title_style = ParagraphStyle(
        "title",
        parent=heading,
        fontSize=font_size * 1.5,
        leading=font_size * 2.2,
        alignment=TA_CENTER,
        spaceAfter=font_size,
    )

    def story() -> list:
        flow: list = [Paragraph(title, title_style)] if title else []
        flow.extend(Paragraph(b, heading if len(b) < 20 else body) for b in blocks)
        if table:
            flow.append(Spacer(1, font_size))
            t = Table([list(r) for r in table])
            t.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                        ("FONTSIZE", (0, 0), (-1, -1), 10),
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ]
                )
            )
            flow.append(t)
            flow.append(Spacer(1, font_size))
        flow.extend(Paragraph(b, heading if len(b) < 20 else body) for b in after)
        return flow

    def build(target, total: int) -> int:  # noqa: ANN001 (a path or a file object)
        pages: list[int] = []

        def decorate(canvas, doc) -> None:  # noqa: ANN001 (reportlab callback)
            pages.append(doc.page)
            canvas.saveState()
            canvas.setFont("STSong-Light", 10)
            width, height = A4
            if header:
                canvas.drawCentredString(width / 2, height - 40, header)
                canvas.line(doc.leftMargin, height - 46, width - doc.rightMargin, height - 46)
            if border:  # a frame around the text block, as some notices have
                canvas.rect(doc.leftMargin - 6, doc.bottomMargin - 6, doc.width + 12, doc.height + 12)
            if page_number:
                canvas.drawCentredString(width / 2, 30, page_number.format(n=doc.page, total=total))
            canvas.restoreState()

        kwargs = {"encrypt": encrypt} if encrypt else {}
        SimpleDocTemplate(target, pagesize=A4, **kwargs).build(
            story(), onFirstPage=decorate, onLaterPages=decorate
        )
        return len(pages)

    total = build(io.BytesIO(), 0)  # first pass counts the pages
    build(str(path), total)
    return path


def make_docx(
    path: Path, before: Sequence[str], table: Sequence[Sequence[str]], after: Sequence[str]
) -> Path:
    """Write a .docx: paragraphs, a table, then more paragraphs (python-docx)."""
    import docx

    document = docx.Document()
    for text in before:
        document.add_paragraph(text)
    document.add_paragraph("")  # a blank paragraph, as Word documents have
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, cell in enumerate(row):
            grid.cell(r, c).text = cell
    for text in after:
        document.add_paragraph(text)
    document.save(str(path))
    return path


NAV_ITEMS = ("首页", "政务公开", "政策文件", "互动交流")
FOOTER_TEXT = "主办单位：某某省生态环境厅 版权所有 备案号：晋ICP备00000000号"
SCRIPT_TEXT = "var _hmt = _hmt || []; document.write('统计代码');"


def make_html(
    path: Path,
    title: str,
    paragraphs: Sequence[str],
    table: Sequence[Sequence[str]] | None = None,
    charset: str = "utf-8",
    container: str = '<div class="TRS_Editor">{body}</div>',
) -> Path:
    """Write a government-style web page: head with script/style, nav, breadcrumb, a share
    bar, the article (title outside the content container), a footer; encoded in ``charset``."""
    rows = ""
    if table:
        rows = (
            "<table border='1'>"
            + "".join("<tr>" + "".join(f"<td><p>{c}</p></td>" for c in row) + "</tr>" for row in table)
            + "</table>"
        )
    body = "".join(f"<p>\u3000\u3000{p}</p>\n" for p in paragraphs) + rows
    nav = "".join(f"<li><a href='#'>{n}</a></li>" for n in NAV_ITEMS)
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_某某省生态环境厅</title>
<style>.nav {{ color: red; }}</style><script>{SCRIPT_TEXT}</script></head>
<body>
<div class="header"><nav><ul>{nav}</ul></nav></div>
<div class="main-menu"><a href="#">{NAV_ITEMS[1]}</a></div>
<div class="breadcrumb">当前位置：首页 &gt; {NAV_ITEMS[2]}</div>
<div class="wrap">
  <h1 class="article-title">{title}</h1>
  <div class="info">发布时间：2021-10-18</div>
  {container.format(body=body)}
  <div class="bdsharebuttonbox">分享到：微信 微博</div>
</div>
<!-- 评论：这是注释 -->
<script>{SCRIPT_TEXT}</script>
<footer><p>{FOOTER_TEXT}</p></footer>
</body></html>
"""
    path.write_bytes(page.encode(charset))
    return path


def make_mixed_pdf(
    path: Path,
    portrait: Sequence[str],
    landscape: Sequence[str],
    rows: Sequence[str] = (),
    font_size: float = 16,
) -> Path:
    """Write a PDF whose first page is portrait A4 and second landscape A4, each holding
    indented paragraphs wrapped to the page's width, the landscape one then ``rows``
    (unindented list lines, no table rules)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as turn
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    from reportlab.platypus import Paragraph

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle(
        "body",
        fontName="STSong-Light",
        fontSize=font_size,
        leading=font_size * 1.6,
        wordWrap="CJK",
        firstLineIndent=font_size * 2,
    )
    row = ParagraphStyle("row", parent=body, firstLineIndent=0)
    c = canvas.Canvas(str(path), pagesize=A4)
    pages = (
        (A4, [(t, body) for t in portrait]),
        (turn(A4), [(t, body) for t in landscape] + [(t, row) for t in rows]),
    )
    for size, blocks in pages:
        c.setPageSize(size)
        width, height = size
        y = height - 72
        for text, style in blocks:
            para = Paragraph(text, style)
            _, h = para.wrap(width - 144, height)
            para.drawOn(c, 72, y - h)
            y -= h + font_size / 2
        c.showPage()
    c.save()
    return path
