"""Images for the pack PDF, embedded without ReportLab re-encoding them.

ReportLab decodes an image, hashes the raw pixels and deflates them again at level 6; for the
post graphics that is most of a pack's build time. Here a screen-edition PNG (8-bit RGB or
grey, not interlaced) goes in as it is: its IDAT data is already a Flate stream with PNG
predictors, which PDF reads directly. Anything else, and every print-edition image (converted
to CMYK), is decoded once and deflated at a fast level.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from PIL import Image

from packpack.core.colour import to_cmyk

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
FAST_DEFLATE = 3  # zlib-ng's level 3: under half of zlib's time at that level, files no larger

Memo = Callable[[str, Any, Callable[[], bytes]], bytes]  # BuildContext.memo


@dataclass(frozen=True)
class Embedded:
    """An image ready to become a PDF image XObject."""

    name: str  # hash of the stream: the same image is stored once
    width: int
    height: int
    colour_space: str  # DeviceRGB | DeviceCMYK | DeviceGray
    data: bytes  # a Flate stream
    predictor_colours: int = 0  # >0: the stream carries PNG row predictors (straight from a PNG)

    def to_bytes(self) -> bytes:
        """The image as bytes to keep in the build's memo (`from_bytes` reads them back)."""
        head = [self.name, self.width, self.height, self.colour_space, self.predictor_colours]
        return json.dumps(head).encode() + b"\n" + self.data

    @classmethod
    def from_bytes(cls, blob: bytes) -> Embedded:
        """An image from `to_bytes`."""
        head, _, data = blob.partition(b"\n")
        name, width, height, colour_space, predictor_colours = json.loads(head)
        return cls(name, width, height, colour_space, data, predictor_colours)


@contextlib.contextmanager
def reusing_memory(blocks: int = 1) -> Iterator[None]:
    """Let Pillow keep a freed block of image memory for the next image, while many graphics
    are decoded and converted one after another.

    Otherwise every intermediate image of every conversion is fresh memory from the system,
    and first touching it costs nearly as much as the conversion; one block is enough (more
    only keeps memory). Pillow's setting is per process: it is set only if nobody has set
    it, and put back (freeing what it kept) afterwards.
    """
    if Image.core.get_blocks_max() != 0:
        yield
        return
    Image.core.set_blocks_max(blocks)
    try:
        yield
    finally:
        Image.core.set_blocks_max(0)


def png_passthrough(data: bytes) -> Embedded | None:
    """A PNG's own compressed pixels, if PDF can read them as they are (else None)."""
    if not data.startswith(PNG_MAGIC):
        return None
    pos, idat, header = 8, [], None
    while pos + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, pos)
        body = data[pos + 8: pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None or not idat:
        return None
    width, height, depth, colour_type, _, _, interlace = header
    colours = {0: 1, 2: 3}.get(colour_type)
    if depth != 8 or colours is None or interlace:
        return None
    stream = b"".join(idat)
    return Embedded(hashlib.sha256(stream).hexdigest()[:16], width, height,
                    "DeviceGray" if colours == 1 else "DeviceRGB", stream, colours)


def size_of(data: bytes) -> tuple[int, int]:
    """An image's width and height in pixels: read from a PNG's header, else by Pillow
    (whose first opening of an image imports its format plugins, costly in a process that
    opens nothing else: the pack only asks the size of each logo)."""
    if data.startswith(PNG_MAGIC) and data[12:16] == b"IHDR":
        width, height = struct.unpack_from(">II", data, 16)
        return width, height
    with Image.open(io.BytesIO(data)) as im:
        return im.size


def flatten(data: bytes) -> Image.Image:
    """Decoded image bytes as RGB, any transparency composited onto white (no soft masks)."""
    im = Image.open(io.BytesIO(data))
    im.load()
    if im.mode in ("RGBA", "LA", "P", "PA"):
        im = im.convert("RGBA")
        flat = Image.new("RGB", im.size, "white")
        flat.paste(im, mask=im.getchannel("A"))
        return flat
    return im if im.mode == "RGB" else im.convert("RGB")


def embed(data: bytes, cmyk: bool, max_width: int = 0, memo: Memo | None = None) -> Embedded:
    """Image bytes ready to place: as they are when possible, else decoded once.

    `cmyk` converts to CMYK (print); `max_width` (pixels) reduces a much larger image. A decoded
    image is remembered with `memo` (the build's, keyed by the image's bytes), so a rebuild
    after an edit, or the same graphic placed again, does not decode, convert and deflate it
    again.
    """
    if not cmyk:
        passed = png_passthrough(data)
        if passed is not None and (not max_width or passed.width <= max_width):
            return passed
    if memo is None:
        return decoded(data, cmyk, max_width)
    parts = {"image": hashlib.sha256(data).hexdigest(), "cmyk": cmyk, "max_width": max_width}
    return Embedded.from_bytes(memo("pack-image", parts,
                                    lambda: decoded(data, cmyk, max_width).to_bytes()))


def decoded(data: bytes, cmyk: bool, max_width: int = 0,
            image: Image.Image | None = None) -> Embedded:
    """Image bytes decoded, reduced to `max_width` pixels, in CMYK if `cmyk`, deflated.
    `image`, if given, is those bytes already decoded (an RGB image), or drawn again in CMYK
    (a print copy): it is used instead."""
    im = image if image is not None and image.mode in ("RGB", "CMYK") else flatten(data)
    if max_width and im.width > max_width:
        im = im.resize((max_width, round(im.height * max_width / im.width)),
                       Image.Resampling.LANCZOS)
    if cmyk and im.mode != "CMYK":
        im = to_cmyk(im)
    from zlib_ng import zlib_ng

    stream = zlib_ng.compress(im.tobytes(), FAST_DEFLATE)
    return Embedded(hashlib.sha256(stream).hexdigest()[:16], im.width, im.height,
                    "DeviceCMYK" if cmyk else "DeviceRGB", stream)


@functools.cache
def _xobject_class() -> type:
    """The PDF image XObject class (made on first use: converting images for print needs no
    ReportLab, so graphics can do it without importing it)."""
    from reportlab.pdfbase import pdfdoc

    class _ImageXObject(pdfdoc.PDFImageXObject):
        """A PDF image XObject over an already-compressed stream."""

        def __init__(self, image: Embedded):
            self.name = image.name
            self.image = image
            self.mask = None

        def format(self, document) -> bytes:
            """The XObject's stream with its dictionary, predictors declared when present.

            Formatted once, as the document is saved; the image is let go then, so the saved file
            and the images do not all sit in memory at once.
            """
            e, self.image = self.image, None
            stream = pdfdoc.PDFStream(content=e.data)
            d = stream.dictionary
            d["Type"] = pdfdoc.PDFName("XObject")
            d["Subtype"] = pdfdoc.PDFName("Image")
            d["Width"] = e.width
            d["Height"] = e.height
            d["BitsPerComponent"] = 8
            d["ColorSpace"] = pdfdoc.PDFName(e.colour_space)
            d["Filter"] = pdfdoc.PDFName("FlateDecode")
            if e.predictor_colours:
                d["DecodeParms"] = pdfdoc.PDFDictionary({
                    "Predictor": 15, "Colors": e.predictor_colours, "BitsPerComponent": 8,
                    "Columns": e.width})
            d["Length"] = len(e.data)
            return stream.format(document)

    return _ImageXObject


def draw(canvas, image: Embedded, x: float, y: float, width: float, height: float) -> None:
    """Place an image on the canvas (stored once per document, however often it is drawn).

    Mirrors what `Canvas.drawImage` does after decoding, which needs its internals.
    """
    doc = canvas._doc
    reg = doc.getXObjectName(image.name)
    if not doc.idToObject.get(reg):
        obj = _xobject_class()(image)
        canvas._setXObjects(obj)
        doc.Reference(obj, reg)
        doc.addForm(image.name, obj)
    canvas._currentPageHasImages = 1
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas._code.append(f"/{reg} Do")
    canvas.restoreState()
    canvas._formsinuse.append(image.name)
