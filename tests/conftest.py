"""Shared fixtures: a fresh copy of the example campaign in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from packpack.spec.example import create

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The path of a fresh example campaign.yaml (with its fonts and logo) in a temp folder."""
    create(tmp_path / "camp")
    return tmp_path / "camp" / "campaign.yaml"


def edit(spec: Path, old: str, new: str, count: int = 1) -> Path:
    """Replace `old` with `new` in a spec file (it must be there) and return the path."""
    text = spec.read_text()
    assert old in text, f"{old!r} not in {spec}"
    spec.write_text(text.replace(old, new, count))
    return spec
