"""``python -m extract.score``: score a prediction folder, or raise the gate's floors.

    python -m extract.score --gold gold/ --pred rules_out/ [--json FILE] [--show-errors]
    python -m extract.score --diffs gold/diffs --pred rules_out/   # season diffs (OLD__NEW.json)
    python -m extract.score --update-baseline [--corpus corpus/] [--gold gold/] [--baseline FILE]
    python -m extract.score --reset-baseline   # floors = measured F1s, lower or not (say why in the commit)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from extract.score.baseline import BASELINE_PATH
from extract.score.run import run_score, run_update_baseline


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract.score", description="Score notices against gold.")
    parser.add_argument("--gold", type=Path, default=Path("gold"))
    parser.add_argument("--pred", type=Path, default=Path("rules_out"))
    parser.add_argument("--json", type=Path, default=None, dest="json_out")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--diffs", type=Path, default=None, help="score season diffs against OLD__NEW.json files")
    parser.add_argument(
        "--update-baseline", action="store_true",
        help="extract --corpus, score it against --gold and raise the floors in --baseline (never lowers)",
    )
    parser.add_argument(
        "--reset-baseline", action="store_true",
        help="like --update-baseline, but floors become the measured F1s even when lower "
             "(a deliberate change of corpus, gold or scorer; give the reason in the commit)",
    )
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--baseline", type=Path, default=BASELINE_PATH)
    args = parser.parse_args(argv)
    if args.update_baseline or args.reset_baseline:
        return run_update_baseline(args.corpus, args.gold, args.baseline, reset=args.reset_baseline)
    if args.diffs is not None:
        from extract.score.diffs import run_score_diffs

        return run_score_diffs(args.diffs, args.pred, json_out=args.json_out, show_errors=args.show_errors)
    return run_score(args.gold, args.pred, json_out=args.json_out, show_errors=args.show_errors)


if __name__ == "__main__":
    sys.exit(main())
