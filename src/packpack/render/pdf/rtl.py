"""Right-to-left paragraphs in the pack (Urdu, Arabic): shaped, in visual order, flush right,
and read back in logical order.

ReportLab shapes text with HarfBuzz (`uharfbuzz`) but leaves the reordering of a line to
`rlbidi`, which is not on PyPI, so its paragraphs set Urdu unshaped and left to right. Here
a line is broken in logical order, split into directional runs (Unicode's rules, simplified
for a right-to-left paragraph: numbers, web addresses and Latin words are left-to-right runs
inside it), the runs are placed from the right edge, and each right-to-left run is shaped by
HarfBuzz, which gives its glyphs in visual order with their joining forms and ligatures.
Punctuation the Arabic face lacks (a hyphen, brackets, '?') is set in the brand face, in its
place in the line, brackets mirrored.
PDF readers (poppler, MuPDF) read such runs back in logical order, as the letters'
presentation forms (which Unicode normalisation, NFKC, turns back into the letters). An
`/ActualText` per line was tried and dropped: both readers then gave the letters reversed.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from typing import Any

from packpack.render.pdf import platypus  # noqa: F401 (before any of reportlab)

# isort: split
from reportlab.lib.abag import ABag
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import shapeFragWord
from reportlab.platypus import Flowable

from packpack.core import scripts
from packpack.core.nobreak import NBSP
from packpack.plan.typeset import split_words
from packpack.render.pdf import tags

MIRRORED = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹", strict=True))  # a bracket seen right to left


@dataclass(frozen=True)
class Run:
    """A piece of a line in one direction: its text, logical order, and which way it runs."""

    text: str
    rtl: bool


def runs(line: str) -> list[Run]:
    """A line of a right-to-left paragraph as directional runs, in logical order (each
    character's direction as `scripts.directions` resolves it, the same for the graphics)."""
    out: list[Run] = []
    for c, rtl in zip(line, scripts.directions(line), strict=True):
        if out and out[-1].rtl == rtl:
            out[-1] = Run(out[-1].text + c, rtl)
        else:
            out.append(Run(c, rtl))
    return out


@functools.lru_cache(maxsize=4096)
def _shape(font: str, size: float, text: str) -> tuple[Any, float]:
    """A text shaped by HarfBuzz in a registered font (glyphs in visual order), and its
    width; remembered, as breaking a paragraph into lines and drawing it shape the same
    runs again."""
    word = [pdfmetrics.stringWidth(text, font, size), (ABag(fontName=font, fontSize=size),
                                                         text)]
    shaped = shapeFragWord(word)
    return shaped[1][1], shaped[0]


class RightToLeft(Flowable):
    """A paragraph of right-to-left text, set flush right in `style`'s size, leading and
    colour: Arabic-script runs in `arabic`, left-to-right runs in the style's font; tagged
    as a paragraph in language `lang` (if not the document's) in the screen edition.

    The style's indent is kept at the right, where the text starts. `bullet`: a list item's
    label, at the right of its first line (the item tagged LI > Lbl + LBody). `links`:
    (words as shown, address) pairs; where those words stand in a left-to-right run (a
    phone number, a web address), they are a link there, in `link_colour`, underlined.
    """

    def __init__(self, text: str, style: ParagraphStyle, arabic: str, lang: str = "",
                 bullet: str = "", links: tuple[tuple[str, str], ...] = (),
                 link_colour: Any = None):
        super().__init__()
        self.text, self.style, self.arabic, self.lang = text, style, arabic, lang
        self.bullet, self.links, self.link_colour = bullet, links, link_colour
        self.lines: list[str] = []

    def segments(self, line: str) -> list[Run]:
        """A line's directional runs (`runs`), each right-to-left run cut where the Arabic
        face lacks a character (a hyphen, a bracket, '?', '%'): such a piece is set in the
        style's font, its characters in visual order (reversed, brackets mirrored), as a
        left-to-right piece; it keeps its place in the line."""
        covered = pdfmetrics.getFont(self.arabic).face.charToGlyph
        out: list[Run] = []
        for run in runs(line):
            if not run.rtl:
                out.append(run)
                continue
            for has, chars in itertools.groupby(run.text, key=lambda c: ord(c) in covered):
                piece = "".join(chars)
                out.append(Run(piece, True) if has else
                               Run("".join(MIRRORED.get(c, c) for c in reversed(piece)), False))
        return out

    def _font(self, run: Run) -> str:
        if run.rtl or scripts.arabic_script(run.text):
            return self.arabic
        return self.style.fontName

    def _shaped(self, run: Run) -> tuple[Any, float]:
        """A run shaped (glyphs in visual order) and its width."""
        return _shape(self._font(run), self.style.fontSize, run.text.replace(NBSP, " "))

    def width_of(self, line: str) -> float:
        return sum(self._shaped(r)[1] for r in self.segments(line))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self.lines and self.width == availWidth:  # broken at this width already (tables
            return self.width, self.height  # and page layout ask more than once)
        words = split_words(self.text.replace("\n", " "))
        room = availWidth - self.style.leftIndent
        lines: list[str] = []
        for word in words:
            trial = f"{lines[-1]} {word}" if lines else word
            if lines and self.width_of(trial) <= room:
                lines[-1] = trial
            else:
                lines.append(word)
        self.lines, self.width = lines, availWidth
        self.height = self.style.leading * len(lines)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        fit = int(availHeight // self.style.leading)
        if fit <= 0 or fit >= len(self.lines):
            return []
        return [RightToLeft(" ".join(self.lines[:fit]), self.style, self.arabic, self.lang,
                            self.bullet, self.links, self.link_colour),
                RightToLeft(" ".join(self.lines[fit:]), self.style, self.arabic, self.lang,
                            links=self.links, link_colour=self.link_colour)]  # (no label again)

    def draw(self) -> None:
        if not self.bullet:
            with tags.content(self.canv, "P", lang=self.lang):
                self._draw()
            return
        with tags.group(self.canv, "LI", within="L"):
            with tags.content(self.canv, "Lbl"):
                self._draw_bullet()
            with tags.content(self.canv, "LBody", lang=self.lang):
                self._draw()

    def _draw_bullet(self) -> None:
        style, canvas = self.style, self.canv
        font = style.bulletFontName
        size = style.bulletFontSize or style.fontSize
        width = pdfmetrics.stringWidth(self.bullet, font, size)
        canvas.saveState()
        canvas.setFont(font, size)
        canvas.setFillColor(style.bulletColor or style.textColor)
        canvas.drawString(self.width - style.bulletIndent - width, self.height - style.fontSize,
                          self.bullet)
        canvas.restoreState()

    def _draw(self) -> None:
        size = self.style.fontSize
        for n, line in enumerate(self.lines):
            y = self.height - self.style.leading * n - size
            x = self.width - self.style.leftIndent
            for run in self.segments(line):  # logical order, placed from the right leftwards
                shaped, width = self._shaped(run)
                x -= width
                pieces = self._linked(run) if self.links and not run.rtl else [(run, "")]
                if pieces == [(run, "")]:  # (no link in it)
                    self._text(shaped, x, y, self._font(run))
                    continue
                at = x
                for piece, href in pieces:  # a linked address in the link colour, underlined
                    shaped, width = self._shaped(piece)
                    self._text(shaped, at, y, self._font(piece), self.link_colour if href
                               else None)
                    if href:
                        self._link(href, at, at + width, y)
                    at += width

    def _text(self, shaped: Any, x: float, y: float, font: str, colour: Any = None) -> None:
        text = self.canv.beginText(x, y)
        text.setFont(font, self.style.fontSize)
        text.setFillColor(colour or self.style.textColor)
        text.textOut(shaped)
        self.canv.drawText(text)

    def _linked(self, run: Run) -> list[tuple[Run, str]]:
        """A left-to-right run cut where the words of `links` stand in it: (piece, address or
        '')."""
        said, rest, out = run.text.replace(NBSP, " "), run.text, []
        while rest:
            found = [(said.find(shown.replace(NBSP, " ")), len(shown), href)
                     for shown, href in self.links if shown.replace(NBSP, " ") in said]
            if not found:
                out.append((Run(rest, False), ""))
                break
            at, length, href = min(found)
            if at:
                out.append((Run(rest[:at], False), ""))
            out.append((Run(rest[at:at + length], False), href))
            said, rest = said[at + length:], rest[at + length:]
        return out

    def _link(self, href: str, start: float, end: float, y: float) -> None:
        """An underline in the link colour, and the link, under the words from `start` to
        `end` on the baseline `y`."""
        size, canvas = self.style.fontSize, self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.link_colour)
        canvas.setLineWidth(size / 20)
        canvas.line(start, y - size / 8, end, y - size / 8)
        canvas.restoreState()
        canvas.linkURL(href, (start, y - 0.25 * size, end, y + 0.85 * size), relative=1,
                       thickness=0)


def inline(text: str, arabic: str) -> str:
    """Paragraph markup for a short line (a heading, a table cell) that holds Arabic-script
    words: each such word in `arabic`, and a run of them in visual order (its words
    reversed), for a paragraph style with `shaping` on, which shapes each word with
    HarfBuzz (its letters then come out in visual order too). Lines are broken in that
    visual order, so this serves text that takes one line."""
    from packpack.core.markup import escape

    out: list[str] = []
    for run in runs(text) if scripts.is_rtl(text) else _ltr_runs(text):
        words = run.text.split(" ")
        if run.rtl:
            words = words[::-1]
        out.append(" ".join(f'<font name="{arabic}">{escape(w)}</font>'
                            if scripts.arabic_script(w) else escape(w) for w in words))
    return "".join(out[::-1] if scripts.is_rtl(text) else out)


def _ltr_runs(text: str) -> list[Run]:
    """A left-to-right line's runs: Arabic-script words (and the spaces between them) as
    right-to-left runs, the rest as it is."""
    out: list[Run] = []
    for piece in re.split(r"((?:\S*[\u0600-\u06ff]\S*)(?: +\S*[\u0600-\u06ff]\S*)*)", text):
        if piece:
            out.append(Run(piece, scripts.arabic_script(piece)))
    return out
