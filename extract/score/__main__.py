"""``python -m extract.score``: score a prediction folder, or raise the gate's floors.

    python -m extract.score --gold gold/ --pred rules_out/ [--json FILE] [--show-errors]
    python -m extract.score --diffs gold/diffs --pred rules_out/   # season diffs (OLD__NEW.json)
    python -m extract.score --update-baseline [--corpus corpus/] [--gold gold/] [--baseline FILE]
    python -m extract.score --reset-baseline   # floors = measured F1s, lower or not (say why in the commit)

The same command as ``cuofeng score`` (``extract/cli/score.py``); this module only runs it.
"""

if __name__ == "__main__":
    from extract.cli.score import score_main

    score_main()
