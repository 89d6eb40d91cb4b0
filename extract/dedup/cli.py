"""Moved to :mod:`extract.cli_dedup` (command-line code lives above the stages).

Kept only so that ``extract/cli.py`` (being rewritten on another branch) still imports
``run_dedup`` from here; delete this module, and its ``ignore_imports`` line in
pyproject.toml, once the CLI imports ``extract.cli_dedup``.
"""

from extract.cli_dedup import dedup_file, dedup_report, paraphrases, run_dedup

__all__ = ["dedup_file", "dedup_report", "paraphrases", "run_dedup"]
