"""File names that are not valid UTF-8 (GBK names from Windows zips, say).

Python reads such a name with surrogate escapes (byte 0xB9 → U+DCB9), which cannot be
written to JSON or printed. :func:`display_path` writes each such byte as ``\\xNN`` (the
convention of Python's ``backslashreplace``); :func:`path_from_source` turns that text back
into the file's exact bytes, so the name is kept losslessly. A valid name is unchanged.

Example:
    >>> display_path(b"gb\\xb9\\xfa.txt".decode("utf-8", "surrogateescape"))
    'gb\\\\xb9\\\\xfa.txt'
    >>> path_from_source("gb\\\\xb9\\\\xfa.txt") == Path(os.fsdecode(b"gb\\xb9\\xfa.txt"))
    True
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_SURROGATE = re.compile("[\udc80-\udcff]")
_ESCAPED = re.compile(r"\\x([89a-f][0-9a-f])")


def has_undecodable(path: str | os.PathLike[str]) -> bool:
    """True if the name holds bytes that are not UTF-8 (surrogate escapes)."""
    return bool(_SURROGATE.search(os.fspath(path)))


def display_path(path: str | os.PathLike[str]) -> str:
    """``path`` as text that is safe to print and to write to JSON: each byte that is not
    UTF-8 is written ``\\xNN``; any other name is returned unchanged."""
    text = os.fspath(path)
    if not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", text)


def path_from_source(source: str) -> Path:
    """The file a notice's ``source`` names: the inverse of :func:`display_path`.

    ``\\xNN`` (NN ≥ 80, a byte that cannot start a UTF-8 character on its own) becomes the
    byte again; a name without such escapes is returned as it is.
    """
    if "\\x" not in source:
        return Path(source)
    return Path(_ESCAPED.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), source))
