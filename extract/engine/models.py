"""The rules-engine models: a flat, self-contained rule (``EngineRule``), the enterprise an
analyst asks about (``Enterprise``) and the answer (``Decision``). All strict."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, create_model, field_validator
from pydantic.fields import FieldInfo

from extract.core.models import (
    ActionType,
    AlertLevel,
    Bound,
    Grade,
    JurisdictionLevel,
    SeasonDate,
    Span,
    Strict,
    flat_condition_fields,
)

PeriodSource = Literal["rule", "phase", "industry", "notice", "none"]


class _Notice(Strict):
    """The fields of an :class:`EngineRule` before its condition: where it comes from, where and
    to what it applies."""

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
    # (here: rule_regions, the places the rule itself is limited to; empty = the notice's places)
    # what
    industry: str | None = None
    industry_parent: str | None = None
    scope_industries: list[str] = Field(default_factory=list)  # the notice's industries in scope


class _Measure(Strict):
    """The fields of an :class:`EngineRule` after its condition: what it imposes, when, evidence."""

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


#: Condition fields placed with the notice's fields rather than with the condition: the rule's
#: own places follow the notice's places (``regions``).
_PLACED_AFTER = {"rule_regions": "regions"}


def _definitions(model: type[Strict]) -> dict[str, tuple[Any, FieldInfo]]:
    return {name: (info.annotation, copy.deepcopy(info)) for name, info in model.model_fields.items()}


def engine_rule_fields() -> dict[str, tuple[Any, FieldInfo]]:
    """Every field of :class:`EngineRule` in export order: the notice's (:class:`_Notice`), the
    condition flattened (``core.models.flat_condition_fields``: a field added to
    :class:`~extract.core.models.Condition` appears here without a second declaration; None
    = any), then the measure's (:class:`_Measure`)."""
    condition = flat_condition_fields()
    out: dict[str, tuple[Any, FieldInfo]] = {}
    for name, definition in _definitions(_Notice).items():
        out[name] = definition
        out.update({c: condition[c] for c, after in _PLACED_AFTER.items() if after == name})
    out.update({name: d for name, d in condition.items() if name not in _PLACED_AFTER})
    out.update(_definitions(_Measure))
    return out


_DOC = "One schema rule with everything an engine needs to apply it without its notice."

if TYPE_CHECKING:

    class EngineRule(_Notice, _Measure):  # what the type checker sees of the model built below
        rule_regions: list[str]  # the type checker's view; the fields come from Condition

        def __getattr__(self, name: str) -> Any: ...  # the other condition fields

else:
    EngineRule = create_model("EngineRule", __base__=Strict, __doc__=_DOC, __module__=__name__,
                              **engine_rule_fields())


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
