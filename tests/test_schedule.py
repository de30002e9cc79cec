"""The scheduler on its own: any dependency graph (repeated needs, shared outputs), outputs
finishing in any order, a failure in the middle. Every output is made once, after what it
needs; a failure stops the run and nothing that needs the failed output is made."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from packpack.build import schedule
from packpack.core.errors import RenderError
from packpack.core.outputs import BuildContext, Output
from packpack.spec import loader
from packpack.spec.example import HERE as EXAMPLE_DIR

CAMPAIGN = loader.load(EXAMPLE_DIR / "campaign.yaml")


@st.composite
def graphs(draw: st.DrawFn) -> tuple[list[tuple[str, ...]], list[float], int | None, int]:
    """Each output's needs (earlier outputs, a need maybe listed twice), how long each takes,
    which one fails (if any), and how many jobs."""
    n = draw(st.integers(1, 12))
    needs = [tuple(f"o/{j}.txt" for j in draw(st.lists(st.integers(0, i - 1), max_size=4)))
             if i else () for i in range(n)]
    delays = draw(st.lists(st.sampled_from([0.0, 0.0005, 0.002]), min_size=n, max_size=n))
    failing = draw(st.none() | st.integers(0, n - 1))
    return needs, delays, failing, draw(st.sampled_from([1, 2, 3]))


class Recorded:
    """Outputs whose makers record what they found made before them."""

    def __init__(self, needs: list[tuple[str, ...]], delays: list[float], failing: int | None):
        self.made: list[str] = []
        self.missing: list[tuple[str, str]] = []  # (output, a need not there when it started)
        self.lock = threading.Lock()
        self.outputs = [Output(f"o/{i}.txt", "note", self.make, {"n": i}, needs=need)
                        for i, need in enumerate(needs)]
        self.delays, self.failing = delays, failing

    def make(self, ctx: BuildContext, o: Output) -> bytes:
        for need in o.needs:
            if not (ctx.staging / need).is_file():
                with self.lock:
                    self.missing.append((o.path, need))
        time.sleep(self.delays[o.meta["n"]])
        if o.meta["n"] == self.failing:
            raise RenderError(f"{o.path} fails")
        with self.lock:
            self.made.append(o.path)
        return o.path.encode()


def _dependents(outputs: list[Output], path: str) -> set[str]:
    """Every output that needs `path`, directly or not."""
    found: set[str] = set()
    for o in outputs:  # needs are earlier outputs, so one pass in plan order finds them all
        if path in o.needs or found & set(o.needs):
            found.add(o.path)
    return found


@settings(max_examples=80, deadline=None)
@given(graphs())
def test_every_output_is_made_once_after_what_it_needs_or_the_failure_stops_it(graph):
    needs, delays, failing, jobs = graph
    run = Recorded(needs, delays, failing)
    staging = Path(tempfile.mkdtemp(prefix="packpack-schedule-"))
    try:
        if failing is None:
            made = schedule.run(CAMPAIGN, run.outputs, staging, jobs)
            assert sorted(run.made) == sorted(o.path for o in run.outputs)  # each once
            assert [e["path"] for e in made.entries] == [o.path for o in run.outputs]
            assert set(made.how.values()) == {"made"}
        else:
            with pytest.raises(RenderError, match="fails"):
                schedule.run(CAMPAIGN, run.outputs, staging, jobs)
            bad = f"o/{failing}.txt"
            assert not _dependents(run.outputs, bad) & set(run.made)
            assert bad not in run.made and len(run.made) == len(set(run.made))
        assert run.missing == []
        assert not (staging / ".scratch").exists()
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def test_a_need_listed_twice_is_waited_for_once() -> None:
    """The bundle of a partner that lists a size twice needed that graphic twice; the
    scheduler's bookkeeping broke when it finished (KeyError), depending on timing."""
    for jobs in (1, 2, 3):
        run = Recorded([(), ("o/0.txt", "o/0.txt"), ("o/1.txt", "o/0.txt", "o/1.txt")],
                       [0.001, 0.0, 0.0], None)
        staging = Path(tempfile.mkdtemp(prefix="packpack-schedule-"))
        try:
            made = schedule.run(CAMPAIGN, run.outputs, staging, jobs)
            assert run.made == ["o/0.txt", "o/1.txt", "o/2.txt"] and run.missing == []
            assert len(made.entries) == 3
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _note(ctx: BuildContext, o: Output) -> bytes:
    """A maker a worker process can run (found by name)."""
    return o.path.encode()


def test_kept_workers_serve_the_next_build_after_an_abandoned_one(tmp_path: Path) -> None:
    """An abandoned build can leave places in line that no output will give up (an output's
    thread cancelled before it started): the next build of the same kept workers (the
    preview's) must not wait behind them."""
    from packpack.build.workers import Stopped, Workers

    outputs = [Output("o/b.txt", "note", _note, cpu=True)]
    workers = Workers(2, kept=True)
    try:
        workers.attach(CAMPAIGN, outputs, tmp_path, None)
        workers.announce(True)  # a place taken, never used nor given up
        workers.halt()
        with pytest.raises(Stopped):
            workers.make("o/b.txt", lambda: ("b", 1))
        workers.attach(CAMPAIGN, outputs, tmp_path, None)  # the next build
        made: list[tuple[str, int]] = []
        thread = threading.Thread(target=lambda: made.append(workers.make("o/b.txt", None)),
                                  daemon=True)
        thread.start()
        thread.join(10)
        assert made, "the next build waited behind the abandoned one"
        assert (tmp_path / "o/b.txt").read_bytes() == b"o/b.txt"  # made by the worker
    finally:
        workers.close(now=True)
