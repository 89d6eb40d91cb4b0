"""``cuofeng industries --unknown``: the industries a batch names that the taxonomy does not hold.

Reads the notices an extraction wrote (``*.json``), collects every industry marked
``known: false`` and every rule industry the taxonomy does not resolve, and counts them
with their evidence, so that a user can add them to ``extract/data/industries.toml``
(a name added there is known on the next extraction). Names the current taxonomy resolves
are left out, so a stale output folder does not list what was added since.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from extract.core.errors import CuofengError
from extract.recognize.industries import canonical_industry


class UnknownIndustriesError(CuofengError):
    """The folder holds no notice JSON, or one of them is unreadable."""


@dataclass
class UnknownIndustry:
    name: str
    notices: set[str] = field(default_factory=set)  # source files naming it
    rules: int = 0  # rules that name it as their industry
    evidence: list[str] = field(default_factory=list)  # "source [start,end): text"

    @property
    def count(self) -> int:
        return len(self.notices)


def unknown_industries(folder: Path, max_evidence: int = 3) -> list[UnknownIndustry]:
    """Unknown industries of the notices in ``folder``: most notices first, then by name."""
    files = sorted(p for p in Path(folder).rglob("*.json") if p.is_file())
    if not files:
        raise UnknownIndustriesError(f"{folder}: no notice JSON (run `cuofeng extract … --out {folder}` first)")
    found: dict[str, UnknownIndustry] = defaultdict(lambda: UnknownIndustry(""))
    for path in files:
        try:
            notice = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise UnknownIndustriesError(f"{path}: not a notice JSON ({exc})") from None
        if not isinstance(notice, dict) or "industries" not in notice:
            continue  # another JSON (scores, a summary)
        source = notice.get("source") or path.name
        for ind in notice.get("industries") or []:
            name = ind.get("name")
            if ind.get("known", True) is False and name and canonical_industry(name) is None:
                u = found[name]
                u.name = name
                u.notices.add(source)
                if len(u.evidence) < max_evidence:
                    u.evidence.append(f"{source} {ind.get('span')}")
        for rule in notice.get("rules") or []:
            name = rule.get("industry")
            if name and canonical_industry(name) is None:
                u = found[name]
                u.name = name
                u.notices.add(source)
                u.rules += 1
                if len(u.evidence) < max_evidence:
                    u.evidence.append(f"{source} {rule.get('span')}: {rule.get('text', '')}")
    return sorted(found.values(), key=lambda u: (-u.count, -u.rules, u.name))


def format_unknown(items: list[UnknownIndustry]) -> str:
    """One line per name (notices, rules, name), then its evidence indented."""
    if not items:
        return "no unknown industries\n"
    lines = [f"{len(items)} unknown industries (notices, rules, name); add a name to extract/data/industries.toml"]
    for u in items:
        lines.append(f"{u.count:4d} {u.rules:4d}  {u.name}")
        lines.extend(f"           {e}" for e in u.evidence)
    return "\n".join(lines) + "\n"
