"""Progress displays for a build: a rich bar per kind of output on a terminal, plain lines in
logs."""

from __future__ import annotations

import threading
from collections import Counter
from typing import TYPE_CHECKING

from rich.console import Console

from packpack.cli.report import unchanged

if TYPE_CHECKING:
    from packpack.core.outputs import Output


class Bar:
    """A rich progress bar per kind of output, for a terminal."""

    def __init__(self, console: Console):
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.bars = Progress(TextColumn("{task.description:<8}"), BarColumn(),
                             MofNCompleteColumn(), TimeElapsedColumn(), console=console)
        self.tasks: dict[str, int] = {}

    def planned(self, outputs: list[Output]) -> None:
        """Start one bar per kind, sized by how many of that kind are planned."""
        for kind, n in Counter(o.kind for o in outputs).items():
            self.tasks[kind] = self.bars.add_task(kind, total=n)
        self.bars.start()

    def done(self, output: Output, how: str = "made") -> None:
        """Advance the output's bar."""
        self.bars.advance(self.tasks[output.kind])

    def stop(self) -> None:
        """Leave the finished bars on screen."""
        self.bars.stop()

class Lines:
    """Plain lines for logs: one as each kind of output is finished, saying how many were
    taken from the cache or kept from the last build (nothing is written until the end)."""

    def __init__(self, console: Console):
        self.console = console
        self.left: Counter[str] = Counter()
        self.total: Counter[str] = Counter()
        self.how: dict[str, Counter[str]] = {}
        self.lock = threading.Lock()

    def planned(self, outputs: list[Output]) -> None:
        """Note how many outputs of each kind to expect."""
        self.total = Counter(o.kind for o in outputs)
        self.left = Counter(self.total)

    def done(self, output: Output, how: str = "made") -> None:
        """Print a line when the last output of a kind is finished."""
        with self.lock:
            kind = output.kind
            self.left[kind] -= 1
            self.how.setdefault(kind, Counter())[how] += 1
            if not self.left[kind]:
                n = self.total[kind]
                self.console.print(f"{kind}: {n} of {n} ready{unchanged(self.how[kind])}",
                                   markup=False)

    def stop(self) -> None:
        """Nothing to tidy."""
