"""`python -m everyrun.cli` runs the command line."""

from everyrun.cli.app import main

main()
