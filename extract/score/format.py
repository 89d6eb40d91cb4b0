"""Human-readable score output: a per-field table, a per-document table, and error lists."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from extract.score.keys import FIELDS
from extract.score.report import Counts, DocScore, ScoreReport

_WIDTH = 140


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _render(*renderables: object) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=_WIDTH, color_system=None, force_terminal=False, soft_wrap=False)
    for r in renderables:
        console.print(r)
    return buf.getvalue()


def _counts_cells(c: Counts) -> list[str]:
    return [_num(c.precision), _num(c.recall), _num(c.f1), str(c.tp), str(c.fp), str(c.fn), str(c.support)]


def format_table(report: ScoreReport) -> str:
    """Per field: P, R, F1, tp/fp/fn and support (micro-averaged over documents); then per
    document the rule counts, worst strict-rule F1 first."""
    fields = Table(title=f"Scores over {len(report.docs)} gold document(s) (micro-averaged)")
    for name in ("field", "P", "R", "F1", "tp", "fp", "fn", "support"):
        fields.add_column(name, justify="left" if name == "field" else "right")
    for name, c in report.fields.items():
        fields.add_row(name, *_counts_cells(c))

    docs = Table(title="Rules per document (worst first)")
    for name in ("document", "strict tp/fp/fn", "strict F1", "lenient tp/fp/fn", "lenient F1", "all fields F1"):
        docs.add_column(name, justify="left" if name == "document" else "right", no_wrap=name == "document")

    def worst_first(item: tuple[str, DocScore]) -> tuple[float, float, str]:
        stem, doc = item
        strict, overall = doc.counts["rules_strict"].f1, doc.overall.f1
        return (2.0 if strict is None else strict, 2.0 if overall is None else overall, stem)

    for stem, doc in sorted(report.docs.items(), key=worst_first):
        s, le = doc.counts["rules_strict"], doc.counts["rules_lenient"]
        name = stem + ("  (no prediction)" if stem in report.unpredicted else "")
        docs.add_row(
            name, f"{s.tp}/{s.fp}/{s.fn}", _num(s.f1), f"{le.tp}/{le.fp}/{le.fn}", _num(le.f1), _num(doc.overall.f1)
        )

    notes = []
    if report.unpredicted:
        notes.append(f"no prediction (all items missed): {', '.join(report.unpredicted)}")
    if report.unscored:
        notes.append(f"unscored (no gold): {', '.join(report.unscored)}")
    return _render(fields, docs, *notes)


def format_errors(report: ScoreReport) -> str:
    """Every missed (fn) and spurious (fp) item per document, with its key and evidence."""
    lines: list[str] = []
    for stem, doc in report.docs.items():
        if not doc.errors:
            continue
        lines.append(f"== {stem}" + ("  (no prediction)" if stem in report.unpredicted else ""))
        for field in FIELDS:
            for e in (e for e in doc.errors if e.field == field):
                evidence = ""
                if e.text and e.text != e.key:
                    evidence += f"  «{e.text}»"
                if e.span:
                    evidence += f"  [{e.span[0]},{e.span[1]})"
                lines.append(f"  {e.kind:<8} {field:<15} {e.key}{evidence}")
    return "\n".join(lines) + ("\n" if lines else "")
