"""Fitting words into a graphic: the search finds a setting whenever one exists, so a text
that fits a size never has a beginning that does not; and what does not fit is said in
numbers, by `check`, before a build draws anything."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from packpack.check.legibility import findings
from packpack.core.errors import RenderError
from packpack.plan import compose, typeset
from packpack.render import graphics
from packpack.spec import loader
from packpack.spec.example import create
from packpack.spec.model import Campaign, Post

WELSH = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"  # 58 letters


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Campaign:
    """The campaign `packpack init` makes (every built-in size)."""
    folder = tmp_path_factory.mktemp("starter") / "camp"
    create(folder)
    return loader.load(folder / "campaign.yaml")


def _post(campaign: Campaign, **changes: object) -> Post:
    return dataclasses.replace(campaign.spec.posts[0], **changes)


def _words_fit(campaign: Campaign, post: Post, size: str) -> bool:
    """Whether the post's own words fit the size (the callout is the campaign's)."""
    return not [i for i in compose.compose(campaign, post, size).issues
                if i.field != "callout" and not i.field.startswith("brand.")]


@pytest.mark.parametrize(("short", "longer"), [
    ("GET VACCINATED", "GET VACCINATED TODAY AT"),
    ("TELECOMMUNICATIONS", "TELECOMMUNICATIONS FRAUD AWARENESS"),
    ("LLANFAIRPWLL CLINIC OPEN", "LLANFAIRPWLL CLINIC OPEN TODAY"),
])
def test_a_closing_fits_wherever_a_longer_one_does(starter, short, longer):
    for closing in (short, longer):
        post = _post(starter, layout="stack", heading="Winter", items=["FLU"], closing=closing)
        for size in starter.target_sizes:
            plan = compose.compose(starter, post, size)
            assert not plan.issues, (closing, size, plan.issues)
            block = next(b for b in plan.blocks if b.field == "closing")
            assert " ".join(line.text for line in block.lines) == closing
            assert block.size >= plan.min_size


def test_a_short_closing_stays_on_one_line_where_it_can(starter):
    post = _post(starter, layout="stack", heading="Winter", items=["FLU"],
                 closing="GET VACCINATED")
    lines = {size: len(next(b for b in compose.compose(starter, post, size).blocks
                            if b.field == "closing").lines)
             for size in starter.target_sizes}
    # square, portrait and story have the width for one line; the wide sizes do not, and
    # take two lines rather than refusing
    assert lines == {"instagram-square": 1, "instagram-portrait": 1, "story": 1,
                     "facebook": 2, "x": 2, "linkedin": 2}


def test_a_heading_ends_on_a_lone_short_word_only_when_nothing_else_fits():
    measure = typeset.measurer(str(Path("fonts/AtkinsonHyperlegible-Bold.ttf").resolve()), 60)
    text = "STALKING IS NOT ROMANTIC AND IT IS A CRIME. IT IS."
    width = measure("STALKING IS NOT ROMANTIC AND IT IS A") + 1
    lines = typeset.unwidowed(text, width, measure)
    assert lines is not None and not typeset.widow(lines)
    assert all(measure(line) <= width for line in lines)
    assert " ".join(lines) == text
    assert typeset.unwidowed("STALKING IS", measure("STALKING") + 1, measure) is None
    assert typeset.wrap_exact("STALKING IS", measure("STALKING") + 1, measure) == [
        "STALKING", "IS"]


WORD = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzŵŷ'?.",
               min_size=1, max_size=10)
WORDS = st.lists(st.one_of(WORD, WORD.map(str.upper)), min_size=1, max_size=7)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layout=st.sampled_from(["list", "questions", "stack", "statement"]), words=WORDS,
       field=st.sampled_from(["heading", "closing"]))
@example(layout="stack", words=["GET", "VACCINATED", "TODAY", "AT"], field="closing")
@example(layout="stack", words=["TELECOMMUNICATIONS", "FRAUD", "AWARENESS"], field="closing")
def test_if_a_text_fits_a_size_every_beginning_of_it_fits_too(starter, layout, words, field):
    base = {"heading": "Winter", "items": ["FLU", "COLDS"], "closing": "GET VACCINATED"}
    for size in starter.target_sizes:
        fits = [_words_fit(starter, _post(starter, layout=layout,
                                          **{**base, field: " ".join(words[:n])}), size)
                for n in range(1, len(words) + 1)]
        # once a beginning does not fit, no longer text fits either
        assert fits == sorted(fits, reverse=True), (size, fits)


def test_a_word_too_wide_for_a_size_is_reported_in_numbers(starter):
    post = _post(starter, layout="statement", heading=WELSH, closing="Croeso")
    campaign = dataclasses.replace(starter, spec=dataclasses.replace(
        starter.spec, posts=[post, *starter.spec.posts[1:]]))
    found = [p for p in findings(campaign) if p.field == "posts[0].heading"]
    assert [p.message.split(":")[0] for p in found] == [
        "in post 'check-in', size 'facebook'", "in post 'check-in', size 'x'",
        "in post 'check-in', size 'linkedin'"]
    got = re.search(r"'(\w+)' is (\d+) px wide at (\d+) px, .* is (\d+) px across",
                    found[0].message)
    assert got is not None and got[1] == WELSH
    bold = str(campaign.file(campaign.spec.brand.fonts.bold))
    need, size, room = int(got[2]), int(got[3]), int(got[4])
    assert need == pytest.approx(typeset.width(bold, size, WELSH), abs=1) and need > room
    assert size == 27  # the smallest legible size on a 1200 px-wide canvas
    letters = int(re.search(r"about (\d+) letters would fit", found[0].message)[1])
    assert typeset.width(bold, size, WELSH[:letters]) <= room  # (near enough: it is a guide)
    assert "remove it from the sizes of partners 'library', 'surgery'" in found[0].message


def test_what_check_passes_the_graphics_draw_and_what_it_refuses_they_refuse(starter):
    # one decision: the graphic refuses exactly the sizes `check` reports
    for post in (_post(starter, layout="statement", heading=WELSH, closing="Croeso"),
                 _post(starter, layout="list", heading="Dewch i", items=[WELSH[:30], "Bangor"],
                       closing=WELSH[:24])):
        campaign = dataclasses.replace(starter, spec=dataclasses.replace(
            starter.spec, posts=[post]))
        reported = {re.search(r"size '([\w-]+)'", p.message)[1] for p in findings(campaign)
                    if p.field.startswith("posts[0]") and " px " in p.message}
        assert reported
        refused = set()
        for size in campaign.target_sizes:
            try:
                graphics.legible(campaign, post, size)
            except RenderError:
                refused.add(size)
        assert refused == reported


def test_build_stops_on_a_word_too_wide_before_writing_anything(example, tmp_path):
    from typer.testing import CliRunner

    from packpack.cli.app import app

    example.write_text(example.read_text().replace("heading: A hello costs nothing.",
                                                   f"heading: {WELSH}"))
    runner = CliRunner()
    checked = runner.invoke(app, ["check", str(example)])
    assert checked.exit_code != 0 and f"'{WELSH}' is" in checked.output
    out = tmp_path / "dist"
    built = runner.invoke(app, ["build", str(example), "--out", str(out)])
    assert built.exit_code != 0 and f"'{WELSH}' is" in built.output
    assert not out.exists() or not any(out.iterdir())
