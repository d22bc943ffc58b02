"""``python -m boxguard`` runs the command line."""

from boxguard.adapters.cli.app import main

main()
