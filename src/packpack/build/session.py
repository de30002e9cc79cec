"""`packpack build` as one call: the record of the last build replayed if nothing changed,
else the spec loaded, linted beside the build, the build gated on the lints, and the record
written. The CLI shows progress and the report; everything else happens here.

Only the record and the standard library are imported until a build is needed, so a rebuild
with nothing to do answers in milliseconds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packpack.build import record
from packpack.core.errors import PackpackError, Problem, RenderError, SpecError

if TYPE_CHECKING:
    from packpack.core.outputs import Output, Progress
    from packpack.spec.model import Campaign

Show = Callable[[list[Problem]], None]  # prints findings as soon as they are known


@dataclass(frozen=True)
class Built:
    """What a build left: the manifest's entries, every finding of the lints, and how many
    outputs it made, reused from the cache, and carried over from the last build."""

    entries: list[dict[str, Any]]
    found: list[Problem]
    made: int = 0
    reused: int = 0
    carried: int = 0


class Refused(PackpackError):
    """Errors in the findings (warnings too, under --strict) stopped the build; nothing was
    written. The findings have been shown already."""

    def __init__(self, fatal: list[Problem]):
        self.fatal = fatal
        super().__init__(f"{len(fatal)} error{'s' * (len(fatal) != 1)} found")


def fatal(found: list[Problem], strict: bool) -> list[Problem]:
    """The findings that stop a build: errors, and under `strict` warnings too."""
    return [p for p in found if p.severity == "error" or (strict and p.severity == "warning")]


def build(spec: Path, out: Path, *, show: Show, progress: Progress | None = None,
          jobs: int = 0, only: list[str] | None = None, partner: list[str] | None = None,
          cache: bool = True, strict: bool = False) -> Built:
    """Check and build the campaign `spec` into `out`, as `packpack build` does.

    Findings go to `show` as soon as they are known, before any progress. Raises `SpecError`
    (the spec or its files are wrong), `UsageError` (an unknown id in `only` or `partner`),
    `Refused` (the findings hold errors) or another `PackpackError`; nothing is written then.
    """
    whole = cache and not only and not partner  # a build the record can speak for
    if whole and (same := record.replay(spec, out)) is not None:
        entries, found = same
        show(found)
        if fatal(found, strict):
            raise Refused(fatal(found, strict))
        if progress:
            from packpack.core.outputs import all_done

            all_done(progress, [_Done(e["path"], e["kind"]) for e in entries])
        return Built(entries, found, reused=len(entries))
    from packpack.build.workers import workers

    # worker processes start first (forked before this process imports any more): they
    # import what drawing needs while this process reads and lints the spec
    with workers(jobs, warm_worker) as started:
        from packpack.build.plan import check_ids
        from packpack.spec import loader

        campaign = loader.load(spec, cache=cache)
        check_ids(campaign, only, partner)
        done = _checked_build(campaign, out, show=show, progress=progress, jobs=jobs,
                              only=only, partner=partner, cache=cache, strict=strict,
                              workers=started)
    if whole:
        record.save(spec, out, campaign.named_files(), done.entries, done.found)
    return done


def warm_worker() -> None:
    """In a new worker: import the kinds of output and what they draw with."""
    from packpack.build import kinds

    kinds.warm()


def _checked_build(campaign: Campaign, out: Path, *, show: Show, progress: Progress | None,
                   strict: bool, cache: bool, **options: Any) -> Built:
    """The build, with the lints run beside it: their findings are shown before any progress,
    and errors among them stop it before anything is swapped in.

    Legibility is left to the graphics (they refuse the same way, without composing every
    layout twice); if one refuses, every legibility finding is listed."""
    from packpack.build.pipeline import build
    from packpack.check import legibility, lints

    held = _Held(progress)
    linting = _Linting(lambda: [p for p in lints.lint(campaign, cache=cache, layout=False)
                                if p.severity != "note"], show,  # notes are check's to tell
                       lambda found: fatal(found, strict), held)
    try:
        try:
            result = build(campaign, out, progress=held, cache=cache, gate=linting.passed,
                           stop=linting.stop, **options)
        except SpecError:  # what a kind of output refused by a rule of `check`'s
            linting.passed()  # (the lints found it too, and have shown it)
            raise
        except RenderError:
            linting.passed()  # the lints' errors, if any, come first
            illegible = legibility.errors(campaign)
            if not illegible:
                raise
            held.stop()
            show(illegible)
            raise Refused(illegible + linting.fatal) from None
        except Exception:
            if linting.stop.is_set():  # the lints stopped the build
                linting.passed()
            raise
        linting.passed()  # (a build with nothing to do never reached the gate)
    finally:
        held.stop()
    return Built(result.entries, linting.found, len(result.made), len(result.reused),
                 len(result.carried))


class _Linting:
    """The lints, run in a thread while the build starts: their findings are shown as soon
    as they are known, before any progress (`_Held` holds it until then); errors among
    them stop the build (`stop`) and keep it from being swapped in (`passed`)."""

    def __init__(self, lint: Callable[[], list[Problem]], show: Show,
                 fatal: Callable[[list[Problem]], list[Problem]], progress: _Held):
        self.found: list[Problem] = []
        self.fatal: list[Problem] = []
        self.error: BaseException | None = None
        self.stop = threading.Event()

        def run() -> None:
            try:
                self.found = lint()
                show(self.found)
                self.fatal = fatal(self.found)
            except BaseException as exc:  # a bug: raised again where the build waits
                self.error = exc
            if self.fatal or self.error:
                self.stop.set()
            else:
                progress.release()

        self.thread = threading.Thread(target=run, name="packpack-lint", daemon=True)
        self.thread.start()

    def passed(self) -> None:
        """Wait for the lints; raise if they found errors (or themselves failed)."""
        self.thread.join()
        if self.error is not None:
            raise self.error
        if self.fatal:
            raise Refused(self.fatal)


class _Held:
    """A progress display that shows nothing until `release`d, then all that happened."""

    def __init__(self, progress: Progress | None):
        self.progress, self.held = progress, []
        self.lock = threading.Lock()
        self.released = False

    def planned(self, outputs: list[Output]) -> None:
        """As `Progress.planned`, once released."""
        self._event("planned", outputs)

    def done(self, output: Output, how: str = "made") -> None:
        """As `Progress.done`, once released."""
        self._event("done", output, how)

    def _event(self, name: str, *args: object) -> None:
        with self.lock:
            if self.progress is None:
                return
            if not self.released:
                self.held.append((name, args))
                return
            getattr(self.progress, name)(*args)

    def release(self) -> None:
        """Show what happened so far, and from now on show it as it happens."""
        with self.lock:
            self.released = True
            if self.progress is not None:
                for name, args in self.held:
                    getattr(self.progress, name)(*args)
            self.held = []

    def stop(self) -> None:
        """Leave the display as it is (stopped, if it was ever shown); no more updates."""
        with self.lock:
            if self.progress is not None and self.released:
                getattr(self.progress, "stop", lambda: None)()
            self.progress = None


@dataclass(frozen=True)
class _Done:
    """An output finished by an earlier build, for the progress display of a no-op build."""

    path: str
    kind: str
