"""The rules-engine models: a flat, self-contained rule (``EngineRule``), the enterprise an
analyst asks about (``Enterprise``) and the answer (``Decision``). All strict."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from extract.core.models import (
    ActionType,
    AlertLevel,
    Bound,
    Condition,
    Grade,
    JurisdictionLevel,
    SeasonDate,
    Span,
    Strict,
    flat_condition,
)

PeriodSource = Literal["rule", "phase", "industry", "notice", "none"]


class EngineRule(Strict):
    """One schema rule with everything an engine needs to apply it without its notice."""

    rule_id: str
    # source
    doc_id: str
    source: str
    doc_number: str | None = None
    title: str | None = None
    issue_date: str | None = None
    season: str | None = None
    plan_index: int | None = None  # the plan of a compilation the rule stands in
    plan_heading: str | None = None
    # where
    jurisdiction_level: JurisdictionLevel | None = None
    jurisdiction_name: str | None = None
    regions: list[str] = Field(default_factory=list)  # places the notice names as its targets
    # places the rule itself is limited to (condition.regions); empty = the notice's places
    rule_regions: list[str] = Field(default_factory=list)
    # what
    industry: str | None = None
    industry_parent: str | None = None
    scope_industries: list[str] = Field(default_factory=list)  # the notice's industries in scope
    # condition (None = any)
    grades: list[Grade] | None = None
    tier: str | None = None
    alert_level: AlertLevel | None = None
    heating: bool | None = None
    process: Literal["interruptible", "continuous"] | None = None
    zone: str | None = None
    policy_category: Literal["限制类", "鼓励类", "淘汰类"] | None = None
    noncompliant: bool | None = None
    criteria: list[str] = Field(default_factory=list)  # all criteria as written
    # criteria the engine cannot check (engine.criteria): the rule applies only if they hold,
    # so a query returns it as a caveat ("若「…」"), never as the decision
    criteria_open: list[str] = Field(default_factory=list)
    # exceptions (除符合…的): the rule applies, with a caveat
    criteria_unless: list[str] = Field(default_factory=list)
    # action
    action: ActionType
    ratio: float | None = Field(default=None, ge=0.0, le=1.0)
    bound: Bound | None = None
    basis: str | None = None
    duration_value: float | None = None
    duration_unit: Literal["day", "month", "hour"] | None = None
    action_alert_level: AlertLevel | None = None
    window_start: SeasonDate | None = None  # stop_window's window (resolved like the period)
    window_end: SeasonDate | None = None
    # strictness (engine.toml): higher rank is stricter; magnitude orders rules of one rank
    rank: int
    magnitude: float = 0.0
    # when (resolved against the season when there is one; Y0/Y1 kept otherwise)
    period_start: SeasonDate | None = None
    period_end: SeasonDate | None = None
    period_label: str | None = None
    period_recurring: bool = False
    period_relative: bool = False
    period_source: PeriodSource = "none"
    # evidence
    text: str = ""
    span: Span | None = None


def _missing_condition_fields() -> list[str]:
    return [name for name in flat_condition(Condition()) if name not in EngineRule.model_fields]


if _missing_condition_fields():  # a field added to Condition must be declared above too
    raise TypeError(f"EngineRule lacks the Condition fields {_missing_condition_fields()}")


class Enterprise(Strict):
    """The enterprise asked about; a field left None is unknown."""

    industry: str
    grade: Grade | None = None
    tier: str | None = None
    city: str | None = None
    county: str | None = None
    province: str | None = None
    heating: bool | None = None
    process: Literal["interruptible", "continuous"] | None = None
    zone: str | None = None
    policy_category: Literal["限制类", "鼓励类", "淘汰类"] | None = None
    noncompliant: bool | None = None
    alert_level: AlertLevel | None = None

    @field_validator("grade", mode="before")
    @classmethod
    def _canonical_grade(cls, value: object) -> object:
        from extract.engine.strictness import settings

        if isinstance(value, str):
            word = value.strip().removesuffix("级").upper()
            return settings().grade_aliases.get(word, word)
        return value

    @field_validator("tier", mode="before")
    @classmethod
    def _canonical_tier(cls, value: object) -> object:
        from extract.engine.strictness import settings

        if isinstance(value, str):
            word = value.strip().removesuffix("类")
            return settings().tier_aliases.get(word, word.upper())
        return value


class Decision(Strict):
    """What the enterprise must do on the date (``engine.toml``: specificity inside a notice,
    then strictness across notices), with everything that could change the answer."""

    enterprise: Enterprise
    on: str
    applicable: list[EngineRule] = Field(default_factory=list)  # in force, strictest first
    overridden: list[EngineRule] = Field(default_factory=list)  # applicable, but a more specific rule wins
    winner: EngineRule | None = None
    measure: str  # the winner's measure in Chinese (限产30%, 停产不少于90天, 无适用规则)
    explanation: str  # one line: 钢铁 B级 唐山市 2021-12-01: 限产30% (文号 「clause」)
    evidence_text: str | None = None
    evidence_span: Span | None = None
    conditional: list[EngineRule] = Field(default_factory=list)  # would apply if their open criteria hold
    needs: list[str] = Field(default_factory=list)  # what the question lacks (place, grades, tier …)
    caveats: list[str] = Field(default_factory=list)  # one line each: conditions, exceptions, needs
