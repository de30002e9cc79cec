"""Measure the contrast of every word on a PDF's rendered pages, with poppler's tools.

`pdftotext -bbox` gives each word's box; `pdftoppm` renders the page. Within a word's box the
most common colour is taken as its ground and the pixel that differs most from it as its ink;
their WCAG contrast ratio is the word's. Nothing here comes from packpack's own code.
"""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

DPI = 100
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                  r"(.*?)</word>")
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def _luminance(rgb: tuple[int, ...]) -> float:
    def channel(c: int) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """The WCAG 2 contrast ratio of two colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True)
class Word:
    """One word as printed: its page, text, height in points and measured contrast."""

    page: int
    text: str
    height: float
    contrast: float
    ink: tuple[int, ...]
    ground: tuple[int, ...]

    @property
    def large(self) -> bool:
        """WCAG's large text: 18 pt and up (a word box is about 1.2 em high)."""
        return self.height >= 18 * 1.15

    @property
    def passes(self) -> bool:
        """Meets WCAG AA: 4.5:1, or 3:1 for large text."""
        return self.contrast >= (3.0 if self.large else 4.5)


def words(pdf: Path, first: int = 1, last: int | None = None) -> list[Word]:
    """Every word of a PDF's pages with its measured contrast."""
    span = ["-f", str(first)] + (["-l", str(last)] if last else [])
    xml = subprocess.run(["pdftotext", "-bbox", *span, str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    out: list[Word] = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(DPI), *span, str(pdf), f"{tmp}/p"],
                       check=True)
        images = sorted(Path(tmp).glob("p-*.ppm"))
        pages = xml.split("<page ")[1:]
        for n, (chunk, png) in enumerate(zip(pages, images, strict=True), start=first):
            with Image.open(png) as im:
                rgb = im.convert("RGB")
                scale = DPI / 72
                for m in WORD.finditer(chunk):
                    if not any(ch.isalnum() for ch in html.unescape(m.group(5))):
                        continue  # a lone dot or bullet is too thin to measure by its pixels
                    x0, y0, x1, y1 = (float(v) * scale for v in m.groups()[:4])
                    box = rgb.crop((int(x0), int(y0), max(int(x0) + 1, int(x1)),
                                    max(int(y0) + 1, int(y1))))
                    colours = box.getcolors(box.width * box.height)
                    ground = max(colours)[1]
                    ink = max((c for _, c in colours), key=lambda c: ratio(c, ground))
                    out.append(Word(n, html.unescape(m.group(5)), (y1 - y0) / scale,
                                    ratio(ink, ground), ink, ground))
    return out


if __name__ == "__main__":
    import sys

    for path in sys.argv[1:]:
        ws = words(Path(path))
        bad = [w for w in ws if not w.passes]
        share = 100 * len(bad) / max(1, len(ws))
        print(f"{path}: {len(ws)} words, {len(bad)} below AA ({share:.0f} %)")
        for w in bad[:40]:
            print(f"  p{w.page} {w.text!r} {w.contrast:.2f}:1 ink {w.ink} on {w.ground}")
