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
    left. Right-to-left letters do; Latin letters and digits do not, nor a number's own
    signs ("50%", "£5", "1+2", "24/7", "1,000"); what else lies between (spaces,
    punctuation) runs left to right only when left-to-right text lies on both sides of it
    ("0300 123 4567", "www.example.org/help"), else as the paragraph. (Unicode's
    bidirectional rules W4, W5 and N1, as they fall out for a right-to-left paragraph.)"""
    bidi = [unicodedata.bidirectional(c) for c in line]
    n = len(bidi)

    def digit(i: int) -> bool:
        return 0 <= i < n and bidi[i] in ("EN", "AN")

    kinds = []
    for i, k in enumerate(bidi):
        if k in ("R", "AL"):
            kinds.append("R")
        elif k in ("L", "EN", "AN"):
            kinds.append("L")
        elif k in ("ES", "CS") and digit(i - 1) and digit(i + 1):
            kinds.append("L")  # one sign between two digits: part of the number (W4)
        else:
            kinds.append("N")
    for i in range(n):  # a number's terminators (%, £, °) beside its digits (W5)
        if bidi[i] == "ET":
            j = i
            while j < n and bidi[j] == "ET":
                j += 1
            k = i
            while k >= 0 and bidi[k] == "ET":
                k -= 1
            if digit(j) or digit(k):
                kinds[i] = "L"
    out = []
    for i, k in enumerate(kinds):
        if k == "N":
            before = next((kinds[j] for j in range(i - 1, -1, -1) if kinds[j] != "N"), "R")
            after = next((kinds[j] for j in range(i + 1, n) if kinds[j] != "N"), "R")
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
