"""Plain-text ingestion: encodings detected, BOM stripped, text otherwise byte-for-byte."""

from __future__ import annotations

import codecs
from pathlib import Path

import opencc
import pytest
import regex
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from extract.ingest import read_document
from extract.ingest.txt import bad_char_ratio, canonical_codec, decode_bytes

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEEDS = sorted(CORPUS.glob("0??_*.txt"))  # seeds 000–004
WEB = sorted(CORPUS.glob("[0-9][0-9]_*.txt"))  # web excerpts 01–22


def _seed(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# (id, how to encode the seed text, encoding read_document must report)
ENCODINGS = [
    ("gb18030", lambda s: s.encode("gb18030"), "gb18030"),
    ("utf8", lambda s: s.encode("utf-8"), "utf-8"),
    ("utf8-bom", lambda s: codecs.BOM_UTF8 + s.encode("utf-8"), "utf-8-sig"),
    ("utf16le-bom", lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"), "utf-16"),
    ("utf16be-bom", lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"), "utf-16"),
    ("utf32le-bom", lambda s: codecs.BOM_UTF32_LE + s.encode("utf-32-le"), "utf-32"),
]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize(("encode", "expected"), [e[1:] for e in ENCODINGS], ids=[e[0] for e in ENCODINGS])
def test_seed_round_trips_in_every_encoding(tmp_path: Path, seed: Path, encode, expected: str) -> None:
    text = _seed(seed)
    path = tmp_path / "notice.txt"
    path.write_bytes(encode(text))
    doc = read_document(path)
    assert doc.text == text
    assert doc.encoding == expected
    assert doc.fmt == "txt"
    assert doc.source == str(path)


@pytest.mark.parametrize("path", SEEDS + WEB, ids=lambda p: p.name[:2])
def test_corpus_file_reads_exactly(path: Path) -> None:
    raw = path.read_bytes()
    doc = read_document(str(path))
    assert doc.text == raw.decode("utf-8")
    assert doc.encoding == "utf-8"


@pytest.mark.parametrize(
    "line",
    [
        "晋工信节能字〔2021〕171号",
        "二、错峰生产时间",
        "（二）被评定为B级、B-级、C级、非引领性的企业实施错峰生产。",
        "2020年11月1日-2022年3月31日。",
    ],
    ids=["wenhao", "heading", "grades", "dates"],
)
def test_short_gbk_line_is_gb18030_not_big5(tmp_path: Path, line: str) -> None:
    """Short GBK text scores like Big5 for statistical detectors; GB must win."""
    path = tmp_path / "short.txt"
    path.write_bytes(line.encode("gbk"))
    doc = read_document(path)
    assert (doc.text, doc.encoding) == (line, "gb18030")


def test_gb2312_punctuation_decodes_as_gb18030(tmp_path: Path) -> None:
    """Python's gb2312 maps 0xA1AA to U+2015; GB18030 (and the source) has U+2014 —."""
    line = "2018—2019年秋冬季"  # from 01_zibo's title
    path = tmp_path / "dash.txt"
    path.write_bytes(line.encode("gb18030"))
    assert read_document(path).text == line


def test_big5_traditional_text(tmp_path: Path) -> None:
    text = opencc.OpenCC("s2t").convert(_seed(SEEDS[0]))
    data = text.encode("big5", errors="ignore")
    path = tmp_path / "big5.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert (doc.text, doc.encoding) == (data.decode("big5"), "big5")


@pytest.mark.parametrize(
    ("newline", "encoding"),
    [("\r\n", "utf-8"), ("\r\n", "gb18030"), ("\r", "utf-8")],
    ids=["crlf-utf8", "crlf-gbk", "cr-utf8"],
)
def test_line_ends_are_kept(tmp_path: Path, newline: str, encoding: str) -> None:
    text = _seed(SEEDS[0]).replace("\n", newline)
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.encode(encoding))
    assert read_document(path).text == text


def test_bom_only_in_front_is_stripped(tmp_path: Path) -> None:
    text = "一、总体要求\ufeff\n"  # a BOM later in the text is content and stays
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    assert read_document(path).text == text


@pytest.mark.parametrize(
    ("label", "codec"),
    [("GB2312", "gb18030"), ("gbk", "gb18030"), ("x-gbk", "gb18030"), ("UTF-8", "utf-8"), ("Big5", "big5")],
)
def test_canonical_codec_maps_to_superset(label: str, codec: str) -> None:
    assert canonical_codec(label) == codec


def test_unknown_codec_label_is_none() -> None:
    assert canonical_codec("no-such-charset") is None


@pytest.mark.parametrize(
    ("text", "ratio"),
    [("错峰生产", 0.0), ("错峰\ufffd\ufffd", 0.5), ("a\x01b\x02", 0.5), ("a\tb\r\n", 0.0)],
    ids=["clean", "replacement", "controls", "whitespace"],
)
def test_bad_char_ratio(text: str, ratio: float) -> None:
    assert bad_char_ratio(text) == ratio


_TEXTS = [_seed(p) for p in SEEDS + WEB]
_S2T = opencc.OpenCC("s2t")
_HAN = regex.compile(r"\p{Han}")


@st.composite
def _excerpt(draw: st.DrawFn, min_han: int) -> str:
    text = draw(st.sampled_from(_TEXTS))
    start = draw(st.integers(0, len(text) - 1))
    length = draw(st.integers(min_han, 400))
    piece = text[start : start + length]
    assume(len(_HAN.findall(piece)) >= min_han)  # a short cut of a corpus file is not this case
    return piece


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_excerpt(min_han=10))
def test_any_gbk_excerpt_round_trips(piece: str) -> None:
    """Any corpus excerpt with 10+ Chinese characters, GB18030-encoded, decodes back."""
    assert decode_bytes(piece.encode("gb18030"), "x.txt")[0] == piece


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_excerpt(min_han=40))
def test_any_big5_excerpt_round_trips(piece: str) -> None:
    """Traditional text in Big5 with 40+ characters is not mistaken for GBK."""
    data = _S2T.convert(piece).encode("big5", errors="ignore")
    expected = data.decode("big5")
    if len(_HAN.findall(expected)) >= 40:
        assert decode_bytes(data, "x.txt")[0] == expected
