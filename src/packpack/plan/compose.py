"""Composing a post's graphic in one size: where the words, the help callout and the logo strip
go, as a `Plan` of plain values.

Tall canvases (square, 4:5 portrait, 9:16 story) stack the words over the help callout over
the logo strip; wide canvases (1.91:1, 16:9) set the words beside the callout, with the logo
strip beneath both. Whatever breaks a legibility rule becomes an `Issue` in `Plan.issues`;
`check` reports them, and the build refuses to draw such a plan.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from packpack.core import fonts, markup
from packpack.core.language import direction
from packpack.core.nobreak import together
from packpack.core.web import display_url
from packpack.plan.fit import (
    FontFiles,
    Misfit,
    Part,
    Setting,
    fit_group,
    fits_at,
    height,
    place,
    set_group,
    smallest_base,
    style_of,
    why_not,
)
from packpack.plan.graphic import Box, Issue, Panel, Plan
from packpack.plan.legibility import REFERENCE_WIDTH, issues_of, min_size
from packpack.plan.logos import band_height, light_logos, logo_strip
from packpack.plan.typeset import NBSP, SPACES, bold, plain, rich_measurer, typeset
from packpack.spec.logos import visible
from packpack.spec.model import Campaign, Colours, Link, Post, Size

T = TypeVar("T")


def shape(size: Size) -> str:
    """The composition a canvas gets: landscape, square, portrait or story."""
    ratio = size.width / size.height
    if ratio >= 1.3:
        return "landscape"
    if ratio >= 0.9:
        return "square"
    if ratio >= 0.7:
        return "portrait"
    return "story"


def callout_text(campaign: Campaign, post: Post) -> str:
    """A post's help callout as its graphics show it: plain, addresses without `https://`,
    and phone numbers held together by no-break spaces."""
    return plain(callout_marked(campaign, post))


def callout_marked(campaign: Campaign, post: Post) -> str:
    """A post's callout (its own, or the campaign's) with its phone numbers, web addresses
    and `**bold**` words marked bold: what a reader scans for."""
    source = campaign.callout_of(post)
    return _remembered(campaign, f"callout:{source}", lambda: _callout_marked(campaign, source))


def _callout_marked(campaign: Campaign, source: str) -> str:
    out = []
    for run in markup.parse(source):
        if run.kind == "phone":
            out.append(bold(campaign.spec.phones[run.ref].number.replace(" ", NBSP)))
        elif run.kind == "link":
            link = campaign.spec.links[run.ref]
            address = _shown(run.ref, link) if link.url else ""
            if run.label:
                out.append(f"{run.label} ({bold(address)})" if address else run.label)
            else:
                out.append(bold(address) if address else link.title)
        elif run.kind == "bold":
            out.append(bold(together(run.text)))
        else:
            out.append(together(run.text))
    glyphs = fonts.cmap(Path(_file(campaign, campaign.spec.brand.fonts.regular)))
    return typeset(" ".join(SPACES.split("".join(out).strip())), glyphs)


_REMEMBERED: dict[tuple[int, str], tuple[weakref.ref[Campaign], object]] = {}


def _remembered(campaign: Campaign, name: str, compute: Callable[[], T]) -> T:
    """`compute()`, remembered for as long as this campaign object lives (a campaign is
    frozen, and every graphic of it asks for the same things)."""
    key = (id(campaign), name)
    found = _REMEMBERED.get(key)
    if found is not None and found[0]() is campaign:
        return found[1]  # type: ignore[return-value]
    value = compute()
    _REMEMBERED[key] = (weakref.ref(campaign, lambda _: _REMEMBERED.pop(key, None)), value)
    return value


def _file(campaign: Campaign, relative: str) -> str:
    """A file named in the spec, as a path string (remembered per campaign)."""
    return _remembered(campaign, "file:" + relative, lambda: str(campaign.file(relative)))


def _shown(_ref: str, link: Link) -> str:
    return display_url(link.url or "")


# by shape: the callout's preferred size and the logo band's most height (px at 1080 wide)
CALLOUT_PX = {"landscape": 30, "square": 28, "portrait": 30, "story": 32}
BAND = {"square": 150, "portrait": 160, "story": 176}


@dataclass(frozen=True)
class _Canvas:
    """What composing one graphic starts from: the canvas, its unit (px per 1080th of the
    width), the faces, the post's words and the callout as parts to set, and the logos."""

    w: int
    h: int
    u: float
    smallest: int
    form: str
    safe: Box
    faces: FontFiles
    colours: Colours
    parts: tuple[Part, ...]
    words_min: int
    words_max: int
    callout: tuple[Part, ...]
    preferred: int  # the callout's preferred size
    logos: list[tuple[str, str]]
    crops: list[tuple[int, int, int, int]]
    radius: int


@dataclass(frozen=True)
class _Layout:
    """Where a composition puts things: the logo band and its strip, the callout's panel and
    its set text, and the box the words fit into."""

    band: Panel
    strip: tuple[int, int]
    panel: Box
    callout: Sequence[Setting]
    callout_ok: bool
    callout_at: tuple[int, int]
    words: Box
    callout_room: Box  # the box the callout's words are set in


def compose(campaign: Campaign, post: Post, size_id: str) -> Plan:
    """The plan of one post's graphic in one size."""
    c = _canvas(campaign, post, size_id)
    lay = _wide(c) if c.form == "landscape" else _tall(c)
    colours = c.colours
    callout_blocks = place(lay.callout, *lay.callout_at, colours.callout) if lay.callout else []
    group, words_ok = fit_group(c.parts, lay.words, c.faces, c.words_min, c.words_max)
    g_height = height(group) if group else 0
    # optically centred: a little above the middle of the space
    y = lay.words.y + max(0, round((lay.words.h - g_height) * 0.45))
    word_blocks = place(group, lay.words.x, y, colours.background, lay.words.w) if group else []
    issues: list[Issue] = []
    if not words_ok:
        issues.append(_misfit(campaign, size_id, "words",
                              why_not(c.parts, lay.words, c.faces, c.words_min)))
    if not lay.callout_ok:
        issues.append(_misfit(campaign, size_id, "help callout",
                              why_not(c.callout, lay.callout_room, c.faces, c.smallest)))
    blocks = tuple(word_blocks + callout_blocks)
    bold_faces = (c.faces[True], *(p.faces[True] for p in c.parts if p.faces))
    issues += issues_of(blocks, c.w, colours.__dict__, bold_faces)
    callout_panel = Panel(lay.panel, colours.callout, c.radius)
    band = lay.band
    if not c.logos:  # a post without logos keeps the composition, without an empty strip
        band = Panel(band.box, colours.background)
    strip = logo_strip(c.logos, band.box, *lay.strip, c.crops)
    issues += light_logos(strip, {o.name: oid for oid, o in
                                  campaign.spec.organisations.items()})
    return Plan(
        post=post.id, size=size_id, width=c.w, height=c.h, shape=c.form,
        background=colours.background, safe=c.safe, panels=(band, callout_panel),
        callout=callout_panel, band=band, blocks=blocks,
        logos=tuple(strip), min_size=c.smallest,
        issues=tuple(dict.fromkeys(issues)),
    )


def _misfit(campaign: Campaign, size_id: str, what: str, why: Misfit) -> Issue:
    """The issue of words that do not fit, in numbers a designer can act on, with advice
    that, followed, leaves no new error behind."""
    out = _leave_out(campaign, size_id)
    if why.word:
        shorter = max(1, len(why.word) * why.room // max(1, why.need))
        return Issue(why.field if what == "words" else "callout",
                     f"'{why.word}' is {why.need} px wide at {why.size} px, the smallest this "
                     f"layout sets it, and the room for the {what} is {why.room} px across",
                     f"use a shorter word (about {shorter} letters would fit), {out}")
    cut = -(-100 * (why.need - why.room) // max(1, why.need))
    fields = "heading, items or closing"
    take = "take" if what == "words" else "takes"
    return Issue("callout" if what == "help callout" else "",
                 f"at the smallest legible size ({why.size} px) the {what} {take} "
                 f"{why.lines} lines, {why.need} px tall, and the room is {why.room} px tall",
                 f"shorten the {'callout' if what == 'help callout' else fields} by about "
                 f"{cut} %, {out}")


def _leave_out(campaign: Campaign, size_id: str) -> str:
    """How to leave a size out of the build without leaving a partner asking for it."""
    listed = campaign.spec.campaign.sizes
    if listed:
        edit = f"or leave the size out: remove '{size_id}' from campaign.sizes"
    else:
        others = [s for s in campaign.target_sizes if s != size_id]
        edit = f"or leave the size out: set campaign.sizes to [{', '.join(others)}]"
    partners = [p for p in campaign.spec.partners if size_id in p.sizes]
    if partners:
        names = ", ".join(f"'{p.id}'" for p in partners)
        edit += f" and remove it from the sizes of partner{'s' if len(partners) > 1 else ''} "
        edit += names
        alone = [f"'{p.id}'" for p in partners if set(p.sizes) == {size_id}]
        if alone:
            edit += f" (giving {', '.join(alone)} another size, as it lists no other)"
    return edit


def _canvas(campaign: Campaign, post: Post, size_id: str) -> _Canvas:
    size = campaign.sizes[size_id]
    brand = campaign.spec.brand
    colours = brand.colours
    w, h = size.width, size.height
    u = w / REFERENCE_WIDTH
    smallest = min_size(w)
    form = shape(size)
    faces = (_file(campaign, brand.fonts.regular), _file(campaign, brand.fonts.bold))
    style = style_of(post, colours.text, colours.accent, faces,
                     direction(campaign.language_of(post)) == "rtl")
    words_min = smallest_base(style.parts, smallest)
    logos = [(o.name, _file(campaign, o.logo)) for o in campaign.logos_for(post) if o.logo]
    return _Canvas(
        w=w, h=h, u=u, smallest=smallest, form=form,
        safe=Box(size.safe.left, size.safe.top, w - size.safe.left - size.safe.right,
                 h - size.safe.top - size.safe.bottom),
        faces=faces, colours=colours, parts=style.parts,
        words_min=words_min,
        words_max=max(words_min, round(style.largest * w)),
        callout=(Part("callout", callout_marked(campaign, post), False, colours.callout_text, 1.0,
                      1.32),),
        preferred=max(smallest, round(CALLOUT_PX[form] * u)), logos=logos,
        crops=[visible(path) for _, path in logos], radius=round(16 * u))


def _wide(c: _Canvas) -> _Layout:
    """Landscape: the words beside the callout, the logo strip beneath both."""
    margin = round(min(60 * c.u, 0.095 * c.h))
    x0, x1 = c.safe.x + margin, c.safe.right - margin
    band_h = band_height(c.logos, c.crops, round(0.17 * c.h), x0, x1)
    band = Panel(Box(0, c.safe.bottom - band_h, c.w, band_h), c.colours.band)
    top, bottom = c.safe.y + margin, band.box.y - round(margin * 0.8)
    gutter = round(margin * 0.8)
    pad = round(28 * c.u)
    # the panel is wide enough for the callout's longest word (the web address) at its
    # preferred size, within 40-54 % of the width
    longest = max(rich_measurer(c.faces[False], c.faces[True], c.preferred)(word)
                  for word in SPACES.split(c.callout[0].text))
    room = x1 - x0 - gutter
    panel_w = round(min(room * 0.54, max(room * 0.4, longest + 2 * pad + 2)))
    panel = Box(x1 - panel_w, top, panel_w, bottom - top)
    inner = Box(panel.x + pad, panel.y + pad, panel.w - 2 * pad, panel.h - 2 * pad)
    set_callout, callout_ok = fit_group(c.callout, inner, c.faces, c.smallest, c.preferred)
    c_height = height(set_callout) if set_callout else 0
    # the panel hugs its text, centred in the column beside the words
    hug = min(panel.h, c_height + 2 * pad)
    panel = Box(panel.x, panel.y + (panel.h - hug) // 2, panel.w, hug)
    return _Layout(band, (x0, x1), panel, set_callout, callout_ok,
                   (panel.x + pad, panel.y + pad),
                   Box(x0, top, panel.x - gutter - x0, bottom - top), inner)


def _tall(c: _Canvas) -> _Layout:
    """Square, portrait and story: the words over the callout over the logo strip."""
    margin = round(72 * c.u)
    x0, x1 = c.safe.x + margin, c.safe.right - margin
    inset = round(36 * c.u) if c.form == "story" else 0
    band_h = band_height(c.logos, c.crops, round(BAND[c.form] * c.u), x0 + inset, x1 - inset)
    if c.form == "story":
        # a card of its own above the reply bar, rather than a strip cut off mid-air
        band = Panel(Box(x0, c.safe.bottom - band_h, x1 - x0, band_h), c.colours.band,
                     c.radius)
        strip = (x0 + inset, x1 - inset)
    else:
        band = Panel(Box(0, c.safe.bottom - band_h, c.w, band_h), c.colours.band)
        strip = (x0, x1)
    pad = round(34 * c.u)
    gap = round(44 * c.u)
    top = c.safe.y + margin
    # the callout at its preferred size, or smaller (not below the minimum) when the
    # words would otherwise be cramped
    for c_size in sorted({c.preferred, (c.preferred + c.smallest) // 2, c.smallest},
                         reverse=True):
        panel_w = x1 - x0
        set_callout = (set_group(c.callout, c_size, panel_w - 2 * pad, c.faces)
                       or set_group(c.callout, c_size, panel_w - 2 * pad, c.faces, True))
        callout_ok = set_callout is not None
        if set_callout is None:
            set_callout = set_group(c.callout, c_size, 10**6, c.faces) or ()
        c_height = height(set_callout)
        panel = Box(x0, band.box.y - gap - c_height - 2 * pad, panel_w, c_height + 2 * pad)
        words = Box(x0, top, x1 - x0, max(0, panel.y - round(gap * 1.3) - top))
        if callout_ok and fits_at(c.parts, round(c.words_min * 1.5), words, c.faces):
            break
    return _Layout(band, strip, panel, set_callout, callout_ok, (panel.x + pad, panel.y + pad),
                   words, Box(x0 + pad, panel.y + pad, panel_w - 2 * pad, 10**6))
