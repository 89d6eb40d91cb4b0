"""Measure reading: what a clause segment orders (cut, stop, stop window, stop days, …).

A measure is an :class:`~extract.core.models.Action` with, for a stop window, the span of
its dated window, and for a row of an alert table, the alert level standing right before it.
Word lists: ``[actions]`` and ``[cues]`` of ``data/rules.toml``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import regex

from extract.assemble.clauses import HAN, ITEM_MARK, Span, without
from extract.assemble.conditions import LABEL, listed_places, places_leading
from extract.assemble.mentions import Mentions
from extract.assemble.vocab import ALERT, cue, vocab
from extract.core import datafiles
from extract.core.models import Action, Duration, Period
from extract.core.seasondates import length_days

Measure = tuple[Action, Span | None, str | None]
#: at most this many characters between a window and its stop word ("…8月19日期间实施错峰停窑")
_WINDOW_GAP = 8
#: a day count shorter than this share of its window is a quota to take within it, not the stop itself
_QUOTA_SHARE = 0.85
_DAYS_TAIL = regex.compile(r"(?:不少于|不低于|至少|不得少于)?\d+(?:\.\d+)?(?:天|日|个月)[^,;。]*[,;。]?\s*$")
_STOP_LEAD = regex.compile(r"停产|停窑")
_CONTINUED_LABEL = regex.compile(r"^[\s,;]*(?:其中|另外|此外)?[,:\s]*|[:,\s]+$")


def measures(
    text: str, a: int, b: int, m: Mentions, exclude: Sequence[Span] = (), subject_from: int | None = None,
    kiln: bool = False,
) -> list[Measure]:
    """The measures stated in ``text[a:b]``: (action, window span, alert level of an alert table).

    ``kiln``: the clause is about cement clinker lines, where 错峰生产 is a kiln stop
    ("…2022年11月15日至2023年3月15日进行错峰生产", "错峰(停产)时间为…", a place list with its window).
    """
    v = vocab()
    piece = without(text, a, b, list(exclude))
    stop = v.kiln_or_stop(kiln)

    def kept(x: Any) -> bool:
        return not any(s <= x.start and x.end <= e for s, e in exclude)

    for cm in v.coking.finditer(text, a, b):  # extend_coking
        dur = next((d for d in m.within("durations", cm.end(), b) if d.unit == "hour"), None)
        if dur:
            return [(Action(type="extend_coking", duration=Duration(value=dur.value, unit="hour"),
                            bound=dur.bound), None, None)]
    fa = v.follow_alert.search(piece)
    if fa and ("不低于" in piece or "按" in piece or "执行" in piece):
        return [(Action(type="follow_alert", alert_level=ALERT[fa.group("level")], bound="min"), None, None)]
    windows = [p for p in m.within("periods", a, b) if kept(p) and not p.is_deadline and p.end_date]
    if windows and not any(kept(r) for r in m.within("ratios", a, b)):
        lead = v.kiln_window_lead.search(text, a, windows[0].start)
        if lead and not kiln and not _STOP_LEAD.search(lead.group()):
            lead = None  # "错峰时间为…" stops only a kiln; "停产时间安排在…" stops anyone
        # a schedule line names its places, or goes on a line that did ("哈密市:A;B;C")
        bare = kiln and _only_places_and_windows(text, a, b, windows) and (
            bool(listed_places(text[a:b]) or places_leading(text[a:b])[0]) or text[a - 1 : a] == ";")
        # "错峰(停产)时间为…" / "停窑安排:南宁市:…" / "兰州市、白银市:…"
        if (lead and (windows[0].start - lead.end() <= 2 or _only_places_and_windows(text, lead.end(), b, windows))) or bare:
            return [window_measure(p) for p in windows]
    if not windows and cue("schedule_announce").search(piece):
        return []  # "错峰停窑时间如下:": the schedule below carries the windows
    label = LABEL.match(piece)  # "(二)停窑安排:延边州停窑120天": the label's words do not negate
    if v.negation.search(piece, label.end() if label else 0):
        return []
    cuts = _cuts(text, a, b, m, kept)
    if cuts:
        return cuts
    durs = [d for d in m.within("durations", a, b) if kept(d) and d.unit in ("day", "month")
            and not _window_length(text, d, m)]
    # stop_window: "于A、B实施停窑" — every window listed before the stop word; one window with the
    # day count that follows it ("8月5日至8月19日停窑15天") is one rule carrying both
    stop_after = stop.search(text, windows[-1].end, b) if windows else None
    gap = _WINDOW_GAP * 2 if kiln else _WINDOW_GAP  # "自9月26日至10月10日实行连续15天的减碳降耗错峰生产"
    if stop_after and stop_after.start() - windows[-1].end <= gap:
        # "…停窑15天" / "…实行连续15天的错峰生产"; several windows each with its own count after it:
        # "春节期间(1月1日-3月31日)停窑40天(其中2月1日-2月29日期间…停窑应达20天)"
        bounds = [w.start for w in windows[1:]] + [b]
        counts = [[d for d in durs if w.end <= d.start < nxt] for w, nxt in zip(windows, bounds, strict=True)]
        if all(len(c) == 1 for c in counts):
            return [counted_window(w, Duration(value=c[0].value, unit=c[0].unit), c[0].bound)
                    for w, c in zip(windows, counts, strict=True)]
        return [window_measure(p) for p in windows]
    opened = _opened_window(text, a, b, m, kept, stop, durs) if not windows else None
    if opened is not None:  # "自2025年1月10日起错峰停窑不少于25天": an open window with its count
        return [opened]
    if durs and v.stop_days_verbs.search(piece):  # stop_days
        base = cue("baseline").search(text[a:b])  # "在…不少于55天的基础上…增加15天到不少于70天": the target
        later = [d for d in durs if base and d.start >= a + base.end()]
        d = later[-1] if later else durs[0]
        return [(Action(type="stop_days", duration=Duration(value=d.value, unit=d.unit), bound=d.bound), None, None)]
    if stop_after:  # a window, then more words, then the stop word
        return [window_measure(p) for p in windows]
    s0 = a if subject_from is None else min(a, subject_from)  # the clause's subject may precede the measure
    subject = any(kept(i) for i in m.within("industries", s0, b)) or any(kept(g) for g in m.within("grades", s0, b))
    if v.cut_unquantified.search(piece.strip()) and subject:
        return [(Action(type="cut"), None, None)]
    if v.stop_with_subject.search(piece) and subject:
        return [(Action(type="stop"), None, None)]
    for kind in ("voluntary", "exempt", "normal", "stop"):  # 自主减排、不予错峰: voluntary says more
        if kind == "stop" and not subject and cue("realisation").search(piece):
            continue  # "限产比例应当优先采取停产方式达到": how a ratio is reached, not a stop
        if getattr(v, kind).search(piece):
            return [(Action(type=kind), None, None)]
    return []


def _window_length(text: str, d: Any, m: Mentions) -> bool:
    """A count in brackets right after a window states its length ("5月23日至5月29日(共7天)"), not a stop."""
    return any(p.end_date and cue("window_length").fullmatch(text, p.end, d.start) and text[d.end : d.end + 1] == ")"
               for p in m.within("periods", max(0, d.start - 40), d.start))


def _cuts(text: str, a: int, b: int, m: Mentions, kept: Any) -> list[Measure]:
    """Ratios next to a measure verb; an alert level right before a ratio makes an alert table."""
    ratios = [r for r in m.within("ratios", a, b) if kept(r) and _cut_context(text, a, r)]
    if not ratios:
        return []
    alerts = [al for al in m.within("alerts", a, b) if kept(al)]
    out: list[Measure] = []
    for r in ratios:
        if r.value > 1.0:
            continue
        alert = next((al.level for al in reversed(alerts) if al.end <= r.start and r.start - al.end <= 8), None)
        out.append((Action(type="cut", ratio=r.value, bound=r.bound, basis=r.basis), None,
                    alert if len(ratios) > 1 or alert else None))
    return out


def _opened_window(text: str, a: int, b: int, m: Mentions, kept: Any, stop: regex.Pattern[str],
                   durs: list[Any]) -> Measure | None:
    """A window open at its end ("自2025年1月10日起") right before a stop word and one day count
    after it: one stop window from that start, carrying the count."""
    opens = [p for p in m.within("periods", a, b) if kept(p) and not p.is_deadline and p.start_date
             and not p.end_date]
    if not opens:
        return None
    p = opens[-1]
    after = [d for d in durs if d.start >= p.end]
    stop_after = stop.search(text, p.end, b)
    if len(after) != 1 or not stop_after or stop_after.start() - p.end > _WINDOW_GAP or stop_after.start() > after[0].start:
        return None
    return counted_window(p, Duration(value=after[0].value, unit=after[0].unit), after[0].bound)


def _cut_context(text: str, seg_start: int, r: Any) -> bool:
    """A ratio is a measure when a measure verb stands near it (before, or right after)."""
    v = vocab()
    before = text[max(seg_start, r.start - 30) : r.start]
    after = text[r.end : r.end + 6]
    if cue("not_a_cut").search(before[-12:] + after):
        return False
    return bool(v.cut_verbs.search(before) or v.cut_verbs.match(after) or getattr(r, "verb", None))


def continued_days(text: str, a: int, b: int, m: Mentions, hidden: list[Span]) -> tuple[list[Measure], str]:
    """A day count that continues a count before it ("…180天,其中一季度不少于60天,二季度…"), with
    the label of what it counts ("一季度"); nothing unless the segment holds exactly one count."""
    durs = [d for d in m.within("durations", a, b) if d.unit in ("day", "month")
            and not any(s <= d.start and d.end <= e for s, e in hidden)]
    if len(durs) != 1:
        return [], ""
    d = durs[0]
    label = _CONTINUED_LABEL.sub("", _DAYS_TAIL.sub("", text[a:b]))
    return [(Action(type="stop_days", duration=Duration(value=d.value, unit=d.unit), bound=d.bound), None, None)], label


def _only_places_and_windows(text: str, a: int, b: int, windows: list[Any]) -> bool:
    """A schedule line: nothing but (optionally) the places it is for and its windows
    ("乌鲁木齐市、昌吉州:2024年11月1日至2025年4月30日;2025年6月1日至6月30日", "辽宁、吉林每年自11月1日至次年3月底")."""
    from extract.recognize.regions import find_regions

    rest = cue("schedule_filler").sub("", without(text, a, b, [(p.start, p.end) for p in windows]))
    for r in sorted(find_regions(rest), key=lambda r: -r.start):
        rest = rest[: r.start] + rest[r.end :]
    return not HAN.search(ITEM_MARK.sub("", rest.strip()))


def lone_window(text: str, a: int, b: int, m: Mentions) -> Any:
    """The one dated window of a segment that states no measure ("所有熟料生产线2024年7月1日至
    7月16日,", or open: "自2024年6月1日起,"), else None: a day count right after it belongs to it."""
    windows = [p for p in m.within("periods", a, b) if not p.is_deadline and p.start_date]
    return windows[0] if len(windows) == 1 else None


def _period(p: Any) -> Period:
    return Period(start=p.start_date, end=p.end_date, recurring=p.recurring)


def window_measure(p: Any) -> Measure:
    """A stop window measure from a recognised period mention."""
    return (Action(type="stop_window", period=_period(p)), (p.start, p.end), None)


def counted_window(window: Any, duration: Duration | None, bound: str | None) -> Measure:
    """A window with the day count that follows it ("…7月5日-7月24日,共停产20天"): one stop window
    with both. A count well short of its window ("春节期间(1月1日-3月31日)停窑40天") is a quota to
    take within it: stop_days, and the window stays a period of the notice."""
    if duration is not None and is_quota(window.start_date, window.end_date, duration):
        return (Action(type="stop_days", duration=duration, bound=bound), None, None)
    return (Action(type="stop_window", duration=duration, bound=bound, period=_period(window)),
            (window.start, window.end), None)


def is_quota(start: str | None, end: str | None, duration: Duration) -> bool:
    """Whether ``duration`` is well short of the window ``start``–``end`` (ISO dates, or the
    season templates Y0-/Y1-): less than :data:`_QUOTA_SHARE` of its days."""
    days = length_days(start, end)
    if not days or duration.unit not in ("day", "month"):
        return False
    return duration.value * _days_per_unit()[duration.unit] < _QUOTA_SHARE * days


@cache
def _days_per_unit() -> dict[str, float]:
    """Days in a duration unit: the engine's own table (``engine.toml [days_per_unit]``)."""
    return {k: float(v) for k, v in datafiles.load("engine.toml")["days_per_unit"].items()}
