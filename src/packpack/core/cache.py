"""The build cache: files made by earlier builds, found again by their output's key.

It lives in `<spec folder>/.packpack-cache/` and is content-addressed: `objects/ab/<sha256>`
holds a file's bytes once, however many keys give it; `keys/ab/<key>` names the object a
key made, with its size and modification time so a damaged object is noticed and rebuilt;
`memo/ab/<key>` holds intermediate results that several outputs or builds share.
Every write is atomic (a temporary name, then a rename), so the cache can be deleted, or a
build killed, at any moment without harm; anything missing or wrong is simply a miss.

Objects are hard-linked into the staging folder (copied where links are impossible), so a
no-op rebuild costs a few system calls per output, not a copy of every byte.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import threading
import time
from pathlib import Path

FOLDER = ".packpack-cache"
KEEP_DAYS = 14  # a key unused this long is forgotten, and its object removed, when pruning
PRUNE_EVERY = 24 * 3600  # seconds between prunes


@functools.cache
def fingerprint() -> str:
    """What shapes every output besides its own inputs: packpack's code and the drawing
    libraries. Any change to them makes every cached file stale."""
    import importlib.util
    import zlib

    from packpack import __version__

    h = hashlib.sha256(__version__.encode())
    here = Path(__file__).parents[1]  # the whole package, every stage
    for source in sorted(here.rglob("*.py")):
        h.update(source.relative_to(here).as_posix().encode())
        h.update(source.read_bytes())
    h.update(zlib.ZLIB_RUNTIME_VERSION.encode())
    for name in ("PIL", "reportlab", "qrcode", "_rl_accel", "PIL._imaging", "zlib_ng.zlib_ng",
                 "phonenumbers"):
        with contextlib.suppress(ImportError, ValueError, OSError, AttributeError):
            spec = importlib.util.find_spec(name)
            if spec and spec.origin:
                st = os.stat(spec.origin)
                h.update(f"{name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


def write_whole(path: Path, data: bytes) -> None:
    """Write a file all at once or not at all: under a temporary name beside it, then renamed
    over it, so that a reader (or a build killed midway) never finds half of it. Raises
    OSError like any write; the folder is made if need be."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def sha256_file(path: Path) -> tuple[str, int]:
    """A file's SHA-256 and size, read in blocks (a bundle need not fit in memory)."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
            size += len(block)
    return h.hexdigest(), size


def place(source: Path, dest: Path) -> None:
    """Put `source`'s bytes at `dest` (a new name): a hard link if possible, else a copy."""
    try:
        os.link(source, dest)
    except OSError:
        shutil.copyfile(source, dest)


class Cache:
    """One cache folder; every method shrugs off I/O errors (a cache must never fail a build)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _key_file(self, key: str) -> Path:
        return self.folder / "keys" / key[:2] / key

    def _object(self, sha: str) -> Path:
        return self.folder / "objects" / sha[:2] / sha

    def lookup(self, key: str) -> tuple[str, int, os.stat_result] | None:
        """The (sha256, size, stat) of the object `key` made, if it is there and unchanged
        since it was stored (same size and modification time); None otherwise."""
        try:
            sha, size, mtime = self._key_file(key).read_text().split()
            st = self._object(sha).stat()
        except (OSError, ValueError):
            return None
        if st.st_size != int(size) or st.st_mtime_ns != int(mtime):
            return None
        return sha, int(size), st

    def fetch(self, key: str, dest: Path) -> tuple[str, int] | None:
        """Place the file made for `key` at `dest`; its (sha256, size), or None on a miss."""
        try:
            sha, size, mtime = self._key_file(key).read_text().split()
            obj = self._object(sha)
            st = obj.stat()
            if st.st_size != int(size):
                return None
            if st.st_mtime_ns != int(mtime) and sha256_file(obj) != (sha, int(size)):
                obj.unlink(missing_ok=True)  # changed behind our back: never serve it again
                return None
            dest.parent.mkdir(parents=True, exist_ok=True)
            place(obj, dest)
            with contextlib.suppress(OSError):  # mark the key as used, for pruning
                os.utime(self._key_file(key))
            return sha, int(size)
        except (OSError, ValueError):
            return None

    def knows(self, path: Path) -> bool:
        """Whether a file's exact bytes are in the cache, i.e. packpack made them."""
        try:
            return self._object(sha256_file(path)[0]).is_file()
        except OSError:
            return False

    def store(self, key: str, made: Path, sha: str, size: int) -> None:
        """Remember that `key` made the file `made` (whose hash and size are given)."""
        try:
            obj = self._object(sha)
            if not obj.exists():
                obj.parent.mkdir(parents=True, exist_ok=True)
                tmp = obj.with_name(f".{sha}.{os.getpid()}.{id(made)}.tmp")
                place(made, tmp)
                os.replace(tmp, obj)
            write_whole(self._key_file(key), f"{sha} {size} {obj.stat().st_mtime_ns}\n".encode())
        except OSError:
            pass

    def _memo_file(self, key: str) -> Path:
        return self.folder / "memo" / key[:2] / key

    def recall(self, key: str) -> bytes | None:
        """The bytes remembered under `key` (see `remember`), or None."""
        try:
            path = self._memo_file(key)
            data = path.read_bytes()
            with contextlib.suppress(OSError):  # mark it as used, for pruning
                os.utime(path)
            return data
        except OSError:
            return None

    def remember(self, key: str, data: bytes) -> None:
        """Keep an intermediate result (not an output: a QR code's image, a graphic's
        print-ready pixels) under `key`, for later builds to `recall`."""
        with contextlib.suppress(OSError):
            write_whole(self._memo_file(key), data)

    def prune(self, now: float | None = None) -> None:
        """Forget keys unused for KEEP_DAYS and the objects no key names; at most once a day."""
        now = time.time() if now is None else now
        marker = self.folder / "pruned"
        try:
            if marker.exists() and now - marker.stat().st_mtime < PRUNE_EVERY:
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            marker.touch()
            live: set[str] = set()
            for index in (self.folder / "keys").glob("*/*"):
                with contextlib.suppress(OSError, ValueError, IndexError):
                    if now - index.stat().st_mtime > KEEP_DAYS * 86400:
                        index.unlink()
                    else:
                        live.add(index.read_text().split()[0])
            for obj in (self.folder / "objects").glob("*/*"):
                if obj.name not in live:
                    obj.unlink(missing_ok=True)
            for memo in (self.folder / "memo").glob("*/*"):
                with contextlib.suppress(OSError):
                    if now - memo.stat().st_mtime > KEEP_DAYS * 86400:
                        memo.unlink()
        except OSError:
            pass
