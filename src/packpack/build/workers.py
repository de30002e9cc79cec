"""Worker processes for a build, and the memory habits of the processes that make outputs.

Light to import (the standard library and packpack's core, until the pool starts): the
CLI forks its workers first thing, so that they import the drawing libraries
while the build's own process reads and lints the spec, and are ready when it has planned.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING

from packpack.build.make import make_file
from packpack.build.memory import M_ARENA_MAX, glibc
from packpack.core import paths
from packpack.core.errors import BuildError
from packpack.core.outputs import BuildContext

if TYPE_CHECKING:
    from packpack.core.cache import Cache
    from packpack.core.outputs import Output
    from packpack.spec.model import Campaign

# In a worker: the plan it last read (its file's path, and the campaign, outputs and cache)
_PLAN: tuple[str, tuple[Campaign, dict[str, Output], Cache | None]] | None = None


def _started(warm: Callable[[], None] | None) -> None:
    """In a new worker: leave interrupts to the build's own process (which stops workers),
    then `warm` (import what makers draw with) while the build's process loads the spec."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if warm is not None:
        with contextlib.suppress(ImportError):  # left to the makers to report
            warm()


def _make(plan: str, path: str) -> tuple[str, int]:
    """In a worker: make one output into the staging folder; its sha256 and size."""
    global _PLAN
    if _PLAN is None or _PLAN[0] != plan:
        import pickle

        with open(plan, "rb") as fh:
            _PLAN = (plan, pickle.load(fh))
    campaign, by_path, cache = _PLAN[1]
    staging = Path(plan).parent.parent
    return make_file(BuildContext(campaign, staging, cache=cache), by_path[path])


class Stopped(Exception):
    """The build was abandoned while an output waited for a process to make it."""


class Workers:
    """Worker processes for `cpu` outputs: layout, ReportLab and zip writing are Python, so
    threads alone would use one core. Of `jobs` workers, the build's own process is one (it
    makes one output at a time itself) and the rest are processes, forked (Linux), so
    starting one costs milliseconds; each reads the build's plan once from a file, writes
    its outputs into the staging folder and returns only their hash and size. (A process
    fewer keeps the build's memory down: each holds its own copy of the libraries.)"""

    def __init__(self, jobs: int, warm: Callable[[], None] | None = None, kept: bool = False):
        import multiprocessing

        # kept across builds (the preview's): a build that is stopped or fails leaves them
        # running for the next (`halt`); only Ctrl-C or `close` ends them
        self.kept = kept
        self.halted = False

        self.plan = ""
        # who is free: the build's own process (one output at a time), and how many outputs
        # the worker processes have (one each under way, and up to QUEUED each behind it, so
        # that a worker never waits for this process, busy making outputs itself, to hand
        # it its next); outputs waiting are served in the order they asked
        self.free = threading.Condition()
        self.processes = jobs - 1
        self.here_free, self.in_pool = True, 0
        self.waiting: dict[int, bool] = {}  # ticket -> whether it may be made here
        self.tickets = itertools.count()
        self.closed = False
        libc = glibc()
        if libc is not None and hasattr(libc, "mallopt"):
            # one heap for all its threads: the output made here may run on any of them, and
            # glibc would give each its own heap, each keeping what it freed
            libc.mallopt(M_ARENA_MAX, 1)
        self.pool = ProcessPoolExecutor(jobs - 1, multiprocessing.get_context("fork"),
                                        initializer=_started, initargs=(warm,))
        self.pool.submit(int)  # fork them all now, from this thread (before any other starts)

    @staticmethod
    def wanted(jobs: int) -> bool:
        """Whether worker processes can pay: several jobs, and fork (Linux)."""
        return jobs > 1 and sys.platform == "linux"

    def attach(self, campaign: Campaign, outputs: list[Output], staging: Path,
               cache: Cache | None) -> None:
        """Hand the workers a build's plan: the campaign and the `cpu` outputs they make."""
        import pickle

        with self.free:
            self.halted = False  # a new build: kept workers serve it
            # places in line left by the build before, if it was abandoned: an output whose
            # thread was cancelled before it started never gave its place up, and would hold
            # every output of this build behind it
            self.waiting.clear()
        path = staging / paths.SCRATCH / "plan.pickle"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(pickle.dumps((campaign, {o.path: o for o in outputs if o.cpu}, cache),
                                      protocol=pickle.HIGHEST_PROTOCOL))
        self.plan = str(path)

    def announce(self, here: bool) -> int:
        """Take a place in line for a process, before the output's thread starts (the build
        announces outputs in order of rank); whether it may be made in the build's own
        process. Every place is given up by `make` or `withdraw`."""
        with self.free:
            ticket = next(self.tickets)
            self.waiting[ticket] = here
            return ticket

    def withdraw(self, ticket: int) -> None:
        """Give up a place in line (the output was reused, not made); no matter if given up."""
        with self.free:
            if self.waiting.pop(ticket, None) is not None:
                self.free.notify_all()  # it may have held up those behind it

    def make(self, path: str, here: Callable[[], tuple[str, int]] | None,
             ticket: int | None = None, cost: float = 1.0) -> tuple[str, int]:
        """Make one output, in a worker process or (by calling `here`, if given) in the
        build's own process, whichever is free first; its sha256 and size.

        The first in line (`ticket`, from `announce`) is served first, by an idle worker,
        else by the build's own process if free, else, if it is short work (`cost`, in
        graphics, at most QUEUED_COST), queued behind a busy worker (a few each at most;
        see QUEUED): a worker never waits for its next graphic, and a long output never
        waits behind another while a process sits idle. (A worker is preferred when both
        are free: it has the drawing libraries imported, and this process stays lean.)"""
        if ticket is None:
            ticket = self.announce(here is not None)
        with self.free:
            try:
                while True:
                    if self.closed or self.halted:
                        raise Stopped
                    if self.in_pool < self.processes and ticket == min(self.waiting):
                        self.in_pool += 1
                        here = None
                        break
                    if self.here_free and here is not None and \
                            ticket == min(t for t, h in self.waiting.items() if h):
                        self.here_free = False
                        break
                    if cost <= QUEUED_COST and self.in_pool < (1 + QUEUED) * self.processes \
                            and ticket == min(self.waiting) \
                            and not (self.here_free and here is not None):
                        self.in_pool += 1
                        here = None
                        break
                    self.free.wait()
            finally:
                del self.waiting[ticket]
                if self.here_free or self.in_pool < (1 + QUEUED) * self.processes:
                    self.free.notify_all()  # the next in line may take what is still free
        try:
            if here is not None:
                if cost > QUEUED_COST:  # a long output made here: keep handing work on
                    with _taking_turns():
                        return here()
                return here()
            return self.pool.submit(_make, self.plan, path).result()
        except BrokenProcessPool:
            raise BuildError(f"a worker process stopped unexpectedly while making {path} (out "
                             "of memory?); nothing was changed. Try again, or with --jobs 1"
                             ) from None
        finally:
            with self.free:
                if here is not None:
                    self.here_free = True
                else:
                    self.in_pool -= 1
                self.free.notify_all()

    def halt(self) -> None:
        """Abandon the build being made, keeping the processes: no output still waiting for
        one is started (those under way finish); the next `attach` serves a new build."""
        with self.free:
            self.halted = True
            self.free.notify_all()

    def close(self, now: bool = False) -> None:
        """Stop the workers: after their current output, or `now` (the build is abandoned)."""
        with self.free:
            self.closed = True
            self.free.notify_all()
        if now:
            for process in list((getattr(self.pool, "_processes", None) or {}).values()):
                with contextlib.suppress(OSError, AttributeError):
                    process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def workers(jobs: int = 0, warm: Callable[[], None] | None = None
            ) -> Iterator[Workers | None]:
    """Worker processes for one build, started now so that they `warm` up (import the drawing
    libraries) while the spec is loaded and linted (pass them to `build`); None where they
    cannot pay."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    if not Workers.wanted(jobs):
        yield None
        return
    started = Workers(jobs, warm)
    try:
        yield started
    except BaseException:
        started.close(now=True)
        raise
    started.close()


@contextlib.contextmanager
def _taking_turns() -> Iterator[None]:
    """While this process makes a long output itself (a PDF), let its threads take turns
    every millisecond rather than Python's five, so that it hands each worker its next
    output at once rather than after a wait."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, 0.001))
    try:
        yield
    finally:
        sys.setswitchinterval(before)




# outputs queued behind each busy worker: enough that it never waits for its next while the
# build's own process (which hands them on) is busy with Python work of its own
QUEUED = 3
QUEUED_COST = 2.0  # only outputs this short (in graphics) are queued; longer ones wait




