"""What a build makes, described before it is made, and what a maker may use while it makes it.

Every kind of output (graphics, QR codes, the pack, bundles) plans a list of `Output`s: plain
values with a path, a kind, manifest fields, a cache key, what they need, and the function
that makes the file from a `BuildContext`. The build schedules them; nothing here draws.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from packpack import __version__
from packpack.core import paths
from packpack.core.cache import Cache, fingerprint
from packpack.core.errors import BuildError

if TYPE_CHECKING:  # (a type only: core knows nothing of how a spec is loaded)
    from packpack.spec.model import Campaign


class Written(NamedTuple):
    """What a maker that wrote its own file returns when it hashed the bytes as it wrote
    them: the file's SHA-256 (hex) and size, so the build need not read the file back."""

    sha256: str
    size: int


@dataclass(frozen=True)
class Output:
    """One file a build writes, described before it is made.

    `make(ctx, output)` returns the file's bytes, or writes `ctx.path(output.path)` itself
    and returns None (for large files such as PDFs), or a `Written` if it also hashed the
    bytes as it wrote them (bundles: so they are not read back). `needs` names other
    outputs' paths that must exist first; `make` reads them with `ctx.read`. `key` is the
    hash of what shapes the file (see `key()`); the build adds the needed files' hashes,
    packpack's code and the timestamp itself. An empty key means "always make it".
    """

    path: str
    kind: str
    make: Callable[[BuildContext, Output], bytes | Written | None] = \
        field(compare=False, repr=False)
    meta: dict[str, Any] = field(default_factory=dict)
    key: str = ""
    needs: tuple[str, ...] = ()
    cpu: bool = False  # True: pure-Python work worth a worker process of its own (see Workers)
    cost: float = 1.0  # rough time to make it, in graphics: long chains of work start first
    # outputs with the same `exclusive` name are made one at a time (each holds a whole
    # document in memory: two at once would double the build's peak)
    exclusive: str = ""


@dataclass
class BuildContext:
    """What a maker may use: the campaign and the files already made in this build."""

    campaign: Campaign
    staging: Path
    stop: threading.Event = field(default_factory=threading.Event, repr=False)
    cache: Cache | None = field(default=None, repr=False)

    @property
    def stopping(self) -> bool:
        """True once the build is being abandoned (an error elsewhere, Ctrl-C): a long
        maker may check it and return early; what it returns is thrown away."""
        return self.stop.is_set()

    def path(self, relative: str) -> Path:
        """Where an output lives in the staging folder (parent folders created)."""
        full = self.staging / relative
        full.parent.mkdir(parents=True, exist_ok=True)
        return full

    def read(self, relative: str) -> bytes:
        """The bytes of an output made earlier in this build."""
        return (self.staging / relative).read_bytes()

    def scratch(self, name: str) -> Path:
        """Where a maker may leave an intermediate file for a later maker of the same build
        (the contact sheet's thumbnails): never part of the output, gone when the build ends.
        Makers may run in other processes, so this, not memory, is how they hand work on."""
        folder = self.staging / paths.SCRATCH
        folder.mkdir(exist_ok=True)
        return folder / name

    @property
    def timestamp(self) -> dt.datetime:
        """The build's timestamp (see `timestamp`)."""
        return timestamp(self.campaign)

    def memo(self, name: str, parts: Any, compute: Callable[[], bytes]) -> bytes:
        """`compute()`, remembered in the cache between builds under a key made of `name`,
        `parts` (JSON-able values that fully determine the result) and packpack's code: for
        intermediate results several outputs or builds share (a partner's QR code, a
        graphic's print-ready pixels). Without a cache (`--no-cache`), always computed."""
        if self.cache is None:
            return compute()
        k = hashlib.sha256(f"{fingerprint()}\n{name}\n".encode()
                           + json.dumps(parts, sort_keys=True, default=repr).encode()
                           ).hexdigest()
        data = self.cache.recall(k)
        if data is None:
            data = compute()
            self.cache.remember(k, data)
        return data


def key(*parts: Any, files: Iterable[Path] = ()) -> str:
    """A cache key: the hash of packpack's version, the given values and the files' bytes."""
    h = hashlib.sha256(__version__.encode())
    h.update(json.dumps(parts, sort_keys=True, default=repr).encode())
    for f in files:
        h.update(hashlib.sha256(Path(f).read_bytes()).digest())
    return h.hexdigest()


def timestamp(campaign: Campaign) -> dt.datetime:
    """The one time an output may record (PDF dates, zip entries), in UTC.

    `SOURCE_DATE_EPOCH` (seconds since 1970) when set, as reproducible-builds.org asks;
    otherwise the campaign's first day at 00:00 UTC, so the same spec always gives the same
    bytes. Zip writers must clamp it to 1980-01-01 at the earliest.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw:
        try:
            return dt.datetime.fromtimestamp(int(raw), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise BuildError(f"SOURCE_DATE_EPOCH={raw!r} is not a time; set it to whole "
                             "seconds since 1970 (e.g. `date +%s`), or unset it") from None
    day = campaign.spec.campaign.starts
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


Planner = Callable[["Campaign"], "list[Output]"]  # a kind of output: what to make for a campaign


class Progress(Protocol):
    """What the CLI passes to see a build advance (a progress bar, or plain lines)."""

    def planned(self, outputs: list[Output]) -> None:
        """Called once with every output the build will make, before any is made."""

    def done(self, output: Output, how: str = "made") -> None:
        """Called as each output is finished: `how` it came to be there ("made", "reused"
        from the cache, or "carried" over from the last build in a partial build)."""


def all_done(progress: Progress, outputs: Sequence[Any]) -> None:
    """Show a progress display every output of a build that had nothing to make (each has
    `path` and `kind`), as if each were made."""
    progress.planned(list(outputs))
    for o in outputs:
        progress.done(o, "reused")
