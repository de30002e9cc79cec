"""ReportLab's ToUnicode maps, with characters beyond U+FFFF written as the PDF reference
asks: as UTF-16, a surrogate pair (`<D83D DE91>`).

A font subset's ToUnicode map tells a PDF reader which character each glyph stands for, so
that text can be copied, searched and read aloud. ReportLab (to 5.x at least) writes each
entry as `<%04X>`: an emoji such as U+1F691 comes out as five hex digits, which readers take
as U+F691 and a digit, so the ambulance in a caption was copied out of the PDF as a private
character. Characters up to U+FFFF are written exactly as ReportLab writes them (so PDFs
without such characters are unchanged).
"""

from __future__ import annotations

from reportlab.pdfbase import ttfonts

_REPORTLABS = ttfonts.makeToUnicodeCMap


def utf16(code: int) -> str:
    """A code point as the hex digits of its UTF-16 (big-endian) code units."""
    return chr(code).encode("utf-16-be").hex().upper()


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap for a subset, each code point beyond U+FFFF as UTF-16."""
    cmap = _REPORTLABS(fontname, subset)
    for i, code in enumerate(subset):
        if code > 0xFFFF:
            cmap = cmap.replace(f"\n<{i:02X}> <{code:04X}>\n", f"\n<{i:02X}> <{utf16(code)}>\n",
                                1)
    return cmap


ttfonts.makeToUnicodeCMap = to_unicode_cmap
