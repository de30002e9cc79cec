"""`python -m packpack` runs the command line."""

from packpack.cli import command

command()
