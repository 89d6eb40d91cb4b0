"""``python -m extract`` runs the ``cuofeng`` command line."""

from extract.cli import main

main()
