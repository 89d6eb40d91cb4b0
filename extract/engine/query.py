"""Answer "what must enterprise X do on date D?" from engine rules; the stricter rule wins.

A rule applies when
- every condition field it states matches the enterprise (an unstated field means any; an
  enterprise field left None matches no rule that states it, so a rule requiring grades does
  not apply to an enterprise of unknown grade). ``alert_level`` matches an enterprise under
  that alert or a higher one (橙色及以上); ``criteria`` are not checked but reported as caveats;
- its industry is the enterprise's industry, that industry's parent group, or null;
- the date lies in its effective period (relative Y0/Y1 periods compare month and day within
  the season); a rule with no period at all is left out unless ``include_undated``;
- its place covers the enterprise's: a national notice covers every place unless it names
  target regions, then it covers those; any other notice covers its jurisdiction and the
  regions it names (a notice of unknown jurisdiction only its regions); a place covers its
  descendants in the gazetteer;
- it is not qualified by criteria alone (``criteria_only``: 停产方式…无法整体停产的, whether it
  applies cannot be checked) unless ``include_unverified``.

The winner is the strictest applicable rule by (rank on the date, magnitude) — see
``strictness`` — then the more specific one, then a fixed order of the rules' content, so the
decision does not depend on the order of the rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from extract.engine import dates
from extract.engine.models import Decision, EngineRule, Enterprise
from extract.engine.strictness import OUTSIDE_WINDOW, alert_index, rank, settings
from extract.recognize.industries import canonical_industry, taxonomy
from extract.recognize.regions import gazetteer

_CONDITION_FIELDS = ("tier", "heating", "process", "zone", "policy_category", "noncompliant")


def query(
    rules: Iterable[EngineRule],
    enterprise: Enterprise,
    on: date,
    *,
    include_undated: bool = False,
    include_unverified: bool = False,
) -> Decision:
    """The decision for ``enterprise`` on ``on``: applicable rules (strictest first), the
    winner, its measure and a one-line Chinese explanation with the evidence."""
    places = enterprise_places(enterprise)
    industries = _industries(enterprise.industry)
    hits = [
        r
        for r in rules
        if (include_unverified or not r.criteria_only)
        and (include_undated or r.period_start or r.period_end)
        and applies(r, enterprise, on, places=places, industries=industries)
    ]
    hits.sort(key=lambda r: strictness_key(r, on), reverse=True)
    winner = hits[0] if hits else None
    measure = describe(winner, on)
    return Decision(
        enterprise=enterprise,
        on=on.isoformat(),
        applicable=hits,
        winner=winner,
        measure=measure,
        explanation=_explain(enterprise, on, winner, measure),
        evidence_text=winner.text if winner else None,
        evidence_span=winner.span if winner else None,
        caveats=list(winner.criteria) if winner else [],
    )


def applies(
    rule: EngineRule,
    enterprise: Enterprise,
    on: date,
    *,
    places: frozenset[str] | None = None,
    industries: frozenset[str] | None = None,
) -> bool:
    """Whether ``rule`` applies to ``enterprise`` on ``on``: condition, industry, period and
    place (an undated rule passes the date test; ``query`` filters those)."""
    if industries is None:
        industries = _industries(enterprise.industry)
    if rule.industry is not None and rule.industry not in industries:
        return False
    if rule.grades is not None and enterprise.grade not in rule.grades:
        return False
    for name in _CONDITION_FIELDS:
        wanted = getattr(rule, name)
        if wanted is not None and getattr(enterprise, name) != wanted:
            return False
    if rule.alert_level is not None and alert_index(enterprise.alert_level) < alert_index(rule.alert_level):
        return False
    if (rule.period_start or rule.period_end) and not dates.contains(rule.period_start, rule.period_end, on):
        return False
    return covers(rule, enterprise_places(enterprise) if places is None else places)


def covers(rule: EngineRule, places: frozenset[str]) -> bool:
    """Whether the rule's jurisdiction/regions cover any of ``places`` (with ancestors)."""
    if rule.jurisdiction_level == "national" or rule.jurisdiction_name == "全国":
        return not rule.regions or bool(places & set(rule.regions))
    targets = {rule.jurisdiction_name, *rule.regions} - {None}
    return bool(places & targets)


def enterprise_places(enterprise: Enterprise) -> frozenset[str]:
    """The enterprise's places, canonical (唐山 → 唐山市), with all their gazetteer ancestors."""
    g = gazetteer()
    out: set[str] = set()
    for written in (enterprise.county, enterprise.city, enterprise.province):
        name = g.surface.get(written, written) if written else None
        while name and name not in out:
            out.add(name)
            place = g.places.get(name)
            name = place.parent if place else None
    return frozenset(out)


def _industries(industry: str) -> frozenset[str]:
    name = canonical_industry(industry) or industry
    entry = taxonomy().get(name)
    return frozenset({name, industry} | ({entry.parent} if entry and entry.parent else set()))


def rank_on(rule: EngineRule, on: date) -> int:
    """The rule's rank on ``on``: a stop_window outside its window ranks below any cut."""
    windowed = rule.action == "stop_window" and (rule.window_start or rule.window_end)
    if windowed and not dates.contains(rule.window_start, rule.window_end, on):
        return rank(OUTSIDE_WINDOW)
    return rule.rank


def _specificity(rule: EngineRule) -> int:
    stated = sum(getattr(rule, f) is not None for f in (*_CONDITION_FIELDS, "grades", "alert_level"))
    return stated + (2 if rule.industry and rule.industry != rule.industry_parent else 0)


def strictness_key(rule: EngineRule, on: date) -> tuple[int, float, int, str]:
    """Total order of rules on ``on``: rank, magnitude, specificity, then content."""
    return (rank_on(rule, on), rule.magnitude, _specificity(rule), rule.model_dump_json())


# --- wording ----------------------------------------------------------------------------


def _number(value: float) -> str:
    return f"{value:g}"


def describe(rule: EngineRule | None, on: date | None = None) -> str:
    """The rule's measure in Chinese: 停产, 停产不少于90天, 限产30%, 按不低于橙色预警措施 …"""
    s = settings()
    if rule is None:
        return s.labels["none"]
    bound = s.bound_labels.get(rule.bound or "", "")
    label = s.labels[rule.action]
    if rule.action == "stop_days" and rule.duration_value is not None and rule.duration_unit:
        return f"{label}{bound}{_number(rule.duration_value)}{s.unit_labels[rule.duration_unit]}"
    if rule.action == "stop_window" and (rule.window_start or rule.window_end):
        window = f"{label}（{rule.window_start or ''}至{rule.window_end or ''}）"
        if on is not None and rank_on(rule, on) != rule.rank:
            return f"本日不在停产时段，{window}"
        return window
    if rule.action == "follow_alert":
        alert = s.alert_labels.get(rule.action_alert_level or "", "")
        bound = "不低于" if rule.bound == "min" else bound
        return label.format(alert=f"{bound}{alert}")
    if rule.action == "cut":
        ratio = f"{_number(round(rule.ratio * 100, 6))}%" if rule.ratio is not None else ""
        prefix = "不低于" if rule.bound == "min" else ("不超过" if rule.bound == "max" else "")
        return label.format(ratio=prefix + ratio)
    if rule.action == "extend_coking":
        hours = _number(rule.magnitude) if rule.magnitude else "?"
        return label.format(hours=hours)
    return label


def _explain(enterprise: Enterprise, on: date, winner: EngineRule | None, measure: str) -> str:
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
    if winner is None:
        return head
    ref = winner.doc_number or winner.title or winner.source
    clause = " ".join(winner.text.split())
    clause = clause if len(clause) <= 40 else clause[:40] + "…"
    return f"{head} ({ref} 「{clause}」)"
