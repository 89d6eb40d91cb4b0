"""Output files: atomic writes and the file names of ``rules_out/``."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from extract.core.models import Notice, Rule


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def notice_json(notice: Notice) -> str:
    """The canonical JSON text of a notice (byte-identical for the same notice)."""
    return notice.model_dump_json(indent=2) + "\n"


def output_names(inputs: Iterable[Path]) -> dict[Path, str]:
    """``<stem>.json`` per input; when stems collide, later ones (sorted) get ``<stem>.<ext>.json``."""
    names: dict[Path, str] = {}
    taken: set[str] = set()
    for path in sorted(inputs, key=lambda p: str(p)):
        name = f"{path.stem}.json"
        if name in taken:
            name = f"{path.stem}{path.suffix}.json"
        taken.add(name)
        names[path] = name
    return names


def rule_row(notice: Notice, rule: Rule) -> dict[str, Any]:
    """One ``rules.jsonl`` row: the rule with its notice's ``doc_id``, ``source``,
    ``jurisdiction`` ({level, name}) and ``season``, so a row stands on its own."""
    return {
        "doc_id": notice.doc_id,
        "source": notice.source,
        "jurisdiction": notice.jurisdiction.model_dump(mode="json"),
        "season": notice.season,
        **rule.model_dump(mode="json"),
    }


def rules_jsonl(notices: Iterable[Notice]) -> str:
    """One rule per line (``rule_row``)."""
    lines = [json.dumps(rule_row(n, rule), ensure_ascii=False) for n in notices for rule in n.rules]
    return "\n".join(lines) + ("\n" if lines else "")
