"""``cuofeng gold check`` (also ``python -m extract.gold check``): every gold file validates,
and with ``--corpus`` its spans fit its input text."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from extract.cli.common import one_line_errors, run

EXIT_BAD_GOLD = 1  #: a gold file is malformed, or its spans do not fit its input

gold_app = typer.Typer(
    name="python -m extract.gold",
    help="Loading and checking gold files (hand-labelled notices, gold/<input stem>.json).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


@gold_app.callback()
def _gold() -> None:
    """Hand-labelled gold files."""


@gold_app.command("check")
@one_line_errors
def check(
    gold_dir: Annotated[Path, typer.Argument(help="The folder of gold/*.json files.")],
    corpus: Annotated[
        Path | None, typer.Option("--corpus", help="Also check spans against these inputs.")
    ] = None,
) -> None:
    """Validate every gold/*.json file; exit 1 on the first bad one.

    Example: cuofeng gold check gold/ --corpus corpus/
    """
    from extract.core.errors import CuofengError
    from extract.gold import check_dir

    try:
        n = check_dir(gold_dir, corpus)
    except CuofengError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(EXIT_BAD_GOLD) from None
    typer.echo(f"{n} gold file(s) in {gold_dir} are valid")


def gold_main() -> None:
    """``python -m extract.gold``."""
    run(gold_app)
