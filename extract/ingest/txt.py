"""Plain text: decode bytes to ``str`` exactly (no newline or space changes).

Order: byte-order mark (UTF-32/UTF-8/UTF-16, the BOM is stripped) → a declared encoding
(HTML meta) → NUL bytes mean binary → strict UTF-8 → a clean GB2312 decoding (read as
GB18030, its superset) → the CJK encodings of ``ingest.toml`` that decode the bytes, with
charset-normalizer choosing among them (biased to GB18030). Nothing else is guessed: a
Chinese notice in any other encoding is far less likely than a damaged file. A decoding
that is mostly replacement or control characters is rejected. Text that is UTF-8 but for
a few bad bytes (a damaged copy) is read with U+FFFD in their place and a warning. Bytes
of another format (a PDF or a zip named .txt) are rejected naming what they are.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import regex

from extract.core.errors import IngestError
from extract.core.paths import display_path
from extract.ingest.config import config

# Longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TAG = regex.compile(r"<[^<>\n]{1,2000}>")
_SPACE = regex.compile(r"\s")
_INVISIBLE = str.maketrans("", "", "\ufeff\u200b\u200c\u200d\u2060")
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
        cjk = canonical_codec(name)
        text = _try_decode(data, cjk) if cjk else None
        if cjk and text is not None and _plausible(text):
            decoded[cjk] = text
    if len(decoded) <= 1:
        return next(((text, codec) for codec, text in decoded.items()), None)
    import charset_normalizer  # only for bytes that several CJK encodings decode

    matches = list(charset_normalizer.from_bytes(data, cp_isolation=list(decoded), threshold=1.0))
    ranked = list(decoded)  # in preference order
    if matches:
        best = min(m.chaos for m in matches)
        eligible = [canonical_codec(m.encoding) for m in matches if m.chaos <= best + cfg.preference_margin]
        ranked = [c for c in ranked if c in eligible] or ranked
    return decoded[ranked[0]], ranked[0]


def _salvage_utf8(data: bytes, path: str | Path, warnings: list[str] | None) -> str | None:
    """The text of ``data`` if it is UTF-8 but for a few bad bytes (each becomes U+FFFD), else None."""
    cfg = config().text
    bad = 0
    first = -1
    pos = 0
    while True:
        try:
            data[pos:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            bad += exc.end - exc.start
            if first < 0:
                first = pos + exc.start
            if bad > cfg.salvage_max_bad_bytes:
                return None
            pos += exc.end
    text = data.decode("utf-8", errors="replace")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if multibyte < cfg.salvage_min_multibyte or bad > cfg.salvage_max_bad_ratio * multibyte:
        return None
    if warnings is not None:
        warnings.append(f"{display_path(path)}: {bad} byte(s) that are not UTF-8 read as U+FFFD "
                        f"(first at byte {first}); check the file for damage")
    return text


def is_blank(text: str) -> bool:
    """True if ``text`` holds only whitespace, byte-order marks and zero-width characters."""
    return not text.translate(_INVISIBLE).strip()


def markup_share(text: str) -> float:
    """The share of ``text``'s non-space characters that lie inside ``<tags>``."""
    if "<" not in text:
        return 0.0
    solid = len(text) - len(_SPACE.findall(text))
    if solid == 0:
        return 0.0
    inside = sum(len(m.group()) - len(_SPACE.findall(m.group())) for m in _TAG.finditer(text))
    return inside / solid


def check_markup(text: str, path: str | Path, hint: str) -> None:
    """Raise IngestError when ``text`` is mostly markup (``hint`` says what to do)."""
    share = markup_share(text)
    if share > config().text.max_markup_share:
        raise IngestError(path, f"mostly markup ({share:.0%} of the text is inside <tags>), not a notice: {hint}")


def decode_bytes(
    data: bytes, path: str | Path, declared: str | None = None, warnings: list[str] | None = None
) -> tuple[str, str]:
    """Decode ``data`` (the bytes of ``path``) to text; return ``(text, codec_name)``.

    ``declared`` is an encoding named by the file itself (an HTML meta charset); it is
    used when the bytes decode under it cleanly. Raises IngestError when no decoding fits.
    A near-UTF-8 text read with replacement characters appends one line to ``warnings``.
    """
    if not data:
        raise IngestError(path, "empty file")
    for prefix, what, rename in config().text.magic:
        if data.startswith(prefix):
            suffix = Path(path).suffix or "(no extension)"
            raise IngestError(path, f"{what} named {suffix}, not text: rename it to {rename}")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as exc:
                raise IngestError(
                    path, f"undecodable text: invalid {codec} after its byte-order mark at byte {exc.start}"
                ) from None
    if declared:
        named = canonical_codec(declared)
        if named is not None:
            text = _try_decode(data, named)
            if text is not None and _plausible(text):
                return text, named
    if b"\x00" in data:
        raise IngestError(path, "binary file (contains NUL bytes), not text")
    text = _try_decode(data, "utf-8")
    if text is not None:
        if not _plausible(text):
            raise IngestError(path, "binary file (mostly control characters), not text")
        return text, "utf-8"
    salvaged = _salvage_utf8(data, path, warnings)
    if salvaged is not None:
        return salvaged, "utf-8"
    found = _detect_cjk(data)
    if found is None:
        names = ", ".join(config().text.cjk_encodings)
        raise IngestError(path, f"undecodable text: not UTF-8 (nor {names}) and no byte-order mark")
    return found


def read_txt(source: str, warnings: list[str] | None = None) -> tuple[str, str]:
    """Read the text file ``source``; return ``(text, encoding)``, the text exactly as decoded.

    Raises IngestError for a file that is not a notice's text: another format, no text
    beyond a byte-order mark or whitespace, or mostly markup (a web page saved as .txt).
    """
    text, encoding = decode_bytes(Path(source).read_bytes(), source, warnings=warnings)
    if is_blank(text):
        raise IngestError(source, "no text (only a byte-order mark)" if not text else "no text (only whitespace)")
    check_markup(text, source, "save a web page as .html, not .txt")
    return text, encoding
