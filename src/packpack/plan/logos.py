"""The logo strip: every organisation's logo at equal visual weight across its band."""

from __future__ import annotations

import math

from packpack.plan.graphic import Box, LogoBox
from packpack.spec.logos import visible


def logo_strip(logos: list[tuple[str, str]], band: Box, x0: int, x1: int,
                crops: list[tuple[int, int, int, int]] | None = None) -> list[LogoBox]:
    """Logos at equal visual weight (equal area), spread evenly across `x0`..`x1` in the band.

    Each logo's area is the same, within limits: all of them, with a clear gap between
    each, no wider than the strip; none taller than the band allows, where an unusually
    tall one (a crest: for its height, under 0.6 times as wide as the middle logo) is
    capped at that height rather than shrinking the rest.
    """
    if not logos:
        return []
    if crops is None:  # the visible part of each (given when already looked up)
        crops = [visible(path) for _, path in logos]
    aspects = [(c[2] - c[0]) / (c[3] - c[1]) for c in crops]
    tallest = band.h * 0.56
    gap = tallest * 0.5
    width = x1 - x0
    n = len(logos)
    narrowest = max(min(aspects), sorted(aspects)[n // 2] * 0.6)  # outliers aside
    area = min(tallest**2 * narrowest,
               ((width - gap * (n - 1)) / sum(math.sqrt(a) for a in aspects)) ** 2)
    heights = [max(1, math.floor(min(tallest, math.sqrt(area / a)))) for a in aspects]
    widths = [max(1, round(h * a)) for h, a in zip(heights, aspects, strict=True)]
    spare = width - sum(widths)
    spacing = min(spare / (n - 1), tallest * 2.2) if n > 1 else 0
    x = x0 + (spare - spacing * (n - 1)) / 2
    out = []
    for (name, path), w, h in zip(logos, widths, heights, strict=True):
        box = Box(round(x), band.y + (band.h - h) // 2, w, h)
        out.append(LogoBox(name, path, box))
        x += w + spacing
    return out


def band_height(logos: list[tuple[str, str]], crops: list[tuple[int, int, int, int]],
                 nominal: int, x0: int, x1: int) -> int:
    """The logo strip's height: `nominal`, or less when the logos are held back by the
    strip's width, so the band is never mostly empty."""
    strip = logo_strip(logos, Box(0, 0, x1 - x0, nominal), x0, x1, crops)
    if not strip:
        return nominal
    return min(nominal, math.ceil(max(lg.box.h for lg in strip) / 0.5))
