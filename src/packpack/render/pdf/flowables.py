"""The pack's own flowables: pictures and QR codes at fixed sizes, paragraphs that keep their
line breaks, headings that bookmark themselves, contents lines with page numbers filled in
after the last page, and chapter titles on a band that bleeds off the page. Each one tags
what it draws as it draws it (see `tags`): paragraphs, headings, list items, figures with
their alternative text, links, and decoration as artifacts."""

from __future__ import annotations

import copy
import itertools

from packpack.render.pdf import platypus  # noqa: F401 (before any of reportlab)

# isort: split

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from packpack.render.pdf import images, tags
from packpack.render.pdf.geometry import Geometry
from packpack.render.pdf.style import covered


class Figure(Flowable):
    """An embedded image drawn at a fixed size, with an optional hairline frame; tagged as a
    figure with its alternative text (`alt`, in language `lang` if not the document's)."""

    def __init__(self, image: images.Embedded, width: float, height: float,
                 frame: Color | None = None, alt: str = "", lang: str = ""):
        super().__init__()
        self.image, self.width, self.height, self.frame = image, width, height, frame
        self.alt, self.lang = alt, lang

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Its fixed size."""
        return self.width, self.height

    def draw(self) -> None:
        """Draw the image (and frame)."""
        with tags.content(self.canv, "Figure", alt=self.alt, lang=self.lang):
            images.draw(self.canv, self.image, 0, 0, self.width, self.height)
        if self.frame is not None:
            with tags.artifact(self.canv):
                self.canv.setStrokeColor(self.frame)
                self.canv.setLineWidth(0.5)
                self.canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)

class Placed(Flowable):
    """Something drawn at its own place on the page (`draw(canvas)`, in page coordinates)
    when the story reaches it: it takes no room, and comes in the reading order there."""

    def __init__(self, draw):
        super().__init__()
        self.paint = draw

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """No room."""
        return 0, 0

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        """Draw in page coordinates."""
        self.paint(canvas)

class QRCode(Flowable):
    """A QR code drawn as vector squares (quiet zone included), linked on screen; tagged as a
    figure described by `alt`."""

    def __init__(self, modules: tuple[tuple[bool, ...], ...], size: float, url: str,
                 dark: Color, light: Color, link: bool, alt: str):
        super().__init__()
        self.modules, self.size, self.url, self.alt = modules, size, url, alt
        self.dark, self.light, self.link = dark, light, link
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Its fixed size."""
        return self.size, self.size

    def draw(self) -> None:
        """A link holding the code's figure, described by `alt` (what it opens)."""
        with tags.group(self.canv, "Link"), tags.content(self.canv, "Figure", alt=self.alt):
            self._draw()

    def _draw(self) -> None:
        """One rectangle per horizontal run of dark modules, on a light square."""
        c = self.canv
        n = len(self.modules)
        unit = self.size / n
        c.setFillColor(self.light)
        c.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        c.setFillColor(self.dark)
        path = c.beginPath()
        for row_index, row in enumerate(self.modules):
            y = self.size - (row_index + 1) * unit
            for dark, run in itertools.groupby(enumerate(row), key=lambda m: m[1]):
                cells = list(run)
                if dark:
                    path.rect(cells[0][0] * unit, y, len(cells) * unit, unit)
        c.drawPath(path, stroke=0, fill=1)
        if self.link:
            c.linkURL(self.url, (0, 0, self.size, self.size), relative=1, thickness=0)

class Para(Paragraph):
    """A paragraph that keeps its line breaks for each width it is wrapped at; tagged as a
    paragraph (`role`), or a list item when it has a bullet, in language `lang` if set.

    Tables measure their rows, try a split and wrap again to draw, and KeepTogether measures
    its content before the frame wraps it again: each paragraph is wrapped two to four times
    at one width, and breaking the lines is most of the pack's layout time. The result only
    depends on the width: the text and style never change, and a split makes new paragraphs.

    `copy()` gives another paragraph with the same words that shares the parsing and the line
    breaks (text repeated on every post's page); a copy that has to split is given lines of
    its own first, as ReportLab's split changes the words it splits.
    """

    _STATE = ("width", "height", "blPara", "frags", "_wrapWidths", "_width_max",
              "_splitLongWordCount", "_hyphenations")
    role = "P"
    lang = ""

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        """Draw it as its structure element: a list item is a label (the bullet), then a body."""
        if self.bulletText:
            with tags.group(canvas, "LI", within="L"), tags.content(canvas, "Lbl"):
                super().drawOn(canvas, x, y, _sW)
        else:
            with tags.content(canvas, self.role, lang=self.lang):
                super().drawOn(canvas, x, y, _sW)

    def __init__(self, text: str | None, style, *args, **kwargs) -> None:
        """As `Paragraph`, with characters the brand font lacks set in a fallback font (a
        split passes no text, only the words already parsed)."""
        super().__init__(text if text is None else covered(text, style.fontName), style,
                         *args, **kwargs)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """As `Paragraph.wrap`, once per width."""
        broken = self.__dict__.setdefault("_broken", {})
        state = broken.get(availWidth)
        if state is None:
            size = super().wrap(availWidth, availHeight)
            if "blPara" in self.__dict__:
                broken[availWidth] = {k: self.__dict__[k] for k in self._STATE
                                      if k in self.__dict__}
            return size
        self.__dict__.update(state)
        return self.width, self.height

    def copy(self) -> Para:
        """The same paragraph again, sharing its parsed words and line breaks."""
        self.__dict__.setdefault("_broken", {})
        twin = copy.copy(self)
        twin._shared = self._shared = True
        return twin

    def split(self, availWidth: float, availHeight: float) -> list:
        """As `Paragraph.split`; a shared paragraph takes its own copy of the words first."""
        if self.__dict__.get("_shared"):
            self.wrap(availWidth, availHeight)
            self.frags, self.blPara = copy.deepcopy((self.frags, self.blPara))
            self._broken, self._shared = {}, False
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.role, part.lang = self.role, self.lang
        return parts

class Heading(Para):
    """A heading that marks its place: a bookmark, an outline entry, and its page in `pages`."""

    def __init__(self, text: str, style, level: int, key: str, outline: str,
                 pages: dict[str, int]):
        super().__init__(text, style)
        self.level, self.key, self.outline, self.pages = level, key, outline, pages
        self.role = f"H{min(level + 1, 3)}"  # chapters H1, sections H2, sub-sections H3

    def draw(self) -> None:
        """Draw the words, then bookmark the top of the heading."""
        super().draw()
        self.canv.bookmarkHorizontal(self.key, 0, self.height + 6)
        self.canv.addOutlineEntry(self.outline, self.key, self.level, closed=self.level >= 1)
        self.pages[self.key] = self.canv.getPageNumber()

def page_number_form(key: str) -> str:
    """The name of the form that holds a heading's page number, drawn once the pages are known."""
    return f"pageof-{key}"

class ContentsLine(Flowable):
    """One line of the contents: the heading's words, dot leaders, its page number, a link.

    The page number is a form XObject referred to now and defined after the last page
    (`define_page_numbers`), so the contents need a single layout pass.
    """

    def __init__(self, markup: str, key: str, style, leaders: bool, link: bool,
                 number_width: float = 12 * mm, title: str = ""):
        super().__init__()
        self.key, self.style, self.leaders, self.link = key, style, leaders, link
        self.title = title  # the heading's words, for the link's description
        self.number_width = number_width
        self.para = Para(markup, style)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """The words wrap short of the page-number column."""
        self.width = available_width
        _, h = self.para.wrap(available_width - self.number_width, available_height)
        self.height = h
        return available_width, h

    def getSpaceBefore(self) -> float:
        """The style's space before."""
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:
        """The style's space after."""
        return self.style.spaceAfter

    def draw(self) -> None:
        """An entry of the contents: a link to the heading (words, leaders, page number)."""
        with tags.group(self.canv, "TOCI", within="TOC"), tags.content(self.canv, "Link"):
            self._draw()

    def _draw(self) -> None:
        c = self.canv
        Paragraph.drawOn(self.para, c, 0, 0)  # (words of the link: not a paragraph of its own)
        baseline = self.style.leading - self.style.fontSize
        if self.leaders and self.para.blPara.lines:  # (no words, no leaders)
            line = self.para.blPara.lines[-1]
            extra = line[0] if isinstance(line, tuple) else line.extraSpace
            end = self.style.leftIndent + (self.width - self.number_width
                                           - self.style.leftIndent - extra)
            c.saveState()
            c.setStrokeColor(self.style.textColor)
            c.setLineWidth(0.9)
            c.setLineCap(1)
            c.setDash(0.01, 3.2)
            c.line(end + 5, baseline + 1, self.width - self.number_width + 4, baseline + 1)
            c.restoreState()
        c.saveState()
        c.translate(self.width, baseline)
        c.doForm(page_number_form(self.key))
        c.restoreState()
        if self.link:
            c.linkRect(f"Go to {self.title}", self.key, (0, 0, self.width, self.height),
                       relative=1, thickness=0)

def define_page_numbers(canvas: Canvas, pages: dict[str, int],
                        styles: dict[str, tuple[str, float, Color]]) -> None:
    """Define the page-number form (right-aligned at its origin) of each heading in `styles`."""
    for key, (font, size, colour) in sorted(styles.items()):
        page = pages.get(key, 0)
        canvas.beginForm(page_number_form(key), lowerx=-20 * mm, lowery=-size,
                         upperx=1, uppery=2 * size)
        canvas.setFont(font, size)
        canvas.setFillColor(colour)
        canvas.drawRightString(0, 0, str(page))
        canvas.endForm()

class ChapterHeading(Heading):
    """A chapter's title, white on a brand-coloured band that runs off the top of the page."""

    def __init__(self, text: str, style, key: str, outline: str, pages: dict[str, int],
                 geometry: Geometry, band: Color, pad: float = 9 * mm):
        super().__init__(text, style, 0, key, outline, pages)
        self.geometry, self.band, self.pad = geometry, band, pad

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """The title's height plus the band's padding below it."""
        w, h = super().wrap(available_width, available_height)
        return w, h + self.pad

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        """Paint the band from below the title to past the top and side edges, then the title."""
        g = self.geometry
        x0, _, x1, y1 = g.trim
        with tags.artifact(canvas):
            canvas.saveState()
            canvas.setFillColor(self.band)
            canvas.rect(x0 - g.bleed, y, (x1 - x0) + 2 * g.bleed, y1 + g.bleed - y, stroke=0,
                        fill=1)
            canvas.restoreState()
        super().drawOn(canvas, x, y + self.pad, _sW)

    def split(self, available_width: float, available_height: float) -> list:
        """A chapter title is never split."""
        return []


# ---------------------------------------------------------------------------------------------
# the document
