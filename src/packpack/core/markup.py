"""Inline markup in the spec's prose, parsed into plain runs that each renderer draws its own way.

Prose fields may contain:

- `{phone:ID}`: the number stored once under `phones.ID`;
- `{link:ID}`: the address of `links.ID`, written out;
- `[words](link:ID)`: the words, linked to `links.ID`;
- `**words**`: the words in bold.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

TOKEN = re.compile(
    r"\{(?P<kind>phone|link):(?P<ref>[^}\s]*)\}"
    r"|\[(?P<label>[^\]]+)\]\(link:(?P<lref>[^)\s]*)\)"
    r"|\*\*(?P<bold>.+?)\*\*"
)


@dataclass(frozen=True)
class Run:
    """A piece of prose: plain text, a phone reference, a link reference, or bold text."""

    kind: str  # text | phone | link | bold
    text: str = ""
    ref: str = ""  # phone or link id
    label: str = ""  # words shown for a link; empty means "write the address"


def parse(source: str) -> list[Run]:
    """Split prose into runs, in order; text between tokens becomes `text` runs."""
    return list(_parse(source))


@functools.lru_cache(maxsize=4096)
def _parse(source: str) -> tuple[Run, ...]:
    """`parse`, remembered (runs are frozen): every partner's bundle, the lints and the
    pack parse the same captions and alt texts."""
    runs: list[Run] = []
    pos = 0
    for m in TOKEN.finditer(source):
        if m.start() > pos:
            runs.append(Run("text", source[pos : m.start()]))
        if m["kind"] == "phone":
            runs.append(Run("phone", ref=m["ref"]))
        elif m["kind"] == "link":
            runs.append(Run("link", ref=m["ref"]))
        elif m["label"] is not None:
            runs.append(Run("link", ref=m["lref"], label=m["label"]))
        else:
            runs.append(Run("bold", m["bold"]))
        pos = m.end()
    if pos < len(source):
        runs.append(Run("text", source[pos:]))
    return tuple(runs)


def references(source: str) -> list[tuple[str, str]]:
    """The (kind, id) pairs that prose refers to, for checking that each one exists."""
    return [(r.kind, r.ref) for r in parse(source) if r.kind in ("phone", "link")]


def escape(data: str, entities: dict[str, str] | None = None) -> str:
    """Text for XML or HTML markup: `&`, `<` and `>` escaped, then each of `entities` (e.g.
    `{'"': "&quot;"}`) replaced, as `xml.sax.saxutils.escape` does; without importing it,
    which would import urllib, http and email into every worker process."""
    data = data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for char, entity in (entities or {}).items():
        data = data.replace(char, entity)
    return data
