"""The diff page of the HTML report (``cuofeng report --diff OLD NEW``).

A section ``id="diff"``: per pair of notices, every change as a row with the old and the new
side by side — the value in words and the evidence, the sentence around the item's span in
its source with the span itself highlighted (``mark.d-old`` / ``mark.d-new``). Documents left
unpaired are listed with their nearest candidate and its similarity. Everything taken from
notices and sources is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from extract.diff import SeasonDiff
from extract.diff.items import DiffRow, notice_rows
from extract.diff.text import doc_label

_KIND = {"rule": "规则", "period": "时段", "industry": "行业", "region": "地区", "limit": "排放限值",
         "document": "文件"}
_CHANGE = {"changed": "变更", "added": "新增", "removed": "删除"}
_HOW = {"forced": "指定配对", "title": "辖区+标题", "similarity": "内容相似", "jurisdiction": "同一辖区"}
#: characters of context shown on each side of a span, cut at the nearest line break
CONTEXT = 80


def _text(raw: str) -> str:
    return escape(raw).replace("\r", "&#13;")


def evidence_html(raw: str | None, span: tuple[int, int] | None, text: str | None, side: str) -> str:
    """The evidence of one side: its line(s) of the source with ``raw[span]`` marked, else the
    item's own text marked, else a dash."""
    if raw is not None and span is not None and 0 <= span[0] < span[1] <= len(raw):
        a, b = span
        lo = max(raw.rfind("\n", max(0, a - CONTEXT), a) + 1, a - CONTEXT, 0)
        nl = raw.find("\n", b, b + CONTEXT)
        hi = nl if nl != -1 else min(len(raw), b + CONTEXT)
        pre = ("…" if lo > 0 and raw[lo - 1] != "\n" else "") + _text(raw[lo:a])
        post = _text(raw[b:hi]) + ("…" if hi < len(raw) and raw[hi] != "\n" else "")
        return (f'<div class="ev">{pre}<mark class="d-{side}" title="[{a},{b})">{_text(raw[a:b])}</mark>'
                f"{post}</div>")
    if text:
        return f'<div class="ev"><mark class="d-{side}">{_text(text)}</mark></div>'
    return ""


def _side(row: DiffRow, side: str, sources: Mapping[str, str]) -> str:
    value = getattr(row, f"{side}_value")
    source = getattr(row, f"{side}_source")
    span = getattr(row, f"{side}_span")
    if value is None and span is None:
        return '<td class="none">—</td>'
    ev = evidence_html(sources.get(source or ""), span, getattr(row, f"{side}_text"), side)
    return f'<td><div class="val">{escape(value or "")}</div>{ev}</td>'


def _row(row: DiffRow, sources: Mapping[str, str]) -> str:
    fields = f'<div class="muted">{escape(", ".join(row.fields))}</div>' if row.fields else ""
    return (f'<tr class="c-{row.change}"><td>{_KIND[row.kind]}</td><td class="chg">{_CHANGE[row.change]}</td>'
            f"<td>{escape(row.who)}{fields}</td>{_side(row, 'old', sources)}{_side(row, 'new', sources)}</tr>")


def render_diff_section(d: SeasonDiff, sources: Mapping[str, str], old_label: str, new_label: str) -> str:
    """The diff section of the report (``<section id="diff">``)."""
    changed = [n for n in d.notices if not n.is_empty()]
    out = ['<section class="diff" id="diff">',
           f"<h2>季节对比：{escape(old_label)} → {escape(new_label)}</h2>",
           f'<p class="muted">配对 {len(d.notices)} 份，其中有变化 {len(changed)} 份；新增文件 {len(d.added)}，'
           f"删除文件 {len(d.removed)}。年份整体平移不算变化。</p>"]
    for i, n in enumerate(changed):
        how = _HOW[n.matched_by] + (f"，相似度 {n.similarity:.2f}" if n.similarity is not None else "")
        out.append(f'<h3 id="diff-{i}">{escape(doc_label(n.old))} → {escape(n.new.source)} '
                   f'<span class="muted">（{escape(how)}）</span></h3>')
        out.append('<table class="t-diff"><thead><tr><th>类型</th><th>变化</th><th>对象</th>'
                   f"<th>旧：{escape(n.old.source)}</th><th>新：{escape(n.new.source)}</th></tr></thead><tbody>")
        out.extend(_row(r, sources) for r in notice_rows(n))
        out.append("</tbody></table>")
    for title, unpaired in (("新增文件（旧季节中无对应）", d.added), ("删除文件（新季节中无对应）", d.removed)):
        if not unpaired:
            continue
        out.append(f"<h3>{title}</h3><table class=\"t-unpaired\"><thead><tr><th>文件</th><th>最接近的候选</th>"
                   "<th>相似度</th></tr></thead><tbody>")
        for u in unpaired:
            near = escape(doc_label(u.nearest)) if u.nearest else "—"
            sim = "—" if u.similarity is None else f"{u.similarity:.2f}"
            out.append(f"<tr><td>{escape(doc_label(u.doc))}</td><td>{near}</td><td>{sim}</td></tr>")
        out.append("</tbody></table>")
        out.append('<p class="muted">用 <code>--pair 旧=新</code> 可强制配对。</p>')
    if not changed and not d.added and not d.removed:
        out.append("<p>两个季节的规则、时段、行业、地区和限值都没有变化。</p>")
    out.append("</section>")
    return "\n".join(out)
