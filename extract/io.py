"""Output files: atomic writes and the file names of ``rules_out/``."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from extract.core.models import Notice


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


def rules_jsonl(notices: Iterable[Notice]) -> str:
    """One rule per line, each with its notice's ``doc_id`` and ``source``."""
    lines = []
    for n in notices:
        for rule in n.rules:
            row = {"doc_id": n.doc_id, "source": n.source, **rule.model_dump(mode="json")}
            lines.append(json.dumps(row, ensure_ascii=False, sort_keys=False))
    return "\n".join(lines) + ("\n" if lines else "")
