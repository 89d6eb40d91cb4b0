"""Engine rules as tables for analysts: CSV, XLSX (openpyxl) or JSONL, one self-contained row
per rule (jurisdiction, season, source, plan, places, condition, criteria, measure, period,
evidence text and span). Lists are joined with "、" in CSV and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from extract.core.errors import CuofengError
from extract.engine.export import to_jsonl
from extract.engine.models import EngineRule
from extract.engine.query import describe

FORMATS = ("jsonl", "csv", "xlsx")

#: Column order of CSV/XLSX: the measure in words and the evidence first after the source.
COLUMNS = (
    "jurisdiction_name", "jurisdiction_level", "season", "source", "doc_number", "title", "issue_date",
    "plan_index", "plan_heading", "regions", "rule_regions", "industry", "industry_parent",
    "grades", "tier", "alert_level", "heating", "process", "zone", "policy_category", "noncompliant",
    "criteria", "criteria_open", "criteria_unless", "measure", "action", "ratio", "bound", "basis",
    "duration_value", "duration_unit", "action_alert_level", "window_start", "window_end",
    "period_start", "period_end", "period_label", "period_source", "period_recurring",
    "rank", "magnitude", "text", "span_start", "span_end", "rule_id", "doc_id",
)


def row(rule: EngineRule) -> dict[str, Any]:
    """One flat row: scalars as they are, lists joined with "、", the measure in words."""
    data = rule.model_dump()
    out: dict[str, Any] = {}
    for col in COLUMNS:
        if col == "measure":
            value: Any = describe(rule)
        elif col in ("span_start", "span_end"):
            value = rule.span[0 if col == "span_start" else 1] if rule.span else None
        else:
            value = data[col]
        if isinstance(value, list):
            value = "、".join(map(str, value))
        out[col] = value
    return out


def to_csv(rules: Iterable[EngineRule]) -> str:
    """CSV text with a header row (UTF-8; prefix a BOM yourself for old Excel)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for rule in rules:
        writer.writerow(row(rule))
    return buf.getvalue()


def write_xlsx(rules: Iterable[EngineRule], path: Path) -> None:
    """One sheet ``rules``: a frozen, filtered header row, then one row per rule."""
    try:
        from openpyxl import Workbook
    except ImportError:
        raise CuofengError("XLSX needs openpyxl: pip install 'cuofeng[engine]'") from None

    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = "rules"
    ws.append(list(COLUMNS))
    for rule in rules:
        ws.append([row(rule)[c] for c in COLUMNS])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    wb.save(tmp)
    tmp.replace(path)


def to_text(rules: Iterable[EngineRule], fmt: str) -> str:
    """``jsonl`` or ``csv`` text."""
    return to_jsonl(rules) if fmt == "jsonl" else to_csv(rules)
