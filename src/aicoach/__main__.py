"""``python -m aicoach`` runs the command line."""

from aicoach.cli.app import main

main()
