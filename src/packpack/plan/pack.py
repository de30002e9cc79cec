"""The stakeholder pack's numbers that other stages share: its editions, which size of each
post's graphic it places, how wide, and at what resolution."""

from __future__ import annotations

from packpack.spec.model import Campaign

VARIANTS = ("screen", "print")
PREFERRED_SIZE = "instagram-square"  # one shape for every post keeps the pages alike
PRINT_PPI = 300
GRAPHIC_MM = 80  # printed width of a post's graphic: 1080 px is 343 ppi at this size
POINTS_PER_MM = 72 / 25.4


def graphic_size(campaign: Campaign) -> str:
    """The size each post's graphic is placed from: square if rendered, else the largest."""
    sizes = campaign.target_sizes
    if PREFERRED_SIZE in sizes:
        return PREFERRED_SIZE
    return max(sizes, key=lambda s: (campaign.sizes[s].width * campaign.sizes[s].height, s))


def max_pixels(width_pt: float) -> int:
    """The most pixels across worth embedding for a printed width (2 x 300 ppi)."""
    return round(width_pt / 72 * PRINT_PPI * 2)


def graphic_width(campaign: Campaign) -> float:
    """How wide (in points) each post's graphic is placed: GRAPHIC_MM, or less if that would
    print it under 300 ppi."""
    size = campaign.sizes[graphic_size(campaign)]
    return min(GRAPHIC_MM * POINTS_PER_MM, size.width / PRINT_PPI * 72)
