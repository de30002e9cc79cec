"""The pack's colours and fonts for one edition: RGB on screen, CMYK in print; the brand's
TrueType fonts registered with ReportLab (embedded as subsets)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path

from packpack.render.pdf import (
    platypus,  # noqa: F401 (before any of reportlab)
    tounicode,  # noqa: F401 (emoji copied out of the PDF)
)

# isort: split

from reportlab.lib.colors import CMYKColor, Color, HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from packpack.core import fonts
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


@dataclass(frozen=True)
class _Cover:
    """What a registered brand face draws itself, and where its fallbacks are registered."""

    glyphs: frozenset[int]
    ascii: bool  # whether it draws every printable ASCII character (most text needs no more)
    weight: str  # regular or bold
    variant: str


_COVERS: dict[str, _Cover] = {}  # brand face name -> its cover
_ASCII = frozenset(range(0x20, 0x7F))


def register_fonts(campaign: Campaign, variant: str) -> Faces:
    """Register the brand's TTFs (embedded as subsets) under names tied to their bytes.

    Each edition gets its own font objects, so two editions drawn at once in two threads
    share no subsetting state. The fallback fonts are registered when first needed
    (`covered`).
    """
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
            glyphs = fonts.cmap(Path(path))
            _COVERS[name] = _Cover(glyphs, glyphs >= _ASCII, weight, variant)
        names.append(name)
    regular, bold = names
    _family(regular, bold)
    return Faces(regular, bold)


def _family(regular: str, bold: str) -> None:
    """Tell ReportLab which face is the bold of which (for <b> in paragraphs)."""
    from reportlab.lib.fonts import addMapping

    for bold_flag, italic_flag, face in ((0, 0, regular), (1, 0, bold), (0, 1, regular),
                                         (1, 1, bold)):
        addMapping(regular, bold_flag, italic_flag, face)


def _fallback(kind: str, weight: str, variant: str) -> str:
    """The registered name of a shipped fallback face (registering it on first use)."""
    name = f"pp-{kind}-{weight}-{variant}"
    if name not in pdfmetrics.getRegisteredFontNames():
        if kind == "emoji":
            pdfmetrics.registerFont(TTFont(name, str(fonts.EMOJI)))
        else:
            files = fonts.ARABIC if kind == "arabic" else fonts.FALLBACK
            for w in ("regular", "bold"):
                pdfmetrics.registerFont(TTFont(f"pp-{kind}-{w}-{variant}", str(files[w])))
            _family(f"pp-{kind}-regular-{variant}", f"pp-{kind}-bold-{variant}")
    return name


def arabic_face(face: str, weight: str) -> str:
    """The registered name of the shipped Arabic-script face of a weight, paired with a
    registered brand face (the same name `covered` sets its Arabic-script runs in)."""
    return _fallback("arabic", weight, _COVERS[face].variant)


def covered(markup: str, face: str) -> str:
    """Paragraph markup with each run of characters that the brand `face` cannot draw set in
    the shipped fallback that can (letters in Noto Sans, emoji in Symbola); invisible
    joiners and selectors of emoji sequences are left out. Tags are left alone."""
    cover = _COVERS.get(face)
    if cover is None or (cover.ascii and markup.isascii()):
        return markup
    out: list[str] = []
    current, run = "brand", []
    in_tag = False

    def flush() -> None:
        text = "".join(run)
        if current in ("fallback", "arabic", "emoji") and text:
            name = _fallback(current, "regular" if current == "emoji" else cover.weight,
                             cover.variant)
            text = f'<font face="{name}">{text}</font>'
        out.append(text)
        run.clear()

    for ch in markup:
        if in_tag or ch == "<":
            in_tag = ch != ">"
            kind = "brand"  # tags pass through unchanged
        else:
            kind = fonts.source(ord(ch), cover.glyphs) if not ch.isspace() else "brand"
            if kind == "none":
                continue
            kind = kind or "brand"  # no font has it: `check` reports it before any build
        if kind != current:
            flush()
            current = kind
        run.append(ch)
    flush()
    return "".join(out)


def draw_string(canvas, x: float, y: float, text: str, face: str, size: float) -> None:
    """`canvas.drawString` with the fallbacks of `covered`: each run in the face that has it."""
    import re

    runs = re.findall(r'<font face="([^"]+)">([^<]*)</font>|([^<]+)',
                      covered(escape(text), face))
    for name, inside, outside in runs:
        run, font = unescape(inside or outside), name or face
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, font, size)


# ---------------------------------------------------------------------------------------------
# images and codes
