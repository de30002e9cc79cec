"""The record of the last complete build into an output folder: a rebuild with nothing
changed is recognised from it without loading the spec, in a few milliseconds.

After a full build, `save` writes to `<spec folder>/.packpack-cache/builds/` what shaped it
(the hashes of the spec and of every file it names, packpack's code and libraries, the
options and environment that change outputs) and what it left (the manifest's hash and
every output file's inode, size and modification time), with the lint's findings to show
again. `replay` gives back the manifest entries and findings only if all of that is still
exactly so; anything changed, missing or unreadable means "build normally", which checks
everything again. Only the standard library is imported here, so the answer is quick.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from packpack.core.cache import FOLDER, fingerprint, write_whole
from packpack.core.errors import Problem
from packpack.core.paths import MANIFEST

ENVIRONMENT = ("SOURCE_DATE_EPOCH",)  # variables that change what a build writes


def _record(spec: Path, out: Path) -> Path:
    """Where the record for building `spec` into `out` lives."""
    spec, out = Path(spec).absolute(), Path(out).absolute()
    name = hashlib.sha256(f"{spec}\n{out}".encode()).hexdigest()[:32]
    return spec.parent / FOLDER / "builds" / f"{name}.json"


def _inputs(spec: Path, named: list[str]) -> str:
    """The hash of everything a build reads: the spec's bytes and the files it names."""
    h = hashlib.sha256(fingerprint().encode())
    for var in ENVIRONMENT:
        h.update(f"\n{var}={os.environ.get(var)!r}".encode())
    h.update(b"\n" + hashlib.sha256(Path(spec).read_bytes()).digest())
    for name in named:
        h.update(f"\n{name}\n".encode() + hashlib.sha256((spec.parent / name).read_bytes())
                 .digest())
    return h.hexdigest()


def _identity(path: Path) -> list[int]:
    """What changes when a file is replaced or written to: inode, size, modification time."""
    st = path.stat(follow_symlinks=False)
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def save(spec: Path, out: Path, named: list[str], entries: list[dict[str, Any]],
         findings: list[Problem]) -> None:
    """Record a complete, successful build of `spec` into `out` (never fails a build)."""
    with contextlib.suppress(OSError):
        record = _record(spec, out)
        out = Path(out)
        manifest = (out / MANIFEST).read_bytes()
        doc = {"inputs": _inputs(Path(spec), named), "named": named,
               "manifest": [hashlib.sha256(manifest).hexdigest(), *_identity(out / MANIFEST)],
               "files": {e["path"]: _identity(out / e["path"]) for e in entries},
               "findings": [vars(p) for p in findings]}
        write_whole(record, json.dumps(doc).encode())


def replay(spec: Path, out: Path) -> tuple[list[dict[str, Any]], list[Problem]] | None:
    """The last build's manifest entries and findings, if building `spec` into `out` again
    would change nothing; otherwise None."""
    try:
        doc = json.loads(_record(spec, out).read_text())
        if doc["inputs"] != _inputs(Path(spec), doc["named"]):
            return None
        out = Path(out)
        sha, *identity = doc["manifest"]
        if _identity(out / MANIFEST) != identity:
            return None
        manifest = (out / MANIFEST).read_bytes()
        if hashlib.sha256(manifest).hexdigest() != sha:
            return None
        entries = json.loads(manifest)["outputs"]
        files = doc["files"]
        if [e["path"] for e in entries] != list(files):
            return None
        for e in entries:
            if _identity(out / e["path"]) != files[e["path"]]:
                return None
        return entries, [Problem(**p) for p in doc["findings"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
