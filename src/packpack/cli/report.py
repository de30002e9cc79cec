"""What the commands print: findings (errors and warnings, to stderr) and a build's summary."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from rich.console import Console

from packpack.core.errors import Problem


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"

def show(err: Console, found: list[Problem], quiet: bool, strict: bool) -> None:
    """Print findings: errors always, warnings and notes unless --quiet (under --strict
    warnings are errors; notes never are).

    All in one piece of text, its labels coloured: printing each line by itself took a
    third of a second for the hundreds of findings of a large campaign."""
    from rich.text import Text

    text = Text(end="")
    for p in found:
        fatal = p.severity == "error" or (strict and p.severity == "warning")
        if fatal or not quiet:
            label = p.severity if p.severity in ("error", "note") else "warning"
            text.append(f"{p} ")
            text.append(f"({label})", style="red" if fatal else "cyan" if label == "note"
                        else "yellow")
            text.append("\n")
    if text:
        err.print(text, end="")

def size(n: float) -> str:
    for unit in ("bytes", "kB", "MB"):
        if n < 1000 or unit == "MB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    return ""  # pragma: no cover


def _kept(reused: int, carried: int) -> list[str]:
    """How many outputs were not made afresh, in words: ['3 from the cache', ...]."""
    return [f"{n} {what}" for n, what in ((reused, "from the cache"),
                                          (carried, "kept from the last build")) if n]


def unchanged(how: Counter[str]) -> str:
    """How many of some outputs were not made afresh, as ' (3 from the cache)', or ''."""
    said = _kept(how["reused"], how["carried"])
    return f" ({', '.join(said)})" if said else ""


def _how(built: Any) -> str:
    """How a build's files came to be: '3 made, 50 from the cache'."""
    made = f"{built.made} made" if built.made else "none made afresh"
    return ", ".join([made, *_kept(built.reused, built.carried)])


def summary(out: Console, built: Any, took: float, out_dir: Path) -> None:
    """What a build wrote (`built`: its entries, findings and counts): files and bytes in all
    and by kind, how many were made afresh, and how many warnings."""
    entries, found = built.entries, built.found
    files: Counter[str] = Counter(e["kind"] for e in entries)
    sizes: Counter[str] = Counter()
    for e in entries:
        sizes[e["kind"]] += e["bytes"]
    total = sum(sizes.values())
    out.print(f"Built {plural(len(entries), 'file')} ({_how(built)}), {size(total)}, in "
              f"{took:.1f} s into {out_dir}/ (listed in {out_dir}/manifest.json):", markup=False)
    width = max((len(kind) for kind in files), default=0)
    for kind, n in files.items():
        out.print(f"  {kind:<{width}} {plural(n, 'file'):>10} {size(sizes[kind]):>10}",
                  markup=False)
    out.print(f"{plural(len(found), 'warning')} (listed above)." if found else "No warnings.",
              markup=False)
