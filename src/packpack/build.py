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

import contextlib
import hashlib
import heapq
import json
import os
import queue
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packpack import __version__
from packpack.core import paths
from packpack.core.cache import FOLDER as CACHE_FOLDER
from packpack.core.cache import Cache, fingerprint, place, sha256_file
from packpack.core.errors import BuildError, PackpackError
from packpack.core.outputs import BuildContext, Output, Planner, Progress, Written, timestamp
from packpack.spec.model import Campaign
from packpack.workers import Workers, own_memory

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

    @property
    def total_bytes(self) -> int:
        """The size of everything written, manifest aside."""
        return sum(e["bytes"] for e in self.entries)


def planners() -> list[Planner]:
    """Each kind of output's planner, in the order their outputs are listed."""
    import functools

    from packpack.bundle import outputs
    from packpack.render import graphics
    from packpack.render.pdf import copies
    from packpack.render.pdf import outputs as pack
    from packpack.render.qr import outputs as qr

    return [functools.partial(graphics.plan, also=copies.print_copy), qr.plan, pack.plan,
            outputs.plan]


def plan(campaign: Campaign) -> list[Output]:
    """Every output of a campaign, in manifest order; nothing is drawn yet."""
    outputs = [o for planner in planners() for o in planner(campaign)]
    files: set[str] = set()
    for o in outputs:
        _check_path(o.path)
        if o.path in files:
            raise BuildError(f"two outputs would be written to {o.path}")
        files.add(o.path)
    folders = {p for o in outputs for p in _parents(o.path)}
    for clash in sorted(files & folders):
        raise BuildError(f"{clash} would be both a file and a folder of the output")
    known = files
    for o in outputs:
        for need in o.needs:
            if need not in known:
                raise BuildError(f"{o.path} needs {need}, which no output makes")
    return outputs


def _parents(path: str) -> list[str]:
    """The folders a relative output path lies in: 'a/b/c.png' -> ['a/b', 'a']."""
    found = []
    while "/" in path:
        path = path.rsplit("/", 1)[0]
        found.append(path)
    return found


def _check_path(path: str) -> None:
    """Refuse an output path that could land outside the output folder or clash with ours."""
    if (not path or path == MANIFEST or "\\" in path or "\0" in path
            or any(not part or part.startswith(".") for part in path.split("/"))):
        raise BuildError(f"unsafe output path {path!r}; ids make file names, so keep them to "
                         "lower-case letters, digits and hyphens")


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


def output_key(o: Output, needs: list[str], stamp: str) -> str:
    """The key an output is cached under: empty when it must always be made."""
    if not o.key:
        return ""
    parts = [fingerprint(), stamp, o.path, o.kind, o.key, *needs]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@dataclass
class _Run:
    """The state of one `run`: what is done, how, and what the cache and old build hold."""

    ctx: BuildContext
    cache: Cache | None
    chosen: set[str]
    previous: Path | None
    stamp: str
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
        k = output_key(o, [e["sha256"] for e in needs if e], self.stamp) \
            if all(needs) else ""
        target = self.ctx.staging / o.path
        if k and self.cache and (hit := self.cache.fetch(k, target)):
            return _entry(o, *hit), "reused"
        if o.path in self.chosen:
            sha, size = self._make(o, target, ticket)
            if k and self.cache:
                self.cache.store(k, target, sha, size)
            return _entry(o, sha, size), "made"
        old = self.previous / o.path if self.previous else None
        if old and old.is_file() and not old.is_symlink():
            target.parent.mkdir(parents=True, exist_ok=True)
            place(old, target)
            return _entry(o, *sha256_file(target)), "carried"
        return None, "absent"

    def _make(self, o: Output, target: Path, ticket: int | None) -> tuple[str, int]:
        """Make one output into the staging folder (in a worker process if it is `cpu` work
        and there are workers); its sha256 and size."""
        if o.cpu and self.workers:  # exclusive documents always in a worker process, whose
            # memory is kept lean throughout (see workers.own_memory)
            return self.workers.make(o.path, None if o.exclusive else
                                     lambda: _make_file(self.ctx, o), ticket, o.cost)
        return _make_file(self.ctx, o)


def _make_file(ctx: BuildContext, o: Output) -> tuple[str, int]:
    """Run an output's maker and write its file; its sha256 and size."""
    try:
        with own_memory(bool(o.exclusive)):
            data = o.make(ctx, o)
        if isinstance(data, bytes):
            ctx.path(o.path).write_bytes(data)
            return hashlib.sha256(data).hexdigest(), len(data)
        target = ctx.staging / o.path
        if not target.is_file():
            raise BuildError(f"{o.path}: its maker returned nothing and wrote no file")
        if isinstance(data, Written):
            return data.sha256, data.size
        return sha256_file(target)
    except OSError as exc:
        what = exc.strerror or str(exc)
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        raise BuildError(f"could not make {o.path}: {what}{where}") from None
    except Exception as exc:  # a bug: keep the traceback, but say which output it hit
        if not isinstance(exc, PackpackError):
            exc.add_note(f"packpack: while making {o.path}")
        raise


class _Stopped(Exception):
    """A worker noticed the build is stopping and did not start its output."""


def _entry(o: Output, sha: str, size: int) -> dict[str, Any]:
    return {"path": o.path, "kind": o.kind, **o.meta, "bytes": size, "sha256": sha}


def run(campaign: Campaign, outputs: list[Output], staging: Path, jobs: int = 0,
        progress: Progress | None = None, *, cache: Cache | None = None,
        chosen: Iterable[str] | None = None, previous: Path | None = None,
        workers: Workers | None = None) -> list[dict[str, Any]]:
    """Make every output into `staging`, in dependency order and in parallel; return the
    manifest entries of the files present, in the outputs' order.

    Outputs not in `chosen` (default: all) are not made: they are reused from `cache` or
    carried over from the `previous` build folder, or left out.
    """
    return _run(campaign, outputs, staging, jobs, progress, cache, chosen, previous,
                workers)[0]


def _run(campaign: Campaign, outputs: list[Output], staging: Path, jobs: int,
         progress: Progress | None, cache: Cache | None, chosen: Iterable[str] | None,
         previous: Path | None, workers: Workers | None = None,
         stop: threading.Event | None = None
         ) -> tuple[list[dict[str, Any]], dict[str, str]]:
    context = BuildContext(campaign, staging, cache=cache)
    if stop is not None:
        context.stop = stop
    state = _Run(context, cache,
                 {o.path for o in outputs} if chosen is None else set(chosen), previous,
                 timestamp(campaign).isoformat())
    by_path = {o.path: o for o in outputs}
    waiting = {o.path: {n for n in o.needs if n in by_path} for o in outputs}
    if any(n not in by_path for o in outputs for n in o.needs):
        missing = next(n for o in outputs for n in o.needs if n not in by_path)
        raise BuildError(f"an output needs {missing}, which this build does not make")
    users: dict[str, list[str]] = {}
    for o in outputs:
        for n in o.needs:
            users.setdefault(n, []).append(o.path)
    jobs = max(1, jobs or os.cpu_count() or 1)
    rank = _ranks(outputs, users)
    order = {o.path: i for i, o in enumerate(outputs)}
    ready: list[tuple[float, int, str]] = []  # a heap: highest rank first, then plan order
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
    running: dict[Future, Output] = {}
    finished: queue.SimpleQueue[Future] = queue.SimpleQueue()  # O(1) a completion
    try:
        def release(path: str) -> None:
            del waiting[path]
            heapq.heappush(ready, (-rank[path], order[path], path))

        def submit() -> None:  # a window's worth at a time, best first
            held = []  # ready, but one of their exclusive kind is under way
            busy = {o.exclusive for o in running.values() if o.exclusive}
            while ready and len(running) < window:
                item = heapq.heappop(ready)
                o = by_path[item[2]]
                if o.exclusive and o.exclusive in busy:
                    held.append(item)
                    continue
                if o.exclusive:
                    busy.add(o.exclusive)
                # cpu work takes its place in line for a process now, in order of rank
                ticket = workers.announce(not o.exclusive) \
                    if workers and o.cpu and o.path in state.chosen else None
                future = pool.submit(state.resolve, o, ticket)
                running[future] = o
                future.add_done_callback(finished.put)
            for item in held:
                heapq.heappush(ready, item)

        for path in [p for p, w in waiting.items() if not w]:
            release(path)
        submit()
        while running:
            future = finished.get()
            o = running.pop(future)
            state.entries[o.path], state.how[o.path] = future.result()
            if progress and o.path in state.chosen:
                progress.done(o)
            for user in users.get(o.path, ()):
                waiting[user].discard(o.path)
                if not waiting[user]:
                    release(user)
            submit()
        if waiting:
            raise BuildError("outputs wait on each other: " + ", ".join(sorted(waiting)))
    except BaseException:
        state.ctx.stop.set()
        with _signals_held():
            if workers:
                workers.close(now=True)
            pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        shutil.rmtree(staging / paths.SCRATCH, ignore_errors=True)
    pool.shutdown(wait=True)
    if own:
        own.close()
    entries = [e for o in outputs if (e := state.entries[o.path])]
    return entries, state.how


def _ranks(outputs: list[Output], users: dict[str, list[str]]) -> dict[str, float]:
    """Each output's rank: its cost plus the costliest chain of outputs that wait on it.

    Starting the highest rank first keeps long chains moving (the square graphics, then the
    PDFs that need them, then the bundles that need those) while short work fills the gaps.
    """
    by_path = {o.path: o for o in outputs}
    rank: dict[str, float] = {}
    for o in reversed(_topological(outputs)):
        rank[o.path] = o.cost + max((rank[u] for u in users.get(o.path, ())), default=0.0)
    return {p: rank.get(p, by_path[p].cost) for p in by_path}


def _topological(outputs: list[Output]) -> list[Output]:
    """The outputs ordered so that each comes after everything it needs (cycles left out)."""
    by_path = {o.path: o for o in outputs}
    done: set[str] = set()
    ordered: list[Output] = []
    pending = list(outputs)
    while pending:
        ready = [o for o in pending if all(n in done or n not in by_path for n in o.needs)]
        if not ready:
            break
        for o in ready:
            done.add(o.path)
            ordered.append(o)
        pending = [o for o in pending if o.path not in done]
    return ordered


def manifest(campaign: Campaign, entries: list[dict[str, Any]]) -> bytes:
    """The manifest.json that lists every output with its size and hash."""
    doc = {"packpack": __version__, "campaign": campaign.id, "spec_sha256": campaign.sha256,
           "outputs": entries}
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode()


def build(campaign: Campaign, out: Path, *, jobs: int = 0, progress: Progress | None = None,
          only: list[str] | None = None, partner: list[str] | None = None,
          cache: bool = True, workers: Workers | None = None,
          gate: Callable[[], None] | None = None,
          stop: threading.Event | None = None) -> Result:
    """Build a campaign's outputs into `out`, atomically; return what was written.

    `only` (post ids) and `partner` (partner ids) narrow the build to those outputs and what
    they need; the rest are reused or carried over (see the module's docstring). `cache`
    reuses unchanged outputs from `<spec folder>/.packpack-cache/`; False ignores it (and
    leaves it untouched). `jobs` is the number of workers, 0 for one per core; `workers`,
    processes already started by `workers()`, else the build starts its own if they pay.

    `gate` is called once everything is made, before it is swapped into place: it may raise
    to abandon the build (the CLI lints while the build runs, and waits there for the
    verdict). Setting `stop` abandons the build early: no output is started after it.
    """
    out = destination(campaign, out)
    _check_ids(campaign, only, partner)
    outputs = plan(campaign)
    chosen = {o.path for o in select(outputs, only, partner)}
    store = Cache(campaign.root / CACHE_FOLDER) if cache else None
    with _interruptible(), _locked(out):
        recover(out)
        previous = previous_outputs(out)
        kept = _foreign(out, previous)
        kept = _check_clashes(out, kept, outputs, store)
        if store and (same := unchanged(campaign, outputs, out, store)) is not None:
            if progress:
                progress.planned([o for o in outputs if o.path in chosen])
                for o in outputs:
                    if o.path in chosen:
                        progress.done(o)
            return Result(out, same, reused=[e["path"] for e in same])
        staging: Path | None = None
        try:
            staging = _staging(out)
            entries, how = _run(campaign, outputs, staging, jobs, progress, store, chosen,
                                out if previous else None, workers, stop)
            if gate is not None:
                gate()
            (staging / MANIFEST).write_bytes(manifest(campaign, entries))
            keep(out, staging, kept)
            with _signals_held():
                swap(staging, out)
        except BaseException:
            if staging is not None:
                with _signals_held():
                    shutil.rmtree(staging, ignore_errors=True)
            raise
    if store and not only and not partner:
        store.prune()
    return Result(out, entries, *([o.path for o in outputs if how.get(o.path) == kind]
                                  for kind in ("made", "reused", "carried")))


def unchanged(campaign: Campaign, outputs: list[Output], out: Path,
              store: Cache) -> list[dict[str, Any]] | None:
    """The manifest entries if `out` already holds exactly what this build would write, so
    a no-op rebuild touches nothing; None if anything would change.

    Exactly: every output's current key is in the cache, the file in `out` is that cached
    object itself (the same inode, unchanged since it was stored), and the manifest that
    would be written is byte-for-byte the one in `out`.
    """
    stamp = timestamp(campaign).isoformat()
    shas: dict[str, str] = {}
    entries: dict[str, dict[str, Any]] = {}
    for o in _topological(outputs):
        if any(n not in shas for n in o.needs):
            return None  # it needs an output this build does not make
        k = output_key(o, [shas[n] for n in o.needs], stamp)
        hit = store.lookup(k) if k else None
        if hit is None:
            return None
        sha, size, obj = hit
        try:
            there = (out / o.path).stat(follow_symlinks=False)
        except OSError:
            return None
        if (there.st_ino, there.st_dev) != (obj.st_ino, obj.st_dev):
            return None
        shas[o.path] = sha
        entries[o.path] = _entry(o, sha, size)
    if len(entries) < len(outputs):
        return None  # outputs that wait on each other
    listed = [entries[o.path] for o in outputs]
    try:
        if (out / MANIFEST).read_bytes() != manifest(campaign, listed):
            return None
    except OSError:
        return None
    return listed


def destination(campaign: Campaign, out: Path) -> Path:
    """The output folder as an absolute path, or BuildError if packpack must not write there."""
    given = Path(out)
    out = given.absolute()
    if out.is_symlink() and out.is_dir():
        out = out.resolve()
    if out.exists() and not out.is_dir():
        raise BuildError(f"{given} is a file; give --out a folder (it will be created)")
    root = campaign.root.absolute().resolve()
    if root == out.resolve() or root.is_relative_to(out.resolve()):
        raise BuildError(f"--out {out} holds the spec's own folder; build into a folder of "
                         "its own, such as dist")
    if (out / ".git").exists() or out == Path.home() or out.parent == out:
        raise BuildError(f"--out {out} is not a build folder; build into a folder of its "
                         "own, such as dist")
    return out


def _check_ids(campaign: Campaign, only: list[str] | None, partner: list[str] | None) -> None:
    for given, items, what in ((only, campaign.spec.posts, "post"),
                               (partner, campaign.spec.partners, "partner")):
        ids = [item.id for item in items]
        for wanted in given or ():
            if wanted not in ids:
                raise BuildError(f"there is no {what} {wanted!r}; the {what}s are "
                                 + ", ".join(ids))


def _staging(out: Path) -> Path:
    """A new, empty staging folder beside `out`, with the permissions `out` has (or would)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    except OSError as exc:
        raise BuildError(f"cannot write beside {out}: {exc.strerror or exc}") from None
    try:
        if out.is_dir():
            mode = out.stat().st_mode & 0o7777
        else:
            mask = os.umask(0o22)
            os.umask(mask)
            mode = 0o777 & ~mask
        os.chmod(staging, mode)
        return staging
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"cannot write beside {out}: {exc.strerror or exc}") from None


def previous_outputs(out: Path) -> set[str]:
    """The paths the last build's manifest listed (empty if there is none or it is unreadable)."""
    try:
        doc = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return {e["path"] for e in doc["outputs"] if isinstance(e["path"], str)}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def _foreign(out: Path, ours: set[str]) -> list[str]:
    """What in `out` packpack did not write (files, links, empty folders), as relative paths."""
    if not out.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(out):
        here = Path(folder)
        rel_dir = here.relative_to(out).as_posix()
        for name in files + [d for d in dirs if (here / d).is_symlink()]:
            rel = f"{rel_dir}/{name}".removeprefix("./")
            if rel not in ours and rel != MANIFEST:
                found.append(rel)
        if not dirs and not files and rel_dir != ".":
            found.append(rel_dir + "/")
    return sorted(found)


def _check_clashes(out: Path, kept: list[str], outputs: list[Output],
                   store: Cache | None) -> list[str]:
    """Stop before drawing anything if an output would replace a file packpack did not write;
    return the files to keep.

    A file at an output's path that the last manifest does not list (it was lost or damaged)
    is still known as packpack's if the cache holds its exact bytes.
    """
    files = {o.path for o in outputs}
    folders = {p for o in outputs for p in _parents(o.path)}
    clashes = []
    for rel in kept:
        bare = rel.rstrip("/")
        if bare in files or (not rel.endswith("/") and bare in folders) or \
                any(p in files for p in _parents(bare)):
            clashes.append(rel)
    if store:
        ours = {c for c in clashes if not c.endswith("/") and (out / c).is_file()
                and not (out / c).is_symlink() and store.knows(out / c)}
        clashes = [c for c in clashes if c not in ours]
        kept = [k for k in kept if k not in ours]
    if clashes:
        one = len(clashes) == 1
        shown = ", ".join(f"{out.name}/{c}" for c in clashes[:5]) + (" ..." * (len(clashes) > 5))
        them = "it" if one else "them"
        raise BuildError(f"{shown} {'is' if one else 'are'} not packpack's (not in the last "
                         f"manifest) but a new output would replace {them}; move {them} out "
                         f"of {out.name}/ and build again")
    return kept


def keep(out: Path, staging: Path, kept: list[str]) -> None:
    """Put the files packpack did not write into the new output (links, so nothing is copied)."""
    for rel in kept:
        if rel.endswith("/"):
            (staging / rel).mkdir(parents=True, exist_ok=True)
            continue
        source, dest = out / rel, staging / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, dest, follow_symlinks=False)
        except OSError:
            try:
                shutil.copy2(source, dest, follow_symlinks=False)
            except OSError as exc:
                raise BuildError(f"cannot keep {out.name}/{rel} (it is not packpack's): "
                                 f"{exc.strerror or exc}; move it out and build again") from None


def swap(staging: Path, out: Path) -> None:
    """Put the finished staging folder in the destination's place, as one step if possible.

    On Linux the two folders are exchanged atomically; elsewhere the old output is renamed
    aside first (a crash right then is undone by `recover`). The old output is then removed.
    """
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)
        return
    old = staging.with_name(staging.name.replace(".staging-", ".old-", 1))
    out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    # non-zero (EINVAL, ENOSYS): this file system or kernel cannot; the caller falls back
    return fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def recover(out: Path) -> None:
    """Tidy what an interrupted or crashed build left beside `out`.

    If the output folder is missing but an old one was renamed aside (a crash between the
    two renames of `swap`), the old one is put back; leftover staging and old folders go.
    """
    parent = out.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(f".{out.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if not out.exists() and olds:
        olds.pop().rename(out)
    for leftover in [*olds, *parent.glob(f".{out.name}.staging-*")]:
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """Hold a lock on the output's parent folder, so two builds cannot swap at once."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(out.parent, os.O_RDONLY)
    except OSError as exc:
        raise BuildError(f"cannot write beside {out}: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BuildError(f"another packpack build is writing beside {out}; wait for it "
                             "to finish, then build again") from None
        yield
    finally:
        os.close(fd)


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into KeyboardInterrupt while building (main thread only),
    so `kill` cleans up exactly like Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = [s for s in ("SIGTERM", "SIGHUP") if hasattr(signal, s)]
    before = {s: signal.signal(getattr(signal, s), _raise_interrupt) for s in names}
    try:
        yield
    finally:
        for s, handler in before.items():
            signal.signal(getattr(signal, s), handler)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ignore Ctrl-C and SIGTERM for a moment (cleaning up, swapping), so a second one
    cannot leave a mess; the build is stopping, or about to succeed, anyway."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    names = [s for s in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, s)]
    before = {s: signal.signal(getattr(signal, s), lambda n, f: caught.append(n))
              for s in names}
    try:
        yield
    finally:
        for s, handler in before.items():
            signal.signal(getattr(signal, s), handler)
