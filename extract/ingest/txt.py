"""Plain text: decode bytes to ``str`` exactly (no newline or space changes).

Order: byte-order mark (UTF-32/UTF-8/UTF-16, the BOM is stripped) → a declared encoding
(HTML meta) → NUL bytes mean binary → strict UTF-8 → a clean GB2312 decoding (read as
GB18030, its superset) → the CJK encodings of ``ingest.toml`` that decode the bytes, with
charset-normalizer choosing among them (biased to GB18030). Nothing else is guessed: a
Chinese notice in any other encoding is far less likely than a damaged file. A decoding
that is mostly replacement or control characters is rejected.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import charset_normalizer
import regex

from extract.core.errors import IngestError
from extract.ingest.config import config

# Longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# U+FFFD, unassigned code points, and control characters other than \t \n \r \f \v
_BAD_CHAR = regex.compile(r"[\ufffd\p{Cn}[\p{Cc}--[\t\n\r\f\v]]]", regex.V1)


def canonical_codec(name: str) -> str | None:
    """Python's name for an encoding label, mapped to its superset codec (gbk → gb18030).

    Returns None for a label Python does not know.
    """
    label = name.strip().lower()
    label = config().text.superset.get(label, label)
    try:
        canon = codecs.lookup(label).name
    except LookupError:
        return None
    return config().text.superset.get(canon, canon)


def bad_char_ratio(text: str) -> float:
    """Fraction of characters that are U+FFFD, control (other than whitespace) or unassigned."""
    if not text:
        return 0.0
    bad = len(_BAD_CHAR.findall(text))
    return bad / len(text)


def _plausible(text: str) -> bool:
    return bad_char_ratio(text) <= config().text.max_bad_char_ratio


def _try_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect_cjk(data: bytes) -> tuple[str, str] | None:
    """The CJK decoding of ``data``: a clean GB2312 decoding first (read as its superset),
    else the one CJK encoding that decodes it, else charset-normalizer's choice among
    those that do, biased to the order in ``cjk_encodings``."""
    cfg = config().text
    for name in cfg.strict_first:
        if _try_decode(data, name) is not None:
            codec = canonical_codec(name) or name  # decode as the superset: 0xA1AA is U+2014 there
            text = _try_decode(data, codec)
            if text is not None and _plausible(text):
                return text, codec
    decoded: dict[str, str] = {}
    for name in cfg.cjk_encodings:
        codec = canonical_codec(name)
        text = _try_decode(data, codec) if codec else None
        if codec and text is not None and _plausible(text):
            decoded[codec] = text
    if len(decoded) <= 1:
        return next(((text, codec) for codec, text in decoded.items()), None)
    matches = list(charset_normalizer.from_bytes(data, cp_isolation=list(decoded), threshold=1.0))
    ranked = list(decoded)  # in preference order
    if matches:
        best = min(m.chaos for m in matches)
        eligible = [canonical_codec(m.encoding) for m in matches if m.chaos <= best + cfg.preference_margin]
        ranked = [c for c in ranked if c in eligible] or ranked
    return decoded[ranked[0]], ranked[0]


def decode_bytes(data: bytes, path: str | Path, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` (the bytes of ``path``) to text; return ``(text, codec_name)``.

    ``declared`` is an encoding named by the file itself (an HTML meta charset); it is
    used when the bytes decode under it cleanly. Raises IngestError when no decoding fits.
    """
    if not data:
        raise IngestError(path, "empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as exc:
                raise IngestError(
                    path, f"undecodable text: invalid {codec} after its byte-order mark at byte {exc.start}"
                ) from None
    if declared:
        codec = canonical_codec(declared)
        if codec is not None:
            text = _try_decode(data, codec)
            if text is not None and _plausible(text):
                return text, codec
    if b"\x00" in data:
        raise IngestError(path, "binary file (contains NUL bytes), not text")
    text = _try_decode(data, "utf-8")
    if text is not None:
        if not _plausible(text):
            raise IngestError(path, "binary file (mostly control characters), not text")
        return text, "utf-8"
    found = _detect_cjk(data)
    if found is None:
        names = ", ".join(config().text.cjk_encodings)
        raise IngestError(path, f"undecodable text: not UTF-8 (nor {names}) and no byte-order mark")
    return found


def read_txt(source: str) -> tuple[str, str]:
    """Read the text file ``source``; return ``(text, encoding)``, the text exactly as decoded."""
    return decode_bytes(Path(source).read_bytes(), source)
