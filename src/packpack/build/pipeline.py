"""Plan every output, make them in parallel (or reuse them from the cache), and swap them in.

The pipeline reads as its steps: `plan` asks each kind of output for its list of `Output`s
(plain values: path, kind, manifest fields, cache key, dependencies); `run` makes them, in
dependency order and in parallel, into a staging folder beside the destination, reusing what
the cache already holds; `manifest` lists every file with its size and hash; `swap` puts the
staging folder in the destination's place in one step, keeping files packpack did not write.

What a build promises:

- **Atomic.** Nothing in the destination changes until everything succeeded; a failure,
  Ctrl-C or SIGTERM leaves it exactly as it was and removes the staging folder. The swap is a
  single `renameat2(RENAME_EXCHANGE)` on Linux; elsewhere two renames, and a crash between
  them is undone by the next build (`recover`).
- **Never deletes what packpack did not write.** Files in the destination that the previous
  manifest does not list survive a rebuild; outputs no longer planned (a post removed from
  the spec) are removed. A new output that would replace such a file stops the build.
- **Partial builds stay complete.** With `only`/`partner`, the outputs not selected are
  reused from the cache when still current, else carried over unchanged from the previous
  build; outputs never built are absent. The manifest lists exactly the files present.
- **Reproducible.** The same inputs give the same bytes; `timestamp(campaign)` is the one
  time any output may record.
- **Incremental.** An output whose key (its planner's key, plus the bytes of what it needs,
  packpack's code, the libraries that draw it and the build timestamp) was made before is
  linked from the cache instead of made again. Outputs with an empty key are always made.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packpack.build import kinds, schedule
from packpack.build.folder import (
    check_clashes,
    destination,
    foreign,
    keep,
    locked,
    previous_outputs,
    recover,
    staging_beside,
    swap,
)
from packpack.build.manifest import manifest, unchanged
from packpack.build.plan import check_ids, plan, select
from packpack.build.signals import interruptible, signals_held
from packpack.build.workers import Workers
from packpack.core import paths
from packpack.core.cache import FOLDER, Cache
from packpack.core.outputs import Planner, Progress, all_done
from packpack.spec.model import Campaign

MANIFEST = paths.MANIFEST


@dataclass(frozen=True)
class Result:
    """What a build wrote: the manifest's entries and where they are.

    `made` lists the paths made in this build, `reused` those linked from the cache and
    `carried` those kept from the previous build (with `only`/`partner`).
    """

    out: Path
    entries: list[dict[str, Any]]
    made: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)


def build(campaign: Campaign, out: Path, *, planners: Sequence[Planner] | None = None,
          jobs: int = 0, progress: Progress | None = None, only: list[str] | None = None,
          partner: list[str] | None = None, cache: bool = True,
          workers: Workers | None = None, gate: Callable[[], None] | None = None,
          stop: threading.Event | None = None) -> Result:
    """Build a campaign's outputs into `out`, atomically; return what was written.

    `planners`: the kinds of output to make (default: `kinds.planners()`, every kind).
    `only` (post ids) and `partner` (partner ids) narrow the build to those outputs and what
    they need; the rest are reused or carried over (see the module's docstring). `cache`
    reuses unchanged outputs from `<spec folder>/.packpack-cache/`; False ignores it (and
    leaves it untouched). `jobs` is the number of workers, 0 for one per core; `workers`,
    processes already started by `workers()`, else the build starts its own if they pay.

    `gate` is called once everything is made, before it is swapped into place: it may raise
    to abandon the build (the lints run beside the build, and it waits there for their
    verdict). Setting `stop` abandons the build early: no output is started after it.
    """
    out = destination(campaign, out)
    check_ids(campaign, only, partner)
    outputs = plan(campaign, kinds.planners() if planners is None else planners)
    chosen = {o.path for o in select(outputs, only, partner)}
    store = Cache(campaign.root / FOLDER) if cache else None
    with interruptible(), locked(out):
        recover(out)
        previous = previous_outputs(out)
        kept = check_clashes(out, foreign(out, previous), outputs, store)
        if store and (same := unchanged(campaign, outputs, out, store)) is not None:
            if progress:
                all_done(progress, [o for o in outputs if o.path in chosen])
            return Result(out, same, reused=[e["path"] for e in same])
        staging: Path | None = None
        try:
            staging = staging_beside(out)
            made = schedule.run(campaign, outputs, staging, jobs, progress, cache=store,
                                chosen=chosen, previous=out if previous else None,
                                workers=workers, stop=stop)
            if gate is not None:
                gate()
            (staging / MANIFEST).write_bytes(manifest(campaign, made.entries))
            keep(out, staging, kept)
            with signals_held():
                swap(staging, out)
        except BaseException:
            if staging is not None:
                with signals_held():
                    shutil.rmtree(staging, ignore_errors=True)
            raise
    if store and not only and not partner:
        store.prune()
    return Result(out, made.entries, *([o.path for o in outputs if made.how.get(o.path) == kind]
                                       for kind in ("made", "reused", "carried")))
