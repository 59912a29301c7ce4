"""Run the command line with `python -m toolkit`."""

from toolkit.cli import main

main()
