"""QR code files drawn from a matrix: a table of writers by format (a 1-bit PNG, an SVG), and
the build's memo of them. Bundles draw their partner-tagged addresses with the same writers."""

from __future__ import annotations

import re
import struct
from collections.abc import Callable

from packpack.core.markup import escape
from packpack.core.outputs import BuildContext
from packpack.core.png import PNG_LEVEL, chunk
from packpack.render.qr.matrix import ERROR_CORRECTION, MASK, QUIET_ZONE, Matrix, matrix

MIN_PIXELS = 600  # the PNG is at least this wide: sharp at 5 cm when printed at 300 dpi
DPI = 300  # recorded in the PNG so layout tools place it at a sensible print size


def scale(modules: int, min_pixels: int = MIN_PIXELS) -> int:
    """Whole pixels per module so that the code is at least `min_pixels` wide."""
    return -(-min_pixels // modules)


def runs(m: Matrix) -> list[tuple[int, int, int]]:
    """The dark modules as horizontal runs (x, y, length), row by row, left to right.

    Found by a bytes pattern over each row (in C): every partner's bundle has some codes."""
    return [(found.start(), y, found.end() - found.start())
            for y, row in enumerate(m) for found in _DARK.finditer(bytes(row))]


_DARK = re.compile(rb"\x01+")  # a run of dark modules in a row read as 0/1 bytes


def png(m: Matrix, min_pixels: int = MIN_PIXELS) -> bytes:
    """A 1-bit PNG of the code: black on white, whole pixels per module, at least 600 px.

    Written directly (each module row is one pixel row repeated), which is quicker and
    smaller than drawing and encoding an image with Pillow: every partner's bundle has some.
    A row's bits are spelt out by byte-string operations (in C), not module by module, and
    deflated by zlib-ng at the graphics' level."""
    from zlib_ng import zlib_ng

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
        chunk(b"IHDR", struct.pack(">IIBBBBB", width, width, 1, 0, 0, 0, 0)),
        chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        chunk(b"IDAT", zlib_ng.compress(b"".join(raw), PNG_LEVEL)),
        chunk(b"IEND", b"")))


_PNG_BITS = bytes.maketrans(b"\x00\x01", b"10")  # a row's modules (bools as bytes) -> PNG bits


def svg(m: Matrix, title: str = "", min_pixels: int = MIN_PIXELS) -> bytes:
    """A scalable SVG of the code: one path of unit squares in a viewBox, edges kept crisp."""
    n = len(m)
    d = "".join(f"M{x} {y}h{w}v1h-{w}z" for x, y, w in runs(m))
    size = n * scale(n, min_pixels)
    label = f"QR code: {title}" if title else "QR code"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" width="{size}" '
        f'height="{size}" shape-rendering="crispEdges" role="img" aria-label={_quoteattr(label)}>'
        f"<title>{escape(label)}</title>"
        f'<rect width="{n}" height="{n}" fill="#fff"/>'
        f'<path fill="#000" d="{d}"/></svg>\n'
    ).encode()


WRITERS: dict[str, Callable[[str], bytes]] = {  # format -> the file for an address
    "png": lambda url: png(matrix(url)),
    "svg": lambda url: svg(matrix(url), url),
}
FORMATS = tuple(WRITERS)


def draw(url: str, fmt: str) -> bytes:
    """The QR code for `url` in a format of `WRITERS`."""
    return WRITERS[fmt](url)


def remembered(ctx: BuildContext, url: str, fmt: str) -> bytes:
    """`draw(url, fmt)`, kept in the build cache between builds (`ctx.memo`): each partner's
    bundle has its own tagged codes, and every caption edit remakes every bundle."""
    return ctx.memo("qr", [url, fmt, QUIET_ZONE, MASK, ERROR_CORRECTION, MIN_PIXELS],
                    lambda: draw(url, fmt))


def _quoteattr(s: str) -> str:
    """An XML attribute value with its quotes, as `xml.sax.saxutils.quoteattr` writes it
    (whose import, with urllib's, costs more than a QR code)."""
    s = escape(s).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in s:
        return f'"{s}"'
    if "'" not in s:
        return f"'{s}'"
    return '"{}"'.format(s.replace('"', "&quot;"))
