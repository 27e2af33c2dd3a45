"""`python -m ecosim.cli`: the console script."""

from ecosim.cli import main

main()
