"""Rule assembly of one outline block, in steps: clause segmentation (:mod:`.clauses`) →
condition reading (:mod:`.conditions`) → measure reading (:mod:`.measures`) → distribution
over subjects (:mod:`.distribute`) → merge with the inherited context (here).

A sentence is read left to right, one segment at a time. Segments before the first measure
of a sentence are its shared subject; segments after a measure start a new local condition
("其中,位于…的,限产50%"); ";" starts a new subject that keeps the industry. The first
sentence of an item that names grades, non-compliance or industries is the item's subject
and is inherited by its later sentences; a prefix before ":" ("黄色预警期间:") governs every
clause of its sentence. A parenthetical with its own subject is a rule of its own. A window
waits for a day count that follows it ("…7月5日-7月24日,共停产20天"), and a bare stop word
after a window is that window's measure. Word lists: ``data/rules.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import regex

from extract.assemble.clauses import HAN, Layout, Span, inside, layout, sentences, without
from extract.assemble.conditions import Cond, alternatives, conditions_in, criterion
from extract.assemble.distribute import BlockContext, RuleDraft, drafts_for, with_alert
from extract.assemble.measures import (
    Measure,
    continued_days,
    counted_window,
    lone_window,
    measures,
    window_measure,
)
from extract.assemble.mentions import Mentions
from extract.assemble.vocab import cue, vocab
from extract.core.models import Action
from extract.recognize.grades import find_tiers

__all__ = ["BlockContext", "RuleDraft", "block_rules", "lead_actions", "listed_rules"]

_BODY = regex.compile(r"[,;。:]")
_TOPIC = regex.compile(r"\s*[^,;:。]{1,15}行业:")
_LEAD = regex.compile(r"\s*(?:\S{1,3}[.、)])?[^,;:。]{1,24}?:")


def block_rules(text: str, start: int, end: int, ctx: BlockContext, m: Mentions) -> list[RuleDraft]:
    """Rules stated in ``text[start:end]`` (one outline block)."""
    if not _BODY.search(text, start, end) and end - start < 40 and not m.within("industries", start, end):
        return []  # a heading or headline ("二、错峰停窑时间"), not a clause
    if "\t" in text[start:end]:
        return []  # a table row (a form's header, an enterprise list): never a clause
    # "1、安阳钢铁集团有限责任公司:…": every measure of the item is that company's, except in a
    # sentence about the others ("…有限公司停产。其他水泥企业每日2时至9时旋窑停产。")
    company_led = cue("company_led").match(text, start) is not None
    drafts: list[RuleDraft] = []
    subject: list[Cond] | None = None
    for i, (s_start, s_end) in enumerate(sentences(text, start, end)):
        if not text[s_start:s_end].strip() or text[s_start:s_end].rstrip().endswith("!"):
            continue  # "停产!又一地区水泥企业错峰停产不少于150天!": an exclaimed headline names a measure, sets none
        if company_led and not cue("others").match(text[s_start:s_end].lstrip()):
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
        sentence_drafts, sentence_subject = _sentence_rules(_Sentence(text, s_start, s_end, ctx, m), subject)
        drafts.extend(_prefer_voluntary(sentence_drafts))
        if i == 0 and sentence_subject is not None:
            subject = sentence_subject
    return drafts


def lead_actions(text: str, start: int, end: int, drafts: list[RuleDraft]) -> list[Action]:
    """The measures of a lead sentence that introduces a list ("以下企业执行停产:"): the items
    below name who they apply to. Empty when the block is not such a lead."""
    if not drafts or not cue("list_lead").search(text[start:end]):
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
    return [d for act in actions for d in drafts_for(cond, act, None, ctx, start, end)]


def _prefer_voluntary(drafts: list[RuleDraft]) -> list[RuleDraft]:
    """"可不采取减排措施,鼓励企业自主减排": one measure, voluntary, not also exempt."""
    vol = {(d.industry, d.condition.model_dump_json(exclude={"criteria"})) for d in drafts if d.action.type == "voluntary"}
    return [d for d in drafts
            if not (d.action.type == "exempt" and (d.industry, d.condition.model_dump_json(exclude={"criteria"})) in vol)]


def _tier_at(text: str, pos: int) -> str | None:
    """The tier a sentence opens with (ⅱ类:, Ⅲ类:), read by the tier recogniser."""
    head = text[pos : pos + 8]
    lead = len(head) - len(head.lstrip())
    lead += head[lead : lead + 1] == "第"  # 第二类为一般管控行业
    found = find_tiers(head)
    return found[0].tier if found and found[0].start == lead else None


@dataclass(frozen=True)
class _Sentence:
    """One sentence to read, with what it is read against."""

    text: str
    start: int
    end: int
    ctx: BlockContext
    m: Mentions

    @property
    def kiln(self) -> bool:
        """Cement clinker lines are the topic: 错峰生产 stops the kiln."""
        return self.ctx.kiln or any(i.name in vocab().kiln_industries
                                    for i in self.m.within("industries", self.start, self.end))


@dataclass
class _Reading:
    """Working state while a sentence is read left to right (meaning only, besides the
    start of the clause being read and the spans consumed)."""

    base: list[Cond]  # the inherited subject: the item's first sentence and the lead prefix
    shared: list[Cond] | None = None  # this sentence's subject (segments before its first measure)
    local: Cond = field(default_factory=Cond)  # conditions read since the last measure
    clause_start: int | None = None
    last_type: str | None = None  # the type of the last measure read
    tier: str | None = None  # a tier that opened a clause after ";" ("…;第二类为…")
    phased: Any = None  # a stop announced in phases: (its subjects, its context)
    bare_window: Any = None  # a segment that was only a window, waiting for its day count
    window_drafts: list[RuleDraft] = field(default_factory=list)  # a stop window still without its day count
    count_drafts: list[RuleDraft] = field(default_factory=list)  # a day count still without its window
    paren_subjects: dict[Span, list[Cond]] = field(default_factory=dict)
    consumed: list[Span] = field(default_factory=list)  # measures of named enterprises, not rules
    drafts: list[RuleDraft] = field(default_factory=list)

    def end_clause(self) -> None:
        self.local, self.clause_start = Cond(), None

    def new_subject_after_semicolon(self) -> None:
        """";" starts a new clause: its own subject, but the same industry, places and grades."""
        self.shared, self.last_type = _industry_only(self.shared), None


def _sentence_rules(s: _Sentence, inherited: list[Cond] | None) -> tuple[list[RuleDraft], list[Cond] | None]:
    """Rules of one sentence, and the sentence's subject alternatives (for the next sentences)."""
    lay = layout(s.text, s.start, s.end, lambda a, b: _own_clause(s, a, b))
    st = _Reading(base=_lead_subject(s, inherited))
    kiln = s.kiln
    for seg in lay.live_segments():
        for a, b in _subject_measure_pairs(s, lay, kiln, *seg):
            _read_segment(st, s, lay, kiln, a, b)
    st.drafts.extend(_parenthetical_rules(st, s, lay, kiln))
    return st.drafts, _sentence_subject(st, s)


_ENUM_MARK = regex.compile(r"、")


def _subject_measure_pairs(s: _Sentence, lay: Layout, kiln: bool, a: int, b: int) -> list[Span]:
    """A segment that enumerates subjects each with its own measure ("水泥企业…减少10%、砖瓦企业
    减少新进砖坯50%") is read as one segment per pair: it is cut at a 、 (outside brackets) that
    is followed by an industry and has a measure on both sides."""
    if len(s.m.within("industries", a, b)) < 2 or "、" not in s.text[a:b]:
        return [(a, b)]
    hidden = lay.hidden
    starts = {i.start for i in s.m.within("industries", a, b)}
    out: list[Span] = []
    head = a
    for mark in _ENUM_MARK.finditer(s.text, a, b):
        cut = mark.end()
        if inside(mark.start(), cut, hidden) or not starts & set(range(cut, cut + 3)):
            continue
        if (measures(s.text, head, mark.start(), s.m, exclude=hidden, kiln=kiln)
                and measures(s.text, cut, b, s.m, exclude=hidden, kiln=kiln)):
            out.append((head, cut))
            head = cut
    return [*out, (head, b)]


def _own_clause(s: _Sentence, a: int, b: int) -> bool:
    """A parenthetical with a subject and a measure of its own ("(铸造C级企业…实施停产)")."""
    local = conditions_in(s.text, a, b, s.m)
    return bool((local.grades or local.industries or local.units) and measures(s.text, a, b, s.m))


def _lead_subject(s: _Sentence, inherited: list[Cond] | None) -> list[Cond]:
    """Context merge: the inherited subject, with a lead prefix before ":" on top
    ("黄色预警期间:A级…;B级…;C级…" — the prefix governs every clause of the sentence)."""
    base = inherited or [Cond()]
    lead = _LEAD.match(s.text, s.start, s.end)
    if lead:
        lead_cond = conditions_in(s.text, s.start, lead.end(), s.m)
        if not lead_cond.is_empty():
            base = [b.merged(lead_cond) for b in base]
    return base


def _topic_lead(s: _Sentence, a: int) -> list[Span]:
    """The lead prefix of the sentence's first segment when it names only an industry topic
    (水泥:) and the words after it name industries of their own; its conditions are in the
    inherited subject already."""
    lead = _LEAD.match(s.text, s.start, s.end) if a == s.start else None
    if lead is None:
        return []
    named = s.m.within("industries", s.start, lead.end())
    after = s.m.within("industries", lead.end(), s.end)
    if named and after and conditions_in(s.text, s.start, lead.end(), s.m).industries and not (
            s.m.within("grades", s.start, lead.end()) or s.m.within("alerts", s.start, lead.end())):
        return [(s.start, lead.end())]
    return []


def _read_segment(st: _Reading, s: _Sentence, lay: Layout, kiln: bool, a: int, b: int) -> None:
    """Read one segment: its conditions and measures, joined to the window or count before it,
    distributed over the subject in force."""
    text, hidden = s.text, lay.hidden
    if st.clause_start is None:
        st.clause_start = a
        if text[a - 1 : a] == ";":  # "…25%左右;第二类为一般管控行业,…": a tier opens the clause
            st.tier = _tier_at(text, a) or st.tier
    clause_start = st.clause_start
    lead = _topic_lead(s, a)  # "(5)水泥:水泥制品、粉磨站停产": the topic is context, the list after it the subject
    piece_cond = conditions_in(text, a, b, s.m, exclude=hidden + lead)
    v = vocab()
    unsaid = lay.unsaid  # "按照《…应急减排清单》要求执行轮流停产": a title's words still say what kind of clause it is
    skipped = (v.skip.search(without(text, a, b, unsaid)) or v.enterprises.search(without(text, clause_start, b, unsaid))
               or (v.non_industrial.search(text, a, b) and not (piece_cond.industries or piece_cond.units)))
    if _announces_phases(text, a, b, kiln):  # "此次错峰生产分两个阶段实施,": the phases' windows follow
        _start_phases(st, s, a, b, piece_cond)
        return
    found = measures(text, a, b, s.m, exclude=hidden, subject_from=clause_start, kiln=kiln)
    if skipped and found:  # a measure, but not a rule for a class of enterprises: consumed
        st.consumed.append((clause_start, b))
        # (the clause's industry stays: "焦化行业,西山焦化…28小时,其他企业…36小时")
        st.local, st.clause_start, st.last_type = st.local.industries_only(), None, None
        return
    if not found and not skipped and st.last_type == "stop_days":  # "…180天,其中一季度不少于60天,二季度…"
        found, label = continued_days(text, a, b, s.m, hidden)
        if label:  # what the count is for ("一季度", "三季度8-9月"): two quarters are two rules
            piece_cond.criteria.append(label)
    found, joined = _join_window_and_count(st, text, a, b, found, kiln)
    if joined:
        return
    if not found:
        _condition_only(st, s, a, b, piece_cond)
        return
    _narrow_subject(st, s, a, b, piece_cond)
    alts = _subjects_in_force(st, text, b, piece_cond)
    for ps, pe in lay.own:  # a parenthetical inherits the clause it stands in
        if clause_start <= ps < b:
            st.paren_subjects[(ps, pe)] = alts
    ctx = replace(s.ctx, tier=st.tier) if st.tier else s.ctx
    made = [d for alt in alts for measure, window, alert in found
            for d in drafts_for(with_alert(alt, alert), measure, window, ctx, clause_start, b)]
    st.drafts.extend(made)
    if len(found) == 1 and found[0][0].type == "stop_window" and found[0][0].duration is None:
        st.window_drafts = made
    st.count_drafts = made if [x[0].type for x in found] == ["stop_days"] else []
    st.last_type = found[-1][0].type
    st.end_clause()
    if text[b - 1 : b] == ";":
        st.new_subject_after_semicolon()


def _join_window_and_count(st: _Reading, text: str, a: int, b: int, found: list[Measure],
                           kiln: bool) -> tuple[list[Measure], bool]:
    """A day count after a window belongs to it ("太原市、大同市:2018年7月5日-7月24日,共停产20天"),
    as does a bare stop word ("…5月10日00:00-5月19日24:00,错峰生产;"). Returns the segment's
    measures and whether the segment only completed drafts already made."""
    count = (found and cue("window_count").match(text, a, b) is not None  # "共停产20天", not "其中一季度…"
             and [x[0].type for x in found] == ["stop_days"])
    if count and st.bare_window is not None:
        found = [counted_window(st.bare_window, found[0][0].duration, found[0][0].bound)]
    elif count and st.window_drafts:
        act = found[0][0]
        for d in st.window_drafts:
            d.action = d.action.model_copy(update={"duration": act.duration, "bound": act.bound})
            d.end = b
        st.window_drafts, st.clause_start = [], None
        return found, True
    bare_stop = not found or [x[0].type for x in found] == ["stop"]
    if st.bare_window is not None and st.bare_window.end_date and bare_stop and cue("kiln_stop_only").fullmatch(text, a, b) and (kiln or found):
        found = [window_measure(st.bare_window)]  # "…,停窑。": the stop word of the window before it
    st.bare_window, st.window_drafts = None, []
    return found, False


def _condition_only(st: _Reading, s: _Sentence, a: int, b: int, piece_cond: Cond) -> None:
    """A segment without a measure: a phase window of a stop announced in phases, a window
    waiting for its count, conditions or a criterion for the measure to come; after ";" its
    conditions end."""
    st.bare_window = lone_window(s.text, a, b, s.m)
    counted, st.count_drafts = st.count_drafts, []
    if counted and st.bare_window is not None and st.bare_window.end_date and _only_window(s.text, a, b, st.bare_window):
        _window_after_count(counted, st.bare_window, b)  # "大连市停窑时间5个月,自2017年11月15日-2018年4月15日"
        st.bare_window = None
        st.end_clause()
        return
    if st.phased and st.bare_window is not None and st.bare_window.end_date and _is_phase_window(s.text, a, b, st.bare_window):
        _phase_window(st, s, a, b, st.bare_window)
        st.bare_window = None
        return
    if not piece_cond.is_empty():
        st.local = st.local.merged(piece_cond)
    crit = criterion(s.text, a, b)
    if crit:
        st.local.criteria.append(crit)
    if s.text[b - 1 : b] == ";":  # a clause without a measure: its conditions end here
        st.end_clause()
        st.last_type = None
        st.shared = _industry_only(st.shared)


def _only_window(text: str, a: int, b: int, window: Any) -> bool:
    """A segment that is only a window (自…止 are the window's own; 期间 a schedule's filler)."""
    return not HAN.search(cue("schedule_filler").sub("", without(text, a, b, [(window.start, window.end)])))


def _window_after_count(drafts: list[RuleDraft], window: Any, end: int) -> None:
    """A window right after a day count is that count's window: the stop_days drafts become
    stop_window drafts with both."""
    for d in drafts:
        measure, span, _ = counted_window(window, d.action.duration, d.action.bound)
        d.action, d.window, d.end = measure, span, end


def _is_phase_window(text: str, a: int, b: int, window: Any) -> bool:
    """A segment that is only a phase's label and window ("第一阶段自2016年6月20日至7月10日,")."""
    rest = without(text, a, b, [(window.start, window.end)])
    return cue("phase_label").fullmatch(rest) is not None


def _announces_phases(text: str, a: int, b: int, kiln: bool) -> bool:
    """"此次错峰生产分两个阶段实施", "各砖瓦企业停产分两批": a stop word, then how many phases."""
    phases = cue("in_phases").search(text, a, b)
    return bool(phases and vocab().kiln_or_stop(kiln).search(text, a, phases.start()))


def _start_phases(st: _Reading, s: _Sentence, a: int, b: int, piece_cond: Cond) -> None:
    """Remember the subject of a stop announced in phases; a phase window written in the same
    segment ("…分三个阶段:第一阶段2023年1月1日至1月20日,") is its first rule."""
    subjects = _subjects_in_force(st, s.text, b, piece_cond)
    st.phased = (subjects, replace(s.ctx, tier=st.tier) if st.tier else s.ctx)
    phases = cue("in_phases").search(s.text, a, b)
    window = lone_window(s.text, phases.end(), b, s.m) if phases else None
    if window is not None and window.end_date:
        _phase_window(st, s, a, b, window)
    st.end_clause()


def _phase_window(st: _Reading, s: _Sentence, a: int, b: int, window: Any) -> None:
    """"此次错峰生产分两个阶段实施,第一阶段自…至…,第二阶段自…至…": each phase is a stop window
    of the subject the stop was announced for."""
    subjects, ctx = st.phased
    measure, _, _ = window_measure(window)  # a phase is also a period of the notice: no own window
    st.drafts.extend(d for alt in subjects for d in drafts_for(alt, measure, None, ctx, a, b))


def _narrow_subject(st: _Reading, s: _Sentence, a: int, b: int, piece_cond: Cond) -> None:
    """A measure with a subject of its own: "…,对工艺技术先进的企业豁免" drops the industry;
    a subject we have no field for ("协同处置城市生活垃圾的生产线可不…") becomes a criterion."""
    if cue("own_subject").search(s.text, a, b):
        st.local = st.local.without_industries()
        if st.shared is not None:
            st.shared = [x.without_industries() for x in st.shared]
    own = cue("subject_clause").match(s.text, a, b)
    if own and conditions_in(s.text, own.start("who"), own.end("who"), s.m).is_empty():
        piece_cond.criteria.append(own.group("who"))


def _subjects_in_force(st: _Reading, text: str, b: int, piece_cond: Cond) -> list[Cond]:
    """Context merge: the subject alternatives a measure at ``b`` is for — inherited, then the
    sentence's shared subject, then the clause's own conditions (nearest wins)."""
    cond_here = st.local.merged(piece_cond)
    start = st.clause_start if st.clause_start is not None else b
    others = cue("others").search(text, start, b) is not None
    if st.shared is not None and others:  # "其他企业限产30%": not the grade (or non-compliance) before
        st.shared = [replace(x.without_grades(), noncompliant=None) for x in st.shared]
        if cue("other_places").search(text, start, b):  # "其他城市,停窑时间6个月": nor the places before
            st.shared = [replace(x, regions=[]) for x in st.shared]
    bases = st.base
    if others and not cond_here.noncompliant:  # "…不能稳定达标排放的停产。其它涉VOCs排放工序的企业,…停止生产"
        bases = [replace(x, noncompliant=None) for x in bases]
    if cond_here.industries and cue("every").search(text, start, b):  # "所有钢铁企业…": not the grade before
        bases = [x.without_grades() for x in bases]
    if st.shared is None:
        st.shared = alternatives(cond_here, text, start, b)
        return [base.merged(alt) for base in bases for alt in st.shared]
    shared = st.shared
    if cond_here.industries and any(x.regions and x.industries != cond_here.industries for x in shared):
        # "长株潭地区…不少于60天,粉磨站…应实施停产": the places were the other industry's subject
        shared = [replace(x, regions=[]) for x in shared]
    return [base.merged(s0).merged(cond_here) for base in bases for s0 in shared]


def _parenthetical_rules(st: _Reading, s: _Sentence, lay: Layout, kiln: bool) -> list[RuleDraft]:
    """Rules of the parentheticals with a subject of their own, under the subject of the
    clause they stand in; none for a detail of an enterprise-specific measure."""
    out: list[RuleDraft] = []
    for ps, pe in lay.own:
        if any(cs <= ps < ce for cs, ce in st.consumed):
            continue
        inner = conditions_in(s.text, ps + 1, pe - 1, s.m)
        around = st.paren_subjects.get((ps, pe)) or [base.merged(s0) for base in st.base
                                                       for s0 in (st.shared or [Cond()])]
        for cond in (alt.merged(inner) for alt in around):
            for measure, window, alert in measures(s.text, ps + 1, pe - 1, s.m, kiln=kiln):
                out.extend(drafts_for(with_alert(cond, alert), measure, window, s.ctx, ps + 1, pe - 1))
    return out


def _sentence_subject(st: _Reading, s: _Sentence) -> list[Cond] | None:
    """What the next sentences of the item inherit: the sentence's subject if it names grades,
    non-compliance or industries; an inline heading's industry ("焦化行业。")."""
    if st.shared is not None and any(x.is_subject() for x in st.shared):
        return [base.merged(x) for base in st.base for x in st.shared]
    if st.shared is None and st.local.industries and cue("inline_heading").match(s.text[s.start:s.end].strip()):
        return [base.merged(st.local.industries_only()) for base in st.base]
    if st.shared is None and not st.local.is_empty() and (st.local.grades or st.local.noncompliant):
        return alternatives(st.local, s.text, s.start, s.end)
    return None


def _industry_only(shared: list[Cond] | None) -> list[Cond] | None:
    """What a clause after ";" keeps of the sentence's subject: its industry, places and grades
    ("C级企业,黄色预警期间:停产50%;橙色及以上预警期间:停产" — the grade goes on until a clause
    names its own, or says 其他/其余)."""
    inds = [x for x in (shared or []) if x.industries or x.regions or x.grades]
    return [inds[0].industries_only(regions=True, grades=True)] if inds else None
