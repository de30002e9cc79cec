"""The stakeholder pack's numbers and words that other stages share: its editions, which size
of each post's graphic it places, how wide, and at what resolution; how its dates, phone
labels and prose read (the PDF and the HTML edition say them alike)."""

from __future__ import annotations

import datetime as dt
import re

from packpack.core.dates import MONTHS, WEEKDAYS
from packpack.core.nobreak import together
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


def day(d: dt.date, year: bool = True) -> str:
    """'Thursday 24 April 2025': the weekday always derived from the date."""
    return together(f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]}"
                    + (f" {d.year}" if year else ""))


def day_range(start: dt.date, end: dt.date | None) -> str:
    """One day, or 'Tuesday 22 April to Friday 25 April 2025'."""
    if end is None or end == start:
        return day(start)
    return f"{day(start, year=start.year != end.year)} to {day(end)}"


def short_range(start: dt.date, end: dt.date) -> str:
    """'22–25 April 2025' for the cover."""
    if (start.year, start.month) == (end.year, end.month):
        return together(f"{start.day}–{end.day} {MONTHS[end.month - 1]} {end.year}")
    return together(f"{start.day} {MONTHS[start.month - 1]} – {end.day} "
                    f"{MONTHS[end.month - 1]} {end.year}")


def phone_note(label: str, name: str) -> str:
    """What a phone's label adds to its service's name ('non-emergency'), or ''."""
    if label.lower() in name.lower():
        return ""
    if label.lower().startswith(name.lower()):
        label = label[len(name):].strip(" ,–-")
        if label.startswith("(") and label.endswith(")"):
            label = label[1:-1]
    return label


def paragraphs(source: str) -> list[str]:
    """Prose split at blank lines; single line breaks stay inside a paragraph."""
    return [p.strip() for p in re.split(r"\n\s*\n", source) if p.strip()]
