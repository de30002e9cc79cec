"""QR codes: planned for every help and booking link, drawn as PNG and SVG, decoded back."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from packpack.core import paths
from packpack.render.qr import matrix, outputs, writers
from packpack.spec import loader

zxingcpp = pytest.importorskip("zxingcpp")

ROOT = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"
RUN = re.compile(r"M(\d+) (\d+)h(\d+)v1h-\3z")


@pytest.fixture(scope="module")
def campaign():
    return loader.load(ROOT / "campaign.yaml")


def decode(image: Image.Image) -> zxingcpp.Barcode:
    """The one QR code in an image, as the decoder reads it."""
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1, f"expected one QR code, decoded {len(found)}"
    return found[0]


def svg_matrix(data: bytes) -> tuple[tuple[bool, ...], ...]:
    """Read an SVG QR code back into its module matrix, from its viewBox and its one path."""
    root = ET.fromstring(data)
    x0, y0, w, h = (int(v) for v in root.get("viewBox").split())
    assert (x0, y0) == (0, 0) and w == h
    path_elems = root.findall(f"{SVG}path")
    assert len(path_elems) == 1, "the modules are one path"
    d = path_elems[0].get("d")
    assert "".join(m.group(0) for m in RUN.finditer(d)) == d, "path holds only module runs"
    grid = [[False] * w for _ in range(h)]
    for m in RUN.finditer(d):
        x, y, n = int(m[1]), int(m[2]), int(m[3])
        for i in range(n):
            assert not grid[y][x + i], "runs do not overlap"
            grid[y][x + i] = True
    return tuple(tuple(row) for row in grid)


def rasterise(m: tuple[tuple[bool, ...], ...], scale: int = 8) -> Image.Image:
    """Draw a module matrix as a greyscale image, as an SVG renderer would."""
    small = Image.new("L", (len(m), len(m)), 255)
    small.putdata([0 if dark else 255 for row in m for dark in row])
    return small.resize((len(m) * scale,) * 2, Image.Resampling.NEAREST)


def test_plan_has_png_and_svg_for_every_help_and_booking_link(campaign):
    planned = outputs.plan(campaign)
    wanted = {lid for lid, link in campaign.spec.links.items()
              if link.kind in ("help", "booking") and link.url}
    assert wanted, "the seed has help and booking links"
    assert {(o.meta["link"], o.meta["format"]) for o in planned} == {
        (lid, fmt) for lid in wanted for fmt in ("png", "svg")}
    for o in planned:
        assert o.kind == "qr"
        assert o.path == paths.qr(o.meta["link"], o.meta["format"])
        assert o.meta["url"] == campaign.spec.links[o.meta["link"]].url
    # info links and links without an address get none
    assert "vawg-strategy" not in {o.meta["link"] for o in planned}
    assert "slt-conference" not in {o.meta["link"] for o in planned}


@pytest.mark.parametrize("url", [
    "https://www.myharbour.org.uk/",
    "https://www.suzylamplugh.org/Pages/Category/national-stalking-helpline?utm_source=a-b"
    "&utm_medium=qr&utm_campaign=stalking-awareness-week-2025",
])
def test_png_decodes_to_the_url_with_ec_m_and_pinned_mask(url):
    data = writers.draw(url, "png")
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.mode in ("1", "L")
    n = len(matrix.matrix(url))
    assert image.width == image.height >= 600
    assert image.width % n == 0, "whole pixels per module"
    assert round(image.info["dpi"][0]) == round(image.info["dpi"][1]) == writers.DPI
    code = decode(image)
    assert code.text == url
    assert code.extra["ECLevel"] in ("M", "Q", "H")
    assert code.extra["DataMask"] == matrix.MASK
    # four modules of white all round
    s = image.width // n
    quiet = 4 * s
    pixels = image.convert("L")
    for box in [(0, 0, image.width, quiet), (0, image.height - quiet, image.width, image.height),
                (0, 0, quiet, image.height), (image.width - quiet, 0, image.width, image.height)]:
        assert pixels.crop(box).getextrema() == (255, 255)
    assert writers.draw(url, "png") == data, "deterministic"


def test_svg_is_one_scalable_path_that_reads_back_to_the_matrix():
    url = "https://forms.office.com/e/xusxyNUR0P?a=1&b=<2>"
    data = writers.draw(url, "svg")
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg"
    assert root.get("shape-rendering") == "crispEdges"
    assert url in root.find(f"{SVG}title").text
    m = svg_matrix(data)
    assert m == matrix.matrix(url)
    assert decode(rasterise(m)).text == url
    assert not any(m[0]) and not any(m[3]) and not any(row[3] for row in m), "quiet zone"


def test_matrix_is_plain_values_with_a_quiet_zone():
    m = matrix.matrix("https://www.victimcareandadvice.service.uk")
    assert isinstance(m, tuple) and all(isinstance(row, tuple) for row in m)
    assert all(isinstance(v, bool) for row in m for v in row)
    n = len(m)
    assert all(len(row) == n for row in m)
    assert (n - 2 * matrix.QUIET_ZONE - 17) % 4 == 0, "a QR version's size plus the quiet zone"
    assert m[4][4] and m[4][10] and not m[3][4], "finder pattern starts after 4 quiet modules"


def test_runs_cover_exactly_the_dark_modules():
    m = ((False, True, True, False, True), (True, True, True, True, True),
         (False, False, False, False, False), (True, False, True, False, True),
         (False, False, False, False, True))
    assert writers.runs(m) == [(1, 0, 2), (4, 0, 1), (0, 1, 5), (0, 3, 1), (2, 3, 1), (4, 3, 1),
                          (4, 4, 1)]
    assert writers.scale(41) == 15 and 41 * writers.scale(41) >= 600


def test_remembered_codes_come_from_the_cache_and_match_a_fresh_drawing(campaign, tmp_path,
                                                                       monkeypatch):
    from packpack.core.cache import Cache
    from packpack.core.outputs import BuildContext

    url = "https://www.myharbour.org.uk/?utm_source=harbour&utm_medium=qr&utm_campaign=x"
    ctx = BuildContext(campaign, tmp_path / "stage", cache=Cache(tmp_path / "cache"))
    drawn = {fmt: writers.remembered(ctx, url, fmt) for fmt in writers.FORMATS}
    assert drawn == {fmt: writers.draw(url, fmt) for fmt in writers.FORMATS}

    def fail(*_args):
        raise AssertionError("drawn again although the cache holds it")

    monkeypatch.setattr(writers, "draw", fail)
    assert {fmt: writers.remembered(ctx, url, fmt) for fmt in writers.FORMATS} == drawn
    with pytest.raises(AssertionError, match="drawn again"):  # another address is drawn
        writers.remembered(ctx, url + "-2", "png")
    with pytest.raises(AssertionError, match="drawn again"):  # --no-cache always draws
        writers.remembered(BuildContext(campaign, tmp_path / "stage"), url, "png")


def test_png_rows_match_the_modules_at_odd_sizes():
    m = matrix.matrix("https://example.org/odd")
    for min_pixels in (1, 99, 600, 1001):  # scales 1..25, rows padded to whole bytes
        image = Image.open(io.BytesIO(writers.png(m, min_pixels)))
        s = writers.scale(len(m), min_pixels)
        assert image.width == len(m) * s
        pixels = image.convert("L").load()
        assert all((pixels[x * s + s - 1, y * s] == 0) == dark
                   for y, row in enumerate(m) for x, dark in enumerate(row))


def _longest(version: int) -> int:
    """How many bytes a level-M code of `version` holds in byte mode."""
    _, short, length, long = matrix._BLOCKS_M[version - 1]
    return (8 * (short * length + long * (length + 1)) - 4 - (8 if version < 10 else 16)) // 8


@pytest.mark.parametrize("version", range(1, 41))
def test_encoder_makes_the_modules_qrcode_makes_at_every_version(version):
    n = _longest(version)
    payload = "ü" + ("https://example.org/?" + "abcdefghij" * 300)[:n - 2]  # ü is two bytes
    assert len(payload.encode()) == n
    m = matrix.matrix(payload)
    assert len(m) == 4 * version + 17 + 2 * matrix.QUIET_ZONE, "the fullest code of its version"
    assert m == matrix._qrcode_matrix(payload, matrix.MASK)
    if version < 40:
        bigger = payload + "z"
        assert len(matrix.matrix(bigger)) == len(m) + 4, "one byte more takes the next version"
        assert matrix.matrix(bigger) == matrix._qrcode_matrix(bigger, matrix.MASK)


@pytest.mark.parametrize("mask", range(8))
def test_encoder_matches_qrcode_with_every_mask(mask):
    for payload in ("https://www.myharbour.org.uk/", "é" * 150, "x" * 400):
        assert matrix._encode(payload, mask) == matrix._qrcode_matrix(payload, mask)


@pytest.mark.parametrize("payload", ["HTTPS://EXAMPLE.ORG/", "0800 138 2020", "12345", ""])
def test_payloads_qrcode_puts_in_other_modes_are_left_to_it(payload):
    assert matrix._encode(payload, matrix.MASK) is None
    assert matrix.matrix(payload) == matrix._qrcode_matrix(payload, matrix.MASK)


def test_a_payload_too_long_for_any_version_is_refused_by_qrcode():
    from qrcode.exceptions import DataOverflowError

    assert matrix._encode("x" * (_longest(40) + 1), matrix.MASK) is None
    with pytest.raises((DataOverflowError, ValueError)):
        matrix.matrix("x" * (_longest(40) + 1))


def test_the_largest_code_decodes():
    url = ("https://example.org/?" + "q=1&" * 1000)[:_longest(40)]
    m = matrix.matrix(url)
    assert len(m) == 177 + 2 * matrix.QUIET_ZONE
    assert decode(Image.open(io.BytesIO(writers.png(m)))).text == url


@given(st.text())
def test_svg_labels_are_quoted_exactly_as_the_standard_library_quotes_them(label):
    from xml.sax.saxutils import quoteattr

    assert writers._quoteattr(label) == quoteattr(label)


@given(st.text(), st.dictionaries(st.sampled_from(['"', "'", "\n", "é"]),
                                  st.sampled_from(["&quot;", "&#10;", "x"])))
def test_markup_is_escaped_exactly_as_the_standard_library_escapes_it(data, entities):
    from xml.sax.saxutils import escape

    from packpack.core import markup

    assert markup.escape(data, entities) == escape(data, entities)
