"""The season diff as a spreadsheet (openpyxl, ``pip install 'cuofeng[xlsx]'``).

One sheet ``diff``: a header row and one row per change (:func:`extract.diff.items.diff_rows`),
filter buttons on the header, the header row frozen, evidence columns wrapped.
"""

from __future__ import annotations

from pathlib import Path

from extract.core.errors import CuofengError
from extract.diff.core import SeasonDiff
from extract.diff.items import COLUMNS, diff_rows

_WIDTHS = {"old notice": 28, "new notice": 28, "who": 28, "old": 22, "new": 22, "old evidence": 50,
           "new evidence": 50}


def write_xlsx(d: SeasonDiff, path: str | Path) -> Path:
    """Write the diff to ``path`` (a new ``.xlsx`` file, replaced atomically); returns the path.

    Raises:
        CuofengError: openpyxl is not installed.
    """
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter
    except ImportError as err:
        raise CuofengError("--format xlsx needs openpyxl: pip install 'cuofeng[xlsx]'") from err
    wb = Workbook()
    ws = wb.active
    ws.title = "diff"
    ws.append([heading for _, heading in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in diff_rows(d):
        ws.append(row.cells())
    for i, (_, heading) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(heading, 12)
        if heading.endswith("evidence"):
            for cell in ws[get_column_letter(i)][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    wb.save(tmp)
    tmp.replace(path)
    return path
