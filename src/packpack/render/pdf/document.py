"""Draw the stakeholder pack with ReportLab: page geometry, colours, fonts, images, decorations.

The screen edition is a plain A4 page with links and bookmarks. The print edition draws the
same A4 page offset on a larger sheet: the trim is A4, backgrounds run into a true bleed, crop
marks sit outside the bleed, and the TrimBox, BleedBox and MediaBox say where each is. No
ReportLab `bleedWidth` (it scales the content). Every colour in the print edition is CMYK.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from packpack.render.pdf import platypus  # noqa: F401 (before any of reportlab)

# isort: split

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, Paragraph
from reportlab.platypus.doctemplate import LayoutError

from packpack import __version__
from packpack.core.colour import cmyk
from packpack.core.errors import RenderError
from packpack.plan import pack
from packpack.render.pdf import images
from packpack.spec.model import Campaign

A4_W, A4_H = 210 * mm, 297 * mm
MARK_GAP = 2 * mm  # between the bleed edge and the start of a crop mark
MARK_LEN = 5 * mm
SLUG = 4 * mm  # beyond the marks, for the sheet's identification line
MARGIN = {"left": 30 * mm, "right": 30 * mm, "top": 20 * mm, "bottom": 24 * mm}
PRINT_PPI = pack.PRINT_PPI
max_pixels = pack.max_pixels

rl_config.useA85 = 0  # binary streams: ASCII85 only makes the file a quarter larger and slower


# ---------------------------------------------------------------------------------------------
# geometry


@dataclass(frozen=True)
class Geometry:
    """Where the A4 trim sits on the sheet, and how far backgrounds bleed past it."""

    variant: str
    bleed: float  # points; 0 on screen
    offset: float  # points from the sheet's edge to the trim

    @classmethod
    def of(cls, variant: str, bleed_mm: float) -> Geometry:
        """The screen edition is the trim alone; print adds bleed, marks and a slug."""
        if variant == "screen":
            return cls(variant, 0.0, 0.0)
        bleed = bleed_mm * mm
        return cls(variant, bleed, bleed + MARK_GAP + MARK_LEN + SLUG)

    @property
    def screen(self) -> bool:
        """Whether this is the on-screen edition (links, RGB)."""
        return self.variant == "screen"

    @property
    def sheet(self) -> tuple[float, float]:
        """The MediaBox size."""
        return (A4_W + 2 * self.offset, A4_H + 2 * self.offset)

    @property
    def trim(self) -> tuple[float, float, float, float]:
        """The TrimBox: the A4 page after cutting."""
        o = self.offset
        return (o, o, o + A4_W, o + A4_H)

    @property
    def bleed_box(self) -> tuple[float, float, float, float]:
        """The BleedBox: the trim grown by the bleed."""
        x0, y0, x1, y1 = self.trim
        b = self.bleed
        return (x0 - b, y0 - b, x1 + b, y1 + b)

    @property
    def text_width(self) -> float:
        """Width of the text column."""
        return A4_W - MARGIN["left"] - MARGIN["right"]

    def frame(self, top: float = MARGIN["top"], bottom: float = MARGIN["bottom"]) -> Frame:
        """The text frame, `top` points below the trim's top edge, `bottom` above its foot."""
        o = self.offset
        return Frame(o + MARGIN["left"], o + bottom, self.text_width,
                     A4_H - top - bottom, leftPadding=0, rightPadding=0,
                     topPadding=0, bottomPadding=0, id="text")


# ---------------------------------------------------------------------------------------------
# colours


@dataclass(frozen=True)
class Palette:
    """The pack's colours for one edition: RGB on screen, CMYK in print."""

    screen: bool
    brand: dict[str, str]

    def __call__(self, name: str) -> Color:
        """A named colour (brand colours plus the pack's own greys) as a ReportLab colour."""
        value = self.hex(name)
        if self.screen:
            return HexColor(value)
        if name in ("ink", "black", "callout_text"):
            return CMYKColor(0, 0, 0, 1)  # body-size text in solid black: one plate, crisp
        if name in ("muted", "rule"):
            return CMYKColor(0, 0, 0, {"muted": 0.7, "rule": 0.25}[name])
        return CMYKColor(*cmyk(value))

    def hex(self, name: str) -> str:
        """The screen colour of a name."""
        extra = {"black": "#000000", "white": "#FFFFFF", "muted": "#55505C", "rule": "#C8C2D0"}
        return extra.get(name) or self.brand[name]

    def markup(self, name: str) -> str:
        """A colour as paragraph markup accepts it."""
        c = self(name)
        if isinstance(c, CMYKColor):
            return f"cmyk({c.cyan:g},{c.magenta:g},{c.yellow:g},{c.black:g})"
        return self.hex(name)


# ---------------------------------------------------------------------------------------------
# fonts


@dataclass(frozen=True)
class Fonts:
    """ReportLab names of the registered regular and bold faces."""

    regular: str
    bold: str


def register_fonts(campaign: Campaign, variant: str) -> Fonts:
    """Register the brand's TTFs (embedded as subsets) under names tied to their bytes.

    Each edition gets its own font objects, so two editions drawn at once in two threads
    share no subsetting state.
    """
    from reportlab.lib.fonts import addMapping

    names = []
    for weight in ("regular", "bold"):
        path = campaign.file(getattr(campaign.spec.brand.fonts, weight))
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]
        name = f"pp-{digest}-{variant}"
        if name not in pdfmetrics.getRegisteredFontNames():
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except Exception as exc:  # TTFError and friends
                raise RenderError(
                    f"brand.fonts.{weight}: {path.name} cannot be embedded in the PDF ({exc}); "
                    "use a TrueType font that allows embedding") from None
        names.append(name)
    regular, bold = names
    for bold_flag, italic_flag, face in ((0, 0, regular), (1, 0, bold), (0, 1, regular),
                                         (1, 1, bold)):
        addMapping(regular, bold_flag, italic_flag, face)
    return Fonts(regular, bold)


# ---------------------------------------------------------------------------------------------
# images and codes


class Picture(Flowable):
    """An embedded image drawn at a fixed size, with an optional hairline frame."""

    def __init__(self, image: images.Embedded, width: float, height: float,
                 frame: Color | None = None):
        super().__init__()
        self.image, self.width, self.height, self.frame = image, width, height, frame

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Its fixed size."""
        return self.width, self.height

    def draw(self) -> None:
        """Draw the image (and frame)."""
        images.draw(self.canv, self.image, 0, 0, self.width, self.height)
        if self.frame is not None:
            self.canv.setStrokeColor(self.frame)
            self.canv.setLineWidth(0.5)
            self.canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)


class QRCode(Flowable):
    """A QR code drawn as vector squares (quiet zone included), linked on screen."""

    def __init__(self, modules: tuple[tuple[bool, ...], ...], size: float, url: str,
                 dark: Color, light: Color, link: bool):
        super().__init__()
        self.modules, self.size, self.url = modules, size, url
        self.dark, self.light, self.link = dark, light, link
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Its fixed size."""
        return self.size, self.size

    def draw(self) -> None:
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
    """A paragraph that keeps its line breaks for each width it is wrapped at.

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
        return super().split(availWidth, availHeight)


class Heading(Para):
    """A heading that marks its place: a bookmark, an outline entry, and its page in `pages`."""

    def __init__(self, text: str, style, level: int, key: str, outline: str,
                 pages: dict[str, int]):
        super().__init__(text, style)
        self.level, self.key, self.outline, self.pages = level, key, outline, pages

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
                 number_width: float = 12 * mm):
        super().__init__()
        self.key, self.style, self.leaders, self.link = key, style, leaders, link
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
        """Words, leaders from the end of the last line, the number form, the link."""
        c = self.canv
        self.para.drawOn(c, 0, 0)
        baseline = self.style.leading - self.style.fontSize
        if self.leaders:
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
            c.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)


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
        canvas.saveState()
        canvas.setFillColor(self.band)
        canvas.rect(x0 - g.bleed, y, (x1 - x0) + 2 * g.bleed, y1 + g.bleed - y, stroke=0, fill=1)
        canvas.restoreState()
        super().drawOn(canvas, x, y + self.pad, _sW)

    def split(self, available_width: float, available_height: float) -> list:
        """A chapter title is never split."""
        return []


# ---------------------------------------------------------------------------------------------
# the document


def sheet_marks(canvas: Canvas, g: Geometry, label: str, font: str) -> None:
    """Crop marks outside the bleed (in registration colour) and an identification line."""
    x0, y0, x1, y1 = g.trim
    near = g.bleed + MARK_GAP
    far = near + MARK_LEN
    canvas.saveState()
    canvas.setStrokeColor(CMYKColor(1, 1, 1, 1))
    canvas.setLineWidth(0.25)
    for x in (x0, x1):
        for y, sign in ((y0, -1), (y1, 1)):
            canvas.line(x, y + sign * near, x, y + sign * far)
    for y in (y0, y1):
        for x, sign in ((x0, -1), (x1, 1)):
            canvas.line(x + sign * near, y, x + sign * far, y)
    canvas.setFillColor(CMYKColor(0, 0, 0, 1))
    canvas.setFont(font, 6)
    canvas.drawString(x0 + far, y0 - far, label)
    canvas.restoreState()


class _Sink:
    """Where a PDF is saved when no file is given: the pieces as written (a BytesIO would
    hold a second and third copy of them), joined once at the end."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        """Keep what is written."""
        if data:
            self.parts.append(bytes(data))

    @property
    def data(self) -> bytes:
        """Everything written."""
        return self.parts[0] if len(self.parts) == 1 else b"".join(self.parts)


class _Streaming(pdfdoc.PDFFile):
    """ReportLab's collector of a PDF's pieces, passing each on to `_Streaming.out` as it is
    formatted: ReportLab keeps every piece and joins them at the end, so that a pack of
    hundreds of graphics is held twice over (tens of megabytes) just as it is saved."""

    out: Callable[[bytes], object] | None = None  # set while a PDF is saved (see _streamed)

    def __init__(self, pdfVersion: tuple[int, int] = pdfdoc.PDF_VERSION_DEFAULT):
        super().__init__(pdfVersion)  # (which writes the header among its own pieces)
        assert _Streaming.out is not None
        for piece in self.strings:
            _Streaming.out(piece)
        self.strings = []  # so that `format` joins nothing
        self.write = _Streaming.out


_SAVING = threading.Lock()  # one PDF saved at a time per process, as `_Streaming` is shared


def _streamed(canvas: Canvas, write: Callable[[bytes], object]) -> None:
    """Save the canvas's PDF, writing its pieces to `write` as they are made."""
    with _SAVING:
        _Streaming.out, original = write, pdfdoc.PDFFile
        pdfdoc.PDFFile = _Streaming  # what ReportLab's PDFDocument.format collects into
        try:
            canvas.save()
        finally:
            pdfdoc.PDFFile, _Streaming.out = original, None


def render(campaign: Campaign, variant: str, graphics: Mapping[str, bytes],
           memo: images.Memo | None = None, out: BinaryIO | None = None) -> bytes | None:
    """The pack's PDF bytes for one edition, or None once written to `out` (piece by piece);
    `graphics` maps post id to its PNG bytes, `memo` (the build context's) keeps the images
    made ready for the PDF between builds."""
    from packpack.render.pdf import content

    spec = campaign.spec
    g = Geometry.of(variant, spec.pack.bleed_mm)
    fonts = register_fonts(campaign, variant)
    palette = Palette(g.screen, {
        "background": spec.brand.colours.background, "accent": spec.brand.colours.accent,
        "callout": spec.brand.colours.callout, "callout_text": spec.brand.colours.callout_text,
        "ink": spec.brand.colours.ink, "band": spec.brand.colours.band})
    page = content.Pages(campaign, g, fonts, palette, graphics, memo)
    with images.reusing_memory():  # the story embeds every graphic, one after another
        story = page.story()

    title = f"{spec.campaign.title}: {spec.campaign.subtitle}" if spec.campaign.subtitle \
        else spec.campaign.title
    sink = _Sink()
    doc = BaseDocTemplate(
        out or sink, pagesize=g.sheet, title=title,
        author=spec.pack.author or spec.campaign.organiser,
        subject=spec.pack.subject, keywords=list(spec.pack.keywords),
        creator=f"packpack {__version__}", invariant=1, pageCompression=1,
        lang=spec.campaign.language, displayDocTitle=1, initialFontName=fonts.regular,
        initialFontSize=10, initialLeading=12,
        pageTemplates=page.templates(), allowSplitting=1)
    doc._doSave = 0  # the page numbers of the contents are added before saving
    try:
        doc.build(story)
    except LayoutError:
        raise RenderError(f"the stakeholder pack ({variant}): a block on page {doc.page} is "
                          "taller than a page; split the long caption, alt text or description "
                          "there into paragraphs, or shorten it") from None
    if g.screen:
        doc.canv.showOutline()
    page.finish(doc.canv)
    _streamed(doc.canv, (out or sink).write)
    return None if out else sink.data
