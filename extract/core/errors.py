"""Errors and warning codes, in one place (as spaCy's ``errors.py``)."""

from __future__ import annotations

from pathlib import Path


class CuofengError(Exception):
    """Base class of every error this package raises on purpose."""


class IngestError(CuofengError):
    """A file could not be read as a notice; ``str(err)`` is one line naming the file and why."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class DataError(CuofengError, ValueError):
    """A data file of ``extract/data/`` is malformed: ``str(err)`` names the file, the entry and
    the problem (``rules.toml: actions.coking: bad pattern: missing ) at position 9``)."""

    def __init__(self, file: str, entry: str = "", problem: str = "") -> None:
        self.file, self.entry, self.problem = file, entry, problem
        # one argument: an older caller's preformatted message (``"dates.toml: [year].min …"``)
        super().__init__(f"{file}: {entry}: {problem}" if entry or problem else file)


class GoldError(CuofengError):
    """A gold file is malformed (it does not validate against the notice models)."""


#: Stable warning codes written to ``Notice.warnings[].code`` with what each means.
WARNING_CODES: dict[str, str] = {
    "period_year_mismatch": "a period's years disagree with the season or with its own phases",
    "period_end_before_start": "a period ends before it starts",
    "phase_outside_period": "a phase lies outside the overall period",
    "ratio_out_of_range": "a ratio is not between 0 and 100%",
    "template_year": "the notice writes template years (20xx); dates are relative (Y0/Y1)",
    "rule_without_measure": "a condition (grade, tier) is named with no measure attached",
    "conflicting_rules": "the same condition gets different measures in one notice",
    "season_unknown": "no season could be read; month-day dates are relative (Y0/Y1)",
}
