"""Mutating the seed campaign at random, then `check`, then `build` on what check accepts:
the promise that a spec `check` accepts builds, and that neither ever shows a traceback.

Used by `tests/test_fuzz.py` (a bounded run with a fixed seed) and by `scripts/fuzz.py`
(a long run that prints its tally).
"""

from __future__ import annotations

import copy
import io
import random
import shutil
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
SEED = yaml.safe_load((ROOT / "campaign.yaml").read_text())

HOSTILE = [
    "", " ", "a\nb", "line\r\nbreak", "back\\slash", "\\N", "tab\there", "bell\x07",
    "\u202eevil\u202c", "\u200f\u05e9\u05dc\u05d5\u05dd", "👩\u200d👩\u200d👧 family",
    "e\u0301 combining", "ﬁ ligature", "Ŵ ŷ Welsh", "x" * 5000, "word " * 400, "{phone:nope}",
    "{link:nope}", "[x](link:nope)", "**", "**bold", "<script>alert(1)</script>", "&amp;",
    '"quoted"', "'single'", "%s %d {0}", "null", "~", "- item", "#comment",
]
NUMBERS = [0, -1, 1, 99, 100, 8000, 8001, 10**12, 3.5, -0.0, float("inf")]
DATES = ["2026-02-29", "2024-02-29", "1970-01-01", "9999-12-31", "2025-04-22 25:00",
         "2025-04-22 10:00", "2025-13-01"]
TIMES = ["00:00", "23:59", "24:00", "12:60", "9:5"]
ZONES = ["UTC", "Mars/Base", "Pacific/Kiritimati", "Europe/London", "America/St_Johns", ""]
OTHERS = [None, True, False, [], ["a\nb", ""], {"key": 1}, {"": None}]
VALUES = [*HOSTILE, *NUMBERS, *DATES, *TIMES, *ZONES, *OTHERS]  # what a value may become


class Pick:
    """Random choices, from hypothesis (in a test) or from a seeded generator (a script)."""

    def __init__(self, one: Callable[[Sequence[Any]], Any]):
        self.one = one  # one item of a sequence

    @classmethod
    def hypothesis(cls, data: st.DataObject) -> Pick:
        """Choices drawn by hypothesis, which shrinks a failure to its smallest case."""
        return cls(lambda seq: data.draw(st.sampled_from(seq)))

    @classmethod
    def seeded(cls, seed: int) -> Pick:
        """Choices from a generator seeded with `seed`: the same run every time."""
        return cls(random.Random(seed).choice)


def narrowed() -> dict[str, Any]:
    """The seed with two sizes and three partners, so that each case builds quickly."""
    data = copy.deepcopy(SEED)
    data["campaign"]["sizes"] = ["instagram-square", "x"]
    data["partners"] = data["partners"][:3]
    for p in data["partners"]:
        p["sizes"] = [s for s in p.get("sizes", []) if s in ("instagram-square", "x")] or ["x"]
    return data


def places(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a YAML data tree, as a tuple of keys and indexes."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            found += places(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += places(v, (*prefix, i))
    return found


def get(node: Any, path: tuple) -> Any:
    for step in path:
        node = node[step]
    return node


def mutate(data: Any, pick: Pick) -> Any:
    """One random change: a value replaced (hostile strings, numbers, dates, times, zones,
    swapped types), a key deleted, a list emptied, reordered or an item duplicated."""
    where = pick.one(places(data))
    parent = get(data, where[:-1])
    here = parent[where[-1]]
    kinds = ["replace", "delete"] + (["empty", "reverse", "duplicate"]
                                     if isinstance(here, list) and here else [])
    kind = pick.one(kinds)
    if kind == "replace":
        parent[where[-1]] = copy.deepcopy(pick.one(VALUES))
    elif kind == "delete":
        del parent[where[-1]]
    elif kind == "empty":
        here.clear()
    elif kind == "reverse":
        here.reverse()
    else:
        here.append(copy.deepcopy(pick.one(here)))
    return data


def case(pick: Pick) -> dict[str, Any]:
    """The narrowed seed after one to three mutations."""
    data = narrowed()
    for _ in range(pick.one([1, 2, 3])):
        data = mutate(data, pick)
    return data


@dataclass
class Tally:
    """What a run found: cases, and how each ended."""

    cases: int = 0
    accepted_built: int = 0
    rejected: int = 0
    accepted_failed: list[str] = field(default_factory=list)
    tracebacks: list[str] = field(default_factory=list)
    specs: list[str] = field(default_factory=list)  # the spec of each failure, as written


def try_case(data: dict[str, Any], folder: Path, tally: Tally) -> None:
    """Write the spec beside the seed's fonts and logos, `check` it, and `build` it if check
    accepts it (as the CLI does, in this process); record how it ended."""
    from typer.testing import CliRunner

    from packpack.cli import app

    for name in ("fonts", "logos"):
        if not (folder / name).exists():
            shutil.copytree(ROOT / name, folder / name)
    spec = folder / "campaign.yaml"
    spec.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    shutil.rmtree(folder / "dist", ignore_errors=True)
    tally.cases += 1
    runner = CliRunner()
    checked = runner.invoke(app.app, ["check", str(spec), "-q"])
    if checked.exception is not None and not isinstance(checked.exception, SystemExit):
        tally.tracebacks.append("check: " + _trace(checked.exc_info))
        tally.specs.append(spec.read_text())
        return
    if checked.exit_code != 0:
        tally.rejected += 1
        return
    built = runner.invoke(app.app, ["build", str(spec), "--out", str(folder / "dist"),
                                    "--jobs", "1", "-q"])
    if built.exception is not None and not isinstance(built.exception, SystemExit):
        tally.tracebacks.append("build: " + _trace(built.exc_info))
        tally.specs.append(spec.read_text())
    elif built.exit_code != 0:
        tally.accepted_failed.append(built.stderr.strip().splitlines()[-1]
                                     if built.stderr.strip() else f"exit {built.exit_code}")
        tally.specs.append(spec.read_text())
    else:
        tally.accepted_built += 1


def _trace(exc_info: Any) -> str:
    out = io.StringIO()
    traceback.print_exception(*exc_info, file=out)
    lines = out.getvalue().strip().splitlines()
    return " / ".join(line.strip() for line in lines[-3:])
