"""The store never doubles a notice: identity by source, season warnings, v1 upgrade, busy writers,
and `cuofeng store add` failing on a folder with nothing to add."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract import extract_text
from extract.cli import app
from extract.core.models import Notice
from extract.store import STORE_SCHEMA_VERSION, Store, StoreError, identity, load_folder
from tests.test_store import ZHUANWA

runner = CliRunner()
EDITED = ZHUANWA.replace("停产2.5个月", "停产3个月")


def test_reextracted_edited_file_replaces_its_rows(tmp_path: Path) -> None:
    first, second = extract_text(ZHUANWA, "corpus/plan.txt"), extract_text(EDITED, "corpus/plan.txt")
    assert first.doc_id != second.doc_id
    with Store(tmp_path / "s.sqlite") as store:
        assert store.add_notices("2021-2022", [first]).added == 1
        result = store.add_notices("2021-2022", [second])
        assert (result.added, result.replaced, result.rules) == (0, 1, len(second.rules))
        assert store.notices("2021-2022") == [second]
        assert len(store.rules("2021-2022")) == len(second.rules)
        assert [r.duration_value for r in store.rules("2021-2022", grade="B")] == [3.0]


def test_identity_normalises_the_path_and_keeps_the_order(tmp_path: Path) -> None:
    a, b = extract_text(ZHUANWA, "out/a.txt"), extract_text("钢铁企业：b级企业限产20%。", "out/b.txt")
    with Store(tmp_path / "s.sqlite") as store:
        store.add_notices("2021-2022", [a, b])
        again = extract_text(EDITED, "./out//a.txt")
        assert identity(again) == identity(a) == "out/a.txt"
        store.add_notices("2021-2022", [again])
        assert [n.source for n in store.notices("2021-2022")] == ["./out//a.txt", "out/b.txt"]
        # a notice with no source is identified by its doc_id
        bare = Notice(doc_id="abc")
        assert identity(bare) == "doc_id:abc"
        store.add_notices("2021-2022", [bare, bare])
        assert len(store.notices("2021-2022")) == 3


def test_same_source_in_two_seasons_is_two_notices(tmp_path: Path) -> None:
    n = extract_text(ZHUANWA, "plan.txt")
    with Store(tmp_path / "s.sqlite") as store:
        store.add_notices("2021-2022", [n])
        store.add_notices("2022-2023", [n])
        assert len(store.rules()) == 2 * len(n.rules)


def test_season_label_disagreeing_with_the_notice_is_a_warning(tmp_path: Path) -> None:
    n = extract_text(ZHUANWA, "plan.txt")
    assert n.season == "2021-2022"
    with Store(tmp_path / "s.sqlite") as store:
        assert store.add_notices("2021-2022", [n]).warnings == []
        assert store.add_notices("2022-2023", [n]).warnings == [
            "plan.txt: the notice reads season 2021-2022, stored as 2022-2023"
        ]
        assert store.add_notices("draft", [n]).warnings == []  # not a season label: nothing to compare
        assert store.notices("2022-2023") == [n]  # stored all the same


_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE notices (season TEXT NOT NULL, doc_id TEXT NOT NULL, source TEXT NOT NULL, title TEXT,
    jurisdiction TEXT, jurisdiction_level TEXT, notice_season TEXT, position INTEGER NOT NULL,
    json TEXT NOT NULL, PRIMARY KEY (season, doc_id));
CREATE TABLE rules (season TEXT NOT NULL, doc_id TEXT NOT NULL, rule_index INTEGER NOT NULL, x TEXT);
INSERT INTO meta VALUES ('schema_version', '1');
"""


def test_version_1_store_is_upgraded_and_its_doubles_merged(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite"
    first, second = extract_text(ZHUANWA, "plan.txt"), extract_text(EDITED, "plan.txt")
    with sqlite3.connect(path) as db:
        db.executescript(_V1)
        for pos, n in enumerate((first, second)):
            db.execute("INSERT INTO notices VALUES ('2021-2022', ?, ?, NULL, NULL, NULL, NULL, ?, ?)",
                       (n.doc_id, n.source, pos, n.model_dump_json()))
    db.close()
    with Store(path) as store:
        assert store.schema_version == STORE_SCHEMA_VERSION == 3
        assert store.notices("2021-2022") == [second]
        assert len(store.rules("2021-2022")) == len(second.rules)


def _add_many(args: tuple[str, int]) -> int:
    path, worker = args
    notice = extract_text(ZHUANWA, f"w{worker}/plan.txt")
    with Store(path) as store:
        for _ in range(8):
            store.add_notices("2021-2022", [notice])
    return worker


def test_concurrent_writers_wait_for_each_other(tmp_path: Path) -> None:
    path = str(tmp_path / "busy.sqlite")
    with ProcessPoolExecutor(max_workers=4) as pool:
        assert sorted(pool.map(_add_many, [(path, w) for w in range(4)])) == [0, 1, 2, 3]
    with Store(path) as store:
        assert len(store.notices("2021-2022")) == 4
        assert len(store.rules("2021-2022")) == 4 * len(extract_text(ZHUANWA).rules)


def test_writer_waits_for_a_lock_held_by_another_connection(tmp_path: Path) -> None:
    path = tmp_path / "held.sqlite"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO meta VALUES ('note', 'held')")
    release = threading.Timer(0.5, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        with Store(path, timeout=20) as store:  # blocks on open until the holder commits
            store.add_notices("2021-2022", [extract_text(ZHUANWA, "plan.txt")])
            assert len(store.rules("2021-2022")) == 4
            assert store._db.execute("SELECT value FROM meta WHERE key = 'note'").fetchone() == ("held",)
    finally:
        release.join()
        holder.close()


def test_writer_blocked_too_long_gets_one_line(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match=r"is locked by another process \(waited 0.2 s\)"):
            Store(path, timeout=0.2)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_load_folder_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such folder"):
        load_folder(tmp_path / "missing")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match=r"bad.json: not valid JSON"):
        load_folder(tmp_path)
    (tmp_path / "bad.json").write_text('{"schema_version": "1", "rules": [{"action": {"type": "explode"}}]}',
                                       encoding="utf-8")
    with pytest.raises(StoreError, match=r"bad.json: not a valid notice \(.*rules.0.action.type"):
        load_folder(tmp_path)


def test_cli_store_add_missing_or_empty_folder_fails(tmp_path: Path) -> None:
    db = str(tmp_path / "s.sqlite")
    missing = runner.invoke(app, ["store", "add", "2021-2022", str(tmp_path / "nope"), "--db", db])
    assert missing.exit_code == 2 and "no such folder" in missing.output
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "scores.json").write_text('{"f1": 1}', encoding="utf-8")
    result = runner.invoke(app, ["store", "add", "2021-2022", str(empty), "--db", db])
    assert result.exit_code == 2 and "no notice JSON" in result.output


def test_cli_store_add_twice_replaces_and_warns(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "plan.json").write_text(extract_text(ZHUANWA, "plan.txt").model_dump_json(), encoding="utf-8")
    db = str(tmp_path / "s.sqlite")
    first = runner.invoke(app, ["store", "add", "2021-2022", str(out), "--db", db])
    assert first.exit_code == 0 and "1 notices, 4 rules" in first.output
    (out / "plan.json").write_text(extract_text(EDITED, "plan.txt").model_dump_json(), encoding="utf-8")
    second = runner.invoke(app, ["store", "add", "2021-2022", str(out), "--db", db])
    assert second.exit_code == 0 and "1 notices (1 replaced), 4 rules" in second.output
    listed = runner.invoke(app, ["store", "list", "--db", db])
    assert listed.output == "2021-2022\t1 notices\t4 rules\n"
    other = runner.invoke(app, ["store", "add", "2023-2024", str(out), "--db", db])
    assert other.exit_code == 0
    assert "warning: plan.txt: the notice reads season 2021-2022, stored as 2023-2024" in other.output


PER_PLACE = "全省水泥熟料生产线实施错峰生产，具体安排如下：兰州市、白银市：11月15日至次年3月15日停产；天水市：12月1日至次年2月28日停产。"


def test_rule_places_and_criteria_are_columns_from_the_condition_model(tmp_path: Path) -> None:
    from extract.core.models import Condition, flat_condition
    from extract.store import CONDITION_COLUMNS

    # every field of the condition model is a column, under the name the rules engine uses
    assert list(CONDITION_COLUMNS) == list(flat_condition(Condition()))
    assert CONDITION_COLUMNS["rule_regions"] == CONDITION_COLUMNS["grades"] == "json"
    assert CONDITION_COLUMNS["heating"] == "flag" and CONDITION_COLUMNS["zone"] == "text"
    n = extract_text(PER_PLACE, "gansu.txt")
    with Store(tmp_path / "s.sqlite") as store:
        store.add_notices("2021-2022", [n])
        by_place = {tuple(r.rule_regions): r.period_end for r in store.rules("2021-2022")}
        assert by_place == {("兰州市", "白银市"): "Y1-03-15", ("天水市",): "Y1-02-28"}
        assert [r.rule_regions for r in store.rules(region="白银市")] == [["兰州市", "白银市"]]
        assert store.rules(rule_regions="天水市")[0].period_start == "Y0-12-01"
        assert store.rules(region="酒泉市") == []


def test_version_2_store_is_rebuilt_with_rule_places(tmp_path: Path) -> None:
    n = extract_text(PER_PLACE, "gansu.txt")
    path = tmp_path / "v2.sqlite"
    with Store(path) as store:
        store.add_notices("2021-2022", [n])
    with sqlite3.connect(path) as db:  # make it look like a version-2 file: no place column
        db.execute("ALTER TABLE rules DROP COLUMN rule_regions")
        db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    db.close()
    with Store(path) as store:
        assert store.schema_version == 3
        assert store.notices("2021-2022") == [n]
        assert sorted(r.rule_regions for r in store.rules("2021-2022", region="天水市")) == [["天水市"]]
