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
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

from packpack import __version__
from packpack.build.session import Refused
from packpack.cli.progress import Bar, Lines
from packpack.cli.report import plural, show, size, summary
from packpack.core.errors import PackpackError, SpecError, UsageError

if TYPE_CHECKING:
    pass

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


@contextmanager
def _handled(err: Console, after: str = "; nothing was written.") -> Iterator[None]:
    """Turn a user's mistake into its message and exit 1; Ctrl-C into one line and exit 130."""
    try:
        yield
    except Refused as exc:
        err.print(f"{exc}{after}", markup=False)
        raise typer.Exit(1) from None
    except SpecError as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        err.print(f"{plural(len(exc.problems), 'problem')} found{after}", markup=False)
        raise typer.Exit(1) from None
    except PackpackError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print("Interrupted; nothing was changed.", markup=False)
        raise typer.Exit(130) from None


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
    from packpack.build import session

    out, err = _consoles(quiet)
    started = clock()
    progress = None if quiet else (Bar(out) if out.is_terminal else Lines(out))
    with _handled(err):
        try:
            built = session.build(spec, out_dir, show=lambda f: show(err, f, quiet, strict),
                                  progress=progress, jobs=jobs, only=only or None,
                                  partner=partner or None, cache=not no_cache, strict=strict)
        except UsageError as exc:
            raise typer.BadParameter(str(exc), param_hint=f"'{exc.option}'") from None
        finally:
            if progress:
                progress.stop()
    summary(out, built, clock() - started, out_dir)


@app.command(short_help="Serve a live page of every output; rebuild as the spec is edited.")
def preview(
    spec: SpecArg = Path("campaign.yaml"),
    port: Annotated[int, typer.Option("--port", min=0, max=65535,
                                      help="Port on 127.0.0.1 (the next free one if taken; "
                                      "0: any free port).")] = 8000,
    no_open: Annotated[bool, typer.Option("--no-open",
                                          help="Do not open the page in a browser.")] = False,
    out_dir: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Also write each good build here, as `packpack build` does "
        "(default: dist/ is left alone).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0,
                                      help="Parallel workers (0: one per core).")] = 0,
) -> None:
    """Check and build the campaign, then serve a page on 127.0.0.1 that shows every graphic
    in every size, the captions and alt text, the findings, the PDFs, the QR codes and each
    partner's view. Each time the spec or a file it uses is saved, only what changed is made
    again and the open page refreshes itself; a spec with errors shows them above the last
    good preview. Its address is the first line printed. Ctrl-C stops it.

    \b
    Examples:
      packpack preview
      packpack preview campaign.yaml --port 8080 --no-open
      packpack preview --out dist   (also keeps dist/ built)
    """
    from packpack.preview.serve import preview as serve

    out, err = _consoles()

    def say(line: str) -> None:
        out.print(line, markup=False)
        out.file.flush()

    def warn(line: str) -> None:
        err.print(line, markup=False)

    with _handled(err, "."):
        try:
            serve(spec, port=port, open_browser=not no_open, out=out_dir, jobs=jobs, say=say,
                  warn=warn)
        except KeyboardInterrupt:  # Ctrl-C: the preview has stopped and tidied up
            say("Preview stopped.")
            raise typer.Exit(130) from None


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
    from packpack.spec import loader

    with _handled(err, "."):
        campaign = loader.load(spec, cache=True)
        found = lints.lint(campaign)
    show(err, found, quiet, strict)
    errors = len(lints.errors(found))
    notes = len(lints.notes(found))
    warnings = len(found) - errors - notes
    counts = (f"{plural(len(campaign.spec.posts), 'post')}, "
              f"{plural(len(campaign.target_sizes), 'size')}, "
              f"{plural(len(campaign.spec.partners), 'partner')}")
    if not found:
        out.print(f"{spec}: OK ({counts}).", markup=False)
        return
    verdict = f"{spec}: {plural(errors, 'error')}, {plural(warnings, 'warning')}" + (
        f", {plural(notes, 'note')}" if notes else "") + f" ({counts})"
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

    from packpack.spec.platforms import PLATFORMS, PRESETS, STANDARD

    out, _ = _consoles()
    table = Table(title="Built-in sizes (override or add under `sizes:` in the spec)",
                  caption="made: 'standard' sizes are made when campaign.sizes is left out; "
                          "the others when the spec names them")
    for column in ("id", "width x height", "safe zone (t r b l)", "platforms", "made"):
        table.add_column(column)
    for key, p in PRESETS.items():
        s = p.safe
        table.add_row(key, f"{p.width} x {p.height}", f"{s.top} {s.right} {s.bottom} {s.left}",
                      ", ".join(PLATFORMS[n].name for n in p.platforms),
                      "standard" if key in STANDARD else "when named")
    out.print(table)
    limits = Table(title="Platform limits (checked by `packpack check`)")
    for column in ("platform id", "caption", "counted as", "alt text", "links", "hashtags",
                   "file size"):
        limits.add_column(column)
    for key, pl in PLATFORMS.items():
        counted = {"chars": "characters", "x-weighted": "weighted: link 23, emoji 2",
                   "graphemes": "graphemes",
                   "utf8-emoji": "characters, emoji as UTF-8 bytes"}[pl.caption_count]
        limits.add_row(key, f"{pl.caption_limit:,}", counted,
                       f"{pl.alt_limit:,}" if pl.alt_limit else "-",
                       str(pl.max_links or "-"), str(pl.max_hashtags or "-"),
                       size(pl.max_bytes))
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
    (freeing every object of ReportLab and Pillow, one by one) would be a noticeable part of
    a rebuild, so the output is flushed and the process ends there. A crash (a traceback)
    ends the ordinary way."""
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
