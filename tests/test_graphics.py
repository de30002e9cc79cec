"""Post graphics read back as PNGs: sizes, mode, colour space, file limits, determinism, keys."""

from __future__ import annotations

import dataclasses
import io
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageFilter

from packpack.build import schedule
from packpack.core import paths, png
from packpack.core.errors import RenderError
from packpack.core.outputs import BuildContext
from packpack.plan import compose, typeset
from packpack.render import graphics, raster, sheet
from packpack.spec import loader
from packpack.spec.model import Campaign
from packpack.spec.platforms import PLATFORMS

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "campaign.yaml"


def render(campaign: Campaign, post, size_id: str) -> bytes:
    """A post's graphic in one size as PNG bytes, as a build makes it."""
    return png.encode(graphics.draw(graphics.legible(campaign, post, size_id)))


@pytest.fixture(scope="module")
def seed() -> Campaign:
    return loader.load(SEED)


@pytest.fixture(scope="module")
def built(seed: Campaign, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    """The seed's graphics and contact sheet, made as a build makes them."""
    out = tmp_path_factory.mktemp("dist")
    outputs = graphics.plan(seed)
    entries = schedule.run(seed, outputs, out, jobs=2).entries
    return out, entries


def test_plan_lists_every_post_in_every_size_then_the_contact_sheet(seed):
    outputs = graphics.plan(seed)
    want = [paths.graphic(p.id, s) for p in seed.spec.posts for s in seed.target_sizes]
    assert [o.path for o in outputs] == [*want, paths.CONTACT_SHEET]
    assert {o.kind for o in outputs[:-1]} == {"graphic"}
    assert outputs[0].meta == {"post": "stalking-is", "size": "instagram-square",
                               "width": 1080, "height": 1080}
    sheet = outputs[-1]
    assert sheet.kind == "contact-sheet" and sheet.needs == tuple(want)
    assert len({o.key for o in outputs}) == len(outputs)


def test_every_graphic_is_an_8_bit_srgb_png_of_the_exact_size(seed, built):
    out, entries = built
    for entry in entries[:-1]:
        with Image.open(out / entry["path"]) as im:
            assert im.format == "PNG" and im.mode == "RGB"
            assert im.size == (entry["width"], entry["height"])
            assert im.size == (seed.sizes[entry["size"]].width, seed.sizes[entry["size"]].height)
            assert im.info.get("srgb") == 0  # the sRGB chunk, perceptual intent
        data = (out / entry["path"]).read_bytes()
        assert data[24:26] == b"\x08\x02"  # IHDR: bit depth 8, colour type 2 (RGB)


def test_every_graphic_is_under_its_platforms_file_limit(seed, built):
    _out, entries = built
    for entry in entries[:-1]:
        limit = min(PLATFORMS[p].max_bytes for p in seed.sizes[entry["size"]].platforms)
        assert entry["bytes"] <= limit, entry["path"]
        assert entry["bytes"] < 400_000  # flat colour compresses well: a sanity bound


def test_a_graphic_over_a_platforms_file_limit_is_refused(seed):
    graphics.check_file_size(seed, "stalking-is", "instagram-square", 1_000_000)
    with pytest.raises(RenderError) as caught:
        graphics.check_file_size(seed, "stalking-is", "instagram-square", 1_000_001)
    assert str(caught.value) == (
        "post 'stalking-is', size 'instagram-square': the graphic is 1,000,001 bytes, over "
        "Bluesky's limit of 1,000,000; use logos with fewer colours and detail (flat PNGs), or "
        "leave this size out of campaign.sizes")


def test_png_level_keeps_files_within_a_third_of_the_default_level(seed):
    for size in ("story", "x"):
        im = graphics.draw(compose.compose(seed, seed.spec.posts[2], size))
        default = io.BytesIO()
        im.save(default, "PNG")
        assert len(png.encode(im)) <= 1.3 * len(default.getvalue())


def test_encoding_keeps_every_pixel(seed):
    im = graphics.draw(compose.compose(seed, seed.spec.posts[1], "linkedin"))
    with Image.open(io.BytesIO(png.encode(im))) as back:
        back.load()  # reads every chunk, checking each CRC
        assert (back.mode, back.size) == ("RGB", im.size)
        assert back.tobytes() == im.tobytes()


def test_photographic_logos_keep_files_within_a_third_of_the_default_level(tmp_path):
    # unfiltered rows suit flat colour; smooth photographic logos are their worst case
    for name in ("campaign.yaml", "fonts", "logos"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    grain = Image.effect_noise((600, 250), 40).filter(ImageFilter.GaussianBlur(2))
    ramp = Image.linear_gradient("L").resize((600, 250))
    photo = Image.merge("RGB", (ramp, grain, ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    for logo in (tmp_path / "logos").glob("*.png"):
        photo.save(logo)
    campaign = loader.load(tmp_path / "campaign.yaml")
    for size in ("story", "facebook"):
        im = graphics.draw(compose.compose(campaign, campaign.spec.posts[0], size))
        default = io.BytesIO()
        im.save(default, "PNG")
        assert len(png.encode(im)) <= 1.3 * len(default.getvalue())


def test_the_same_input_gives_byte_identical_graphics(seed, built):
    out, _entries = built
    for post, size in [(seed.spec.posts[0], "story"), (seed.spec.posts[3], "facebook")]:
        again = render(seed, post, size)
        assert again == render(seed, post, size)
        assert again == (out / paths.graphic(post.id, size)).read_bytes()


def test_the_drawing_follows_the_plan(seed, built):
    out, _ = built
    colours = seed.spec.brand.colours
    plan = compose.compose(seed, seed.spec.posts[0], "instagram-square")
    with Image.open(out / paths.graphic("stalking-is", "instagram-square")) as im:
        rgb = im.convert("RGB")
        assert rgb.getpixel((5, 5)) == _rgb(colours.background)
        band = plan.band.box
        assert rgb.getpixel((band.x + 2, band.bottom - 2)) == _rgb(colours.band)
        panel = plan.callout.box
        assert rgb.getpixel((panel.x + 4, panel.y + panel.h // 2)) == _rgb(colours.callout)
        closing = next(b for b in plan.blocks if b.field == "closing").box
        inside = rgb.crop((closing.x, closing.y, closing.right, closing.bottom)).getcolors(1 << 16)
        assert _rgb(colours.accent) in {c for _, c in inside}
        # nothing is drawn outside the boxes in the margin left of the words
        margin = rgb.crop((0, 0, plan.blocks[0].box.x - 1, band.y))
        assert margin.getcolors() == [(margin.width * margin.height, _rgb(colours.background))]


def test_logos_keep_their_own_colours(seed, built):
    out, _ = built
    plan = compose.compose(seed, seed.spec.posts[0], "x")
    logo = plan.logos[2]  # The Alice Ruggles Trust, (200, 40, 90)
    with Image.open(out / paths.graphic("stalking-is", "x")) as im:
        area = im.crop((logo.box.x, logo.box.y, logo.box.right, logo.box.bottom))
        colours = {c for _, c in area.getcolors(1 << 16)}
    assert (200, 40, 90) in colours


def test_contact_sheet_shows_every_graphic(seed, built):
    out, entries = built
    listed = entries[-1]
    assert listed["path"] == paths.CONTACT_SHEET and listed["kind"] == "contact-sheet"
    with Image.open(out / paths.CONTACT_SHEET) as im:
        assert im.mode == "RGB"
        rows = len(seed.spec.posts)
        assert im.height >= rows * sheet.SHEET_ROW
        # each post's row holds its thumbnails: the brand's purple fills part of every row
        purple = _rgb(seed.spec.brand.colours.background)
        for r in range(rows):
            top = 150 + r * (sheet.SHEET_ROW + 70 + sheet.SHEET_GAP)
            row = im.crop((0, top, im.width, top + sheet.SHEET_ROW))
            assert purple in {c for _, c in row.getcolors(1 << 20)}


def test_contact_sheet_thumbnails_shrink_for_large_campaigns():
    aspects = [1, 0.8, 0.5625, 1.9, 1.78, 1.91]
    assert sheet.thumbnail_height(4, aspects) == sheet.SHEET_ROW
    small = sheet.thumbnail_height(200, aspects)
    assert 48 <= small < 120


def test_key_covers_what_shapes_the_image_and_not_the_caption(seed, tmp_path):
    first = graphics.plan(seed)[0]
    posts = list(seed.spec.posts)
    posts[0] = dataclasses.replace(posts[0], caption="A new caption.")
    recaptioned = dataclasses.replace(seed, spec=dataclasses.replace(seed.spec, posts=posts))
    assert graphics.plan(recaptioned)[0].key == first.key
    posts[0] = dataclasses.replace(posts[0], closing="Sound familiar?")
    reworded = dataclasses.replace(seed, spec=dataclasses.replace(seed.spec, posts=posts))
    assert graphics.plan(reworded)[0].key != first.key
    # a logo file's bytes are part of the key
    copy = tmp_path / "c"
    copy.mkdir()
    for name in ("campaign.yaml", "fonts", "logos"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, copy / name)
    moved = loader.load(copy / "campaign.yaml")
    before = graphics.plan(moved)[0].key
    logo = copy / "logos" / "pcc.png"
    with Image.open(logo) as im:
        im.rotate(180).save(logo)
    assert graphics.plan(moved)[0].key != before


def test_a_graphic_that_cannot_be_legible_is_refused_with_the_findings_message(seed):
    posts = list(seed.spec.posts)
    posts[0] = dataclasses.replace(posts[0], heading="Stalking is 🥰")
    bad = dataclasses.replace(seed, spec=dataclasses.replace(seed.spec, posts=posts))
    line, col = seed.where("posts[0].heading")
    with pytest.raises(RenderError) as caught:
        render(bad, bad.spec.posts[0], "story")
    assert str(caught.value) == (
        f"{SEED}:{line}:{col}: posts[0].heading: in post 'stalking-is', size 'story': '🥰' "
        "(U+1F970) has no glyph in the bold font AtkinsonHyperlegible-Bold.ttf nor in packpack's "
        "fallbacks, so it would show as an empty box; write it another way, or use a "
        "brand.fonts.bold that has it")


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def test_contact_sheet_is_the_same_when_its_graphics_come_from_files(seed, built, tmp_path):
    """A cached build hands the sheet no thumbnails: it reads the PNGs, to the same bytes
    (written to its file as they are made, never joined in memory)."""
    out, _ = built
    shutil.copytree(out, tmp_path / "again")
    (tmp_path / "again" / paths.CONTACT_SHEET).unlink()
    sheet = graphics.plan(seed)[-1]
    made = sheet.make(BuildContext(seed, tmp_path / "again"), sheet)  # no thumbnails
    assert made is None
    assert (tmp_path / "again" / paths.CONTACT_SHEET).read_bytes() == \
        (out / paths.CONTACT_SHEET).read_bytes()


@pytest.mark.parametrize("heights", [[1], [64], [65], [63, 1, 64, 2], [130, 7]])
def test_a_png_written_band_by_band_is_the_png_of_the_whole(heights):
    # rows are read in blocks of ROWS_PER_BLOCK: bands that end on, before and after one
    width = 37
    noise = Image.effect_noise((width, sum(heights)), 60).convert("RGB")
    whole = png.encode(noise)
    stream, top = png.PngStream(width, noise.height), 0
    for h in heights:
        stream.add(noise.crop((0, top, width, top + h)))
        top += h
    assert stream.finish() == whole
    with Image.open(io.BytesIO(whole)) as back:
        assert back.mode == "RGB" and back.tobytes() == noise.tobytes()


@pytest.mark.parametrize("text", ["STALKING IS…", "Feel familiar? jg", " ", "0300 123 2133"])
@pytest.mark.parametrize(("font", "size"), [("Bold", 97), ("Regular", 23)])
def test_text_is_drawn_with_the_very_pixels_imagedraw_draws(text, font, size):
    from PIL import ImageDraw

    path = str(ROOT / f"fonts/AtkinsonHyperlegible-{font}.ttf")
    expected = Image.new("RGB", (900, 200), "#2A1540")
    ImageDraw.Draw(expected).text((31, 140), text, font=typeset.font(path, size),
                                  fill="#FFD23F", anchor="ls")
    drawn = Image.new("RGB", (900, 200), "#2A1540")
    mask, (dx, dy) = raster.text_mask(path, size, text)
    ImageDraw.Draw(drawn).bitmap((31 + dx, 140 + dy), mask, fill="#FFD23F")
    assert drawn.tobytes() == expected.tobytes()


def test_a_logo_changed_on_disk_is_drawn_anew(tmp_path):
    for name in ("campaign.yaml", "fonts", "logos"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    campaign = loader.load(tmp_path / "campaign.yaml")
    post = campaign.spec.posts[0]

    def logo_colours(size: str) -> set[tuple[int, int, int]]:
        plan = compose.compose(campaign, post, size)
        logo = next(lg for lg in plan.logos if lg.file.endswith("pcc.png"))
        area = graphics.draw(plan).crop((logo.box.x, logo.box.y, logo.box.right,
                                         logo.box.bottom))
        return {c for _, c in area.getcolors(1 << 16)}

    navy = (30, 50, 110)  # the stand-in PCC wordmark's colour
    assert navy in logo_colours("story") and navy in logo_colours("x")
    # the same shape in another colour: only the file's contents tell it apart
    logo = tmp_path / "logos/pcc.png"
    with Image.open(logo) as im:
        alpha = im.convert("RGBA").getchannel("A")
    green = Image.new("RGBA", alpha.size, (0, 160, 80, 255))
    green.putalpha(alpha)
    green.save(logo)
    for size in ("story", "x"):
        colours = logo_colours(size)
        assert (0, 160, 80) in colours and navy not in colours


