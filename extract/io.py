"""Output files: atomic writes, the file names of ``rules_out/``, and ``rules.jsonl`` streamed in order.

Every file is written to a temporary file in the same folder (``.<name>.<pid>.<random>.tmp``)
and renamed into place, so a reader never sees half a file; the temporary file is removed on
any error, and one left by a killed run (its pid no longer alive) is removed by the next run
into that folder. Files get the permissions the umask allows (``0o666 & ~umask``), as
``open()`` would give them.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePath
from typing import IO, TYPE_CHECKING, Any, TypeVar

from extract.core.errors import CuofengError

if TYPE_CHECKING:
    from extract.core.models import Notice, Rule

#: What to do about an output that cannot be written, by errno.
_OUTPUT_HINTS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("disk full", "free some space and run again"),
    errno.EDQUOT: ("disk quota exceeded", "free some space and run again"),
    errno.EROFS: ("read-only file system", "choose another --out folder"),
    errno.EACCES: ("permission denied", "choose another --out folder or make it writable"),
    errno.EPERM: ("permission denied", "choose another --out folder or make it writable"),
    errno.ENOTDIR: ("a file stands where a folder is needed", "give --out a folder, not a file"),
    errno.EEXIST: ("a file stands where a folder is needed", "give --out a folder, not a file"),
    errno.ENAMETOOLONG: ("file name too long", "use a shorter --out path"),
}


class OutputError(CuofengError):
    """An output file could not be written; ``str(err)`` is one line: the file, why, what to do."""

    def __init__(self, path: str | os.PathLike[str], reason: str, hint: str) -> None:
        from extract.core.paths import display_path

        self.path = display_path(path)
        self.reason = reason
        self.hint = hint
        super().__init__(f"cannot write {self.path}: {reason}; {hint}")

    @classmethod
    def from_os_error(cls, path: str | os.PathLike[str], exc: OSError) -> OutputError:
        """The one-line error for ``exc`` raised while writing ``path``."""
        reason, hint = _OUTPUT_HINTS.get(exc.errno or 0, (exc.strerror or str(exc), "check the --out folder"))
        return cls(path, reason, hint)

    @staticmethod
    def describe(exc: OSError) -> str:
        """``exc`` in words with what to do: ``disk full; free some space and run again``."""
        reason, hint = _OUTPUT_HINTS.get(exc.errno or 0, (exc.strerror or str(exc), "check the path"))
        return f"{reason}; {hint}"


class NoticeFileError(CuofengError):
    """A file given as extracted notices is not one: ``str(err)`` names it and what to do."""


def read_notice_file(path: Path) -> Notice | None:
    """The notice in the JSON file ``path``; None for JSON that is not a notice (no
    ``schema_version`` and ``rules``), such as a scores file.

    Raises:
        NoticeFileError: the file is not UTF-8, not JSON, or a notice that does not
            validate against the schema.
    """
    from pydantic import ValidationError

    from extract.core.models import Notice
    from extract.core.paths import display_path

    shown = display_path(path)
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise NoticeFileError(f"{shown}: not UTF-8 text (byte {exc.start}); re-run cuofeng extract "
                              "or remove the file") from None
    except json.JSONDecodeError as exc:
        raise NoticeFileError(f"{shown}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                              "re-run cuofeng extract or remove the file") from None
    if not (isinstance(data, dict) and "schema_version" in data and "rules" in data):
        return None
    try:
        return Notice.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "(top)"
        raise NoticeFileError(f"{shown}: not a valid notice ({exc.error_count()} problem(s); first at {where}: "
                              f"{first['msg']}); re-run cuofeng extract or remove the file") from None


def file_mode() -> int:
    """The permission bits a new file gets under the current umask (``0o666 & ~umask``)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # no way to read the umask without setting it elsewhere
    os.umask(mask)
    return 0o666 & ~mask


def _open_new(path: Path, text: bool) -> IO[Any]:
    """Create ``path`` (it must not exist) for writing, with the umask's permissions."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, file_mode())
    if text:
        return os.fdopen(fd, "w", encoding="utf-8", newline="\n")
    return os.fdopen(fd, "wb")


def _temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


_TEMP = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$")


def remove_stale_temporaries(folder: Path) -> int:
    """Remove the temporary files a killed run left in ``folder`` (their pid is not alive).

    Returns how many were removed.
    """
    removed = 0
    try:
        entries = list(folder.iterdir())
    except OSError:
        return 0
    for entry in entries:
        found = _TEMP.match(entry.name)
        if not found or int(found.group(1)) == os.getpid():
            continue
        try:
            os.kill(int(found.group(1)), 0)
            continue  # a live process (another run into the same folder) owns it
        except ProcessLookupError:
            pass
        except (PermissionError, OverflowError):
            continue
        try:
            entry.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def ensure_folder(folder: Path) -> None:
    """Create the output ``folder`` (and its parents); OutputError when that cannot be done."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(folder, "it is a file, not a folder", "give --out a folder (it is created if missing)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError.from_os_error(exc.filename or folder, exc) from None


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: never half a file.

    Raises:
        OutputError: the file cannot be written (disk full, read-only, permission, a file
            where a folder should be); no temporary file is left behind.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError.from_os_error(exc.filename or path.parent, exc) from None
    tmp = _temp_path(path)
    try:
        with _open_new(tmp, text=True) as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError.from_os_error(path, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def notice_json(notice: Notice) -> str:
    """The canonical JSON text of a notice (byte-identical for the same notice)."""
    return notice.model_dump_json(indent=2) + "\n"


# --- output names --------------------------------------------------------------------------

_UNSAFE_NAME = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
_MAX_NAME_BYTES = 200


def _safe_part(part: str) -> str:
    """One path component as a portable file name: bytes that are not UTF-8 as ``%XX``,
    characters Windows forbids as ``_``."""
    part = re.sub("[\udc80-\udcff]", lambda m: f"%{ord(m.group()) - 0xDC00:02X}", part)
    return _UNSAFE_NAME.sub("_", part)


def _fit(name: str, key: str) -> str:
    """``name`` + ``.json``, shortened with a hash of ``key`` when too long for a file system."""
    if len(name.encode("utf-8")) <= _MAX_NAME_BYTES:
        return f"{name}.json"
    digest = hashlib.sha1(key.encode("utf-8", "surrogateescape")).hexdigest()[:10]
    cut = name.encode("utf-8")[: _MAX_NAME_BYTES - 12].decode("utf-8", "ignore")
    return f"{cut}~{digest}.json"


def _parts(path: str) -> list[str]:
    """The components of ``path`` without its anchor, ``.`` and ``..``."""
    drive, rest = os.path.splitdrive(path)
    return [p for p in re.split(r"[\\/]" if os.sep == "\\" else "/", rest) if p not in ("", ".", "..")]


def _path_name(rel: str) -> str:
    return _fit("__".join(_safe_part(p) for p in _parts(rel)) or "_", rel)


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


P = TypeVar("P", str, Path)


def output_names(inputs: Iterable[P], rel: Mapping[P, str | PurePath] | None = None) -> dict[P, str]:
    """The output file name of each input: unique, and stable across runs.

    ``<stem>.json`` when no other input has the same stem (compared case-insensitively);
    inputs that share a stem are named after their relative path (``rel[path]``, else the
    path as given): ``a/index.html`` → ``a__index.html.json``. Should two of these still
    collide, the later one (in path order) gets ``~2``, ``~3`` … before ``.json``.
    """
    rel = rel or {}
    paths = sorted(inputs, key=os.fspath)
    by_stem: dict[str, int] = defaultdict(int)
    for p in paths:
        by_stem[_safe_part(_stem(os.fspath(p))).casefold()] += 1
    names: dict[P, str] = {}
    taken: set[str] = set()
    for p in paths:
        stem = _safe_part(_stem(os.fspath(p)))
        if by_stem[stem.casefold()] == 1:
            want = _fit(stem or "_", os.fspath(p))
        else:
            want = _path_name(os.fspath(rel.get(p, p)))
        name, n = want, 2
        while name.casefold() in taken:
            name = f"{want[: -len('.json')]}~{n}.json"
            n += 1
        taken.add(name.casefold())
        names[p] = name
    return names


# --- rules.jsonl -------------------------------------------------------------------------------


def rule_row(notice: Notice, rule: Rule) -> dict[str, Any]:
    """One ``rules.jsonl`` row: the rule with its notice's ``doc_id``, ``source``,
    ``jurisdiction`` ({level, name}) and ``season``, so a row stands on its own."""
    return {
        "doc_id": notice.doc_id,
        "source": notice.source,
        "jurisdiction": notice.jurisdiction.model_dump(mode="json"),
        "season": notice.season,
        **rule.model_dump(mode="json"),
    }


def rule_lines(notice: Notice) -> str:
    """The ``rules.jsonl`` lines of one notice: one self-contained row per rule (``rule_row``)."""
    return "".join(json.dumps(rule_row(notice, rule), ensure_ascii=False) + "\n" for rule in notice.rules)


def rules_jsonl(notices: Iterable[Notice]) -> str:
    """One rule per line (``rule_row``)."""
    return "".join(rule_lines(n) for n in notices)


class RulesStream:
    """``rules.jsonl`` written while notices finish, always in input order.

    Input ``i``'s lines are written as soon as inputs ``0 … i`` have all finished; lines
    that finish early wait in memory (up to ``spill_bytes``, then in a spool file next to
    the output), so the file is byte-identical whatever order workers finish in and memory
    does not grow with the number of notices. :meth:`close` renames the file into place;
    after an error it still holds whole lines only: exactly the rules of the inputs it
    names (:attr:`inputs_written`).
    """

    def __init__(self, path: Path, spill_bytes: int = 16 * 2**20) -> None:
        self.path = path
        self._tmp = _temp_path(path)
        self._spool_path = _temp_path(path.with_name(path.name + ".spool"))
        self._spill_bytes = spill_bytes
        self._next = 0
        self._pending: dict[int, str | tuple[int, int]] = {}
        self._pending_bytes = 0
        self._good = 0  #: bytes of whole lines on disk
        self._spool: IO[bytes] | None = None
        self.inputs_written = 0  #: inputs whose lines (possibly none) are in the file
        self.lines_written = 0
        try:
            self._fh: IO[bytes] | None = _open_new(self._tmp, text=False)
        except OSError as exc:
            raise OutputError.from_os_error(path, exc) from None

    def add(self, index: int, lines: str) -> None:
        """Input ``index`` finished with these lines (``""``: it failed or has no rules)."""
        if index < self._next or index in self._pending:
            raise ValueError(f"input {index} added twice")
        self._pending[index] = lines
        self._pending_bytes += len(lines)
        self._flush_ready()
        if self._pending_bytes > self._spill_bytes:
            self._spill()

    def _take(self, index: int) -> bytes:
        item = self._pending.pop(index)
        if isinstance(item, str):
            self._pending_bytes -= len(item)
            return item.encode("utf-8")
        assert self._spool is not None
        self._spool.seek(item[0])
        return self._spool.read(item[1])

    def _write(self, data: bytes) -> None:
        assert self._fh is not None
        try:
            self._fh.write(data)
            self._fh.flush()
        except OSError as exc:
            raise OutputError.from_os_error(self.path, exc) from None
        self._good += len(data)
        self.lines_written += data.count(b"\n")

    def _flush_ready(self) -> None:
        while self._next in self._pending:
            data = self._take(self._next)
            if data:
                self._write(data)
            self._next += 1
            self.inputs_written += 1

    def _spill(self) -> None:
        try:
            if self._spool is None:
                fd = os.open(self._spool_path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
                self._spool = os.fdopen(fd, "w+b")
            for index, item in sorted(self._pending.items()):
                if isinstance(item, str) and item:
                    data = item.encode("utf-8")
                    self._spool.seek(0, os.SEEK_END)
                    self._pending[index] = (self._spool.tell(), len(data))
                    self._spool.write(data)
                    self._pending_bytes -= len(item)
            self._spool.flush()
        except OSError as exc:
            raise OutputError.from_os_error(self._spool_path, exc) from None

    def close(self) -> None:
        """Write the lines still waiting (in input order, skipping inputs that never
        finished) and rename the file into place. After a write error the file is cut back
        to its last whole line and still renamed into place; the error is raised again."""
        error: OutputError | None = None
        try:
            assert self._fh is not None
            self._fh.flush()
            if self._fh.tell() != self._good:  # a write was interrupted half-way
                self._fh.seek(self._good)
                self._fh.truncate()
            for index in sorted(self._pending):
                data = self._take(index)
                if data:
                    self._write(data)
                self.inputs_written += 1
            os.fsync(self._fh.fileno())
        except OutputError as exc:
            error = exc
        except OSError as exc:
            error = OutputError.from_os_error(self.path, exc)
        self._release()
        try:
            if error is not None:
                os.truncate(self._tmp, self._good)
            os.replace(self._tmp, self.path)
        except OSError as exc:
            self._tmp.unlink(missing_ok=True)
            error = error or OutputError.from_os_error(self.path, exc)
        if error is not None:
            raise error

    def discard(self) -> None:
        """Drop the file being written (the previous ``rules.jsonl``, if any, stays)."""
        self._release()
        self._tmp.unlink(missing_ok=True)

    def _release(self) -> None:
        for fh in (self._fh, self._spool):
            if fh is not None:
                with contextlib.suppress(OSError):
                    fh.close()
        self._fh = self._spool = None
        self._spool_path.unlink(missing_ok=True)
