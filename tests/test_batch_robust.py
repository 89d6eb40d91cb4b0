"""Issue 13: nothing lost, nothing hangs, every failure one line. One test per defect."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import extract.io as out_io
from extract.cli import app
from extract.core.models import Notice
from extract.core.paths import display_path, path_from_source
from extract.ingest import read_document
from extract.io import RulesStream, output_names
from tests.conftest import CORPUS, CORPUS_FILES, ROOT

runner = CliRunner()
SMALL = [p for p in CORPUS_FILES if p.stat().st_size < 2100]
BIG = CORPUS / "001_cf0fc4cb60f58962.txt"


def _extract(*args: str) -> Any:
    return runner.invoke(app, ["extract", *args])


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _assert_valid_outputs(out: Path) -> tuple[set[str], list[dict[str, Any]]]:
    """Every notice JSON validates, every rules.jsonl line parses and belongs to a notice written."""
    sources = {Notice.model_validate_json(p.read_text("utf-8")).source for p in out.glob("*.json")}
    rows = [json.loads(line) for line in (out / "rules.jsonl").read_text("utf-8").splitlines()]
    assert {r["source"] for r in rows} <= sources
    assert not list(out.glob(".*.tmp"))
    return sources, rows


# --- 1. unique, stable output names ----------------------------------------------------------


@pytest.fixture()
def same_named(tmp_path: Path) -> Path:
    """41 inputs, all called index.txt (or INDEX.txt) in different folders."""
    src = tmp_path / "site"
    for i in range(40):
        folder = src / f"d{i // 10}" / f"p{i % 10}"
        folder.mkdir(parents=True)
        shutil.copy(SMALL[i % len(SMALL)], folder / "index.txt")
    shutil.copy(SMALL[0], src / "INDEX.txt")
    return src


def test_same_named_inputs_never_overwrite(same_named: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _extract(str(same_named), "--out", str(out), "-j", "1", "-q")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.glob("*.json"))
    assert len(names) == 41
    assert "d0__p0__index.txt.json" in names and "INDEX.txt.json" in names
    sources, _ = _assert_valid_outputs(out)
    assert len(sources) == 41  # one notice per input, none lost


def test_output_names_are_stable_across_runs_and_workers(same_named: Path, tmp_path: Path) -> None:
    runs = []
    for n in ("1", "2", "2"):
        out = tmp_path / f"out{len(runs)}"
        assert _extract(str(same_named), "--out", str(out), "-j", n, "-q").exit_code == 0
        runs.append(_outputs(out))
    assert runs[0] == runs[1] == runs[2]  # names and bytes, rules.jsonl included


_NAME = st.text(st.sampled_from("abAB_.-~中文\udcb9"), min_size=1, max_size=6).filter(lambda s: s not in (".", ".."))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_NAME, min_size=1, max_size=3), min_size=1, max_size=30))
def test_output_names_unique_for_any_paths(parts: list[list[str]]) -> None:
    paths = {Path(*p[:-1], p[-1] + ".txt") for p in parts}
    names = output_names(paths)
    assert len({n.casefold() for n in names.values()}) == len(paths)
    assert all(n.endswith(".json") and "/" not in n and n.encode("utf-8") for n in names.values())
    assert output_names(sorted(paths, reverse=True)) == names  # independent of the order given


# --- 2. file names that are not UTF-8 -----------------------------------------------------------


def test_non_utf8_file_name_is_read_and_kept_losslessly(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    gbk = os.fsdecode("错峰".encode("gbk") + b".txt")
    shutil.copy(SMALL[0], src / gbk)
    shutil.copy(SMALL[1], src / "ok.txt")
    out = tmp_path / "out"
    result = _extract(str(src), "--out", str(out), "-j", "1", "-q")
    assert result.exit_code == 0, result.output
    (name,) = [p.name for p in out.glob("*.json") if p.name != "ok.json"]
    assert name == "%B4%ED%B7%E5.json"
    notice = Notice.model_validate_json((out / name).read_text("utf-8"))
    assert notice.source.endswith("\\xb4\\xed\\xb7\\xe5.txt")
    assert path_from_source(notice.source) == src / gbk  # the exact bytes come back
    assert read_document(notice.source).text == SMALL[0].read_text("utf-8")
    report = runner.invoke(app, ["report", str(out), "--out", str(tmp_path / "r.html"), "-q"])
    assert report.exit_code == 0, report.output
    assert "\\xb4\\xed" in (tmp_path / "r.html").read_text("utf-8")


@given(st.binary(min_size=1, max_size=12).filter(lambda b: b"/" not in b and b"\\" not in b and b"\0" not in b))
def test_display_path_round_trips_any_bytes(name: bytes) -> None:
    path = os.fsdecode(name)
    shown = display_path(path)
    shown.encode("utf-8")  # printable and JSON-safe
    assert os.fsencode(path_from_source(shown)) == name


# --- 3. caps and the time budget ---------------------------------------------------------------


def _docx_bomb(path: Path, megabytes: int) -> None:
    from tests.fixtures_ingest.builders import make_docx

    make_docx(path, ["错峰生产"], [["行业", "措施"]], ["限产30%"])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/media/padding.bin", b"\0" * (megabytes * 2**20))


def _pdf_bomb(path: Path, megabytes: int) -> None:
    import zlib

    stream = zlib.compress(b" " * (megabytes * 2**20), 9)
    head = f"%PDF-1.4\n1 0 obj\n<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode()
    path.write_bytes(head + stream + b"\nendstream\nendobj\n%%EOF\n")


@pytest.mark.parametrize(("name", "make"), [("bomb.docx", _docx_bomb), ("bomb.pdf", _pdf_bomb)])
def test_decompressed_size_is_capped(tmp_path: Path, name: str, make: Any) -> None:
    make(tmp_path / name, 12)
    assert (tmp_path / name).stat().st_size < 2**20  # small on disk
    result = _extract(str(tmp_path / name), "--out", str(tmp_path / "o"), "--max-mb", "8", "-q")
    assert result.exit_code == 2
    assert f"{name}: decompresses to" in result.output and "--max-mb" in result.output
    assert "Traceback" not in result.output


def test_text_length_is_capped(tmp_path: Path) -> None:
    shutil.copy(BIG, tmp_path / "long.txt")
    shutil.copy(SMALL[0], tmp_path / "short.txt")
    chars = len(BIG.read_text("utf-8"))
    result = _extract(str(tmp_path), "--out", str(tmp_path / "o"), "--max-chars", str(chars - 1), "-q")
    assert result.exit_code == 1
    assert f"long.txt: text of {chars:,} characters is over the cap of {chars - 1:,}" in result.output
    assert (tmp_path / "o" / "short.json").exists()


def test_txt_far_over_the_cap_is_refused_before_reading(tmp_path: Path) -> None:
    (tmp_path / "huge.txt").write_bytes("限产".encode() * 3000)
    result = _extract(str(tmp_path / "huge.txt"), "--out", str(tmp_path / "o"), "--max-chars", "1000", "-q")
    assert result.exit_code == 2 and "huge.txt: 0.0 MB is over the cap" in result.output


def _slow_outcome(path: str, limits: Any) -> Any:
    from extract.batch import Outcome

    if "slow" in path:
        time.sleep(30)
    return Outcome(json_text="{}\n")


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_file_over_its_time_budget_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str) -> None:
    monkeypatch.setattr("extract.batch.extract_outcome", _slow_outcome)
    for name in ("a.txt", "slow.txt", "z.txt"):
        shutil.copy(SMALL[0], tmp_path / name)
    out = tmp_path / "o"
    result = _extract(str(tmp_path), "--out", str(out), "--timeout", "0.5", "-j", workers, "-q")
    assert result.exit_code == 1, result.output
    assert "slow.txt: took longer than the time budget of 0.5 s" in result.output
    assert sorted(p.name for p in out.glob("*.json")) == ["a.json", "z.json"]


def _stuck(seconds: float) -> str:
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # like native code that never returns
    time.sleep(seconds)
    return "done"


def test_a_worker_stuck_past_its_budget_is_killed_and_replaced() -> None:
    from extract.pool import Failure, WorkerPool

    with WorkerPool(_stuck, 2, budget=0.3, grace=0.3) as pool:
        results = dict(pool.run([("stuck", (30,)), ("quick", (0,)), ("after", (0,))]))
    assert results["quick"] == results["after"] == "done"
    assert isinstance(results["stuck"], Failure) and "its worker was killed" in results["stuck"].reason


# --- 4. every failure one line; exit codes ------------------------------------------------------


class _Disk:
    """A disk with ``room`` bytes left: writes past it fail with ENOSPC after a partial write."""

    def __init__(self, room: int) -> None:
        self.room = room

    def opener(self, real: Any) -> Any:
        def open_new(path: Path, text: bool) -> Any:
            return _FullFile(real(path, text), self)

        return open_new


class _FullFile:
    def __init__(self, fh: Any, disk: _Disk) -> None:
        self.fh, self.disk = fh, disk

    def write(self, data: Any) -> int:
        if len(data) > self.disk.room:
            self.fh.write(data[: self.disk.room])
            self.fh.flush()
            self.disk.room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self.disk.room -= len(data)
        return self.fh.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.fh, name)

    def __enter__(self) -> _FullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.fh.close()


@pytest.mark.parametrize("share", [0, 0.3, 0.7])
def test_disk_full_leaves_valid_outputs_and_says_where_it_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, share: float
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i, f in enumerate(SMALL[:12]):
        shutil.copy(f, src / f"n{i:02}.txt")
    assert _extract(str(src), "--out", str(tmp_path / "full"), "-j", "1", "-q").exit_code == 0
    room = int(share * sum(p.stat().st_size for p in (tmp_path / "full").iterdir()))
    monkeypatch.setattr(out_io, "_open_new", _Disk(room).opener(out_io._open_new))
    out = tmp_path / "out"
    result = _extract(str(src), "--out", str(out), "-j", "2")
    assert result.exit_code == 3, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error")]
    assert len(errors) == 1 and "disk full; free some space and run again" in errors[0]
    assert "Stopped after" in errors[0] and "Traceback" not in result.output
    sources, rows = _assert_valid_outputs(out)
    assert f"holds the {len(rows)} rules" in errors[0]
    assert len(sources) < 12


@pytest.mark.parametrize(("code", "says"), [(errno.EROFS, "read-only file system; choose another --out folder"),
                                            (errno.EACCES, "permission denied; choose another --out folder")])
def test_output_not_writable_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, says: str) -> None:
    def refuse(path: Path, text: bool) -> Any:
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(out_io, "_open_new", refuse)
    result = _extract(str(SMALL[0]), "--out", str(tmp_path / "o"), "-q")
    assert result.exit_code == 3
    assert says in result.output and "Traceback" not in result.output
    assert not list((tmp_path / "o").iterdir())


def test_out_being_a_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "o").write_text("x")
    result = _extract(str(SMALL[0]), "--out", str(tmp_path / "o"), "-q")
    assert result.exit_code == 3
    assert result.output.strip().endswith("it is a file, not a folder; give --out a folder (it is created if missing)")


@pytest.fixture()
def corrupt_out(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    assert _extract(str(SMALL[0]), "--out", str(out), "-q").exit_code == 0
    (out / "zz.json").write_text('{"schema_version": "1", "rules": [', encoding="utf-8")
    return out


@pytest.mark.parametrize("command", [
    ["store", "add", "s1", "{out}", "--db", "{tmp}/s.db"],
    ["report", "{out}", "--out", "{tmp}/r.html"],
    ["export", "{out}"],
    ["diff", "{out}", "{out}"],
    ["query", "--rules", "{out}", "--industry", "钢铁", "--date", "2021-12-01"],
], ids=["store", "report", "export", "diff", "query"])
def test_corrupt_json_is_one_line_naming_the_file(corrupt_out: Path, tmp_path: Path, command: list[str]) -> None:
    args = [a.format(out=corrupt_out, tmp=tmp_path) for a in command]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines() == [
        f"error: {corrupt_out / 'zz.json'}: not valid JSON (line 1, column 35: Expecting value); "
        "re-run cuofeng extract or remove the file"
    ]


def test_invalid_notice_json_is_one_line(corrupt_out: Path) -> None:
    (corrupt_out / "zz.json").write_text('{"schema_version": "1", "rules": [{"x": 1}]}', encoding="utf-8")
    result = runner.invoke(app, ["export", str(corrupt_out)])
    assert result.exit_code == 2
    assert "zz.json: not a valid notice" in result.output and "Traceback" not in result.output


def test_locked_store_is_one_line(corrupt_out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    (corrupt_out / "zz.json").unlink()
    db = tmp_path / "s.db"
    assert runner.invoke(app, ["store", "add", "s1", str(corrupt_out), "--db", str(db)]).exit_code == 0
    monkeypatch.setattr("extract.store.BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        for args in (["store", "add", "s2", str(corrupt_out)], ["store", "list"], ["diff", "s1", "s1"]):
            result = runner.invoke(app, [*args, "--db", str(db)])
            assert result.exit_code == 3, (args, result.output)
            assert result.output.strip() == f"error: {db} is locked by another process (waited 0.2 s); " \
                                            "try again when it has finished"
    finally:
        holder.close()


def test_a_file_that_is_not_a_store_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "s.db").write_bytes(b"this is not sqlite at all" * 100)
    result = runner.invoke(app, ["store", "list", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2
    assert "s.db is not a cuofeng store" in result.output and "Traceback" not in result.output


def test_nothing_found_is_exit_2_and_says_what_was_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x")
    result = _extract(str(tmp_path), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert "no supported files found (skipped 1: unsupported type)" in result.output


# --- 5. inputs judged right -----------------------------------------------------------------------


def test_one_bad_byte_is_read_with_a_warning(tmp_path: Path) -> None:
    data = SMALL[0].read_bytes()
    cut = data.index("。".encode()) + len("。".encode())
    (tmp_path / "damaged.txt").write_bytes(data[:cut] + b"\xff" + data[cut:])
    doc = read_document(tmp_path / "damaged.txt")
    assert doc.text == data[:cut].decode() + "\ufffd" + data[cut:].decode()
    assert doc.warnings == (f"{tmp_path / 'damaged.txt'}: 1 byte(s) that are not UTF-8 read as U+FFFD "
                            f"(first at byte {cut}); check the file for damage",)
    result = _extract(str(tmp_path / "damaged.txt"), "--out", str(tmp_path / "o"), "-q")
    assert result.exit_code == 0 and "warning" in result.output and "U+FFFD" in result.output


def test_gbk_text_is_not_salvaged_as_utf8(tmp_path: Path) -> None:
    (tmp_path / "gbk.txt").write_bytes(SMALL[0].read_text("utf-8").encode("gb18030"))
    doc = read_document(tmp_path / "gbk.txt")
    assert doc.encoding == "gb18030" and doc.text == SMALL[0].read_text("utf-8") and doc.warnings == ()


@pytest.mark.parametrize(("name", "data", "says"), [
    ("pdf.txt", b"%PDF-1.4\n1 0 obj << >> endobj\n" + "限产".encode() * 50, "a PDF file named .txt, not text: rename it to .pdf"),
    ("zip.txt", b"PK\x03\x04" + b"x" * 100, "a zip archive (a .docx?) named .txt, not text: rename it to .docx"),
    ("bom.txt", b"\xef\xbb\xbf", "no text (only a byte-order mark)"),
    ("space.txt", " \n\t\u3000\n".encode(), "no text (only whitespace)"),
    ("bomspace.txt", b"\xef\xbb\xbf \r\n", "no text (only whitespace)"),
    ("separator.txt", b"\x1c" + b" " * 19, "no text (only whitespace)"),  # found by make fuzz
    ("markup.txt", ("<html><head><script src='a.js'></script></head><body><div class='x'><span>错峰"
                    "</span></div></body></html>\n" * 20).encode(), "mostly markup"),
    ("markup.html", ("<html><body><p>" + "&lt;div class=&quot;nav&quot;&gt;&lt;/div&gt;" * 30 + "限产</p></body></html>")
     .encode(), "mostly markup"),
], ids=["pdf-as-txt", "zip-as-txt", "bom-only", "whitespace-only", "bom-and-whitespace", "separator-only", "markup-txt",
        "escaped-markup-html"])
def test_non_notices_are_errors(tmp_path: Path, name: str, data: bytes, says: str) -> None:
    (tmp_path / name).write_bytes(data)
    result = _extract(str(tmp_path / name), "--out", str(tmp_path / "o"), "-q")
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"error {tmp_path / name}: {says}")


def test_skipped_files_are_counted(tmp_path: Path) -> None:
    shutil.copy(SMALL[0], tmp_path / "a.txt")
    for name in ("notes.md", "pic.png", "data.csv"):
        (tmp_path / name).write_text("x")
    (tmp_path / ".a.json.123.0123abcd.tmp").write_text("x")
    result = _extract(str(tmp_path), "--out", str(tmp_path / "o"))
    assert result.exit_code == 0
    assert "skipped     4: 1 temporary file, 3 unsupported type" in result.output


# --- 6. processes, temporary files, permissions ---------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended (only its parent's reaper is missing)


def _start_batch(tmp_path: Path, copies: int = 40) -> tuple[subprocess.Popen[bytes], Path, list[int]]:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(copies):
        shutil.copy(BIG, src / f"n{i:02}.txt")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "extract", "extract", str(src), "--out", str(out), "-j", "2"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(out.glob("n*.json")):
        time.sleep(0.05)
    workers = _children(proc.pid)
    assert len(workers) == 2 and proc.poll() is None
    return proc, out, workers


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigterm_ends_workers_and_keeps_outputs_valid(tmp_path: Path) -> None:
    proc, out, workers = _start_batch(tmp_path)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143
    assert not any(_alive(w) for w in workers)
    sources, rows = _assert_valid_outputs(out)
    assert 1 <= len(sources) < 40
    assert f"holds the {len(rows)} rules of {len(sources)} inputs" in err.decode()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigkill_of_the_parent_ends_workers(tmp_path: Path) -> None:
    proc, out, workers = _start_batch(tmp_path)
    proc.kill()
    proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers)
    for p in out.glob("*.json"):
        Notice.model_validate_json(p.read_text("utf-8"))
    assert list(out.glob(".*.tmp"))  # the killed run's rules.jsonl in the making …
    assert _extract(str(SMALL[0]), "--out", str(out), "-q").exit_code == 0
    assert not list(out.glob(".*.tmp"))  # … is removed by the next run


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_outputs_respect_the_umask(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        assert _extract(str(SMALL[0]), "--out", str(tmp_path / "o"), "-q").exit_code == 0
    finally:
        os.umask(old)
    modes = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "o").iterdir()}
    assert modes == {SMALL[0].stem + ".json": 0o666 & ~umask, "rules.jsonl": 0o666 & ~umask}


# --- streaming rules.jsonl ----------------------------------------------------------------------------


@pytest.mark.parametrize("spill", [0, 1 << 30])
def test_rules_stream_is_in_input_order_whatever_the_finishing_order(tmp_path: Path, spill: int) -> None:
    order = [3, 0, 5, 1, 2, 4, 7, 6]
    stream = RulesStream(tmp_path / "rules.jsonl", spill_bytes=spill)
    for i in order:
        stream.add(i, "" if i == 2 else f'{{"i": {i}}}\n' * (i % 3 + 1))
    stream.close()
    expected = "".join("" if i == 2 else f'{{"i": {i}}}\n' * (i % 3 + 1) for i in range(8))
    assert (tmp_path / "rules.jsonl").read_text() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rules.jsonl"]


def test_rules_stream_cut_short_keeps_whole_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(out_io, "_open_new", _Disk(25).opener(out_io._open_new))
    stream = RulesStream(tmp_path / "rules.jsonl")
    stream.add(0, '{"i": 0}\n{"i": 0}\n')  # 18 bytes
    with pytest.raises(out_io.OutputError, match="disk full"):
        stream.add(1, '{"i": 1}\n')  # 7 of its 9 bytes reach the disk
    stream.close()
    assert (tmp_path / "rules.jsonl").read_text() == '{"i": 0}\n{"i": 0}\n'
    assert stream.inputs_written == 1 and stream.lines_written == 2


def _pid(x: int) -> int:
    return os.getpid()


def test_workers_are_recycled_after_max_tasks() -> None:
    from extract.pool import WorkerPool

    with WorkerPool(_pid, 2, max_tasks=3) as pool:
        results = dict(pool.run([(i, (i,)) for i in range(12)]))
    assert sorted(results) == list(range(12))
    assert len(set(results.values())) >= 4  # 12 tasks, at most 3 per process
    assert all(list(results.values()).count(pid) <= 3 for pid in results.values())


def _exit_on(x: int) -> int:
    if x == 1:
        os._exit(3)  # the process ends, as when the kernel kills it
    return x


def test_a_worker_that_dies_fails_its_file_and_is_replaced() -> None:
    from extract.pool import Failure, WorkerPool

    with WorkerPool(_exit_on, 1) as pool:
        results = dict(pool.run([(i, (i,)) for i in range(4)]))
    assert results[0] == 0 and results[2] == 2 and results[3] == 3
    assert isinstance(results[1], Failure) and "ended unexpectedly (exit code 3)" in results[1].reason


def test_an_idle_worker_that_died_is_replaced_before_its_next_task() -> None:
    from extract.pool import WorkerPool

    with WorkerPool(_pid, 1) as pool:
        (pid,) = pool.pids()
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)  # dead before it gets a task
        results = dict(pool.run([(i, (i,)) for i in range(3)]))
    assert len(results) == 3 and pid not in results.values()
