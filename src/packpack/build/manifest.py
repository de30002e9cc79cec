"""The manifest: every output with its size and hash; and whether an output folder already
holds exactly what a build would write (so a no-op rebuild touches nothing)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from packpack import __version__
from packpack.core import paths
from packpack.core.cache import Cache, fingerprint
from packpack.core.outputs import Output, timestamp
from packpack.spec.model import Campaign

MANIFEST = paths.MANIFEST


def manifest(campaign: Campaign, entries: list[dict[str, Any]]) -> bytes:
    """The manifest.json that lists every output with its size and hash."""
    doc = {"packpack": __version__, "campaign": campaign.id, "spec_sha256": campaign.sha256,
           "outputs": entries}
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode()

def entry(o: Output, sha: str, size: int) -> dict[str, Any]:
    return {"path": o.path, "kind": o.kind, **o.meta, "bytes": size, "sha256": sha}

def output_key(o: Output, needs: list[str], build_time: str) -> str:
    """The key an output is cached under: empty when it must always be made."""
    if not o.key:
        return ""
    parts = [fingerprint(), build_time, o.path, o.kind, o.key, *needs]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()

def unchanged(campaign: Campaign, outputs: list[Output], out: Path,
              store: Cache) -> list[dict[str, Any]] | None:
    """The manifest entries if `out` already holds exactly what this build would write, so
    a no-op rebuild touches nothing; None if anything would change.

    Exactly: every output's current key is in the cache, the file in `out` is that cached
    object itself (the same inode, unchanged since it was stored), and the manifest that
    would be written is byte-for-byte the one in `out`.
    """
    build_time = timestamp(campaign).isoformat()
    shas: dict[str, str] = {}
    entries: dict[str, dict[str, Any]] = {}
    for o in topological(outputs):
        if any(n not in shas for n in o.needs):
            return None  # it needs an output this build does not make
        k = output_key(o, [shas[n] for n in o.needs], build_time)
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
        entries[o.path] = entry(o, sha, size)
    if len(entries) < len(outputs):
        return None  # outputs that wait on each other
    listed = [entries[o.path] for o in outputs]
    try:
        if (out / MANIFEST).read_bytes() != manifest(campaign, listed):
            return None
    except OSError:
        return None
    return listed

def topological(outputs: list[Output]) -> list[Output]:
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
