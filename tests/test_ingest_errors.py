"""Bad input: each case is one IngestError line naming the file and the reason."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
import regex

from extract.core.errors import IngestError
from extract.ingest import SUPPORTED_SUFFIXES, RawDocument, read_document


def _write(data: bytes) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(data)


# (id, file name, how to make it (None: leave it missing), reason pattern)
CASES: list[tuple[str, str, Callable[[Path], None] | None, str]] = [
    ("missing", "nowhere.txt", None, r"no such file"),
    ("directory", "corpus", lambda p: p.mkdir(), r"is a directory, not a file"),
    ("directory-with-suffix", "notice.txt", lambda p: p.mkdir(), r"is a directory, not a file"),
    (
        "unsupported",
        "notice.xyz",
        _write("错峰生产".encode()),
        r"unsupported file type \.xyz \(supported: \.docx, \.htm, \.html, \.pdf, \.txt\)",
    ),
    ("no-extension", "README", _write(b"text"), r"unsupported file type \(no extension\)"),
    ("legacy-doc", "notice.doc", _write(b"\xd0\xcf\x11\xe0"), r"unsupported file type \.doc "),
    *[(f"empty{s}", f"empty{s}", _write(b""), r"empty file") for s in sorted(SUPPORTED_SUFFIXES)],
    (
        "binary-txt",
        "image.txt",
        _write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
        r"binary file",
    ),
    ("binary-html", "page.html", _write(b"<html>\x00\x01\x02</html>"), r"binary file"),
    (
        "control-chars",
        "ctl.txt",
        _write(bytes(range(1, 9)) * 40),
        r"binary file \(mostly control characters\)",
    ),
    ("undecodable", "bad.txt", _write(b"\x80\xff\xfe\x80" * 64), r"undecodable text"),
    ("bad-utf16-after-bom", "bom.txt", _write(b"\xff\xfe\x00\xd8"), r"undecodable text: invalid utf-16"),
    ("corrupt-pdf", "broken.pdf", _write(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog"), r"not a valid PDF"),
    ("not-a-pdf", "fake.pdf", _write("错峰生产".encode()), r"not a valid PDF: no %PDF- header"),
    ("corrupt-docx", "broken.docx", _write(b"PK\x03\x04garbage"), r"not a valid \.docx \(zip\) file"),
]


@pytest.mark.parametrize(("name", "make", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(tmp_path: Path, name: str, make: Callable[[Path], None] | None, reason: str) -> None:
    path = tmp_path / name
    if make is not None:
        make(path)
    with pytest.raises(IngestError) as err:
        read_document(path)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert err.value.path == str(path)
    assert regex.search(reason, err.value.reason), err.value.reason


def test_source_is_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("notice.txt").write_text("二、错峰生产时间\n", encoding="utf-8")
    given = os.path.join(".", "notice.txt")
    doc = read_document(given)
    assert doc == RawDocument(source=given, text="二、错峰生产时间\n", fmt="txt", encoding="utf-8")


@pytest.mark.parametrize("suffix", [".TXT", ".Txt"])
def test_suffix_case_is_ignored(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"notice{suffix}"
    path.write_text("一、总体要求", encoding="utf-8")
    assert read_document(path).fmt == "txt"
