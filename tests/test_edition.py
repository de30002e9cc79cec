"""The pack's HTML edition, read back as a browser and a partner would: its words and
pictures in the PDF's order, nothing loaded from the network, everything escaped, a QR code
that scans, in every bundle, and axe-core's WCAG 2.2 A/AA rules in headless Chromium."""

from __future__ import annotations

import base64
import dataclasses
import html
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from accessibility import unavailable, violations
from packpack.build import pipeline
from packpack.core import paths
from packpack.core.webpage import csp_hash
from packpack.plan import pack
from packpack.plan.pack import paragraphs
from packpack.render import edition
from packpack.spec import loader

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The seed built once: (campaign, output folder)."""
    campaign = loader.load(ROOT / "campaign.yaml")
    out = tmp_path_factory.mktemp("seed") / "dist"
    pipeline.build(campaign, out, jobs=2)
    return campaign, out


class Page(HTMLParser):
    """What a page is made of: its elements with their attributes, in order, and its text."""

    def __init__(self, data: bytes):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in: list[str] = []
        self.feed(data.decode())

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in.append(tag)

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if self._in and self._in[-1] == "style":
            self.styles.append(data)
        else:
            self.text.append(data)

    def headings(self, level: int) -> list[str]:
        return [a.get("id", "") for t, a in self.tags if t == f"h{level}"]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_edition_is_the_whole_pack_in_the_pdfs_order(built):
    campaign, out = built
    spec = campaign.spec
    data = (out / paths.html_edition(spec.pack.filename)).read_bytes()
    page = Page(data)
    text = squash("".join(page.text))
    h2 = [squash(html.unescape(t))
          for t in re.findall(r"<h2 id=\"[^\"]+\">(.*?)</h2>", data.decode())]
    assert h2 == [squash(t) for t in ("Contents", f"About the {spec.partnership.name}",
                                      "About the campaign", "Social posts", "Resources",
                                      "Events")]
    images = [a for t, a in page.tags if t == "img"]
    posts = [a["alt"] for a in images if a["src"].startswith("data:image/png")][-len(spec.posts):]
    assert posts == [campaign.alt_text(p) for p in spec.posts]  # each with its alt text, in order
    for post, image in zip(spec.posts, images[-len(spec.posts):], strict=True):
        shown = Image.open(io.BytesIO(base64.b64decode(image["src"].split(",", 1)[1])))
        assert shown.size == (campaign.sizes[pack.graphic_size(campaign)].width,) * 2
        for para in paragraphs(post.caption):
            assert squash(campaign.plain(para))[:60] in text, post.id
    logos = [o.name for o in dict.fromkeys(spec.organisations[i] for i in spec.brand.logos)
             if o.logo]
    assert [a["alt"] for a in images[:len(logos)]] == logos
    for resource in spec.resources:
        assert squash(resource.name) in text
    for event in spec.events:
        assert squash(event.title) in text
    links = [a["href"] for t, a in page.tags if t == "a"]
    assert "tel:+448001382020" in links and "mailto:victimcare@durham-pcc.gov.uk" in links
    internal = [h for h in links if h.startswith("#")]
    ids = {a["id"] for _, a in page.tags if "id" in a}
    assert internal and all(h[1:] in ids for h in internal)  # the contents lead somewhere


def test_the_edition_loads_nothing_and_allows_only_its_own_style(built):
    campaign, out = built
    page = Page((out / paths.html_edition(campaign.spec.pack.filename)).read_bytes())
    assert not [t for t, _ in page.tags if t in ("script", "link", "iframe", "object",
                                                  "embed", "base")]
    assert all(a["src"].startswith("data:image/") for t, a in page.tags if "src" in a)
    (csp,) = [a["content"] for t, a in page.tags
              if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp.startswith("default-src 'none'; img-src data:;")
    (style,) = page.styles
    assert f"style-src {csp_hash(style)};" in csp
    assert ("html", {"lang": "en-GB", "dir": "ltr"}) in page.tags


def test_what_the_spec_says_is_escaped(built):
    campaign, out = built
    hostile = '<img src=x onerror="alert(1)"> & "quoted"'
    info = dataclasses.replace(campaign.spec.campaign, title=hostile)
    post = dataclasses.replace(campaign.spec.posts[0], alt=hostile, language="cy")
    spec = dataclasses.replace(campaign.spec, campaign=info,
                               posts=[post, *campaign.spec.posts[1:]])
    other = dataclasses.replace(campaign, spec=spec)
    graphics = {p.id: (out / paths.graphic(p.id, pack.graphic_size(campaign))).read_bytes()
                for p in spec.posts}
    data = edition.page(other, graphics)
    assert data == edition.page(other, graphics)  # the same bytes every time
    assert b"onerror=\"alert" not in data and b"<img src=x" not in data
    page = Page(data)
    assert sum(a.get("alt") == hostile for t, a in page.tags if t == "img") == 1
    assert f"<h1>{hostile}</h1>".encode() not in data and hostile in "".join(page.text)
    welsh = [a for t, a in page.tags if a.get("lang") == "cy"]
    assert len(welsh) == 1 + len(paragraphs(hostile)) + len(paragraphs(post.caption))


def qr_image(svg: str) -> Image.Image:
    """An inline QR code's SVG painted as pixels, 8 per module."""
    n = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg)[1])
    image = Image.new("L", (n * 8, n * 8), 255)
    draw = ImageDraw.Draw(image)
    for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", svg):
        x, y, w = int(x), int(y), int(w)
        draw.rectangle((x * 8, y * 8, (x + w) * 8 - 1, y * 8 + 7), fill=0)
    return image


def test_the_booking_qr_codes_scan_to_their_links(built):
    zxingcpp = pytest.importorskip("zxingcpp")
    campaign, out = built
    data = (out / paths.html_edition(campaign.spec.pack.filename)).read_text()
    svgs = re.findall(r"<svg.*?</svg>", data)
    booked = [campaign.spec.links[e.booking].url for e in campaign.spec.events
              if e.booking and campaign.spec.links[e.booking].url]
    assert len(svgs) == len(booked) >= 1
    for svg, url in zip(svgs, booked, strict=True):
        assert [r.text for r in zxingcpp.read_barcodes(qr_image(svg))] == [url]
        assert 'role="img"' in svg and "aria-label=\"QR code: scan to open" in svg


def test_every_bundle_holds_the_edition(built):
    campaign, out = built
    name = paths.html_edition(campaign.spec.pack.filename)
    edition_bytes = (out / name).read_bytes()
    bundles = sorted((out / "bundles").glob("*.zip"))
    assert len(bundles) == len(campaign.spec.partners)
    for bundle in bundles:
        with zipfile.ZipFile(bundle) as z:
            (inside,) = [n for n in z.namelist() if n.endswith("/" + name)]
            assert z.read(inside) == edition_bytes
            index = z.read(inside.rsplit("/", 1)[0] + "/index.html").decode()
            readme = z.read(inside.rsplit("/", 1)[0] + "/README.txt").decode()
            assert f'href="{name}"' in index and name in readme


@pytest.mark.skipif(bool(unavailable()), reason=unavailable() or "-")
def test_the_edition_has_no_axe_violations(built):
    campaign, out = built
    assert violations(out / paths.html_edition(campaign.spec.pack.filename)) == []
