"""Fuzzing whole campaigns: any mutation of the example campaign, or of the files it names,
gives a build or a PackpackError, never another exception, and never a partial output.

Each example mutates the example campaign's data (deletes keys, changes types, swaps values,
puts in random strings and numbers) and may damage a font or logo, then loads and builds it
over a previous good build. Bounded (a few dozen examples) so the suite stays fast.
"""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fuzzing
from packpack.build import pipeline
from packpack.core.errors import PackpackError
from packpack.spec import example, loader
from packpack.spec.example import create

EXAMPLE = yaml.safe_load((example.HERE / "campaign.yaml").read_text())
FILES = ["fonts/AtkinsonHyperlegible-Regular.ttf", "fonts/AtkinsonHyperlegible-Bold.ttf",
         "logos/riverside.png"]

VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**9, 10**9), st.floats(allow_nan=True),
    st.text(max_size=40), st.lists(st.text(max_size=8), max_size=3),
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=2),
    st.sampled_from(["../outside.ttf", "/etc/passwd", "fonts/AtkinsonHyperlegible-Bold.ttf",
                     "logos/riverside.png", "#FFFFFF", "#12345", "2026-05-11", "2026-02-30",
                     "https://example.org/x", "www.example.org", "{phone:helpline}",
                     "{link:nope}", "[x](link:riverside)", "", "check-in", "Check In",
                     "instagram-square", "story", "x" * 5000, "0300 123 4567", "999",
                     "10:00", "25:99", "statement", "questions", "A" * 65]),
)






def mutate(data: Any, draw: Any) -> Any:
    """Apply one random mutation to the campaign data; returns the new data."""
    places = fuzzing.places(data)
    where = draw(st.sampled_from(places))
    parent = fuzzing.get(data, where[:-1])
    kind = draw(st.sampled_from(["delete", "replace", "swap", "duplicate"]))
    if kind == "delete":
        del parent[where[-1]]
    elif kind == "replace":
        parent[where[-1]] = draw(VALUES)
    elif kind == "swap":
        other = draw(st.sampled_from(places))
        if other[:len(where)] != where and where[:len(other)] != other:
            a, b = fuzzing.get(data, where), fuzzing.get(data, other)
            parent[where[-1]] = copy.deepcopy(b)
            fuzzing.get(data, other[:-1])[other[-1]] = copy.deepcopy(a)
    elif isinstance(parent, list):
        parent.append(copy.deepcopy(parent[where[-1]]))
    return data


def corrupt(project: Path, draw: Any) -> None:
    """Damage one of the files the spec names: truncate it, empty it or fill it with noise."""
    target = project / draw(st.sampled_from(FILES))
    data = target.read_bytes()
    how = draw(st.sampled_from(["truncate", "empty", "noise", "flip"]))
    if how == "truncate":
        data = data[:draw(st.integers(0, len(data) - 1))]
    elif how == "empty":
        data = b""
    elif how == "noise":
        data = draw(st.binary(min_size=1, max_size=200))
    else:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]
    target.write_bytes(data)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example campaign built once, and a cache shared by every example (it is safe to
    share: that is the cache's promise, and it keeps the fuzzing fast)."""
    root = tmp_path_factory.mktemp("fuzz")
    create(root / "c")
    pipeline.build(loader.load(root / "c" / "campaign.yaml"), root / "c" / "dist")
    return root / "c", root / "cache"


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(st.data())
def test_any_mutation_builds_or_fails_cleanly(baseline: tuple[Path, Path],
                                              data: st.DataObject) -> None:
    good, cache = baseline
    campaign = copy.deepcopy(EXAMPLE)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        campaign = mutate(campaign, data.draw)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "c"
        shutil.copytree(good, project, ignore=shutil.ignore_patterns(".packpack-cache"))
        (project / ".packpack-cache").symlink_to(cache, target_is_directory=True)
        cache.mkdir(exist_ok=True)
        (project / "campaign.yaml").write_text(
            yaml.safe_dump(campaign, allow_unicode=True, sort_keys=False))
        if data.draw(st.booleans(), label="damage a file"):
            corrupt(project, data.draw)
        out = project / "dist"
        before = snapshot(out)
        try:
            result = pipeline.build(loader.load(project / "campaign.yaml"), out, jobs=2)
        except PackpackError:
            assert snapshot(out) == before  # nothing half-written
        else:
            doc = json.loads((out / "manifest.json").read_text())
            files = snapshot(out)
            assert {e["path"] for e in doc["outputs"]} == set(files) - {"manifest.json"}
            for e in doc["outputs"]:
                assert hashlib.sha256(files[e["path"]]).hexdigest() == e["sha256"]
            assert result.entries == doc["outputs"]
        leftovers = [p.name for p in project.iterdir() if p.name.startswith(".dist.")]
        assert leftovers == []


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.data())
def test_a_spec_check_accepts_builds_and_neither_shows_a_traceback(tmp_path: Path,
                                                                   data: st.DataObject):
    """The seed, mutated one to three times (hostile strings, emptied, reordered and
    duplicated lists, swapped types, odd numbers, dates, times and zones), through `check`
    and then `build` as a designer would: `scripts/fuzz.py` runs the same for longer."""
    tally = fuzzing.Tally()
    fuzzing.try_case(fuzzing.case(fuzzing.Pick.hypothesis(data)), tmp_path, tally)
    assert tally.tracebacks == [] and tally.accepted_failed == []
