"""A self-contained HTML report of extracted notices, with their evidence highlighted.

One static page (inline CSS and a little vanilla JS from ``extract/data/report.*``, no
network): an index of notices, then per notice its metadata, tables of rules, periods,
industries, regions, emission limits, references, plans, duplicates and warnings, and the
full source text with every item's span highlighted. Highlights nest: the text is split at
every span boundary and each item becomes one element (rules are placed first, so a rule's
evidence is always a single element ``id="n{i}-r{j}"`` whose text is exactly ``raw[span]``);
a later item that crosses an earlier one is cut into pieces at the earlier one's edges.
Everything taken from the notice or the source is escaped. The output is deterministic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from extract.core import datafiles, render
from extract.core.datafiles import load
from extract.core.errors import DataError, IngestError
from extract.core.models import Action, Condition, Notice, Period, Rule

_DATA = "report.toml"
_REQUIRED = ("kinds", "levels")
DEFAULT_NAME = "report.html"


@cache
def _words() -> dict[str, Any]:
    """``extract/data/report.toml``, checked once."""
    data = load(_DATA)
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise DataError(f"{_DATA}: missing tables {missing}")
    order = data["kinds"].get("order", [])
    labels = data["kinds"].get("labels", {})
    if not order or sorted(order) != sorted(labels):
        raise DataError(f"{_DATA}: [kinds].order and [kinds.labels] must name the same kinds")
    return data


@cache
def _asset(name: str) -> str:
    return datafiles.read_text(name)


# ---------------------------------------------------------------- words


def _num(x: float) -> str:
    return f"{round(x, 6):g}"


_date = render.date_words


def period_words(p: Period | None) -> str:
    """A period in words: ``第一阶段 11月15日–3月15日 (每年)``; ``—`` for none."""
    if p is None:
        return "—"
    parts = [p.label] if p.label else []
    if p.start or p.end:
        parts.append(f"{_date(p.start)}–{_date(p.end)}")
    if p.recurring:
        parts.append("(每年)")
    if p.industries:
        parts.append("行业: " + "、".join(p.industries))
    if p.regions:
        parts.append("地区: " + "、".join(p.regions))
    return " ".join(parts) or "—"


def condition_words(c: Condition) -> str:
    """A rule's condition in words (``D级；可中断工序``, criteria included); ``—`` when it applies to all."""
    return render.condition(c, criteria=True, empty="—")


def measure_words(a: Action) -> str:
    """A measure in words (``core/render.py``): 限产30%（basis）, 停产2.5个月, 停产（12月1日至1月31日）."""
    return render.measure(a, basis=True)


def rule_words(j: int, r: Rule) -> str:
    """The tooltip of a rule: who, when, what."""
    return (
        f"规则 {j + 1}: {r.industry or '全部行业'} | 条件: {condition_words(r.condition)} | "
        f"措施: {measure_words(r.action)} | 时段: {period_words(r.period)}"
    )


# ---------------------------------------------------------------- highlight tree


@dataclass(eq=False)
class _Mark:
    kind: str
    anchor: str
    title: str


@dataclass(eq=False)
class _Node:
    start: int
    end: int
    mark: _Mark | None
    children: list[_Node] = field(default_factory=list)


def _insert(node: _Node, a: int, b: int, mark: _Mark) -> None:
    """Place ``[a, b)`` under ``node`` without ever splitting an existing node.

    A child holding the whole span takes it; a child crossing one edge takes the part
    inside it; what is left becomes a new node wrapping the children it covers.
    """
    a, b = max(a, node.start), min(b, node.end)
    if a >= b:
        return
    kids = node.children
    hit = [c for c in kids if c.start < b and c.end > a]
    if hit:
        first, last = hit[0], hit[-1]
        if first.start <= a and first.end >= b:
            _insert(first, a, b, mark)
            return
        if first.start < a:
            _insert(first, a, first.end, mark)
            a = first.end
        if last.end > b:
            _insert(last, last.start, b, mark)
            b = last.start
        if a >= b:
            return
    inside = [c for c in kids if a <= c.start and c.end <= b]
    rest = [c for c in kids if not (a <= c.start and c.end <= b)]
    new = _Node(a, b, mark, inside)
    pos = next((i for i, c in enumerate(rest) if c.start >= b), len(rest))
    node.children = [*rest[:pos], new, *rest[pos:]]


def _text(raw: str) -> str:
    # A CR is written as a reference: parsers would otherwise fold CRLF into LF.
    return escape(raw).replace("\r", "&#13;")


def _render_node(node: _Node, raw: str, out: list[str], seen: set[int]) -> None:
    pos = node.start
    for c in node.children:
        out.append(_text(raw[pos : c.start]))
        m = c.mark
        assert m is not None
        if id(m) in seen:
            attrs = f' data-ref="{escape(m.anchor)}"'
        else:
            seen.add(id(m))
            attrs = f' id="{escape(m.anchor)}"'
        out.append(f'<mark class="k-{m.kind}"{attrs} title="{escape(m.title)}">')
        _render_node(c, raw, out, seen)
        out.append("</mark>")
        pos = c.end
    out.append(_text(raw[pos : node.end]))


def highlight(raw: str, marks: Iterable[tuple[tuple[int, int], str, str, str]]) -> tuple[str, int]:
    """The escaped text of ``raw`` with ``(span, kind, anchor, title)`` marks nested in.

    Marks are placed in the order given (earlier ones are never split). Returns the HTML
    and the number of marks skipped because their span lies outside the text or is empty.
    """
    root = _Node(0, len(raw), None)
    skipped = 0
    for (a, b), kind, anchor, title in marks:
        if not (0 <= a < b <= len(raw)):
            skipped += 1
            continue
        _insert(root, a, b, _Mark(kind, anchor, title))
    out: list[str] = []
    _render_node(root, raw, out, set())
    return "".join(out), skipped


# ---------------------------------------------------------------- per notice


@dataclass
class _Table:
    kind: str
    heading: str
    columns: list[str]
    rows: list[tuple[str | None, list[str]]]  # (anchor of the evidence, cells)


def _items(i: int, n: Notice) -> tuple[list[tuple[tuple[int, int], str, str, str]], list[_Table]]:
    """Every highlight of notice ``i`` (in kind order) and its tables."""
    w = _words()
    labels = w["kinds"]["labels"]
    marks: dict[str, list[tuple[tuple[int, int], str, str, str]]] = {k: [] for k in w["kinds"]["order"]}
    tables: list[_Table] = []

    def add(kind: str, anchor: str, span: Any, title: str) -> str | None:
        if span is None:
            return None
        marks[kind].append(((span[0], span[1]), kind, anchor, title))
        return anchor

    def table(kind: str, columns: list[str], items: list[Any], key: str,
              title: Callable[[int, Any], str], cells: Callable[[int, Any], list[str]]) -> None:
        rows = []
        for j, it in enumerate(items):
            anchor = add(kind, f"n{i}-{key}{j}", it.span, title(j, it))
            rows.append((anchor, [str(j + 1), *cells(j, it)]))
        tables.append(_Table(kind, labels[kind], ["#", *columns], rows))

    table("rule", ["行业", "条件", "措施", "时段", "原文"], n.rules, "r", rule_words,
          lambda j, r: [r.industry or "全部行业", condition_words(r.condition), measure_words(r.action),
                        period_words(r.period), r.text])
    table("period", ["起止", "标签", "每年", "行业", "地区"], n.periods, "p",
          lambda j, p: f"时段 {j + 1}: {period_words(p)}",
          lambda j, p: [f"{_date(p.start)}–{_date(p.end)}", p.label or "—", "是" if p.recurring else "",
                        "、".join(p.industries), "、".join(p.regions)])
    table("industry", ["行业", "上级", "不含"], n.industries, "i",
          lambda j, x: f"行业: {x.name}" + (f"（{x.parent}）" if x.parent else "")
          + (f" 不含: {'、'.join(x.excludes)}" if x.excludes else ""),
          lambda j, x: [x.name, x.parent or "", "、".join(x.excludes)])
    table("region", ["地区", "级别"], n.regions, "g",
          lambda j, x: f"地区: {x.name}" + (f"（{x.level}）" if x.level else ""),
          lambda j, x: [x.name, x.level or ""])

    def limit_words(x: Any) -> str:
        o2 = f"，基准氧含量{_num(x.o2_ref_pct)}%" if x.o2_ref_pct is not None else ""
        return f"{x.pollutant} {_num(x.value)} {x.unit}{o2}"

    table("limit", ["污染物", "限值", "基准氧", "行业", "类别"], n.emission_limits, "l",
          lambda j, x: f"排放限值: {limit_words(x)}" + (f" | 行业: {x.industry}" if x.industry else ""),
          lambda j, x: [x.pollutant, f"{_num(x.value)} {x.unit}",
                        "" if x.o2_ref_pct is None else f"{_num(x.o2_ref_pct)}%", x.industry or "", x.tier or ""])
    table("reference", ["标题", "文号"], n.references, "f",
          lambda j, x: f"依据文件: 《{x.title or '?'}》 {x.doc_number or ''}".rstrip(),
          lambda j, x: [f"《{x.title}》" if x.title else "", x.doc_number or ""])
    table("plan", ["标题", "重复于"], n.plans, "a",
          lambda j, x: f"方案 {x.index}: {x.heading or ''}"
          + (f"（重复方案 {x.duplicate_of}）" if x.duplicate_of else ""),
          lambda j, x: [x.heading or "", str(x.duplicate_of or "")])
    table("warning", ["代码", "说明"], n.warnings, "w",
          lambda j, x: f"警告 {x.code}: {x.message}", lambda j, x: [x.code, x.message])

    dup_rows: list[tuple[str | None, list[str]]] = []
    for j, g in enumerate(n.duplicates):
        for k, span in enumerate(g.spans):
            sim = "" if g.similarity is None else _num(g.similarity)
            title = f"重复 {j + 1}（{g.kind}）副本 {k + 1}/{len(g.spans)}" + (f"，相似度 {sim}" if sim else "")
            anchor = add("duplicate", f"n{i}-d{j}-{k}", span, title)
            dup_rows.append((anchor, [f"{j + 1}.{k + 1}", g.kind, "保留" if k == 0 else "副本", sim]))
    tables.append(_Table("duplicate", labels["duplicate"], ["#", "类型", "", "相似度"], dup_rows))
    order = {k: o for o, k in enumerate(w["kinds"]["order"])}
    tables.sort(key=lambda t: order[t.kind])
    return [m for k in w["kinds"]["order"] for m in marks[k]], tables


def _cell(s: str) -> str:
    return f"<td>{escape(s)}</td>"


def _render_table(t: _Table, linked: bool) -> str:
    if not t.rows:
        return f'<h3>{escape(t.heading)} <span class="muted">(0)</span></h3>'
    out = [f'<h3>{escape(t.heading)} <span class="muted">({len(t.rows)})</span></h3>',
           f'<table class="t-{t.kind}"><thead><tr>', *(f"<th>{escape(c)}</th>" for c in t.columns),
           "</tr></thead><tbody>"]
    for anchor, cells in t.rows:
        target = f' data-target="{escape(anchor)}"' if anchor and linked else ""
        out.append(f"<tr{target}>" + "".join(_cell(c) for c in cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _jurisdiction(n: Notice) -> str:
    j = n.jurisdiction
    level = _words()["levels"].get(j.level or "", "")
    return f"{j.name or '?'}" + (f"（{level}）" if level else "") if (j.name or j.level) else "—"


def _render_notice(i: int, n: Notice, raw: str | None, error: str | None) -> str:
    marks, tables = _items(i, n)
    out = [f'<section class="notice" id="n{i}">',
           f"<h2>{i + 1}. {escape(n.title or Path(n.source).name or '(无标题)')}</h2>"]
    if error:
        out.append(f'<p class="error">{escape(error)}</p>')
    meta = [("来源", n.source), ("doc_id", n.doc_id), ("标题", n.title or "—"), ("文号", n.doc_number or "—"),
            ("发文机关", "、".join(n.issuers) or "—"), ("成文日期", n.issue_date or "—"),
            ("辖区", _jurisdiction(n)), ("采暖季", n.season or "—")]
    out.append('<dl class="meta">' + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in meta)
               + "</dl>")
    out.extend(_render_table(t, raw is not None) for t in tables)
    out.append("<h3>原文</h3>")
    if raw is None:
        out.append('<p class="error">原文不可用，无法标注。</p>')
    else:
        body, skipped = highlight(raw, marks)
        if skipped:
            out.append(f'<p class="error">{skipped} 项的 span 超出原文范围，未标注。</p>')
        out.append(f'<div class="source">{body}</div>')
    out.append("</section>")
    return "\n".join(out)


def _index(notices: list[Notice]) -> str:
    head = ["#", "标题", "文号", "辖区", "采暖季", "规则", "时段", "警告"]
    out = ['<table class="index"><thead><tr>', *(f"<th>{escape(c)}</th>" for c in head), "</tr></thead><tbody>"]
    for i, n in enumerate(notices):
        title = escape(n.title or Path(n.source).name or "(无标题)")
        cells = [str(i + 1), n.doc_number or "—", _jurisdiction(n), n.season or "—",
                 str(len(n.rules)), str(len(n.periods)), str(len(n.warnings))]
        out.append(f"<tr>{_cell(cells[0])}<td><a href=\"#n{i}\">{title}</a></td>"
                   + "".join(_cell(c) for c in cells[1:]) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def render_report(
    notices: list[Notice], sources: Mapping[str, str], errors: Mapping[str, str] | None = None,
    diff_section: str | None = None,
) -> str:
    """The report page of ``notices`` (in the order given).

    Args:
        notices: the extracted notices.
        sources: ``notice.source`` → the raw decoded text its spans point into; a notice
            without one is listed and tabled, with a note instead of the highlighted text.
        errors: ``notice.source`` → a one-line message shown at the top of that notice.
        diff_section: the diff page (:func:`extract.report_diff.render_diff_section`), placed
            before the notices and linked from the top.
    """
    errors = errors or {}
    labels = _words()["kinds"]["labels"]
    legend = "".join(f'<span class="k-{k}">{escape(labels[k])}</span>' for k in _words()["kinds"]["order"])
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>cuofeng 报告（{len(notices)} 份通知）</title>",
        f"<style>\n{_asset('report.css')}</style>",
        "</head><body>",
        f"<h1>cuofeng 抽取报告：{len(notices)} 份通知</h1>",
        f'<p class="legend">{legend} <span class="muted">点击表格中的一行可跳转到原文证据。</span></p>',
    ]
    if diff_section:
        parts.append('<nav class="top"><a href="#diff">季节对比</a><a href="#notices">通知列表</a></nav>')
        parts.append(diff_section)
    parts += [
        '<h2 id="notices">通知列表</h2>' if diff_section else "",
        _index(notices),
    ]
    for i, n in enumerate(notices):
        parts.append(_render_notice(i, n, sources.get(n.source), errors.get(n.source)))
    parts.append(f"<script>\n{_asset('report.js')}</script>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_report(
    out: str | Path, notices: list[Notice], sources: Mapping[str, str],
    errors: Mapping[str, str] | None = None, diff_section: str | None = None,
) -> Path:
    """Write the report to ``out`` (a ``.html`` file, else ``out/report.html``); returns the path."""
    from extract.io import atomic_write_text

    path = Path(out)
    if path.suffix.lower() not in (".html", ".htm"):
        path = path / DEFAULT_NAME
    atomic_write_text(path, render_report(notices, sources, errors, diff_section))
    return path


def load_sources(notices: Iterable[Notice], base: str | Path | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """Read each notice's source with ``read_document``: (source → text, source → error line).

    A relative source not found as given is also tried under ``base``. A text whose
    doc_id differs from the notice's is kept, with an error saying the spans may be off.
    """
    from extract.ingest import read_document
    from extract.pipeline import doc_id_of

    texts: dict[str, str] = {}
    errors: dict[str, str] = {}
    for n in notices:
        if n.source in texts or n.source in errors:
            continue
        candidates = [Path(n.source)]
        if base is not None and not Path(n.source).is_absolute():
            candidates.append(Path(base) / n.source)
        path = next((p for p in candidates if p.exists()), candidates[0])
        try:
            text = read_document(path).text
        except IngestError as err:
            errors[n.source] = f"{err} (source of this notice; its text is not shown)"
            continue
        texts[n.source] = text
        if n.doc_id and doc_id_of(text) != n.doc_id:
            errors[n.source] = f"{n.source}: the file changed since extraction (doc_id differs); highlights may be off"
    return texts, errors


def _base(spec: str | Path) -> Path | None:
    """Where relative sources of a folder's notices are also looked for (its parent)."""
    return Path(spec).parent if Path(spec).is_dir() else None


@dataclass(frozen=True)
class ReportResult:
    """What :func:`build_report` wrote."""

    path: Path  #: the HTML file
    notices: int
    rules: int
    with_diff: bool  #: a season diff page comes first
    errors: tuple[str, ...]  #: one line per source that could not be read or has changed
    sources_missing: bool  #: some notice is shown without its source text


def build_report(
    folder: str | Path | None, out: str | Path,
    diff: tuple[str, str] | None = None, db: str | Path | None = None,
    pairs: Sequence[tuple[str, str]] = (),
) -> ReportResult:
    """What ``cuofeng report`` writes: notices of ``folder`` → one HTML file; with ``diff``
    (OLD, NEW: output folders or season labels in the store ``db``) a diff page comes first,
    and the notices default to NEW's.

    A source that cannot be read is named in ``errors`` (the page is still written). Raises
    :class:`CuofengError` when there are no notices or the diff cannot be made.
    """
    from extract.core.errors import CuofengError
    from extract.store import DEFAULT_PATH, load_folder

    section = None
    errors: dict[str, str] = {}
    sources: dict[str, str] = {}
    if diff is not None:
        from extract.diff import diff_notices
        from extract.report_diff import render_diff_section
        from extract.store import resolve_notices

        store = db or DEFAULT_PATH
        olds, news = resolve_notices(diff[0], store), resolve_notices(diff[1], store)
        result = diff_notices(olds, news, forced=pairs)
        for spec, group in ((diff[0], olds), (diff[1], news)):
            texts, errs = load_sources(group, base=_base(spec))
            sources.update(texts)
            errors.update(errs)
        section = render_diff_section(result, sources, str(diff[0]), str(diff[1]))
        notices = load_folder(folder) if folder is not None else list(news)
    else:
        folder = Path(folder) if folder is not None else Path("rules_out")
        notices = load_folder(folder) if folder.is_dir() else []
    if not notices:
        raise CuofengError(f"{folder}: no notices (<stem>.json) found")
    notices.sort(key=lambda n: n.source)
    missing = [n for n in notices if n.source not in sources]
    if missing:
        texts, errs = load_sources(missing, base=_base(folder) if folder is not None else None)
        sources.update(texts)
        errors.update(errs)
    path = write_report(out, notices, sources, errors, section)
    return ReportResult(path, len(notices), sum(len(n.rules) for n in notices), section is not None,
                        tuple(errors.values()), any(s not in sources for s in errors))
