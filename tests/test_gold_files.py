"""Gold files: every one validates and its spans quote its input; the loader fails loudly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from click.testing import Result
from typer.testing import CliRunner

from extract.cli import app
from extract.cli.gold import gold_app
from extract.core.errors import GoldError
from extract.core.models import Notice
from extract.gold import check_dir, load_dir, load_notice_file, source_for, span_problems
from extract.ingest import read_document

ROOT = Path(__file__).resolve().parent.parent
GOLD_FILES = sorted((ROOT / "gold").glob("*.json"))


def test_there_is_gold() -> None:
    assert GOLD_FILES, "gold/ holds no *.json"


@pytest.mark.parametrize("path", GOLD_FILES, ids=[p.stem[:40] for p in GOLD_FILES])
def test_gold_file_is_valid_and_grounded(path: Path) -> None:
    notice = load_notice_file(path)
    source = source_for(path.stem, ROOT / "corpus")
    assert source is not None, f"no input file corpus/{path.stem}.*"
    assert span_problems(notice, read_document(source).text) == []
    if notice.source:
        assert path.stem in {Path(notice.source).stem, Path(notice.source).name}


# ---------------------------------------------------------------- the loader

GOOD = {"title": "关于调整重污染天气橙色预警特别管控措施的通知", "doc_number": "安环攻坚办〔2018〕542号"}
BAD_CASES = [
    ("not-json", '{"title": "关于调整重污染天气橙色预警特别管控措施的通知",', "Invalid JSON"),
    ("unknown-field", json.dumps(GOOD | {"doc_no": "安环攻坚办〔2018〕542号"}), "doc_no"),
    ("date-format", json.dumps(GOOD | {"issue_date": "2018年11月22日"}), "issue_date"),
    ("grade-not-in-set", json.dumps(GOOD | {"rules": [{"condition": {"grades": ["E"]}, "action": {"type": "stop"}}]}),
     "grades"),
    ("ratio-as-percent", json.dumps(GOOD | {"rules": [{"action": {"type": "cut", "ratio": 30}}]}), "ratio"),
    ("action-type", json.dumps(GOOD | {"rules": [{"action": {"type": "限产"}}]}), "type"),
    ("one-copy-duplicate", json.dumps(GOOD | {"duplicates": [{"kind": "paragraph", "spans": [[0, 10]]}]}), "spans"),
]


@pytest.mark.parametrize(("text", "names"), [c[1:] for c in BAD_CASES], ids=[c[0] for c in BAD_CASES])
def test_malformed_gold_raises_gold_error_naming_file_and_problem(tmp_path: Path, text: str, names: str) -> None:
    path = tmp_path / "09_anyang.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GoldError) as err:
        load_notice_file(path)
    assert str(path) in str(err.value)
    assert names in str(err.value)


def test_unreadable_gold_raises_gold_error(tmp_path: Path) -> None:
    path = tmp_path / "gbk.json"
    path.write_bytes('{"title": "错峰生产"}'.encode("gbk"))
    with pytest.raises(GoldError, match="gbk.json"):
        load_notice_file(path)


def test_load_dir_keys_by_stem(tmp_path: Path) -> None:
    for name in ("b.json", "a.json", "notice.pdf.json"):
        (tmp_path / name).write_text(json.dumps(GOOD), encoding="utf-8")
    (tmp_path / "NOTES.md").write_text("not gold", encoding="utf-8")
    (tmp_path / "rules.jsonl").write_text("{}\n", encoding="utf-8")
    loaded = load_dir(tmp_path)
    assert list(loaded) == ["a", "b", "notice.pdf"]
    assert loaded["a"] == Notice.model_validate(GOOD)


def test_load_dir_of_a_missing_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match="no such folder"):
        load_dir(tmp_path / "missing")


# ---------------------------------------------------------------- spans

RAW = "关于调整重污染天气橙色预警特别管控措施的通知\n其他钢铁企业:在错峰生产基础上,在用烧结机全部停产。"
SENTENCE = "其他钢铁企业:在错峰生产基础上,在用烧结机全部停产"
START = RAW.find(SENTENCE)


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        ({"span": [START, START + len(SENTENCE)], "text": SENTENCE}, None),
        ({"span": [START, START + len(SENTENCE) - 1], "text": SENTENCE}, "the span quotes"),
        ({"span": [START, len(RAW) + 5], "text": SENTENCE}, "outside the text"),
        ({"span": [START, START], "text": ""}, "or empty"),
        ({"span": None, "text": SENTENCE}, None),
    ],
    ids=["exact", "span-one-short", "past-the-end", "empty-span", "no-span"],
)
def test_span_problems(rule: dict, problem: str | None) -> None:
    notice = Notice.model_validate({"rules": [rule | {"action": {"type": "stop"}}]})
    found = span_problems(notice, RAW)
    assert (found == []) if problem is None else (len(found) == 1 and problem in found[0] and "rules[0]" in found[0])


def test_span_problems_reach_nested_and_duplicate_spans() -> None:
    notice = Notice.model_validate({
        "rules": [{"action": {"type": "stop_window", "period": {"start": "2018-12-01", "span": [0, 999]}}}],
        "duplicates": [{"kind": "paragraph", "spans": [[0, 5], [3, 999]]}],
    })
    found = span_problems(notice, RAW)
    assert [p.split(":")[0] for p in found] == ["rules[0].action.period", "duplicates[0].spans[1]"]


def test_source_for_prefers_the_exact_name(tmp_path: Path) -> None:
    for name in ("notice.txt", "notice.pdf", "other.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert source_for("notice", tmp_path) == tmp_path / "notice.pdf"  # first in sorted order
    assert source_for("notice.txt", tmp_path) == tmp_path / "notice.txt"
    assert source_for("other", tmp_path) is None


# ---------------------------------------------------------------- command line


def check(*args: str, app: typer.Typer = gold_app) -> Result:
    return CliRunner().invoke(app, [*args])


def test_check_cli_accepts_good_gold(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(GOOD), encoding="utf-8")
    result = check("check", str(tmp_path))
    assert result.exit_code == 0
    assert result.stdout == f"1 gold file(s) in {tmp_path} are valid\n"
    assert check("gold", "check", str(tmp_path), app=app).stdout == result.stdout  # cuofeng gold check


def test_check_cli_stops_at_the_first_bad_file(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(GOOD), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(GOOD | {"season": "2021"}), encoding="utf-8")
    (tmp_path / "c.json").write_text("{", encoding="utf-8")
    result = check("check", str(tmp_path))
    assert result.exit_code == 1
    err = result.stderr
    assert err.startswith("error: ") and "b.json" in err and "season" in err and "c.json" not in err
    assert not result.stdout


def test_check_cli_with_corpus_checks_spans(tmp_path: Path) -> None:
    gold, corpus = tmp_path / "gold", tmp_path / "corpus"
    gold.mkdir(), corpus.mkdir()
    (corpus / "09_anyang.txt").write_text(RAW, encoding="utf-8")
    rule = {"span": [START, START + 5], "text": SENTENCE, "action": {"type": "stop"}}
    (gold / "09_anyang.json").write_text(json.dumps(GOOD | {"rules": [rule]}), encoding="utf-8")
    assert check_dir(gold) == 1
    result = check("check", str(gold), "--corpus", str(corpus))
    assert result.exit_code == 1
    assert "the span quotes" in result.stderr


def test_check_cli_usage_errors(tmp_path: Path) -> None:
    assert check().exit_code == 2  # no command: help, as argparse's "required" gave 2
    assert check("check").exit_code == 2  # no folder
    result = check("check", str(tmp_path / "nowhere"))
    assert result.exit_code == 1 and "no such folder" in result.stderr


def test_python_dash_m_extract_gold(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(GOOD), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "extract.gold", "check", str(tmp_path)],
                          capture_output=True, text=True)
    assert (proc.returncode, proc.stdout) == (0, f"1 gold file(s) in {tmp_path} are valid\n"), proc.stderr
    (tmp_path / "b.json").write_text("{", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "extract.gold", "check", str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "b.json" in proc.stderr and "Traceback" not in proc.stderr
