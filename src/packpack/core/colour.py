"""Colour arithmetic: WCAG 2 contrast, and RGB to CMYK by one formula (full black generation:
K = 1 - max(R, G, B), C = (1 - R - K) / (1 - K)) for the pack's colours, the print copies' flat
colours and whole images alike, so a colour prints the same in text and in graphics."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import PIL.Image


def luminance(colour: str) -> float:
    """The WCAG relative luminance of a #RRGGBB colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two #RRGGBB colours (1 to 21)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def rgb(hex_colour: str) -> tuple[float, float, float]:
    """#RRGGBB as three fractions."""
    h = hex_colour.lstrip("#")
    return (int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255)


def cmyk(hex_colour: str) -> tuple[float, float, float, float]:
    """#RRGGBB as CMYK with full black generation (grey component carried by K alone).

    The same formula converts the images, so a brand colour prints alike in text and
    graphics. Values are rounded to whole percent, as a printer would specify them.
    """
    r, g, b = rgb(hex_colour)
    k = 1 - max(r, g, b)
    if k >= 1:
        return (0.0, 0.0, 0.0, 1.0)
    c, m, y = ((1 - x - k) / (1 - k) for x in (r, g, b))
    return tuple(round(v, 2) for v in (c, m, y, k))  # type: ignore[return-value]


@functools.cache
def _ink_table() -> list[int]:
    """Ink levels indexed by top * 256 + channel, where top = max(R, G, B): (top - x) / top
    of full strength, rounded to the nearest level (no ink in black, where top = 0; a channel
    never exceeds the top, so the entries for x > top are never looked up)."""
    return [((top - x) * 510 + top) // (2 * top) if top > 0 and x <= top else 0
            for top in range(256) for x in range(256)]


def ink(rgb: tuple[int, int, int]) -> tuple[int, int, int, int]:
    """One RGB colour in CMYK, exactly as `to_cmyk` converts a pixel of it: what the print
    copy of a graphic paints its flat colours with."""
    top, table = max(rgb), _ink_table()
    cyan, magenta, yellow = (table[top * 256 + x] for x in rgb)
    return cyan, magenta, yellow, 255 - top


def to_cmyk(image: PIL.Image.Image) -> PIL.Image.Image:
    """An RGB image in CMYK with full black generation: K = 1 - max(R, G, B), C = (1-R-K)/(1-K).

    The same formula as `cmyk()` for the brand colours, so a colour prints alike in text and
    in graphics. Each ink is a function of two bytes (the channel and the top of the
    three), so it is one lookup in a 65,536-entry table over an image of 16-bit indices: a
    few byte-wide passes instead of floating-point arithmetic over the whole image.
    """
    from PIL import Image, ImageChops

    if image.mode != "RGB":
        image = image.convert("RGB")  # (converting to its own mode would copy it)
    r, g, b = image.split()
    top = ImageChops.lighter(ImageChops.lighter(r, g), b)
    table = _ink_table()

    def ink(channel: Image.Image) -> Image.Image:
        # the channel and the top as one little-endian 16-bit index per pixel
        pairs = Image.merge("LA", (channel, top)).tobytes()
        index = Image.frombytes("I", image.size, pairs, "raw", "I;16")
        # (the core's point takes the table as it is; Image.point would round each entry)
        return index._new(index.im.point(table, "L"))

    return Image.merge("CMYK", (ink(r), ink(g), ink(b), ImageChops.invert(top)))
