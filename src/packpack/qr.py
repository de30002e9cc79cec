"""QR codes for the help and booking links: payload and module matrix as plain values first.

`matrix(url)` gives the modules (quiet zone included); `png` and `svg` only draw a matrix.
Bundles use the same functions for the partner-tagged addresses.
"""

from __future__ import annotations

import functools
import struct
import zlib
from xml.sax.saxutils import quoteattr

from packpack import paths
from packpack.build import BuildContext, Output, key
from packpack.model import Campaign

QUIET_ZONE = 4  # modules of white around the code, as the standard asks
MASK = 2  # pinned so the same URL always gives the same code
ERROR_CORRECTION = "M"  # recovers about 15 % damage: a printed code survives a fold
MIN_PIXELS = 600  # the PNG is at least this wide: sharp at 5 cm when printed at 300 dpi
DPI = 300  # recorded in the PNG so layout tools place it at a sensible print size
FORMATS = ("png", "svg")

Matrix = tuple[tuple[bool, ...], ...]


@functools.lru_cache(maxsize=256)
def matrix(payload: str) -> Matrix:
    """The QR code's dark (True) and light modules, quiet zone included, row by row."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE,
                         mask_pattern=MASK)
    code.add_data(payload, optimize=0)
    code.make(fit=True)
    return tuple(tuple(bool(m) for m in row) for row in code.get_matrix())


def scale(modules: int, min_pixels: int = MIN_PIXELS) -> int:
    """Whole pixels per module so that the code is at least `min_pixels` wide."""
    return -(-min_pixels // modules)


def runs(m: Matrix) -> list[tuple[int, int, int]]:
    """The dark modules as horizontal runs (x, y, length), row by row, left to right."""
    out = []
    for y, row in enumerate(m):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                out.append((start, y, x - start))
            else:
                x += 1
    return out


def png(m: Matrix, min_pixels: int = MIN_PIXELS) -> bytes:
    """A 1-bit PNG of the code: black on white, whole pixels per module, at least 600 px.

    Written directly (each module row is one pixel row repeated): twice as quick as drawing
    and encoding an image with Pillow, for half the bytes; every partner's bundle has some.
    A row's bits are spelt out by byte-string operations (in C), not module by module."""
    n = len(m)
    s = scale(n, min_pixels)
    width = n * s
    pad = b"0" * (-width % 8)
    row_bytes = (width + len(pad)) // 8
    light, dark = b"1" * s, b"0" * s
    raw = []
    for row in m:  # grey 1-bit: 0 is black
        bits = bytes(row).translate(_PNG_BITS).replace(b"1", light).replace(b"0", dark) + pad
        raw.append((b"\x00" + int(bits, 2).to_bytes(row_bytes, "big")) * s)
    per_metre = round(DPI / 0.0254)
    return b"".join((
        b"\x89PNG\r\n\x1a\n",
        _chunk(b"IHDR", struct.pack(">IIBBBBB", width, width, 1, 0, 0, 0, 0)),
        _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        _chunk(b"IDAT", zlib.compress(b"".join(raw), 6)),
        _chunk(b"IEND", b"")))


_PNG_BITS = bytes.maketrans(b"\x00\x01", b"10")  # a row's modules (bools as bytes) -> PNG bits


def _chunk(kind: bytes, body: bytes) -> bytes:
    """One PNG chunk: length, type, body, CRC of type and body."""
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def svg(m: Matrix, title: str = "", min_pixels: int = MIN_PIXELS) -> bytes:
    """A scalable SVG of the code: one path of unit squares in a viewBox, edges kept crisp."""
    n = len(m)
    d = "".join(f"M{x} {y}h{w}v1h-{w}z" for x, y, w in runs(m))
    size = n * scale(n, min_pixels)
    label = f"QR code: {title}" if title else "QR code"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" width="{size}" '
        f'height="{size}" shape-rendering="crispEdges" role="img" aria-label={quoteattr(label)}>'
        f"<title>{_escape(label)}</title>"
        f'<rect width="{n}" height="{n}" fill="#fff"/>'
        f'<path fill="#000" d="{d}"/></svg>\n'
    ).encode()


def draw(url: str, fmt: str) -> bytes:
    """The QR code for `url` as `png` or `svg` bytes."""
    return png(matrix(url)) if fmt == "png" else svg(matrix(url), url)


def remembered(ctx: BuildContext, url: str, fmt: str) -> bytes:
    """`draw(url, fmt)`, kept in the build cache between builds (`ctx.memo`): each partner's
    bundle has its own tagged codes, and every caption edit remakes every bundle."""
    return ctx.memo("qr", [url, fmt, QUIET_ZONE, MASK, ERROR_CORRECTION, MIN_PIXELS],
                    lambda: draw(url, fmt))


def plan(campaign: Campaign) -> list[Output]:
    """A PNG and an SVG for every help and booking link that has an address."""
    return [
        Output(path=paths.qr(link_id, fmt), kind="qr", make=_make,
               meta={"link": link_id, "url": link.url, "format": fmt},
               key=key("qr", link.url, fmt, QUIET_ZONE, MASK, ERROR_CORRECTION, MIN_PIXELS))
        for link_id, link in campaign.spec.links.items() if link.qr and link.url
        for fmt in FORMATS
    ]


def _make(ctx: BuildContext, output: Output) -> bytes:
    return draw(output.meta["url"], output.meta["format"])


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
