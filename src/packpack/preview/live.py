"""The preview's builds, in one warm process: the spec is loaded and linted, then the
graphics and QR codes are made (the page shows them at once), then the PDFs and the contact
sheet; every build reuses the build cache, and the worker processes stay up between builds
with their fonts, logos and drawing libraries loaded.

A build of the preview goes into a folder of its own inside the cache folder
(`.packpack-cache/preview/<pid>-*`), made of links into the cache; the page is switched to
it when it is complete, and the folder it replaces is removed. `dist/` is not touched unless
an output folder is given (`out`): then each good build is also written there, atomically,
as `packpack build` writes it.

Edits are watched with `watchfiles`: the spec and every file it names (fonts, logos). Edits
saved in quick succession are taken together; an edit saved while a build is under way stops
that build (no output still waiting is started) and the newest spec is built instead. A spec
with errors leaves the last good build on the page, with the errors above it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from packpack.build import schedule
from packpack.build.manifest import output_key
from packpack.build.plan import plan
from packpack.build.session import warm_worker
from packpack.build.workers import Workers
from packpack.core.cache import FOLDER, Cache
from packpack.core.errors import PackpackError, Problem, RenderError, SpecError
from packpack.core.outputs import Output, timestamp
from packpack.preview.view import Snapshot, View
from packpack.spec.model import Campaign

PREVIEW = "preview"  # inside the cache folder: the preview's builds
STEP_MS = 10  # edits this close together are one edit (watchfiles' step)

Say = Callable[[str], None]


class Live:
    """The preview of one spec: builds it whenever it or a file it names changes, and keeps
    what the page shows (`view`, `file`), waking those who wait for a change (`wait`)."""

    def __init__(self, spec: Path, *, out: Path | None = None, jobs: int = 0,
                 say: Say = print, warn: Say = print):
        self.spec = Path(spec)
        self.root = self.spec.absolute().parent
        self.out, self.say, self.warn = out, say, warn
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.store = Cache(self.root / FOLDER)
        self.folder = self.root / FOLDER / PREVIEW
        self.changed = threading.Condition()
        self.version = 1
        self.good: Snapshot | None = None
        self.errors: list[Problem] = []
        self.failure = ""
        self.busy = "Building the preview for the first time."
        self.shown: Path | None = None  # the folder the page shows
        self.dirty = threading.Event()
        self.dirty.set()  # the first build
        self.stop = threading.Event()  # set: the build under way is superseded
        self.closed = threading.Event()
        self.watched: set[Path] = {self.spec.absolute()}
        self.rewatch = threading.Event()  # set: the files to watch changed
        self.workers: Workers | None = None

    # --- what the page reads -----------------------------------------------------------

    def view(self) -> View:
        """What the page shows now."""
        with self.changed:
            return View(str(self.spec), self.version, self.good, list(self.errors),
                        self.failure, self.busy)

    def file(self, path: str) -> Path | None:
        """The file of an output the page shows, or None."""
        good = self.good
        found = good.files.get(path) if good else None
        return found[0] if found else None

    def wait(self, version: int, timeout: float) -> int:
        """The page's version once it is no longer `version` (or after `timeout` seconds)."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != version or self.closed.is_set(),
                                  timeout)
            return self.version

    def _publish(self, **state: Any) -> None:
        with self.changed:
            for name, value in state.items():
                setattr(self, name, value)
            self.version += 1
            self.changed.notify_all()

    # --- building ----------------------------------------------------------------------

    def start_workers(self) -> None:
        """Fork the worker processes, before any thread is started (see `Workers`)."""
        if Workers.wanted(self.jobs):
            self.workers = Workers(self.jobs, warm_worker, kept=True)

    def touched(self) -> None:
        """A watched file changed: build again, stopping the build under way."""
        self.dirty.set()
        self.stop.set()

    def run(self) -> None:
        """Build whenever a watched file changes, until `close` (in the main thread, so that
        Ctrl-C stops the build under way at once)."""
        _tidy(self.folder)
        while not self.closed.is_set():
            if not self.dirty.wait(0.25):
                continue
            self.dirty.clear()
            self.stop = threading.Event()
            try:
                said = self.rebuild(self.stop)
            except KeyboardInterrupt:
                raise
            except Exception as exc:  # a bug: shown, and the preview carries on
                self.warn("".join(traceback.format_exception(exc)).rstrip())
                self._publish(failure=f"packpack failed ({type(exc).__name__}: {exc}); the "
                              "traceback is in the terminal.", busy="")
                continue
            if said:
                self.say(f"{time.strftime('%H:%M:%S')} {said}")

    def rebuild(self, stop: threading.Event) -> str:
        """Build the spec as it is now; what happened, in a few words ('' if superseded)."""
        from packpack.build.session import fatal
        from packpack.check import legibility, lints
        from packpack.spec import loader

        started = time.perf_counter()
        try:
            campaign = loader.load(self.spec, cache=True)
        except SpecError as exc:
            return self._refused(exc.problems)
        self._watch(campaign)
        found = lints.lint(campaign, cache=True, layout=False)
        errors = fatal(found, strict=False)
        if errors:
            return self._refused(errors)
        if stop.is_set():
            return ""
        try:
            first, rest = _phases(campaign)
            keys = _keys(campaign, first)
            good = self.good
            if good is not None and good.keys == keys and self.shown is not None:
                # nothing the graphics or QR codes show changed (a caption, say): the page
                # shows the files it has, with the new words, at once
                files, counts = {p: good.files[p] for p in keys}, {"made": 0,
                                                                    "reused": len(keys)}
                folder = self.shown
            else:
                made = self._make(campaign, first, stop)
                if made is None:
                    return ""
                files, counts, folder = made
            self._publish(good=Snapshot(campaign, found, files, False, _now(), keys),
                          errors=[], failure="", busy="")
            self._switch(folder)
            shown = time.perf_counter()
            made = self._make(campaign, first + rest, stop)
            if made is None:
                return ""
            files, more, folder = made
            self._publish(good=Snapshot(campaign, found, files, True, _now(), keys))
            self._switch(folder)
            if self.out is not None and self._out(campaign, stop) is None:
                return ""
        except SpecError as exc:
            return self._refused(exc.problems)
        except RenderError as exc:
            return self._refused(legibility.errors(campaign), str(exc))
        except PackpackError as exc:
            self._publish(failure=str(exc), busy="")
            self.warn(f"error: {exc}")
            return "the preview could not be built; the page says why"
        return (f"page updated in {shown - started:.2f} s ({counts['made']} made, "
                f"{counts['reused']} reused); PDFs and contact sheet "
                f"{'made' if more['made'] else 'reused'} in {time.perf_counter() - shown:.2f} s"
                + (f"; {self.out} written" if self.out is not None else ""))

    def _refused(self, problems: list[Problem], failure: str = "") -> str:
        """The spec has errors: shown above the last good preview, and in the terminal."""
        self._publish(errors=list(problems), failure="" if problems else failure, busy="")
        for p in problems:
            self.warn(str(p))
        n = len(problems) or 1
        return f"the spec has {n} error{'s' * (n != 1)}; the page shows the last good preview"

    def _make(self, campaign: Campaign, outputs: list[Output], stop: threading.Event
              ) -> tuple[dict[str, tuple[Path, str]], dict[str, int], Path] | None:
        """Make `outputs` into a new folder: its files, how many were made and reused, and
        the folder; None if a newer edit stopped it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=self.folder))
        try:
            done = schedule.run(campaign, outputs, staging, self.jobs, cache=self.store,
                                workers=self.workers, stop=stop)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            if stop.is_set() and not self.closed.is_set():
                return None
            raise
        files = {e["path"]: (staging / e["path"], e["sha256"]) for e in done.entries}
        counts = {how: sum(1 for h in done.how.values() if h == how) for how in
                  ("made", "reused")}
        return files, counts, staging

    def _switch(self, folder: Path) -> None:
        """The page now shows `folder`: remove the one it showed before (a file being sent
        from it stays readable until sent)."""
        with self.changed:
            old, self.shown = self.shown, folder
        if old is not None and old != folder:
            shutil.rmtree(old, ignore_errors=True)

    def _out(self, campaign: Campaign, stop: threading.Event) -> object | None:
        """Write the whole build into the output folder, as `packpack build` does."""
        from packpack.build import kinds, pipeline

        assert self.out is not None
        try:
            return pipeline.build(campaign, self.out, planners=kinds.planners(),
                                  jobs=self.jobs, workers=self.workers, stop=stop)
        except BaseException:
            if stop.is_set() and not self.closed.is_set():
                return None
            raise

    # --- watching ----------------------------------------------------------------------

    def _watch(self, campaign: Campaign) -> None:
        """Watch the spec and the files it names (a new logo is watched from now on)."""
        files = {self.spec.absolute(), *(campaign.file(n).absolute()
                                         for n in campaign.named_files())}
        if files != self.watched:
            self.watched = files
            self.rewatch.set()

    def watch(self) -> None:
        """Call `touched` whenever a watched file changes, until `close` (in a thread).

        The folders holding the watched files are watched, not the files: editors save by
        writing a new file and renaming it over the old one."""
        import watchfiles

        while not self.closed.is_set():
            self.rewatch.clear()
            files = set(self.watched)
            folders = sorted({f.parent for f in files if f.parent.is_dir()})
            names = {str(f) for f in files}
            for _changes in watchfiles.watch(
                    *folders, watch_filter=lambda _change, path, names=names: path in names,
                    step=STEP_MS, stop_event=_Either(self.closed, self.rewatch),
                    recursive=False, raise_interrupt=False, rust_timeout=500,
                    yield_on_timeout=False):
                self.touched()

    def close(self) -> None:
        """Stop watching and building; end the workers; remove the preview's folders."""
        self.closed.set()
        self.stop.set()
        with self.changed:
            self.changed.notify_all()
        if self.workers is not None:
            self.workers.close(now=True)
            self.workers = None
        with self.changed:
            shown, self.shown = self.shown, None
        if shown is not None:
            shutil.rmtree(shown, ignore_errors=True)
        _tidy(self.folder)


class _Either:
    """Set when either of two events is (what watchfiles asks of its `stop_event`): stop
    watching these folders when the preview closes or the files to watch change."""

    def __init__(self, first: threading.Event, second: threading.Event):
        self.first, self.second = first, second

    def is_set(self) -> bool:
        return self.first.is_set() or self.second.is_set()


def _phases(campaign: Campaign) -> tuple[list[Output], list[Output]]:
    """The outputs of a preview, in two steps: what the page shows first (the graphics and
    QR codes), then the rest (the contact sheet, both PDFs). Bundles are not made: the page
    shows what each partner gets."""
    import packpack.render.graphics
    import packpack.render.pdf.outputs
    import packpack.render.qr.outputs

    render = packpack.render
    outputs = plan(campaign, [render.graphics.plan, render.qr.outputs.plan,
                              render.pdf.outputs.plan])
    first = [o for o in outputs if o.kind in ("graphic", "qr")]
    return first, [o for o in outputs if o.kind not in ("graphic", "qr")]


def _keys(campaign: Campaign, outputs: list[Output]) -> dict[str, str]:
    """Each output's cache key (outputs that need none of the others): the same keys, the
    same files."""
    return {o.path: output_key(o, [], timestamp(campaign).isoformat()) for o in outputs
            if not o.needs}


def _now() -> str:
    return time.strftime("%H:%M:%S")


def _tidy(folder: Path) -> None:
    """Remove what previews that are no longer running left in `folder` (and it, if empty)."""
    if not folder.is_dir():
        return
    for leftover in _listing(folder.iterdir()):
        pid = leftover.name.split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or not _alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)
    with contextlib.suppress(OSError):
        folder.rmdir()


def _listing(items: Iterable[Path]) -> list[Path]:
    return [p for p in items if p.is_dir() and not p.is_symlink()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
