"""What a TrueType font can draw: its character map, read straight from the file.

Kept tiny and dependency-free so that `packpack check` can ask "does the font have a glyph
for every character?" without loading a PDF or font library.
"""

from __future__ import annotations

import functools
import struct
from pathlib import Path


@functools.lru_cache(maxsize=16)
def cmap(path: Path) -> frozenset[int]:
    """The code points a TrueType font maps to glyphs; ValueError if it is not a usable font."""
    data = Path(path).read_bytes()
    try:
        return _read_cmap(data)
    except (struct.error, IndexError) as exc:
        raise ValueError(f"damaged font file ({exc})") from None


# The fonts that fill a brand font's gaps (see fonts/README.md beside them): letters, then
# emoji and symbols. Every output that sets text in a brand font falls back to these.
SHIPPED = Path(__file__).resolve().parent.parent / "fonts"
FALLBACK = {"regular": SHIPPED / "NotoSans-Regular.ttf", "bold": SHIPPED / "NotoSans-Bold.ttf"}
EMOJI = SHIPPED / "Symbola-emoji.ttf"
ARABIC = {"regular": SHIPPED / "NotoNaskhArabic-Regular.ttf",
          "bold": SHIPPED / "NotoNaskhArabic-Bold.ttf"}  # Arabic-script words (`scripts`)
# Invisible parts of emoji sequences and word joins (zero-width joiner, variation selectors,
# tags): no font draws them; an output that cannot join the sequence leaves them out.
IGNORABLE = frozenset({0x200B, 0x200C, 0x200D, 0x2060, 0xFE0E, 0xFE0F,
                       *range(0xE0020, 0xE0080)})


def source(code: int, brand: frozenset[int]) -> str:
    """Which font draws a character: 'brand', 'fallback', 'arabic', 'emoji', '' if none can
    (and 'none' for an invisible joiner or selector, which is left out)."""
    if code in IGNORABLE:
        return "none"
    if code in brand:
        return "brand"
    if code in cmap(FALLBACK["regular"]) and code in cmap(FALLBACK["bold"]):
        return "fallback"
    if code in cmap(ARABIC["regular"]) and code in cmap(ARABIC["bold"]):
        return "arabic"
    if code in cmap(EMOJI):
        return "emoji"
    return ""


def undrawable(text: str, brand: frozenset[int]) -> list[str]:
    """The characters of `text` that neither the brand font (its `brand` code points) nor a
    shipped fallback can draw, in order of first appearance."""
    found = dict.fromkeys(c for c in text if not c.isspace() and not source(ord(c), brand))
    return list(found)


def _read_cmap(data: bytes) -> frozenset[int]:
    if data[:4] not in (b"\x00\x01\x00\x00", b"true"):
        raise ValueError("not a TrueType font")
    (num_tables,) = struct.unpack_from(">H", data, 4)
    tables = {}
    for i in range(num_tables):
        tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        tables[tag] = (offset, length)
    if b"cmap" not in tables or b"glyf" not in tables:
        raise ValueError("no character map or TrueType outlines")
    base = tables[b"cmap"][0]
    _, count = struct.unpack_from(">HH", data, base)
    best = None
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, base + 4 + 8 * i)
        fmt = struct.unpack_from(">H", data, base + offset)[0]
        unicode_table = platform == 0 or (platform == 3 and encoding in (1, 10))
        if unicode_table and fmt in (4, 12) and (best is None or fmt > best[0]):
            best = (fmt, base + offset)
    if best is None:
        raise ValueError("no Unicode character map")
    fmt, at = best
    points: set[int] = set()
    if fmt == 12:
        (groups,) = struct.unpack_from(">I", data, at + 12)
        for g in range(groups):
            start, end, glyph = struct.unpack_from(">III", data, at + 16 + 12 * g)
            points.update(range(start, end + 1)) if glyph else None
        return frozenset(points)
    (seg_x2,) = struct.unpack_from(">H", data, at + 6)
    ends = at + 14
    starts = ends + seg_x2 + 2
    deltas = starts + seg_x2
    ranges = deltas + seg_x2
    for s in range(seg_x2 // 2):
        end, start = (struct.unpack_from(">H", data, p + 2 * s)[0] for p in (ends, starts))
        delta, range_offset = (struct.unpack_from(">H", data, p + 2 * s)[0] for p in
                               (deltas, ranges))
        for c in range(start, min(end, 0xFFFE) + 1):
            if range_offset == 0:
                glyph = (c + delta) & 0xFFFF
            else:
                where = ranges + 2 * s + range_offset + 2 * (c - start)
                glyph = struct.unpack_from(">H", data, where)[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                points.add(c)
    return frozenset(points)
