"""Answer "what must enterprise X do on date D?" from engine rules.

Each rule is checked dimension by dimension against the enterprise:
- industry: the rule's industry is the enterprise's, its parent group, or null (any);
- place: a rule limited to places (``rule_regions``) covers those; else a national notice
  covers every place unless it names target regions, and any other notice covers its
  jurisdiction and the regions it names inside it (others come from a text it quotes); a place covers its descendants in the gazetteer (a
  city question matches a rule for its province; a rule for 晋城市 never applies in 朔州市);
- grades, tier, process, heating, zone, policy_category, noncompliant: equal (grades: one of);
  ``alert_level`` matches an enterprise under that alert or a higher one (橙色及以上);
- date: inside the effective period (relative Y0/Y1 dates read in ``season`` when given, else
  in the season(s) the date may fall in); a rule with no period is left out unless
  ``include_undated``.

A condition the enterprise leaves unknown is never guessed: when the place, grade, tier,
process or heating (``engine.toml`` ``[ask]``) is missing and the rule would otherwise apply,
the decision lists it in ``needs`` with a caveat. A rule whose open criteria (``engine.criteria``)
cannot be checked is returned in ``conditional`` with a caveat "若「…」", never applied.
The rules that apply go through ``precedence.select`` (a more specific rule of the same notice
overrides a general one) and the strictest of the rest wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Literal

from extract.core import render
from extract.core import seasondates as dates
from extract.engine.models import Decision, EngineRule, Enterprise
from extract.engine.precedence import rank_on, select, strictness_key
from extract.engine.strictness import alert_index, settings
from extract.recognize.industries import canonical_industry, taxonomy
from extract.recognize.regions import ancestors, gazetteer

Fit = Literal["yes", "no", "unknown"]
_EQUAL_FIELDS = ("tier", "heating", "process", "zone", "policy_category", "noncompliant")
_UNKNOWN_IS_NO = ("zone", "policy_category", "noncompliant")  # unset = not in it / compliant


def query(
    rules: Iterable[EngineRule],
    enterprise: Enterprise,
    on: date,
    *,
    season: str | None = None,
    include_undated: bool = False,
) -> Decision:
    """The decision for ``enterprise`` on ``on``: the rules in force (strictest first), the
    winner, its measure, a one-line Chinese explanation with the evidence, and caveats."""
    first_year = dates.season_first_year(season) if season else None
    where = _Where.of(enterprise)
    industries = _industries(enterprise.industry)
    hits: list[EngineRule] = []
    conditional: list[EngineRule] = []
    needs: dict[str, list[EngineRule]] = {}
    for r in rules:
        if not (include_undated or r.period_start or r.period_end):
            continue
        fit, missing = check(r, enterprise, on, where=where, industries=industries, first_year=first_year)
        if fit == "no":
            continue
        if fit == "unknown":
            for name in missing:
                needs.setdefault(name, []).append(r)
        elif r.criteria_open:
            conditional.append(r)
        else:
            hits.append(r)
    kept, overridden = select(hits)
    kept.sort(key=lambda r: strictness_key(r, on, first_year), reverse=True)
    winner = kept[0] if kept else None
    measure = describe(winner, on, first_year)
    asked = settings().ask
    missing_words = [asked[n].split("（")[0] for n in asked if n in needs]
    return Decision(
        enterprise=enterprise,
        on=on.isoformat(),
        applicable=kept,
        overridden=overridden,
        winner=winner,
        measure=measure,
        explanation=_explain(enterprise, on, winner, measure, missing_words),
        evidence_text=winner.text if winner else None,
        evidence_span=winner.span if winner else None,
        conditional=sorted(conditional, key=lambda r: strictness_key(r, on, first_year), reverse=True),
        needs=[n for n in asked if n in needs],
        caveats=_caveats(winner, kept, conditional, needs, on, first_year),
    )


class _Where:
    """The enterprise's places with their ancestors, and its most specific place."""

    def __init__(self, places: frozenset[str], most_specific: str | None) -> None:
        self.places = places
        self.most_specific = most_specific

    @classmethod
    def of(cls, enterprise: Enterprise) -> _Where:
        g = gazetteer()
        given = [g.surface.get(p, p) for p in (enterprise.county, enterprise.city, enterprise.province) if p]
        out: set[str] = set()
        for name in given:
            out.update(ancestors(name))
        return cls(frozenset(out), given[0] if given else None)


def check(
    rule: EngineRule,
    enterprise: Enterprise,
    on: date,
    *,
    where: _Where | None = None,
    industries: frozenset[str] | None = None,
    first_year: int | None = None,
) -> tuple[Fit, list[str]]:
    """Whether ``rule`` applies to ``enterprise`` on ``on``: ("yes", []), ("no", []) or
    ("unknown", the ``[ask]`` names the enterprise leaves unset that the rule depends on).
    Criteria are not looked at here (see ``query``)."""
    industries = _industries(enterprise.industry) if industries is None else industries
    if rule.industry is not None and rule.industry not in industries:
        return "no", []
    if (rule.period_start or rule.period_end) and not dates.contains(
        rule.period_start, rule.period_end, on, first_year
    ):
        return "no", []
    if rule.alert_level is not None and alert_index(enterprise.alert_level) < alert_index(rule.alert_level):
        return "no", []
    missing: list[str] = []
    if rule.grades is not None:
        if enterprise.grade is None:
            missing.append("grades")
        elif enterprise.grade not in rule.grades:
            return "no", []
    for name in _EQUAL_FIELDS:
        wanted = getattr(rule, name)
        if wanted is None:
            continue
        have = getattr(enterprise, name)
        if have is None and name not in _UNKNOWN_IS_NO:
            missing.append(name)
        elif have != wanted:
            return "no", []
    place = covers(rule, where or _Where.of(enterprise))
    if place == "no":
        return "no", []
    if place == "unknown":
        missing.append("place")
    return ("unknown", missing) if missing else ("yes", [])


def rule_places(rule: EngineRule) -> set[str] | None:
    """The places a rule covers (with their descendants), or None for everywhere."""
    if rule.rule_regions:
        return set(rule.rule_regions)
    if rule.jurisdiction_level == "national" or rule.jurisdiction_name == "全国":
        return set(rule.regions) if rule.regions else None
    own = rule.jurisdiction_name
    # a local notice governs its own area: places outside it that it names come from a text it
    # quotes (a 山东 notice carrying the national list 北京、天津、河北、山西…)
    inside = {r for r in rule.regions if own is None or own in ancestors(r)}
    return {p for p in (own, *inside) if p is not None}




def covers(rule: EngineRule, where: _Where) -> Fit:
    """"yes" when the rule's places cover the enterprise's, "unknown" when they lie inside
    the enterprise's most specific place (or it gave none), else "no"."""
    targets = rule_places(rule)
    if targets is None or where.places & targets:
        return "yes"
    if not targets:
        return "no"
    if where.most_specific is None:
        return "unknown"
    inside = any(where.most_specific in ancestors(t)[1:] for t in targets)
    return "unknown" if inside else "no"


@cache
def _industries(industry: str) -> frozenset[str]:
    name = canonical_industry(industry) or industry
    entry = taxonomy().get(name)
    return frozenset({name, industry} | ({entry.parent} if entry and entry.parent else set()))


# --- wording ----------------------------------------------------------------------------


def describe(rule: EngineRule | None, on: date | None = None, first_year: int | None = None) -> str:
    """The rule's measure in Chinese (``core/render.py``): 停产, 停产不少于90天, 限产30%,
    按不低于橙色预警措施 …; a stop window that does not hold on ``on`` says so first."""
    if rule is None:
        return settings().labels["none"]
    text = render.measure(render.Measure(
        type=rule.action, ratio=rule.ratio, bound=rule.bound, duration_value=rule.duration_value,
        duration_unit=rule.duration_unit, alert_level=rule.action_alert_level,
        window_start=rule.window_start, window_end=rule.window_end,
    ))
    windowed = rule.action == "stop_window" and (rule.window_start or rule.window_end)
    if windowed and on is not None and rank_on(rule, on, first_year) != rule.rank:
        return f"本日不在停产时段，{text}"
    return text


def _ref(rule: EngineRule) -> str:
    ref = rule.doc_number or rule.title or rule.source
    if rule.plan_heading:
        ref = f"{ref} {rule.plan_heading}"
    clause = " ".join(rule.text.split())
    clause = clause if len(clause) <= 40 else clause[:40] + "…"
    return f"({ref} 「{clause}」)"


def _caveats(
    winner: EngineRule | None,
    kept: list[EngineRule],
    conditional: list[EngineRule],
    needs: dict[str, list[EngineRule]],
    on: date,
    first_year: int | None,
) -> list[str]:
    out = []
    for r in kept:
        for c in r.criteria_unless:
            out.append(f"例外「{c}」时不适用：{describe(r, on, first_year)} {_ref(r)}")
    for r in sorted(conditional, key=lambda r: strictness_key(r, on, first_year), reverse=True):
        out.append(f"若「{'；'.join(r.criteria_open)}」（未核实）：{describe(r, on, first_year)} {_ref(r)}")
    asked = settings().ask
    for name in asked:
        if name in needs:
            measures = "、".join(dict.fromkeys(describe(r, on, first_year) for r in needs[name]))
            out.append(f"未给出{asked[name]}：另有 {len(needs[name])} 条规则取决于它（{measures}）")
    return out


def _explain(
    enterprise: Enterprise, on: date, winner: EngineRule | None, measure: str, missing: list[str]
) -> str:
    who = [enterprise.industry]
    if enterprise.grade:
        who.append(
            enterprise.grade if enterprise.grade in ("引领性", "非引领性") else f"{enterprise.grade}级"
        )
    if enterprise.tier:
        who.append(f"{enterprise.tier}类")
    place = enterprise.county or enterprise.city or enterprise.province
    if place:
        who.append(place)
    head = f"{' '.join(who)} {on.isoformat()}: {measure}"
    if winner is not None:
        head = f"{head} {_ref(winner)}"
    if missing:
        head = f"{head}；需补充：{'、'.join(missing)}"
    return head
