"""``cuofeng score`` (also ``python -m extract.score``) and ``cuofeng first-look`` (also
``python -m extract.score.first_look``): the scorer's tables and the gate's floors, printed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from extract.cli.common import EXIT_UNUSABLE_INPUT, fail, one_line_errors, run

EXIT_REFUSED = 1  #: --update-baseline refused: the pipeline cannot run or a corpus file failed


@one_line_errors
def score(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of hand-labelled gold JSON.")] = Path("gold"),
    pred: Annotated[Path, typer.Option("--pred", help="Folder the extractor wrote.")] = Path("rules_out"),
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the scores as JSON.")] = None,
    show_errors: Annotated[
        bool, typer.Option("--show-errors", help="List every missed and spurious item per document.")
    ] = False,
    diffs: Annotated[
        Path | None, typer.Option("--diffs", help="Score season diffs instead: a folder of expected OLD__NEW.json.")
    ] = None,
    update_baseline: Annotated[
        bool, typer.Option("--update-baseline", help="Extract --corpus, score it against --gold and raise the "
                           "floors in --baseline (never lowers them).")
    ] = False,
    reset_baseline: Annotated[
        bool, typer.Option("--reset-baseline", help="Like --update-baseline, but floors become the measured F1s "
                           "even when lower (a deliberate change of corpus, gold or scorer; say why in the commit).")
    ] = False,
    corpus: Annotated[Path, typer.Option("--corpus", help="The inputs --update-baseline extracts.")] = Path("corpus"),
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="The floors file (default: tests/eval_baseline.json).")
    ] = None,
) -> None:
    """Score extracted notices against gold: P/R/F1 per field, strict and lenient rules.
    With --diffs, P/R/F1 of the season diff's items against hand-written expected diffs.
    With --update-baseline, extract the corpus and raise the regression gate's floors.

    Exit code 0 scored, 2 bad input (missing folder, malformed file, no gold); 1 when
    --update-baseline refuses (a corpus file failed to extract).
    Example: cuofeng score --gold gold/ --pred rules_out/ --show-errors
    Example: cuofeng score --diffs gold/diffs --pred rules_out/
    """
    if update_baseline or reset_baseline:
        raise typer.Exit(_update_baseline(corpus, gold, baseline, reset=reset_baseline))
    from extract.core.errors import CuofengError
    from extract.io import atomic_write_text

    if diffs is not None:
        from extract.score.diffs import format_diff_scores, score_diffs

        try:
            diff_report = score_diffs(diffs, pred)
        except CuofengError as err:
            raise fail(str(err), EXIT_UNUSABLE_INPUT) from None
        typer.echo(format_diff_scores(diff_report, show_errors), nl=False)
        if json_out is not None:
            atomic_write_text(json_out, diff_report.to_json())
        return
    from extract.score import format_errors, format_table, score_dirs

    try:
        report = score_dirs(gold, pred)
    except CuofengError as err:
        raise fail(str(err), EXIT_UNUSABLE_INPUT) from None
    if not report.docs:
        raise fail(f"no gold files (*.json) in {gold}", EXIT_UNUSABLE_INPUT)
    if show_errors:
        typer.echo(format_errors(report), nl=False)
    typer.echo(format_table(report), nl=False)
    if json_out is not None:
        atomic_write_text(json_out, report.to_json())


def _update_baseline(corpus: Path, gold: Path, baseline: Path | None, reset: bool) -> int:
    """Raise (or reset) the floors; print the table and each floor that moved. The exit code."""
    from extract.score.baseline import BASELINE_PATH, update_baseline
    from extract.score.format import format_table

    try:
        from extract.pipeline import extract_file
    except ImportError as err:
        typer.echo(f"error: the pipeline cannot be imported: {err!r}", err=True)
        return EXIT_REFUSED
    path = baseline or BASELINE_PATH
    result = update_baseline(corpus, gold, path, extract=extract_file, reset=reset)
    typer.echo(format_table(result.report), nl=False)
    if result.new is None:
        typer.echo("error: some corpus files failed to extract; baseline not updated:", err=True)
        for failure in result.failures:
            typer.echo(f"  {failure}", err=True)
        return EXIT_REFUSED
    old, new = result.old, result.new
    for field, floor in new.floors.items():
        before = old.floors.get(field)
        if before != floor:
            typer.echo(f"floor {field}: {before} -> {floor}")
    if new.corpus_sha256 != old.corpus_sha256:
        typer.echo(f"corpus_sha256: {old.corpus_sha256 or '(none)'} -> {new.corpus_sha256}")
    typer.echo(f"wrote {path}")
    return 0


@one_line_errors
def first_look(
    batch: Annotated[Path, typer.Argument(help="A folder with corpus/ and gold/.")],
    name: Annotated[str, typer.Option("--name", help="The batch's name in the log.")],
    log: Annotated[
        Path | None, typer.Option("--log", help="The log to append to (default: gold/FIRST_LOOK.md).")
    ] = None,
) -> None:
    """Score a newly labelled batch once, before any development on it, and append the scores
    to the first-look log (what to expect on notices the project has never seen).

    Example: cuofeng first-look batches/batch1 --name "batch 1"
    """
    from extract.score.first_look import LOG_PATH, current_commit, format_section
    from extract.score.first_look import first_look as run_first_look

    report, failures = run_first_look(batch, name, log or LOG_PATH)
    for failure in failures:
        typer.echo(f"extraction failed: {failure}", err=True)
    typer.echo(format_section(name, report, sorted(report.docs), "now", current_commit()), nl=False)


def _single(command: Callable[..., None], prog: str, help_text: str) -> typer.Typer:
    """A one-command typer app (the ``python -m`` shims run the command with its own name)."""
    single = typer.Typer(name=prog, help=help_text, add_completion=False, rich_markup_mode=None,
                         pretty_exceptions_enable=False)
    single.command()(command)
    return single


score_app = _single(score, "python -m extract.score", "Score notices against gold.")
first_look_app = _single(first_look, "python -m extract.score.first_look",
                         "First-look scores: a newly labelled batch scored once.")


def score_main() -> None:
    """``python -m extract.score``."""
    run(score_app)


def first_look_main() -> None:
    """``python -m extract.score.first_look``."""
    run(first_look_app)


__all__ = ["first_look", "first_look_app", "first_look_main", "score", "score_app", "score_main"]
