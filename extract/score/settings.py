"""Settings of the scorer, read from ``data/score.toml`` and validated once."""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from extract.core import datafiles
from extract.core.models import ActionType

ValueKind = Literal["ratio", "duration", "alert_level", "window"]


class ScoreSettings(BaseModel):
    """What the scorer needs beyond the schema: rounding, overlap threshold, action values."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    decimals: int = Field(default=4, ge=0, le=12)
    iou_threshold: float = Field(default=0.5, gt=0.0, le=1.0)
    action_value: dict[ActionType, ValueKind] = Field(default_factory=dict)


def settings_from_toml(text: str) -> ScoreSettings:
    """Parse and validate the TOML text of ``score.toml`` (raises on unknown or bad values)."""
    data = datafiles.parse("score.toml", text)
    return datafiles.validated("score.toml", ScoreSettings, {
        "decimals": data["numbers"]["decimals"],
        "iou_threshold": data["duplicates"]["iou_threshold"],
        "action_value": data["rules"]["action_value"],
    })


@cache
def default_settings() -> ScoreSettings:
    """The settings in the package's ``data/score.toml`` (frozen; read on first use)."""
    return settings_from_toml(datafiles.read_text("score.toml"))
