"""`cuofeng score --diffs`: expected diffs (gold/diffs/OLD__NEW.json) loaded strictly and scored
one-to-one, on hand-made pairs: two edited copies of seed 001's 篇十一 plan, extracted for real."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.core.errors import GoldError
from extract.io import notice_json
from extract.pipeline import extract_text
from extract.score.diff_gold import load_diff_dir, load_expected_diff
from extract.score.diffs import score_diffs
from tests.test_diff import season

runner = CliRunner()

CERAMICS = "\n（四）陶瓷行业\n1.被评定为b级的企业，限产30%。\n"
EXEMPTION = "1.被评定为a级和引领性的企业，生产设施不予错峰。\n"


def _edit(text: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    return text


# pair a: dates moved a year, one ratio changed, one industry added, one exemption removed
A_OLD = season(2021)
A_NEW = _edit(season(2022), [("限产20%", "限产30%"), ("（三）砖瓦行业\n" + EXEMPTION, "（三）砖瓦行业\n")]) + CERAMICS
A_EXPECTED = {
    "old": "a_2021", "new": "a_2022",
    "items": [
        {"kind": "rule", "change": "changed", "industry": "铸造用生铁", "condition": {"grades": ["B"]},
         "old": {"type": "cut", "ratio": 0.2}, "new": {"type": "cut", "ratio": 0.3}},
        {"kind": "rule", "change": "added", "industry": "陶瓷", "condition": {"grades": ["B"]},
         "old": None, "new": {"type": "cut", "ratio": 0.3}},
        {"kind": "rule", "change": "removed", "industry": "砖瓦", "condition": {"grades": ["A", "引领性"]},
         "old": {"type": "exempt"}, "new": None},
    ],
}
# pair b: the season starts three weeks earlier and a stop is longer
B_OLD = season(2021)
B_NEW = _edit(season(2022), [("2022年10月21日-2023年3月31日", "2022年10月1日-2023年3月31日"),
                             ("停产2.5个月", "停产3个月")])
B_EXPECTED = {
    "old": "b_2021", "new": "b_2022",
    "items": [
        {"kind": "period", "change": "changed", "scope": {"industries": [], "regions": []},
         "old": {"start": "2021-10-21", "end": "2022-03-31"}, "new": {"start": "2022-10-01", "end": "2023-03-31"}},
        {"kind": "rule", "change": "changed", "industry": "砖瓦", "condition": {"grades": ["B"]},
         "old": {"type": "stop_days", "duration": {"value": 2.5, "unit": "month"}},
         "new": {"type": "stop_days", "duration": {"value": 3, "unit": "month"}}},
    ],
}


@pytest.fixture
def pairs(tmp_path: Path) -> tuple[Path, Path]:
    """corpus/*.txt, pred/*.json (extracted) and diffs/OLD__NEW.json in a temp dir."""
    corpus, pred, diffs = (tmp_path / d for d in ("corpus", "pred", "diffs"))
    for d in (corpus, pred, diffs):
        d.mkdir()
    for stem, text in (("a_2021", A_OLD), ("a_2022", A_NEW), ("b_2021", B_OLD), ("b_2022", B_NEW)):
        (corpus / f"{stem}.txt").write_text(text, encoding="utf-8")
        (pred / f"{stem}.json").write_text(notice_json(extract_text(text, f"corpus/{stem}.txt")), encoding="utf-8")
    for expected in (A_EXPECTED, B_EXPECTED):
        name = f"{expected['old']}__{expected['new']}.json"
        (diffs / name).write_text(json.dumps(expected, ensure_ascii=False, indent=1), encoding="utf-8")
    return diffs, pred


def test_hand_made_pairs_score_exactly(pairs: tuple[Path, Path]) -> None:
    report = score_diffs(*pairs)
    assert [(p.old, p.new, p.counts.tp, p.counts.fp, p.counts.fn) for p in report.pairs] == [
        ("a_2021", "a_2022", 3, 0, 0), ("b_2021", "b_2022", 2, 0, 0)]
    assert (report.total.precision, report.total.recall, report.total.f1) == (1.0, 1.0, 1.0)
    assert [p.paired_by for p in report.pairs] == ["title", "title"]


def test_a_wrong_expected_value_is_one_miss_and_one_spurious(pairs: tuple[Path, Path]) -> None:
    diffs, pred = pairs
    wrong = json.loads(json.dumps(A_EXPECTED))
    wrong["items"][0]["new"]["ratio"] = 0.35
    (diffs / "a_2021__a_2022.json").write_text(json.dumps(wrong, ensure_ascii=False), encoding="utf-8")
    a, b = score_diffs(diffs, pred).pairs
    assert (a.counts.tp, a.counts.fp, a.counts.fn) == (2, 1, 1)
    assert sorted((e.kind, e.key) for e in a.errors) == [
        ("missed", "rule changed | 铸造用生铁 | grades=('B',) | 限产 20% → 限产 35%"),
        ("spurious", "rule changed | 铸造用生铁 | grades=('B',) | 限产 20% → 限产 30%"),
    ]
    assert (b.counts.tp, b.counts.fp, b.counts.fn) == (2, 0, 0)


@pytest.mark.parametrize(
    ("edit", "counts"),
    [("expected_item_left_out", (2, 1, 0)),  # an expected item left out: the predicted one is spurious
     ("year_only_dates", (2, 0, 0)),  # Y0/Y1 dates are the same month-day; an optional item is not counted
     ("condition_criteria_ignored", (3, 0, 0)),
     ("other_grade", (2, 1, 1))],
)
def test_matching_rules(pairs: tuple[Path, Path], edit: str, counts: tuple[int, int, int]) -> None:
    diffs, pred = pairs
    exp = json.loads(json.dumps(A_EXPECTED))
    if edit == "expected_item_left_out":
        del exp["items"][1]
    elif edit == "year_only_dates":
        exp = json.loads(json.dumps(B_EXPECTED))
        exp["items"][0]["old"] = {"start": "Y0-10-21", "end": "Y1-03-31"}
        exp["items"].append({"kind": "rule", "change": "added", "industry": None, "condition": {}, "old": None,
                             "new": {"type": "stop"}, "optional": True})
    elif edit == "condition_criteria_ignored":
        exp["items"][0]["condition"]["criteria"] = ["被评定为b级的企业"]
    elif edit == "other_grade":
        exp["items"][2]["condition"]["grades"] = ["A"]
    name = f"{exp['old']}__{exp['new']}.json"
    for f in diffs.iterdir():
        f.unlink()
    (diffs / name).write_text(json.dumps(exp, ensure_ascii=False), encoding="utf-8")
    (p,) = score_diffs(diffs, pred).pairs
    assert (p.counts.tp, p.counts.fp, p.counts.fn) == counts


def test_year_shift_alone_expects_nothing_and_finds_nothing(pairs: tuple[Path, Path]) -> None:
    diffs, pred = pairs
    (pred / "c_2022.json").write_text(notice_json(extract_text(season(2022), "corpus/c_2022.txt")), encoding="utf-8")
    (diffs / "a_2021__c_2022.json").write_text('{"old": "a_2021", "new": "c_2022", "items": []}', encoding="utf-8")
    report = score_diffs(diffs, pred)
    c = next(p for p in report.pairs if p.new == "c_2022")
    assert (c.counts.tp, c.counts.fp, c.counts.fn) == (0, 0, 0)


def test_missing_prediction_misses_everything(pairs: tuple[Path, Path]) -> None:
    diffs, pred = pairs
    (pred / "b_2022.json").unlink()
    a, b = score_diffs(diffs, pred).pairs
    assert (b.predicted, b.counts.tp, b.counts.fn, b.paired_by) == (False, 0, 2, None)


def test_cli_score_diffs(pairs: tuple[Path, Path], tmp_path: Path) -> None:
    diffs, pred = pairs
    out = tmp_path / "scores.json"
    result = runner.invoke(app, ["score", "--diffs", str(diffs), "--pred", str(pred), "--json", str(out),
                                 "--show-errors"])
    assert result.exit_code == 0, result.output
    assert re.search(r"total\s+│ 1\.000 │ 1\.000 │ 1\.000 │\s+5 │\s+0 │\s+0 │ 2/2", result.output), result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["total"]["tp"] == 5 and data["total"]["f1"] == 1.0 and data["paired_automatically"] == 2
    missing = runner.invoke(app, ["score", "--diffs", str(tmp_path / "nope"), "--pred", str(pred)])
    assert missing.exit_code == 2 and "no such folder" in missing.output


BAD = [
    ("not_json", "{", "not an expected diff: (file): Invalid JSON"),
    ("added_with_old", '{"old": "x", "new": "y", "items": [{"kind": "rule", "change": "added", "industry": null, '
     '"condition": {}, "old": {"type": "stop"}, "new": {"type": "stop"}}]}',
     "items.0: Value error, a 'added' item needs old: null and a new value"),
    ("unknown_kind", '{"old": "x", "new": "y", "items": [{"kind": "limit", "change": "added"}]}',
     "items.0: Input tag 'limit' found using 'kind' does not match"),
    ("missing_industry", '{"old": "x", "new": "y", "items": [{"kind": "rule", "change": "removed", '
     '"condition": {}, "old": {"type": "stop"}, "new": null}]}', "items.0.industry: Field required"),
    ("bad_action", '{"old": "x", "new": "y", "items": [{"kind": "rule", "change": "removed", "industry": null, '
     '"condition": {}, "old": {"type": "halt"}, "new": null}]}', "items.0.old.type: Input should be"),
    ("bad_date", '{"old": "x", "new": "y", "items": [{"kind": "period", "change": "added", "scope": {}, '
     '"old": null, "new": {"start": "2021/11/15"}}]}', "items.0.new.start: String should match pattern"),
    ("extra_field", '{"old": "x", "new": "y", "items": [], "note": "hi"}', "note: Extra inputs are not permitted"),
]


@pytest.mark.parametrize(("text", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_loader_errors_name_file_item_and_field(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "x__y.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GoldError) as err:
        load_expected_diff(path)
    assert str(err.value).startswith(f"{path}: ") and message in str(err.value)


def test_loader_checks_the_file_name_and_the_folder(tmp_path: Path) -> None:
    path = tmp_path / "x__z.json"
    path.write_text('{"old": "x", "new": "y", "items": []}', encoding="utf-8")
    with pytest.raises(GoldError, match=r"the file name must be x__y.json"):
        load_expected_diff(path)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(GoldError, match="no expected diffs"):
        load_diff_dir(empty)
    with pytest.raises(GoldError, match="no such folder"):
        load_diff_dir(tmp_path / "none")
