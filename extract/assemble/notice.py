"""Assemble a :class:`Notice` from a prepared document (the stages before it run in
:mod:`extract.pipeline`); every span in raw coordinates."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import regex

from extract.assemble.context import Level, block_context, lead_level, title_level
from extract.assemble.items import (
    default_industry,
    finish_rules,
    limits_of,
    periods_of,
    references_of,
    season_of_periods,
)
from extract.assemble.mentions import Mentions
from extract.assemble.rules import RuleDraft, block_rules, lead_actions, listed_rules
from extract.assemble.scope import implied_scope, industries_in_scope, regions_in_scope, scope_sentences
from extract.assemble.vocab import vocab
from extract.core.models import Action, DuplicateGroup, Industry, Jurisdiction, Notice, Plan, Rule
from extract.core.textmap import MappedText
from extract.dedup import InternalDuplicates
from extract.normalize import display_text
from extract.outline import Node, Outline
from extract.recognize.metadata import Metadata, Report
from extract.recognize.regions import ancestors


@dataclass(frozen=True)
class Document:
    """What the stages before assembly made of one text (see :mod:`extract.pipeline`)."""

    mt: MappedText  # the normalised text with its map to raw offsets
    outline: Outline
    metadata: Metadata
    duplicates: InternalDuplicates
    mentions: Mentions

    def live(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies outside every copy that dedup left out of extraction."""
        return not any(s <= start and end <= e for s, e in self.duplicates.dropped)


def dating(md: Metadata, text: str) -> tuple[int | None, int | None]:
    """(season start year, year hint) for resolving dates: the season's first year; else the
    one calendar year of the title, the issue year, or (a news page) the year of the first
    full date."""
    season = md.season
    year_hint = _title_year(md.title.value if md.title else "") if season is None else None
    if year_hint is None and md.issue_date:
        year_hint = int(md.issue_date.value[:4])
    if year_hint is None and season is None:  # a news page: the year its first full date is written with
        first = _FULL_DATE.search(text)
        year_hint = int(first.group(1)) if first else None
    return (season[0] if season else None), year_hint


def assemble_notice(doc: Document, *, source: str, doc_id: str) -> Notice:
    """The notice of one prepared document: metadata, rules, periods, scope, limits, references,
    plans and duplicates, every span in raw coordinates (warnings are the check stage's)."""
    mt, outline, md, dups, mentions = doc.mt, doc.outline, doc.metadata, doc.duplicates, doc.mentions
    text = mt.text
    season = md.season
    live = doc.live
    notice = Notice(
        doc_id=doc_id,
        source=source,
        title=_quote(mt, md.title.start, md.title.end) if md.title else None,
        doc_number=_quote(mt, md.doc_number.start, md.doc_number.end) if md.doc_number else None,
        issuers=[i.value for i in md.issuers],
        issue_date=md.issue_date.value if md.issue_date else None,
        jurisdiction=Jurisdiction(level=md.jurisdiction[0], name=md.jurisdiction[1]) if md.jurisdiction else Jurisdiction(),
        season=f"{season[0]}-{season[1]}" if season else None,
    )
    title = title_level(text, md.title.start, md.title.end, mentions) if md.title else Level()
    if title.alert is None:  # an alert started in the lead governs the notice like one in its title
        first_item = next((n.start for n in outline.nodes() if n.kind == "item"), len(text))
        title = lead_level(text, min(first_item, _LEAD_CHARS), mentions)
    scoped = scope_sentences(text, outline, live)  # once: both scopes read them
    scope = industries_in_scope(mt, outline, mentions, live, [], scoped)
    kiln = kiln_topic(md.title.value if md.title else "", scope)
    drafts = _rules(outline, mentions, live, md.title.start if md.title else None, title, kiln, md.reports)
    drafts = _whole_period_stop(drafts)
    # a per-place window is also a period scoped to its places; any other window is only its rule's
    windows = {d.window for d in drafts if d.window and not d.condition.regions}
    notice.periods = periods_of(mt, mentions, live, windows)
    notice.industries = industries_in_scope(mt, outline, mentions, live, drafts, scoped)
    notice.regions = [r for r in regions_in_scope(mt, outline, live, notice.periods, drafts, scoped)
                      if r.name != notice.jurisdiction.name]  # the issuer's own area is not a target
    if notice.season is None:
        notice.season = season_of_periods(notice.periods)
    notice.emission_limits = limits_of(mt, outline, mentions, live)
    scope = scope or implied_scope(notice.industries, md.title, mentions, drafts)
    for ind in scope:  # the industry a notice is about is in scope, even when no sentence says so
        if ind.name not in {i.name for i in notice.industries}:
            first = next((x for x in mentions.industries.items if x.name == ind.name), None)
            if first is not None:
                notice.industries.append(ind.model_copy(update={"span": mt.to_raw(first.start, first.end)}))
    plans = [(p.start, p.end) for p in outline.plans()]
    rules = finish_rules(mt, default_industry(drafts, scope), notice.periods, plans)
    # in a compilation each plan's city is its own: the one the title happens to name stays
    if len(plans) <= 1:
        signed = bool(notice.issuers) and notice.jurisdiction.level not in (None, "national")
        rules = _outside_own_area(rules, notice.jurisdiction.name, signed)
    notice.rules = rules
    notice.references = references_of(mt, live, notice.title)
    notice.plans = [
        Plan(index=i, heading=_quote(mt, p.start, p.line_end), span=mt.to_raw(p.start, p.end),
             duplicate_of=dups.plan_duplicate_of.get(i))
        for i, p in enumerate(outline.plans(), start=1)
    ]
    notice.duplicates = [
        DuplicateGroup(kind=g.kind, spans=[mt.to_raw(s, e) for s, e in g.spans], similarity=round(g.similarity, 4))
        for g in dups.groups
    ]
    return notice


#: how far into a notice its lead may put an alert in force
_LEAD_CHARS = 600


def _whole_period_stop(drafts: list[RuleDraft]) -> list[RuleDraft]:
    """A notice whose only stop window is unconditional and spans a heating season ("全省所有熟料
    生产线在2022年11月15日至2023年3月15日进行错峰生产") states its control period: a `stop` for that
    period, and the window stays a top-level period. Windows of places, grades or phases,
    windows with a day count and windows inside one year stay `stop_window` rules."""
    windows = [d for d in drafts if d.action.type == "stop_window"]
    dates = {(d.action.period.start, d.action.period.end) for d in windows if d.action.period}
    if len(dates) != 1 or any(d.action.duration for d in windows):
        return drafts  # (a window with its day count, 停窑时间6个月,自…, is that measure)
    if any(d.condition.model_dump(exclude={"criteria"}, exclude_none=True) for d in windows):
        return drafts
    period = windows[0].action.period
    if period is None or not period.start or not period.end or period.start[:4] == period.end[:4]:
        return drafts  # a window inside one year (9月26日至10月10日停窑) is a window, not a heating season
    return [replace(d, action=Action(type="stop"), window=None) if d.action.type == "stop_window" else d
            for d in drafts]


def kiln_topic(title: str, scope: list[Industry]) -> bool:
    """Whether a notice is about cement clinker lines (its title names 水泥, or every industry
    in its scope is cement): then its 错峰生产 means stopping the kiln."""
    kiln = vocab().kiln_industries
    names = {i.name for i in scope}
    return any(k in title for k in kiln) and not (names - kiln - {"水泥粉磨站"}) or (bool(names) and names <= kiln)


def _outside_own_area(rules: list[Rule], own: str | None, signed: bool = False) -> list[Rule]:
    """Rule places within the notice's own area, without the area itself: a 唐山 notice's
    唐山市钢铁企业 is every rule; a 山东 notice quoting the national list "北京、天津、河北、山西、山东…
    每年自11月15日至次年3月15日" governs only 山东 (the whole notice). A rule only for places outside
    a ``signed`` local notice (issuers known) quotes another notice and is left out; in a news page
    about other provinces such places stay."""
    out = []
    for r in rules:
        places = r.condition.regions
        if places and own:
            inside = [p for p in places if own in ancestors(p)]
            if not inside and signed:
                continue
            if inside and len(inside) < len(places):
                places = inside
            rest = [p for p in places if p != own] or None
            if rest != r.condition.regions:
                r = r.model_copy(update={"condition": r.condition.model_copy(update={"regions": rest})})
        out.append(r)
    return out


_EXCLAIMED = regex.compile(r"[!?]\s*$")
_PUNCTUATED = regex.compile(r"[。;,]|:\s*$")  # a lead line ending in ':' is body
_SENTENCE_MARK = regex.compile(r"[。;,]")
_FULL_DATE = regex.compile(r"(?<!\d)(20\d{2})年\d{1,2}月\d{1,2}[日号]")
_YEAR = regex.compile(r"(?<!\d)(20\d{2})年(?!\d{1,2}月\d{1,2}日)")
_YEAR_RANGE = regex.compile(r"20\d{2}\s*年?\s*[-—~至到]\s*20\d{2}")


def _title_year(title: str) -> int | None:
    """The one calendar year a title names ("关于2023年夏季水泥错峰生产的通知" → 2023): the year of
    dates written without one, when the notice governs no cross-year season."""
    if _YEAR_RANGE.search(title):  # 2018—2020年, 2022-2023年: a multi-year plan or a season
        return None
    years = {int(y) for y in _YEAR.findall(title)}
    return years.pop() if len(years) == 1 else None


def _quote(mt: MappedText, start: int, end: int) -> str:
    """The raw evidence of a normalised span, as a person would quote it."""
    return display_text(mt.raw_slice(start, end))


def _rules(outline: Outline, m: Mentions, live: Callable[[int, int], bool], title_at: int | None, title: Level, kiln: bool,
           reports: Sequence[Report] = ()) -> list[RuleDraft]:
    drafts: list[RuleDraft] = []
    lead: tuple[Node, list[Action]] | None = None
    in_header = True  # lines before the first punctuated one: site furniture, headlines, the title
    for node in outline.blocks():
        if not live(node.start, node.line_end):
            continue
        own = outline.text[node.start : node.line_end]
        unpunctuated = not _PUNCTUATED.search(own)
        in_header = in_header and unpunctuated
        headline = in_header or (title_at is not None and node.start <= title_at < node.line_end)
        if _EXCLAIMED.search(own) and not _SENTENCE_MARK.search(own):
            continue  # "又一地区水泥企业错峰停产不少于150天!": a headline wherever it stands
        if headline and unpunctuated and len(own) <= 80:
            continue  # a headline ("增加停窑天数!…停窑时间一览") names measures, it does not set them
        ctx = block_context(node, m, outline.text, title, kiln)
        place = next((r.place for r in reports if r.start <= node.start < r.end), None)
        if place and not ctx.regions:  # a news round-up: each paragraph's measures are its issuer's place's
            ctx = replace(ctx, regions=[place])
        got = block_rules(outline.text, node.start, node.line_end, ctx, m)
        if lead is not None and not got and (node.parent is lead[0].parent or lead[0] in node.ancestors()):
            got = listed_rules(outline.text, node.start, node.line_end, ctx, m, lead[1])
            if got:
                drafts.extend(got)
                continue
        lead = None
        actions = lead_actions(outline.text, node.start, node.line_end, got)
        if actions:  # "以下企业执行停产:" — the measure of the items that follow
            lead = (node, actions)
            continue
        drafts.extend(got)
    return drafts


