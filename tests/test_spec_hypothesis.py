"""Property tests: whatever the YAML, the loader returns a campaign or raises SpecError."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from packpack.core.errors import SpecError
from packpack.spec import loader
from packpack.spec.example import HERE as EXAMPLE_DIR
from packpack.spec.model import Campaign

EXAMPLE = EXAMPLE_DIR / "campaign.yaml"
BASE = yaml.safe_load(EXAMPLE.read_text())
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def outcome(data: bytes) -> Campaign | SpecError:
    """Load bytes as a spec that lives in the example folder; only SpecError may escape."""
    try:
        return loader.loads(data, EXAMPLE)
    except SpecError as exc:
        assert exc.problems, "a SpecError always lists at least one problem"
        for p in exc.problems:
            assert str(p).startswith(str(EXAMPLE))
        return exc


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=30), st.dates(), st.datetimes(),
                    st.sampled_from(["riverside", "helpline", "check-in", "https://x.org",
                                     "#FFFFFF", "2026-05-11", "12:00", "{phone:helpline}",
                                     "[a](link:riverside)", "instagram-square"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=12)


@SETTINGS
@given(st.text(max_size=300))
def test_any_text_gives_a_campaign_or_a_spec_error(source: str) -> None:
    outcome(source.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes_give_a_campaign_or_a_spec_error(data: bytes) -> None:
    outcome(data)


@SETTINGS
@given(values)
def test_any_yaml_document_gives_a_campaign_or_a_spec_error(doc: Any) -> None:
    outcome(yaml.safe_dump(doc, allow_unicode=True).encode())


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path into a nested structure of dicts and lists."""
    found = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _paths(v, (*prefix, i))
    return found


PATHS = _paths(BASE)[1:]


def _mutate(doc: Any, path: tuple, how: str, value: Any) -> Any:
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "delete":
        del parent[last]
    elif how == "replace":
        parent[last] = value
    elif how == "duplicate" and isinstance(parent, list):
        parent.append(parent[last])
    elif how == "rename" and isinstance(parent, dict):
        parent[f"{last}x"] = parent.pop(last)
    return doc


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(PATHS),
                          st.sampled_from(["delete", "replace", "duplicate", "rename"]),
                          values), min_size=1, max_size=3))
def test_mutated_example_gives_a_campaign_or_a_spec_error(mutations: list) -> None:
    doc = yaml.safe_load(EXAMPLE.read_text())
    for path, how, value in mutations:
        try:
            doc = _mutate(doc, path, how, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
    result = outcome(yaml.safe_dump(doc, allow_unicode=True, default_flow_style=False).encode())
    if isinstance(result, Campaign):
        assert result.spec.posts and result.spec.partners


def test_unmutated_example_round_trips_through_yaml() -> None:
    data = yaml.safe_dump(BASE, allow_unicode=True).encode()
    assert isinstance(outcome(data), Campaign)
    assert loader.loads(data, EXAMPLE).spec.campaign.starts == dt.date(2026, 5, 11)


def test_fixtures_exist() -> None:
    assert Path(EXAMPLE).is_file()
