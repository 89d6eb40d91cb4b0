"""Headless-Chromium screenshot check of the diff page of ``cuofeng report --diff``.

Usage::

    cuofeng report --diff out_2021/ out_2022/ --out report.html
    python bench/screenshot_diff_page.py report.html --png diff.png

Needs Chromium (Debian: ``apt-get install chromium``; ``fonts-wqy-microhei`` or
``fonts-noto-cjk`` for Chinese glyphs, else they render as boxes and the check still holds).
Opens ``report.html#diff`` at 1280×900 in headless Chromium, saves the screenshot, and checks
what a reader sees: the old evidence highlighted (red), the new evidence highlighted (green)
and the change column coloured, each over enough pixels of the picture. Prints the pixel
counts. Exit code 0 when the check passes, 1 when it fails, 2 when Chromium is missing or fails.
(``tests/test_diff_report.py`` runs the same check, skipped where Chromium is absent.)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

#: The colours of extract/data/report.css blended on white: mark.d-old, mark.d-new, tr.c-changed td.chg.
COLOURS: dict[str, tuple[int, int, int]] = {
    "old evidence": (250, 209, 209),
    "new evidence": (199, 236, 212),
    "changed": (255, 243, 196),
}
TOLERANCE = 10
MIN_PIXELS = 500  # about a highlighted line of text at 1280 px wide
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str | None:
    """The first headless-capable Chromium on PATH, or None."""
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def screenshot(html: Path, png: Path, browser: str, size: tuple[int, int] = (1280, 900)) -> None:
    """Render ``html#diff`` to ``png`` with headless Chromium (raises on failure)."""
    with tempfile.TemporaryDirectory(prefix="cuofeng-chromium-") as profile:
        cmd = [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               "--no-first-run", f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}",
               f"--screenshot={png}", html.resolve().as_uri() + "#diff"]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    if not png.exists() or png.stat().st_size == 0:
        raise RuntimeError(f"{browser} wrote no screenshot")


def colour_counts(png: Path) -> dict[str, int]:
    """Pixels of the screenshot within TOLERANCE of each colour of COLOURS."""
    from PIL import Image

    counts = dict.fromkeys(COLOURS, 0)
    with Image.open(png) as img:
        for count, pixel in img.convert("RGB").getcolors(maxcolors=1 << 24):
            for name, target in COLOURS.items():
                if all(abs(a - b) <= TOLERANCE for a, b in zip(pixel, target, strict=True)):
                    counts[name] += count
    return counts


def check(html: Path, png: Path) -> tuple[bool, dict[str, int]]:
    """Screenshot ``html`` into ``png`` and check the three colours; (passed, counts)."""
    browser = find_browser()
    if browser is None:
        raise FileNotFoundError("no Chromium on PATH (apt-get install chromium)")
    screenshot(html, png, browser)
    counts = colour_counts(png)
    return all(c >= MIN_PIXELS for c in counts.values()), counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", type=Path, help="a report written by `cuofeng report --diff OLD NEW`")
    parser.add_argument("--png", type=Path, default=Path("diff_page.png"), help="where to save the screenshot")
    args = parser.parse_args(argv)
    try:
        ok, counts = check(args.html, args.png)
    except (FileNotFoundError, RuntimeError, subprocess.SubprocessError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for name, count in counts.items():
        print(f"{name}: {count} px (need {MIN_PIXELS})")
    print(f"{args.png}: {'ok' if ok else 'FAILED: a highlight is missing from the diff page'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
