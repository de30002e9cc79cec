"""The stakeholder pack PDFs, read back with pypdf (and poppler and zxing-cpp where present)."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdf
import pytest
from PIL import Image

from packpack.build import kinds, schedule
from packpack.build.plan import plan
from packpack.core import colour, paths
from packpack.core.colour import cmyk
from packpack.core.outputs import BuildContext
from packpack.core.web import display_url
from packpack.plan import pack
from packpack.plan.pack import paragraphs as pack_paragraphs
from packpack.render.pdf import document, images, outputs
from packpack.spec import loader

ROOT = Path(__file__).resolve().parents[1]
A4 = (595.2756, 841.8898)
MM = 72 / 25.4
BASE14 = {"Courier", "Helvetica", "Times-Roman", "Times", "Symbol", "ZapfDingbats"}


def squash(text: str) -> str:
    """Text with every space and line break removed, for matching across wrapped lines."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def campaign():
    return loader.load(ROOT / "campaign.yaml")


@pytest.fixture(scope="module")
def built_in(campaign, tmp_path_factory) -> Path:
    """The folder where both editions were made through the build pipeline, with the
    graphics they need."""
    out = tmp_path_factory.mktemp("pack")
    outputs = plan(campaign, kinds.planners())
    pdfs = [o for o in outputs if o.kind == "pdf"]
    needed = {n for o in pdfs for n in o.needs}
    schedule.run(campaign, [o for o in outputs if o.path in needed] + pdfs, out, jobs=2)
    return out


@pytest.fixture(scope="module")
def built(campaign, built_in) -> dict[str, bytes]:
    """Both editions' bytes."""
    return {o.meta["variant"]: (built_in / o.path).read_bytes() for o in outputs.plan(campaign)}


@pytest.fixture(scope="module")
def screen(built) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(built["screen"]))


@pytest.fixture(scope="module")
def printed(built) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(built["print"]))


_texts: dict[int, str] = {}


def text_of(reader: pypdf.PdfReader) -> str:
    """All the text of a PDF (extracted once per reader)."""
    if id(reader) not in _texts:
        _texts[id(reader)] = "\n".join(page.extract_text() for page in reader.pages)
    return _texts[id(reader)]


def box(page, name: str) -> list[float]:
    return [float(v) for v in page[name]]


# -- plan ------------------------------------------------------------------------------------


def test_plan_lists_both_editions_with_the_graphics_they_place(campaign):
    planned = outputs.plan(campaign)
    assert [o.path for o in planned] == [paths.pdf("stakeholder-pack", "screen"),
                                         paths.pdf("stakeholder-pack", "print")]
    assert [o.meta["variant"] for o in planned] == ["screen", "print"]
    assert {o.kind for o in planned} == {"pdf"}
    for o in planned:
        assert o.needs == tuple(paths.graphic(p.id, "instagram-square")
                                for p in campaign.spec.posts)
    assert planned[0].key != planned[1].key


def test_graphic_size_prefers_square_else_the_most_pixels(campaign):
    assert pack.graphic_size(campaign) == "instagram-square"
    info = dataclasses.replace(campaign.spec.campaign, sizes=["facebook", "story", "x"])
    other = dataclasses.replace(campaign, spec=dataclasses.replace(campaign.spec, campaign=info))
    assert pack.graphic_size(other) == "story"


# -- screen edition --------------------------------------------------------------------------


def test_screen_is_a4_with_metadata_and_language(screen, campaign):
    for page in screen.pages:
        assert box(page, "/MediaBox") == pytest.approx([0, 0, *A4], abs=0.01)
    meta = screen.metadata
    assert meta.title == "Stalking Awareness Week Campaign: Stakeholder Pack"
    assert meta.author == campaign.spec.pack.author
    assert meta.subject == campaign.spec.pack.subject
    assert "Darlington" in meta["/Keywords"]
    assert screen.trailer["/Root"]["/Lang"] == "en-GB"


def test_the_pdfs_are_dated_like_every_other_output(screen, printed, campaign, built_in,
                                                   monkeypatch):
    """Regression: both editions said 1 January 2000 (ReportLab's invariant date), while the
    zips and the calendar carry the campaign's first day, or SOURCE_DATE_EPOCH."""
    day = campaign.spec.campaign.starts.strftime("D:%Y%m%d000000+00'00'")
    for pdf in (screen, printed):
        assert (pdf.metadata["/CreationDate"], pdf.metadata["/ModDate"]) == (day, day)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1745323200")  # 2025-04-22 12:00 UTC
    graphics = {p.id: (built_in / paths.graphic(p.id, pack.graphic_size(campaign))).read_bytes()
                for p in campaign.spec.posts}
    dated = pypdf.PdfReader(io.BytesIO(document.render(campaign, "screen", graphics)))
    assert dated.metadata["/CreationDate"] == "D:20250422120000+00'00'"


def test_screen_outline_mirrors_the_chapters(screen, campaign):
    top = [o.title for o in screen.outline if not isinstance(o, list)]
    assert top == [campaign.spec.campaign.title, "Contents",
                   f"About the {campaign.spec.partnership.name}", "About the campaign",
                   "Social posts", "Resources", "Events"]
    flat = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else flat.append(item.title)

    walk(screen.outline)
    for section in campaign.spec.partnership.sections:
        assert section.title in flat
    for event in campaign.spec.events:
        assert event.title in flat
    assert "Post 1: Stalking is..." in flat


def uris(reader: pypdf.PdfReader) -> list[str]:
    found = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.append(action["/URI"])
    return found


def test_screen_links_are_live_and_never_fake(screen, campaign):
    found = uris(screen)
    assert "https://www.victimcareandadvice.service.uk" in found
    assert "mailto:victimcare@durham-pcc.gov.uk" in found
    assert "tel:+448001382020" in found and "tel:999" in found
    assert "https://forms.office.com/e/xusxyNUR0P" in found
    for uri in found:
        assert re.match(r"(https://|mailto:|tel:)\S+$", uri), uri
    known = {link.url for link in campaign.spec.links.values() if link.url}
    assert {u for u in found if u.startswith("https://")} <= known
    # a link without an address shows its title, unlinked
    text = squash(text_of(screen))
    assert squash("Suzy Lamplugh 2022 Stalking Super-Complaint") in text


def test_contents_page_numbers_and_links(screen):
    contents = screen.pages[1].extract_text()
    assert "Contents" in contents
    match = re.search(r"Social posts\s*(\d+)", contents)
    assert match, contents
    page = int(match.group(1))
    assert "Social posts" in screen.pages[page - 1].extract_text()
    internal = [a.get_object() for a in screen.pages[1].get("/Annots") or []
                if "/Dest" in a.get_object() or ("/A" in a.get_object()
                and a.get_object()["/A"].get("/S") == "/GoTo")]
    assert len(internal) >= 10


def test_screen_edition_passes_pdfua_with_no_findings(built, tmp_path):
    pdf = tmp_path / "screen.pdf"
    pdf.write_bytes(built["screen"])
    run = subprocess.run([sys.executable, "-m", "pdfua", "check", "-f", "json", str(pdf)],
                         capture_output=True, text=True)
    report = json.loads(run.stdout)
    assert report["summary"]["rules_run"] >= 12 and report["summary"]["rules_skipped"] == 0
    assert report["findings"] == [] and run.returncode == 0


def structure(pdf: pikepdf.Pdf) -> list[tuple[int, pikepdf.Dictionary]]:
    """Every structure element under the root, in reading order, with its depth."""
    out = []

    def walk(element, depth):
        out.append((depth, element))
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                walk(kid, depth + 1)

    walk(pdf.Root.StructTreeRoot.K, 0)
    return out


def marked_text(reader: pypdf.PdfReader) -> dict[tuple[int, int], str]:
    """The text of each marked-content sequence, by (page index, MCID)."""
    texts: dict[tuple[int, int], str] = {}
    for n, page in enumerate(reader.pages):
        open_: list[int | None] = []

        def before(op, args, cm, tm, open_=open_):
            if op == b"BDC":
                mcid = args[1].get("/MCID") if hasattr(args[1], "get") else None
                open_.append(mcid)
            elif op == b"BMC":
                open_.append(None)
            elif op == b"EMC":
                open_.pop()

        def text(t, cm, tm, font, size, open_=open_, n=n):
            if open_ and open_[-1] is not None:
                texts[n, open_[-1]] = texts.get((n, open_[-1]), "") + t

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts


def element_text(element, pages, texts) -> str:
    kids = element.get("/K")
    page = pages.get(element.Pg.objgen) if "/Pg" in element else None
    return "".join(texts.get((page, k), "") for k in
                   (kids if isinstance(kids, pikepdf.Array) else [kids]) if isinstance(k, int))


def test_screen_structure_follows_the_pack(built, screen, campaign):
    """Headings in reading order (H1 chapters, H2 sections and posts, H3 services) as the
    outline has them, each post's heading followed by its graphic as a figure with its alt
    text, logos and QR codes as figures too, lists and tables of data in their elements."""
    pdf = pikepdf.open(io.BytesIO(built["screen"]))
    pages = {page.objgen: n for n, page in enumerate(pdf.pages)}
    texts = marked_text(screen)
    elements = [e for _, e in structure(pdf)]
    roles = [str(e.S) for e in elements]
    at_heading = [i for i, r in enumerate(roles) if re.fullmatch(r"/H\d", r)]
    headings = [(roles[i], squash(element_text(elements[i], pages, texts))) for i in at_heading]
    outline = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                outline.append((f"/H{level + 1}", squash(item.title)))

    walk(screen.outline, 0)
    assert headings == outline
    assert headings[0] == ("/H1", squash(campaign.spec.campaign.title))
    posts = campaign.spec.posts
    figures = [(str(e.Alt), e) for e in elements if e.S == "/Figure"]
    assert all(alt.strip() for alt, _ in figures)
    logos = [o.name for o in dict.fromkeys(campaign.spec.organisations[i]
                                           for i in campaign.spec.brand.logos) if o.logo]
    assert [a for a, _ in figures if a.startswith("Logo: ")] == [f"Logo: {n}" for n in logos]
    booked = [campaign.spec.links[e.booking].url for e in campaign.spec.events
              if e.booking and campaign.spec.links[e.booking].url]
    qr = [a for a, _ in figures if a.startswith("QR code")]
    assert len(qr) == len(booked)
    assert all(display_url(u) in a for u, a in zip(booked, qr, strict=True))
    graphics = [a for a, _ in figures if not a.startswith(("Logo: ", "QR code"))]
    assert graphics == [campaign.alt_text(p) for p in posts]  # one per graphic, in order
    for n, post in enumerate(posts, 1):  # a post's heading, then its graphic
        at = at_heading[headings.index(("/H2", squash(f"Post {n}: {post.title or post.heading}")))]
        assert next(e for e in elements[at:] if e.S == "/Figure").Alt == campaign.alt_text(post)
    assert {"/L", "/LI", "/Lbl", "/LBody", "/Table", "/TR", "/TH", "/TD", "/TOC", "/TOCI",
            "/Link", "/P"} <= set(roles)
    scopes = {str(e.A.Scope) for e in elements if e.S == "/TH"}
    assert scopes == {"/Row", "/Column"}  # the contact tables' labels, the schedule's head
    for element in elements:
        if element.S == "/LI":
            assert [str(k.S) for k in element.K] == ["/Lbl", "/LBody"]


def test_screen_is_tagged_and_every_link_described(built, campaign):
    pdf = pikepdf.open(io.BytesIO(built["screen"]))
    assert pdf.pdf_version == "1.7" and pdf.check_pdf_syntax() == []
    assert pdf.Root.MarkInfo.Marked is True and str(pdf.Root.Lang) == "en-GB"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    with pdf.open_metadata() as xmp:
        assert xmp["pdfuaid:part"] == "1"
        assert xmp["dc:title"] == str(pdf.docinfo.Title)
    tree = {}
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    for i in range(0, len(nums), 2):
        tree[int(nums[i])] = nums[i + 1]
    annotations = 0
    for page in pdf.pages:
        assert page.Tabs == "/S"
        for annot in page.get("/Annots", []):
            annotations += 1
            assert str(annot.Contents).strip(), annot
            link = tree[int(annot.StructParent)]
            assert link.S == "/Link"
            kids = link.K if isinstance(link.K, pikepdf.Array) else [link.K]
            assert any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
                       and k.Obj.objgen == annot.objgen for k in kids)
        # every mark on the page is inside tagged content or an artifact
        depth = 0
        for _, op in pikepdf.parse_content_stream(page):
            op = str(op)
            depth += {"BDC": 1, "BMC": 1, "EMC": -1}.get(op, 0)
            assert depth >= 0
            if op in {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "S", "s", "B", "B*", "b",
                      "b*", "sh", "BI"}:
                assert depth > 0, f"untagged {op} on page {page.index + 1}"
        assert depth == 0
    assert annotations > 50
    for key, value in tree.items():  # each page's marks point back to their elements
        if isinstance(value, pikepdf.Array):
            assert all(v.get("/Type") == "/StructElem" for v in value), key


def test_a_post_in_another_language_is_marked_with_it(campaign, built_in):
    """The graphic's figure, its alt text and caption carry the post's language."""
    post = dataclasses.replace(campaign.spec.posts[1], language="cy")
    posts = [campaign.spec.posts[0], post, *campaign.spec.posts[2:]]
    other = dataclasses.replace(campaign, spec=dataclasses.replace(campaign.spec, posts=posts))
    graphics = {p.id: (built_in / paths.graphic(p.id, pack.graphic_size(campaign))).read_bytes()
                for p in campaign.spec.posts}
    pdf = pikepdf.open(io.BytesIO(document.render(other, "screen", graphics)))
    marked = [e for _, e in structure(pdf) if "/Lang" in e]
    assert {str(e.Lang) for e in marked} == {"cy"}
    figures = [e for e in marked if e.S == "/Figure"]
    assert [str(e.Alt) for e in figures] == [other.alt_text(post)]
    assert len([e for e in marked if e.S == "/P"]) == \
        len(pack_paragraphs(post.alt)) + len(pack_paragraphs(post.caption))


def test_a_table_split_over_pages_is_one_table_with_one_head(campaign, built_in):
    """Forty posts: the schedule runs over two pages, its head repeated on the second; the
    structure has one Table, one row of headers and a row per post, and the repeated head is
    an artifact (a screen reader reads it once)."""
    size = pack.graphic_size(campaign)
    first = campaign.spec.posts[0]
    posts = [dataclasses.replace(first, id=f"p{n}") for n in range(40)]
    many = dataclasses.replace(campaign, spec=dataclasses.replace(campaign.spec, posts=posts))
    graphic = (built_in / paths.graphic(first.id, size)).read_bytes()
    pdf = pikepdf.open(io.BytesIO(document.render(many, "screen", {p.id: graphic
                                                                    for p in posts})))
    elements = structure(pdf)
    schedules = []
    for i, (depth, element) in enumerate(elements):
        if element.S == "/Table":
            rows = []
            for d, e in elements[i + 1:]:
                if d <= depth:
                    break
                if e.S == "/TR":
                    rows.append(e)
            if len(rows) > 10:
                schedules.append(rows)
    (rows,) = schedules
    assert len(rows) == 41
    heads = [r for r in rows if all(k.S == "/TH" for k in r.K)]
    assert heads == [rows[0]]
    pages = {pdf.pages.index(p) for r in rows for c in r.K for p in [c.K.Pg] if "/Pg" in c.K}
    assert len(pages) == 2  # it did run over


# -- print edition ---------------------------------------------------------------------------


def test_print_has_true_bleed_trim_and_room_for_marks(printed, campaign):
    bleed = campaign.spec.pack.bleed_mm * MM
    for page in printed.pages:
        x0, y0, x1, y1 = box(page, "/TrimBox")
        assert (x1 - x0, y1 - y0) == pytest.approx(A4, abs=0.01)
        assert box(page, "/BleedBox") == pytest.approx([x0 - bleed, y0 - bleed, x1 + bleed,
                                                         y1 + bleed], abs=0.01)
        mx0, my0, mx1, my1 = box(page, "/MediaBox")
        assert (mx0, my0) == (0, 0)
        # marks sit outside the bleed: at least 5 mm of sheet beyond the bleed on every side
        assert x0 - bleed >= 5 * MM and mx1 - (x1 + bleed) >= 5 * MM
        assert y0 - bleed >= 5 * MM and my1 - (y1 + bleed) >= 5 * MM


def operators(reader: pypdf.PdfReader) -> set[bytes]:
    """Every operator used in the pages' content and in their form XObjects."""
    from pypdf.generic import ContentStream

    ops: set[bytes] = set()
    for page in reader.pages:
        streams = [page.get_contents()]
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            obj = xobject.get_object()
            if obj["/Subtype"] == "/Form":
                streams.append(ContentStream(obj, reader))
        for stream in streams:
            ops |= {op for _, op in stream.operations}
    return ops


def test_print_colours_are_cmyk(printed, screen):
    ops = operators(printed)
    assert b"k" in ops and b"K" in ops
    assert not {b"rg", b"RG", b"g", b"G", b"sc", b"scn", b"SC", b"SCN"} & ops
    assert b"rg" in operators(screen)  # the screen edition stays RGB
    for page in printed.pages:
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            obj = xobject.get_object()
            if obj["/Subtype"] == "/Image":
                assert obj["/ColorSpace"] == "/DeviceCMYK"


def test_print_has_no_annotations(printed):
    assert all(not page.get("/Annots") for page in printed.pages)


def test_brand_colour_conversion():
    assert cmyk("#000000") == (0, 0, 0, 1)
    assert cmyk("#FFFFFF") == (0, 0, 0, 0)
    c, m, y, k = cmyk("#3B1F5C")
    assert y == 0 and k == pytest.approx(0.64, abs=0.01) and m > c > 0


def test_image_cmyk_matches_the_colour_formula():
    from PIL import Image

    im = Image.new("RGB", (4, 4), "#3B1F5C")
    pixel = colour.to_cmyk(im).getpixel((1, 1))
    assert [round(v / 255, 2) for v in pixel] == pytest.approx(list(cmyk("#3B1F5C")), abs=0.01)


def converted_grid() -> tuple[list[tuple[int, int, int]], bytes]:
    """A spread of every kind of colour (black, near-black, white, saturated, greys) and
    what `to_cmyk` makes of them, four bytes each."""
    colours = [(r, g, b) for r in range(0, 256, 17) for g in range(0, 256, 15)
               for b in range(0, 256, 51)] + [(0, 0, 0), (1, 0, 0), (255, 255, 255), (254, 1, 0)]
    im = Image.new("RGB", (len(colours), 1))
    im.putdata(colours)
    return colours, colour.to_cmyk(im).tobytes()


def test_image_cmyk_is_the_formula_rounded_for_every_kind_of_colour():
    colours, out = converted_grid()
    for i, (r, g, b) in enumerate(colours):
        top = max(r, g, b)
        want = [0 if top == 0 else round((top - x) / top * 255 + 1e-9) for x in (r, g, b)]
        assert list(out[4 * i:4 * i + 4]) == [*want, 255 - top], (r, g, b)


def test_ink_is_what_to_cmyk_makes_of_one_pixel():
    colours, out = converted_grid()
    for i, rgb in enumerate(colours):
        assert colour.ink(rgb) == tuple(out[4 * i:4 * i + 4]), rgb


@pytest.mark.parametrize("index", [0, 1, 2, 3])
def test_the_print_copy_is_the_graphic_drawn_in_cmyk(campaign, index):
    """The print edition's copy of a graphic is drawn from its plan in CMYK: every flat
    colour exactly as converting the RGB graphic gives it, only blended edges otherwise."""
    from PIL import ImageColor

    from packpack.render import graphics

    post = campaign.spec.posts[index]
    plan = graphics.legible(campaign, post, pack.graphic_size(campaign))
    rgb = graphics.draw(plan)
    drawn = graphics.draw(plan, cmyk=True)
    assert drawn.mode == "CMYK" and drawn.size == rgb.size
    assert drawn.getpixel((0, 0)) == colour.ink(ImageColor.getrgb(plan.background))
    flat = {ImageColor.getrgb(c)[:3] for c in (plan.background,
                                               *(p.colour for p in plan.panels),
                                               *(b.colour for b in plan.blocks))}
    ours, converted, source = (drawn.tobytes(), colour.to_cmyk(rgb).tobytes(),
                               rgb.tobytes())
    differ = [i for i in range(len(source) // 3) if ours[4 * i:4 * i + 4] !=
              converted[4 * i:4 * i + 4]]
    assert 0 < len(differ) < 0.08 * len(source) / 3, "only edges are blended differently"
    assert not any(tuple(source[3 * i:3 * i + 3]) in flat for i in differ)


def test_the_print_edition_is_the_same_with_and_without_the_cache(campaign, built, tmp_path):
    """With a cache, graphics draw the print copies as they are made and the print edition
    finds them there; without one, the edition draws them itself: the same file either way."""
    from packpack.core.cache import Cache

    outputs = plan(campaign, kinds.planners())
    pdfs = [o for o in outputs if o.kind == "pdf"]
    needed = {n for o in pdfs for n in o.needs}
    (tmp_path / "out").mkdir()
    schedule.run(campaign, [o for o in outputs if o.path in needed] + pdfs, tmp_path / "out",
              jobs=2, cache=Cache(tmp_path / "cache"))
    assert list((tmp_path / "cache").rglob("*")), "the print copies were remembered"
    variant = {o.meta["variant"]: o.path for o in pdfs}
    assert (tmp_path / "out" / variant["print"]).read_bytes() == built["print"]
    assert (tmp_path / "out" / variant["screen"]).read_bytes() == built["screen"]


def test_print_images_are_remembered_between_builds():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (30, 20), "#3B1F5C").save(buf, "PNG")
    store: dict[str, bytes] = {}
    computed = []

    def memo(name, parts, compute):
        key = f"{name} {sorted(parts.items())}"
        if key not in store:
            computed.append(key)
            store[key] = compute()
        return store[key]

    plain = images.embed(buf.getvalue(), cmyk=True)
    first = images.embed(buf.getvalue(), cmyk=True, memo=memo)
    again = images.embed(buf.getvalue(), cmyk=True, memo=memo)
    assert first == again == plain
    assert plain.colour_space == "DeviceCMYK" and (plain.width, plain.height) == (30, 20)
    assert len(computed) == 1
    images.embed(buf.getvalue(), cmyk=True, max_width=15, memo=memo)
    images.embed(buf.getvalue(), cmyk=False, memo=memo)  # passed through: nothing to keep
    assert len(computed) == 2


def test_a_copied_paragraph_shares_its_lines_and_splits_on_its_own(monkeypatch):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph

    from packpack.render.pdf.flowables import Para

    def drawn(para) -> list[str]:
        canvas = Canvas(io.BytesIO())
        para.wrapOn(canvas, 150, 1000)
        para.drawOn(canvas, 0, 0)
        return canvas._code

    text = ("Call <b>101</b> or <a href='https://example.org/'>visit the site</a> for support "
            "with stalking. ") * 4
    style = ParagraphStyle("t", fontSize=10, leading=12)
    first = Para(text, style)
    size = first.wrap(150, 1000)
    breaks = []
    original = Paragraph.breakLines
    monkeypatch.setattr(Paragraph, "breakLines",
                        lambda self, widths: breaks.append(widths) or original(self, widths))
    twin = first.copy()
    assert twin.wrap(150, 1000) == size and not breaks  # the first's lines, not broken again
    assert drawn(twin) == drawn(first)
    top, rest = twin.split(150, 3 * 12)
    assert top.wrap(150, 1000)[1] + rest.wrap(150, 1000)[1] == size[1]
    assert drawn(first) == drawn(Para(text, style))  # the split left the first as it was


def test_a_rebuild_reuses_the_print_images_from_the_cache(campaign, built, built_in, tmp_path,
                                                         monkeypatch):
    from packpack.core.cache import Cache

    made = []
    decoded = images.decoded
    monkeypatch.setattr(images, "decoded", lambda *a, **k: made.append(1) or decoded(*a, **k))
    shutil.copytree(built_in, tmp_path / "again")
    ctx = BuildContext(campaign, tmp_path / "again", cache=Cache(tmp_path / "cache"))
    output = outputs.plan(campaign)[1]
    assert output.meta["variant"] == "print"
    made_file = tmp_path / "again" / output.path
    made_file.unlink()
    assert output.make(ctx, output) is None  # written to its file as it is made
    assert made_file.read_bytes() == built["print"]
    first = len(made)
    assert first >= len(campaign.spec.posts)  # every graphic (and the logos) in CMYK
    made_file.unlink()
    assert output.make(ctx, output) is None and made_file.read_bytes() == built["print"]
    assert len(made) == first  # nothing decoded again


def test_reusing_memory_is_put_back_and_leaves_others_settings_alone():
    from PIL import Image

    before = Image.core.get_blocks_max()
    try:
        Image.core.set_blocks_max(0)
        with images.reusing_memory():
            assert Image.core.get_blocks_max() > 0
        assert Image.core.get_blocks_max() == 0
        Image.core.set_blocks_max(7)
        with images.reusing_memory():
            assert Image.core.get_blocks_max() == 7
        assert Image.core.get_blocks_max() == 7
    finally:
        Image.core.set_blocks_max(before)


def test_paragraphs_break_their_lines_once_per_width(monkeypatch):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from packpack.render.pdf.flowables import Para

    text = "Words enough to wrap onto a few lines at a narrow width, and fewer when wider. " * 3
    style = ParagraphStyle("t", fontSize=10, leading=12)
    plain = Paragraph(text, style).wrap(300, 1000)
    breaks = []
    original = Paragraph.breakLines
    monkeypatch.setattr(Paragraph, "breakLines",
                        lambda self, widths: breaks.append(widths) or original(self, widths))
    para = Para(text, style)
    narrow = para.wrap(100, 1000)
    assert para.wrap(100, 500) == narrow and len(breaks) == 1
    wide = para.wrap(300, 1000)
    assert wide == plain and wide[1] < narrow[1] and len(breaks) == 2
    assert para.split(300, 1) == [] and not hasattr(para, "blPara")  # no room: lines dropped
    assert para.wrap(300, 1000) == wide and len(breaks) == 2  # and taken back, not broken again
    assert para.wrap(100, 1000) == narrow and len(breaks) == 2


@pytest.mark.skipif(shutil.which("pdfimages") is None, reason="needs poppler's pdfimages")
def test_print_images_are_300_ppi_or_more(built, tmp_path):
    pdf = tmp_path / "print.pdf"
    pdf.write_bytes(built["print"])
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert len(listing) >= 4
    for line in listing:
        fields = line.split()
        assert fields[5] == "cmyk"
        assert int(fields[12]) >= 300 and int(fields[13]) >= 300, line


def test_print_is_pdf_x4_with_a_cmyk_output_intent(built, campaign):
    from PIL import ImageCms

    pdf = pikepdf.open(io.BytesIO(built["print"]))
    assert pdf.pdf_version == "1.6" and built["print"].startswith(b"%PDF-1.6")
    assert pdf.check_pdf_syntax() == []
    info = pdf.docinfo
    assert str(info["/GTS_PDFXVersion"]) == "PDF/X-4"
    assert info["/Trapped"] == pikepdf.Name("/False")
    (intent,) = pdf.Root.OutputIntents
    assert intent.S == pikepdf.Name.GTS_PDFX
    assert str(intent.OutputConditionIdentifier) == "FOGRA39"
    assert str(intent.RegistryName) == "http://www.color.org"
    icc = intent.DestOutputProfile
    assert icc.N == 4
    profile = ImageCms.getOpenProfile(io.BytesIO(icc.read_bytes())).profile
    assert (profile.xcolor_space.strip(), profile.device_class) == ("CMYK", "prtr")
    with pdf.open_metadata() as xmp:  # the XMP says what the info says
        assert xmp["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert xmp["dc:title"] == str(info["/Title"])
        assert xmp["pdf:Trapped"] == "False"
        assert xmp["pdf:Producer"] == str(info["/Producer"])
        day = campaign.spec.campaign.starts.isoformat()
        assert xmp["xmp:CreateDate"] == xmp["xmp:ModifyDate"] == f"{day}T00:00:00+00:00"
        assert str(info["/CreationDate"]) == f"D:{day.replace('-', '')}000000+00'00'"
        assert xmp["xmpMM:DocumentID"].startswith("uuid:")
        assert xmp["xmpMM:RenditionClass"] == "default"
    assert "/Filter" not in pdf.Root.Metadata  # readable by any tool
    for page in pdf.pages:  # TrimBox inside BleedBox inside MediaBox
        media, bleed, trim = ([float(v) for v in page[k]] for k in ("/MediaBox", "/BleedBox",
                                                                    "/TrimBox"))
        assert media[:2] <= bleed[:2] <= trim[:2] and trim[2:] <= bleed[2:] <= media[2:]
    screen = pikepdf.open(io.BytesIO(built["screen"]))
    assert "/OutputIntents" not in screen.Root and "/GTS_PDFXVersion" not in screen.docinfo


RGB_OPERATORS = {"rg", "RG", "g", "G", "sc", "scn", "SC", "SCN", "cs", "CS", "BI"}


def test_print_has_no_rgb_anywhere(built):
    """Every content stream (pages and forms) paints in DeviceCMYK alone, every image is
    DeviceCMYK, and no object names an RGB colour space."""
    pdf = pikepdf.open(io.BytesIO(built["print"]))
    streams = 0
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            for key in ("/ColorSpace", "/CS"):
                value = obj.get(key)
                if value is not None:
                    assert value == pikepdf.Name.DeviceCMYK, (key, value)
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image:
            assert obj.ColorSpace == pikepdf.Name.DeviceCMYK
    for page in pdf.pages:
        contents = [page.obj, *(x for x in page.Resources.get("/XObject", {}).values()
                                if x.Subtype == pikepdf.Name.Form)]
        for content in contents:
            used = {str(op) for _, op in pikepdf.parse_content_stream(content)}
            assert used and not used & RGB_OPERATORS, used & RGB_OPERATORS
            streams += 1
    assert streams > len(pdf.pages)


def text_colours(pdf) -> dict[tuple[str, float], set[tuple[float, ...]]]:
    """The fill colours that text is shown in, by (font resource, size), over every page."""
    seen: dict[tuple[str, float], set[tuple[float, ...]]] = {}
    for page in pdf.pages:
        fill: tuple[float, ...] = (0, 0, 0, 1)
        font = ("", 0.0)
        stack = []
        names = {str(k): str(v.BaseFont).split("+")[-1]
                 for k, v in page.Resources.get("/Font", {}).items()}
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op == "k":
                fill = tuple(float(v) for v in operands)
            elif op == "q":
                stack.append(fill)
            elif op == "Q":
                fill = stack.pop()
            elif op == "Tf":
                font = (names.get(str(operands[0]), str(operands[0])), float(operands[1]))
            elif op in ("Tj", "TJ", "'", '"'):
                seen.setdefault(font, set()).add(fill)
    return seen


def test_print_body_text_is_solid_black_on_light_ground(built, campaign):
    """Body text (the regular face at text sizes) is 100 % K alone, so it prints on one
    plate with no misregistration; the grounds it sits on are white or the pale panel."""
    pdf = pikepdf.open(io.BytesIO(built["print"]))
    colours = text_colours(pdf)
    body = {size for name, size in colours if name.endswith("Regular")} & {9, 9.5, 10.5, 11}
    assert {9, 9.5, 11} <= body
    for size in body:
        assert colours["AtkinsonHyperlegible-Regular", size] <= {(0, 0, 0, 1), (0, 0, 0, 0.7)}
    assert (0, 0, 0, 1) in colours["AtkinsonHyperlegible-Regular", 11]
    panel = cmyk(campaign.spec.brand.colours.callout)  # under captions, labels of tables
    assert sum(panel) <= 0.25  # a pale tint: black text on it reads as on paper


def ink_per_page(pdf_path: Path, dpi: int, out: Path) -> list[float]:
    """The most ink (sum of C, M, Y and K, in percent) on any pixel inside each page's
    BleedBox, from Ghostscript's CMYK rendering (crop marks, outside it, are 400 % on
    purpose: registration colour)."""
    from PIL import ImageMath

    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiff32nc",
                    f"-r{dpi}", "-o", str(out / "page-%03d.tif"), str(pdf_path)], check=True)
    pdf = pikepdf.open(pdf_path)
    peaks = []
    for n, page in enumerate(pdf.pages, 1):
        with Image.open(out / f"page-{n:03d}.tif") as im:
            assert im.mode == "CMYK"
            x0, y0, x1, y1 = (round(float(v) * dpi / 72) for v in page.BleedBox)
            channels = [c.convert("I") for c in
                        im.crop((x0, im.height - y1, x1, im.height - y0)).split()]
        total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"],
                                      **dict(zip("cmyk", channels, strict=True)))
        peaks.append(total.getextrema()[1] * 100 / 255)
    return peaks


@pytest.mark.skipif(shutil.which("gs") is None, reason="needs Ghostscript")
def test_print_total_ink_stays_under_300_percent(built, tmp_path):
    pdf = tmp_path / "print.pdf"
    pdf.write_bytes(built["print"])
    peaks = ink_per_page(pdf, 50, tmp_path)
    assert len(peaks) == len(pypdf.PdfReader(pdf).pages)
    assert max(peaks) < 300, peaks
    assert max(peaks) > 150  # the brand purple's 166 % and more on the cover: it did measure


def test_the_conversion_never_reaches_300_percent_ink():
    """The one RGB-to-CMYK formula keeps every colour under 300 % (at most two of C, M, Y
    at full strength, and then K short of 100 %)."""
    worst = max(sum(colour.ink((r, g, b))) for r in range(0, 256, 5) for g in (0, 1, 2, 128)
                for b in range(0, 256, 3))
    assert worst < 3 * 255


# -- both editions ---------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["screen", "print"])
def test_every_font_is_embedded_and_none_is_standard(built, variant):
    reader = pypdf.PdfReader(io.BytesIO(built[variant]))
    seen = set()
    for page in reader.pages:
        resources = [page["/Resources"]]
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            if xobject.get_object()["/Subtype"] == "/Form":
                resources.append(xobject.get_object().get("/Resources") or {})
        for res in resources:
            for font in (res.get("/Font") or {}).values():
                font = font.get_object()
                name = str(font["/BaseFont"]).lstrip("/")
                seen.add(name)
                assert name.split("+")[-1] not in BASE14
                assert re.match(r"[A-Z]{6}\+", name), f"{name} is not a subset"
                assert "/FontFile2" in font["/FontDescriptor"], f"{name} is not embedded"
    assert {n.split("+")[1] for n in seen} == {"AtkinsonHyperlegible-Regular",
                                              "AtkinsonHyperlegible-Bold"}


@pytest.mark.parametrize("variant", ["screen", "print"])
def test_every_caption_phone_and_event_is_in_the_text(screen, printed, campaign, variant):
    text = squash(text_of(screen if variant == "screen" else printed))
    for post in campaign.spec.posts:
        assert squash(campaign.plain(post.caption)) in text, post.id
        assert squash(campaign.plain(post.alt)) in text, post.id
    assert squash(campaign.plain(campaign.spec.callout)) in text
    for phone in campaign.spec.phones.values():
        assert squash(phone.number) in text, phone.number
    for event in campaign.spec.events:
        assert squash(event.title) in text
        assert squash(event.host) in text
    # weekdays derived from the dates, whatever the seed typed
    assert squash("Thursday 24 April 2025, 12:00–13:00") in text
    assert squash("Wednesday 23 April 2025, 10:00–13:00") in text
    assert squash("Thursday 6 November to Friday 7 November 2025") in text
    assert squash(campaign.spec.campaign.overview.integrity) in text
    for resource in campaign.spec.resources:
        assert squash(resource.name) in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
@pytest.mark.parametrize("variant", ["screen", "print"])
def test_booking_qr_code_decodes_and_is_at_least_2_cm(built, campaign, variant, tmp_path):
    import zxingcpp
    from PIL import Image

    reader = pypdf.PdfReader(io.BytesIO(built[variant]))
    page = next(i for i, p in enumerate(reader.pages)
                if "Health professionals and ISACs" in p.extract_text()
                and "Scan to book" in p.extract_text())
    dpi = 150
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(built[variant])
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page + 1), "-l",
                    str(page + 1), str(pdf), str(tmp_path / "p")], check=True)
    image = Image.open(next(tmp_path.glob("p*.png")))
    codes = zxingcpp.read_barcodes(image)
    assert [c.text for c in codes] == [campaign.spec.links["paladin-seminar"].url]
    pos = codes[0].position
    side_px = abs(pos.top_right.x - pos.top_left.x)
    from packpack.render.qr.matrix import matrix

    modules = len(matrix(codes[0].text))
    # the finder-to-finder span covers (modules - 8) of the symbol's modules with quiet zone
    symbol_mm = side_px / dpi * 25.4 * modules / (modules - 8 - 1)
    assert symbol_mm >= 20


def test_same_spec_gives_identical_pdfs(campaign, built, tmp_path):
    outputs = plan(campaign, kinds.planners())
    pdfs = [o for o in outputs if o.kind == "pdf"]
    needed = {n for o in pdfs for n in o.needs}
    schedule.run(campaign, [o for o in outputs if o.path in needed] + pdfs, tmp_path, jobs=2)
    for o in pdfs:
        assert (tmp_path / o.path).read_bytes() == built[o.meta["variant"]], o.path


def test_png_passthrough_keeps_the_pixels():
    from PIL import Image

    im = Image.new("RGB", (7, 5), "#3B1F5C")
    im.putpixel((3, 2), (255, 209, 102))
    buf = io.BytesIO()
    im.save(buf, "PNG")
    embedded = images.embed(buf.getvalue(), cmyk=False)
    assert embedded.predictor_colours == 3 and embedded.colour_space == "DeviceRGB"
    rgba = io.BytesIO()
    im.convert("RGBA").save(rgba, "PNG")
    flat = images.embed(rgba.getvalue(), cmyk=False)
    assert flat.predictor_colours == 0  # alpha is composited onto white, then deflated


@pytest.mark.parametrize("variant", ["screen", "print"])
def test_text_starts_inside_the_margins(screen, printed, variant):
    reader = screen if variant == "screen" else printed
    for number, page in enumerate(reader.pages, 1):
        x0, y0, x1, y1 = box(page, "/TrimBox") if variant == "print" else box(page, "/MediaBox")
        starts = []

        def visit(text, cm, tm, font, size, starts=starts):
            # page numbers of the contents are forms, which pypdf reports in form space
            if text.strip() and not text.strip().isdigit():
                starts.append((cm[0] * tm[4] + cm[2] * tm[5] + cm[4],
                               cm[1] * tm[4] + cm[3] * tm[5] + cm[5], text))

        page.extract_text(visitor_text=visit)
        for x, y, text in starts:
            if variant == "print" and y < y0:
                continue  # the sheet's identification line, in the slug below the trim
            assert x0 + 30 * MM - 1 <= x <= x1 - 30 * MM, (number, text)
            assert y0 + 10 * MM <= y <= y1 - 15 * MM, (number, text)


def test_phone_labels_add_only_what_the_service_name_does_not_say():
    from packpack.plan.pack import phone_note

    assert phone_note("Durham Constabulary (non-emergency)", "Durham Constabulary") == \
        "non-emergency"
    assert phone_note("Respect", "Respect UK") == ""
    assert phone_note("Emergency services", "Durham Constabulary") == "Emergency services"


def test_weekdays_come_from_the_dates():
    import datetime as dt

    from packpack.plan.pack import day, day_range, short_range

    # (a date's day, month and year never break across lines: no-break spaces, "~" here)
    def shown(text: str) -> str:
        return text.replace("\u00a0", "~")

    assert shown(day(dt.date(2025, 4, 24))) == "Thursday 24~April~2025"  # the seed said 2024
    assert shown(day_range(dt.date(2025, 11, 6), dt.date(2025, 11, 7))) == \
        "Thursday 6~November to Friday 7~November~2025"
    assert shown(short_range(dt.date(2025, 4, 22), dt.date(2025, 4, 25))) == "22–25~April~2025"




def test_print_backgrounds_run_into_the_bleed(printed, campaign):
    """The cover's and each chapter band's background reach the bleed edge, not just the trim."""
    bleed = campaign.spec.pack.bleed_mm * MM
    pages = [0] + [i for i, p in enumerate(printed.pages) if "Social posts" in p.extract_text()
                   and "Posting schedule" in p.extract_text()]
    assert len(pages) >= 2
    for index in pages:
        page = printed.pages[index]
        x0, _, x1, y1 = box(page, "/TrimBox")
        rects = [[float(v) for v in args] for args, op in page.get_contents().operations
                 if op == b"re"]
        full = [r for r in rects if r[0] <= x0 - bleed + 0.01
                and r[0] + r[2] >= x1 + bleed - 0.01]
        assert full, f"no background reaches the bleed on page {index + 1}"
        assert any(max(r[1], r[1] + r[3]) >= y1 + bleed - 0.01 for r in full)


def test_graphics_convert_themselves_for_the_print_edition_as_they_are_made(
        tmp_path, monkeypatch):
    """A cached build converts each post's graphic for print when the graphic is drawn; the
    print edition then finds every conversion in the memo and decodes nothing itself."""
    from packpack.core.cache import Cache

    for name in ("campaign.yaml", "fonts", "logos"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    seed = loader.load(tmp_path / "campaign.yaml")
    graphics_only = [o for o in plan(seed, kinds.planners()) if o.kind == "graphic"]
    store = Cache(tmp_path / ".packpack-cache")
    (tmp_path / "out").mkdir()
    schedule.run(seed, graphics_only, tmp_path / "out", jobs=1, cache=store)

    drawn = {(tmp_path / "out" / o.path).read_bytes() for o in graphics_only}
    decoded = images.decoded

    def no_decoding(data, *args, **kwargs):  # logos are still converted by the edition
        assert data not in drawn, "the print edition converted a graphic itself"
        return decoded(data, *args, **kwargs)

    monkeypatch.setattr(images, "decoded", no_decoding)
    printed_pdf = next(o for o in outputs.plan(seed) if o.meta["variant"] == "print")
    printed_pdf.make(BuildContext(seed, tmp_path / "out", cache=store), printed_pdf)
    assert len(pypdf.PdfReader(tmp_path / "out" / printed_pdf.path).pages) == 16


def test_a_graphic_converted_from_its_drawn_image_equals_one_decoded_from_its_file(
        campaign, built_in):
    data = (built_in / paths.graphic(campaign.spec.posts[0].id, pack.graphic_size(campaign))
            ).read_bytes()
    drawn = Image.open(io.BytesIO(data)).convert("RGB")
    for print_edition in (True, False):
        assert images.decoded(data, print_edition, 900, image=drawn) == \
            images.decoded(data, print_edition, 900)


def test_reportlab_compiles_its_web_address_pattern_only_when_used(tmp_path):
    """packpack.render.pdf.platypus defers one costly pattern of ReportLab's (40 ms a process):
    a fresh process that imports the pack and makes it never compiles it, and the pattern
    still does ReportLab's work when asked (here, splitting a web address)."""
    script = f"""
import re, sys
from pathlib import Path
from packpack.build import pipeline
from packpack.render.pdf import document
from packpack.spec import loader
from reportlab.platypus import paragraph
assert type(paragraph.uri_pat).__name__ == "Deferred", type(paragraph.uri_pat)
campaign = loader.load(Path({str(ROOT / "campaign.yaml")!r}))
pipeline.build(campaign, Path({str(tmp_path / "dist")!r}), jobs=1, cache=False)
assert (Path({str(tmp_path / "dist")!r}) / "stakeholder-pack.pdf").is_file()
assert paragraph.uri_pat._compiled is None  # the pack's styles never used it
uris = ("https://example.org/a/b/c", "http://localhost:8080/x", "not a uri")
deferred = [paragraph._uri_split_pairs(uri) for uri in uris]
assert paragraph.uri_pat._compiled is not None and deferred[0]  # compiled when first used
paragraph.uri_pat = re.compile(*paragraph.uri_pat._args)  # as ReportLab itself compiles it
assert deferred == [paragraph._uri_split_pairs(uri) for uri in uris]
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert (done.returncode, done.stdout, done.stderr) == (0, "ok\n", "")


def test_a_pdf_written_to_a_file_is_streamed_piece_by_piece_and_is_the_same_pdf(
        campaign, built, built_in):
    """Written to a file, the PDF goes out as ReportLab formats it (not joined in memory
    first), and is the same file byte for byte; ReportLab is left as it was."""
    from reportlab.pdfbase import pdfdoc

    from packpack.render.pdf import document

    original = pdfdoc.PDFFile
    graphics = {p.id: (built_in / paths.graphic(p.id, pack.graphic_size(campaign))).read_bytes()
                for p in campaign.spec.posts}

    class Pieces:
        def __init__(self):
            self.pieces: list[bytes] = []

        def write(self, data: bytes) -> None:
            self.pieces.append(bytes(data))

    out = Pieces()
    assert document.render(campaign, "screen", graphics, out=out) is None
    assert len([p for p in out.pieces if p]) > 50  # one per object, not one at the end
    assert b"".join(out.pieces) == built["screen"]
    assert document.render(campaign, "screen", graphics) == built["screen"]
    assert pdfdoc.PDFFile is original


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L"])
def test_an_images_size_is_what_pillow_reads(fmt, mode):
    if fmt == "JPEG" and mode == "RGBA":
        mode = "CMYK"
    buf = io.BytesIO()
    Image.new(mode, (37, 11), "white" if mode != "CMYK" else (0, 0, 0, 0)).save(buf, fmt)
    with Image.open(io.BytesIO(buf.getvalue())) as im:
        assert images.size_of(buf.getvalue()) == im.size == (37, 11)


def test_a_very_long_alt_text_or_caption_still_makes_the_pack(campaign, built_in):
    """Regression (found by fuzzing): alt text too long to sit beside the graphic, or a
    caption paragraph taller than a page, passed check and then stopped the build. The alt
    text now follows the graphic and the caption's panel breaks between its lines."""
    posts = list(campaign.spec.posts)
    posts[0] = dataclasses.replace(posts[0], alt=posts[0].alt + " " + "word " * 1500)
    posts[1] = dataclasses.replace(posts[1], caption=posts[1].caption + " " + "x" * 5000)
    long = dataclasses.replace(campaign, spec=dataclasses.replace(campaign.spec, posts=posts))
    graphics = {p.id: (built_in / paths.graphic(p.id, pack.graphic_size(campaign))).read_bytes()
                for p in campaign.spec.posts}
    for variant in ("screen", "print"):
        pdf = pypdf.PdfReader(io.BytesIO(document.render(long, variant, graphics)))
        text = "".join(page.extract_text() for page in pdf.pages)
        assert text.count("word") >= 1500 and squash(text).count("x") >= 5000
