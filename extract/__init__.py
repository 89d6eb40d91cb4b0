"""cuofeng: structured, source-grounded rules from Chinese 错峰生产 notices.

>>> from extract import extract_text
>>> notice = extract_text("关于开展2021-2022年秋冬季错峰生产的通知\n二、错峰生产时间\n2021年11月1日-2022年3月31日。")
>>> [(p.start, p.end) for p in notice.periods]
[('2021-11-01', '2022-03-31')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["__version__", "extract_file", "extract_text"]

if TYPE_CHECKING:
    from extract.core.models import Notice


def extract_text(text: str, source: str = "<text>") -> Notice:
    """Extract one notice from its decoded text."""
    from extract.pipeline import extract_text as _run

    return _run(text, source)


def extract_file(path: str) -> Notice:
    """Read one file (.txt, .pdf, .docx, .html) and extract its notice."""
    from extract.pipeline import extract_file as _run

    return _run(path)
