"""The legibility rules a plan keeps, and the issues of the text blocks that break them.

No text is smaller than 24 px on a 1080 px-wide canvas; on other canvases the minimum scales
with the width (`min_size`), because feeds show every image at the same width, so a 1600
px-wide image is shrunk 1.5 times more than a 1080 px one. Every text meets WCAG AA contrast
against what is behind it: 4.5:1, or 3:1 for large text, where "large" is WCAG's 18 pt (or
14 pt bold) measured against its 12 pt body size, i.e. 1.5 times (1.17 times bold) our
minimum size. Every character must have a glyph.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from pathlib import Path

from packpack.core import fonts
from packpack.core.colour import contrast
from packpack.plan.graphic import Issue, TextBlock

REFERENCE_WIDTH = 1080
MIN_PX = 24  # the smallest text on a REFERENCE_WIDTH-wide canvas
AA_NORMAL = 4.5
AA_LARGE = 3.0


def min_size(width: int) -> int:
    """The smallest font size allowed on a canvas this wide (24 px at 1080 px, scaled)."""
    return math.ceil(MIN_PX * width / REFERENCE_WIDTH)


def is_large(size: int, bold: bool, width: int) -> bool:
    """Whether text counts as large for WCAG contrast (18 pt, or 14 pt bold, against 12 pt)."""
    factor = 14 / 12 if bold else 18 / 12
    return size >= MIN_PX * factor * width / REFERENCE_WIDTH


_contrast = functools.lru_cache(maxsize=256)(contrast)  # a few colour pairs, every graphic


@functools.lru_cache(maxsize=1024)
def _missing(path: str, text: str) -> tuple[str, ...]:
    """The characters of a text that neither the font nor a shipped fallback draws
    (`fonts.undrawable`), remembered: the callout
    and each post's words are checked in every size."""
    return tuple(fonts.undrawable(text, fonts.cmap(Path(path))))


def issues_of(blocks: Sequence[TextBlock], width: int, colours: dict[str, str],
                bold_fonts: tuple[str, ...]) -> list[Issue]:
    """Contrast and glyph issues of the blocks on a canvas of this width."""
    names = {v.upper(): k for k, v in reversed(list(colours.items()))}
    issues = []
    for b in blocks:
        ratio = _contrast(b.colour, b.background)
        large = is_large(b.size, b.bold, width)
        need = AA_LARGE if large else AA_NORMAL
        if ratio < need - 1e-9:
            fg = names.get(b.colour.upper(), "text")
            bg = names.get(b.background.upper(), "background")
            issues.append(Issue(
                f"brand.colours.{fg}",
                f"{fg} {b.colour} on {bg} {b.background} has a contrast of {ratio:.2f}:1, "
                f"below the {need:g}:1 WCAG AA needs for {'large ' if large else ''}text",
                f"make brand.colours.{fg} or brand.colours.{bg} lighter or darker until the "
                f"contrast is at least {need:g}:1"))
        texts: dict[str, str] = {}
        for line in b.lines:
            for run in line.runs:
                texts[run.font] = texts.get(run.font, "") + run.text
        for path, used in texts.items():
            lacking = _missing(path, used)
            if not lacking:
                continue
            shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in lacking)
            face = "bold" if path in bold_fonts else "regular"
            one = len(lacking) == 1
            issues.append(Issue(
                b.field,
                f"{shown} {'has' if one else 'have'} no glyph in the {face} font "
                f"{Path(path).name} nor in packpack's fallbacks, so {'it' if one else 'they'} "
                "would show as an empty box",
                f"write {'it' if one else 'them'} another way, or use a brand.fonts.{face} "
                f"that has {'it' if one else 'them'}"))
    return issues
