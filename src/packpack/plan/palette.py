"""The pack's colours, derived from the brand so that every piece of text reads (WCAG AA).

The stakeholder pack (both PDF editions) and the bundle's page print text on a few grounds:
white paper, the brand's cover and chapter bands, and the caption panel. Each role below
names a colour and the ground it is printed on. A role takes the spec's own value
(`pack.colours`) if given, else the first brand colour that reads on its ground, else black
or white, whichever reads better (one of them always reaches 4.5:1). Only a colour the spec
sets in `pack.colours` can fail; `problems` names each such pair for `check`.
"""

from __future__ import annotations

from dataclasses import dataclass

from packpack.core.colour import contrast
from packpack.spec.model import Colours, PackColours

PAPER = "#FFFFFF"
AA = 4.5  # body text; 3:1 is enough for large text (18 pt, or 14 pt bold), not relied on


@dataclass(frozen=True)
class Role:
    """A pack colour (each but panel_link is a field of `pack.colours`, which says what it is
    for): the ground it is printed on, and the brand colours tried for it."""

    ground: str  # another role's name, or 'paper'
    candidates: tuple[str, ...]  # brand colour names, in order of preference
    minimum: float = AA


# In order: a role's ground is always decided before the role itself.
ROLES: dict[str, Role] = {
    "cover": Role("", ("background",), 1.0),
    "cover_text": Role("cover", ("text",)),
    "cover_accent": Role("cover", ("accent", "text")),
    "ink": Role("paper", ("ink",)),
    "heading": Role("paper", ("background", "text", "ink")),
    "link": Role("paper", ("background", "text", "ink")),
    "panel": Role("", ("callout",), 1.0),
    "panel_text": Role("panel", ("callout_text",)),
    # links and phone numbers on the caption and callout panels
    "panel_link": Role("panel", ("background", "callout_text")),
}
TINT = 0.08  # of the heading colour on paper: a table's label column when the panel is dark


def _readable(ground: str) -> str:
    """Black or white, whichever reads better on a ground."""
    return "#000000" if contrast("#000000", ground) >= contrast(PAPER, ground) else PAPER


def derive(brand: Colours, chosen: PackColours | None = None) -> dict[str, str]:
    """Every role's colour as #RRGGBB (and 'paper')."""
    out = {"paper": PAPER}
    for name, role in ROLES.items():
        own = getattr(chosen, name, None) if chosen else None
        if own:
            out[name] = own
            continue
        ground = out.get(role.ground, "")
        tried = [getattr(brand, c) for c in role.candidates]
        if not ground:
            out[name] = tried[0]
            continue
        out[name] = next((c for c in tried if contrast(c, ground) >= role.minimum),
                         _readable(ground))
    out["tint"] = _tint(out)
    return out


def _tint(colours: dict[str, str]) -> str:
    """The ground of tables' label column and header row: the panel where body text and
    headings read on it, else a pale tint of the heading colour (else paper)."""
    def reads(ground: str) -> bool:
        return all(contrast(colours[r], ground) >= AA for r in ("ink", "heading"))

    if reads(colours["panel"]):
        return colours["panel"]
    mixed = "#" + "".join(
        f"{round(int(colours['heading'][i:i + 2], 16) * TINT + 255 * (1 - TINT)):02X}"
        for i in (1, 3, 5))
    return mixed if reads(mixed) else PAPER


def problems(brand: Colours, chosen: PackColours | None) -> list[tuple[str, str]]:
    """(role, what is wrong) for each colour the spec sets that does not read on its ground.
    (A role the spec leaves out always reads: it falls back to black or white.)"""
    if not chosen:
        return []
    colours = derive(brand, chosen)
    out = []
    for name, role in ROLES.items():
        if not role.ground:
            continue
        own, ground = colours[name], colours[role.ground]
        ratio = contrast(own, ground)
        if ratio >= role.minimum:
            continue
        if getattr(chosen, name, None):
            where = "paper (white)" if role.ground == "paper" else f"{role.ground} {ground}"
            out.append((name, f"{own} on {where} is {ratio:.1f}:1; text needs "
                              f"{role.minimum:g}:1 (WCAG AA): choose a "
                              f"{'darker' if _readable(ground) == '#000000' else 'lighter'} "
                              "colour"))
    return out
