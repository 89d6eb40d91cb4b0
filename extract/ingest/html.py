"""HTML: the main text of a (government) web page with lxml.

The bytes are decoded with the page's BOM or meta charset when it fits, else detected as
for .txt. Boilerplate is removed (script/style/nav/header/footer/aside…, elements whose
class/id says nav/menu/footer/breadcrumb/share…, ARIA navigation roles, hidden elements);
then the main content container is chosen (``<article>``/``<main>`` or the element whose
class/id says content/article/TRS_Editor/zoom…, the one with the most text) and the
nearest title before it is kept. Block elements become line breaks; a data table becomes
one ``\\t``-joined line per row, while a layout table (one holding another table or a long
cell) is read as blocks. Words and thresholds are in ``ingest.toml`` ``[html]``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import regex

from extract.core.errors import IngestError
from extract.ingest.config import HtmlConfig, config
from extract.ingest.txt import decode_bytes

_META_CHARSET = regex.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", regex.IGNORECASE)
_XML_DECL = regex.compile(r"""^\s*<\?xml[^>]*\?>""")
_XML_ENCODING = regex.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_\-:.]+)""")
_HTML_SPACE = regex.compile(r"[ \t\n\r\f]+")
_HIDDEN = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.IGNORECASE)
_LINE_TRIM = " \t\u3000\u00a0"


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (meta tag or XML declaration)."""
    head = data[:4096]
    found = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return found.group(1).decode("ascii") if found else None


def _names(el: Any) -> list[str]:
    return [v for v in (el.get("class"), el.get("id")) if v]


def _is_boilerplate(el: Any, cfg: HtmlConfig) -> bool:
    if el.tag in ("html", "body"):
        return False
    if el.tag in cfg.drop_tags or (el.get("role") or "").lower() in cfg.drop_roles:
        return True
    if el.get("hidden") is not None or _HIDDEN.search(el.get("style") or ""):
        return True
    return any(cfg.is_boilerplate_name(n) for n in _names(el))


def _clean(root: Any, cfg: HtmlConfig) -> None:
    """Remove comments, processing instructions and boilerplate elements in place."""
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str) or _is_boilerplate(el, cfg):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def _is_title(el: Any, cfg: HtmlConfig) -> bool:
    return el.tag in cfg.title_tags or any(cfg.is_title_name(n) for n in _names(el))


def _text_len(el: Any) -> int:
    return len(regex.sub(r"\s+", "", el.text_content()))


def _main_container(body: Any, cfg: HtmlConfig) -> Any:
    """The content container with the most text, or ``body`` when none holds enough."""
    total = _text_len(body)
    best, best_len = body, 0
    for el in body.iter():
        if el is body or not isinstance(el.tag, str):
            continue
        if _is_title(el, cfg):
            continue  # "article-title" names a title, not the article
        if el.tag in cfg.content_tags or any(cfg.is_content_name(n) for n in _names(el)):
            n = _text_len(el)
            if n > best_len:
                best, best_len = el, n
    if best is body or best_len < cfg.content_min_share * total or best_len == 0:
        return body
    return best


def _title_before(body: Any, container: Any, cfg: HtmlConfig) -> str | None:
    """The nearest title element before ``container`` and outside it, if any."""
    inside = set(container.iter())
    found = None
    for el in body.iter():
        if el is container:
            break
        if el in inside or not isinstance(el.tag, str):
            continue
        if _is_title(el, cfg):
            text = _HTML_SPACE.sub(" ", el.text_content()).strip(_LINE_TRIM)
            if text and len(text) <= cfg.title_max_chars:
                found = text
    return found


class _Writer:
    """Collects text into lines; block boundaries end the current line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []

    def text(self, s: str | None, pre: bool = False) -> None:
        if not s:
            return
        if pre:
            first, *rest = s.split("\n")
            self.current.append(first)
            for part in rest:
                self.newline()
                self.current.append(part)
        else:
            self.current.append(_HTML_SPACE.sub(" ", s))

    def newline(self) -> None:
        line = "".join(self.current).strip(_LINE_TRIM)
        if line:
            self.lines.append(line)
        self.current = []

    def line(self, s: str) -> None:
        self.newline()
        if s.strip(_LINE_TRIM):
            self.lines.append(s)


def _cell_text(cell: Any, cfg: HtmlConfig) -> str:
    """A table cell on one line: its text with line breaks and blocks inside made spaces."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        block = isinstance(el.tag, str) and el.tag in cfg.block_tags
        if block:
            parts.append(" ")
        parts.append(el.text or "")
        for child in el:
            walk(child)
            parts.append(child.tail or "")
        if block:
            parts.append(" ")

    walk(cell)
    return " ".join("".join(parts).replace("\u00a0", " ").split())


def _rows(table: Any) -> list[Any]:
    """The table's own rows (not those of nested tables)."""
    return [tr for tr in table.iter("tr") if _owner(tr) is table]


def _owner(el: Any) -> Any:
    parent = el.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _is_layout_table(table: Any, cfg: HtmlConfig) -> bool:
    if any(t is not table for t in table.iter("table")):
        return True
    return any(_text_len(cell) > cfg.layout_table_cell_chars for cell in table.iter("td", "th"))


def _render(el: Any, out: _Writer, cfg: HtmlConfig, pre: bool = False) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "table" and not _is_layout_table(el, cfg):
        out.newline()
        for tr in _rows(el):
            cells = [_cell_text(c, cfg) for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
            if any(cells):
                out.line("\t".join(cells))
        out.newline()
        out.text(el.tail, pre)
        return
    block = tag in cfg.block_tags or tag in ("td", "th")
    if block:
        out.newline()
    out.text(el.text, pre or tag == "pre")
    for child in el:
        _render(child, out, cfg, pre or tag == "pre")
    if block:
        out.newline()
    out.text(el.tail, pre)


def read_html(source: str, warnings: list[str] | None = None) -> tuple[str, str]:
    """Read the web page ``source``; return ``(main text, encoding)``.

    A near-UTF-8 page read with replacement characters appends one line to ``warnings``.
    """
    import lxml.html
    from lxml.etree import ParserError

    data = Path(source).read_bytes()
    text, encoding = decode_bytes(data, source, declared_charset(data), warnings)
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        raise IngestError(source, "no text in the HTML page")
    try:
        root = lxml.html.document_fromstring(text)
    except (ParserError, ValueError) as exc:
        raise IngestError(source, f"not a readable HTML page: {exc}") from None
    cfg = config().html
    _clean(root, cfg)
    body = root.find("body")
    if body is None:
        body = root
    container = _main_container(body, cfg)
    out = _Writer()
    if container is not body:
        title = _title_before(body, container, cfg)
        if title:
            out.line(title)
    _render(container, out, cfg)
    out.newline()
    if not out.lines:
        raise IngestError(source, "no text in the HTML page")
    return "\n".join(out.lines), encoding
