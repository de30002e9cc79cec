"""Test campaigns that differ from the seed on purpose, judged with tools nobody here wrote.

`tests/campaigns/cream` has a light brand (cream ground, navy text, red accent, a navy
panel), a post in Welsh, emoji in captions, logos of 8:1, 1:1 and 1:3, six posts and three
partners with different size sets. The seed and each test campaign are built once; poppler
measures the contrast of every word of both PDF editions on the rendered pages.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from contrast import words
from packpack.build.session import build

ROOT = Path(__file__).resolve().parent.parent
CAMPAIGNS = {"seed": ROOT / "campaign.yaml",
             "cream": ROOT / "tests" / "campaigns" / "cream" / "campaign.yaml",
             "urdu": ROOT / "tests" / "campaigns" / "urdu" / "campaign.yaml"}
EDITIONS = ("stakeholder-pack.pdf", "stakeholder-pack-print.pdf")
POPPLER = shutil.which("pdftoppm") and shutil.which("pdftotext")


@pytest.fixture(scope="module", params=list(CAMPAIGNS))
def built(request, tmp_path_factory) -> tuple[str, Path]:
    """(name, output folder) of a campaign built from a copy of its folder."""
    name = request.param
    source = CAMPAIGNS[name]
    folder = tmp_path_factory.mktemp(name)
    spec = folder / "campaign.yaml"
    shutil.copy(source, spec)
    for sub in ("fonts", "logos"):
        shutil.copytree(source.parent / sub, folder / sub)
    build(spec, folder / "dist", show=lambda found: None)
    return name, folder / "dist"


@pytest.mark.skipif(not POPPLER, reason="needs poppler-utils (pdftoppm, pdftotext)")
@pytest.mark.parametrize("edition", EDITIONS)
def test_every_word_of_both_editions_reads_at_wcag_aa(built, edition):
    name, out = built
    measured = words(out / edition)
    assert len(measured) > 300, "the pack's words were not found"
    bad = [f"page {w.page}: {w.text!r} {w.contrast:.2f}:1" for w in measured if not w.passes]
    assert not bad, f"{name} {edition}: {len(bad)} words below AA: {bad[:10]}"


def test_check_names_each_pack_colour_that_its_text_would_not_read_on(tmp_path):
    folder = tmp_path / "cream"
    shutil.copytree(CAMPAIGNS["cream"].parent, folder)
    spec = folder / "campaign.yaml"
    spec.write_text(spec.read_text() + "\npack:\n  colours:\n    heading: '#FFF0F0'\n"
                    "    panel: '#FFFFFF'\n    panel_text: '#EEEEEE'\n    ink: '#111111'\n")
    done = subprocess.run([sys.executable, "-m", "packpack", "check", str(spec)],
                          capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert done.returncode == 1
    lines = spec.read_text().splitlines()
    heading = next(n for n, t in enumerate(lines, 1) if "heading: '#FFF0F0'" in t)
    assert (f"{spec}:{heading}:14: pack.colours.heading: #FFF0F0 on paper (white) is 1.1:1; "
            "text needs 4.5:1 (WCAG AA): choose a darker colour (error)") in done.stderr
    assert "pack.colours.panel_text: #EEEEEE on panel #FFFFFF is 1.2:1" in done.stderr
    assert "pack.colours.ink" not in done.stderr  # it reads


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_character_of_both_editions_is_drawn_from_a_glyph(built, edition):
    """PyMuPDF reads each drawn character's glyph id back: 0 is the empty box."""
    import pymupdf

    name, out = built
    boxes, faces = [], set()
    with pymupdf.open(out / edition) as pdf:
        for number, page in enumerate(pdf, 1):
            for span in page.get_texttrace():
                faces.add(span["font"])
                boxes += [(number, chr(code)) for code, glyph, *_ in span["chars"]
                          if glyph == 0 and not chr(code).isspace()]
    assert not boxes, f"{name} {edition}: empty boxes for {boxes[:10]}"
    if name == "cream":  # Ŵ from the fallback, the emoji from Symbola
        assert {"NotoSans-Regular", "Symbola"} <= {f.split("+")[-1] for f in faces}


@pytest.mark.skipif(not POPPLER, reason="needs poppler-utils (pdftotext)")
@pytest.mark.parametrize("edition", EDITIONS)
def test_every_caption_reads_back_from_both_editions_emoji_included(built, edition):
    """Copying text out of the PDF gives the characters that were drawn: poppler reads
    each caption's words back through the fonts' ToUnicode maps, emoji beyond U+FFFF too
    (ReportLab alone wrote those as five hex digits, read as another character)."""
    from packpack.spec import loader

    name, out = built
    campaign = loader.load(CAMPAIGNS[name])
    text = subprocess.run(["pdftotext", str(out / edition), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = " ".join(text.split())
    beyond = 0
    for post in campaign.spec.posts:
        for word in campaign.plain(post.caption).split():
            wide = [c for c in word if ord(c) > 0xFFFF]
            beyond += len(wide)
            assert all(c in flat for c in wide), (name, post.id, word)
    assert not [c for c in flat if 0xE000 <= ord(c) <= 0xF8FF], "private-use characters"
    if name == "cream":
        assert beyond >= 4  # 🚑 👍 🚶 🙏


def test_check_names_each_character_no_font_can_draw(tmp_path):
    folder = tmp_path / "cream"
    shutil.copytree(CAMPAIGNS["cream"].parent, folder)
    spec = folder / "campaign.yaml"
    spec.write_text(spec.read_text().replace("Diolch yn fawr! 🙏", "Diolch yn fawr! 🥰"))
    done = subprocess.run([sys.executable, "-m", "packpack", "check", str(spec)],
                          capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert done.returncode == 1
    line = next(n for n, t in enumerate(spec.read_text().splitlines(), 1) if "🥰" in t)
    col = spec.read_text().splitlines()[line - 1].index("🥰") + 1
    assert (f"{spec}:{line}:{col}: posts[5].caption: '🥰' (U+1F970) cannot be drawn: neither "
            "the brand's fonts nor packpack's fallbacks") in done.stderr


@pytest.mark.parametrize("name", ["seed", "cream"])
def test_logos_stand_at_equal_visual_weight_or_as_near_as_their_shapes_allow(name):
    """Ink area of each logo in its strip, every size: the seed's wordmarks within a quarter
    of each other; the cream campaign's tall (1:3) logo taller than the band's ordinary cap,
    and the wide (8:1) one no lower than the legible minimum."""
    from packpack.plan.compose import compose
    from packpack.plan.logos import LEGIBLE, TALLEST, weights
    from packpack.spec.loader import load

    campaign = load(CAMPAIGNS[name])
    for size in campaign.target_sizes:
        plan = compose(campaign, campaign.spec.posts[0], size)
        strip = list(plan.logos)
        share = [w / max(weights(strip)) for w in weights(strip)]
        if name == "seed":
            assert min(share) >= 0.75, (size, share)
            continue
        tall, wide = (next(lg for lg in strip if n in lg.name) for n in ("Clinic", "Council"))
        band = plan.band.box.h
        assert tall.box.h > band * TALLEST, size
        assert wide.box.h >= math.floor(band * LEGIBLE) - 1, size
        assert all(lg.box.y >= plan.band.box.y and lg.box.y + lg.box.h
                   <= plan.band.box.y + band for lg in strip), size


def test_check_warns_of_a_logo_whose_shape_leaves_it_light(tmp_path):
    done = subprocess.run([sys.executable, "-m", "packpack", "check", str(CAMPAIGNS["cream"])],
                          capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert done.returncode == 0
    assert ("organisations.clinic.logo: in post 'signs', every size; post 'arwyddion', every "
            "size; post 'checks', every size; post 'questions', every size: North Vale Health "
            "Clinic's tall logo has under half the visual weight") in done.stderr
    assert "organisations.council.logo" not in done.stderr


def test_a_letter_the_brand_font_lacks_is_drawn_from_the_fallback_on_the_graphic():
    """The Welsh post's heading starts with Ŵ, which Atkinson Hyperlegible lacks."""
    from PIL import ImageFont

    from packpack.core import fonts
    from packpack.plan.compose import compose
    from packpack.spec.loader import load

    campaign = load(CAMPAIGNS["cream"])
    post = next(p for p in campaign.spec.posts if p.id == "arwyddion")
    assert ord("Ŵ") not in fonts.cmap(campaign.file(campaign.spec.brand.fonts.bold))
    for size in campaign.target_sizes:
        plan = compose(campaign, post, size)
        assert not [i for i in plan.issues if not i.warning], (size, plan.issues)
        spans = [s for b in plan.blocks for line in b.lines for s in line.runs]
        drawn = [s for s in spans if "Ŵ" in s.text]
        assert [Path(s.font).name for s in drawn] == ["NotoSans-Bold.ttf"], size
        assert ImageFont.truetype(drawn[0].font, 40).getmask("Ŵ").getbbox()  # not a box


def test_the_bundle_page_marks_each_passage_with_its_language(built):
    """A screen reader reads the Welsh post's caption and alt text as Welsh, and the Welsh
    title as Welsh; the page itself is English."""
    import re
    import zipfile

    name, out = built
    if name != "cream":
        pytest.skip("the cream campaign has the Welsh post")
    with zipfile.ZipFile(out / "bundles" / "council.zip") as z:
        page = z.read(next(n for n in z.namelist() if n.endswith("index.html"))).decode()
    assert '<html lang="en-GB" dir="ltr">' in page
    assert '<p lang="cy" dir="ltr"><strong>Gofalwch am eich Calon</strong></p>' in page
    for part in ("caption", "alt"):
        tag = re.search(rf'<p class="text" id="{part}-arwyddion"([^>]*)>', page)
        assert tag and 'lang="cy"' in tag[1], part
        english = re.search(rf'<p class="text" id="{part}-signs"([^>]*)>', page)
        assert english and "lang=" not in english[1], part
