"""An embedded store of every season's notices: one SQLite file (stdlib ``sqlite3``).

Tables: ``meta`` (``schema_version``), ``notices`` (one row per season and source, with the
full notice JSON) and ``rules`` (one flattened row per rule, for SQL queries).

A notice's identity in a season is its source file: adding a notice whose source is already
in that season replaces it and its rules (an edited file re-extracted has another ``doc_id``
but is the same notice; its rules never count twice). Writes take the database lock up front
(``BEGIN IMMEDIATE``) and wait for other writers up to ``busy_timeout_s`` of
``data/store.toml``. A store of an older schema version (1: identity by ``doc_id``; 2: rule
places and criteria not flattened) is rebuilt on open from the notice JSON it keeps.

The rules table's condition columns are :func:`extract.core.models.flat_condition`'s keys (one
definition of a rule's condition, shared with the rules engine): list-valued ones (``grades``,
``rule_regions``, ``criteria``) are JSON arrays, flags are 0/1.

Example:
    >>> store = Store(":memory:")
    >>> store.add_notices("2021-2022", [])
    >>> store.seasons()
    []
"""

from __future__ import annotations

import contextlib
import json
import posixpath
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from extract.core.datafiles import load
from extract.core.errors import CuofengError, DataError
from extract.core.models import Notice, Rule, flat_condition, flat_condition_fields

STORE_SCHEMA_VERSION = 3
DEFAULT_PATH = Path("rules_out/cuofeng.sqlite")
_SEASON = regex.compile(r"^\d{4}-\d{4}$")

_SCHEMA_TEMPLATE = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notices (
    season TEXT NOT NULL,
    identity TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    source TEXT NOT NULL,
    title TEXT,
    jurisdiction TEXT,
    jurisdiction_level TEXT,
    notice_season TEXT,
    position INTEGER NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (season, identity)
);
CREATE TABLE IF NOT EXISTS rules (
    season TEXT NOT NULL,
    identity TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    rule_index INTEGER NOT NULL,
    source TEXT NOT NULL,
    jurisdiction TEXT,
    industry TEXT,
    {condition_columns}
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
    PRIMARY KEY (season, identity, rule_index),
    FOREIGN KEY (season, identity) REFERENCES notices (season, identity) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS rules_by_industry ON rules (season, industry);
"""


def _column_kind(annotation: Any) -> str:
    """How a flat condition field is stored: ``json`` (a list), ``flag`` (a bool) or ``text``."""
    args = set(get_args(annotation)) if get_origin(annotation) in (Union, type(int | None)) else {annotation}
    if any(a is list or get_origin(a) is list for a in args):
        return "json"
    return "flag" if bool in args else "text"


#: The rule's condition columns: flat name → ``json`` / ``flag`` / ``text``, in the model's order.
CONDITION_COLUMNS: dict[str, str] = {name: _column_kind(ann) for name, (ann, _) in flat_condition_fields().items()}
_SQL_TYPE = {"json": "TEXT", "flag": "INTEGER", "text": "TEXT"}
_SCHEMA = _SCHEMA_TEMPLATE.replace("{condition_columns}", "\n    ".join(
    f"{name} {_SQL_TYPE[kind]}," for name, kind in CONDITION_COLUMNS.items()))

_RULE_COLUMNS = (
    "season", "identity", "doc_id", "rule_index", "source", "jurisdiction", "industry", *CONDITION_COLUMNS,
    "action_type", "ratio", "bound", "basis",
    "duration_value", "duration_unit", "action_alert_level", "period_start", "period_end", "text",
    "span_start", "span_end",
)
#: Singular names for a list column's filter (``grade="B"``: the rule's grades include B).
FILTER_ALIASES = {"grade": "grades", "region": "rule_regions", "criterion": "criteria"}
#: Keyword filters of ``Store.rules``: every column but season and identity, and the aliases.
FILTERS = frozenset(_RULE_COLUMNS) - {"season", "identity"} | frozenset(FILTER_ALIASES)


class StoreError(CuofengError):
    """The store or an output folder cannot be used: a newer or foreign store file, a busy
    database, a missing folder, a malformed notice file."""


class StoreBusyError(StoreError):
    """Another process holds the store's lock for longer than the busy timeout, or the file
    cannot be written (read-only, disk full): the run cannot complete."""


#: Seconds a writer waits for another; None reads ``[sqlite].busy_timeout_s`` of ``data/store.toml``.
BUSY_TIMEOUT_S: float | None = None


class _Sqlite(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    busy_timeout_s: float = Field(gt=0.0)


@cache
def busy_timeout() -> float:
    """Seconds a writer waits for another (``[sqlite].busy_timeout_s`` of ``data/store.toml``)."""
    try:
        return _Sqlite.model_validate(load("store.toml").get("sqlite")).busy_timeout_s
    except ValidationError as err:
        raise DataError(f"store.toml: [sqlite]: {err}") from err


def identity(notice: Notice) -> str:
    """A notice's identity in a season: its source path normalised (``./a//b.txt`` → ``a/b.txt``),
    or ``doc_id:<id>`` when it has no source."""
    if not notice.source:
        return f"doc_id:{notice.doc_id}"
    return posixpath.normpath(notice.source.replace("\\", "/"))


@dataclass
class AddResult:
    """What :meth:`Store.add_notices` did: notices new to the season, replaced, rules written, warnings."""

    added: int = 0
    replaced: int = 0
    rules: int = 0
    warnings: list[str] = field(default_factory=list)


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


class _RuleRowBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


if TYPE_CHECKING:
    class RuleRow(_RuleRowBase):
        """One rule as stored (built by ``create_model`` below; fields typed loosely here)."""

        def __getattr__(self, name: str) -> Any: ...
else:
    #: One rule as stored: its notice, the flattened condition (:data:`CONDITION_COLUMNS`) and
    #: action, evidence.
    RuleRow = create_model(
        "RuleRow",
        __base__=_RuleRowBase,
        __module__=__name__,
        season=(str, ...),
        doc_id=(str, ...),
        rule_index=(int, ...),
        source=(str, ...),
        jurisdiction=(str | None, ...),
        industry=(str | None, ...),
        **flat_condition_fields(),
        action_type=(str, ...),
        ratio=(float | None, ...),
        bound=(str | None, ...),
        basis=(str | None, ...),
        duration_value=(float | None, ...),
        duration_unit=(str | None, ...),
        action_alert_level=(str | None, ...),
        period_start=(str | None, ...),
        period_end=(str | None, ...),
        text=(str, ...),
        span_start=(int | None, ...),
        span_end=(int | None, ...),
    )


def _encode(kind: str, value: Any) -> Any:
    if kind == "json":
        return None if value is None else json.dumps(value, ensure_ascii=False)
    return value


def _decode(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "json":
        return json.loads(value)
    return bool(value) if kind == "flag" else value


def _rule_row(season: str, notice: Notice, index: int, rule: Rule) -> tuple[Any, ...]:
    a = rule.action
    period = a.period or rule.period
    flat = flat_condition(rule.condition)
    return (
        season, identity(notice), notice.doc_id, index, notice.source, notice.jurisdiction.name, rule.industry,
        *(_encode(kind, flat[name]) for name, kind in CONDITION_COLUMNS.items()),
        a.type, a.ratio, a.bound, a.basis,
        a.duration.value if a.duration else None, a.duration.unit if a.duration else None, a.alert_level,
        period.start if period else None, period.end if period else None,
        rule.text, rule.span[0] if rule.span else None, rule.span[1] if rule.span else None,
    )


class Store:
    """All seasons' notices in one SQLite file; ``Store(path)`` creates it when missing.

    Args:
        path: the database file (``rules_out/cuofeng.sqlite`` by default), or ``":memory:"``.
        timeout: seconds to wait for another writer (default: :data:`BUSY_TIMEOUT_S`, else
            ``data/store.toml``).

    Raises:
        StoreError: the file was written by a newer store schema, is not a cuofeng store, or
            is not SQLite; :class:`StoreBusyError` when it stays locked past ``timeout``.
    """

    def __init__(self, path: str | Path = DEFAULT_PATH, timeout: float | None = None) -> None:
        self.path = path
        self.timeout = timeout if timeout is not None else (
            BUSY_TIMEOUT_S if BUSY_TIMEOUT_S is not None else busy_timeout())
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # autocommit: transactions are explicit (BEGIN IMMEDIATE), so a writer waits for the
        # lock up front instead of failing when a read would have to become a write
        with self._errors():
            self._db = sqlite3.connect(str(path), timeout=self.timeout, isolation_level=None)
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
        with self._transaction() as db:
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "meta" not in tables:
                raise StoreError(f"{self.path} is not a cuofeng store (no meta table)")
            version = STORE_SCHEMA_VERSION
            if "meta" in tables:
                row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
                if row is None or not str(row[0]).isdigit():
                    raise StoreError(f"{self.path} has no valid schema_version in its meta table")
                version = int(row[0])
                if version > STORE_SCHEMA_VERSION:
                    raise StoreError(
                        f"{self.path} was written by store schema version {version}; this cuofeng reads up to "
                        f"version {STORE_SCHEMA_VERSION}. Upgrade cuofeng to open it."
                    )
            kept = self._read_old(db) if version < STORE_SCHEMA_VERSION and "notices" in tables else []
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                        (str(STORE_SCHEMA_VERSION),))
            by_season: dict[str, list[Notice]] = {}
            for season, notice in kept:
                by_season.setdefault(season, []).append(notice)
            for season, notices in by_season.items():
                self._add(db, season, notices, AddResult())

    @staticmethod
    def _read_old(db: sqlite3.Connection) -> list[tuple[str, Notice]]:
        """The notices of an older store (each row keeps the whole notice JSON), whose tables are
        then dropped to be rebuilt."""
        rows = db.execute("SELECT season, json FROM notices ORDER BY season, position").fetchall()
        db.execute("DROP TABLE rules")
        db.execute("DROP TABLE notices")
        return [(season, Notice.model_validate_json(text)) for season, text in rows]

    def close(self) -> None:
        """Close the database file."""
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, the lock taken at once (waiting up to ``timeout`` for it)."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise self._busy(err) from None
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.OperationalError as err:
            self._db.execute("ROLLBACK")
            raise self._busy(err) from None

    def _busy(self, err: sqlite3.OperationalError) -> Exception:
        if "locked" in str(err) or "busy" in str(err):
            return StoreBusyError(f"{self.path} is locked by another process (waited {self.timeout:g} s); "
                                  "try again when it has finished")
        return err

    @property
    def schema_version(self) -> int:
        """The store schema version written in the file."""
        return int(self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])

    def add_notices(self, season_label: str, notices: Iterable[Notice]) -> AddResult:
        """Store ``notices`` under ``season_label``; a notice whose source is already in that
        season replaces it (and all its rules), keeping its place in the season's order.

        Returns what was done, with a warning for each notice whose own season disagrees with
        a season-shaped label (``2021-2022``).
        """
        if not season_label:
            raise ValueError("season_label must not be empty")
        result = AddResult()
        with self._transaction() as db:
            self._add(db, season_label, list(notices), result)
        return result

    @staticmethod
    def _add(db: sqlite3.Connection, season_label: str, notices: list[Notice], result: AddResult) -> None:
        labelled = bool(_SEASON.match(season_label))
        for n in notices:
            key = identity(n)
            row = db.execute("SELECT position FROM notices WHERE season = ? AND identity = ?",
                             (season_label, key)).fetchone()
            if row is None:
                position = db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM notices WHERE season = ?",
                                      (season_label,)).fetchone()[0]
                result.added += 1
            else:
                position = row[0]
                result.replaced += 1
                db.execute("DELETE FROM notices WHERE season = ? AND identity = ?", (season_label, key))
            db.execute(
                "INSERT INTO notices VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (season_label, key, n.doc_id, n.source, n.title, n.jurisdiction.name, n.jurisdiction.level,
                 n.season, position, n.model_dump_json()),
            )
            db.executemany(
                f"INSERT INTO rules ({', '.join(_RULE_COLUMNS)}) VALUES ({', '.join('?' * len(_RULE_COLUMNS))})",
                [_rule_row(season_label, n, i, r) for i, r in enumerate(n.rules)],
            )
            result.rules += len(n.rules)
            if labelled and n.season and n.season != season_label:
                result.warnings.append(
                    f"{n.source or n.doc_id}: the notice reads season {n.season}, stored as {season_label}"
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

        ``None`` matches SQL NULL; a value for a list column (``grades``, ``rule_regions``,
        ``criteria``, or their singular aliases ``grade``, ``region``, ``criterion``) matches rules
        whose list includes it. Example:
        ``store.rules("2022-2023", industry="钢铁", action_type="cut", grade="B", region="唐山市")``.
        """
        unknown = set(filters) - FILTERS
        if unknown:
            raise ValueError(f"unknown rule filter(s): {', '.join(sorted(unknown))}; use {', '.join(sorted(FILTERS))}")
        where, args = [], []
        if season is not None:
            where.append("season = ?")
            args.append(season)
        for key, value in sorted(filters.items()):
            name = FILTER_ALIASES.get(key, key)
            if CONDITION_COLUMNS.get(name) == "json" and value is not None:
                where.append(f"EXISTS (SELECT 1 FROM json_each(rules.{name}) WHERE json_each.value = ?)")
                args.append(value)
            elif value is None:
                where.append(f"{name} IS NULL")
            else:
                where.append(f"{name} = ?")
                args.append(value)
        sql = f"SELECT {', '.join(_RULE_COLUMNS)} FROM rules"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY season, (SELECT position FROM notices n WHERE n.season = rules.season AND n.identity = rules.identity), rule_index"
        out = []
        with self._errors():
            rows = self._db.execute(sql, args).fetchall()
        for row in rows:
            data = dict(zip(_RULE_COLUMNS, row, strict=True))
            del data["identity"]
            for name, kind in CONDITION_COLUMNS.items():
                data[name] = _decode(kind, data[name])
            out.append(RuleRow(**data))
        return out


def load_folder(folder: str | Path) -> list[Notice]:
    """The notices of an output folder (``<stem>.json`` files; ``rules.jsonl`` and JSON files
    that are not notices, such as scores, are skipped).

    Raises:
        StoreError: the folder is missing or not a folder, or a notice file is malformed (one
            line naming it).
    """
    from extract.io import NoticeFileError, read_notice_file

    folder = Path(folder)
    if not folder.exists():
        raise StoreError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise StoreError(f"{folder}: not a folder (give the output folder of `cuofeng extract`)")
    out = []
    for path in sorted(folder.glob("*.json")):
        try:
            notice = read_notice_file(path)
        except NoticeFileError as err:
            raise StoreError(str(err)) from None
        if notice is not None:
            out.append(notice)
    return out


def resolve_notices(spec: str | Path, store_path: str | Path = DEFAULT_PATH) -> list[Notice]:
    """The notices of ``spec``: an output folder when one exists, else a season label in the store.

    Raises:
        StoreError: ``spec`` is neither a folder nor a season in the store, or a folder
            without notice JSON.
    """
    if Path(spec).is_dir():
        notices = load_folder(spec)
        if not notices:
            raise StoreError(f"{spec}: no notice JSON (<stem>.json written by `cuofeng extract`) in this folder")
        return notices
    if not Path(store_path).exists():
        raise StoreError(f"{spec} is not a folder and there is no store at {store_path}")
    with Store(store_path) as store:
        notices = store.notices(str(spec))
        if not notices:
            seasons = ", ".join(store.seasons()) or "none"
            raise StoreError(f"{spec} is not a folder nor a season in {store_path} (seasons: {seasons})")
        return notices
