"""`python -m packpack` runs the command line."""

from packpack.cli.app import command

command()
