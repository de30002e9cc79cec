"""The `packpack` command: each command loads the spec and makes one library call.

Errors a user can fix (`PackpackError`) are printed without a traceback and exit 1; usage
errors exit 2; Ctrl-C exits 130. Heavy libraries are imported inside the commands.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from packpack import __version__
from packpack.errors import PackpackError, SpecError

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

out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, soft_wrap=True, highlight=False)

SpecArg = Annotated[Path, typer.Argument(help="The campaign spec.", show_default=True)]


def _version(value: bool) -> None:
    if value:
        out.print(f"packpack {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Campaign asset packager: one campaign.yaml in; graphics, PDFs, QR codes and partner
    bundles out."""


def _fail(exc: PackpackError) -> None:
    if isinstance(exc, SpecError):
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        n = len(exc.problems)
        err.print(f"{n} problem{'s' * (n != 1)} found; nothing was written.", markup=False)
    else:
        err.print(f"error: {exc}", markup=False)
    raise typer.Exit(1)


@app.command()
def build(
    spec: SpecArg = Path("campaign.yaml"),
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("dist"),
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0,
                                      help="Parallel workers (0: one per core).")] = 0,
) -> None:
    """Build every graphic, PDF, QR code and partner bundle, and manifest.json.

    Example: packpack build campaign.yaml --out dist
    """
    from packpack import build as builder
    from packpack import spec as loader

    try:
        campaign = loader.load(spec)
        result = builder.build(campaign, out_dir, jobs=jobs)
    except PackpackError as exc:
        _fail(exc)
        return
    n = len(result.entries)
    out.print(f"Built {n} file{'s' * (n != 1)} ({result.total_bytes / 1e6:.1f} MB) in "
              f"{out_dir}/, listed in {out_dir}/manifest.json.", markup=False)


@app.command()
def check(spec: SpecArg = Path("campaign.yaml")) -> None:
    """Check the spec and the files it names; report every problem with its line.

    Example: packpack check campaign.yaml
    """
    from packpack import spec as loader

    try:
        campaign = loader.load(spec)
    except PackpackError as exc:
        _fail(exc)
        return
    out.print(f"{spec}: OK ({len(campaign.spec.posts)} posts, {len(campaign.target_sizes)} "
              f"sizes, {len(campaign.spec.partners)} partners).", markup=False)


@app.command()
def init(folder: Annotated[Path, typer.Argument(help="Folder for the new campaign.")]) -> None:
    """Start a new campaign in FOLDER: a working campaign.yaml with fonts and logos.

    Example: packpack init my-campaign && cd my-campaign && packpack build
    """
    from packpack.example import create

    try:
        written = create(folder)
    except PackpackError as exc:
        _fail(exc)
        return
    out.print(f"Created a new campaign in {folder}/ ({written} files: campaign.yaml, its "
              f"schema, fonts and a logo). Next: cd {folder} && packpack build", markup=False)


@app.command()
def sizes() -> None:
    """List the built-in platform sizes with their safe zones and caption limits.

    Example: packpack sizes
    """
    from rich.table import Table

    from packpack.sizes import PLATFORMS, PRESETS

    table = Table(title="Built-in sizes (override or add under `sizes:` in the spec)")
    for column in ("id", "width x height", "safe zone (t r b l)", "platforms", "caption limit"):
        table.add_column(column)
    for key, p in PRESETS.items():
        limits = ", ".join(f"{PLATFORMS[n].name} {PLATFORMS[n].caption_limit:,}"
                           for n in p.platforms)
        s = p.safe
        table.add_row(key, f"{p.width} x {p.height}", f"{s.top} {s.right} {s.bottom} {s.left}",
                      ", ".join(PLATFORMS[n].name for n in p.platforms), limits)
    out.print(table)


@app.command()
def schema() -> None:
    """Print the JSON Schema of campaign.yaml, for editors that validate as you type.

    Example: packpack schema > campaign.schema.json
    """
    from packpack.docs import json_schema

    out.print(json_schema(), markup=False, soft_wrap=True)


def main() -> None:
    """Run the command line; Ctrl-C exits 130 with one line."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("Interrupted; the previous output was left as it was.", markup=False)
        sys.exit(130)
