"""``cuofeng dedup``: repeats inside files and across files, JSON report, unreadable files."""

from __future__ import annotations

import io
import json
import shutil
import zlib
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console
from typer.testing import CliRunner

from extract.cli import app
from extract.cli.dedup import run_dedup
from extract.dedup.files import dedup_file, paraphrases
from tests.conftest import CORPUS, corpus_text

runner = CliRunner()
NATIONAL_FIRST = "工业和信息化部 生态环境部 文件"
NATIONAL_LAST = "2020年12月28日印发"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("dedup")
    raw = corpus_text("004_")
    start = raw.index(NATIONAL_FIRST, raw.index("附件\n\n"))
    (src / "national.txt").write_text(raw[start : raw.index(NATIONAL_LAST) + len(NATIONAL_LAST)], encoding="utf-8")
    shutil.copy(CORPUS / "004_38e470b6fbe0c680.txt", src / "shandong.txt")
    (src / "sub").mkdir()
    shutil.copy(CORPUS / "002_9d8257f04b7a336c.txt", src / "sub" / "web.txt")
    shutil.copy(CORPUS / "002_9d8257f04b7a336c.txt", src / "web-again.txt")
    (src / "empty.txt").write_bytes(b"")
    return src


@pytest.fixture(scope="module")
def report(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    out = tmp_path_factory.mktemp("out") / "dedup.json"
    result = runner.invoke(app, ["dedup", str(folder), "--json", str(out)])
    assert result.exit_code == 0, result.output
    return result.output, json.loads(out.read_text(encoding="utf-8"))


def test_unreadable_file_is_one_line_and_the_rest_is_compared(report: tuple[str, dict]) -> None:
    output, data = report
    assert [e.endswith("empty.txt: empty file") for e in data["errors"]] == [True]
    assert "empty.txt" in output and "Traceback" not in output


def test_national_notice_inside_the_provincial_one(folder: Path, report: tuple[str, dict]) -> None:
    _, data = report
    (group,) = [g for g in data["documents"] if g["relation"] == "contained"]
    assert group["containers"] == [str(folder / "shandong.txt")]
    spans = {Path(m["path"]).name: m["span"] for m in group["members"]}
    assert spans["national.txt"] is None
    raw = (folder / "shandong.txt").read_text(encoding="utf-8")
    a, b = spans["shandong.txt"]  # raw offsets: the copy is quoted as it is written
    assert raw[a:b].startswith(NATIONAL_FIRST) and raw[a:b].endswith(NATIONAL_LAST)


def test_same_file_twice_is_identical(report: tuple[str, dict]) -> None:
    _, data = report
    (group,) = [g for g in data["documents"] if g["relation"] == "identical"]
    assert sorted(Path(m["path"]).name for m in group["members"]) == ["web-again.txt", "web.txt"]


def test_repeats_inside_a_file_with_raw_spans(folder: Path, report: tuple[str, dict]) -> None:
    _, data = report
    web = next(f for f in data["files"] if f["path"].endswith("sub/web.txt"))
    raw = (folder / "sub" / "web.txt").read_text(encoding="utf-8")
    first = web["groups"][0]
    (a, b), (c, d) = first["spans"]
    assert raw[a:b] == raw[c:d]
    assert raw[a:b].startswith("两部门关于开展京津冀及周边地区2021－2022年采暖季钢铁行业错峰生产的通知")


def test_report_is_reproducible(folder: Path, tmp_path: Path) -> None:
    outs = []
    for name in ("a.json", "b.json"):
        run_dedup([folder], json_out=tmp_path / name, console=Console(file=io.StringIO()))
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]


class OnlyYuetan:
    """Sentences about 约谈 share one vector; every other sentence gets its own random one."""

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = []
        for t in texts:
            v = np.zeros(64) if "约谈" in t else np.random.default_rng(zlib.crc32(t.encode())).normal(size=64)
            v[0] += 10.0 if "约谈" in t else 0.0
            rows.append(v / np.linalg.norm(v))
        return np.array(rows, dtype=np.float32)


def test_paraphrases_between_files_with_a_fake_embedder(folder: Path) -> None:
    # 约谈 sentences: national 对不执行行规行约…必要时进行约谈…; provincial 认真执行对…的约谈制度…; and
    # provincial 对不执行错峰生产规定的企业，要及时进行约谈…工信部联原〔2020〕201号…, whose numbers differ
    files = [dedup_file(folder / "national.txt"), dedup_file(folder / "shandong.txt")]
    (pair,) = paraphrases(files, OnlyYuetan())
    assert Path(pair["a"]["path"]).name == "national.txt" and pair["a"]["text"].startswith("对不执行行规行约")
    assert Path(pair["b"]["path"]).name == "shandong.txt" and pair["b"]["text"].startswith("认真执行对错峰生产违规企业的约谈制度")
    raw = (folder / "shandong.txt").read_text(encoding="utf-8")
    a, b = pair["b"]["span"]
    assert raw[a:b].startswith("认真执行对错峰生产违规企业的约谈制度")
