"""The stakeholder pack's numbers and words that other stages share: its editions, which size
of each post's graphic it places, how wide, and at what resolution; how its dates, phone
labels and prose read (the PDF and the HTML edition say them alike)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from packpack.core import markup
from packpack.core.dates import MONTHS, WEEKDAYS
from packpack.core.nobreak import together
from packpack.core.web import display_url
from packpack.spec.model import Campaign, Resource, Spec

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


@dataclass(frozen=True)
class Row:
    """One row of a table of labels and values (a service's contacts, the campaign overview,
    an event's details), as plain values that each edition (PDF, HTML) renders in its own
    markup: linked to `href` where it has one, else its lines as they are."""

    label: str  # Phone, Hours, Email, Web; Format, When...
    lines: tuple[str, ...]  # the number, the hours, the address, the link shown, the words
    href: str = ""  # tel:, mailto: or the web address ('' for hours, or an address to follow)
    note: str = ""  # after a phone number: what it is, free, its hours
    to_follow: bool = False  # a web link whose address is not known yet (`lines`: its title)


def contacts(spec: Spec, r: Resource) -> list[Row]:
    """A service's contact rows: phones (with what the label adds), hours, emails, links
    (a link without an address that the prose already names is left out)."""
    rows = []
    for pid in r.phones:
        phone = spec.phones[pid]
        extra = [x for x in (phone_note(phone.label, r.name),
                             "free" if phone.free and "free" not in phone.label.lower() else "",
                             phone.hours if not r.hours
                             and phone.hours.lower() not in phone.label.lower() else "")
                 if x]
        rows.append(Row("Phone", (phone.number,), phone.tel,
                            " – " + ", ".join(extra) if extra else ""))
    if r.hours:
        rows.append(Row("Hours", tuple(r.hours)))
    rows += [Row("Email", (m,), f"mailto:{m}") for m in r.emails]
    said = {ref for source in (r.summary, *r.notes) for kind, ref in markup.references(source)
            if kind == "link"}
    for lid in r.links:
        link = spec.links[lid]
        if link.url is None and lid in said:
            continue  # its title is already in the prose; no address to add
        rows.append(Row("Web", (display_url(link.url),), link.url) if link.url
                    else Row("Web", (link.title,), to_follow=True))
    return rows


def paragraphs(source: str) -> list[str]:
    """Prose split at blank lines; single line breaks stay inside a paragraph."""
    return [p.strip() for p in re.split(r"\n\s*\n", source) if p.strip()]
