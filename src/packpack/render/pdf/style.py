"""The pack's colours and fonts for one edition: RGB on screen, CMYK in print; the brand's
TrueType fonts registered with ReportLab (embedded as subsets)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from packpack.render.pdf import platypus  # noqa: F401 (before any of reportlab)

# isort: split

from reportlab.lib.colors import CMYKColor, Color, HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from packpack.core.colour import cmyk, luminance
from packpack.core.errors import RenderError
from packpack.spec.model import Campaign


@dataclass(frozen=True)
class Palette:
    """The pack's colours for one edition: RGB on screen, CMYK in print.

    `colours` maps each role of `plan.palette` (and the brand's decorative `accent` and
    `band`) to #RRGGBB."""

    screen: bool
    colours: dict[str, str]

    def __call__(self, name: str) -> Color:
        """A named colour (a role, or one of the pack's greys) as a ReportLab colour."""
        value = self.hex(name)
        if self.screen:
            return HexColor(value)
        if name in ("ink", "black") or (name == "panel_text" and luminance(value)
                                         < luminance(self.hex("panel"))):
            return CMYKColor(0, 0, 0, 1)  # body-size text on light ground: one plate, crisp
        if name in ("muted", "rule"):
            return CMYKColor(0, 0, 0, {"muted": 0.7, "rule": 0.25}[name])
        return CMYKColor(*cmyk(value))

    def hex(self, name: str) -> str:
        """The screen colour of a name."""
        extra = {"black": "#000000", "white": "#FFFFFF", "muted": "#55505C", "rule": "#C8C2D0"}
        return extra.get(name) or self.colours[name]

    def markup(self, name: str) -> str:
        """A colour as paragraph markup accepts it."""
        c = self(name)
        if isinstance(c, CMYKColor):
            return f"cmyk({c.cyan:g},{c.magenta:g},{c.yellow:g},{c.black:g})"
        return self.hex(name)


# ---------------------------------------------------------------------------------------------
# fonts

@dataclass(frozen=True)
class Faces:
    """ReportLab names of the registered regular and bold faces."""

    regular: str
    bold: str

def register_fonts(campaign: Campaign, variant: str) -> Faces:
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
    return Faces(regular, bold)


# ---------------------------------------------------------------------------------------------
# images and codes
