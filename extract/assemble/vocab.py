"""The word lists and clause cues of rule assembly (``data/rules.toml``), compiled once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from extract.core import datafiles
from extract.core.errors import DataError

#: alert colour → level name
ALERT = {"黄": "yellow", "橙": "orange", "红": "red"}


@dataclass(frozen=True)
class Vocab:
    """The compiled word lists of ``[actions]``, ``[conditions]`` and ``[skip]``."""

    exempt: regex.Pattern[str]
    voluntary: regex.Pattern[str]
    normal: regex.Pattern[str]
    stop: regex.Pattern[str]
    cut_verbs: regex.Pattern[str]
    stop_days_verbs: regex.Pattern[str]
    coking: regex.Pattern[str]
    follow_alert: regex.Pattern[str]
    cut_unquantified: regex.Pattern[str]
    stop_with_subject: regex.Pattern[str]
    heating_true: regex.Pattern[str]
    heating_false: regex.Pattern[str]
    interruptible: regex.Pattern[str]
    continuous: regex.Pattern[str]
    policy: regex.Pattern[str]
    noncompliant: regex.Pattern[str]
    zone: list[tuple[regex.Pattern[str], regex.Pattern[str]]]  # (words it needs, the zone pattern)
    skip: regex.Pattern[str]
    non_industrial: regex.Pattern[str]
    enterprises: regex.Pattern[str]
    negation: regex.Pattern[str]
    explanatory: regex.Pattern[str]
    kiln_stop: regex.Pattern[str]
    kiln_window_lead: regex.Pattern[str]
    kiln_industries: frozenset[str]
    action_industry: dict[str, str]

    def kiln_or_stop(self, kiln: bool) -> regex.Pattern[str]:
        """The stop words of a clause: for cement lines, 错峰生产 stops the kiln too."""
        return _kiln_stop_pattern(self.stop.pattern, self.kiln_stop.pattern) if kiln else self.stop


def _alt(words: list[str]) -> regex.Pattern[str]:
    return regex.compile("|".join(f"(?:{w})" for w in sorted(words, key=len, reverse=True)))


@cache
def vocab() -> Vocab:
    """The word lists of ``data/rules.toml``, compiled once."""
    d = datafiles.load("rules.toml")
    a, c, s = d["actions"], d["conditions"], d["skip"]
    return Vocab(
        exempt=_alt(a["exempt"]), voluntary=_alt(a["voluntary"]), normal=_alt(a["normal"]),
        stop=_alt(a["stop"]), cut_verbs=_alt(a["cut_verbs"]), stop_days_verbs=_alt(a["stop_days_verbs"]),
        coking=regex.compile(a["coking"]), follow_alert=regex.compile(a["follow_alert"]),
        cut_unquantified=regex.compile(a["cut_unquantified"]),
        stop_with_subject=regex.compile(a["stop_with_subject"]),
        heating_true=regex.compile(c["heating_true"]), heating_false=regex.compile(c["heating_false"]),
        interruptible=regex.compile(c["interruptible"]), continuous=regex.compile(c["continuous"]),
        policy=regex.compile(c["policy"]), noncompliant=_alt(c["noncompliant"]),
        zone=_zones(c["zone"], c["zone_requires"]),
        skip=_alt(s["duty"] + s["penalty"] + s["optional"] + s["narrative"]),
        non_industrial=_alt(s["non_industrial"]),
        enterprises=_alt(s["enterprises"]),
        negation=_alt(s["negation"]),
        explanatory=regex.compile(s["explanatory_paren"]),
        kiln_stop=_alt(a["kiln_stop"]),
        kiln_window_lead=regex.compile(a["kiln_window_lead"]),
        kiln_industries=frozenset(a["kiln_industries"]),
        action_industry=dict(a["action_industry"]),
    )


def _zones(zones: list[str], requires: list[str]) -> list[tuple[regex.Pattern[str], regex.Pattern[str]]]:
    if len(zones) != len(requires):
        raise DataError(f"rules.toml: conditions.zone_requires has {len(requires)} entries for {len(zones)} zone patterns")
    return [(regex.compile(r), regex.compile(z)) for z, r in zip(zones, requires, strict=True)]


@cache
def _kiln_stop_pattern(stop: str, kiln: str) -> regex.Pattern[str]:
    return regex.compile(f"{kiln}|{stop}")


@cache
def _cues() -> dict[str, regex.Pattern[str]]:
    return {k: regex.compile(v) for k, v in datafiles.load("rules.toml")["cues"].items()}


def cue(name: str) -> regex.Pattern[str]:
    """The clause cue ``name`` of ``[cues]`` in ``data/rules.toml``, compiled once."""
    return _cues()[name]
