"""Distribution: a subject and a measure → one rule draft per industry (and alternative).

"钢铁、焦化企业限产50%" gives one rule per industry; grades and industries named apart are
separate alternatives ("A级和引领性的企业…以及焦化、水泥企业" → a grade rule and one rule per
industry), while an industry written with its grades ("A、B级化肥生产企业") keeps them. The
clause's own words beat the context: 焦炉 under a 钢铁行业 heading is coking's.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from extract.assemble.clauses import Span
from extract.assemble.conditions import Cond
from extract.assemble.vocab import vocab
from extract.core.models import Action, Condition


@dataclass
class RuleDraft:
    """A rule before its text, span and period are attached."""

    industry: str | None
    condition: Condition
    action: Action
    start: int  # clause span in normalised text
    end: int
    window: Span | None = None  # span of a stop_window period (not a top-level period)


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


def drafts_for(cond: Cond, action: Action, window: Span | None, ctx: BlockContext,
               start: int, end: int) -> list[RuleDraft]:
    """The rule drafts of one subject (``cond``, with the context ``ctx``) and one measure,
    stated by the clause ``[start, end)``."""
    if (cond.grades and cond.industries and cond.at.grade_end is not None and start <= cond.at.grade_end <= end
            and not cond.at.paired() and cond.at.industries_within(start, end) and not cond.topic):
        return (drafts_for(cond.without_industries(units=False), action, window, ctx, start, end)
                + drafts_for(cond.without_grades(), action, window, ctx, start, end))
    industries: list[str] | list[None] = cond.industries or cond.units or ctx.industries or [None]
    if set(cond.by_unit) & set(ctx.industries):  # "钢铁行业:烧结机、竖炉、石灰窑限产50%": one plant's units
        industries = [i for i in cond.industries if i not in cond.by_unit or i in ctx.industries]
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


def with_alert(cond: Cond, alert: str | None) -> Cond:
    """The subject of a row of an alert table: its alert level on top."""
    return cond if alert is None else replace(cond, alert=alert)
