"""Rules-engine export and enterprise queries.

``export_rules(notices)`` flattens every schema rule into a self-contained ``EngineRule``
(jurisdiction, places, industry and parent, condition, criteria, action, strictness,
effective period, evidence); ``to_jsonl``/``from_jsonl``/``json_schema`` write and read them,
``tables`` writes CSV/XLSX/JSONL rows for analysts and ``jdm`` a GoRules decision graph that
zen-engine evaluates.
``query(rules, Enterprise(...), date)`` answers "what must this enterprise do on this date?":
inside one notice a rule for a more specific condition overrides a general one, then the
strictest rule wins (``data/engine.toml``):

    stop > stop_window (inside its window) > stop_days (more days stricter)
    > follow_alert (red > orange > yellow) > cut (higher ratio stricter)
    > extend_coking (longer stricter) > stop_window outside its window
    > normal > voluntary > exempt

Rules resting on criteria the engine cannot check come back as caveats; what the question
lacks (place, grade, tier, process, heating) comes back in ``needs``.
"""

from __future__ import annotations

from extract.engine.export import export_rules, from_jsonl, json_schema, load_notices, load_rules, to_jsonl
from extract.engine.inputs import EngineInputError, make_enterprise, parse_date
from extract.engine.models import Decision, EngineRule, Enterprise
from extract.engine.query import check, describe, query

__all__ = [
    "Decision",
    "EngineInputError",
    "EngineRule",
    "Enterprise",
    "check",
    "describe",
    "export_rules",
    "from_jsonl",
    "json_schema",
    "load_notices",
    "load_rules",
    "make_enterprise",
    "parse_date",
    "query",
    "to_jsonl",
]
