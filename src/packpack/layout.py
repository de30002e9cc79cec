"""A post's graphic as numbers: every line of text, font, size, box and colour, and every logo.

`compose(campaign, post, size_id)` works out the whole picture as plain frozen values (a
`Plan`); `graphics.py` only draws what a plan says, and tests check plans without pixels.

The rules a plan keeps:

- **Fit.** Each text group gets the largest font size at which it fits its box; lines break
  at word boundaries (web addresses, which have none, may break before a `.` or `/`) and are
  balanced, so no paragraph ends on a lone word where a better break exists.
- **A composition per shape.** Tall canvases (square, 4:5 portrait, 9:16 story) stack the
  words over the help callout over the logo strip; wide canvases (1.91:1, 16:9) set the
  words beside the callout, with the logo strip beneath both.
- **Legibility.** No text is smaller than 24 px on a 1080 px-wide canvas; on other canvases
  the minimum scales with the width (`min_size`), because feeds show every image at the
  same width, so a 1600 px-wide image is shrunk 1.5 times more than a 1080 px one. Every
  text meets WCAG AA contrast against what is behind it: 4.5:1, or 3:1 for large text,
  where "large" is WCAG's 18 pt (or 14 pt bold) measured against its 12 pt body size,
  i.e. 1.5 times (1.17 times bold) our minimum size. Every character must have a glyph.
  Whatever breaks a rule becomes an `Issue` in `Plan.issues`; `findings(campaign)` turns
  them into `Problem`s for `packpack check`, and the build refuses to draw such a plan.
"""

from __future__ import annotations

import functools
import itertools
import math
import os
import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from packpack.core import fonts, markup
from packpack.core.colour import contrast
from packpack.core.errors import Problem
from packpack.spec.model import Campaign, Link, Post, Size, display_url

if TYPE_CHECKING:  # Pillow is imported where it draws: the lints need none of it
    from PIL import ImageFont

T = TypeVar("T")

REFERENCE_WIDTH = 1080
MIN_PX = 24  # the smallest text on a REFERENCE_WIDTH-wide canvas
AA_NORMAL = 4.5
AA_LARGE = 3.0


# ---------------------------------------------------------------------------------------------
# the plan


@dataclass(frozen=True)
class Box:
    """A rectangle in canvas pixels: left, top, width, height."""

    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        """The first column to the right of the box."""
        return self.x + self.w

    @property
    def bottom(self) -> int:
        """The first row below the box."""
        return self.y + self.h

    def contains(self, other: Box) -> bool:
        """Whether `other` lies wholly inside this box."""
        return (self.x <= other.x and self.y <= other.y and other.right <= self.right
                and other.bottom <= self.bottom)


@dataclass(frozen=True)
class Run:
    """Part of a line set in one font: its text, the font file, and its offset from the
    line's left edge."""

    text: str
    font: str
    x: int


@dataclass(frozen=True)
class Line:
    """One line of a text block: its words, its left edge, its baseline, its width, and its
    runs (one per change of weight; the callout sets numbers and addresses in bold)."""

    text: str
    x: int
    baseline: int
    width: int
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class TextBlock:
    """A piece of text set in one font, size and colour, inside its box.

    `field` names the spec field it comes from (`heading`, `items[2]`, `closing`, or
    `callout`); `background` is the colour behind it, for the contrast check.
    """

    field: str
    text: str
    lines: tuple[Line, ...]
    font: str
    bold: bool
    size: int
    box: Box
    colour: str
    background: str


@dataclass(frozen=True)
class Panel:
    """A filled rectangle (the callout panel, the logo band, an accent rule)."""

    box: Box
    colour: str
    radius: int = 0


@dataclass(frozen=True)
class LogoBox:
    """Where one organisation's logo goes: its file, the part of it to use, and its box.

    `crop` is the logo's visible part (transparent margins trimmed) in the file's pixels; it
    is scaled into `box` without distortion.
    """

    name: str
    file: str
    crop: tuple[int, int, int, int]
    box: Box


@dataclass(frozen=True)
class Issue:
    """A rule a plan breaks: the spec field to change, what is wrong, and how to fix it."""

    field: str
    what: str
    fix: str


@dataclass(frozen=True)
class Plan:
    """Everything on one graphic, as numbers, in drawing order: panels, text, logos."""

    post: str
    size: str
    width: int
    height: int
    shape: str
    background: str
    safe: Box
    panels: tuple[Panel, ...]
    callout: Panel
    band: Panel
    blocks: tuple[TextBlock, ...]
    logos: tuple[LogoBox, ...]
    min_size: int
    issues: tuple[Issue, ...]


# ---------------------------------------------------------------------------------------------
# legibility rules


def min_size(width: int) -> int:
    """The smallest font size allowed on a canvas this wide (24 px at 1080 px, scaled)."""
    return math.ceil(MIN_PX * width / REFERENCE_WIDTH)


def is_large(size: int, bold: bool, width: int) -> bool:
    """Whether text counts as large for WCAG contrast (18 pt, or 14 pt bold, against 12 pt)."""
    factor = 14 / 12 if bold else 18 / 12
    return size >= MIN_PX * factor * width / REFERENCE_WIDTH


# ---------------------------------------------------------------------------------------------
# text: typography, measuring, wrapping

_QUOTES = [
    (re.compile(r"\.\.\."), "…"),
    (re.compile(r"(?<=\w)'"), "’"),  # don't, STALKING'S, dogs'
    (re.compile(r"'(?=\d0s)"), "’"),  # '90s
    (re.compile(r"'"), "‘"),  # an opening quote
    (re.compile(r'(?<![\w.,!?…])"'), "“"),
    (re.compile(r'"'), "”"),
]


def typeset(text: str, glyphs: frozenset[int] | None = None) -> str:
    """Text as a designer sets it: curly apostrophes and quotes, a real ellipsis.

    Given a font's `glyphs`, a character is only swapped for one the font can draw.
    """
    for pattern, replacement in _QUOTES:
        if glyphs is None or ord(replacement) in glyphs:
            text = pattern.sub(replacement, text)
    return text


def drawable(text: str, path: str, fallback: str = "?") -> str:
    """Text with every character the font cannot draw replaced (for labels, never for the
    campaign's own words, which are checked instead)."""
    have = fonts.cmap(Path(path))
    return "".join(c if c.isspace() or ord(c) in have else fallback for c in text)


_local = threading.local()


FONT_CACHE = 64  # faces kept per thread (about 60 KB each)


def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """A font at a size; the least recently used are let go.

    Cached per thread: FreeType faces are not shared across threads.
    """
    cache: OrderedDict[tuple[str, int], ImageFont.FreeTypeFont] = \
        _local.__dict__.setdefault("faces", OrderedDict())
    found = cache.get((path, size))
    if found is None:
        from PIL import ImageFont

        found = cache[(path, size)] = ImageFont.truetype(path, size)
        if len(cache) > FONT_CACHE:
            cache.popitem(last=False)
    else:
        cache.move_to_end((path, size))
    return found


WIDTHS_KEPT = 1 << 14  # text widths remembered per process (about 250 bytes each)


@functools.lru_cache(maxsize=WIDTHS_KEPT)
def _width(path: str, size: int, text: str) -> float:
    """The width of a text in a font at a size (remembered apart from the faces, which
    are let go sooner: the same words recur across sizes, posts and the lint).

    FreeType measures the same in every thread, so one memo serves them all.
    """
    return font(path, size).getlength(text.replace(NBSP, " "))


@functools.lru_cache(maxsize=1024)
def _metrics(path: str, size: int) -> tuple[int, int]:
    """A font's ascent and descent at a size."""
    return font(path, size).getmetrics()


@dataclass(frozen=True)
class _Token:
    text: str
    glued: bool  # joins the previous token without a space (a piece of a web address)


_SPACES = re.compile(r"[ \t\r\n]+")  # not U+00A0: a no-break space keeps words together


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    """The words of a text, split at white space (other than no-break spaces)."""
    return tuple(_SPACES.split(text.strip()))


def _tokens(words: Sequence[str], fits: Callable[[str], bool], split: bool) -> list[_Token]:
    """The words of a text; with `split`, a web address too wide for the line is cut
    before a `.` or `/`."""
    out: list[_Token] = []
    for word in words:
        if not split or fits(word) or not re.search(r"\w[./]\w", word):
            out.append(_Token(word, False))
            continue
        pieces = _remark([p for p in re.split(r"(?<=\w)(?=[./]\w)", word) if p])
        out.extend(_Token(p, i > 0) for i, p in enumerate(pieces))
    return out


def _join(tokens: Sequence[_Token]) -> str:
    return "".join(("" if t.glued or i == 0 else " ") + t.text for i, t in enumerate(tokens))


def _line_starts(widths: list[float], glued: list[bool], space: float, width: float,
                 ) -> Iterator[int]:
    """Where lines start when filled up to `width` (token widths added up), one at a time;
    -1, and no more, at a token wider than `width` alone."""
    used = -1.0
    for i, (w, g) in enumerate(zip(widths, glued, strict=True)):
        if w > width:
            yield -1
            return
        extra = w if g else w + space
        if used >= 0 and used + extra <= width:
            used += extra
            continue
        yield i
        used = w


def _greedy(widths: list[float], glued: list[bool], space: float, width: float,
            ) -> list[int] | None:
    """Where lines start when filled up to `width`; None if a token alone is wider."""
    starts = list(_line_starts(widths, glued, space, width))
    return None if -1 in starts else starts


def _fills(widths: list[float], glued: list[bool], space: float, width: float,
           count: int) -> bool:
    """Whether the tokens fill no more than `count` lines of `width` (as `_greedy` fills
    them), stopping as soon as they need more."""
    for n, start in enumerate(_line_starts(widths, glued, space, width), 1):
        if start < 0 or n > count:
            return False
    return True


def _measurer(path: str, size: int) -> Callable[[str], float]:
    """The width of a text in a font at a size, remembered per string."""
    return functools.partial(_width, path, size)


NBSP = "\u00a0"  # holds a phone number's digits together
BOLD_ON, BOLD_OFF = "\ue000", "\ue001"  # private-use marks around a bold word, while setting
_BOLD = re.compile(f"({BOLD_ON}[^{BOLD_OFF}]*{BOLD_OFF})")


def plain(text: str) -> str:
    """Text without bold marks."""
    return text.replace(BOLD_ON, "").replace(BOLD_OFF, "")


def bold(words: str) -> str:
    """Words marked bold, each on its own, so that every word measures on its own."""
    return " ".join(f"{BOLD_ON}{w}{BOLD_OFF}" if w else w for w in words.split(" "))


def runs(text: str) -> list[tuple[str, bool]]:
    """A marked text as (text, bold) pieces, in order."""
    return list(_runs(text))


@functools.lru_cache(maxsize=4096)
def _runs(text: str) -> tuple[tuple[str, bool], ...]:
    """`runs`, remembered: every width and every line drawn asks for them."""
    out = []
    for piece in _BOLD.split(text):
        if piece.startswith(BOLD_ON):
            out.append((piece[1:-1], True))
        elif piece:
            out.append((piece, False))
    return tuple(out)


def _rich_measurer(regular: str, heavy: str, size: int) -> Callable[[str], float]:
    """The width of a marked text, its bold words measured in the bold font."""
    return functools.partial(_rich_width, regular, heavy, size)


@functools.lru_cache(maxsize=WIDTHS_KEPT)
def _rich_width(regular: str, heavy: str, size: int, text: str) -> float:
    """The width of a marked text (what `_rich_measurer` measures), remembered."""
    if BOLD_ON not in text:
        return _width(regular, size, text)
    return sum(_width(heavy if b else regular, size, t) for t, b in _runs(text))


def _remark(pieces: list[str]) -> list[str]:
    """Pieces of a split word, each closed and reopened where a bold mark spans a break."""
    out, open_ = [], False
    for piece in pieces:
        start = BOLD_ON if open_ and not piece.startswith(BOLD_ON) else ""
        for c in piece:
            open_ = True if c == BOLD_ON else False if c == BOLD_OFF else open_
        out.append(start + piece + (BOLD_OFF if open_ else ""))
    return out


def wrap(text: str, width: float, measure: Callable[[str], float], nowrap: bool = False,
         split: bool = False, paragraph: bool = False) -> list[str] | None:
    """Balanced lines of at most `width`, breaking at spaces; None if the text cannot fit.

    First the fewest lines that fit, then the narrowest width that still needs no more
    lines: so the lines come out of even length and the last one is no lone word. A
    `paragraph` keeps its lines nearly full (a short last line is fine, a lone word is
    not). With `split`, web addresses too long for a line may break before a `.` or `/`.
    """
    words = _words(text)
    text = " ".join(words)
    if nowrap:
        return [text] if measure(text) <= width else None
    tokens = _tokens(words, lambda w: measure(w) <= width, split)
    widths = [measure(t.text) for t in tokens]
    glued = [t.glued for t in tokens]
    space = measure(" ")
    # the widths are added up, so allow a hair for kerning and check each line exactly
    for slack in (0.0, 0.01, 0.03):
        limit = width * (1 - slack)
        starts = _greedy(widths, glued, space, limit)
        if starts is None:
            return None
        count = len(starts)
        if count > 1:
            lo, hi = max(widths), limit
            while hi - lo > 0.5:
                mid = (lo + hi) / 2
                if _fills(widths, glued, space, mid, count):
                    hi = mid
                else:
                    lo = mid
            balanced = _greedy(widths, glued, space, hi) or starts
            if paragraph:
                full = _greedy(widths, glued, space, limit) or balanced
                lone = full[-1] == len(tokens) - 1 and widths[-1] < limit * 0.3
                starts = balanced if lone else full
            else:
                starts = balanced
        bounds = [*starts, len(tokens)]
        lines = [_join(tokens[a:b]) for a, b in itertools.pairwise(bounds)]
        if all(measure(line) <= width for line in lines):
            return lines
    return None


# ---------------------------------------------------------------------------------------------
# setting a group of text blocks in a box


@dataclass(frozen=True)
class _Part:
    """A block waiting to be set: its text and how it relates to the group's base size."""

    field: str
    text: str
    bold: bool
    colour: str
    scale: float  # its font size as a multiple of the group's base size
    lead: float  # baseline-to-baseline distance inside the block, in its own font size
    space: float = 0.0  # extra distance from the block before, in base sizes
    nowrap: bool = False


@dataclass(frozen=True)
class _Set:
    part: _Part
    font: str
    bold_font: str
    size: int
    lines: tuple[str, ...]
    widths: tuple[int, ...]
    baselines: tuple[int, ...]  # relative to the group's top
    ascent: int
    descent: int

    @property
    def top(self) -> int:
        return self.baselines[0] - self.ascent

    @property
    def bottom(self) -> int:
        return self.baselines[-1] + self.descent


Fonts = tuple[str, str]  # the regular and the bold font file: fonts[bold] is the one to use


@functools.lru_cache(maxsize=2048)
def _set_group(parts: tuple[_Part, ...], base: int, width: int, fonts_: Fonts,
               split: bool = False) -> tuple[_Set, ...] | None:
    """The parts set at a base size inside `width`, stacked from y = 0; None if a word is
    too wide.

    Remembered: composing searches over sizes and tries the same ones again, the callout
    is set alike on every post, and the lint composes every graphic before the build does.
    """
    out: list[_Set] = []
    previous = 0
    for part in parts:
        size = max(1, round(base * part.scale))
        path = fonts_[part.bold]
        measure = _rich_measurer(path, fonts_[True], size)
        lines = wrap(part.text, width, measure, part.nowrap, split,
                     paragraph=part.field == "callout")
        if lines is None or (part.field != "callout" and _widow(lines)):
            return None
        ascent, descent = _metrics(path, size)
        pitch = round(size * part.lead)
        first = previous + pitch + round(part.space * base) if out else ascent
        baselines = tuple(first + i * pitch for i in range(len(lines)))
        widths = tuple(math.ceil(measure(line)) for line in lines)
        out.append(_Set(part, path, fonts_[True], size, tuple(lines), widths, baselines,
                        ascent, descent))
        previous = baselines[-1]
    return tuple(out)


def _widow(lines: list[str]) -> bool:
    """Whether the words end on a lone short word ("STALKING / IS."), which reads badly."""
    return len(lines) > 1 and " " not in lines[-1] and len(lines[-1]) <= 4


def _height(group: Sequence[_Set]) -> int:
    return max(s.bottom for s in group) - min(s.top for s in group)


def _fit_group(parts: tuple[_Part, ...], box: Box, fonts_: Fonts, smallest: int,
               largest: int) -> tuple[Sequence[_Set], bool]:
    """The group at the largest base size (at most `largest`) that fits `box`.

    Web addresses stay whole if any legible size allows it. `smallest` is the least base
    size at which every part is legible; if even that does not fit, the group is set at it
    on one unbounded line each, and the second value is False.
    """
    for split in (False, True):
        def fits(base: int, split: bool = split) -> Sequence[_Set] | None:
            group = _set_group(parts, base, box.w, fonts_, split)
            return group if group is not None and _height(group) <= box.h else None

        lo, hi = smallest, max(smallest, largest)
        best = fits(lo)
        if best is None:
            continue
        while hi > lo:
            mid = (lo + hi + 1) // 2
            attempt = fits(mid)
            if attempt is not None:
                lo, best = mid, attempt
            else:
                hi = mid - 1
        return best, True
    return _set_group(parts, smallest, 10**6, fonts_) or (), False


def _place(group: Sequence[_Set], x: int, y: int, background: str) -> list[TextBlock]:
    """Set blocks at a position: each block's box spans its lines' ascent to descent."""
    top = min(s.top for s in group)
    out = []
    for s in group:
        light, dark = _measurer(s.font, s.size), _measurer(s.bold_font, s.size)
        lines = []
        for t, w, b in zip(s.lines, s.widths, s.baselines, strict=True):
            pieces, at = [], 0.0
            for text, heavy in runs(t):
                shown = text.replace(NBSP, " ")
                pieces.append(Run(shown, s.bold_font if heavy else s.font, round(at)))
                at += (dark if heavy else light)(text)
            lines.append(Line(plain(t).replace(NBSP, " "), x, y - top + b, w, tuple(pieces)))
        box = Box(x, y - top + s.top, max(s.widths), s.bottom - s.top)
        out.append(TextBlock(s.part.field, plain(s.part.text), tuple(lines), s.font,
                             s.part.bold, s.size, box, s.part.colour, background))
    return out


# ---------------------------------------------------------------------------------------------
# the four layouts


@dataclass(frozen=True)
class _Style:
    """How a layout sets its words: the parts, and the largest base size (x canvas width)."""

    parts: tuple[_Part, ...]
    largest: float


def _style(post: Post, text: str, accent: str, bold: str) -> _Style:
    """The parts of a post's words, with the hierarchy its layout calls for."""
    glyphs = fonts.cmap(Path(bold))
    heading, items, closing = (typeset(post.heading, glyphs),
                               [typeset(i, glyphs) for i in post.items],
                               typeset(post.closing, glyphs))
    parts: list[_Part] = []
    short = len(closing.split()) <= 3  # a punchline of a few words reads best on one line

    def add(field: str, words: str, **kw: object) -> None:
        if words.strip():
            parts.append(_Part(field, words, **kw))  # type: ignore[arg-type]

    if post.layout == "list":
        add("heading", heading, bold=True, colour=text, scale=0.62, lead=1.15)
        for i, item in enumerate(items):
            add(f"items[{i}]", item, bold=True, colour=text, scale=1.0, lead=1.08,
                space=0.42 if i == 0 else 0.0, nowrap=True)
        add("closing", closing, bold=True, colour=accent, scale=0.62, lead=1.15, space=0.5,
            nowrap=short)
        return _Style(tuple(parts), 0.16)
    if post.layout == "questions":
        for i, item in enumerate(items):
            add(f"items[{i}]", item, bold=False, colour=text, scale=1.0, lead=1.18,
                space=0.0 if i == 0 else 0.42)
        add("closing", closing, bold=True, colour=accent, scale=1.3, lead=1.05, space=0.55,
            nowrap=short)
        return _Style(tuple(parts), 0.078)
    if post.layout == "stack":
        add("heading", heading, bold=True, colour=text, scale=0.62, lead=1.0)
        for i, item in enumerate(items):
            add(f"items[{i}]", item, bold=True, colour=text, scale=1.0, lead=1.0,
                space=0.06 if i == 0 else 0.0, nowrap=True)
        add("closing", closing, bold=True, colour=accent, scale=1.45, lead=1.0, space=0.12,
            nowrap=short)
        return _Style(tuple(parts), 0.1)
    # statement
    add("heading", heading, bold=True, colour=text, scale=1.0, lead=1.1)
    add("closing", closing, bold=True, colour=accent, scale=1.2, lead=1.05, space=0.45,
        nowrap=short)
    return _Style(tuple(parts), 0.14)


# ---------------------------------------------------------------------------------------------
# logos


@functools.lru_cache(maxsize=64)
def _visible(path: str, stamp: tuple[int, int]) -> tuple[int, int, int, int]:
    """The visible part of a logo (transparent margins trimmed), in its own pixels."""
    return logo_art(path, stamp)[0]


LOGOS_KEPT = 32 << 20  # bytes of decoded logos kept per process, for every size they are drawn
_LOGOS: OrderedDict[tuple[str, tuple[int, int]], tuple[tuple[int, int, int, int], Any]] = \
    OrderedDict()
_LOGOS_LOCK = threading.Lock()


def logo_art(path: str, stamp: tuple[int, int]) -> tuple[tuple[int, int, int, int], Any]:
    """A logo file's visible part (its box, transparent margins trimmed) and its pixels there,
    RGBA with the alpha premultiplied (so transparent edges keep their colour when scaled).

    Decoded once per process for the loader's check, the layout and every size the graphics
    draw it at, while the logos decoded so far fit in LOGOS_KEPT (`stamp`: the file's
    modification time and size, so a changed file is read again).
    """
    from PIL import Image

    key = (os.path.abspath(path), stamp)  # (the loader's path is absolute, the spec's not)
    with _LOGOS_LOCK:
        if key in _LOGOS:
            _LOGOS.move_to_end(key)
            return _LOGOS[key]
    with Image.open(path) as source:
        pixels = source.convert("RGBA")  # (an opaque image gets an opaque alpha: all visible)
    box = pixels.getchannel("A").getbbox() or (0, 0, pixels.width, pixels.height)
    found = box, pixels.crop(box).convert("RGBa")
    with _LOGOS_LOCK:
        _LOGOS[key] = found
        while sum(4 * a.width * a.height for _, a in _LOGOS.values()) > LOGOS_KEPT:
            _LOGOS.popitem(last=False)
    return found


def stamp(path: str) -> tuple[int, int]:
    """What changes when a file changes (modification time, size): a cache key part."""
    st = os.stat(path)
    return (st.st_mtime_ns, st.st_size)


def visible(path: str) -> tuple[int, int, int, int]:
    """The visible part of a logo file (re-read when the file changes)."""
    return _visible(path, stamp(path))


def _logo_strip(logos: list[tuple[str, str]], band: Box, x0: int, x1: int,
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
    for (name, path), crop, w, h in zip(logos, crops, widths, heights, strict=True):
        box = Box(round(x), band.y + (band.h - h) // 2, w, h)
        out.append(LogoBox(name, path, crop, box))
        x += w + spacing
    return out


# ---------------------------------------------------------------------------------------------
# composing a graphic


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


def callout_text(campaign: Campaign) -> str:
    """The help callout as the graphics show it: plain, addresses without `https://`, and
    phone numbers held together by no-break spaces."""
    return plain(callout_marked(campaign))


def callout_marked(campaign: Campaign) -> str:
    """The callout with its phone numbers, web addresses and `**bold**` words marked bold:
    what a reader scans for."""
    return _remembered(campaign, "callout", lambda: _callout_marked(campaign))


def _callout_marked(campaign: Campaign) -> str:
    out = []
    for run in markup.parse(campaign.spec.callout):
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
            out.append(bold(run.text))
        else:
            out.append(run.text)
    glyphs = fonts.cmap(Path(_file(campaign, campaign.spec.brand.fonts.regular)))
    return typeset(" ".join(_SPACES.split("".join(out).strip())), glyphs)


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


def compose(campaign: Campaign, post: Post, size_id: str) -> Plan:
    """The plan of one post's graphic in one size."""
    size = campaign.sizes[size_id]
    brand = campaign.spec.brand
    colours = brand.colours
    w, h = size.width, size.height
    u = w / REFERENCE_WIDTH
    smallest = min_size(w)
    form = shape(size)
    safe = Box(size.safe.left, size.safe.top, w - size.safe.left - size.safe.right,
               h - size.safe.top - size.safe.bottom)
    faces = (_file(campaign, brand.fonts.regular), _file(campaign, brand.fonts.bold))
    style = _style(post, colours.text, colours.accent, faces[True])
    words_min = smallest_base(style.parts, smallest)
    words_max = max(words_min, round(style.largest * w))
    callout = (_Part("callout", callout_marked(campaign), False, colours.callout_text, 1.0,
                     1.32),)
    preferred = max(smallest, round(CALLOUT_PX[form] * u))
    logos = [(o.name, _file(campaign, o.logo)) for o in campaign.logos_for(post) if o.logo]
    crops = [visible(path) for _, path in logos]
    radius = round(16 * u)

    if form == "landscape":
        margin = round(min(60 * u, 0.095 * h))
        x0, x1 = safe.x + margin, safe.right - margin
        band_h = _band_height(logos, crops, round(0.17 * h), x0, x1)
        band = Panel(Box(0, safe.bottom - band_h, w, band_h), colours.band)
        strip = (x0, x1)
        top, bottom = safe.y + margin, band.box.y - round(margin * 0.8)
        gutter = round(margin * 0.8)
        pad = round(28 * u)
        # the panel is wide enough for the callout's longest word (the web address) at its
        # preferred size, within 40-54 % of the width
        longest = max(_rich_measurer(faces[False], faces[True], preferred)(word)
                      for word in _SPACES.split(callout[0].text))
        room = x1 - x0 - gutter
        panel_w = round(min(room * 0.54, max(room * 0.4, longest + 2 * pad + 2)))
        panel = Box(x1 - panel_w, top, panel_w, bottom - top)
        inner = Box(panel.x + pad, panel.y + pad, panel.w - 2 * pad, panel.h - 2 * pad)
        set_callout, callout_ok = _fit_group(callout, inner, faces, smallest, preferred)
        c_height = _height(set_callout) if set_callout else 0
        # the panel hugs its text, centred in the column beside the words
        hug = min(panel.h, c_height + 2 * pad)
        panel = Box(panel.x, panel.y + (panel.h - hug) // 2, panel.w, hug)
        callout_at = (panel.x + pad, panel.y + pad)
        words = Box(x0, top, panel.x - gutter - x0, bottom - top)
    else:
        margin = round(72 * u)
        x0, x1 = safe.x + margin, safe.right - margin
        inset = round(36 * u) if form == "story" else 0
        band_h = _band_height(logos, crops, round(BAND[form] * u), x0 + inset, x1 - inset)
        if form == "story":
            # a card of its own above the reply bar, rather than a strip cut off mid-air
            band = Panel(Box(x0, safe.bottom - band_h, x1 - x0, band_h), colours.band, radius)
            strip = (x0 + inset, x1 - inset)
        else:
            band = Panel(Box(0, safe.bottom - band_h, w, band_h), colours.band)
            strip = (x0, x1)
        pad = round(34 * u)
        gap = round(44 * u)
        top = safe.y + margin
        # the callout at its preferred size, or smaller (not below the minimum) when the
        # words would otherwise be cramped
        for c_size in sorted({preferred, (preferred + smallest) // 2, smallest}, reverse=True):
            panel_w = x1 - x0
            set_callout = (_set_group(callout, c_size, panel_w - 2 * pad, faces)
                           or _set_group(callout, c_size, panel_w - 2 * pad, faces, True))
            callout_ok = set_callout is not None
            if set_callout is None:
                set_callout = _set_group(callout, c_size, 10**6, faces) or ()
            c_height = _height(set_callout)
            panel = Box(x0, band.box.y - gap - c_height - 2 * pad, panel_w, c_height + 2 * pad)
            words = Box(x0, top, x1 - x0, max(0, panel.y - round(gap * 1.3) - top))
            if callout_ok and _fits_at(style.parts, round(words_min * 1.5), words, faces):
                break
        callout_at = (panel.x + pad, panel.y + pad)

    callout_blocks = _place(set_callout, *callout_at, colours.callout) if set_callout else []
    group, words_ok = _fit_group(style.parts, words, faces, words_min, words_max)
    g_height = _height(group) if group else 0
    # optically centred: a little above the middle of the space
    y = words.y + max(0, round((words.h - g_height) * 0.45))
    word_blocks = _place(group, words.x, y, colours.background) if group else []
    issues: list[Issue] = []
    if not words_ok:
        issues.append(Issue("", "the words do not fit, even at the smallest legible size",
                            "shorten the heading, items or closing, or leave this size out "
                            "of campaign.sizes"))
    if not callout_ok:
        issues.append(Issue("callout", "the help callout does not fit, even at the smallest "
                            "legible size", "shorten the callout, or leave this size out of "
                            "campaign.sizes"))
    blocks = tuple(word_blocks + callout_blocks)
    issues += _legibility(blocks, w, colours.__dict__, faces[True])
    callout_panel = Panel(panel, colours.callout, radius)
    if not logos:  # a post without logos keeps the composition, without an empty strip
        band = Panel(band.box, colours.background)
    return Plan(
        post=post.id, size=size_id, width=w, height=h, shape=form,
        background=colours.background, safe=safe, panels=(band, callout_panel),
        callout=callout_panel, band=band, blocks=blocks,
        logos=tuple(_logo_strip(logos, band.box, *strip, crops)), min_size=smallest,
        issues=tuple(dict.fromkeys(issues)),
    )


def _band_height(logos: list[tuple[str, str]], crops: list[tuple[int, int, int, int]],
                 nominal: int, x0: int, x1: int) -> int:
    """The logo strip's height: `nominal`, or less when the logos are held back by the
    strip's width, so the band is never mostly empty."""
    strip = _logo_strip(logos, Box(0, 0, x1 - x0, nominal), x0, x1, crops)
    if not strip:
        return nominal
    return min(nominal, math.ceil(max(lg.box.h for lg in strip) / 0.5))


def smallest_base(parts: Sequence[_Part], smallest: int) -> int:
    """The least base size at which every part is at least `smallest` px."""
    return max((math.ceil(smallest / p.scale - 1e-9) for p in parts), default=smallest)


def _fits_at(parts: tuple[_Part, ...], base: int, box: Box, faces: Fonts) -> bool:
    group = _set_group(parts, base, box.w, faces)
    return group is not None and _height(group) <= box.h


_contrast = functools.lru_cache(maxsize=256)(contrast)  # a few colour pairs, every graphic


@functools.lru_cache(maxsize=1024)
def _missing(path: str, text: str) -> tuple[str, ...]:
    """The characters of a text the font lacks (`fonts.missing`), remembered: the callout
    and each post's words are checked in every size."""
    return tuple(fonts.missing(Path(path), text))


def _legibility(blocks: Sequence[TextBlock], width: int, colours: dict[str, str],
                bold_font: str) -> list[Issue]:
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
            face = "bold" if path == bold_font else "regular"
            one = len(lacking) == 1
            issues.append(Issue(
                b.field,
                f"{shown} {'has' if one else 'have'} no glyph in the {face} font "
                f"{Path(path).name}, so {'it' if one else 'they'} would show as an empty box",
                f"write {'it' if one else 'them'} another way, or use a brand.fonts.{face} "
                f"that has {'it' if one else 'them'}"))
    return issues


# ---------------------------------------------------------------------------------------------
# findings for `packpack check`


def problems(campaign: Campaign, plan: Plan) -> list[Problem]:
    """The problems of one graphic's plan, each naming the post, the size and the fix."""
    index = next(i for i, p in enumerate(campaign.spec.posts) if p.id == plan.post)
    return [_problem(campaign, index, issue, f"in post '{plan.post}', size '{plan.size}'")
            for issue in plan.issues]


def _problem(campaign: Campaign, index: int, issue: Issue, scope: str) -> Problem:
    if issue.field.startswith(("brand.", "callout")):
        field = issue.field
    else:
        field = f"posts[{index}]" + (f".{issue.field}" if issue.field else "")
    line, col = campaign.where(field)
    return Problem(str(campaign.path), line, col, field, f"{scope}: {issue.what}; {issue.fix}")


def findings(campaign: Campaign) -> list[Problem]:
    """Every legibility problem across all posts and target sizes, without drawing anything.

    Identical issues are reported once, naming every post and size they affect.
    """
    seen: dict[tuple[int, Issue], list[str]] = {}
    for i, post in enumerate(campaign.spec.posts):
        for size_id in campaign.target_sizes:
            for issue in compose(campaign, post, size_id).issues:
                key = (-1 if issue.field.startswith(("brand.", "callout")) else i, issue)
                seen.setdefault(key, []).append(f"{post.id}\0{size_id}")
    out = []
    everything = {f"{p.id}\0{s}" for p in campaign.spec.posts for s in campaign.target_sizes}
    for (index, issue), where in seen.items():
        out.append(_problem(campaign, max(index, 0), issue,
                            _scope(where, everything, campaign.target_sizes)))
    return out


def _scope(where: list[str], everything: set[str], sizes: list[str]) -> str:
    """Which posts and sizes an issue affects, in words."""
    if set(where) == everything:
        return "in every post and size"
    by_post: dict[str, list[str]] = {}
    for item in where:
        post, size = item.split("\0")
        by_post.setdefault(post, []).append(size)

    def named(post_sizes: list[str]) -> str:
        if post_sizes == sizes:
            return "every size"
        return ("size " if len(post_sizes) == 1 else "sizes ") + ", ".join(
            f"'{s}'" for s in post_sizes)

    posts = {item.split("\0")[0] for item in everything}
    shared = {tuple(v) for v in by_post.values()}
    if len(by_post) == len(posts) and len(shared) == 1:
        return f"in every post, {named(list(shared.pop()))}"
    return "in " + "; ".join(f"post '{p}', {named(v)}" for p, v in by_post.items())
