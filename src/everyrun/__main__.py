"""`python -m everyrun` runs the command line."""

from everyrun.cli.app import main

main()
