"""Layout plans, checked as numbers: boxes, sizes, contrast, wrapping, logos, and the findings."""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from packpack.check import lints
from packpack.check.legibility import findings, problems
from packpack.core.colour import contrast
from packpack.core.web import display_url
from packpack.plan import compose, fit, graphic, legibility, logos, typeset
from packpack.spec import loader
from packpack.spec.logos import ink, visible
from packpack.spec.model import Campaign, Post

SEED = Path(__file__).resolve().parent.parent / "campaign.yaml"


@pytest.fixture(scope="module")
def seed() -> Campaign:
    return loader.load(SEED)


@pytest.fixture(scope="module")
def plans(seed: Campaign) -> list[graphic.Plan]:
    return [compose.compose(seed, post, size) for post in seed.spec.posts
            for size in seed.target_sizes]


def with_post(campaign: Campaign, index: int, **changes: object) -> Campaign:
    posts = list(campaign.spec.posts)
    posts[index] = dataclasses.replace(posts[index], **changes)
    return dataclasses.replace(campaign, spec=dataclasses.replace(campaign.spec, posts=posts))


def with_colours(campaign: Campaign, **changes: str) -> Campaign:
    brand = campaign.spec.brand
    brand = dataclasses.replace(brand, colours=dataclasses.replace(brand.colours, **changes))
    return dataclasses.replace(campaign, spec=dataclasses.replace(campaign.spec, brand=brand))


# ---------------------------------------------------------------------------------------------
# the seed's plans keep every rule


def test_every_post_in_every_size_is_planned_without_issues(seed, plans):
    assert len(plans) == len(seed.spec.posts) * len(seed.target_sizes) == 24
    assert [p for p in plans if p.issues] == []
    assert findings(seed) == []


def test_every_box_is_inside_the_canvas_and_the_safe_zone(plans):
    for plan in plans:
        canvas = graphic.Box(0, 0, plan.width, plan.height)
        assert canvas.contains(plan.safe)
        for box in [b.box for b in plan.blocks] + [lg.box for lg in plan.logos] + \
                [plan.callout.box, plan.band.box]:
            assert canvas.contains(box), (plan.post, plan.size, box)
        for box in [b.box for b in plan.blocks] + [lg.box for lg in plan.logos]:
            assert plan.safe.contains(box), (plan.post, plan.size, box)


def test_story_keeps_clear_of_the_top_and_bottom_interface(seed):
    plan = compose.compose(seed, seed.spec.posts[0], "story")
    assert plan.safe == graphic.Box(0, 250, 1080, 1920 - 250 - 340)
    tops = [b.box.y for b in plan.blocks] + [lg.box.y for lg in plan.logos]
    bottoms = [b.box.bottom for b in plan.blocks] + [lg.box.bottom for lg in plan.logos]
    assert min(tops) >= 250 and max(bottoms) <= 1920 - 340


def test_no_text_is_below_the_minimum_size(plans):
    assert legibility.min_size(1080) == 24
    assert legibility.min_size(1200) == 27  # 24 x 1200 / 1080 = 26.7, rounded up
    assert legibility.min_size(1600) == 36
    for plan in plans:
        for block in plan.blocks:
            assert block.size >= legibility.min_size(plan.width) == plan.min_size


def test_every_text_meets_wcag_aa_contrast(plans):
    for plan in plans:
        for block in plan.blocks:
            need = 3.0 if legibility.is_large(block.size, block.bold, plan.width) else 4.5
            assert contrast(block.colour, block.background) >= need
            if block.field == "callout":
                assert block.background == plan.callout.colour
            else:
                assert block.background == plan.background


def test_contrast_ratio_matches_wcag():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast("#3B1F5C", "#3B1F5C") == 1.0


def test_every_line_fits_its_box_and_its_ink_stays_inside(plans):
    for plan in plans:
        for block in plan.blocks:
            for line in block.lines:
                assert line.x >= block.box.x
                assert line.x + line.width <= block.box.right
                assert "".join(r.text for r in line.runs) == line.text
                for run in line.runs:
                    face = typeset.font(run.font, block.size)
                    left, top, right, bottom = face.getbbox(run.text, anchor="ls")
                    x = line.x + run.x
                    assert block.box.x <= x + left and x + right <= block.box.right + 1
                    assert block.box.y <= line.baseline + top
                    assert line.baseline + bottom <= block.box.bottom
            assert " ".join(line.text for line in block.lines).replace(" ", "") == \
                block.text.replace("\u00a0", "").replace(" ", "")


def test_text_blocks_do_not_overlap_the_panels_or_each_other(plans):
    for plan in plans:
        words = [b for b in plan.blocks if b.field != "callout"]
        for b in words:
            assert not _overlap(b.box, plan.callout.box), (plan.post, plan.size, b.field)
            assert not _overlap(b.box, plan.band.box)
        for b in plan.blocks:
            if b.field == "callout":
                assert plan.callout.box.contains(b.box)
        for a, b in itertools.pairwise(words):
            first_ink = a.lines[-1].baseline + a.box.h // 10
            assert b.lines[0].baseline > first_ink


def _overlap(a: graphic.Box, b: graphic.Box) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def test_each_shape_has_its_own_composition(seed):
    post = seed.spec.posts[3]
    shapes = {s: compose.compose(seed, post, s) for s in seed.target_sizes}
    assert {s: p.shape for s, p in shapes.items()} == {
        "instagram-square": "square", "instagram-portrait": "portrait", "story": "story",
        "facebook": "landscape", "x": "landscape", "linkedin": "landscape"}
    for plan in shapes.values():
        words = [b.box for b in plan.blocks if b.field != "callout"]
        if plan.shape == "landscape":  # words beside the callout
            assert max(b.right for b in words) < plan.callout.box.x
        else:  # words above the callout
            assert max(b.bottom for b in words) < plan.callout.box.y
        assert plan.callout.box.bottom <= plan.band.box.y
    # a story's logo strip is a card of its own; a square's runs edge to edge
    assert shapes["story"].band.box.x > 0 and shapes["story"].band.radius > 0
    assert shapes["instagram-square"].band.box.w == 1080


def test_layouts_set_the_hierarchy_the_post_asks_for(seed):
    sizes = {}
    for post in seed.spec.posts:
        plan = compose.compose(seed, post, "instagram-square")
        sizes[post.layout] = {b.field: b.size for b in plan.blocks}
        closing = next(b for b in plan.blocks if b.field == "closing")
        assert closing.colour == seed.spec.brand.colours.accent
        assert all(b.colour == seed.spec.brand.colours.text for b in plan.blocks
                   if b.field not in ("closing", "callout"))
    assert sizes["list"]["items[0]"] > sizes["list"]["heading"]
    assert sizes["questions"]["closing"] > sizes["questions"]["items[0]"]
    assert sizes["stack"]["closing"] > sizes["stack"]["items[0]"] > sizes["stack"]["heading"]
    assert sizes["statement"]["closing"] > sizes["statement"]["heading"]


def test_stacked_items_stay_on_one_line_each(plans):
    for plan in plans:
        if plan.post in ("stalking-is", "its-stalking"):
            for block in plan.blocks:
                if block.field.startswith("items"):
                    assert len(block.lines) == 1, (plan.size, block.field)


def test_the_callout_shows_addresses_without_a_scheme_and_numbers_unbroken(seed, plans):
    text = compose.callout_text(seed, seed.spec.posts[0])
    assert "https://" not in text and "www.victimcareandadvice.service.uk" in text
    assert "0300\u00a0020\u00a02525" in text
    for plan in plans:
        lines = [line.text for b in plan.blocks if b.field == "callout" for line in b.lines]
        assert any("0300 020 2525" in line for line in lines), plan.size
        assert any("www.victimcareandadvice.service.uk" in line for line in lines), plan.size


def test_the_callout_sets_numbers_and_addresses_in_bold(seed, plans):
    heavy = str(seed.file(seed.spec.brand.fonts.bold))
    for plan in plans:
        callout = next(b for b in plan.blocks if b.field == "callout")
        bold = [r.text for line in callout.lines for r in line.runs if r.font == heavy]
        assert bold == ["101", "999", "www.victimcareandadvice.service.uk", "0300 020 2525"]
        for line in callout.lines:  # runs follow each other without gaps or overlaps
            ends = [r.x + typeset.font(r.font, callout.size).getlength(r.text) for r in line.runs]
            assert all(abs(b.x - e) <= 1 for b, e in zip(line.runs[1:], ends, strict=False))
            assert ends[-1] <= line.width + 1


def test_marked_text_splits_into_runs():
    text = "call " + typeset.bold("0300\u00a0020") + "."
    assert typeset.runs(text) == [("call ", False), ("0300\u00a0020", True), (".", False)]
    assert typeset.plain(text) == "call 0300\u00a0020."


# ---------------------------------------------------------------------------------------------
# typography and wrapping


def test_typeset_uses_typographic_apostrophes_quotes_and_ellipsis():
    assert typeset.typeset("Love shouldn't be scary.") == "Love shouldn’t be scary."
    assert typeset.typeset("IT'S ALL STALKING") == "IT’S ALL STALKING"
    assert typeset.typeset("Stalking is...") == "Stalking is…"
    assert typeset.typeset('She said "stop" and \'no\'') == "She said “stop” and ‘no’"


def test_typeset_keeps_a_straight_apostrophe_when_the_font_has_no_curly_one():
    glyphs = frozenset(map(ord, "Love shouldn't be scary."))
    assert typeset.typeset("shouldn't...", glyphs) == "shouldn't..."
    assert typeset.drawable("Café 🥰", str(SEED.parent / "fonts/AtkinsonHyperlegible-Bold.ttf"),
                           "?") == "Café ?"


def test_display_url_drops_the_scheme_and_a_bare_trailing_slash():
    assert display_url("https://www.myharbour.org.uk/") == "www.myharbour.org.uk"
    assert display_url("https://example.org/a/b/") == "example.org/a/b/"


def measure(text: str) -> float:
    """Ten pixels a character: easy widths to reason about."""
    return 10.0 * len(text)


def test_wrap_balances_lines_instead_of_leaving_a_lone_word():
    text = "If you are a victim of stalking"  # greedy at 270 px: 27 chars, then "stalking"
    assert typeset.wrap(text, 270, measure) == ["If you are a", "victim of stalking"]
    assert typeset.wrap("Fixated", 270, measure) == ["Fixated"]


def test_wrap_breaks_only_at_spaces_and_says_when_a_word_cannot_fit():
    assert typeset.wrap("EXCESSIVE CONTACT", 80, measure) is None
    assert typeset.wrap("EXCESSIVE CONTACT", 100, measure) == ["EXCESSIVE", "CONTACT"]
    assert typeset.wrap("EXCESSIVE CONTACT", 100, measure, nowrap=True) is None
    assert typeset.wrap("EXCESSIVE CONTACT", 170, measure) == ["EXCESSIVE CONTACT"]
    lines = typeset.wrap("call 0300\u00a0020\u00a02525 now", 90, measure)
    assert lines is None  # the number is one word: it does not break


def test_wrap_splits_a_long_address_before_a_dot_only_when_allowed():
    text = "visit www.victimcareandadvice.service.uk today"
    assert typeset.wrap(text, 250, measure) is None
    lines = typeset.wrap(text, 250, measure, split=True)
    assert lines is not None and all(measure(line) <= 250 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(not line.endswith(".") for line in lines[:-1])


def test_a_bold_address_split_across_lines_stays_bold_on_each():
    lines = typeset.wrap("visit " + typeset.bold("www.victimcareandadvice.service.uk"), 250,
                        lambda t: measure(typeset.plain(t)), split=True)
    assert lines is not None and len(lines) > 1
    pieces = [p for line in lines for p in typeset.runs(line)]
    assert "".join(t for t, _ in pieces).replace(" ", "") == \
        "visitwww.victimcareandadvice.service.uk"
    assert all(heavy for t, heavy in pieces if "visit" not in t)


def test_wrapped_lines_are_balanced_in_the_plans(plans):
    for plan in plans:
        for block in plan.blocks:
            if len(block.lines) > 1 and block.field != "callout":
                last = block.lines[-1].text
                assert " " in last or len(last) > 4, (plan.post, plan.size, block.field)


# ---------------------------------------------------------------------------------------------
# logos


def test_logos_are_equal_in_visual_weight_undistorted_and_evenly_spaced(plans):
    for plan in plans:
        logos = plan.logos
        assert logos[0].name.startswith("Joy Allen")
        assert len(logos) == 5
        inked = [lg.box.w * lg.box.h * ink(lg.file) for lg in logos]  # area x ink share
        assert max(inked) / min(inked) < 1.08, (plan.size, inked)
        for lg in logos:
            crop = visible(lg.file)
            cw, ch = crop[2] - crop[0], crop[3] - crop[1]
            assert abs(lg.box.w - lg.box.h * cw / ch) <= 1  # aspect kept to the pixel
            assert plan.band.box.contains(lg.box)
            centre = lg.box.y + lg.box.h / 2
            assert abs(centre - (plan.band.box.y + plan.band.box.h / 2)) <= 1
        gaps = [b.box.x - a.box.right for a, b in itertools.pairwise(logos)]
        assert max(gaps) - min(gaps) <= 2 and min(gaps) > 0


def test_logo_crop_trims_transparent_margins(seed):
    logo = seed.file(seed.spec.organisations["pcc"].logo)
    assert visible(str(logo)) == (20, 47, 527, 275)


# ---------------------------------------------------------------------------------------------
# what a spec that cannot be made legible is told


def test_too_much_text_for_a_size_names_post_size_and_fix(seed):
    words = [f"Unwanted behaviour number {i} that keeps on happening" for i in range(14)]
    found = findings(with_post(seed, 1, items=words))
    line, col = seed.where("posts[1]")
    assert next(str(p) for p in found) == (
        f"{SEED}:{line}:{col}: posts[1]: in post 'its-all-stalking', size 'facebook': at the "
        "smallest legible size (27 px) the words take 29 lines, 1084 px tall, and the room is "
        "415 px tall; shorten the heading, items or closing by about 62 %, or leave the size "
        "out: set campaign.sizes to [instagram-square, instagram-portrait, story, x, linkedin] "
        "and remove it from the sizes of partners 'opcc', 'durham-constabulary', "
        "'public-health', 'icb', 'vcas', 'harbour', 'alice-ruggles-trust'")
    assert [p.message.split(":")[0] for p in found] == [
        f"in post 'its-all-stalking', size '{s}'" for s in ("facebook", "x", "linkedin")]
    found = findings(with_post(seed, 1, items=words * 3))
    assert len(found) == 6 and all("the words take" in p.message for p in found)


def test_the_advice_to_leave_a_size_out_removes_the_error_and_adds_none(seed):
    words = [f"Unwanted behaviour number {i} that keeps on happening" for i in range(14)]
    bad = with_post(seed, 1, items=words)
    assert any("size 'facebook'" in p.message for p in findings(bad))
    others = [s for s in bad.target_sizes if s != "facebook"]
    partners = [dataclasses.replace(p, sizes=[s for s in p.sizes if s != "facebook"])
                for p in bad.spec.partners]
    followed = dataclasses.replace(bad, spec=dataclasses.replace(
        bad.spec, partners=partners,
        campaign=dataclasses.replace(bad.spec.campaign, sizes=others)))
    # what is wrong, without the advice (which names the sizes that are left)
    before = {(p.field, p.message.split(";")[0]) for p in lints.lint(bad, cache=False)}
    after = {(p.field, p.message.split(";")[0]) for p in lints.lint(followed, cache=False)}
    assert not any("'facebook'" in m for _, m in after)
    assert after <= before


def test_low_contrast_names_the_colour_every_post_and_size_and_the_fix(seed):
    found = findings(with_colours(seed, accent="#6A4F90", callout_text="#9A8AB0"))
    a_line, a_col = seed.where("brand.colours.accent")
    c_line, c_col = seed.where("brand.colours.callout_text")
    assert [str(p) for p in found] == [
        f"{SEED}:{a_line}:{a_col}: brand.colours.accent: in every post and size: accent "
        "#6A4F90 on background #3B1F5C has a contrast of 2.04:1, below the 3:1 WCAG AA needs "
        "for large text; make brand.colours.accent or brand.colours.background lighter or "
        "darker until the contrast is at least 3:1",
        f"{SEED}:{c_line}:{c_col}: brand.colours.callout_text: in every post and size: "
        "callout_text #9A8AB0 on callout #F3EEF9 has a contrast of 2.77:1, below the 4.5:1 "
        "WCAG AA needs for text; make brand.colours.callout_text or brand.colours.callout "
        "lighter or darker until the contrast is at least 4.5:1"]


def test_a_character_the_font_lacks_is_named_with_its_code_point(seed):
    found = findings(with_post(seed, 0, heading="Stalking is 🥰"))
    line, col = seed.where("posts[0].heading")
    assert [str(p) for p in found] == [
        f"{SEED}:{line}:{col}: posts[0].heading: in post 'stalking-is', every size: '🥰' "
        "(U+1F970) has no glyph in the bold font AtkinsonHyperlegible-Bold.ttf nor in packpack's "
        "fallbacks, so it would show as an empty box; write it another way, or use a "
        "brand.fonts.bold that has it"]


def test_problems_of_one_plan_name_just_its_post_and_size(seed):
    bad = with_post(seed, 3, heading="Love 🫶 fear")
    plan = compose.compose(bad, bad.spec.posts[3], "story")
    line, col = seed.where("posts[3].heading")
    assert [str(p) for p in problems(bad, plan)] == [
        f"{SEED}:{line}:{col}: posts[3].heading: in post 'love-shouldnt-be-scary', size "
        "'story': '🫶' (U+1FAF6) has no glyph in the bold font AtkinsonHyperlegible-Bold.ttf "
        "nor in packpack's fallbacks, so it would show as an empty box; write it another way, "
        "or use a brand.fonts.bold that has it"]


def test_large_text_threshold_scales_with_the_canvas():
    assert legibility.is_large(36, False, 1080) and not legibility.is_large(35, False, 1080)
    assert legibility.is_large(28, True, 1080) and not legibility.is_large(27, True, 1080)
    assert not legibility.is_large(36, False, 1600) and legibility.is_large(54, False, 1600)


def test_posts_without_words_still_get_a_plan_inside_the_safe_zone(seed):
    post: Post = dataclasses.replace(seed.spec.posts[3], closing="")
    plan = compose.compose(seed, post, "x")
    assert [b.field for b in plan.blocks] == ["heading", "callout"]
    assert not plan.issues and all(plan.safe.contains(b.box) for b in plan.blocks)
    assert math.isclose(plan.width / plan.height, 16 / 9)


# ---------------------------------------------------------------------------------------------
# any words: either a plan that keeps every rule, or a finding that says what to change

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'?.", min_size=1,
               max_size=14)
LINE = st.lists(WORD, min_size=1, max_size=9).map(" ".join)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["list", "questions", "stack", "statement"]), heading=LINE,
       items=st.lists(LINE, min_size=1, max_size=8), closing=LINE)
def test_any_words_are_either_set_by_the_rules_or_reported(seed, kind, heading, items, closing):
    post = dataclasses.replace(seed.spec.posts[0], layout=kind, heading=heading, items=items,
                               closing=closing)
    for size in seed.target_sizes:
        plan = compose.compose(seed, post, size)
        if plan.issues:
            assert len(plan.issues) == 1
            _assert_misfit(plan.issues[0].what)
            continue
        for block in plan.blocks:
            assert plan.safe.contains(block.box), (size, block.field, block.box)
            assert block.size >= plan.min_size
            assert all(line.width <= block.box.w for line in block.lines)
            assert not _overlap(block.box, plan.band.box)
            if block.field != "callout":
                assert not _overlap(block.box, plan.callout.box), (size, block.field)


MISFIT = re.compile(r"'(?P<word>.+)' is (?P<need>\d+) px wide at \d+ px, the smallest this "
                    r"layout sets it, and the room for the (words|help callout) is "
                    r"(?P<room>\d+) px across|at the smallest legible size \(\d+ px\) the "
                    r"(words take|help callout takes) \d+ lines, (?P<tall>\d+) px tall, and "
                    r"the room is (?P<height>\d+) px tall")


def _assert_misfit(what: str) -> None:
    """A misfit's message says in numbers why the words cannot fit."""
    found = MISFIT.fullmatch(what)
    assert found, what
    if found["word"]:
        assert int(found["need"]) > int(found["room"])
    else:
        assert int(found["tall"]) > int(found["height"])


def test_a_solid_crest_stands_at_the_wordmarks_weight_without_shrinking_them(seed, tmp_path):
    from PIL import Image

    crest = tmp_path / "crest.png"
    Image.new("RGBA", (200, 300), (10, 60, 30, 255)).save(crest)
    wide = [("a", str(seed.file("logos/harbour.png"))), ("b", str(seed.file("logos/vcas.png")))]
    band = graphic.Box(0, 900, 1080, 180)
    alone = logos.logo_strip(wide, band, 72, 1008)
    mixed = logos.logo_strip([*wide, ("crest", str(crest))], band, 72, 1008)
    # the solid crest weighs far more per pixel than the wordmarks: it stands at their
    # weight, under its cap (a tall logo's: 0.56 / sqrt(2/3) of the band), and they keep
    # their size
    assert mixed[2].box.h < math.floor(180 * 0.56 * math.sqrt(3 / 2))
    assert mixed[0].box.w * mixed[0].box.h > 0.9 * alone[0].box.w * alone[0].box.h
    weights = logos.weights(mixed)
    assert weights[0] == pytest.approx(weights[1], rel=0.05)
    assert weights[2] == pytest.approx(weights[0], rel=0.05)


def test_a_callout_too_long_for_a_size_is_reported_once_for_every_post(seed):
    campaign = dataclasses.replace(seed, spec=dataclasses.replace(
        seed.spec, callout=seed.spec.callout * 4,
        campaign=dataclasses.replace(seed.spec.campaign, sizes=["facebook", "story"])))
    line, col = seed.where("callout")
    assert [str(p) for p in findings(campaign)] == [
        f"{SEED}:{line}:{col}: callout: in every post, size 'facebook': at the smallest legible "
        "size (27 px) the help callout takes 28 lines, 1006 px tall, and the room is 353 px "
        "tall; shorten the callout by about 65 %, or leave the size out: remove 'facebook' from "
        "campaign.sizes and remove it from the sizes of partners 'opcc', 'durham-constabulary', "
        "'public-health', 'icb', 'vcas', 'harbour', 'alice-ruggles-trust'"]


def test_a_post_without_logos_has_no_empty_strip(seed):
    post = dataclasses.replace(seed.spec.posts[0], logos=[])
    plan = compose.compose(seed, post, "instagram-square")
    assert plan.logos == () and plan.band.colour == plan.background


@pytest.mark.parametrize(("width", "height", "safe"), [
    (1500, 500, (0, 0, 0, 0)),  # a 3:1 banner
    (1080, 2400, (300, 60, 420, 60)),  # a tall canvas with side insets
    (1080, 1080, (40, 120, 40, 120)),
])
def test_sizes_of_a_campaigns_own_keep_to_their_safe_zone(seed, width, height, safe):
    from packpack.spec.model import SafeZone, Size

    top, right, bottom, left = safe
    size = Size(width=width, height=height, safe=SafeZone(top=top, right=right, bottom=bottom,
                                                          left=left))
    campaign = dataclasses.replace(seed, sizes={**seed.sizes, "custom": size})
    for post in campaign.spec.posts:
        plan = compose.compose(campaign, post, "custom")
        if plan.issues:
            for issue in plan.issues:
                _assert_misfit(issue.what)
            continue
        for box in [b.box for b in plan.blocks] + [lg.box for lg in plan.logos]:
            assert plan.safe.contains(box), (post.id, box)
        assert all(b.size >= legibility.min_size(width) for b in plan.blocks)


def test_plans_are_the_same_however_much_was_remembered(seed, plans):
    # composing remembers widths and set groups across graphics; none of it may show
    for forget in (typeset.width, typeset.rich_width, fit.set_group, typeset.metrics):
        forget.cache_clear()
    backwards = [compose.compose(seed, post, size) for post in reversed(seed.spec.posts)
                 for size in reversed(seed.target_sizes)]
    assert backwards[::-1] == plans
    assert [compose.compose(seed, post, size) for post in seed.spec.posts
            for size in seed.target_sizes] == plans


def test_a_posts_own_callout_too_long_is_reported_at_that_post(seed):
    """A post may have its own callout: its problems are the post's (`posts[i].callout`),
    not the campaign's callout, which the other posts still show and which fits."""
    posts = list(seed.spec.posts)
    posts[1] = dataclasses.replace(posts[1], callout=seed.spec.callout * 4)
    campaign = dataclasses.replace(seed, spec=dataclasses.replace(
        seed.spec, posts=posts,
        campaign=dataclasses.replace(seed.spec.campaign, sizes=["facebook", "story"])))
    found = findings(campaign)
    assert found and {p.field for p in found} == {"posts[1].callout"}
    assert all(f"in post '{posts[1].id}'" in p.message for p in found)
