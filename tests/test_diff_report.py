"""The diff where analysts read it: `cuofeng report --diff` (HTML page, both evidences
highlighted, checked in headless Chromium when present) and `cuofeng diff --format xlsx`."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import lxml.html
import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.diff import diff_notices
from extract.diff.items import COLUMNS, diff_rows
from extract.io import notice_json
from extract.pipeline import extract_text
from extract.report_diff import evidence_html
from extract.store import load_folder
from tests.test_score_diffs import A_NEW, A_OLD, B_NEW, B_OLD

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def seasons(tmp_path: Path) -> Path:
    """tmp/corpus/*.txt and their extractions in tmp/old/ and tmp/new/ (sources relative to tmp)."""
    (tmp_path / "corpus").mkdir()
    for folder, items in (("old", (("a_2021", A_OLD), ("b_2021", B_OLD))),
                          ("new", (("a_2022", A_NEW), ("b_2022", B_NEW)))):
        (tmp_path / folder).mkdir()
        for stem, text in items:
            (tmp_path / "corpus" / f"{stem}.txt").write_text(text, encoding="utf-8")
            notice = extract_text(text, f"corpus/{stem}.txt")
            (tmp_path / folder / f"{stem}.json").write_text(notice_json(notice), encoding="utf-8")
    return tmp_path


def _page(seasons: Path, *extra: str) -> lxml.html.HtmlElement:
    out = seasons / "report.html"
    result = runner.invoke(app, ["report", "--diff", str(seasons / "old"), str(seasons / "new"),
                                 "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    assert "and the season diff" in result.output
    return lxml.html.fromstring(out.read_text(encoding="utf-8"))


def test_diff_page_shows_changes_side_by_side_with_both_evidences(seasons: Path) -> None:
    page = _page(seasons)
    (section,) = page.xpath('//section[@id="diff"]')
    rows = section.xpath('.//table[@class="t-diff"]/tbody/tr')
    kinds = [(r.xpath("./td[1]")[0].text_content(), r.xpath("./td[2]")[0].text_content()) for r in rows]
    assert kinds == [("行业", "新增"), ("规则", "变更"), ("规则", "新增"), ("规则", "删除"),
                     ("时段", "变更"), ("规则", "变更")]
    ratio = rows[1]
    old_mark, = ratio.xpath('./td[4]//mark[@class="d-old"]')
    new_mark, = ratio.xpath('./td[5]//mark[@class="d-new"]')
    assert old_mark.text_content() == "2.被评定为b级的企业，限产20%。"
    assert new_mark.text_content() == "2.被评定为b级的企业，限产30%。"
    start, end = (int(x) for x in old_mark.get("title").strip("[)").split(","))
    assert A_OLD[start:end] == old_mark.text_content()
    # a removed rule: evidence on the old side only
    removed = rows[3]
    assert removed.xpath('./td[4]//mark[@class="d-old"]')[0].text_content() == "1.被评定为a级和引领性的企业，生产设施不予错峰。"
    assert removed.xpath("./td[5]")[0].get("class") == "none"
    # a period: its evidence is the dates in their line, the rest of the line as context
    period_cell = rows[4].xpath("./td[5]")[0]
    assert period_cell.xpath(".//mark")[0].text_content() == "2022年10月1日-2023年3月31日"
    assert "分两个时段实施" in period_cell.text_content()
    # the notices follow, as in a plain report (those of NEW by default)
    assert len(page.xpath('//section[@class="notice"]')) == 2
    assert page.xpath('//nav[@class="top"]/a/@href') == ["#diff", "#notices"]


def test_diff_page_lists_unpaired_with_nearest_and_forced_pairs(seasons: Path) -> None:
    text = "唐山市2022年9月份钢铁企业限产方案\n钢铁企业：b级企业限产20%。"
    (seasons / "corpus" / "ts.txt").write_text(text, encoding="utf-8")
    other = extract_text(text, "corpus/ts.txt")
    (seasons / "new" / "ts.json").write_text(notice_json(other), encoding="utf-8")
    (section,) = _page(seasons).xpath('//section[@id="diff"]')
    (cells,) = [r.xpath("./td") for r in section.xpath('.//table[@class="t-unpaired"]/tbody/tr')]
    assert "corpus/ts.txt" in cells[0].text_content() and "corpus/" in cells[1].text_content()
    assert float(cells[2].text_content()) > 0
    forced = _page(seasons, "--pair", "a_2021=b_2022", "--pair", "b_2021=a_2022")
    headings = [h.text_content() for h in forced.xpath('//section[@id="diff"]/h3')]
    assert any("a_2021.txt] → corpus/b_2022.txt" in h and "指定配对" in h for h in headings)


def test_diff_page_escapes_source_text() -> None:
    raw = "<script>alert(1)</script>钢铁企业限产20%。"
    html = evidence_html(raw, (raw.index("钢"), len(raw)), None, "new")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert lxml.html.fromstring(html).xpath("//mark")[0].text_content() == "钢铁企业限产20%。"


def test_report_diff_errors_exit_2(seasons: Path) -> None:
    bad = runner.invoke(app, ["report", "--diff", str(seasons / "old"), "2030-2031", "--db",
                              str(seasons / "none.sqlite"), "--out", str(seasons / "r.html")])
    assert bad.exit_code == 2 and "no store" in bad.output
    pair = runner.invoke(app, ["report", "--diff", str(seasons / "old"), str(seasons / "new"), "--pair", "x=y",
                               "--out", str(seasons / "r.html")])
    assert pair.exit_code == 2 and "no notice 'x' in the old season" in pair.output


@pytest.mark.skipif(importlib.util.find_spec("openpyxl") is None, reason="openpyxl not installed")
def test_diff_xlsx_holds_the_same_rows(seasons: Path) -> None:
    from openpyxl import load_workbook

    out = seasons / "diff.xlsx"
    result = runner.invoke(app, ["diff", str(seasons / "old"), str(seasons / "new"), "--format", "xlsx",
                                 "--out", str(out)])
    assert result.exit_code == 1, result.output  # something changed
    sheet = load_workbook(out)["diff"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(h for _, h in COLUMNS)
    expected = diff_rows(diff_notices(load_folder(seasons / "old"), load_folder(seasons / "new")))
    assert [list(r) for r in rows[1:]] == [row.cells() for row in expected]
    ratio = next(r for r in rows if r[6] == "铸造用生铁 | B级")
    assert ratio[4:10] == ("rule", "changed", "铸造用生铁 | B级", "限产 20%", "限产 30%", "ratio")
    assert ratio[10] == "2.被评定为b级的企业，限产20%。" and ratio[12] == "2.被评定为b级的企业，限产30%。"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions


def test_diff_format_errors(seasons: Path) -> None:
    no_out = runner.invoke(app, ["diff", str(seasons / "old"), str(seasons / "new"), "--format", "xlsx"])
    assert no_out.exit_code == 2 and "needs --out" in no_out.output
    unknown = runner.invoke(app, ["diff", str(seasons / "old"), str(seasons / "new"), "--format", "csv"])
    assert unknown.exit_code == 2 and "use text, json or xlsx" in unknown.output
    empty = seasons / "empty"
    empty.mkdir()
    nothing = runner.invoke(app, ["diff", str(seasons / "old"), str(empty)])
    assert nothing.exit_code == 2 and "no notice JSON" in nothing.output


def _screenshot_module():
    spec = importlib.util.spec_from_file_location("screenshot_diff_page", ROOT / "bench" / "screenshot_diff_page.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(_screenshot_module().find_browser() is None, reason="no headless Chromium (apt-get install chromium)")
def test_diff_page_in_headless_chromium(seasons: Path) -> None:
    shot = _screenshot_module()
    _page(seasons)
    ok, counts = shot.check(seasons / "report.html", seasons / "diff.png")
    assert ok, counts
    # the same page without the diff shows no diff highlight at all
    plain = seasons / "plain.html"
    assert runner.invoke(app, ["report", str(seasons / "new"), "--out", str(plain)]).exit_code == 0
    shot.screenshot(plain, seasons / "plain.png", shot.find_browser())
    assert shot.colour_counts(seasons / "plain.png")["old evidence"] < shot.MIN_PIXELS
