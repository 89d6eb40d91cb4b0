"""The SQLite store: round trip, idempotent adds, flattened rule queries, schema versions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from extract import extract_file, extract_text
from extract.core.models import Notice
from extract.store import STORE_SCHEMA_VERSION, Store, StoreError, load_folder, resolve_notices
from tests.conftest import CORPUS_FILES, corpus_text

# Verbatim from 001 篇十一 (砖瓦 grade list) with a title and a season's dates.
ZHUANWA = (
    "关于印发2021-2022年冬季工业企业错峰生产方案的通知\n"
    "2021年10月21日-2022年3月31日。\n"
    "（三）砖瓦行业\n"
    "1.被评定为a级和引领性的企业，生产设施不予错峰。\n"
    "2.被评定为b级的企业，停产2.5个月。\n"
    "3.被评定为c级的企业，停产3个月。\n"
    "4.被评定为d级和非引领性的企业，错峰停产。\n"
)
assert ZHUANWA.split("\n", 3)[3][:30] in corpus_text("001_")


@pytest.fixture(scope="module")
def corpus_notices() -> list[Notice]:
    return [extract_file(str(p)) for p in CORPUS_FILES]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "cuofeng.sqlite") as s:
        yield s


def test_round_trip_equals_stored_models(tmp_path: Path, corpus_notices: list[Notice]) -> None:
    path = tmp_path / "s.sqlite"
    with Store(path) as s:
        s.add_notices("2021-2022", corpus_notices)
    with Store(path) as s:  # reopened from the file
        assert s.seasons() == ["2021-2022"]
        assert s.notices("2021-2022") == corpus_notices
        assert len(s.rules("2021-2022")) == sum(len(n.rules) for n in corpus_notices)


def test_readding_replaces_by_doc_id(store: Store) -> None:
    old = extract_text(ZHUANWA, "a/plan.txt")
    store.add_notices("2021-2022", [old])
    store.add_notices("2021-2022", [old])
    assert store.notices("2021-2022") == [old]
    assert len(store.rules("2021-2022")) == len(old.rules)
    edited = old.model_copy(update={"title": "改过的标题", "rules": old.rules[:1]})
    store.add_notices("2021-2022", [edited])
    assert store.notices("2021-2022") == [edited]
    assert len(store.rules("2021-2022")) == 1


def test_seasons_kept_apart(store: Store) -> None:
    a = extract_text(ZHUANWA, "2021/plan.txt")
    b = extract_text(ZHUANWA.replace("停产2.5个月", "停产3个月").replace("2021", "2022"), "2022/plan.txt")
    store.add_notices("2022-2023", [b])
    store.add_notices("2021-2022", [a])
    assert store.seasons() == ["2021-2022", "2022-2023"]
    assert store.notices("2021-2022") == [a] and store.notices("2022-2023") == [b]
    assert store.notices("1999-2000") == []
    assert store.remove_season("2021-2022") == 1
    assert store.seasons() == ["2022-2023"] and store.rules("2021-2022") == []


RULE_QUERIES = [
    # id, filters, expected (grades, action_type, duration_value, text) read from ZHUANWA
    ("grade_b", {"grade": "B"}, [(["B"], "stop_days", 2.5, "2.被评定为b级的企业，停产2.5个月。")]),
    ("grade_c_industry", {"grade": "C", "industry": "砖瓦"}, [(["C"], "stop_days", 3.0, "3.被评定为c级的企业，停产3个月。")]),
    ("grade_d_stop", {"grade": "D", "action_type": "stop"},
     [(["D", "非引领性"], "stop", None, "4.被评定为d级和非引领性的企业，错峰停产。")]),
    ("exempt", {"action_type": "exempt"}, [(["A", "引领性"], "exempt", None, "1.被评定为a级和引领性的企业，生产设施不予错峰。")]),
    ("duration_unit", {"duration_unit": "month", "grade": "引领性"}, []),
    ("other_industry", {"industry": "钢铁"}, []),
]


@pytest.mark.parametrize(("filters", "expected"), [r[1:] for r in RULE_QUERIES], ids=[r[0] for r in RULE_QUERIES])
def test_rule_filters(store: Store, filters: dict, expected: list) -> None:
    notice = extract_text(ZHUANWA, "plan.txt")
    store.add_notices("2021-2022", [notice])
    rows = store.rules("2021-2022", **filters)
    assert [(r.grades, r.action_type, r.duration_value, r.text) for r in rows] == expected
    for r in rows:
        assert ZHUANWA[r.span_start:r.span_end] == r.text
        assert (r.season, r.doc_id, r.source, r.industry) == ("2021-2022", notice.doc_id, "plan.txt", "砖瓦")


def test_rule_filter_none_is_null_and_unknown_filter_fails(store: Store, corpus_notices: list[Notice]) -> None:
    store.add_notices("s", corpus_notices)
    unscoped = store.rules("s", industry=None)
    assert unscoped and all(r.industry is None for r in unscoped)
    assert len(unscoped) == sum(1 for n in corpus_notices for r in n.rules if r.industry is None)
    heating = store.rules(heating=True)
    assert len(heating) == sum(1 for n in corpus_notices for r in n.rules if r.condition.heating is True)
    with pytest.raises(ValueError, match="unknown rule filter"):
        store.rules("s", colour="red")


def test_newer_schema_version_fails_clearly(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    Store(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(STORE_SCHEMA_VERSION + 1),))
    db.close()
    with pytest.raises(StoreError, match=f"schema version {STORE_SCHEMA_VERSION + 1}.*Upgrade"):
        Store(path)


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (x)")
    db.close()
    with pytest.raises(StoreError, match="not a cuofeng store"):
        Store(path)


def test_schema_version_written(store: Store) -> None:
    assert store.schema_version == STORE_SCHEMA_VERSION


def test_load_folder_skips_non_notice_files(tmp_path: Path) -> None:
    notice = extract_text(ZHUANWA, "plan.txt")
    (tmp_path / "plan.json").write_text(notice.model_dump_json(indent=2), encoding="utf-8")
    (tmp_path / "rules.jsonl").write_text("{}\n", encoding="utf-8")
    (tmp_path / "report.json").write_text('{"f1": 1}', encoding="utf-8")
    assert load_folder(tmp_path) == [notice]


def test_resolve_folder_or_season(tmp_path: Path) -> None:
    notice = extract_text(ZHUANWA, "plan.txt")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "plan.json").write_text(notice.model_dump_json(), encoding="utf-8")
    db = tmp_path / "cuofeng.sqlite"
    with Store(db) as s:
        s.add_notices("2021-2022", [notice])
    assert resolve_notices(folder, db) == [notice]
    assert resolve_notices("2021-2022", db) == [notice]
    with pytest.raises(StoreError, match="seasons: 2021-2022"):
        resolve_notices("2030-2031", db)
    with pytest.raises(StoreError, match="no store"):
        resolve_notices("2021-2022", tmp_path / "missing.sqlite")
