"""``python -m extract.cli.build_counties SOURCE``: rebuild ``extract/data/counties.toml`` from the
cpca wheel (or its ``adcodes.csv``); see :mod:`extract.data.build_counties`."""

from __future__ import annotations

import tomllib
from pathlib import Path

import typer

from extract.cli.common import run
from extract.data.build_counties import DATA, OUT, build, read_rows, render

app = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)


@app.command()
def build_counties(
    source: Path = typer.Argument(..., help="cpca-0.5.5-py3-none-any.whl or its adcodes.csv"),
    out: Path = typer.Option(OUT, "--out", help="Where to write the data file."),
) -> None:
    """Write counties.toml from the cpca wheel (or adcodes.csv)."""
    rows, licence = read_rows(source)
    regions = tomllib.loads((DATA / "regions.toml").read_text("utf-8"))
    units = build(rows, regions)
    out.write_text(render(units, licence), "utf-8")
    typer.echo(f"{len(units)} county-level units → {out}")


if __name__ == "__main__":
    run(app)
