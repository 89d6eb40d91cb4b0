"""The notice schema (version 1.1): the single definition of ``../shared/SCHEMA.md``.

Every model is strict (unknown fields are rejected) and round-trips through JSON.
Gold files use the same models; any list item may carry ``optional: true``, which is
omitted from the JSON when false so extractor output stays in the documented shape.
"""

from __future__ import annotations

import copy
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_serializer
from pydantic.fields import FieldInfo

SCHEMA_VERSION: Literal["1"] = "1"

#: ``YYYY-MM-DD``, or ``Y0-MM-DD`` / ``Y1-MM-DD`` relative to the season's first year.
SeasonDate = Annotated[str, StringConstraints(pattern=r"^(\d{4}|Y\d)-\d{2}-\d{2}$")]
IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
Span = tuple[int, int]

Grade = Literal["A", "B", "B-", "C", "D", "引领性", "非引领性"]
AlertLevel = Literal["yellow", "orange", "red"]
Bound = Literal["min", "max"]
ActionType = Literal[
    "exempt", "voluntary", "normal", "cut", "stop", "stop_days", "stop_window",
    "extend_coking", "follow_alert",
]
JurisdictionLevel = Literal["national", "province", "city", "county", "district"]
DuplicateKind = Literal["paragraph", "plan", "document"]


class Strict(BaseModel):
    """Base for every schema model: unknown fields are an error."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Item(Strict):
    """A list item of the notice; ``optional`` is only meaningful in gold files."""

    optional: bool = False

    @model_serializer(mode="wrap")
    def _drop_optional_when_false(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        if isinstance(data, dict) and not data.get("optional"):
            data.pop("optional", None)
        return data


class Jurisdiction(Strict):
    level: JurisdictionLevel | None = None
    name: str | None = None


class Period(Item):
    start: SeasonDate | None = None
    end: SeasonDate | None = None
    label: str | None = None
    recurring: bool = False
    industries: list[str] = Field(default_factory=list)
    regions: list[str] = Field(default_factory=list)
    span: Span | None = None


class Industry(Item):
    name: str
    parent: str | None = None
    excludes: list[str] = Field(default_factory=list)
    #: v1.1: false for a name the taxonomy does not hold, recorded as written (石材加工).
    known: bool = True
    span: Span | None = None


class Region(Item):
    name: str
    level: str | None = None
    span: Span | None = None


class EmissionLimit(Item):
    pollutant: str
    value: float
    unit: str = "mg/m3"
    o2_ref_pct: float | None = None
    industry: str | None = None
    tier: str | None = None
    span: Span | None = None


class Duration(Strict):
    value: float
    unit: Literal["day", "month", "hour"]


class Condition(Strict):
    grades: list[Grade] | None = None
    tier: str | None = None
    alert_level: AlertLevel | None = None
    heating: bool | None = None
    process: Literal["interruptible", "continuous"] | None = None
    zone: str | None = None
    #: v1.1: canonical names of the places the rule is limited to; None = the whole jurisdiction.
    regions: list[str] | None = None
    policy_category: Literal["限制类", "鼓励类", "淘汰类"] | None = None
    noncompliant: bool | None = None
    criteria: list[str] = Field(default_factory=list)


#: Condition fields renamed when flattened next to a notice's own fields (``regions`` there
#: are the notice's places).
FLAT_CONDITION_NAMES: dict[str, str] = {"regions": "rule_regions"}


def flat_condition(c: Condition) -> dict[str, Any]:
    """Every field of ``c`` as flat keyword arguments (the rules engine's ``EngineRule``): lists
    copied, no grades → None, the rule's places sorted without repeats as ``rule_regions``."""
    out: dict[str, Any] = {}
    for name in Condition.model_fields:
        value = getattr(c, name)
        if name == "grades":
            value = list(value) if value else None
        elif name == "regions":
            value = sorted(set(value or []))
        elif isinstance(value, list):
            value = list(value)
        out[FLAT_CONDITION_NAMES.get(name, name)] = value
    return out


def flat_condition_fields() -> dict[str, tuple[Any, FieldInfo]]:
    """The keys of :func:`flat_condition` as pydantic field definitions (``create_model``), in
    :class:`Condition`'s order: each field's type and default under its flat name, except the
    rule's places (``rule_regions``), a list that is never None (empty: the notice's places)."""
    out: dict[str, tuple[Any, FieldInfo]] = {}
    for name, info in Condition.model_fields.items():
        if name == "regions":
            out[FLAT_CONDITION_NAMES[name]] = (list[str], FieldInfo(default_factory=list))
        else:
            out[FLAT_CONDITION_NAMES.get(name, name)] = (info.annotation, copy.deepcopy(info))
    return out


class Action(Strict):
    type: ActionType
    ratio: float | None = Field(default=None, ge=0.0, le=1.0)
    bound: Bound | None = None
    basis: str | None = None
    duration: Duration | None = None
    alert_level: AlertLevel | None = None
    period: Period | None = None


class Rule(Item):
    industry: str | None = None
    condition: Condition = Field(default_factory=Condition)
    action: Action
    period: Period | None = None
    text: str = ""
    span: Span | None = None


class Reference(Item):
    title: str | None = None
    doc_number: str | None = None
    span: Span | None = None


class Plan(Item):
    index: int = Field(ge=1)
    heading: str | None = None
    span: Span | None = None
    duplicate_of: int | None = None


class DuplicateGroup(Item):
    kind: DuplicateKind
    spans: list[Span] = Field(min_length=2)
    similarity: float | None = None


class Warning(Item):
    code: str
    message: str = ""
    span: Span | None = None


class Notice(Strict):
    """One extracted (or hand-labelled) notice."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    doc_id: str = ""
    source: str = ""
    title: str | None = None
    doc_number: str | None = None
    issuers: list[str] = Field(default_factory=list)
    issue_date: IsoDate | None = None
    jurisdiction: Jurisdiction = Field(default_factory=Jurisdiction)
    season: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{4}$")] | None = None
    periods: list[Period] = Field(default_factory=list)
    industries: list[Industry] = Field(default_factory=list)
    regions: list[Region] = Field(default_factory=list)
    emission_limits: list[EmissionLimit] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    plans: list[Plan] = Field(default_factory=list)
    duplicates: list[DuplicateGroup] = Field(default_factory=list)
    warnings: list[Warning] = Field(default_factory=list)
