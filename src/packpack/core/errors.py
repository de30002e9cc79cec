"""The one error family packpack raises; the CLI prints these and exits 1."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about a spec: where it is, which field, and what to do about it."""

    file: str
    line: int
    col: int
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        if not self.field:
            return f"{where}: {self.message}"
        return f"{where}: {self.field}: {self.message}"


class PackpackError(Exception):
    """Something the user can fix; the message says what and how."""


class SpecError(PackpackError):
    """The spec or a file it names is wrong; every problem found is listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.col, p.field))
        super().__init__("\n".join(str(p) for p in self.problems))


class RenderError(PackpackError):
    """An output cannot be made as the spec asks (text too long, contrast too low, ...)."""


class BuildError(PackpackError):
    """The build could not write its output (folder not writable, output path is a file, ...)."""


class UsageError(PackpackError):
    """A command-line option names something the spec does not have (exit 2)."""

    def __init__(self, option: str, message: str):
        self.option = option
        super().__init__(message)
