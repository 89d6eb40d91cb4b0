"""DOCX ingestion on real .docx files built with python-docx from seed 000."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from extract.core.errors import IngestError
from extract.ingest import read_document
from tests.fixtures_ingest.builders import make_docx, seed_blocks, seed_table


@pytest.fixture(scope="module")
def notice_lines(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    blocks = seed_blocks()
    path = tmp_path_factory.mktemp("docx") / "notice.docx"
    make_docx(path, blocks[:3], seed_table(), blocks[3:6])
    doc = read_document(path)
    assert (doc.fmt, doc.encoding) == ("docx", None)
    return doc.text.split("\n")


def test_paragraphs_before_the_table(notice_lines: list[str]) -> None:
    assert notice_lines[:3] == seed_blocks()[:3]


@pytest.mark.parametrize("row", range(len(seed_table())), ids=lambda r: f"row{r}")
def test_table_row_in_place(notice_lines: list[str], row: int) -> None:
    assert notice_lines[3 + row] == "\t".join(seed_table()[row])


def test_paragraphs_after_the_table(notice_lines: list[str]) -> None:
    assert notice_lines[3 + len(seed_table()) :] == seed_blocks()[3:6]


def test_merged_cells_counted_once(tmp_path: Path) -> None:
    """A header merged across three columns is one cell; a cell merged down two rows
    gives its text once and an empty cell below."""
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "2021-2022年秋冬季错峰生产企业清单"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "钢铁"
    table.cell(1, 1).text, table.cell(1, 2).text = "A级", "豁免错峰生产"
    table.cell(2, 1).text, table.cell(2, 2).text = "B级", "限产30%"
    document.save(str(tmp_path / "merged.docx"))
    assert read_document(tmp_path / "merged.docx").text.split("\n") == [
        "2021-2022年秋冬季错峰生产企业清单",
        "钢铁\tA级\t豁免错峰生产",
        "\tB级\t限产30%",
    ]


def test_multi_paragraph_cell_stays_on_its_row(tmp_path: Path) -> None:
    document = docx.Document()
    cell = document.add_table(rows=1, cols=2).cell(0, 1)
    cell.text = "停产时间"
    cell.add_paragraph("2021年11月1日-12月31日")
    document.tables[0].cell(0, 0).text = "1"
    document.save(str(tmp_path / "cell.docx"))
    assert read_document(tmp_path / "cell.docx").text == "1\t停产时间 2021年11月1日-12月31日"


def test_blank_paragraphs_skipped(tmp_path: Path) -> None:
    document = docx.Document()
    for text in ["一、总体要求", "", "   ", "二、错峰生产时间"]:
        document.add_paragraph(text)
    document.save(str(tmp_path / "blank.docx"))
    assert read_document(tmp_path / "blank.docx").text == "一、总体要求\n二、错峰生产时间"


def _zip_without_document(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "错峰生产")


@pytest.mark.parametrize(
    ("name", "write", "reason"),
    [
        ("text", lambda p: p.write_bytes("错峰生产通知".encode()), r"not a valid \.docx \(zip\) file"),
        ("truncated-zip", None, r"not a valid \.docx"),
        ("zip-no-document", _zip_without_document, r"not a valid \.docx"),
        (
            "legacy-doc",
            lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504),
            r"legacy \.doc",
        ),
    ],
)
def test_corrupt_docx_is_an_ingest_error(tmp_path: Path, name: str, write, reason: str) -> None:
    path = tmp_path / f"{name}.docx"
    if write is None:
        good = make_docx(tmp_path / "good.docx", seed_blocks()[:2], seed_table(), [])
        path.write_bytes(good.read_bytes()[:300])
    else:
        write(path)
    with pytest.raises(IngestError, match=reason) as err:
        read_document(path)
    assert str(err.value).startswith(str(path) + ": ")
    assert "\n" not in str(err.value)


def test_docx_without_text_is_an_ingest_error(tmp_path: Path) -> None:
    docx.Document().save(str(tmp_path / "empty.docx"))
    with pytest.raises(IngestError, match="no text"):
        read_document(tmp_path / "empty.docx")
