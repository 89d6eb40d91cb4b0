"""Rule assembly: clauses of the outline → condition → measure rules.

A block (an outline item or paragraph) is cut into sentences (。, and before an inline
"X行业:" topic) and each sentence into segments (, ; outside brackets). Segments before the
first measure of a sentence are its shared subject; segments after a measure start a new
local condition ("其中,位于…的,限产50%"); ";" starts a new subject that keeps the industry.
The first sentence of an item that names grades, non-compliance or industries is the item's
subject and is inherited by its later sentences; a parenthetical with its own subject
("(铸造C级企业按照不少于90天实施停产)") is a rule of its own, an explanatory one
("(以高炉产能为基数…)") is ignored. Industry and tier come from the clause or from the
headings above it. Word lists: ``data/rules.toml``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import regex

from extract.assemble.mentions import Mentions
from extract.core import datafiles
from extract.core.models import Action, Condition, Duration, Period
from extract.recognize.grades import find_tiers
from extract.recognize.industries import taxonomy


@dataclass
class RuleDraft:
    industry: str | None
    condition: Condition
    action: Action
    start: int  # clause span in normalised text
    end: int
    window: tuple[int, int] | None = None  # span of a stop_window period (not a top-level period)


@dataclass
class _Cond:
    """Condition pieces gathered from text."""

    grades: list[str] = field(default_factory=list)
    alert: str | None = None
    heating: bool | None = None
    process: str | None = None
    zone: str | None = None
    policy: str | None = None
    noncompliant: bool | None = None
    regions: list[str] = field(default_factory=list)  # canonical places the clause is limited to
    industries: list[str] = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)
    grade_end: int | None = None  # where the grade mention ends (to pair "A、B级化肥企业")
    grade_start: int | None = None
    industry_pos: list[int] = field(default_factory=list)
    industry_ends: list[int] = field(default_factory=list)
    units: list[str] = field(default_factory=list)  # industries named only by a process unit (高炉, 水泥窑)
    topic: bool = False  # the industry is named as a topic ("钢铁行业要求:"), not as an alternative subject

    def merged(self, other: _Cond) -> _Cond:
        """``self`` with ``other``'s stated fields on top."""
        return _Cond(
            grades=other.grades or self.grades,
            alert=other.alert or self.alert,
            heating=other.heating if other.heating is not None else self.heating,
            process=other.process or self.process,
            zone=other.zone or self.zone,
            policy=other.policy or self.policy,
            noncompliant=other.noncompliant if other.noncompliant is not None else self.noncompliant,
            regions=other.regions or self.regions,
            industries=other.industries or self.industries,
            criteria=self.criteria + other.criteria,
            grade_end=other.grade_end if other.grades else self.grade_end,
            grade_start=other.grade_start if other.grades else self.grade_start,
            industry_pos=other.industry_pos if other.industries else self.industry_pos,
            industry_ends=other.industry_ends if other.industries else self.industry_ends,
            units=other.units or self.units,
            topic=other.topic or self.topic,
        )

    def is_empty(self) -> bool:
        return not (self.grades or self.alert or self.heating is not None or self.process or self.zone
                    or self.policy or self.noncompliant or self.industries or self.regions)


@dataclass(frozen=True)
class _Vocab:
    exempt: regex.Pattern[str]
    voluntary: regex.Pattern[str]
    normal: regex.Pattern[str]
    stop: regex.Pattern[str]
    cut_verbs: regex.Pattern[str]
    stop_days_verbs: regex.Pattern[str]
    coking: regex.Pattern[str]
    follow_alert: regex.Pattern[str]
    cut_unquantified: regex.Pattern[str]
    heating_true: regex.Pattern[str]
    heating_false: regex.Pattern[str]
    interruptible: regex.Pattern[str]
    continuous: regex.Pattern[str]
    policy: regex.Pattern[str]
    noncompliant: regex.Pattern[str]
    zone: list[regex.Pattern[str]]
    skip: regex.Pattern[str]
    enterprises: regex.Pattern[str]
    negation: regex.Pattern[str]
    explanatory: regex.Pattern[str]
    kiln_stop: regex.Pattern[str]
    kiln_window_lead: regex.Pattern[str]
    kiln_industries: frozenset[str]
    action_industry: dict[str, str]


def _alt(words: list[str]) -> regex.Pattern[str]:
    return regex.compile("|".join(f"(?:{w})" for w in sorted(words, key=len, reverse=True)))


@cache
def vocab() -> _Vocab:
    """The word lists of ``data/rules.toml``, compiled once."""
    d = datafiles.load("rules.toml")
    a, c, s = d["actions"], d["conditions"], d["skip"]
    return _Vocab(
        exempt=_alt(a["exempt"]), voluntary=_alt(a["voluntary"]), normal=_alt(a["normal"]),
        stop=_alt(a["stop"]), cut_verbs=_alt(a["cut_verbs"]), stop_days_verbs=_alt(a["stop_days_verbs"]),
        coking=regex.compile(a["coking"]), follow_alert=regex.compile(a["follow_alert"]),
        cut_unquantified=regex.compile(a["cut_unquantified"]),
        heating_true=regex.compile(c["heating_true"]), heating_false=regex.compile(c["heating_false"]),
        interruptible=regex.compile(c["interruptible"]), continuous=regex.compile(c["continuous"]),
        policy=regex.compile(c["policy"]), noncompliant=_alt(c["noncompliant"]),
        zone=[regex.compile(z) for z in c["zone"]],
        skip=_alt(s["duty"] + s["penalty"] + s["optional"] + s["narrative"] + s["enterprises"]),
        enterprises=_alt(s["enterprises"]),
        negation=_alt(s["negation"]),
        explanatory=regex.compile(s["explanatory_paren"]),
        kiln_stop=_alt(a["kiln_stop"]),
        kiln_window_lead=regex.compile(a["kiln_window_lead"]),
        kiln_industries=frozenset(a["kiln_industries"]),
        action_industry=dict(a["action_industry"]),
    )


@cache
def _cues() -> dict[str, regex.Pattern[str]]:
    """The clause cues of ``[cues]`` in ``data/rules.toml``, compiled once."""
    return {k: regex.compile(v) for k, v in datafiles.load("rules.toml")["cues"].items()}


def _cue(name: str) -> regex.Pattern[str]:
    return _cues()[name]


_ALERT = {"黄": "yellow", "橙": "orange", "红": "red"}
_TOPIC_CUT = regex.compile(r";(?=[^,;:。]{1,15}行业:)")  # "…;耐火材料行业:" starts a topic
_EXPLAIN_OPEN = regex.compile(r"[(](?=以|按|含|不含|包括|根据)")  # an explanatory parenthetical opens
_NARROWED = regex.compile(r"的(?:企业|生产线|设施|工业企业)?$")  # a subject narrowed by a clause
_QUOTES = regex.compile(r"[“”\"]")
_SECTOR_WORD = regex.compile(r"行业|企业")
_LIST_SEP = regex.compile(r"[、,]")
_AND = regex.compile(r"[和及与]")
_PLACE_END = regex.compile(r"[市县区州盟]$")
_ALERT_MEASURE = regex.compile(r"预警(?:的)?(?:措施|减排比例|减排措施|要求)")
_FOLLOW_VERB = regex.compile(r"不低于|按照|执行")
_HAN = regex.compile(r"\p{Han}")
_SENTENCE = regex.compile(r"[^。!?]+[。!?]?")
_PAREN = regex.compile(r"\(([^()]{2,80})\)")


@dataclass
class BlockContext:
    """What the outline says about a block: conditions inherited from the title and the
    headings above it (industries, tier, alert level, non-compliance, places). A clause's own
    conditions override them."""

    industries: list[str]
    tier: str | None
    alert: str | None = None
    noncompliant: bool | None = None
    regions: list[str] = field(default_factory=list)
    kiln: bool = False  # cement (水泥熟料) is the topic: 错峰生产 means stopping the kiln


def block_rules(text: str, start: int, end: int, ctx: BlockContext, m: Mentions) -> list[RuleDraft]:
    """Rules stated in ``text[start:end]`` (one outline block)."""
    if not _BODY.search(text, start, end) and end - start < 40 and not m.within("industries", start, end):
        return []  # a heading or headline ("二、错峰停窑时间"), not a clause
    if "\t" in text[start:end]:
        return []  # a table row (a form's header, an enterprise list): never a clause
    if _COMPANY_LED.match(text, start):
        return []  # "1、安阳钢铁集团有限责任公司:…": every measure of the item is that company's
    drafts: list[RuleDraft] = []
    subject: list[_Cond] | None = None
    for i, (s_start, s_end) in enumerate(_topic_sentences(text, start, end)):
        if not text[s_start:s_end].strip():
            continue
        tier = _tier_at(text, s_start) if i > 0 else None
        if tier:  # "…(下同)。ⅱ类:同时满足…" — a new tier inside the same line
            ctx = replace(ctx, tier=tier)
            subject = None
        topic = _TOPIC.match(text, s_start)
        if topic:  # "耐火材料行业:全部工序…" — an industry heading inside the block
            names = [x.name for x in m.within("industries", s_start, s_start + topic.end() - topic.start())]
            if names:
                ctx = replace(ctx, industries=list(dict.fromkeys(names)))
                subject = None
        sentence_drafts, sentence_subject = _sentence_rules(text, s_start, s_end, ctx, m, subject)
        drafts.extend(_prefer_voluntary(sentence_drafts))
        if i == 0 and sentence_subject is not None:
            subject = sentence_subject
    return drafts


_LEAD = regex.compile(r"\s*(?:\S{1,3}[.、)])?[^,;:。]{1,24}?:")


def lead_actions(text: str, start: int, end: int, drafts: list[RuleDraft]) -> list[Action]:
    """The measures of a lead sentence that introduces a list ("以下企业执行停产:"): the items
    below name who they apply to. Empty when the block is not such a lead."""
    if not drafts or not _cue("list_lead").search(text[start:end]):
        return []
    if any(d.industry or d.condition.grades or d.condition.noncompliant for d in drafts):
        return []
    return list({d.action.model_dump_json(): d.action for d in drafts}.values())


def listed_rules(text: str, start: int, end: int, ctx: BlockContext, m: Mentions,
                 actions: list[Action]) -> list[RuleDraft]:
    """Rules of a list item under a lead sentence: the item names the subject ("1.铸造企业;"),
    the lead the measure. Nothing when the item names no subject."""
    cond = conditions_in(text, start, end, m)
    if not (cond.industries or cond.units or cond.grades or cond.noncompliant or cond.regions):
        return []
    return [d for act in actions for d in _drafts_for(cond, act, None, ctx, start, end)]
_TOPIC = regex.compile(r"\s*[^,;:。]{1,15}行业:")


def _topic_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences (。!?), also cut before an inline industry heading after ; ("…;耐火材料行业:")."""
    out: list[tuple[int, int]] = []
    for sm in _SENTENCE.finditer(text, start, end):
        cuts = [sm.start()] + [sm.start() + t.start() + 1 for t in _TOPIC_CUT.finditer(text[sm.start():sm.end()])]
        bounds = [*cuts, sm.end()]
        out.extend((bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1))
    return out


def _prefer_voluntary(drafts: list[RuleDraft]) -> list[RuleDraft]:
    """"可不采取减排措施,鼓励企业自主减排": one measure, voluntary, not also exempt."""
    vol = {(d.industry, d.condition.model_dump_json(exclude={"criteria"})) for d in drafts if d.action.type == "voluntary"}
    return [d for d in drafts
            if not (d.action.type == "exempt" and (d.industry, d.condition.model_dump_json(exclude={"criteria"})) in vol)]


_BODY = regex.compile(r"[,;。:]")
_COMPANY_LED = regex.compile(r"\s*(?:\S{1,4}[.、)])?[^,;。:]{2,30}?(?:有限责任公司|有限公司|股份公司|集团公司)")
def _tier_at(text: str, pos: int) -> str | None:
    """The tier a sentence opens with (ⅱ类:, Ⅲ类:), read by the tier recogniser."""
    head = text[pos : pos + 8]
    lead = len(head) - len(head.lstrip())
    found = find_tiers(head)
    return found[0].tier if found and found[0].start == lead else None


def _sentence_rules(
    text: str, start: int, end: int, ctx: BlockContext, m: Mentions, inherited: list[_Cond] | None
) -> tuple[list[RuleDraft], list[_Cond] | None]:
    """Rules of one sentence, and the sentence's subject alternatives (for the next sentences)."""
    v = vocab()
    drafts: list[RuleDraft] = []
    # parentheticals with a subject of their own are separate clauses; others stay inline
    paren_spans: list[tuple[int, int]] = []  # parentheticals that are rules of their own
    quiet: list[tuple[int, int]] = []  # explanatory parentheticals: no rules, no conditions
    for pm in _PAREN.finditer(text, start, end):
        inner_s, inner_e = pm.start(1), pm.end(1)
        if v.explanatory.search(pm.group(1)):
            quiet.append((pm.start(), pm.end()))
            continue
        local = conditions_in(text, inner_s, inner_e, m)
        if (local.grades or local.industries or local.units) and _measures(text, inner_s, inner_e, m):
            paren_spans.append((pm.start(), pm.end()))
    for qs, qe in _explanatory_tail(text, start, end):
        quiet.append((qs, qe))
    hidden = paren_spans + quiet
    kiln = ctx.kiln or any(i.name in v.kiln_industries for i in m.within("industries", start, end))
    base_alts = inherited or [_Cond()]
    lead = _LEAD.match(text, start, end)
    if lead:  # "黄色预警期间:A级…;B级…;C级…": a prefix before ":" governs every clause of the sentence
        lead_cond = conditions_in(text, start, lead.end(), m)
        if not lead_cond.is_empty():
            base_alts = [base.merged(lead_cond) for base in base_alts]
    shared: list[_Cond] | None = None  # subject of this sentence (segments before its first measure)
    local = _Cond()
    seg_start = None
    last_type: str | None = None
    paren_alts: dict[tuple[int, int], list[_Cond]] = {}
    consumed: list[tuple[int, int]] = []
    bare_window: Any = None  # a segment that is only a window, waiting for its day count
    window_drafts: list[RuleDraft] = []  # a stop window just read, still without its day count
    for a, b in _segments(text, start, end):
        if any(ps <= a and b <= pe for ps, pe in hidden) or _inside(a, b, quiet):
            continue
        if seg_start is None:
            seg_start = a
        piece_cond = conditions_in(text, a, b, m, exclude=hidden)
        visible = _without(text, a, b, hidden)
        clause = _without(text, seg_start, b, hidden)
        skipped = v.skip.search(visible) or v.enterprises.search(clause)
        measures = _measures(text, a, b, m, exclude=hidden, subject_from=seg_start, kiln=kiln)
        if skipped and measures:  # a measure, but not a rule for a class of enterprises: consumed
            consumed.append((seg_start if seg_start is not None else a, b))
            # (the clause's industry stays: "焦化行业,西山焦化…28小时,其他企业…36小时")
            local = _Cond(industries=local.industries, industry_pos=local.industry_pos,
                          industry_ends=local.industry_ends)
            seg_start, last_type = None, None
            continue
        if not measures and not skipped and last_type == "stop_days":  # "…180天,其中一季度不少于60天,二季度…"
            measures = _continued_days(text, a, b, m, hidden)
            if measures:  # what the count is for ("一季度", "三季度8-9月"): two quarters are two rules
                label = _CONTINUED_LABEL.sub("", _DAYS_TAIL.sub("", text[a:b]))
                if label:
                    piece_cond.criteria.append(label)
        counts_window = _cue("window_count").match(text, a, b) is not None  # "共停产20天", not "其中一季度…"
        if measures and bare_window is not None and counts_window and [x[0].type for x in measures] == ["stop_days"]:
            # "太原市、大同市:2018年7月5日-7月24日,共停产20天": the count belongs to the window before it
            act = measures[0][0]
            measures = [(Action(type="stop_window", duration=act.duration, bound=act.bound,
                                period=Period(start=bare_window.start_date, end=bare_window.end_date,
                                              recurring=bare_window.recurring)),
                         (bare_window.start, bare_window.end), None)]
        elif measures and window_drafts and counts_window and [x[0].type for x in measures] == ["stop_days"]:
            # "太原市、大同市:2018年7月5日-7月24日,共停产20天" read as a schedule line: add the count
            act = measures[0][0]
            for d in window_drafts:
                d.action = d.action.model_copy(update={"duration": act.duration, "bound": act.bound})
                d.end = b
            window_drafts = []
            seg_start = None
            continue
        bare_stop = not measures or [x[0].type for x in measures] == ["stop"]
        if bare_window is not None and bare_stop and _cue("kiln_stop_only").fullmatch(text, a, b) and (kiln or measures):
            # "…5月10日00:00-5月19日24:00,错峰生产;" / "…,停窑。": the stop word of the window before it
            measures = [_window(bare_window)]
        bare_window = None
        window_drafts = []
        if not measures:
            bare_window = _lone_window(text, a, b, m)
            local = local.merged(piece_cond) if not piece_cond.is_empty() else local
            crit = _criterion(text, a, b, piece_cond)
            if crit:
                local.criteria.append(crit)
            if text[b - 1 : b] == ";":  # a clause without a measure: its conditions end here
                local, seg_start, last_type = _Cond(), None, None
                shared = _industry_only(shared)
            continue
        if _OWN_SUBJECT.search(text, a, b):  # "…,对工艺技术先进的企业豁免": a subject of its own
            local = replace(local, industries=[], industry_pos=[], units=[])
            if shared is not None:
                shared = [replace(x, industries=[], industry_pos=[], units=[]) for x in shared]
        own = _SUBJECT_CLAUSE.match(text, a, b)
        if own and conditions_in(text, own.start("who"), own.end("who"), m).is_empty():
            # "协同处置城市生活垃圾的生产线可不进行错峰生产": a subject we have no field for narrows the measure
            piece_cond.criteria.append(own.group("who"))
        cond_here = local.merged(piece_cond)
        if shared is not None and _cue("others").search(text, seg_start, b):  # "其他企业限产30%": not the grade before
            shared = [replace(x, grades=[], grade_end=None, grade_start=None) for x in shared]
        if shared is None:
            shared = _alternatives(cond_here, text, seg_start, b)
            alts = [base.merged(alt) for base in base_alts for alt in shared]
        else:
            alts = [base.merged(s0).merged(cond_here) for base in base_alts for s0 in shared]
        for ps, pe in paren_spans:  # a parenthetical inherits the clause it stands in
            if seg_start <= ps < b:
                paren_alts[(ps, pe)] = alts
        made: list[RuleDraft] = []
        for alt in alts:
            for measure, window, alert in measures:
                cond = alt if alert is None else replace(alt, alert=alert)
                made.extend(_drafts_for(cond, measure, window, ctx, seg_start, b))
        drafts.extend(made)
        if len(measures) == 1 and measures[0][0].type == "stop_window" and measures[0][0].duration is None:
            window_drafts = made
        last_type = measures[-1][0].type
        local = _Cond()
        seg_start = None
        if text[b - 1 : b] == ";":  # a new clause: its own subject, but the same industry
            shared, last_type = _industry_only(shared), None
    for ps, pe in paren_spans:
        if any(cs <= ps < ce for cs, ce in consumed):
            continue  # a detail of an enterprise-specific measure
        inner = conditions_in(text, ps + 1, pe - 1, m)
        around = paren_alts.get((ps, pe)) or [base.merged(s0) for base in base_alts for s0 in (shared or [_Cond()])]
        for cond in (alt.merged(inner) for alt in around):
            cond = replace(cond, grades=inner.grades or cond.grades, industries=inner.industries or cond.industries)
            for measure, window, alert in _measures(text, ps + 1, pe - 1, m, kiln=kiln):
                drafts.extend(_drafts_for(cond if alert is None else replace(cond, alert=alert),
                                          measure, window, ctx, ps + 1, pe - 1))
    subject = None
    if shared is not None and any(s.grades or s.noncompliant or s.industries for s in shared):
        subject = [base.merged(s) for base in base_alts for s in shared]
    elif shared is None and local.industries and _INLINE_HEADING.match(text[start:end].strip()):
        subject = [base.merged(_Cond(industries=local.industries, industry_pos=local.industry_pos))
                   for base in base_alts]
    elif shared is None and not local.is_empty() and (local.grades or local.noncompliant):
        subject = _alternatives(local, text, start, end)
    return drafts, subject


_DAYS_TAIL = regex.compile(r"(?:不少于|不低于|至少|不得少于)?\d+(?:\.\d+)?(?:天|日|个月)[^,;。]*[,;。]?\s*$")
_CONTINUED_LABEL = regex.compile(r"^[\s,;]*(?:其中|另外|此外)?[,:\s]*|[:,\s]+$")
# a day count that belongs to the window before it: "共停产20天", "共计停窑20天", "停窑15天"
_OWN_SUBJECT = regex.compile(r"(?:^|[,;])\s*对[^,;]{2,60}?(?:企业|生产线|设施)|[^,;]{2,40}?的企业[,;]?")
# "钢铁行业。" "焦化行业。" at the head of a paragraph: an inline heading its sentences inherit
_INLINE_HEADING = regex.compile(r"^[^,;。]{1,30}(?:行业|企业)[。:]?$")
_EXPLAIN_TAIL = regex.compile(r"[(][^()]*$")


def _explanatory_tail(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """An explanatory parenthetical left open to the sentence end ("(以高炉产能为基数,…" + "下同)")."""
    out = []
    for pm in _EXPLAIN_OPEN.finditer(text[start:end]):
        close = text.find(")", start + pm.start(), end)
        if close < 0:
            out.append((start + pm.start(), end))
    return out


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause segments split at , and ; outside parentheses."""
    out = []
    depth = 0
    seg = start
    for i in range(start, end):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in ",;" and depth == 0:
            out.append((seg, i + 1))
            seg = i + 1
    if seg < end and text[seg:end].strip():
        out.append((seg, end))
    return out


def _industry_only(shared: list[_Cond] | None) -> list[_Cond] | None:
    """What a clause after ";" keeps of the sentence's subject: its industry, places and grades
    ("C级企业,黄色预警期间:停产50%;橙色及以上预警期间:停产" — the grade goes on until a clause
    names its own, or says 其他/其余)."""
    inds = [x for x in (shared or []) if x.industries or x.regions or x.grades]
    if not inds:
        return None
    return [_Cond(industries=inds[0].industries, industry_pos=inds[0].industry_pos,
                  industry_ends=inds[0].industry_ends, regions=inds[0].regions,
                  grades=inds[0].grades, grade_end=inds[0].grade_end, grade_start=inds[0].grade_start)]


def _continued_days(text: str, a: int, b: int, m: Mentions, hidden: list[tuple[int, int]]) -> list[Measure]:
    durs = [d for d in m.within("durations", a, b) if d.unit in ("day", "month")
            and not any(s <= d.start and d.end <= e for s, e in hidden)]
    if len(durs) != 1:
        return []
    d = durs[0]
    return [(Action(type="stop_days", duration=Duration(value=d.value, unit=d.unit), bound=d.bound), None, None)]


def _inside(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= a and b <= e for s, e in spans)


def _without(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> str:
    """``text[a:b]`` with the given spans blanked out."""
    chars = list(text[a:b])
    for s, e in spans:
        for i in range(max(s, a), min(e, b)):
            chars[i - a] = " "
    return "".join(chars)


def _alternatives(cond: _Cond, text: str, start: int, end: int) -> list[_Cond]:
    """Split a subject joined by 或 into alternatives of different kinds (grade / non-compliance)."""
    if cond.grades and cond.noncompliant and "或" in text[start:end]:
        return [replace(cond, noncompliant=None), replace(cond, grades=[])]
    return [cond]


_ITEM_MARK = regex.compile(r"^\s*(?:[(]\S{1,3}[)]|\d{1,2}[.、]|[⑴-⒇①-⑳]|[ⅰⅱⅲⅳⅴ]+类:)")
_SUBJECT_CLAUSE = regex.compile(
    r"\s*(?:[(]\S{1,3}[)]|\d{1,2}[.、])?(?P<who>[^,;。:]{2,40}?的(?:企业|生产线|设施|工业企业))(?=[^,;。]{0,12}(?:可|应|须|实施|一律|全部|按))"
)


def _criterion(text: str, a: int, b: int, cond: _Cond) -> str | None:
    piece = _ITEM_MARK.sub("", text[a:b]).strip(" ,;。")
    if not piece or len(piece) < 4:
        return None
    if _cue("criterion").search(piece):
        return piece
    if _NARROWED.search(piece):  # a subject narrowed by a clause
        return piece
    return None


def conditions_in(text: str, a: int, b: int, m: Mentions, exclude: Sequence[tuple[int, int]] = ()) -> _Cond:
    """Condition pieces stated in ``text[a:b]``."""
    v = vocab()
    piece = text[a:b]

    def kept(x: Any) -> bool:
        return not any(s <= x.start and x.end <= e for s, e in exclude)

    cond = _Cond()
    grades: list[str] = []
    for g in m.within("grades", a, b):
        if kept(g):
            grades.extend(x for x in g.grades if x not in grades)
            cond.grade_end = g.end
            cond.grade_start = g.start if cond.grade_start is None else cond.grade_start
    cond.grades = grades
    for al in m.within("alerts", a, b):
        if kept(al) and not v.follow_alert.match(text, al.start) and not is_follow_alert(text, al.start):
            cond.alert = al.level
            break
    if v.heating_false.search(piece):
        cond.heating = False
    elif v.heating_true.search(piece):
        cond.heating = True
    if v.continuous.search(piece):
        cond.process = "continuous"
    elif v.interruptible.search(piece):
        cond.process = "interruptible"
    pm = v.policy.search(piece)
    if pm:
        cond.policy = pm.group("cat")
    if v.noncompliant.search(piece):
        cond.noncompliant = True
    for zp in v.zone:
        zm = zp.search(piece)
        if zm:
            cond.zone = _ITEM_MARK.sub("", _QUOTES.sub("", zm.group("zone")))
            places, _ = places_leading(cond.zone + ":")
            if places:  # "位于长沙市、株洲市和湘潭市的": places of the gazetteer are regions, not a zone
                cond.regions, cond.zone = places, None
            break
    if cond.zone is None:
        cond.regions, cond.zone = places_leading(piece)
    if not cond.regions and cond.zone is None:
        cond.regions = listed_places(piece)
    inds: list[str] = []
    carved = [(x.start() + a, x.end() + a) for x in _cue("except").finditer(piece)]
    for ind in m.within("industries", a, b):
        if not kept(ind) or any(s <= ind.start < e for s, e in carved):
            continue
        names = list(getattr(ind, "includes", ()) or ()) if ind.name in _GROUPS else []
        in_list = (text[ind.end : ind.end + 1] in ("、", "(") or text[ind.start - 1 : ind.start] == "、"
                   or not text[a : ind.start].strip(" ,;"))  # "石灰窑限制30%": the unit is the subject
        if getattr(ind, "via_unit", False) and not in_list and not _SECTOR_WORD.match(text[ind.end : ind.end + 2]):
            if ind.name not in cond.units:
                cond.units.append(ind.name)
            continue
        for name in names or [ind.name]:
            if name not in inds:
                inds.append(name)
                cond.industry_pos.append(ind.start)
                cond.industry_ends.append(ind.end)
    if _cue("counted").search(piece):  # "…等12个行业的119家企业": named enterprises, the industries only describe them
        cond.criteria.append(piece.strip(" ,;。"))
        inds, cond.industry_pos, cond.industry_ends = [], [], []
    members = {n for n in inds if _PARENT.get(n) in inds}
    if members:  # "水泥、砖瓦、陶瓷…等建材行业": the group word only sums up its members
        keep = [i for i, n in enumerate(inds) if not (n in _GROUPS and any(_PARENT.get(x) == n for x in members))]
        inds = [inds[i] for i in keep]
        cond.industry_pos = [cond.industry_pos[i] for i in keep]
        cond.industry_ends = [cond.industry_ends[i] for i in keep]
    cond.industries = inds
    cond.topic = any(_cue("topic_after").match(text, e) for e in cond.industry_ends)
    return cond


def _parents() -> dict[str, str]:
    return {name: e.parent for name, e in taxonomy().items() if e.parent}


_PARENT = _parents()
# groups of the taxonomy that are only groups (建材, 有色, 化工: no process unit of their own):
# 建材(水泥)行业 names its member 水泥, while 钢铁(含独立轧钢) stays 钢铁
_GROUPS = frozenset(p for p in _PARENT.values() if not taxonomy()[p].units)


_PLACE_LIST = regex.compile(
    r"^\s*(?:[(]\S{1,3}[)]|\d{1,2}[.、]|[一二三四五六七八九十]+、)?"
    r"(?P<zone>(?:\p{Han}{2,8}?[、和及与])*\p{Han}{2,8}?)"
    r"(?::|的(?!\p{Han}{0,3}(?:企业|生产线)?(?:限产|停产|错峰))|(?P<dates>(?=\d{4}年\d{1,2}月))"
    r"|(?P<days>(?=\d{1,2}月\d{1,2}日))"
    r"|(?=停产|停窑|实施|执行|全部|水泥|熟料))"
)


_PLACE_GAP = regex.compile(r"[、,，和及与\s]*")
_ETC = regex.compile(r"等")


def listed_places(piece: str) -> list[str]:
    """Places a clause names as a list anywhere in its subject ("“2+26”城市中石家庄、唐山、邯郸、安阳等
    重点城市…", "传输通道城市(济南、淄博、聊城)水泥企业…"): two or more places side by side, or one
    followed by 等; never inside a cited 《title》 or after 除."""
    from extract.recognize.regions import find_regions, place_runs

    quiet = [(t.start(), t.end()) for t in _CITED_TITLE_SPAN.finditer(piece)]
    quiet += [(t.start(), t.end()) for t in _cue("including").finditer(piece)]  # 各市(含定州、辛集市): all of them
    found = [r for r in find_regions(piece) if not any(s <= r.start < e for s, e in quiet)
             and "除" not in piece[max(0, r.start - 2) : r.start]]
    out: list[str] = []
    for g in place_runs(piece, found):
        if len(g) >= 2 or _ETC.match(piece, g[-1].end):
            out.extend(r.name for r in g)
    return list(dict.fromkeys(out))


_CITED_TITLE_SPAN = regex.compile(r"《[^《》]*》")


def places_leading(piece: str) -> tuple[list[str], str | None]:
    """The places a clause opens with, as (canonical regions, zone as written).

    "兰州市、白银市:11月15日至…停产", "银川市、石嘴山市的水泥熟料生产线停产120天", "喀什、克州2018年11月1日
    至…": when every listed name is a place of the gazetteer, they are the rule's regions; a
    list before dates that only looks like places ("其它地州市2018年…") is kept as the zone.
    """
    from extract.recognize.regions import canonical_place, find_regions

    m = _PLACE_LIST.match(piece)
    if not m:
        return [], None
    zone = m.group("zone")
    found = find_regions(zone)
    rest = _PLACE_GAP.sub("", _without(zone, 0, len(zone), [(r.start, r.end) for r in found]))
    if found and (not _HAN.search(rest) or canonical_place(rest)):  # "山西太原市" (a qualified city), "兰州、白银"
        return list(dict.fromkeys(r.name for r in found)), None
    names: list[str] = []
    for n in _LIST_SEP.split(m.group("zone")):  # 和田 is a place: split at 和/及/与 only when needed
        parts = _AND.split(n)
        whole = canonical_place(n) or canonical_place(n + "市")
        names.extend([n] if whole or len(parts) == 1 else parts)
    canon = [canonical_place(n) or canonical_place(n + "市") for n in names if n]
    names = [n for n in names if n]
    if all(canon):
        return list(dict.fromkeys(c for c in canon if c)), None
    if m.group("days") is not None:  # "河北滦南县9月28日至…": a headline's place, not a zone
        return [], None
    if m.group("dates") is not None and all(c or _PLACE_END.search(n) for c, n in zip(canon, names, strict=True)):
        return [], m.group("zone")
    return [], None


def is_follow_alert(text: str, pos: int) -> bool:
    """Whether the alert level at ``pos`` is a measure to follow (按不低于橙色预警措施), not a condition."""
    window = text[max(0, pos - 8) : pos + 16]
    return bool(_ALERT_MEASURE.search(window)) and bool(
        _FOLLOW_VERB.search(window)
    )


Measure = tuple[Action, tuple[int, int] | None, str | None]
#: at most this many characters between a window and its stop word ("…8月19日期间实施错峰停窑")
_WINDOW_GAP = 8


def _measures(
    text: str, a: int, b: int, m: Mentions, exclude: Sequence[tuple[int, int]] = (), subject_from: int | None = None,
    kiln: bool = False,
) -> list[Measure]:
    """The measures stated in ``text[a:b]``: (action, window span, alert level of an alert table).

    ``kiln``: the clause is about cement clinker lines, where 错峰生产 is a kiln stop
    ("…2022年11月15日至2023年3月15日进行错峰生产", "错峰(停产)时间为…", a place list with its window).
    """
    v = vocab()
    piece = _without(text, a, b, list(exclude))
    stop = _kiln_or_stop(v, kiln)

    def kept(x: Any) -> bool:
        return not any(s <= x.start and x.end <= e for s, e in exclude)

    out: list[Measure] = []
    # extend_coking
    for cm in v.coking.finditer(text, a, b):
        dur = next((d for d in m.within("durations", cm.end(), b) if d.unit == "hour"), None)
        if dur:
            out.append((Action(type="extend_coking", duration=Duration(value=dur.value, unit="hour"),
                               bound=dur.bound), None, None))
            return out
    # follow_alert
    fa = v.follow_alert.search(piece)
    if fa and ("不低于" in piece or "按" in piece or "执行" in piece):
        return [(Action(type="follow_alert", alert_level=_ALERT[fa.group("level")], bound="min"), None, None)]
    windows = [p for p in m.within("periods", a, b) if kept(p) and not p.is_deadline and p.end_date]
    if kiln and windows and not any(kept(r) for r in m.within("ratios", a, b)):
        lead = v.kiln_window_lead.search(text, a, windows[0].start)
        # a schedule line names its places, or goes on a line that did ("哈密市:A;B;C")
        bare = _only_places_and_windows(text, a, b, windows) and (
            bool(listed_places(text[a:b]) or places_leading(text[a:b])[0]) or text[a - 1 : a] == ";")
        if (lead and windows[0].start - lead.end() <= 2) or bare:  # "错峰(停产)时间为…" / "兰州市、白银市:…"
            return [_window(p) for p in windows]
    if v.negation.search(piece):
        return []
    # cut: ratios next to a measure verb; an alert level right before a ratio makes an alert table
    ratios = [r for r in m.within("ratios", a, b) if kept(r) and _cut_context(text, a, r)]
    if ratios:
        alerts = [al for al in m.within("alerts", a, b) if kept(al)]
        for r in ratios:
            alert = next((al.level for al in reversed(alerts) if al.end <= r.start and r.start - al.end <= 8), None)
            act = Action(type="cut", ratio=min(r.value, 1.0) if r.value <= 1.0 else None, bound=r.bound,
                         basis=r.basis)
            if r.value > 1.0:
                continue
            out.append((act, None, alert if len(ratios) > 1 or alert else None))
        if out:
            return out
    durs = [d for d in m.within("durations", a, b) if kept(d) and d.unit in ("day", "month")]
    # stop_window: "于A、B实施停窑" — every window listed before the stop word; one window with the
    # day count that follows it ("8月5日至8月19日停窑15天") is one rule carrying both
    periods = windows
    stop_after = stop.search(text, periods[-1].end, b) if periods else None
    gap = _WINDOW_GAP * 2 if kiln else _WINDOW_GAP  # "自9月26日至10月10日实行连续15天的减碳降耗错峰生产"
    if stop_after and stop_after.start() - periods[-1].end <= gap:
        after = [d for d in durs if d.start >= periods[-1].end]  # "…停窑15天" / "…实行连续15天的错峰生产"
        days = Duration(value=after[0].value, unit=after[0].unit) if len(periods) == 1 and len(after) == 1 else None
        bound = after[0].bound if days else None
        return [(Action(type="stop_window", duration=days, bound=bound,
                        period=Period(start=p.start_date, end=p.end_date, recurring=p.recurring)),
                 (p.start, p.end), None) for p in periods]
    # stop_days
    if durs and v.stop_days_verbs.search(piece):
        base = _cue("baseline").search(text[a:b])  # "在…不少于55天的基础上…增加15天到不少于70天": the target
        later = [d for d in durs if base and d.start >= a + base.end()]
        d = later[-1] if later else durs[0]
        return [(Action(type="stop_days", duration=Duration(value=d.value, unit=d.unit), bound=d.bound), None, None)]
    if stop_after:  # a window, then more words, then the stop word
        return [(Action(type="stop_window", period=Period(start=p.start_date, end=p.end_date, recurring=p.recurring)),
                 (p.start, p.end), None) for p in periods]
    s0 = a if subject_from is None else min(a, subject_from)  # the clause's subject may precede the measure
    subject = any(kept(i) for i in m.within("industries", s0, b)) or any(kept(g) for g in m.within("grades", s0, b))
    if v.cut_unquantified.search(piece.strip()) and subject:
        return [(Action(type="cut"), None, None)]
    for kind in ("voluntary", "exempt", "normal", "stop"):  # 自主减排、不予错峰: voluntary says more
        if getattr(v, kind).search(piece):
            return [(Action(type=kind), None, None)]
    return out


def _only_places_and_windows(text: str, a: int, b: int, windows: list[Any]) -> bool:
    """A schedule line: nothing but (optionally) the places it is for and its windows
    ("乌鲁木齐市、昌吉州:2024年11月1日至2025年4月30日;2025年6月1日至6月30日", "辽宁、吉林每年自11月1日至次年3月底")."""
    from extract.recognize.regions import find_regions

    rest = _cue("schedule_filler").sub("", _without(text, a, b, [(p.start, p.end) for p in windows]))
    for r in sorted(find_regions(rest), key=lambda r: -r.start):
        rest = rest[: r.start] + rest[r.end :]
    return not _HAN.search(_ITEM_MARK.sub("", rest.strip()))


def _lone_window(text: str, a: int, b: int, m: Mentions) -> Any:
    """The one dated window of a segment that states no measure ("所有熟料生产线2024年7月1日至
    7月16日,"), else None: a day count right after it belongs to it."""
    windows = [p for p in m.within("periods", a, b) if not p.is_deadline and p.end_date]
    return windows[0] if len(windows) == 1 else None


def _window(p: Any) -> Measure:
    return (Action(type="stop_window", period=Period(start=p.start_date, end=p.end_date, recurring=p.recurring)),
            (p.start, p.end), None)


def _kiln_or_stop(v: _Vocab, kiln: bool) -> regex.Pattern[str]:
    """The stop words of a clause: for cement lines, 错峰生产 stops the kiln too."""
    if not kiln:
        return v.stop
    return _kiln_stop_pattern(v.stop.pattern, v.kiln_stop.pattern)


@cache
def _kiln_stop_pattern(stop: str, kiln: str) -> regex.Pattern[str]:
    return regex.compile(f"{kiln}|{stop}")


def _cut_context(text: str, seg_start: int, r: Any) -> bool:
    """A ratio is a measure when a measure verb stands near it (before, or right after)."""
    v = vocab()
    before = text[max(seg_start, r.start - 30) : r.start]
    after = text[r.end : r.end + 6]
    if _cue("not_a_cut").search(before[-12:] + after):
        return False
    return bool(v.cut_verbs.search(before) or v.cut_verbs.match(after) or getattr(r, "verb", None))


def _drafts_for(cond: _Cond, action: Action, window: tuple[int, int] | None, ctx: BlockContext,
                start: int, end: int) -> list[RuleDraft]:
    """One draft per industry; grades and industries named apart are separate alternatives
    ("A级和引领性的企业…以及焦化、水泥企业" → a grade rule and one rule per industry), while an
    industry right after its grades ("A、B级化肥生产企业") keeps them."""
    paired = any(0 <= p - (cond.grade_end or 0) <= 4 for p in cond.industry_pos) or any(
        0 <= (cond.grade_start or 0) - e <= 2 for e in cond.industry_ends)  # A、B级化肥企业 / 铸造C级企业
    stated_here = bool(cond.industry_pos) and all(start <= p < end for p in cond.industry_pos)
    if cond.grades and cond.industries and cond.grade_end is not None and not paired and stated_here and not cond.topic:
        return (_drafts_for(replace(cond, industries=[], industry_pos=[]), action, window, ctx, start, end)
                + _drafts_for(replace(cond, grades=[], grade_end=None), action, window, ctx, start, end))
    # the clause's own words beat its heading: 焦炉 under a 钢铁行业 heading is coking's
    industries: list[str] | list[None] = cond.industries or cond.units or ctx.industries or [None]
    implied = vocab().action_industry.get(action.type)
    if implied and implied not in industries:
        industries = [implied]
    condition = Condition(
        grades=cond.grades or None, tier=ctx.tier, alert_level=cond.alert or ctx.alert, heating=cond.heating,
        process=cond.process, zone=cond.zone, regions=(cond.regions or ctx.regions) or None,
        policy_category=cond.policy, noncompliant=cond.noncompliant or ctx.noncompliant,
        criteria=list(dict.fromkeys(cond.criteria)),
    )
    return [RuleDraft(ind, condition, action, start, end, window) for ind in industries]
