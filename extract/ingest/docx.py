"""DOCX: paragraphs and tables in document order with python-docx.

The body XML is walked in order, so a table comes out where it stands: one line per row,
cells joined by ``\\t`` (a merged cell counted once, a vertically merged continuation cell
empty). Blank paragraphs are skipped. Content controls (``w:sdt``) are entered. Page
headers and footers, footnotes, text boxes and automatic list numbers are not read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import Any

from extract.core.errors import IngestError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_unzipped_size(source: str, max_bytes: int) -> None:
    """Raise IngestError when the members of the zip ``source`` add up to more than
    ``max_bytes`` once decompressed (a zip bomb). The sizes are those the archive declares;
    ``zipfile`` never inflates a member past its declared size (it fails the CRC check)."""
    try:
        with zipfile.ZipFile(source) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError(source, f"not a valid .docx: {type(exc).__name__}: {exc}") from None
    if total > max_bytes:
        raise IngestError(
            source, f"decompresses to {total / 2**20:,.0f} MB, over the cap of {max_bytes / 2**20:,.0f} MB "
            "(raise it with --max-mb if the file is genuine)"
        )


def _open(source: str, max_bytes: int | None = None) -> Any:
    """The python-docx Document of ``source``, or an IngestError saying why not."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    with open(source, "rb") as fh:
        head = fh.read(8)
    if head == _OLE_MAGIC:
        raise IngestError(source, "not a valid .docx: a legacy .doc or an encrypted document (OLE file)")
    if not zipfile.is_zipfile(source):
        raise IngestError(source, "not a valid .docx (zip) file")
    if max_bytes is not None:
        check_unzipped_size(source, max_bytes)
    try:
        return docx.Document(source)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(source, f"not a valid .docx: {type(exc).__name__}: {exc}") from None
    except Exception as exc:  # lxml XMLSyntaxError and other damage inside the package
        raise IngestError(
            source, f"not a valid .docx: damaged content ({type(exc).__name__}: {exc})"
        ) from None


def _cell_text(tc: Any, parent: Any) -> str:
    """A cell's text on one line: its paragraphs (and nested tables) joined by spaces."""
    parts = [text for text in _blocks(tc, parent, nested=True) if text]
    return " ".join(" ".join(parts).replace("\t", " ").split("\n")).strip()


def _table_lines(tbl: Any, parent: Any, nested: bool) -> Iterator[str]:
    from docx.table import Table

    table = Table(tbl, parent)
    for tr in tbl.tr_lst:
        cells = [_cell_text(tc, table) for tc in tr.tc_lst]
        if not any(cells):
            continue
        yield " ".join(c for c in cells if c) if nested else "\t".join(cells)


def _blocks(element: Any, parent: Any, nested: bool = False) -> Iterator[str]:
    """Text of each paragraph and table row under ``element``, in document order."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            text = Paragraph(child, parent).text
            if text.strip():
                yield text.strip()
        elif child.tag == qn("w:tbl"):
            yield from _table_lines(child, parent, nested)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content, parent, nested)


def read_docx(source: str, max_bytes: int | None = None) -> str:
    """Read the .docx ``source`` into text: one line per paragraph and per table row.

    ``max_bytes`` caps the decompressed size of the package (IngestError past it).
    """
    document = _open(source, max_bytes)
    text = "\n".join(_blocks(document.element.body, document))
    if not text.strip():
        raise IngestError(source, "no text in the .docx body")
    return text
