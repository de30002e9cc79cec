"""Right-to-left text in every output of `tests/campaigns/urdu` (a post in Urdu whose caption
carries a phone number and a web address, a post in Welsh): graphics flush right, both
PDFs shaped and in visual order, read back in logical order, the bundle page marked
dir="rtl" lang="ur". Read back with PyMuPDF, Pillow and zipfile, not with our own code."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest

from packpack.core import scripts
from packpack.plan import compose
from packpack.render.pdf.rtl import runs
from packpack.spec import loader
from packpack.spec.model import Campaign

CAMPAIGN = Path(__file__).resolve().parent / "campaigns" / "urdu" / "campaign.yaml"
ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")


@pytest.fixture(scope="module")
def urdu() -> Campaign:
    return loader.load(CAMPAIGN)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from packpack.cli.app import app

    out = tmp_path_factory.mktemp("urdu") / "dist"
    result = CliRunner().invoke(app, ["build", str(CAMPAIGN), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_urdu_words_are_set_flush_right_in_every_size(urdu):
    post = next(p for p in urdu.spec.posts if p.language == "ur")
    for size in urdu.target_sizes:
        plan = compose.compose(urdu, post, size)
        assert not plan.issues, (size, plan.issues)
        for block in plan.blocks:
            if block.field == "callout":  # the campaign's callout is in English, flush left
                assert len({line.x for line in block.lines}) == 1
                continue
            assert Path(block.font).name.startswith("NotoNaskhArabic")
            rights = {line.x + line.width for line in block.lines}
            assert max(rights) - min(rights) <= 1, (size, block.field)
        # and they end at the same edge, the words' right edge
        edges = {line.x + line.width for b in plan.blocks if b.field != "callout"
                 for line in b.lines}
        assert max(edges) - min(edges) <= 1


def test_the_urdu_graphics_ink_ends_at_one_right_edge(urdu, dist):
    from PIL import Image

    post = next(p for p in urdu.spec.posts if p.language == "ur")
    for size in ("instagram-square", "facebook"):
        plan = compose.compose(urdu, post, size)
        im = Image.open(dist / "graphics" / "urdu" / f"{size}.png").convert("RGB")
        background = tuple(int(plan.background[i:i + 2], 16) for i in (1, 3, 5))
        limit = plan.callout.box.x - 2 if plan.shape == "landscape" else plan.width
        rights, lefts = [], []
        for block in plan.blocks:
            if block.field == "callout":
                continue
            for line in block.lines:
                band = im.crop((0, line.baseline - block.size // 2, limit, line.baseline))
                ink = [x for x in range(band.width)
                       if any(band.getpixel((x, y)) != background for y in range(band.height))]
                rights.append(max(ink))
                lefts.append(min(ink))
        assert max(rights) - min(rights) <= 0.02 * plan.width, (size, rights)
        assert max(lefts) - min(lefts) > 0.05 * plan.width, (size, lefts)  # ragged left


def _arabic_spans(pdf: Path) -> list[dict]:
    import pymupdf

    doc = pymupdf.open(pdf)
    return [span for page in doc for span in page.get_texttrace()
            if ARABIC.search("".join(chr(c[0]) for c in span["chars"]))]


@pytest.mark.parametrize("edition", ["stakeholder-pack.pdf", "stakeholder-pack-print.pdf"])
def test_urdu_in_the_pdfs_is_joined(dist, edition):
    spans = _arabic_spans(dist / edition)
    assert spans and all("NotoNaskhArabic" in s["font"] for s in spans)
    glyphs: dict[str, set[int]] = {}
    for span in spans:
        for code, gid, *_ in span["chars"]:
            assert gid != 0, (chr(code), edition)  # no missing glyph
            base = unicodedata.normalize("NFKC", chr(code))
            glyphs.setdefault(base, set()).add(gid)
    # a joining letter drawn in different positions is drawn with different glyphs: kaf
    # in "کا" (initial) and "ٹیکہ" (medial), yeh, heh
    for letter in "کیہ":
        assert len(glyphs.get(letter, ())) >= 2, (letter, glyphs.get(letter))
    # and the letters are drawn in their joining forms (presentation forms), not isolated
    drawn = "".join(chr(c[0]) for s in spans for c in s["chars"])
    assert sum("\ufb50" <= c <= "\ufeff" for c in drawn) > len(ARABIC.findall(drawn)) / 2


@pytest.mark.parametrize("edition", ["stakeholder-pack.pdf", "stakeholder-pack-print.pdf"])
def test_urdu_in_the_pdfs_reads_back_in_logical_order(dist, edition, urdu):
    import pymupdf

    text = unicodedata.normalize("NFKC", "".join(
        page.get_text() for page in pymupdf.open(dist / edition)))
    assert "فلو کا موسم آ گیا ہے۔ مدد کے لیے" in text
    assert "پر کال کریں یا" in text
    assert "0300 123 4567" in text and "www.example.org/winter" in text


def test_a_phone_number_inside_an_urdu_sentence_is_in_order(dist):
    import pymupdf

    page = next(p for p in pymupdf.open(dist / "stakeholder-pack.pdf")
                if "مدد کے لیے" in unicodedata.normalize("NFKC", p.get_text()))
    trace = page.get_texttrace()

    def text(span: dict) -> str:
        return unicodedata.normalize("NFKC", "".join(chr(c[0]) for c in span["chars"]))

    # the caption is the last paragraph on the page that carries the number
    line_y = max(s["bbox"][1] for s in trace if "4567" in text(s))
    on_line = sorted((s for s in trace if abs(s["bbox"][1] - line_y) < 2),
                     key=lambda s: s["bbox"][0])
    # left to right on the page: the address, the words before it, the number, the start
    # of the sentence (right-to-left runs read back letter by letter, so reversed here)
    joined = " | ".join(text(s) for s in on_line)
    order = [joined.find(k) for k in ("www.example.org/winter", "ای ںیرک لاک رپ",
                                      "4567", "ےیل ےک ددم")]
    assert -1 not in order and order == sorted(order), joined
    assert joined.find("0300") < joined.find("123") < joined.find("4567")  # digits LTR


@pytest.mark.parametrize("edition", ["stakeholder-pack.pdf", "stakeholder-pack-print.pdf"])
def test_urdu_paragraphs_in_the_pdfs_are_flush_right(dist, edition):
    import pymupdf

    for page in pymupdf.open(dist / edition):
        spans = [s for s in page.get_texttrace()
                 if ARABIC.search("".join(chr(c[0]) for c in s["chars"]))]
        by_line: dict[tuple[float, float], list[float]] = {}
        for s in spans:
            by_line.setdefault((round(s["bbox"][1]), s["size"]), []).append(s["bbox"][2])
        for size in {k[1] for k in by_line}:
            rights = [max(v) for k, v in by_line.items() if k[1] == size]
            if len(rights) > 1:
                assert max(rights) - min(rights) < 1.5, (page.number, size, rights)


def test_the_bundle_page_marks_urdu_right_to_left(dist):
    with zipfile.ZipFile(dist / "bundles" / "library.zip") as z:
        page = z.read(next(n for n in z.namelist() if n.endswith("index.html"))).decode()
    caption = re.search(r'<p class="text" id="caption-urdu"([^>]*)>', page)
    assert caption and 'lang="ur"' in caption[1] and 'dir="rtl"' in caption[1]
    welsh = re.search(r'<p class="text" id="caption-brechlyn"([^>]*)>', page)
    assert welsh and 'lang="cy"' in welsh[1]
    for img in re.findall(r'<img src="urdu/[^"]+"([^>]*)>', page):
        assert 'dir="rtl"' in img and 'lang="ur"' in img


def test_runs_of_a_right_to_left_line():
    line = "مدد کے لیے 0300 123 4567 پر کال کریں یا www.example.org/help دیکھیں۔"
    assert [(r.text, r.rtl) for r in runs(line)] == [
        ("مدد کے لیے ", True), ("0300 123 4567", False), (" پر کال کریں یا ", True),
        ("www.example.org/help", False), (" دیکھیں۔", True)]
    assert scripts.is_rtl(line) and not scripts.is_rtl("0300 then English")
    assert scripts.faces_for("Winter", "a.ttf", "b.ttf") == ("a.ttf", "b.ttf")


def test_the_urdu_screen_edition_is_tagged_and_passes_pdfua(dist):
    import json
    import subprocess
    import sys

    import pikepdf

    run = subprocess.run([sys.executable, "-m", "pdfua", "check", "-f", "json",
                          str(dist / "stakeholder-pack.pdf")], capture_output=True, text=True)
    assert json.loads(run.stdout)["findings"] == [] and run.returncode == 0
    with pikepdf.open(dist / "stakeholder-pack.pdf") as pdf:
        langs = []

        def walk(element: pikepdf.Dictionary) -> None:
            if "/Lang" in element:
                langs.append((str(element.get("/S")), str(element["/Lang"])))
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
    # the Urdu caption and alt text are paragraphs in Urdu; the Welsh ones in Welsh
    assert langs.count(("/P", "ur")) >= 2 and ("/P", "cy") in langs


def test_an_urdu_post_without_a_title_is_listed_in_urdu_shaped(dist):
    import pymupdf

    doc = pymupdf.open(dist / "stakeholder-pack.pdf")
    heading = "Post 3: فلو سے بچاؤ کا ٹیکہ لگوائیں"
    pages = [p.number for p in doc if heading in unicodedata.normalize("NFKC", p.get_text())]
    assert len(pages) >= 2  # the contents, the post's page (and the schedule's cell)
    for n in pages:
        for span in doc[n].get_texttrace():
            assert all(c[1] != 0 for c in span["chars"]), n  # no glyph missing


def test_each_part_of_a_post_is_set_in_a_face_for_its_own_script(urdu):
    import dataclasses

    post = dataclasses.replace(urdu.spec.posts[0], layout="stack", heading="Winter",
                               items=["FLU"], closing="آج ہی بک کریں۔")
    for size in urdu.target_sizes:
        plan = compose.compose(urdu, post, size)
        assert not plan.issues, (size, plan.issues)
        fonts = {b.field: Path(b.font).name for b in plan.blocks}
        assert fonts["heading"].startswith("Atkinson") and fonts["items[0]"].startswith(
            "Atkinson") and fonts["closing"].startswith("NotoNaskhArabic")
        closing = next(b for b in plan.blocks if b.field == "closing")
        heading = next(b for b in plan.blocks if b.field == "heading")
        assert heading.lines[0].x < closing.lines[0].x  # English flush left, Urdu right


def test_a_latin_word_opening_an_urdu_line_stands_at_its_right(urdu):
    import dataclasses

    post = dataclasses.replace(next(p for p in urdu.spec.posts if p.language == "ur"),
                               closing="NHS کو 0300 123 4567 پر کال کریں۔")
    for size in urdu.target_sizes:
        plan = compose.compose(urdu, post, size)
        assert not plan.issues, (size, plan.issues)
        closing = next(b for b in plan.blocks if b.field == "closing")
        first = closing.lines[0]
        assert first.text.startswith("NHS ")
        spans = {span.text.strip(): span for span in first.runs}
        # the post is in Urdu: its lines run right to left, so the sentence's first word,
        # drawn in the Latin fallback, is the rightmost, and the Urdu after it to its left
        assert Path(spans["NHS"].font).name.startswith("NotoSans")
        assert spans["NHS"].x > spans[first.text.split()[1]].x
        right = first.x + first.width
        assert abs(first.x + spans["NHS"].x + typeset_width(spans["NHS"], closing.size)
                   - right) <= 2


def typeset_width(span, size: int) -> float:
    from packpack.plan import typeset

    return typeset.width(span.font, size, span.text)


def test_a_right_to_left_title_keeps_its_number_and_punctuation_in_place(tmp_path):
    """A post title in Urdu, in a left-to-right line ("3. <title>"): isolated in <bdi> on
    the bundle page and the preview page, so that the browser does not move the number or
    the closing punctuation; a Latin title is left as it is."""
    from packpack.bundle import html
    from packpack.bundle.contents import contents
    from packpack.core.webpage import isolated
    from packpack.preview import page as preview_page
    from packpack.preview.view import Snapshot, View

    assert isolated("Brechlyn") == "Brechlyn"
    assert isolated("ٹیکہ لگوائیں!") == "<bdi>ٹیکہ لگوائیں!</bdi>"
    assert isolated("<ٹیکہ>") == "<bdi>&lt;ٹیکہ&gt;</bdi>"  # escaped inside
    folder = tmp_path / "urdu"
    import shutil

    shutil.copytree(CAMPAIGN.parent, folder)
    spec = folder / "campaign.yaml"
    text = spec.read_text()
    spec.write_text(text.replace("  - id: urdu\n", "  - id: urdu\n    title: ٹیکہ لگوائیں!\n"))
    c = loader.load(spec)
    bundle_page = html.page(contents(c, c.spec.partners[0])).decode()
    assert '<h2 id="title-urdu">3. <bdi>ٹیکہ لگوائیں!</bdi></h2>' in bundle_page
    assert '<h2 id="title-brechlyn">2. Brechlyn</h2>' in bundle_page
    shown = preview_page.page(View(str(spec), 1, Snapshot(c, [], {}, True, "now", {}), [],
                                   "", "")).html.decode()
    assert '<h2 id="title-urdu">3. <bdi>ٹیکہ لگوائیں!</bdi></h2>' in shown
    assert '<a href="#post-urdu"><bdi>ٹیکہ لگوائیں!</bdi></a>' in shown


def test_numbers_in_an_urdu_line_keep_their_own_order_whatever_face_draws_them(urdu):
    """"24/7" in an Urdu line: the digits and the slash run left to right as one, at the
    line's right (where it begins), though Naskh draws the digits and the fallback the
    slash; the Urdu word after it stands to its left, and '+' after that."""
    import dataclasses

    post = dataclasses.replace(next(p for p in urdu.spec.posts if p.language == "ur"),
                               closing="24/7 مدد + معلومات")
    for size in urdu.target_sizes:
        plan = compose.compose(urdu, post, size)
        assert not plan.issues, (size, plan.issues)
        closing = next(b for b in plan.blocks if b.field == "closing")
        first = closing.lines[0]
        assert first.text.startswith("24/7 مدد")
        by_x = sorted(first.runs, key=lambda span: span.x)
        # read from the right, as the line runs: "24/7" first, then the Urdu word
        ltr = [span for span in by_x if not scripts.is_rtl(span.text)
               and any(c.isdigit() or c == "/" for c in span.text)]
        assert "".join(span.text for span in ltr).strip() == "24/7", (size, by_x)
        word = next(span for span in by_x if "مدد" in span.text)
        assert min(span.x for span in ltr) > word.x, (size, by_x)
        assert max(span.x for span in ltr) == by_x[-1].x  # the rightmost
        if "+" in first.text:
            plus = next(span for span in by_x if "+" in span.text)
            assert plus.x < word.x
    # the old placement ordered pieces by face: this is what it got wrong
    assert scripts.directions("24/7 مدد")[:5] == [False] * 4 + [True]


AIM = "ہر ایک کو فلو کا ٹیکہ لگوانے کی ترغیب دینا"
HOURS = "پیر تا جمعہ، صبح نو سے شام پانچ بجے"
WHERE = "کمیونٹی ہال، مرکزی بازار"


@pytest.fixture(scope="module")
def lists_and_tables(urdu, dist) -> dict[str, bytes]:
    """The Urdu campaign's PDFs and HTML edition with Urdu in a bulleted list (the aims, with
    an English aim after it), a service's hours and an event's place."""
    import dataclasses
    import datetime as dt

    from packpack.plan import pack
    from packpack.render import edition
    from packpack.render.pdf import document
    from packpack.spec.model import Event, Resource

    spec = urdu.spec
    overview = dataclasses.replace(spec.campaign.overview, aims=[AIM, "Reach every ward"])
    service = Resource(id="clinic", name="Winter clinic", scope="local", phones=["helpline"],
                       hours=[HOURS])
    event = Event(id="drop-in", title="Flu drop-in", host="Bwrdd Iechyd", date=dt.date(
        2026, 11, 24), where=WHERE)
    other = dataclasses.replace(urdu, spec=dataclasses.replace(
        spec, campaign=dataclasses.replace(spec.campaign, overview=overview),
        resources=[service], events=[event]))
    size = pack.graphic_size(urdu)
    graphics = {p.id: (dist / "graphics" / p.id / f"{size}.png").read_bytes()
                for p in spec.posts}
    return {**{v: document.render(other, v, graphics) for v in ("screen", "print")},
            "html": edition.page(other, graphics)}


@pytest.mark.parametrize("variant", ["screen", "print"])
def test_urdu_in_list_items_and_table_cells_is_shaped_and_flush_right(lists_and_tables,
                                                                       variant):
    import pymupdf

    doc = pymupdf.open(stream=lists_and_tables[variant])
    for words in (AIM, HOURS, WHERE):
        (page,) = [p for p in doc if words in unicodedata.normalize("NFKC", p.get_text())]
        spans = [s for s in page.get_texttrace()
                 if ARABIC.search("".join(chr(c[0]) for c in s["chars"]))
                 and s["size"] < 12]  # (not the headings)
        ours = [s for s in spans if any(
            unicodedata.normalize("NFKC", chr(c[0])) in words for c in s["chars"])]
        assert ours and all("NotoNaskhArabic" in s["font"] for s in ours), words
        glyphs = [c[1] for s in ours for c in s["chars"]]
        assert 0 not in glyphs  # no missing glyph
        drawn = "".join(chr(c[0]) for s in ours for c in s["chars"])
        # joined: letters in their joining forms, and kaf, yeh, heh in several of them
        assert sum("\ufb50" <= c <= "\ufeff" for c in drawn) > len(ARABIC.findall(drawn)) / 2
        by_letter: dict[str, set[int]] = {}
        for s in ours:
            for code, gid, *_ in s["chars"]:
                by_letter.setdefault(unicodedata.normalize("NFKC", chr(code)), set()).add(gid)
        assert max(len(g) for g in by_letter.values()) >= 2, words
    # the Urdu aim is flush right with its bullet at its right; the English aim is flush left
    page = next(p for p in doc if AIM in unicodedata.normalize("NFKC", p.get_text()))
    trace = page.get_texttrace()
    urdu_line = max(s["bbox"][2] for s in trace if ARABIC.search(
        "".join(chr(c[0]) for c in s["chars"])) and s["size"] == 11)
    bullets = sorted(s["bbox"][0] for s in trace
                     if "".join(chr(c[0]) for c in s["chars"]).strip() == "•")
    english = next(s for s in trace if "Reach" in "".join(chr(c[0]) for c in s["chars"]))
    assert len(bullets) == 2 and bullets[0] < english["bbox"][0] < urdu_line < bullets[1]


def test_urdu_list_items_are_tagged_as_list_items(lists_and_tables):
    import pikepdf

    with pikepdf.open(io.BytesIO(lists_and_tables["screen"])) as pdf:
        items = []

        def walk(element: pikepdf.Dictionary) -> None:
            if element.get("/S") == "/L":
                items.append([[str(k.S) for k in li.K] for li in (
                    element.K if isinstance(element.K, pikepdf.Array) else [element.K])])
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
    assert [["/Lbl", "/LBody"], ["/Lbl", "/LBody"]] in items  # the two aims, one list


def test_links_in_an_urdu_caption_are_live_on_screen(dist, urdu):
    import pymupdf

    doc = pymupdf.open(dist / "stakeholder-pack.pdf")
    caption = next(p for p in urdu.spec.posts if p.language == "ur").caption
    page = next(p for p in doc if "دیکھیں" in unicodedata.normalize("NFKC", p.get_text())
                and "Caption".upper() in p.get_text())
    lowest = max(page.get_links(), key=lambda link: link["from"].y1)["from"].y1
    in_caption = [(link["uri"], page.get_textbox(link["from"]).strip(" .\n"))
                  for link in page.get_links() if abs(link["from"].y1 - lowest) < 2]
    assert "{phone:helpline}" in caption and "{link:board}" in caption
    assert sorted(in_caption) == [("https://www.example.org/winter", "www.example.org/winter"),
                                  ("tel:+443001234567", "0300 123 4567")]
    lines = [item for d in page.get_drawings() for item in d["items"] if item[0] == "l"]
    for link in page.get_links():
        if abs(link["from"].y1 - lowest) < 2:  # underlined, as a link in any paragraph is
            r = link["from"]
            assert any(abs(a.x - r.x0) < 0.5 and abs(b.x - r.x1) < 0.5 and r.y0 < a.y < r.y1
                       for _, a, b in lines), link["uri"]
    assert not any(p.get_links() for p in pymupdf.open(dist / "stakeholder-pack-print.pdf"))


def test_urdu_in_list_items_and_table_cells_of_the_html_edition_runs_right_to_left(
        lists_and_tables):
    page = lists_and_tables["html"].decode()
    assert f'<li dir="rtl">{AIM}</li>' in page and "<li>Reach every ward</li>" in page
    assert f'<td dir="rtl">{HOURS}</td>' in page and f'<td dir="rtl">{WHERE}</td>' in page
    assert page.count('dir="rtl"') == 3 + page.count('lang="ur"')  # (the Urdu post's own)


def test_punctuation_the_arabic_face_lacks_is_drawn_in_an_urdu_paragraph(urdu, dist):
    """A hyphen, brackets and '?' in an Urdu caption: Noto Naskh has none of them, so they
    are set in the brand face (no missing glyph), in their places in the right-to-left line,
    the brackets mirrored so that they still enclose their word."""
    import dataclasses

    import pymupdf

    from packpack.plan import pack
    from packpack.render.pdf import document

    posts = [dataclasses.replace(p, caption="ٹیکہ (فلو) - کیا آپ تیار ہیں?")
             if p.language == "ur" else p for p in urdu.spec.posts]
    other = dataclasses.replace(urdu, spec=dataclasses.replace(urdu.spec, posts=posts))
    size = pack.graphic_size(urdu)
    graphics = {p.id: (dist / "graphics" / p.id / f"{size}.png").read_bytes() for p in posts}
    for variant in ("screen", "print"):
        doc = pymupdf.open(stream=document.render(other, variant, graphics))
        page = next(p for p in doc if "کیا آپ" in unicodedata.normalize("NFKC", p.get_text()))
        trace = page.get_texttrace()
        assert all(c[1] != 0 for s in trace for c in s["chars"]), variant  # none missing
        line_y = max(s["bbox"][1] for s in trace if "?" in "".join(chr(c[0]) for c in s["chars"]))
        chars = sorted(((c[3][0], chr(c[0])) for s in trace for c in s["chars"]
                        if abs(s["bbox"][1] - line_y) < 2), key=lambda c: c[0])
        shown = "".join(unicodedata.normalize("NFKC", c) for _, c in chars)
        # left to right on the page: '?' ends the sentence at its left, the hyphen between
        # the words, the bracketed word to the right of it as "(...)", the first word last
        assert shown.index("?") < shown.index("-") < shown.index("(") < shown.index(")")
        assert shown.index("(") < shown.index("ولف") < shown.index(")"), shown  # فلو, reversed
        assert shown.rstrip().endswith(unicodedata.normalize("NFKC", "ہکیٹ")), shown


@pytest.mark.parametrize(("line", "expected"), [
    ("مدد 50% کے لیے", [("مدد ", True), ("50%", False), (" کے لیے", True)]),
    ("صرف £5 میں", [("صرف ", True), ("£5", False), (" میں", True)]),
    ("مدد 24/7 اور 1+2", [("مدد ", True), ("24/7", False), (" اور ", True), ("1+2", False)]),
    ("مدد 1,000 بار", [("مدد ", True), ("1,000", False), (" بار", True)]),
    ("کال 0300 123 4567 کریں", [("کال ", True), ("0300 123 4567", False), (" کریں", True)]),
    # a sign not between two digits is the paragraph's, as is a space between words
    ("مدد - 50 لوگ", [("مدد - ", True), ("50", False), (" لوگ", True)]),
])
def test_a_numbers_signs_run_with_its_digits_in_an_urdu_line(line, expected):
    """The graphics and the PDFs split a right-to-left line the same way (one function):
    a number keeps its percent, currency, separators and signs (Unicode's W4 and W5), so
    '50%' is not drawn '%50'."""
    assert [(r.text, r.rtl) for r in runs(line)] == expected
    assert [not rtl for rtl in scripts.directions(line)] == [
        not r.rtl for r in runs(line) for _ in r.text]
