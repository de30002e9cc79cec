"""The `packpack` command: each command loads the spec and makes one library call.

Exit codes: 0 success; 1 the spec or its files are wrong (every problem reported, nothing
written); 2 usage error (a bad option, or an unknown id given to --only/--partner); 130
interrupted. Findings go to stderr, progress and summaries to stdout. Heavy libraries are
imported inside the commands, so `packpack --help` is quick.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

from packpack import __version__
from packpack.core.errors import PackpackError, Problem, RenderError, SpecError

if TYPE_CHECKING:
    from packpack.core.outputs import Output
    from packpack.spec.model import Campaign

app = typer.Typer(
    name="packpack",
    help="Campaign asset packager: one campaign.yaml in; graphics, PDFs, QR codes and partner "
    "bundles out.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

SpecArg = Annotated[Path, typer.Argument(help="The campaign spec.", metavar="SPEC")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (exit 1).")]
clock = time.perf_counter  # what the build summary's time is measured with (tests pin it)


def _consoles(quiet: bool = False) -> tuple[Console, Console]:
    """stdout and stderr consoles for one command; stdout is silent with --quiet.

    Rich turns colour off by itself when NO_COLOR is set or the output is not a terminal.
    """
    return (Console(soft_wrap=True, highlight=False, quiet=quiet),
            Console(stderr=True, soft_wrap=True, highlight=False))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"packpack {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Campaign asset packager: one campaign.yaml in; graphics, PDFs, QR codes and partner
    bundles out."""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _show(err: Console, found: list[Problem], quiet: bool, strict: bool) -> None:
    """Print findings: errors always, warnings unless --quiet (under --strict they are errors).

    All in one piece of text, its labels coloured: printing each line by itself took a
    third of a second for the hundreds of findings of a large campaign."""
    from rich.text import Text

    text = Text(end="")
    for p in found:
        fatal = p.severity == "error" or strict
        if fatal or not quiet:
            label = "error" if p.severity == "error" else "warning"
            text.append(f"{p} ")
            text.append(f"({label})", style="red" if fatal else "yellow")
            text.append("\n")
    if text:
        err.print(text, end="")


def _fatal(found: list[Problem], strict: bool) -> list[Problem]:
    """The findings that stop a build: errors, and under --strict warnings too."""
    return found if strict else [p for p in found if p.severity == "error"]


def _refuse(err: Console, fatal: list[Problem]) -> None:
    """Stop the build, saying how many errors stopped it, if there are any."""
    if fatal:
        err.print(f"{_plural(len(fatal), 'error')} found; nothing was written.", markup=False)
        raise typer.Exit(1)


@contextmanager
def _handled(err: Console, after: str = "; nothing was written.") -> Iterator[None]:
    """Turn a user's mistake into its message and exit 1; Ctrl-C into one line and exit 130."""
    try:
        yield
    except SpecError as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        err.print(f"{_plural(len(exc.problems), 'problem')} found{after}", markup=False)
        raise typer.Exit(1) from None
    except PackpackError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print("Interrupted; nothing was changed.", markup=False)
        raise typer.Exit(130) from None


def _known(option: str, given: list[str], known: list[str], noun: str) -> None:
    """Refuse ids the campaign does not have, listing the ones it does (a usage error)."""
    bad = [g for g in given if g not in known]
    if bad:
        raise typer.BadParameter(
            f"{', '.join(repr(b) for b in bad)} {'is not a' if len(bad) == 1 else 'are not'} "
            f"{noun} id{'s' * (len(bad) > 1)} in the spec; choose from: {', '.join(known)}",
            param_hint=f"'{option}'")


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

    def done(self, output: Output) -> None:
        """Advance the output's bar."""
        self.bars.advance(self.tasks[output.kind])

    def stop(self) -> None:
        """Leave the finished bars on screen."""
        self.bars.stop()


class Lines:
    """Plain lines for logs: one as each kind of output is finished."""

    def __init__(self, console: Console):
        self.console = console
        self.left: Counter[str] = Counter()
        self.total: Counter[str] = Counter()
        self.lock = threading.Lock()

    def planned(self, outputs: list[Output]) -> None:
        """Note how many outputs of each kind to expect."""
        self.total = Counter(o.kind for o in outputs)
        self.left = Counter(self.total)

    def done(self, output: Output) -> None:
        """Print a line when the last output of a kind is finished."""
        with self.lock:
            self.left[output.kind] -= 1
            if not self.left[output.kind]:
                self.console.print(f"{output.kind}: {_plural(self.total[output.kind], 'file')} "
                                   "made", markup=False)

    def stop(self) -> None:
        """Nothing to tidy."""


def _size(n: float) -> str:
    for unit in ("bytes", "kB", "MB"):
        if n < 1000 or unit == "MB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    return ""  # pragma: no cover


def _load(spec: Path, cache: bool = True) -> Campaign:
    from packpack.spec import loader

    return loader.load(spec, cache=cache)


@app.command(short_help="Check the spec, then build every output.")
def build(
    spec: SpecArg = Path("campaign.yaml"),
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("dist"),
    only: Annotated[list[str] | None, typer.Option(
        "--only", metavar="POST", help="Build only this post's outputs (repeatable).")] = None,
    partner: Annotated[list[str] | None, typer.Option(
        "--partner", metavar="ID", help="Build only this partner's bundle and what it needs "
        "(repeatable).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0,
                                      help="Parallel workers (0: one per core).")] = 0,
    no_cache: Annotated[bool, typer.Option("--no-cache",
                                           help="Make every output afresh.")] = False,
    strict: StrictOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Check the spec, then build every graphic, PDF, QR code and partner bundle, and
    manifest.json. Nothing is written if the spec has errors.

    \b
    Examples:
      packpack build
      packpack build campaign.yaml --out dist --jobs 4
      packpack build --only stalking-is --partner harbour   (one post, one bundle)
    """
    out, err = _consoles(quiet)
    started = clock()
    whole = not no_cache and not only and not partner  # a build the record can speak for
    if whole:
        from packpack import stamp

        same = stamp.replay(spec, out_dir)  # nothing changed since the last build
        if same is not None:
            entries, found = same
            _show(err, found, quiet, strict)
            _refuse(err, _fatal(found, strict))
            progress = None if quiet else (Bar(out) if out.is_terminal else Lines(out))
            if progress:
                done = [_Done(e["path"], e["kind"]) for e in entries]
                progress.planned(done)  # type: ignore[arg-type]
                for d in done:
                    progress.done(d)  # type: ignore[arg-type]
                progress.stop()
            _summary(out, entries, found, clock() - started, out_dir)
            return
    from packpack.workers import workers as start_workers

    # worker processes start first (before the build's own imports): they import what
    # drawing needs while this process reads and lints the spec
    with _handled(err), start_workers(jobs) as workers:
        from packpack import build as builder
        from packpack.check import lints

        campaign = _load(spec, cache=not no_cache)
        _known("--only", only or [], [p.id for p in campaign.spec.posts], "post")
        _known("--partner", partner or [], [p.id for p in campaign.spec.partners], "partner")
        # the lints run while the build starts (its progress shows once their findings are
        # printed); errors among them stop it, and nothing is swapped in before they pass.
        # Legibility is left to the graphics (they refuse the same way, without composing
        # every layout twice); if one refuses, every such finding is listed below
        progress = _Held(None if quiet else (Bar(out) if out.is_terminal else Lines(out)))
        linting = _Linting(lambda: lints.lint(campaign, cache=not no_cache, layout=False),
                           lambda found: _show(err, found, quiet, strict),
                           lambda found: _fatal(found, strict), progress)
        try:
            try:
                result = builder.build(campaign, out_dir, jobs=jobs, progress=progress,
                                       only=only or None, partner=partner or None,
                                       cache=not no_cache, workers=workers,
                                       gate=linting.passed, stop=linting.stop)
            except RenderError:
                linting.passed()  # the lints' errors, if any, come first
                from packpack.check.legibility import findings

                illegible = findings(campaign)
                if not illegible:
                    raise
                progress.stop()
                _show(err, illegible, quiet, strict)
                _refuse(err, illegible + linting.fatal)
            except Exception:
                if linting.stop.is_set():  # the lints stopped the build
                    linting.passed()
                raise
            linting.passed()  # (a build with nothing to do never reached the gate)
        except _Refused:
            progress.stop()
            _refuse(err, linting.fatal)
        finally:
            progress.stop()
        found = linting.found
        if whole:
            from packpack import stamp

            stamp.save(spec, out_dir, campaign.named_files(), result.entries, found)
    _summary(out, result.entries, found, clock() - started, out_dir)


class _Refused(Exception):
    """The lints found errors (or, under --strict, warnings): the build must not finish."""


class _Linting:
    """The lints, run in a thread while the build starts: their findings are printed as soon
    as they are known, before any progress (`_Held` holds it until then); errors among
    them stop the build (`stop`) and keep it from being swapped in (`passed`)."""

    def __init__(self, lint: Callable[[], list[Problem]],
                 show: Callable[[list[Problem]], None],
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
            raise _Refused


class _Held:
    """A progress display that shows nothing until `release`d, then all that happened."""

    def __init__(self, progress: Bar | Lines | None):
        self.progress, self.held = progress, []
        self.lock = threading.Lock()
        self.released = False

    def planned(self, outputs: list[Output]) -> None:
        """As `Progress.planned`, once released."""
        self._event("planned", outputs)

    def done(self, output: Output) -> None:
        """As `Progress.done`, once released."""
        self._event("done", output)

    def _event(self, name: str, arg: object) -> None:
        with self.lock:
            if self.progress is None:
                return
            if not self.released:
                self.held.append((name, arg))
                return
            getattr(self.progress, name)(arg)

    def release(self) -> None:
        """Show what happened so far, and from now on show it as it happens."""
        with self.lock:
            self.released = True
            if self.progress is not None:
                for name, arg in self.held:
                    getattr(self.progress, name)(arg)
            self.held = []

    def stop(self) -> None:
        """Leave the display as it is (if it was ever shown); no more updates."""
        with self.lock:
            if self.progress is not None and self.released:
                self.progress.stop()
            self.progress = None


class _Done:
    """An output finished by an earlier build, for the progress display of a no-op build."""

    def __init__(self, path: str, kind: str):
        self.path, self.kind = path, kind


def _summary(out: Console, entries: list[dict], found: list[Problem], took: float,
             out_dir: Path) -> None:
    """What a build wrote: files and bytes in all and by kind, and how many warnings."""
    files: Counter[str] = Counter(e["kind"] for e in entries)
    sizes: Counter[str] = Counter()
    for e in entries:
        sizes[e["kind"]] += e["bytes"]
    total = sum(sizes.values())
    out.print(f"Built {_plural(len(entries), 'file')}, {_size(total)}, in "
              f"{took:.1f} s into {out_dir}/ (listed in {out_dir}/manifest.json):", markup=False)
    width = max((len(kind) for kind in files), default=0)
    for kind, n in files.items():
        out.print(f"  {kind:<{width}} {_plural(n, 'file'):>10} {_size(sizes[kind]):>10}",
                  markup=False)
    out.print(f"{_plural(len(found), 'warning')} (listed above)." if found else "No warnings.",
              markup=False)


@app.command(short_help="Check and lint the spec; report every finding.")
def check(spec: SpecArg = Path("campaign.yaml"), strict: StrictOpt = False,
          quiet: QuietOpt = False) -> None:
    """Check the spec and the files it names, then lint it: caption and alt-text limits,
    dates and weekdays, phone numbers, links, and anything defined but never used. Each
    finding names the file, line, column and field, and says how to fix it.

    \b
    Examples:
      packpack check
      packpack check campaign.yaml --strict   (warnings fail too, e.g. in CI)
    """
    out, err = _consoles(quiet)
    from packpack.check import lints

    with _handled(err, "."):
        campaign = _load(spec)
        found = lints.lint(campaign)
    _show(err, found, quiet, strict)
    errors = len(lints.errors(found))
    warnings = len(found) - errors
    counts = (f"{_plural(len(campaign.spec.posts), 'post')}, "
              f"{_plural(len(campaign.target_sizes), 'size')}, "
              f"{_plural(len(campaign.spec.partners), 'partner')}")
    if not found:
        out.print(f"{spec}: OK ({counts}).", markup=False)
        return
    verdict = f"{spec}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')} ({counts})"
    if errors or (strict and warnings):
        err.print(verdict + ("; warnings are errors under --strict." if strict and warnings
                             else "."), markup=False)
        raise typer.Exit(1)
    out.print(verdict + ".", markup=False)


@app.command(short_help="Start a new campaign in a folder.")
def init(folder: Annotated[Path, typer.Argument(help="Folder for the new campaign.")]) -> None:
    """Start a new campaign in FOLDER: a working campaign.yaml with its schema, fonts and
    a logo. Refuses a folder that already holds a campaign.yaml.

    \b
    Example:
      packpack init my-campaign && cd my-campaign && packpack build
    """
    out, err = _consoles()
    from packpack.spec.example import create

    with _handled(err):
        written = create(folder)
    out.print(f"Created a new campaign in {folder}/ ({written} files: campaign.yaml, its "
              f"schema, fonts and a logo). Next: cd {folder} && packpack build", markup=False)


@app.command(short_help="List the built-in sizes and platform limits.")
def sizes() -> None:
    """List the built-in sizes (canvas, safe zone, platforms) and each platform's limits.

    \b
    Example:
      packpack sizes
    """
    from rich.table import Table

    from packpack.spec.platforms import PLATFORMS, PRESETS

    out, _ = _consoles()
    table = Table(title="Built-in sizes (override or add under `sizes:` in the spec)")
    for column in ("id", "width x height", "safe zone (t r b l)", "platforms"):
        table.add_column(column)
    for key, p in PRESETS.items():
        s = p.safe
        table.add_row(key, f"{p.width} x {p.height}", f"{s.top} {s.right} {s.bottom} {s.left}",
                      ", ".join(PLATFORMS[n].name for n in p.platforms))
    out.print(table)
    limits = Table(title="Platform limits (checked by `packpack check`)")
    for column in ("platform id", "caption", "counted as", "alt text", "links", "hashtags",
                   "file size"):
        limits.add_column(column)
    for key, pl in PLATFORMS.items():
        counted = {"chars": "characters", "x-weighted": "weighted: link 23, emoji 2",
                   "graphemes": "graphemes"}[pl.caption_count]
        limits.add_row(key, f"{pl.caption_limit:,}", counted,
                       f"{pl.alt_limit:,}" if pl.alt_limit else "-",
                       str(pl.max_links or "-"), str(pl.max_hashtags or "-"),
                       _size(pl.max_bytes))
    out.print(limits)


@app.command(short_help="Print the JSON Schema of campaign.yaml.")
def schema() -> None:
    """Print the JSON Schema of campaign.yaml, for editors that validate as you type.

    \b
    Example:
      packpack schema > campaign.schema.json
    """
    from packpack.spec.schema import json_schema

    typer.echo(json_schema(), nl=False)


def main() -> None:
    """Run the command line; Ctrl-C exits 130 with one line."""
    try:
        app()
    except KeyboardInterrupt:
        print("Interrupted; nothing was changed.", file=sys.stderr)
        sys.exit(130)


def command() -> NoReturn:
    """The `packpack` command: `main`, then out at once with its exit code.

    When a command is over, nothing is left to tidy: every file is written and closed,
    every worker process joined and every staging folder gone. Python's own tidying at exit
    (freeing every object of ReportLab and Pillow, one by one) would still take 50-70 ms,
    a tenth of a rebuild, so the output is flushed and the process ends there. A crash
    (a traceback) ends the ordinary way."""
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # as Python prints a SystemExit that is not a number
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nobody to tell
            stream.flush()
    os._exit(code or 0)
