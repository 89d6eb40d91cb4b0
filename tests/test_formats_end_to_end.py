"""The same notice as .txt (UTF-8 and GB18030), .pdf, .docx and .html gives the same rules
and periods; spans are offsets into each file's own decoded text."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import extract_file
from extract.core.models import Notice
from tests.fixtures_ingest.builders import make_docx, make_html, make_pdf, seed_blocks


def _summary(n: Notice) -> tuple:
    periods = sorted((p.start, p.end) for p in n.periods)
    rules = sorted((r.industry or "", tuple(r.condition.grades or ()), r.condition.process or "", r.action.type,
                    r.action.alert_level or "") for r in n.rules)
    return periods, rules


@pytest.fixture(scope="module")
def blocks() -> list[str]:
    return seed_blocks()


@pytest.fixture(scope="module")
def reference(tmp_path_factory, blocks) -> tuple:
    path = tmp_path_factory.mktemp("txt") / "notice.txt"
    path.write_text("\n\n".join(blocks), encoding="utf-8")
    return _summary(extract_file(path))


def test_reference_has_the_seed_measures(reference) -> None:
    periods, rules = reference
    assert ("2021-11-01", "2021-12-31") in periods
    assert ("", ("B", "B-", "C", "非引领性"), "continuous", "follow_alert", "orange") in rules


@pytest.mark.parametrize("fmt", ["gb18030", "pdf", "docx", "html"])
def test_every_format_gives_the_same_rules(fmt: str, tmp_path: Path, blocks, reference) -> None:
    if fmt == "gb18030":
        path = tmp_path / "notice.txt"
        path.write_bytes("\n\n".join(blocks).encode("gb18030"))
    elif fmt == "pdf":
        path = make_pdf(tmp_path / "notice.pdf", blocks)
    elif fmt == "docx":
        path = make_docx(tmp_path / "notice.docx", blocks, [["序号", "企业名称"], ["1", "某某钢铁有限公司"]], [])
    else:
        path = make_html(tmp_path / "notice.html", "关于开展2021-2022年秋冬季错峰生产的通知", blocks)
    notice = extract_file(path)
    assert _summary(notice) == reference
    from extract.ingest import read_document

    raw = read_document(path).text
    for rule in notice.rules:
        assert raw[rule.span[0] : rule.span[1]] == rule.text
