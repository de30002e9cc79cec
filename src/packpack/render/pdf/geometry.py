"""Where things go on a pack's page: the A4 trim, the print edition's bleed, crop marks and
slug on a larger sheet, the text frame. No ReportLab `bleedWidth` (it scales the content)."""

from __future__ import annotations

from dataclasses import dataclass

from packpack.render.pdf import platypus  # noqa: F401 (before any of reportlab)

# isort: split

from reportlab.lib.colors import CMYKColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame

A4_W, A4_H = 210 * mm, 297 * mm
MARK_GAP = 2 * mm  # between the bleed edge and the start of a crop mark
MARK_LEN = 5 * mm
SLUG = 4 * mm  # beyond the marks, for the sheet's identification line
MARGIN = {"left": 30 * mm, "right": 30 * mm, "top": 20 * mm, "bottom": 24 * mm}


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
