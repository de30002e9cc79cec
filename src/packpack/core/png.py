"""PNG files written directly: chunks, and RGB images encoded band by band.

Graphics are written here rather than by Pillow, whose encoder tries four row filters on every
row: for flat graphics that filtering costs more than compressing, and makes files larger.
Rows go unfiltered, deflated by zlib-ng. QR codes write their own 1-bit rows with `chunk`.
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any, BinaryIO

from packpack.core.errors import RenderError

PNG_LEVEL = 3  # zlib-ng's level: as small as Pillow's default files, in half the time
SRGB = (b"sRGB", b"\x00")  # the pixels are sRGB (rendering intent: perceptual)
ROWS_PER_BLOCK = 64  # rows read from the image and compressed at a time



def chunk(kind: bytes, body: bytes) -> bytes:
    """One PNG chunk: length, type, body, CRC of type and body."""
    crc = zlib.crc32(body, zlib.crc32(kind))
    return b"".join((struct.pack(">I", len(body)), kind, body, struct.pack(">I", crc)))


def encode(im: Any) -> bytes:
    """An RGB image as PNG bytes: 8-bit sRGB, rows unfiltered, deflated by zlib-ng, the same
    bytes every time."""
    png = PngStream(*im.size)
    png.add(im)
    return png.finish()


class PngStream:
    """A PNG written band by band (each an RGB image of the full width), so that a large
    image never has to be held whole: the same bytes as `encode` of the bands stacked."""

    def __init__(self, width: int, height: int):
        self.width, self.height, self.rows = width, height, 0
        from zlib_ng import zlib_ng

        self.z = zlib_ng.compressobj(PNG_LEVEL)
        self.parts: list[bytes] = []

    def add(self, band: Any) -> None:
        """Append a band of rows below those added so far."""
        from PIL import Image

        if band.mode != "RGB":
            band = band.convert("RGB")  # (converting to its own mode would copy it)
        band.load()
        assert band.width == self.width and self.rows + band.height <= self.height
        # Pillow's raw encoder (what `tobytes` uses), given a stride one byte longer than a
        # row, follows each row with a zero: the filter type (0, none) of the row after it.
        # So the stream is a zero, then what the encoder writes less its last byte: read
        # from the image a block of rows at a time, never copied whole as `tobytes` does.
        line = self.width * 3 + 1
        encoder = Image._getencoder("RGB", "raw", ("RGB", line, 0))
        try:
            encoder.setimage(band.im, (0, 0, *band.size))
            self.parts.append(self.z.compress(b"\x00"))
            while True:
                _, status, data = encoder.encode(ROWS_PER_BLOCK * line)
                if status:  # the last block (or an error)
                    break
                self.parts.append(self.z.compress(data))
        finally:
            encoder.cleanup()
        if status < 0:
            raise RenderError(f"Pillow could not read the image's rows (error {status})")
        self.parts.append(self.z.compress(memoryview(data)[:-1]))
        self.rows += band.height

    def finish(self) -> bytes:
        """The whole PNG file, once every row has been added."""
        out = io.BytesIO()
        self.write(out)
        return out.getvalue()

    def write(self, out: BinaryIO) -> None:
        """Write the whole PNG file to `out`, once every row has been added: the compressed
        rows go out piece by piece, never joined into one more copy (a contact sheet of
        hundreds of posts is megabytes of them)."""
        assert self.rows == self.height
        self.parts.append(self.z.flush())
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)  # 8-bit RGB
        out.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(*SRGB))
        crc = zlib.crc32(b"IDAT")
        out.write(struct.pack(">I", sum(map(len, self.parts))) + b"IDAT")
        for part in self.parts:
            out.write(part)
            crc = zlib.crc32(part, crc)
        out.write(struct.pack(">I", crc) + chunk(b"IEND", b""))
        self.parts = []
