"""The HTML report: it parses, nests, escapes, quotes every rule's evidence exactly, and is deterministic."""

from __future__ import annotations

import json
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from extract import extract_file
from extract.cli import app
from extract.core.errors import CuofengError
from extract.core.models import Action, Duration, Notice, Period, Region, Rule
from extract.report import build_report, highlight, measure_words, render_report, write_report
from tests.conftest import CORPUS_FILES

SEEDS = [p for p in CORPUS_FILES if p.name[:4] in ("000_", "001_", "002_", "003_", "004_")]
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source"}


@cache
def _corpus(path: Path) -> tuple[Notice, str]:
    return extract_file(path), path.read_text(encoding="utf-8")


@cache
def _seed_page() -> str:
    pairs = [_corpus(p) for p in SEEDS]
    return render_report([n for n, _ in pairs], {n.source: raw for n, raw in pairs})


class _Nesting(HTMLParser):
    """Records tags and fails on any end tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.starts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def _well_formed(page: str) -> _Nesting:
    p = _Nesting()
    p.feed(page)
    p.close()
    assert p.errors == []
    assert p.stack == []
    return p


def _notice(source: str = "x.txt", **items) -> Notice:
    items.setdefault("title", "测试")
    return Notice(source=source, doc_id="0", **items)


def _rule(span: tuple[int, int], raw: str, action: Action | None = None) -> Rule:
    return Rule(action=action or Action(type="stop"), text=raw[span[0]:span[1]], span=span)


def _pieces(root, anchor: str) -> str:
    """The text of an item's evidence: its element and any later pieces (data-ref)."""
    els = root.xpath("//mark[@id=$a or @data-ref=$a]", a=anchor)
    return "".join(e.text_content() for e in els)


# ---------------------------------------------------------------- corpus


def test_seed_page_is_well_formed() -> None:
    parsed = _well_formed(_seed_page())
    assert parsed.starts.count("script") == 1


@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_every_rule_anchor_holds_exactly_its_evidence(path: Path) -> None:
    notice, raw = _corpus(path)
    i = SEEDS.index(path)
    root = lxml.html.fromstring(_seed_page())
    assert notice.rules, "a seed without rules tests nothing"
    for j, rule in enumerate(notice.rules):
        a, b = rule.span
        (el,) = root.xpath("//*[@id=$a]", a=f"n{i}-r{j}")
        assert el.tag == "mark"
        assert el.text_content() == raw[a:b]


@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_every_item_is_highlighted_with_its_evidence(path: Path) -> None:
    notice, raw = _corpus(path)
    i = SEEDS.index(path)
    root = lxml.html.fromstring(_seed_page())
    groups = {"p": notice.periods, "i": notice.industries, "g": notice.regions,
              "l": notice.emission_limits, "f": notice.references, "w": notice.warnings, "a": notice.plans}
    for key, items in groups.items():
        for j, item in enumerate(items):
            if item.span is not None:
                a, b = item.span
                assert _pieces(root, f"n{i}-{key}{j}") == raw[a:b], (key, j)


@pytest.mark.parametrize("path", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_source_text_survives_the_page(path: Path) -> None:
    notice, raw = _corpus(path)
    i = SEEDS.index(path)
    root = lxml.html.fromstring(_seed_page())
    (src,) = root.xpath("//section[@id=$s]//div[@class='source']", s=f"n{i}")
    assert src.text_content() == raw


def test_rule_rows_point_at_their_anchors() -> None:
    root = lxml.html.fromstring(_seed_page())
    notice, _ = _corpus(SEEDS[0])
    rows = root.xpath("//section[@id='n0']//table[@class='t-rule']/tbody/tr")
    assert [r.get("data-target") for r in rows] == [f"n0-r{j}" for j in range(len(notice.rules))]


def test_page_is_deterministic() -> None:
    pairs = [_corpus(p) for p in SEEDS]
    again = [Notice.model_validate(json.loads(n.model_dump_json())) for n, _ in pairs]
    assert render_report(again, {n.source: raw for n, raw in pairs}) == _seed_page()


# ---------------------------------------------------------------- escaping and nesting

EVIL = '通知<script>alert("x")</script>钢铁企业限产30%。<b>&amp;</b>\r\n完'


def test_script_in_source_is_text_not_a_tag() -> None:
    start = EVIL.index("<script>")
    rule_span = (start, EVIL.index("。") + 1)
    n = _notice(title='<img src=x onerror="alert(1)">', rules=[_rule(rule_span, EVIL)])
    page = render_report([n], {"x.txt": EVIL})
    parsed = _well_formed(page)
    assert parsed.starts.count("script") == 1  # only the report's own
    assert "img" not in parsed.starts and "b" not in parsed.starts
    root = lxml.html.fromstring(page)
    assert root.get_element_by_id("n0-r0").text_content() == EVIL[rule_span[0]:rule_span[1]]
    assert root.xpath("//div[@class='source']")[0].text_content() == EVIL


def test_quotes_in_tooltips_stay_inside_the_attribute() -> None:
    raw = "钢铁企业限产30%"
    rule = _rule((0, len(raw)), raw).model_copy(update={"industry": '钢"铁\' onclick="x'})
    root = lxml.html.fromstring(render_report([_notice(rules=[rule])], {"x.txt": raw}))
    el = root.get_element_by_id("n0-r0")
    assert el.get("onclick") is None
    assert '钢"铁\' onclick="x' in el.get("title")


def test_crossing_spans_nest_and_keep_rules_whole() -> None:
    raw = "各地钢铁企业自11月15日至次年3月15日限产30%。"
    rule = _rule((2, 14), raw)  # 钢铁企业自11月15日至次
    period = Period(start="Y0-11-15", end="Y1-03-15", span=(6, 20))  # 自11月15日至次年3月15日 crosses the rule
    region = Region(name="各地", span=(0, len(raw)))  # around everything
    page = render_report([_notice(rules=[rule], periods=[period], regions=[region])], {"x.txt": raw})
    _well_formed(page)
    root = lxml.html.fromstring(page)
    assert root.get_element_by_id("n0-r0").text_content() == raw[2:14]
    assert _pieces(root, "n0-p0") == raw[6:20]
    assert _pieces(root, "n0-g0") == raw


def test_identical_spans_nest() -> None:
    raw = "（一）被评定为D级的企业或未按期完成治理任务的企业实施错峰停产。"
    rules = [_rule((0, len(raw)), raw), _rule((0, len(raw)), raw)]
    page = render_report([_notice(rules=rules)], {"x.txt": raw})
    _well_formed(page)
    root = lxml.html.fromstring(page)
    assert root.get_element_by_id("n0-r0").text_content() == raw
    assert root.get_element_by_id("n0-r1").text_content() == raw


def test_out_of_range_span_is_reported_not_rendered() -> None:
    raw = "限产30%"
    page = render_report([_notice(rules=[_rule((2, 99), raw)])], {"x.txt": raw})
    _well_formed(page)
    root = lxml.html.fromstring(page)
    assert root.xpath("//*[@id='n0-r0']") == []
    assert "1 项的 span 超出原文范围" in page


@settings(max_examples=200, deadline=None)
@given(
    raw=st.text(alphabet="钢铁限产<>&\"'\r\n 30%", min_size=1, max_size=40),
    spans=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=12),
)
def test_any_spans_give_well_formed_exact_highlights(raw: str, spans: list[tuple[int, int]]) -> None:
    marks = [((a, b), "rule" if k % 2 else "period", f"m{k}", f"t{k}") for k, (a, b) in enumerate(spans)]
    body, skipped = highlight(raw, marks)
    page = f"<!DOCTYPE html><html><body><div>{body}</div></body></html>"
    _well_formed(page)
    root = lxml.html.fromstring(page)
    assert root.text_content() == raw
    assert skipped == sum(1 for a, b in spans if not (0 <= a < b <= len(raw)))
    for k, (a, b) in enumerate(spans):
        if 0 <= a < b <= len(raw):
            assert _pieces(root, f"m{k}") == raw[a:b]


# ---------------------------------------------------------------- words


@pytest.mark.parametrize(
    ("action", "words"),
    [
        (Action(type="cut", ratio=0.3), "限产30%"),
        (Action(type="cut", ratio=0.15, bound="min"), "限产不低于15%"),
        (Action(type="cut", ratio=0.5, basis="上一年同期粗钢产量"), "限产50%（上一年同期粗钢产量）"),
        (Action(type="stop_days", duration=Duration(value=2.5, unit="month")), "停产2.5个月"),
        (Action(type="stop_days", duration=Duration(value=30, unit="day"), bound="min"), "停产不少于30天"),
        (Action(type="stop_window", period=Period(start="Y0-12-01", end="Y1-01-31")), "停产（12月1日至1月31日）"),
        (Action(type="stop_window", period=Period(start="2021-11-15", end="2022-03-15")),
         "停产（2021年11月15日至2022年3月15日）"),
        (Action(type="follow_alert", alert_level="orange"), "按橙色预警措施"),
        (Action(type="follow_alert", alert_level="red", bound="min"), "按不低于红色预警措施"),
        (Action(type="extend_coking", duration=Duration(value=36, unit="hour")), "结焦时间延长至36小时"),
        (Action(type="stop"), "停产"),
        (Action(type="exempt"), "豁免"),
    ],
    ids=["cut", "cut-min", "cut-basis", "stop-months", "stop-days-min", "window-relative",
         "window-absolute", "alert", "alert-min", "coking", "stop", "exempt"],
)
def test_measure_words(action: Action, words: str) -> None:
    assert measure_words(action) == words


# ---------------------------------------------------------------- files and the command


def test_write_report_into_a_folder(tmp_path: Path) -> None:
    notice, raw = _corpus(SEEDS[2])
    path = write_report(tmp_path, [notice], {notice.source: raw})
    assert path == tmp_path / "report.html"
    assert path.read_text(encoding="utf-8") == render_report([notice], {notice.source: raw})


def test_report_with_a_missing_source(tmp_path: Path) -> None:
    good, _ = _corpus(SEEDS[2])
    lost = _corpus(SEEDS[0])[0].model_copy(update={"source": str(tmp_path / "gone.txt")})
    folder = tmp_path / "rules_out"
    folder.mkdir()
    (folder / "a.json").write_text(good.model_dump_json(), encoding="utf-8")
    (folder / "b.json").write_text(lost.model_dump_json(), encoding="utf-8")
    out = tmp_path / "report.html"
    result = build_report(folder, out)
    assert (result.path, result.notices, result.rules) == (out, 2, len(good.rules) + len(lost.rules))
    assert result.sources_missing and not result.with_diff
    assert len(result.errors) == 1 and "gone.txt" in result.errors[0] and "no such file" in result.errors[0]
    shown = CliRunner().invoke(app, ["report", str(folder), "--out", str(out)])
    assert shown.exit_code == 1  # the page is written, a source is missing
    assert shown.stderr.splitlines() == list(result.errors)
    assert shown.stdout == f"{out}: 2 notices, {result.rules} rules\n"
    root = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    assert len(root.xpath("//div[@class='source']")) == 1  # the good notice still highlighted
    assert root.xpath("//p[@class='error' and contains(., 'gone.txt')]")


def test_report_on_an_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(CuofengError, match="no notices"):
        build_report(tmp_path, tmp_path / "r.html")
    shown = CliRunner().invoke(app, ["report", str(tmp_path), "--out", str(tmp_path / "r.html"), "-q"])
    assert shown.exit_code == 2
    assert shown.stderr == f"error: {tmp_path}: no notices (<stem>.json) found\n"
    assert not (tmp_path / "r.html").exists()


def test_whole_corpus_page_is_well_formed_and_quotes_every_rule() -> None:
    pairs = [_corpus(p) for p in CORPUS_FILES]
    page = render_report([n for n, _ in pairs], {n.source: raw for n, raw in pairs})
    _well_formed(page)
    root = lxml.html.fromstring(page)
    found = {el.get("id"): el.text_content() for el in root.xpath("//mark[starts-with(@id, 'n')]")}
    expected = {f"n{i}-r{j}": raw[r.span[0]:r.span[1]]
                for i, (n, raw) in enumerate(pairs) for j, r in enumerate(n.rules) if r.span}
    assert len(expected) > 100
    assert {k: found.get(k) for k in expected} == expected
