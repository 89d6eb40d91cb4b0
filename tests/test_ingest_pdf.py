"""PDF ingestion on real PDFs built with reportlab (STSong-Light) from seed 000."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from extract.core.errors import IngestError
from extract.ingest import read_document
from extract.ingest.config import config
from extract.ingest.pdf import join_wrapped
from tests.fixtures_ingest.builders import (
    PAGE_NUMBER_STYLES,
    make_mixed_pdf,
    make_pdf,
    seed_blocks,
    seed_header,
    seed_lines,
    seed_table,
)

FINAL = tuple("。；：！？;:!?")


def _squash(text: str) -> str:
    return regex.sub(r"\s+", "", text)


def _body_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if "\t" not in line]


@pytest.fixture(scope="module", params=list(PAGE_NUMBER_STYLES), ids=list(PAGE_NUMBER_STYLES))
def notice_pdf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """(page-number format, text read back) for a multi-page notice with a header and table."""
    fmt = PAGE_NUMBER_STYLES[request.param]
    path = tmp_path_factory.mktemp("pdf") / f"notice-{request.param}.pdf"
    make_pdf(path, seed_blocks(), seed_table(), header=seed_header(), page_number=fmt)
    return fmt, read_document(path).text


def test_generated_pdf_has_several_pages(tmp_path: Path) -> None:
    import pdfplumber

    path = make_pdf(tmp_path / "n.pdf", seed_blocks(), seed_table(), header=seed_header())
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 2


@pytest.mark.parametrize("block", range(len(seed_blocks())), ids=lambda i: f"block{i}")
def test_paragraph_comes_back_whole(notice_pdf: tuple[str, str], block: int) -> None:
    _, text = notice_pdf
    expected = _squash(seed_blocks()[block])
    assert expected in {_squash(line) for line in text.split("\n")}


def test_no_text_lost_or_added(notice_pdf: tuple[str, str]) -> None:
    _, text = notice_pdf
    assert _squash("".join(_body_lines(text))) == _squash("".join(seed_blocks()))


def test_running_header_dropped(notice_pdf: tuple[str, str]) -> None:
    _, text = notice_pdf
    assert _squash(seed_header()) not in _squash(text)


def test_page_numbers_dropped(notice_pdf: tuple[str, str]) -> None:
    fmt, text = notice_pdf
    numbers = {_squash(fmt.format(n=n, total=t)) for n in range(1, 6) for t in range(1, 6)}
    assert not numbers & {_squash(line) for line in text.split("\n")}


def test_table_rows_are_tab_joined_lines_after_the_text(notice_pdf: tuple[str, str]) -> None:
    _, text = notice_pdf
    lines = text.split("\n")
    rows = ["\t".join(row) for row in seed_table()]
    assert lines[-len(rows) :] == rows


def test_table_text_not_repeated(notice_pdf: tuple[str, str]) -> None:
    _, text = notice_pdf
    for row in seed_table():
        assert text.count(row[1]) == 1


@pytest.mark.parametrize("size", [11, 16], ids=["11pt", "16pt"])
def test_other_font_sizes_rejoin(tmp_path: Path, size: int) -> None:
    path = make_pdf(tmp_path / "n.pdf", seed_blocks(), None, header=seed_header(), font_size=size)
    assert read_document(path).text.split("\n") == seed_blocks()


@pytest.mark.parametrize("size", [12, 14, 16], ids=["12pt", "14pt", "16pt"])
def test_without_indent_breaks_only_after_final_punctuation(tmp_path: Path, size: int) -> None:
    """With no paragraph indent the only signal is the line end: a full line ending in
    。；：！？ may end a paragraph; any other break is re-joined."""
    path = make_pdf(
        tmp_path / "n.pdf", seed_blocks(), None, header=seed_header(), font_size=size, indent=False
    )
    text = read_document(path).text
    assert _squash(text) == _squash("".join(seed_blocks()))
    blocks = set(seed_blocks())
    for line in text.split("\n"):
        assert line in blocks or line.endswith(FINAL), line


@pytest.mark.parametrize("size", [12, 14, 16], ids=["12pt", "14pt", "16pt"])
@pytest.mark.parametrize("justify", [False, True], ids=["left", "justified"])
def test_wrapped_centred_title_is_one_line(tmp_path: Path, size: int, justify: bool) -> None:
    title = seed_lines()[6].strip()  # 山西省工业和信息化厅 山西省生态环境厅 关于开展…的通知
    path = make_pdf(
        tmp_path / "t.pdf",
        seed_blocks(),
        None,
        header=seed_header(),
        title=title,
        font_size=size,
        justify=justify,
    )
    lines = read_document(path).text.split("\n")
    assert _squash(lines[0]) == _squash(title)
    assert lines[1:] == seed_blocks()


def test_text_edges_are_measured_per_page_size(tmp_path: Path) -> None:
    """A landscape attachment page: its paragraph wraps at its own margin, and its list
    lines (wider than the portrait text) are not taken for wrapped lines."""
    blocks = seed_blocks()
    rows = [" ".join(seed_lines()[110].split("\t"))] + [" ".join(r) for r in seed_table()[1:]]
    path = make_mixed_pdf(tmp_path / "m.pdf", [blocks[1], blocks[3], blocks[5], blocks[7]], [blocks[8]], rows)
    assert read_document(path).text.split("\n") == [
        blocks[1],
        blocks[3],
        blocks[5],
        blocks[7],
        blocks[8],
        *rows,
    ]


def test_frame_around_the_text_is_not_a_table(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "b.pdf", seed_blocks(), seed_table(), header=seed_header(), border=True)
    rows = ["\t".join(row) for row in seed_table()]
    assert read_document(path).text.split("\n") == [*seed_blocks(), *rows]


def test_table_between_paragraphs_stays_in_place(tmp_path: Path) -> None:
    blocks = seed_blocks()
    path = make_pdf(tmp_path / "mid.pdf", blocks[:3], seed_table(), after=blocks[3:6], page_number=None)
    rows = ["\t".join(row) for row in seed_table()]
    assert read_document(path).text.split("\n") == [*blocks[:3], *rows, *blocks[3:6]]


def test_single_page_keeps_its_header_but_drops_its_page_number(tmp_path: Path) -> None:
    """One page gives no evidence that the top line is a running header."""
    path = make_pdf(
        tmp_path / "one.pdf", seed_blocks()[:2], None, header=seed_header(), page_number="- {n} -"
    )
    assert read_document(path).text.split("\n") == [seed_header(), *seed_blocks()[:2]]


def test_encrypted_pdf_is_an_ingest_error(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "secret.pdf", seed_blocks()[:2], None, encrypt="secret")
    with pytest.raises(IngestError, match=r"secret\.pdf: encrypted PDF"):
        read_document(path)


def test_pdf_without_text_is_an_ingest_error(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(100, 100, 300, 400, fill=1)  # a "scanned image": no text layer
    c.save()
    with pytest.raises(IngestError, match="no text layer"):
        read_document(path)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("not-pdf", "这不是PDF文件".encode()),
        ("header-only", b"%PDF-1.4\n%garbage garbage\n"),
        ("truncated", None),
    ],
)
def test_corrupt_pdf_is_an_ingest_error(tmp_path: Path, name: str, data: bytes | None) -> None:
    path = tmp_path / f"{name}.pdf"
    if data is None:
        good = make_pdf(tmp_path / "good.pdf", seed_blocks()[:2], None)
        data = good.read_bytes()[:400]
    path.write_bytes(data)
    with pytest.raises(IngestError, match=r"not a valid PDF") as err:
        read_document(path)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("pattern", "text"),
    [(p.name, e) for p in config().pdf.page_numbers for e in p.examples],
)
def test_page_number_examples(pattern: str, text: str) -> None:
    assert config().pdf.is_page_number(text)


@pytest.mark.parametrize(
    ("pattern", "text"),
    [(p.name, e) for p in config().pdf.page_numbers for e in p.counter_examples],
)
def test_page_number_counter_examples(pattern: str, text: str) -> None:
    assert not config().pdf.is_page_number(text)


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [(p.name, e, True) for p in config().pdf.heading_starts for e in p.examples]
    + [(p.name, e, False) for p in config().pdf.heading_starts for e in p.counter_examples],
)
def test_heading_start_examples(pattern: str, text: str, expected: bool) -> None:
    assert config().pdf.starts_heading(text) is expected


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("认真落实省委、省政", "府关于生态环境保护", "认真落实省委、省政府关于生态环境保护"),
        ("第一阶段:2021年", "11月1日", "第一阶段:2021年11月1日"),
        ("PM2.5 and", "PM10", "PM2.5 and PM10"),
        (
            "按照《重污染天气重点行业应急减排措施制定技术指南》确定的环",
            "保绩效分级",
            "按照《重污染天气重点行业应急减排措施制定技术指南》确定的环保绩效分级",
        ),
    ],
    ids=["han", "digits-after-han", "latin", "book-title"],
)
def test_join_wrapped(left: str, right: str, joined: str) -> None:
    assert join_wrapped(left, right) == joined
