"""The logo strip: every organisation's logo at equal visual weight across its band."""

from __future__ import annotations

import math

from packpack.plan.graphic import Box, Issue, LogoBox
from packpack.spec.logos import ink, visible

TALLEST = 0.56  # of the band: the height of an ordinary logo at most
TALL_STRETCH = 1.43  # a tall logo (a crest, a stacked lockup) may stand this much taller
LEGIBLE = 0.28  # of the band: a logo is drawn no lower, whatever its weight
OUTLIER = 0.5  # a logo that reaches under this share of the middle one's weight is let be
LEAST_INK = 0.12  # a logo's ink share is counted at least this (hairlines would grow forever)


def logo_strip(logos: list[tuple[str, str]], band: Box, x0: int, x1: int,
               crops: list[tuple[int, int, int, int]] | None = None) -> list[LogoBox]:
    """Logos at equal visual weight, spread evenly across `x0`..`x1` in the band.

    A logo's visual weight is its ink: its area times the share of it that carries ink
    (`spec.logos.ink`), so a wordmark's thin letters stand larger than a solid crest. The
    weight all share is the most the lightest can reach at its tallest (a tall one may stand
    taller than the rest, up to 0.8 of the band), unless that is under half what the middle
    logo reaches: such an outlier stays at its tallest rather than shrinking the rest. None is
    drawn lower than a legible minimum (a very wide wordmark stays readable). All of them,
    with a clear gap between each, fit the strip.
    """
    if not logos:
        return []
    if crops is None:  # the visible part of each (given when already looked up)
        crops = [visible(path) for _, path in logos]
    aspects = [(c[2] - c[0]) / (c[3] - c[1]) for c in crops]
    shares = [max(LEAST_INK, ink(path)) for _, path in logos]
    per_height = [s * a for s, a in zip(shares, aspects, strict=True)]  # weight / height²
    caps = [band.h * TALLEST * min(TALL_STRETCH, max(1.0, 1 / math.sqrt(a))) for a in aspects]
    reach = sorted(k * cap**2 for k, cap in zip(per_height, caps, strict=True))
    weight = max(reach[0], OUTLIER * reach[(len(reach) - 1) // 2])
    heights = [max(band.h * LEGIBLE, min(cap, math.sqrt(weight / k)))
               for k, cap in zip(per_height, caps, strict=True)]
    gap = band.h * TALLEST * 0.5
    width = x1 - x0
    n = len(logos)
    room = width - gap * (n - 1)
    wanted = sum(h * a for h, a in zip(heights, aspects, strict=True))
    if wanted > room:  # all shrink alike to fit the strip
        heights = [h * room / wanted for h in heights]
    heights = [max(1, math.floor(h)) for h in heights]
    widths = [max(1, round(h * a)) for h, a in zip(heights, aspects, strict=True)]
    spare = width - sum(widths)
    spacing = min(spare / (n - 1), band.h * TALLEST * 2.2) if n > 1 else 0
    x = x0 + (spare - spacing * (n - 1)) / 2
    out = []
    for (name, path), w, h in zip(logos, widths, heights, strict=True):
        box = Box(round(x), band.y + (band.h - h) // 2, w, h)
        out.append(LogoBox(name, path, box))
        x += w + spacing
    return out


LIGHT = 0.5  # a logo under this share of the heaviest's weight looks lesser beside it


def weights(strip: list[LogoBox]) -> list[float]:
    """The visual weight (ink area, px²) of each logo as a strip places it."""
    return [lg.box.w * lg.box.h * max(LEAST_INK, ink(lg.file)) for lg in strip]


def light_logos(strip: list[LogoBox], ids: dict[str, str]) -> list[Issue]:
    """A warning for each logo whose shape leaves it under half the visual weight of the
    heaviest in its strip (`ids`: organisation name -> id, to name the field)."""
    if len(strip) < 2:
        return []
    weight = weights(strip)
    heaviest = strip[weight.index(max(weight))]
    out = []
    for logo, w in zip(strip, weight, strict=True):
        if w >= LIGHT * max(weight):
            continue
        box = logo.box
        shape = "tall" if box.h > box.w * 1.2 else "square" if box.h * 1.2 >= box.w else "wide"
        out.append(Issue(
            f"organisations.{ids.get(logo.name, logo.name)}.logo",
            f"{logo.name}'s {shape} logo has under half the visual weight of "
            f"{heaviest.name}'s beside it in the logo strip, as large as the strip lets it be",
            "a version of the logo whose shape is closer to the others' (for a tall or "
            "stacked mark, its horizontal lockup) would stand level with them", warning=True))
    return out


def band_height(logos: list[tuple[str, str]], crops: list[tuple[int, int, int, int]],
                 nominal: int, x0: int, x1: int) -> int:
    """The logo strip's height: `nominal`, or less when the logos are held back by the
    strip's width, so the band is never mostly empty."""
    strip = logo_strip(logos, Box(0, 0, x1 - x0, nominal), x0, x1, crops)
    if not strip:
        return nominal
    return min(nominal, math.ceil(max(lg.box.h for lg in strip) / 0.5))
