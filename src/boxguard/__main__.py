"""``python -m boxguard`` runs the command line."""

from boxguard.adapters.cli import main

main()
