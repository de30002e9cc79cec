"""Making every output in dependency order and in parallel, reusing what the cache holds and
carrying over what a partial build leaves out.

Outputs are started best-ranked first (their cost plus the costliest chain of outputs that
wait on them), a window at a time; `cpu` work goes to worker processes (see `workers`).
"""

from __future__ import annotations

import heapq
import os
import queue
import shutil
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packpack.build.make import make_file
from packpack.build.manifest import entry, output_key, topological
from packpack.build.signals import signals_held
from packpack.build.workers import Workers
from packpack.core import paths
from packpack.core.cache import Cache, place, sha256_file
from packpack.core.errors import BuildError
from packpack.core.outputs import BuildContext, Output, Progress, timestamp
from packpack.spec.model import Campaign


@dataclass
class _Run:
    """The state of one `run`: what is done, how, and what the cache and old build hold."""

    ctx: BuildContext
    cache: Cache | None
    chosen: set[str]
    previous: Path | None
    build_time: str
    workers: Workers | None = None
    entries: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)

    def resolve(self, o: Output, ticket: int | None = None
                ) -> tuple[dict[str, Any] | None, str]:
        """Reuse, make or carry over one output; its manifest entry (None: absent) and how.
        `ticket`: its place in line for a worker (see `Workers.announce`), if it has one."""
        try:
            return self._resolve(o, ticket)
        finally:
            if ticket is not None and self.workers:
                self.workers.withdraw(ticket)  # if it was not made

    def _resolve(self, o: Output, ticket: int | None) -> tuple[dict[str, Any] | None, str]:
        if self.ctx.stopping:
            raise _Stopped
        needs = [self.entries[n] for n in o.needs]
        k = output_key(o, [e["sha256"] for e in needs if e], self.build_time) \
            if all(needs) else ""
        target = self.ctx.staging / o.path
        if k and self.cache and (hit := self.cache.fetch(k, target)):
            return entry(o, *hit), "reused"
        if o.path in self.chosen:
            sha, size = self._make(o, target, ticket)
            if k and self.cache:
                self.cache.store(k, target, sha, size)
            return entry(o, sha, size), "made"
        old = self.previous / o.path if self.previous else None
        if old and old.is_file() and not old.is_symlink():
            target.parent.mkdir(parents=True, exist_ok=True)
            place(old, target)
            return entry(o, *sha256_file(target)), "carried"
        return None, "absent"

    def _make(self, o: Output, target: Path, ticket: int | None) -> tuple[str, int]:
        """Make one output into the staging folder (in a worker process if it is `cpu` work
        and there are workers); its sha256 and size."""
        if o.cpu and self.workers:  # exclusive documents always in a worker process, whose
            # memory is kept lean throughout (see workers.own_memory)
            return self.workers.make(o.path, None if o.exclusive else
                                     lambda: make_file(self.ctx, o), ticket, o.cost)
        return make_file(self.ctx, o)

class _Stopped(Exception):
    """A worker noticed the build is stopping and did not start its output."""

@dataclass(frozen=True)
class Made:
    """What `run` did: the manifest entries of the files present, in the outputs' order, and
    how each output came to be there ("made", "reused", "carried" or "absent")."""

    entries: list[dict[str, Any]]
    how: dict[str, str]


def run(campaign: Campaign, outputs: list[Output], staging: Path, jobs: int = 0,
        progress: Progress | None = None, *, cache: Cache | None = None,
        chosen: Iterable[str] | None = None, previous: Path | None = None,
        workers: Workers | None = None, stop: threading.Event | None = None) -> Made:
    """Make every output into `staging`, in dependency order and in parallel.

    Outputs not in `chosen` (default: all) are not made: they are reused from `cache` or
    carried over from the `previous` build folder, or left out. `workers`: processes already
    started (else they are started here if they pay). Setting `stop` abandons the run.
    """
    context = BuildContext(campaign, staging, cache=cache)
    if stop is not None:
        context.stop = stop
    state = _Run(context, cache,
                 {o.path for o in outputs} if chosen is None else set(chosen), previous,
                 timestamp(campaign).isoformat())
    line = _Line(outputs)
    jobs = max(1, jobs or os.cpu_count() or 1)
    own = None  # workers started here, for this run alone
    if workers is None and Workers.wanted(jobs) and \
            sum(o.cpu for o in outputs if o.path in state.chosen) > 1:
        workers = own = Workers(jobs)  # before any thread starts
    if workers:
        workers.attach(campaign, outputs, staging, cache)
        state.workers = workers
    if progress:
        progress.planned([o for o in outputs if o.path in state.chosen])
    # with worker processes, a few more outputs under way than workers, so that none waits
    # for its next output to be handed over; few enough that the best-ranked start first
    window = jobs * 2 + 1 if workers else jobs
    pool = ThreadPoolExecutor(max_workers=window, thread_name_prefix="packpack")
    try:
        line.drive(state, pool, window, progress)
    except BaseException as exc:
        state.ctx.stop.set()
        with signals_held():
            if workers and workers is not own and workers.kept and isinstance(exc, Exception):
                workers.halt()  # the preview's, kept for its next build
            elif workers:
                workers.close(now=True)
            pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        shutil.rmtree(staging / paths.SCRATCH, ignore_errors=True)
    pool.shutdown(wait=True)
    if own:
        own.close()
    return Made([e for o in outputs if (e := state.entries[o.path])], state.how)


class _Line:
    """The outputs of a run in line to be started: each once everything it needs is done,
    the highest rank first (then plan order), a window at a time."""

    def __init__(self, outputs: list[Output]):
        self.by_path = {o.path: o for o in outputs}
        missing = [n for o in outputs for n in o.needs if n not in self.by_path]
        if missing:
            raise BuildError(f"an output needs {missing[0]}, which this build does not make")
        # what each output still waits for, and who waits for it (each named once, however
        # often an output lists a need)
        self.waiting = {o.path: set(o.needs) for o in outputs}
        self.users: dict[str, list[str]] = {}
        for o in outputs:
            for n in dict.fromkeys(o.needs):
                self.users.setdefault(n, []).append(o.path)
        self.rank = _ranks(outputs, self.users)
        self.order = {o.path: i for i, o in enumerate(outputs)}
        self.ready: list[tuple[float, int, str]] = []  # a heap: highest rank first
        self.running: dict[Future, Output] = {}
        self.finished: queue.SimpleQueue[Future] = queue.SimpleQueue()  # O(1) a completion

    def release(self, path: str) -> None:
        """An output no longer waits for anything: in line to start."""
        del self.waiting[path]
        heapq.heappush(self.ready, (-self.rank[path], self.order[path], path))

    def submit(self, state: _Run, pool: ThreadPoolExecutor, window: int) -> None:
        """Start outputs in line, best first, until `window` are under way; an exclusive
        output waits while another of its kind is under way."""
        held = []
        busy = {o.exclusive for o in self.running.values() if o.exclusive}
        while self.ready and len(self.running) < window:
            item = heapq.heappop(self.ready)
            o = self.by_path[item[2]]
            if o.exclusive and o.exclusive in busy:
                held.append(item)
                continue
            if o.exclusive:
                busy.add(o.exclusive)
            # cpu work takes its place in line for a process now, in order of rank
            ticket = state.workers.announce(not o.exclusive) \
                if state.workers and o.cpu and o.path in state.chosen else None
            future = pool.submit(state.resolve, o, ticket)
            self.running[future] = o
            future.add_done_callback(self.finished.put)
        for item in held:
            heapq.heappush(self.ready, item)

    def drive(self, state: _Run, pool: ThreadPoolExecutor, window: int,
              progress: Progress | None) -> None:
        """Start, wait for and record every output; BuildError if some wait on each other."""
        for path in [p for p, w in self.waiting.items() if not w]:
            self.release(path)
        self.submit(state, pool, window)
        while self.running:
            future = self.finished.get()
            o = self.running.pop(future)
            state.entries[o.path], state.how[o.path] = future.result()
            if progress and o.path in state.chosen:
                progress.done(o, state.how[o.path])
            for user in self.users.get(o.path, ()):
                self.waiting[user].discard(o.path)
                if not self.waiting[user]:
                    self.release(user)
            self.submit(state, pool, window)
        if self.waiting:
            raise BuildError("outputs wait on each other: " + ", ".join(sorted(self.waiting)))


def _ranks(outputs: list[Output], users: dict[str, list[str]]) -> dict[str, float]:
    """Each output's rank: its cost plus the costliest chain of outputs that wait on it.

    Starting the highest rank first keeps long chains moving (the square graphics, then the
    PDFs that need them, then the bundles that need those) while short work fills the gaps.
    """
    by_path = {o.path: o for o in outputs}
    rank: dict[str, float] = {}
    for o in reversed(topological(outputs)):
        rank[o.path] = o.cost + max((rank[u] for u in users.get(o.path, ())), default=0.0)
    return {p: rank.get(p, by_path[p].cost) for p in by_path}
