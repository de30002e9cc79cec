"""The `packpack` command: the typer app (`app`), each command one library call; progress
displays (`progress`) and what a command prints (`report`)."""
