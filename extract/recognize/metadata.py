"""Notice metadata: title, 文号, issuers, issue date (成文日期), jurisdiction, season.

Works on normalised text; returns spans in it. The pipeline maps spans to raw offsets
and quotes values from the raw text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import regex

from extract.core import datafiles
from extract.recognize.organizations import OrganizationMention, find_organizations, suffix_pattern
from extract.recognize.references import find_doc_numbers
from extract.recognize.regions import find_regions, place_runs

_LINE = regex.compile(r"(?m)^.*\S.*$")
_TITLE_MARKS = regex.compile(r"《[^》]*》")


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    end: int
    value: str


@dataclass(frozen=True, slots=True)
class Report:
    """One paragraph of a news round-up: a body of ``place`` published a notice."""

    start: int  # the paragraph (line) that reports it
    end: int
    place: str  # canonical
    issuer: Found


@dataclass
class Metadata:
    title: Found | None = None
    doc_number: Found | None = None
    issuers: list[Found] = field(default_factory=list)
    issue_date: Found | None = None
    season: tuple[int, int] | None = None
    jurisdiction: tuple[str, str] | None = None  # (level, name)
    reports: list[Report] = field(default_factory=list)  # a round-up of several places' notices


@cache
def page_furniture() -> regex.Pattern[str]:
    """A line of web page furniture, never a title (breadcrumbs, sources, timestamps, share bars):
    ``[page_furniture]`` of ``extract/data/normalize.toml``, searched in one line."""
    data = datafiles.load("normalize.toml")["page_furniture"]
    return datafiles.compile_pattern("normalize.toml", "page_furniture",
                                     "|".join([datafiles.alternation(data["words"]), *data["patterns"]]))


_HEAD_LIMIT = 1200  # characters of the header zone (doc number, title, issuers)
_TITLE = regex.compile(
    r"关于[^\n。:;]{2,90}?的(?:通知|决定|意见|批复|函|公告|通告|指导意见)"
    r"(?:\((?:征求意见稿|试行|暂行|修订稿|\d{4}年修订)\))?"  # a status the title carries
)
_CITED_TITLE = regex.compile(
    r"(?:印发|发布|下发|出台|制定了?|联合印发)(?:了)?《(?P<t>[^《》\n]{4,80}?(?:方案|通知|计划|意见|预案|办法))》"
    r"|《(?P<t2>[^《》\n]{4,80}?(?:方案|通知|计划|意见|预案|办法)(?:\([^()]{2,8}\))?)》"
    r"(?:即将|已经?|正式|日前|近日)?(?:出炉|出台|发布|印发|(?:进行)?(?:重新)?修订|(?:已)?(?:开始)?(?:公开)?征求意见)"
    # a title written without 《》 after the verb that issues it (…协会发布山东水泥熟料企业…实施方案要求)
    r"|(?:印发|发布|下发|出台)(?:了)?(?P<t3>[^《》\n,。;:\d]{0,20}\d{4}[-—~至]\d{4}年[^《》\n,。;:]{2,40}?(?:实施方案|方案|计划))"
    r"(?=要求|提出|明确|规定|指出|,)"
)
_DATE_LINE = regex.compile(r"(?m)^[ \t]*(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日[ \t]*$")
_DATE_AFTER_ORG = regex.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?!印发|起|前|至|-|到)")
# an addressee line (各省、自治区、直辖市…:, 各县(市、区)政府…:) is never a title; one that names every
# province is how a national body writes
_ADDRESSEES = regex.compile(r"\s*各(?:省|市|县|区|有关|相关|地|级)[^\n]{0,120}:\s*$")
_NATIONAL_ADDRESSEES = regex.compile(r"(?m)^\s*各省、自治区、直辖市")
#: a line with fewer Chinese characters than this is furniture (EN, date2026-02-26), not a title
_TITLE_MIN_HAN = 6
_SENTENCE_OR_LEAD = regex.compile(r"[。;]|:\s*$")
_SECTION_HEADING = regex.compile(r"\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、])")
_HAN = regex.compile(r"\p{Han}")
_CITED = regex.compile(r"《[^《》\n]*》")
_PUBLISH = regex.compile(r"(?:联合)?(?:印发|发布|下发|出台|公示|公布)")
_CITE_CONTEXT = regex.compile(r"(?:按照|根据|依据|贯彻|落实|执行|参照)[^。\n]{0,30}$")


def find_title(text: str) -> Found | None:
    """The notice's own title: a 关于…的通知 line in the header (one standing on its own line
    first), else the document a news page reports, else a short first line."""
    head = text[:_HEAD_LIMIT]
    candidates = []
    for m in _TITLE.finditer(head):
        before = text[max(0, m.start() - 30) : m.start()]
        if "《" in before and "》" not in before[before.rfind("《") :]:
            continue  # inside a cited title
        if _CITE_CONTEXT.search(before):
            continue
        line_end = text.find("\n", m.end())
        own_line = not text[m.end() : line_end if line_end >= 0 else len(text)].strip(" ()")
        candidates.append((not own_line, m.start(), Found(m.start(), m.end(), m.group())))
    if candidates:
        return min(candidates, key=lambda c: (c[0], c[1]))[2]
    m = _CITED_TITLE.search(head)
    if m:
        g = "t" if m.group("t") else "t2" if m.group("t2") else "t3"
        return Found(m.start(g), m.end(g), m.group(g))
    return _headline(text)


def _headline(text: str) -> Found | None:
    """A short first line that is neither page furniture, an addressee line, a sentence nor a
    section heading (a news page's headline)."""
    first = next((ln for ln in _LINE.finditer(text[:_HEAD_LIMIT])
                  if not page_furniture().search(ln.group()) and not _ADDRESSEES.match(ln.group())
                  and not _SENTENCE_OR_LEAD.search(ln.group())  # a sentence or a lead is not a title
                  and not _SECTION_HEADING.match(ln.group())  # nor is a section heading
                  and len(_HAN.findall(ln.group())) >= _TITLE_MIN_HAN), None)
    if first and len(first.group().strip()) <= 60:
        s = first.start() + len(first.group()) - len(first.group().lstrip())
        own = _ORIGINAL_TITLE.match(text, s, first.end())  # "(原标题:…)": the headline as first printed
        if own:
            s = own.end()
        line = text[s : first.end()].rstrip()
        line = line[:-1] if own and line.endswith(")") else line
        return Found(s, s + len(line), line)
    return None


_ORIGINAL_TITLE = regex.compile(r"\(?原标题[:]")


def find_doc_number(text: str, title: Found | None = None) -> Found | None:
    """The notice's own 文号: the first one in the header that is not a citation, or the one
    printed right after the notice's own title (印发《…》(豫工信节能〔2023〕88号))."""
    for d in find_doc_numbers(text[:_HEAD_LIMIT]):
        if title is not None and 0 <= d.start - title.end <= 3 and regex.fullmatch(r"》?\(?", text[title.end : d.start]):
            return Found(d.start, d.end, d.value)
        before = text[max(0, d.start - 40) : d.start]
        if before.rstrip().endswith(("》(", "》", "(")) and "《" in before:
            continue
        if _CITE_CONTEXT.search(before):
            continue
        return Found(d.start, d.end, d.value)
    return None


def find_issue_date(text: str) -> Found | None:
    """The date under the signatures (成文日期), not a print date (…印发)."""
    for m in _DATE_LINE.finditer(text):
        if m.start() < 40:
            continue
        return Found(m.start(), m.end(), _iso(m))
    if not _DATE_AFTER_ORG.search(text, len(text) // 2 + 1):
        return None  # no date in the second half: no signature to look for (and no scan for bodies)
    for org in find_organizations(text):
        m = _DATE_AFTER_ORG.match(text, org.end)
        if m and org.start > len(text) // 2:
            return Found(m.start(), m.end(), _iso(m))
    return None


def _iso(m: regex.Match[str]) -> str:
    return f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"


def find_issuers(text: str, issue_date: Found | None, title: Found | None) -> list[Found]:
    """Issuing bodies: the signature block above the issue date, completed from the header;
    else the bodies named before the title or as publishing the document."""
    header_orgs = _orgs_in(text, 0, title.start if title else min(len(text), 300))
    found: list[OrganizationMention] = []
    if issue_date is not None:
        found = _signature_block(text, issue_date.start)
    if not found:
        found = header_orgs
    if not found:
        for m in _PUBLISH.finditer(text[:_HEAD_LIMIT]):
            sent_start = max(text.rfind("。", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
            found = _orgs_in(text, sent_start, m.start())
            if found:
                break
    if not found:  # "经市重污染天气应急工作领导小组办公室研究决定": a body named without its place
        found = _placeless_lead_orgs(text, title)
    out: list[Found] = []
    for org in found:
        name = org.name
        full = None
        if org.place is None:  # a signature abbreviation: complete it from the header
            full = next((h.name for h in header_orgs if h.name.endswith(name) and h.name != name), None)
        out.append(Found(org.start, org.end, full or name))
    first: dict[str, Found] = {}
    for f in out:
        first.setdefault(f.value, f)
    return list(first.values())


@cache
def _placeless_org() -> regex.Pattern[str]:
    """A body a news lead names by its level only (市…领导小组办公室, 自治区…指挥部办公室), followed by
    what it did (研究决定, 下发); the endings are those of ``organizations.toml``."""
    return regex.compile(
        r"(?:(?<=[经由])|(?<!\p{Han}))(?P<level>自治区|省|市|县|区)"
        rf"(?P<body>(?!政府)\p{{Han}}{{2,24}}?{suffix_pattern()})(?=(?:研究)?(?:决定|下发|发布|印发|宣布))"
    )
_LEVEL_OF_PREFIX = {"自治区": ("province",), "省": ("province",), "市": ("city",), "县": ("county",),
                    "区": ("district", "county")}


def _placeless_lead_orgs(text: str, title: Found | None) -> list[OrganizationMention]:
    """A body the lead names by its level only ("市大气污染防治攻坚指挥部办公室下发通知"), with the
    place of that level the headline (else the first lines) names: 襄阳市大气污染防治攻坚指挥部办公室."""
    m = _placeless_org().search(text, 0, _HEAD_LIMIT)
    if m is None:
        return []
    levels = _LEVEL_OF_PREFIX[m.group("level")]
    head = (title.value + "\n" if title else "") + text[:_HEAD_LIMIT // 2]
    place = next((r.name for r in find_regions(head) if r.level in levels), None)
    if place is None:
        return []
    return [OrganizationMention(m.start(), m.end(), place + m.group("body"), place)]


def _signature_block(text: str, date_start: int) -> list[OrganizationMention]:
    """Organisations on the lines right above the date (or inline before it)."""
    line_start = text.rfind("\n", 0, date_start) + 1
    if text[line_start:date_start].strip():  # date inline after the names
        cut = max(text.rfind(c, 0, date_start) for c in "。;:!》")
        return _orgs_in(text, max(cut + 1, line_start), date_start)
    found: list[OrganizationMention] = []
    end = line_start - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip():
            orgs = _orgs_in(text, start, end)
            covered = sum(o.end - o.start for o in orgs)
            if not orgs or covered < 0.8 * len(line.strip()):
                break
            found = orgs + found
        end = start - 1
    return found


def _orgs_in(text: str, start: int, end: int) -> list[OrganizationMention]:
    """Organisations named in ``text[start:end]``, except inside a cited 《title》 or an
    addressee line (各省、自治区…生态环境厅(局):): those do not issue the notice."""
    quiet = [(m.start(), m.end()) for m in _CITED.finditer(text[start:end])]
    quiet += [(m.start(), m.end()) for m in _ADDRESSEE_LINES.finditer(text[start:end])]
    found = [
        OrganizationMention(o.start + start, o.end + start, o.name, o.place)
        for o in find_organizations(text[start:end])
    ] + _short_orgs(text, start, end)
    return [o for o in found if not any(s <= o.start - start < e for s, e in quiet)]


_ADDRESSEE_LINES = regex.compile(r"(?m)^\s*各(?:省|市|县|区|有关|相关|地|级)[^\n]{0,160}:\s*$")


# a signature that drops the place name: 区工业和信息化局, 市生态环境局, 县人民政府办公室
_SHORT_ORG = regex.compile(
    r"(?m)(?:^|(?<=[\s局厅室府会]))[省市区县](?!政府)\p{Han}{2,12}?(?:分局|局|厅|委员会|人民政府办公室|人民政府)"
)


def _short_orgs(text: str, start: int, end: int) -> list[OrganizationMention]:
    """Signature abbreviations without a place (区工业和信息化局) — completed from the header."""
    return [
        OrganizationMention(m.start() + start, m.end() + start, m.group(), None)
        for m in _SHORT_ORG.finditer(text[start:end])
    ]


def find_season(text: str) -> tuple[int, int] | None:
    """The season a notice governs (see :func:`extract.recognize.dates.find_season`)."""
    from extract.recognize.dates import find_season as season_of

    return season_of(text)


_LEVEL_SUFFIX = (
    ("自治区", "province"), ("省", "province"), ("兵团", "province"),
    ("自治州", "city"), ("盟", "city"), ("州", "city"),
    ("县", "county"), ("旗", "county"), ("区", "district"), ("市", "city"),
)
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


def jurisdiction_of(issuers: list[str], place_level: dict[str, str] | None = None) -> tuple[str, str] | None:
    """(level, name) of the issuers' area; ``place_level`` (from the gazetteer) overrides suffix rules.
    A body with a place decides before a national one (a 唐山 notice that also names 生态环境部
    is 唐山's); national only when no issuer has a place."""
    national = False
    for name in issuers:
        orgs = find_organizations(name)
        place = orgs[0].place if orgs else None
        if place is None:
            if orgs or name.endswith(("部", "部办公厅", "院", "院办公厅", "总局")):
                national = True
            continue
        place = _first_place(place)
        if place_level and place in place_level:
            return place_level[place], place
        if place in _MUNICIPALITIES:
            return "province", place
        for suffix, level in _LEVEL_SUFFIX:
            if place.endswith(suffix):
                return level, place
    return ("national", "全国") if national else None


def _first_place(place: str) -> str:
    """The most specific known place of a nested prefix (山西省太原市 → 太原市)."""
    found = find_regions(place)
    return found[-1].name if found else place


#: a paragraph that reports a publication: "吉林省建筑材料工业协会发布《…》"
_REPORTS_ISSUE = regex.compile(_PUBLISH.pattern + r"了?《")


def find_reports(text: str) -> list[Report]:
    """A news round-up: paragraphs that each report, in their first sentence, that a body of a
    different place published a notice ("辽宁省…协会发布《…》,要求…" / "吉林省…发布《…》…").
    Empty unless at least two places are reported."""
    out: list[Report] = []
    for line in _LINE.finditer(text):
        verb = _REPORTS_ISSUE.search(text, line.start(), line.end())
        if verb is None or regex.search(r"[。!?]", text[line.start() : verb.start()]):
            continue  # not in the paragraph's first sentence
        orgs = [o for o in _orgs_in(text, line.start(), verb.start()) if o.place]
        places = find_regions(orgs[0].place or "") if orgs else []
        if places:
            out.append(Report(line.start(), line.end(), places[-1].name, Found(orgs[0].start, orgs[0].end, orgs[0].name)))
    return out if len({r.place for r in out}) >= 2 else []


def read_metadata(text: str, place_levels: dict[str, str] | None = None) -> Metadata:
    """All metadata of a normalised notice text. A news round-up of several places' notices
    (:func:`find_reports`) has its headline for a title, every reported body as an issuer and
    no one jurisdiction."""
    reports = find_reports(text)
    if reports:
        headline = _headline(text)
        return Metadata(title=headline, issuers=list({r.issuer.value: r.issuer for r in reports}.values()),
                        issue_date=None, season=find_season(text), jurisdiction=None, reports=reports)
    title = find_title(text)
    issue_date = find_issue_date(text)
    issuers = find_issuers(text, issue_date, title)
    jurisdiction = jurisdiction_of([i.value for i in issuers], place_levels)
    if jurisdiction is None and _NATIONAL_ADDRESSEES.search(text[:_HEAD_LIMIT]):
        jurisdiction = ("national", "全国")  # addressed to every province: a ministry's notice
    if jurisdiction is None:  # a news page: the place its headline (else its lead) is about
        jurisdiction = _place_of(title.value if title else "") or _place_of(text[:200])
    return Metadata(
        title=title,
        doc_number=find_doc_number(text, title),
        issuers=issuers,
        issue_date=issue_date,
        season=find_season(text),
        jurisdiction=jurisdiction,
    )


def _place_of(text: str) -> tuple[str, str] | None:
    """The place a news page is about: the first place named alone (not in a list, not a
    schedule's label such as 天水市：12月1日…, not inside 《》)."""
    titles = [(t.start(), t.end()) for t in _TITLE_MARKS.finditer(text)]
    for run in place_runs(text, find_regions(text)):
        if len(run) > 1:
            continue  # "石家庄、唐山、邯郸等城市": places a notice targets, not whose notice it is
        r = run[0]
        if text[r.end:r.end + 1] in ("：", ":"):
            continue  # a per-place schedule's label: a target
        if not any(s <= r.start < e for s, e in titles):
            return r.level, r.name
    return None
