"""Rules-engine export and enterprise queries.

``export_rules(notices)`` flattens every schema rule into a self-contained ``EngineRule``
(jurisdiction, regions, industry and parent, condition, action, strictness, effective period,
evidence); ``to_jsonl``/``from_jsonl``/``json_schema`` write and read them.
``query(rules, Enterprise(...), date)`` answers "what must this enterprise do on this date?":
the applicable rules and the strictest one, by the order of ``data/engine.toml``:

    stop > stop_window (inside its window) > stop_days (more days stricter)
    > follow_alert (red > orange > yellow) > cut (higher ratio stricter)
    > extend_coking (longer stricter) > stop_window outside its window
    > normal > voluntary > exempt
"""

from __future__ import annotations

from extract.engine.export import export_rules, from_jsonl, json_schema, load_rules, to_jsonl
from extract.engine.models import Decision, EngineRule, Enterprise
from extract.engine.query import applies, describe, query

__all__ = [
    "Decision",
    "EngineRule",
    "Enterprise",
    "applies",
    "describe",
    "export_rules",
    "from_jsonl",
    "json_schema",
    "load_rules",
    "query",
    "to_jsonl",
]
