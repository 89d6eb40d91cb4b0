"""Every clause cue of ``data/rules.toml`` on its examples and counter-examples."""

from __future__ import annotations

import pytest

from extract.assemble.vocab import cue
from extract.core import datafiles

_DATA = datafiles.load("rules.toml")
_EXAMPLES: dict[str, dict[str, list[str]]] = _DATA["cue_examples"]
#: cues the reader applies at a clause's start (``match``) or to a whole segment (``fullmatch``)
_AT_START = {"group_subset", "window_count", "topic_after", "company_led", "inline_heading", "subject_clause"}
_WHOLE = {"kiln_stop_only", "phase_label"}


def _finds(name: str, text: str) -> bool:
    pattern = cue(name)
    if name in _WHOLE:
        return pattern.fullmatch(text) is not None
    if name in _AT_START:
        return pattern.match(text) is not None
    return pattern.search(text) is not None


def test_every_cue_has_examples_and_counter_examples() -> None:
    for name in _DATA["cues"]:
        assert _EXAMPLES.get(name, {}).get("match"), f"{name}: no example"
        assert _EXAMPLES[name].get("no_match"), f"{name}: no counter-example"


@pytest.mark.parametrize(("name", "text"), [(n, t) for n, e in _EXAMPLES.items() for t in e["match"]])
def test_cue_finds_its_examples(name: str, text: str) -> None:
    assert _finds(name, text)


@pytest.mark.parametrize(("name", "text"), [(n, t) for n, e in _EXAMPLES.items() for t in e["no_match"]])
def test_cue_ignores_its_counter_examples(name: str, text: str) -> None:
    assert not _finds(name, text)
