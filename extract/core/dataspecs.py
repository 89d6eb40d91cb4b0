"""What each data file of ``extract/data/`` must hold, checked by :func:`extract.core.datafiles.load`.

A spec maps an entry's dotted path to its kind. ``a.b`` is key ``b`` of table ``a``; ``a[]``
is every item of the array ``a`` (``marker[].pattern``: the pattern of every marker). Kinds:

- ``pattern``: a string that compiles as a regular expression (``regex``; compiled by the tests
  and where it is used, not on load: see :mod:`extract.core.datafiles`);
- ``patterns``: a non-empty array of such strings;
- ``words``: a non-empty array of non-empty strings;
- ``str``, ``int``, ``number`` (int or float), ``bool``, ``table``, ``array``.

A file is checked once, on its first load; an entry not named here is not checked (the module
reading it may check more).
"""

from __future__ import annotations

from typing import Literal

Kind = Literal["pattern", "patterns", "words", "str", "int", "number", "bool", "table", "array"]

SPECS: dict[str, dict[str, Kind]] = {
    "rules.toml": {
        **{f"actions.{k}": "patterns" for k in (
            "exempt", "voluntary", "normal", "stop", "cut_verbs", "stop_days_verbs", "kiln_stop")},
        **{f"actions.{k}": "pattern" for k in ("coking", "follow_alert", "cut_unquantified", "stop_with_subject", "kiln_window_lead")},
        "actions.kiln_industries": "words",
        "actions.action_industry": "table",
        **{f"conditions.{k}": "pattern" for k in (
            "heating_true", "heating_false", "interruptible", "continuous", "policy")},
        "conditions.noncompliant": "patterns",
        "conditions.zone": "patterns",
        "conditions.zone_requires": "patterns",
        **{f"skip.{k}": "patterns" for k in (
            "duty", "penalty", "optional", "narrative", "non_industrial", "enterprises", "negation")},
        "skip.explanatory_paren": "pattern",
        **{f"cues.{k}": "pattern" for k in (
            "criterion", "baseline", "not_a_cut", "list_lead", "others", "kiln_stop_only", "schedule_filler",
            "window_count", "topic_after", "counted", "except", "including", "own_subject", "subject_clause",
            "company_led", "inline_heading", "narrowed", "follow_alert_measure", "follow_alert_verb",
            "alert_started", "alert_list_class", "window_length", "schedule_announce", "realisation", "other_places", "every", "in_phases", "phase_label", "group_subset")},
        "examples[].text": "str",
        "examples[].action": "str",
        "counter_examples[].text": "str",
        "cue_examples": "table",
    },
    "scope.toml": {"scope_cues": "patterns", "measure_section_cues": "patterns"},
    "outline.toml": {"marker[].name": "str", "marker[].level": "int", "marker[].pattern": "pattern"},
    "normalize.toml": {
        "char_map": "table", "delete[].name": "str", "delete[].pattern": "pattern",
        "replace[].name": "str", "replace[].pattern": "pattern", "replace[].with": "str",
        "line_join.min_prev_len": "int", "line_join.lead_words": "words", "line_join.final_chars": "str",
        "page_furniture.words": "words", "page_furniture.patterns": "patterns",
        "page_furniture.examples": "words", "page_furniture.counter_examples": "words",
    },
    "references.toml": {
        "doc_number.pattern": "pattern", "doc_number.leading_words": "words", "reference.self_words": "words",
    },
    "engine.toml": {
        "order": "words", "alert_order": "words", "days_per_unit": "table", "hours_per_unit": "table",
        "grade_aliases": "table", "tier_aliases": "table", "criteria.filler": "pattern",
    },
    "dates.toml": {
        "year.template": "words", "year.next_year": "words", "year.same_year": "words",
        "year.min": "int", "year.max": "int", "numbers.cn_digits": "table", "month_range.pattern": "pattern",
    },
    "dedup.toml": {
        "shingles.k": "int", "shingles.num_perm": "int", "shingles.seed": "int",
        "paragraph": "table", "plan": "table", "document": "table", "semantic.threshold": "number",
    },
    "diff.toml": {
        "pairing.threshold": "number", "pairing.text_weight": "number", "pairing.rules_weight": "number",
        "pairing.jurisdiction_threshold": "number",
    },
    "grades.toml": {"grade.letters": "table", "grade.words": "table", "tier.roman": "words"},
    "industries.toml": {
        "industry[].name": "str", "match.suffixes": "words", "match.blockers": "words",
        "paren.max_length": "int",
    },
    "ingest.toml": {"text.cjk_encodings": "words", "text.strict_first": "words", "pdf": "table"},
    "open_industries.toml": {
        "heads": "words", "strong_heads": "words", "strong_follow": "pattern", "list_head": "pattern",
        "place_prefix": "pattern", "left_boundary": "pattern", "stop_words": "words",
    },
    "organizations.toml": {
        "body_suffixes": "words", "office_suffixes": "words", "bare_bodies": "words",
        "abbreviations": "table",
    },
    "pollutants.toml": {
        "pollutant[].name": "str", "units": "table", "statement.o2_pattern": "pattern",
        "bound.max": "words", "bound.min": "words",
    },
    "quantities.toml": {
        "numbers.cn_digits": "str", "bound.min_before": "words", "bound.max_before": "words",
        "ratio.verbs": "words", "ratio.basis_after_lead": "pattern", "ratio.basis_after": "pattern",
        "duration.units": "array",
    },
    "regions.toml": {"place[].name": "str", "groups": "table"},
    "counties.toml": {"county[].name": "str", "county[].level": "str", "county[].parent": "str"},
    "report.toml": {"kinds.order": "words", "kinds.labels": "table", "levels": "table"},
    "render.toml": {
        "actions": "table", "bounds.ratio": "table", "bounds.duration": "table", "units": "table",
        "alerts": "table", "condition.separator": "str", "condition.fields": "table",
    },
    "score.toml": {"numbers.decimals": "int", "duplicates.iou_threshold": "number", "rules.action_value": "table"},
    "store.toml": {"sqlite.busy_timeout_s": "number"},
}
