"""An embedded store of every season's notices: one SQLite file (stdlib ``sqlite3``).

Tables: ``meta`` (``schema_version``), ``notices`` (one row per season and ``doc_id``,
with the full notice JSON) and ``rules`` (one flattened row per rule, for SQL queries).
Adding a notice whose ``doc_id`` is already in that season replaces it.

Example:
    >>> store = Store(":memory:")
    >>> store.add_notices("2021-2022", [])
    >>> store.seasons()
    []
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from extract.core.errors import CuofengError
from extract.core.models import Notice, Rule

STORE_SCHEMA_VERSION = 1
DEFAULT_PATH = Path("rules_out/cuofeng.sqlite")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notices (
    season TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    source TEXT NOT NULL,
    title TEXT,
    jurisdiction TEXT,
    jurisdiction_level TEXT,
    notice_season TEXT,
    position INTEGER NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (season, doc_id)
);
CREATE TABLE IF NOT EXISTS rules (
    season TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    rule_index INTEGER NOT NULL,
    source TEXT NOT NULL,
    jurisdiction TEXT,
    industry TEXT,
    grades TEXT,
    tier TEXT,
    alert_level TEXT,
    heating INTEGER,
    process TEXT,
    zone TEXT,
    policy_category TEXT,
    noncompliant INTEGER,
    action_type TEXT NOT NULL,
    ratio REAL,
    bound TEXT,
    basis TEXT,
    duration_value REAL,
    duration_unit TEXT,
    action_alert_level TEXT,
    period_start TEXT,
    period_end TEXT,
    text TEXT NOT NULL,
    span_start INTEGER,
    span_end INTEGER,
    PRIMARY KEY (season, doc_id, rule_index),
    FOREIGN KEY (season, doc_id) REFERENCES notices (season, doc_id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS rules_by_industry ON rules (season, industry);
"""

_RULE_COLUMNS = (
    "season", "doc_id", "rule_index", "source", "jurisdiction", "industry", "grades", "tier", "alert_level",
    "heating", "process", "zone", "policy_category", "noncompliant", "action_type", "ratio", "bound", "basis",
    "duration_value", "duration_unit", "action_alert_level", "period_start", "period_end", "text",
    "span_start", "span_end",
)
#: Columns ``Store.rules`` filters on (``grade`` matches one of the rule's grades).
FILTERS = frozenset(_RULE_COLUMNS) - {"season"} | {"grade"}


#: Seconds to wait for another process's lock on the store before giving up.
BUSY_TIMEOUT_S = 10.0


class StoreError(CuofengError):
    """The store file cannot be used (written by a newer version, not a cuofeng store, not SQLite)."""


class StoreBusyError(StoreError):
    """Another process holds the store's lock for longer than the busy timeout."""


@contextmanager
def _sqlite_errors(path: str | Path, timeout: float) -> Iterator[None]:
    """sqlite3 errors as one-line :class:`StoreError` naming the file and what to do."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise StoreBusyError(f"{path} is locked by another process (waited {timeout:g} s); "
                                 "try again when it has finished") from None
        if "readonly" in text or "read-only" in text:
            raise StoreBusyError(f"{path} is read-only; choose another --db or make it writable") from None
        if "unable to open" in text:
            raise StoreError(f"{path}: cannot open the store file ({text}); check the --db path") from None
        if "disk is full" in text or "disk I/O" in text:
            raise StoreBusyError(f"{path}: {text}; free some space and run again") from None
        raise StoreError(f"{path}: {text}") from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a cuofeng store ({exc}); give another --db or move it away") from None


class RuleRow(BaseModel):
    """One rule as stored: its notice, the flattened condition and action, evidence."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    season: str
    doc_id: str
    rule_index: int
    source: str
    jurisdiction: str | None
    industry: str | None
    grades: list[str] | None
    tier: str | None
    alert_level: str | None
    heating: bool | None
    process: str | None
    zone: str | None
    policy_category: str | None
    noncompliant: bool | None
    action_type: str
    ratio: float | None
    bound: str | None
    basis: str | None
    duration_value: float | None
    duration_unit: str | None
    action_alert_level: str | None
    period_start: str | None
    period_end: str | None
    text: str
    span_start: int | None
    span_end: int | None


def _rule_row(season: str, notice: Notice, index: int, rule: Rule) -> tuple[Any, ...]:
    c, a = rule.condition, rule.action
    period = a.period or rule.period
    return (
        season, notice.doc_id, index, notice.source, notice.jurisdiction.name, rule.industry,
        json.dumps(c.grades, ensure_ascii=False) if c.grades is not None else None,
        c.tier, c.alert_level, c.heating, c.process, c.zone, c.policy_category, c.noncompliant,
        a.type, a.ratio, a.bound, a.basis,
        a.duration.value if a.duration else None, a.duration.unit if a.duration else None, a.alert_level,
        period.start if period else None, period.end if period else None,
        rule.text, rule.span[0] if rule.span else None, rule.span[1] if rule.span else None,
    )


class Store:
    """All seasons' notices in one SQLite file; ``Store(path)`` creates it when missing.

    Args:
        path: the database file (``rules_out/cuofeng.sqlite`` by default), or ``":memory:"``.
        timeout: seconds to wait for another process's lock (:data:`BUSY_TIMEOUT_S` by default).

    Raises:
        StoreError: the file was written by a newer store schema, is not a cuofeng store, or
            is not SQLite; :class:`StoreBusyError` when it stays locked past ``timeout``.
    """

    def __init__(self, path: str | Path = DEFAULT_PATH, timeout: float | None = None) -> None:
        self.path = path
        self.timeout = BUSY_TIMEOUT_S if timeout is None else timeout
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        with self._errors():
            self._db = sqlite3.connect(str(path), timeout=self.timeout)
        try:
            with self._errors():
                self._db.execute("PRAGMA foreign_keys = ON")
                self._open()
        except BaseException:
            self._db.close()
            raise

    def _errors(self) -> contextlib.AbstractContextManager[None]:
        return _sqlite_errors(self.path, self.timeout)

    def _open(self) -> None:
        tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "meta" not in tables:
            raise StoreError(f"{self.path} is not a cuofeng store (no meta table)")
        if "meta" in tables:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None or not str(row[0]).isdigit():
                raise StoreError(f"{self.path} has no valid schema_version in its meta table")
            version = int(row[0])
            if version > STORE_SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} was written by store schema version {version}; this cuofeng reads up to "
                    f"version {STORE_SCHEMA_VERSION}. Upgrade cuofeng to open it."
                )
        with self._db:
            self._db.executescript(_SCHEMA)
            self._db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(STORE_SCHEMA_VERSION),)
            )

    def close(self) -> None:
        """Close the database file."""
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._errors(), self._db:
            yield self._db

    @property
    def schema_version(self) -> int:
        """The store schema version written in the file."""
        return int(self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])

    def add_notices(self, season_label: str, notices: Iterable[Notice]) -> None:
        """Store ``notices`` under ``season_label``; a ``doc_id`` already in that season is replaced."""
        if not season_label:
            raise ValueError("season_label must not be empty")
        with self._transaction() as db:
            start = db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM notices WHERE season = ?",
                               (season_label,)).fetchone()[0]
            for offset, n in enumerate(notices):
                db.execute("DELETE FROM notices WHERE season = ? AND doc_id = ?", (season_label, n.doc_id))
                db.execute(
                    "INSERT INTO notices VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (season_label, n.doc_id, n.source, n.title, n.jurisdiction.name, n.jurisdiction.level,
                     n.season, start + offset, n.model_dump_json()),
                )
                db.executemany(
                    f"INSERT INTO rules ({', '.join(_RULE_COLUMNS)}) VALUES ({', '.join('?' * len(_RULE_COLUMNS))})",
                    [_rule_row(season_label, n, i, r) for i, r in enumerate(n.rules)],
                )

    def remove_season(self, season_label: str) -> int:
        """Delete a season's notices and rules; returns how many notices were removed."""
        with self._transaction() as db:
            return db.execute("DELETE FROM notices WHERE season = ?", (season_label,)).rowcount

    def seasons(self) -> list[str]:
        """The season labels in the store, sorted."""
        with self._errors():
            return [r[0] for r in self._db.execute("SELECT DISTINCT season FROM notices ORDER BY season")]

    def notices(self, season: str) -> list[Notice]:
        """A season's notices in the order they were added (as validated models)."""
        with self._errors():
            rows = self._db.execute("SELECT json FROM notices WHERE season = ? ORDER BY position", (season,)).fetchall()
        return [Notice.model_validate_json(r[0]) for r in rows]

    def rules(self, season: str | None = None, **filters: Any) -> list[RuleRow]:
        """Flattened rules, optionally of one season, filtered by column equality.

        ``None`` matches SQL NULL; ``grade="B"`` matches rules whose grades include B.
        Example: ``store.rules("2022-2023", industry="钢铁", action_type="cut", grade="B")``.
        """
        unknown = set(filters) - FILTERS
        if unknown:
            raise ValueError(f"unknown rule filter(s): {', '.join(sorted(unknown))}; use {', '.join(sorted(FILTERS))}")
        where, args = [], []
        if season is not None:
            where.append("season = ?")
            args.append(season)
        for name, value in sorted(filters.items()):
            if name == "grade":
                where.append("EXISTS (SELECT 1 FROM json_each(rules.grades) WHERE json_each.value = ?)")
                args.append(value)
            elif value is None:
                where.append(f"{name} IS NULL")
            else:
                where.append(f"{name} = ?")
                args.append(value)
        sql = f"SELECT {', '.join(_RULE_COLUMNS)} FROM rules"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY season, (SELECT position FROM notices n WHERE n.season = rules.season AND n.doc_id = rules.doc_id), rule_index"
        out = []
        with self._errors():
            rows = self._db.execute(sql, args).fetchall()
        for row in rows:
            data = dict(zip(_RULE_COLUMNS, row, strict=True))
            data["grades"] = json.loads(data["grades"]) if data["grades"] is not None else None
            for flag in ("heating", "noncompliant"):
                data[flag] = None if data[flag] is None else bool(data[flag])
            out.append(RuleRow(**data))
        return out


def load_folder(folder: str | Path) -> list[Notice]:
    """The notices of an output folder (``<stem>.json`` files; ``rules.jsonl`` and other JSON are skipped).

    Raises:
        NoticeFileError: a file is not JSON, or a notice that does not validate (one line
            naming it).
    """
    from extract.io import read_notice_file

    out = []
    for path in sorted(Path(folder).glob("*.json")):
        notice = read_notice_file(path)
        if notice is not None:
            out.append(notice)
    return out


def resolve_notices(spec: str | Path, store_path: str | Path = DEFAULT_PATH) -> list[Notice]:
    """The notices of ``spec``: an output folder when one exists, else a season label in the store.

    Raises:
        StoreError: ``spec`` is neither a folder nor a season in the store.
    """
    if Path(spec).is_dir():
        return load_folder(spec)
    if not Path(store_path).exists():
        raise StoreError(f"{spec} is not a folder and there is no store at {store_path}")
    with Store(store_path) as store:
        notices = store.notices(str(spec))
        if not notices:
            seasons = ", ".join(store.seasons()) or "none"
            raise StoreError(f"{spec} is not a folder nor a season in {store_path} (seasons: {seasons})")
        return notices
