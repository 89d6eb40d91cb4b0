"""The command line, all of it: ``cuofeng`` (:data:`app`, :func:`main`) and the commands the
``python -m extract.score``, ``python -m extract.score.first_look`` and ``python -m
extract.gold`` shims run. The top layer: nothing in ``extract`` imports it, except those shims.
"""

from extract.cli.app import app, main

__all__ = ["app", "main"]
