"""Right-to-left text: which way a text runs, and the shipped face that draws Arabic-script
words (Urdu, Arabic, Persian...) when the brand's font has no glyphs for them.

`faces_for` is the one place a face is chosen for such words: the graphics, the PDFs and a
fallback for other characters all ask it.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from packpack.core import fonts

ARABIC = fonts.ARABIC


@functools.lru_cache(maxsize=4096)
def is_rtl(text: str) -> bool:
    """Whether a text's first strong character runs right to left (Unicode's paragraph
    direction: Hebrew, Arabic script), as a browser would lay it out with dir="auto"."""
    for c in text:
        kind = unicodedata.bidirectional(c)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def directions(line: str) -> list[bool]:
    """Each character of a line of a right-to-left paragraph: whether it runs right to
    left. Right-to-left letters do; Latin letters and digits do not; what lies between
    (spaces, punctuation) runs left to right only when left-to-right text lies on both
    sides of it ("0300 123 4567", "24/7", "www.example.org/help"), else as the paragraph.
    (Unicode's bidirectional rules, as they fall out for a right-to-left paragraph.)"""
    kinds = []
    for c in line:
        bidi = unicodedata.bidirectional(c)
        kinds.append("R" if bidi in ("R", "AL") else "L" if bidi in ("L", "EN", "AN") else "N")
    out = []
    for i, k in enumerate(kinds):
        if k == "N":
            before = next((kinds[j] for j in range(i - 1, -1, -1) if kinds[j] != "N"), "R")
            after = next((kinds[j] for j in range(i + 1, len(kinds)) if kinds[j] != "N"), "R")
            k = "L" if before == after == "L" else "R"
        out.append(k == "R")
    return out


def arabic_script(text: str) -> bool:
    """Whether a text has letters of the Arabic script (which need joining and shaping)."""
    return any("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" or "\u08a0" <= c <= "\u08ff"
               or "\ufb50" <= c <= "\ufdff" or "\ufe70" <= c <= "\ufeff" for c in text)


def faces_for(text: str, regular: str, bold: str) -> tuple[str, str]:
    """The regular and bold font files to set `text` in: the brand's, or Noto Naskh Arabic
    when the text has Arabic-script letters the brand's fonts lack."""
    if not arabic_script(text):
        return regular, bold
    have = fonts.cmap(Path(bold)) & fonts.cmap(Path(regular))
    if all(ord(c) in have for c in text if arabic_script(c)):
        return regular, bold
    return str(ARABIC["regular"]), str(ARABIC["bold"])
