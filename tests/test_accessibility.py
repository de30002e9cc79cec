"""What packpack makes for people to read in a browser, checked with axe-core in headless
Chromium (WCAG 2.2 A and AA): the partner bundle's preview page, as a partner opens it from
the unzipped bundle."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from accessibility import unavailable, violations
from packpack.build import pipeline
from packpack.spec import loader

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(bool(unavailable()), reason=unavailable() or "-")


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory) -> Path:
    """One partner's bundle of the seed, unzipped."""
    campaign = loader.load(ROOT / "campaign.yaml")
    out = tmp_path_factory.mktemp("seed") / "dist"
    partner = campaign.spec.partners[0].id
    pipeline.build(campaign, out, jobs=2, partner=[partner])
    (bundle,) = [z for z in (out / "bundles").glob("*.zip") if partner in z.name]
    folder = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(bundle) as z:
        z.extractall(folder)
    return folder


def test_the_bundle_page_has_no_axe_violations(unzipped):
    (page,) = unzipped.rglob("index.html")
    assert violations(page) == []


def test_axe_does_find_what_it_should(tmp_path):
    """The harness is not vacuous: a picture without alternative text and grey on grey are
    found."""
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="en"><head><title>Bad</title></head><body>'
                    '<main><h1>Bad</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                    '<p style="color:#777;background:#888">faint</p></main></body></html>')
    assert {v["id"] for v in violations(page)} >= {"image-alt", "color-contrast"}
