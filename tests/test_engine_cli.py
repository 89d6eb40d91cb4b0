"""`cuofeng export` (jsonl, csv, xlsx, jdm, --schema) and `cuofeng query` (caveats, input errors)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.cli import app
from tests.conftest import CORPUS

runner = CliRunner()


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("engine_cli")
    for name in ("000_73ffc19bcbd17b6c.txt", "002_9d8257f04b7a336c.txt"):
        result = runner.invoke(app, ["extract", str(CORPUS / name), "--out", str(folder), "-q", "-j", "1"])
        assert result.exit_code == 0, result.output
    return folder


def test_export_schema_needs_no_rules() -> None:
    result = runner.invoke(app, ["export", "--schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert {"jurisdiction_name", "season", "rule_regions", "criteria_open", "text"} <= set(schema["properties"])


def test_export_csv_rows(out: Path) -> None:
    result = runner.invoke(app, ["export", str(out), "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {r["jurisdiction_name"] for r in rows} == {"山西省", "全国"}
    assert all(r["season"] == "2021-2022" and r["source"] and r["text"] and r["measure"] for r in rows)


def test_export_xlsx(out: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "r.xlsx"
    assert runner.invoke(app, ["export", str(out), "-f", "xlsx", "--out", str(path)]).exit_code == 0
    ws = load_workbook(path)["rules"]
    col = [c.value for c in ws[1]].index("doc_number")
    assert {row[col].value for row in ws.iter_rows(min_row=2)} == {"晋工信节能字〔2021〕171号", "工信厅联原函〔2021〕241号"}


def test_export_jdm_then_zen(out: Path, tmp_path: Path) -> None:
    zen = pytest.importorskip("zen")
    path = tmp_path / "cuofeng.jdm.json"
    result = runner.invoke(app, ["export", str(out), "-f", "jdm", "--season", "2021-2022", "--out", str(path)])
    assert result.exit_code == 0, result.output
    decision = zen.ZenEngine().create_decision(path.read_text(encoding="utf-8"))
    answer = decision.evaluate({"industry": "钢铁", "grade": "B", "place": "唐山市", "alert": 0, "on": 20220201})
    assert answer["result"]["measure"] == "限产不低于30%"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "x", "-f", "pdf"], "error: unknown format 'pdf'; accepted: jsonl, csv, xlsx, jdm"),
        (["export", "x", "-f", "jdm"], "error: --format jdm needs --season"),
        (["export"], "error: give the rules to export"),
    ],
    ids=["format", "jdm-season", "no-rules"],
)
def test_export_errors(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and result.output.startswith(message)


def test_query_prints_caveats(out: Path) -> None:
    result = runner.invoke(app, ["query", "--rules", str(out), "--industry", "焦化", "--city", "太原",
                                 "--date", "2021-12-01"])
    assert result.exit_code == 0
    first, *rest = result.output.splitlines()
    assert first.startswith("焦化 太原市 2021-12-01: ") and "需补充：绩效等级、工序类型" in first
    assert any(line.startswith("  - 未给出绩效等级") for line in rest)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--industry", "钢铁", "--date", "2021-12-32"], "error: date '2021-12-32' is not a calendar date"),
        (["--industry", "不锈钢", "--date", "2021-12-01"], "error: unknown industry '不锈钢'; accepted: "),
        (["--industry", "钢铁", "--grade", "AA", "--date", "2021-12-01"], "error: unknown grade 'AA'"),
        (["--industry", "钢铁", "--alert", "blue", "--date", "2021-12-01"], "error: unknown alert level 'blue'"),
        (["--industry", "钢铁", "--season", "2021", "--date", "2021-12-01"], "error: season '2021' is not YYYY-YYYY"),
    ],
    ids=["date", "industry", "grade", "alert", "season"],
)
def test_query_input_errors_are_one_line(out: Path, extra: list[str], message: str) -> None:
    result = runner.invoke(app, ["query", "--rules", str(out), *extra])
    assert result.exit_code == 2
    assert result.output.startswith(message) and result.output.count("\n") == 1
