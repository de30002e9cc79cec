"""Plan every output, make them (in parallel), write the manifest, and swap the result into place.

The pipeline reads as its steps: `plan` asks each kind of output for its list of `Output`s
(plain values: path, kind, manifest fields, cache key, dependencies); `run` makes them in
dependency order into a staging folder beside the destination; `manifest` lists every file
with its size and hash; `swap` replaces the destination only when everything succeeded.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from packpack import __version__
from packpack.errors import BuildError
from packpack.model import Campaign

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Output:
    """One file a build writes, described before it is made.

    `make(ctx, output)` returns the file's bytes, or writes `ctx.path(output.path)` itself
    and returns None (for large files such as bundles). `needs` names other outputs' paths
    that must exist first; `make` reads them with `ctx.read`.
    """

    path: str
    kind: str
    make: Callable[[BuildContext, Output], bytes | None] = field(compare=False, repr=False)
    meta: dict[str, Any] = field(default_factory=dict)
    key: str = ""
    needs: tuple[str, ...] = ()


@dataclass
class BuildContext:
    """What a maker may use: the campaign and the files already made in this build."""

    campaign: Campaign
    staging: Path

    def path(self, relative: str) -> Path:
        """Where an output lives in the staging folder (parent folders created)."""
        full = self.staging / relative
        full.parent.mkdir(parents=True, exist_ok=True)
        return full

    def read(self, relative: str) -> bytes:
        """The bytes of an output made earlier in this build."""
        return (self.staging / relative).read_bytes()


@dataclass(frozen=True)
class Result:
    """What a build wrote: the manifest's entries and where they are."""

    out: Path
    entries: list[dict[str, Any]]

    @property
    def total_bytes(self) -> int:
        """The size of everything written, manifest aside."""
        return sum(e["bytes"] for e in self.entries)


def key(*parts: Any, files: Iterable[Path] = ()) -> str:
    """A cache key: the hash of packpack's version, the given values and the files' bytes."""
    h = hashlib.sha256(__version__.encode())
    h.update(json.dumps(parts, sort_keys=True, default=repr).encode())
    for f in files:
        h.update(hashlib.sha256(Path(f).read_bytes()).digest())
    return h.hexdigest()


Planner = Callable[[Campaign], list[Output]]


class Progress(Protocol):
    """What the CLI passes to see a build advance (a progress bar, or plain lines)."""

    def planned(self, outputs: list[Output]) -> None:
        """Called once with every output the build will make, before any is made."""

    def done(self, output: Output) -> None:
        """Called as each output is finished."""


KINDS = ("graphics", "qr", "pack", "bundle")  # modules with a `plan(campaign)`, in order


def planners() -> list[Planner]:
    """Each kind of output's planner, in the order their outputs are listed."""
    import importlib
    import importlib.util

    return [importlib.import_module(f"packpack.{m}").plan for m in KINDS
            if importlib.util.find_spec(f"packpack.{m}") is not None]


def plan(campaign: Campaign) -> list[Output]:
    """Every output of a campaign, in manifest order; nothing is drawn yet."""
    outputs = [o for planner in planners() for o in planner(campaign)]
    seen: set[str] = set()
    for o in outputs:
        if o.path in seen:
            raise BuildError(f"two outputs would be written to {o.path}")
        seen.add(o.path)
    return outputs


def select(outputs: list[Output], only: list[str] | None = None,
           partner: list[str] | None = None) -> list[Output]:
    """The outputs for some posts (`only`) and/or partners' bundles, with what they need."""
    if not only and not partner:
        return outputs
    by_path = {o.path: o for o in outputs}
    wanted = {o.path for o in outputs
              if (only and o.meta.get("post") in only)
              or (partner and o.meta.get("partner") in partner)}
    stack = list(wanted)
    while stack:
        for need in by_path[stack.pop()].needs:
            if need not in wanted:
                wanted.add(need)
                stack.append(need)
    return [o for o in outputs if o.path in wanted]


def run(campaign: Campaign, outputs: list[Output], staging: Path, jobs: int = 0,
        progress: Progress | None = None) -> list[dict[str, Any]]:
    """Make every output into `staging`, in dependency order; return the manifest entries."""
    ctx = BuildContext(campaign, staging)
    done: set[str] = set()
    entries: dict[str, dict[str, Any]] = {}
    pending = list(outputs)
    workers = jobs or os.cpu_count() or 1
    if progress:
        progress.planned(outputs)

    def make(o: Output) -> dict[str, Any]:
        data = o.make(ctx, o)
        target = ctx.path(o.path)
        if data is not None:
            target.write_bytes(data)
        else:
            data = target.read_bytes()
        if progress:
            progress.done(o)
        return {"path": o.path, "kind": o.kind, **o.meta, "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest()}

    with ThreadPoolExecutor(max_workers=workers) as pool:
        while pending:
            ready = [o for o in pending if all(n in done for n in o.needs)]
            if not ready:
                raise BuildError("outputs wait on each other: "
                                 + ", ".join(o.path for o in pending))
            for o, entry in zip(ready, pool.map(make, ready), strict=True):
                entries[o.path] = entry
                done.add(o.path)
            pending = [o for o in pending if o.path not in done]
    return [entries[o.path] for o in outputs]


def manifest(campaign: Campaign, entries: list[dict[str, Any]]) -> bytes:
    """The manifest.json that lists every output with its size and hash."""
    doc = {"packpack": __version__, "campaign": campaign.id, "spec_sha256": campaign.sha256,
           "outputs": entries}
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode()


def build(campaign: Campaign, out: Path, *, jobs: int = 0, progress: Progress | None = None,
          only: list[str] | None = None, partner: list[str] | None = None,
          cache: bool = True) -> Result:
    """Build a campaign's outputs into `out`, atomically; return what was written.

    `only` (post ids) and `partner` (partner ids) narrow the build to those outputs and what
    they need. `cache` reuses unchanged outputs from earlier builds.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out} is a file; give --out a folder (it will be created)")
    outputs = select(plan(campaign), only, partner)
    parent = out.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=parent))
    except OSError as exc:
        raise BuildError(f"cannot write beside {out}: {exc.strerror}") from None
    try:
        entries = run(campaign, outputs, staging, jobs, progress)
        (staging / MANIFEST).write_bytes(manifest(campaign, entries))
        swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Result(out, entries)


def previous_outputs(out: Path) -> set[str]:
    """The paths the last build's manifest listed (empty if there is none or it is unreadable)."""
    try:
        doc = json.loads((out / MANIFEST).read_text())
        return {e["path"] for e in doc["outputs"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def swap(staging: Path, out: Path) -> None:
    """Put the staging folder in the destination's place, keeping files packpack did not write.

    Files in `out` that its previous manifest does not list (a designer's notes, say) are
    moved into the new output first; what the old build wrote is replaced as a whole.
    """
    if out.exists():
        ours = previous_outputs(out) | {MANIFEST}
        for path in sorted(out.rglob("*")):
            rel = path.relative_to(out).as_posix()
            if path.is_dir() or rel in ours or (staging / rel).exists():
                continue
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(path, staging / rel) if not path.is_symlink() else \
                shutil.copy2(path, staging / rel, follow_symlinks=False)
        old = staging.with_name(staging.name.replace("staging", "old"))
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(out)
