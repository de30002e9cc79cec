"""The output folder: where packpack may write, the staging folder beside it, what it holds
that packpack did not write (kept), and the atomic swap that puts a finished build in place.

The swap is a single `renameat2(RENAME_EXCHANGE)` on Linux; elsewhere two renames, and a
crash between them is undone by the next build (`recover`). Files in the destination that
the previous manifest does not list survive a rebuild; a new output that would replace such
a file stops the build.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from packpack.build.plan import parents
from packpack.core import paths
from packpack.core.cache import Cache
from packpack.core.errors import BuildError, UsageError
from packpack.core.outputs import Output
from packpack.spec.model import Campaign

MANIFEST = paths.MANIFEST


def destination(campaign: Campaign, out: Path) -> Path:
    """The output folder as an absolute path, or BuildError if packpack must not write there."""
    given = Path(out)
    out = given.absolute()
    if out.is_symlink() and not out.exists():
        raise BuildError(f"--out {given} is a symbolic link to {os.readlink(out)}, which does "
                         "not exist; point the link at a folder, or give --out a new folder")
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
    if out.is_dir() and not _ours(out):
        try:
            empty = next(out.iterdir(), None) is None
        except OSError as exc:
            raise BuildError(f"cannot read --out {given}: {exc.strerror or exc}") from None
        if not empty:
            raise UsageError("--out", f"--out {given} is a folder of other files (it holds "
                             f"no packpack {MANIFEST}); packpack builds only into a new or "
                             "empty folder, or one it built before: give --out a new folder "
                             "(such as dist), or empty this one first")
    return out

def _ours(out: Path) -> bool:
    """Whether a folder is a packpack output: it holds a manifest packpack wrote, or one
    damaged past reading (the next build repairs it; the cache vouches for its files). A
    manifest.json of something else (a web app's, with keys of its own) is not packpack's."""
    try:
        text = (out / MANIFEST).read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        return True  # there, but unreadable: damaged
    try:
        doc = json.loads(text)
    except ValueError:
        return True
    return not isinstance(doc, dict) or not doc or "packpack" in doc


def staging_beside(out: Path) -> Path:
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

def foreign(out: Path, ours: set[str]) -> list[str]:
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

def check_clashes(out: Path, kept: list[str], outputs: list[Output],
                   store: Cache | None) -> list[str]:
    """Stop before drawing anything if an output would replace a file packpack did not write;
    return the files to keep.

    A file at an output's path that the last manifest does not list (it was lost or damaged)
    is still known as packpack's if the cache holds its exact bytes.
    """
    files = {o.path for o in outputs}
    folders = {p for o in outputs for p in parents(o.path)}
    clashes = []
    for rel in kept:
        bare = rel.rstrip("/")
        if bare in files or (not rel.endswith("/") and bare in folders) or \
                any(p in files for p in parents(bare)):
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
    """Put the files packpack did not write into the new output (links, so nothing is copied),
    in folders with the modes theirs had (a private 0700 folder stays private)."""
    for rel in kept:
        if rel.endswith("/"):
            _folders(out, staging, rel.rstrip("/"))
            continue
        source, dest = out / rel, staging / rel
        _folders(out, staging, str(Path(rel).parent))
        try:
            os.link(source, dest, follow_symlinks=False)
        except OSError:
            try:
                shutil.copy2(source, dest, follow_symlinks=False)
            except OSError as exc:
                raise BuildError(f"cannot keep {out.name}/{rel} (it is not packpack's): "
                                 f"{exc.strerror or exc}; move it out and build again") from None

def _folders(out: Path, staging: Path, rel: str) -> None:
    """Make `rel` and its parents in the staging folder, each with the mode of the folder it
    stands for in the old output."""
    if rel in ("", "."):
        return
    _folders(out, staging, str(Path(rel).parent))
    made = staging / rel
    if made.is_dir():
        return
    made.mkdir()
    with contextlib.suppress(OSError):
        os.chmod(made, (out / rel).stat().st_mode & 0o7777)


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
def locked(out: Path) -> Iterator[None]:
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
