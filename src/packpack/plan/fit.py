"""Fitting a group of text blocks into a box: the largest legible size at which it fits,
with the hierarchy each layout calls for."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from packpack.core import fonts
from packpack.core.nobreak import together
from packpack.core.scripts import directions, faces_for, is_rtl
from packpack.plan.graphic import Box, Line, Span, TextBlock
from packpack.plan.typeset import (
    NBSP,
    covered,
    measurer,
    metrics,
    plain,
    rich_measurer,
    runs,
    split_words,
    tokens,
    typeset,
    unwidowed,
    widow,
    wrap,
    wrap_exact,
)
from packpack.spec.model import Post


@dataclass(frozen=True)
class Part:
    """A block waiting to be set: its text and how it relates to the group's base size."""

    field: str
    text: str
    bold: bool
    colour: str
    scale: float  # its font size as a multiple of the group's base size
    lead: float  # baseline-to-baseline distance inside the block, in its own font size
    space: float = 0.0  # extra distance from the block before, in base sizes
    nowrap: bool = False
    faces: tuple[str, str] | None = None  # its own (regular, bold) faces, if not the group's
    rtl: bool = False  # set right to left: lines flush right, runs ordered from the right


@dataclass(frozen=True)
class Setting:
    part: Part
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


FontFiles = tuple[str, str]  # the regular and the bold font file: fonts[bold] is the one to use


# How loosely words may be set, tried in order until one fits: first as each layout prefers
# (a short closing on one line, each item on one line, web addresses whole, no lone short
# word ending a heading), then with addresses split, then any part may wrap, then a lone
# short last word is allowed, then no part is set larger than the base size (a long
# closing word set as large as the items, not 1.45 times larger). Each step only adds
# arrangements, so a text that fits at all fits in the last one, and so does every text
# made of its first words.
PASSES = ((False, 0), (True, 0), (True, 1), (True, 2), (True, 3))  # (split addresses, looseness)


@functools.lru_cache(maxsize=2048)
def set_group(parts: tuple[Part, ...], base: int, width: int, fonts_: FontFiles,
               split: bool = False, loose: int = 0) -> tuple[Setting, ...] | None:
    """The parts set at a base size inside `width`, stacked from y = 0; None if a word is
    too wide (or, strictly set, no arrangement avoids a lone short last word).

    `loose` 1 lets every part wrap (a short closing, an item); 2 allows a lone short last
    word; 3 also sets no part larger than `base`. Remembered: composing searches over
    sizes and tries the same ones again, the callout is set alike on every post, and the
    lint composes every graphic before the build does.
    """
    out: list[Setting] = []
    previous = 0
    for part in parts:
        size = max(1, round(base * _scale(part, loose)))
        faces = part.faces or fonts_
        path = faces[part.bold]
        measure = rich_measurer(path, faces[True], size)
        nowrap = part.nowrap and loose == 0
        lines = wrap(part.text, width, measure, nowrap, split,
                     paragraph=part.field == "callout")
        if part.field != "callout" and not nowrap and loose < 2 and (
                lines is None or widow(lines)):
            lines = unwidowed(part.text, width, measure, split)
        if lines is None and loose >= 2:
            lines = wrap_exact(part.text, width, measure, split)
        if lines is None or (part.field != "callout" and loose < 2 and widow(lines)):
            return None
        ascent, descent = metrics(path, size)
        pitch = round(size * part.lead)
        first = previous + pitch + round(part.space * base) if out else ascent
        baselines = tuple(first + i * pitch for i in range(len(lines)))
        widths = tuple(math.ceil(measure(line)) for line in lines)
        out.append(Setting(part, path, faces[True], size, tuple(lines), widths, baselines,
                        ascent, descent))
        previous = baselines[-1]
    return tuple(out)


def _scale(part: Part, loose: int) -> float:
    """A part's size as a multiple of the base size, set this loosely."""
    return min(part.scale, 1.0) if loose >= 3 else part.scale


def height(group: Sequence[Setting]) -> int:
    return max(s.bottom for s in group) - min(s.top for s in group)


def _fitted(parts: tuple[Part, ...], base: int, box: Box, fonts_: FontFiles, split: bool,
            loose: int) -> Sequence[Setting] | None:
    """The parts set at a base size this loosely, if they fit `box`; else None."""
    group = set_group(parts, base, box.w, fonts_, split, loose)
    return group if group is not None and height(group) <= box.h else None


def _search(parts: tuple[Part, ...], box: Box, fonts_: FontFiles, smallest: int,
            largest: int, split: bool, loose: int) -> Sequence[Setting] | None:
    """The group at the largest base size in [smallest, largest] that fits `box` set this
    loosely, or None. Whether some arrangement fits only gets harder as the size grows
    (the same breaks at a smaller size are narrower and shorter), so halving finds it."""
    def fits(base: int) -> Sequence[Setting] | None:
        return _fitted(parts, base, box, fonts_, split, loose)

    lo, hi = smallest, max(smallest, largest)
    best = fits(lo)
    if best is None:
        return None
    while hi > lo:
        mid = (lo + hi + 1) // 2
        attempt = fits(mid)
        if attempt is not None:
            lo, best = mid, attempt
        else:
            hi = mid - 1
    return best


def fit_group(parts: tuple[Part, ...], box: Box, fonts_: FontFiles, smallest: int,
               largest: int) -> tuple[Sequence[Setting], bool]:
    """The group at the largest base size (at most `largest`) that fits `box`, set as
    strictly as any legible size allows (`PASSES`).

    `smallest` is the least base size at which every part is legible; if even that does
    not fit, however the words break, the group is set at it on one unbounded line each,
    and the second value is False (`why_not` says why, in numbers).
    """
    for split, loose in PASSES:
        best = _search(parts, box, fonts_, smallest, largest, split, loose)
        if best is not None:
            return best, True
    return set_group(parts, smallest, 10**6, fonts_) or (), False


@dataclass(frozen=True)
class Misfit:
    """Why a group does not fit its box at its smallest legible size, in numbers: the part
    and the word too wide for the box (`word` empty when every word fits but the lines are
    too many), what it measures and the room it has, in px, at `size` px."""

    field: str
    word: str
    size: int
    need: int
    room: int
    lines: int = 0


def why_not(parts: tuple[Part, ...], box: Box, fonts_: FontFiles, smallest: int) -> Misfit:
    """Why `fit_group` found no setting: the widest word wider than the box, else the
    height of the fewest lines the words can take against the box's height."""
    worst: Misfit | None = None
    for part in parts:
        size = max(1, round(smallest * _scale(part, PASSES[-1][1])))
        faces = part.faces or fonts_
        measure = rich_measurer(faces[part.bold], faces[True], size)
        for token in _pieces(part.text, box.w, measure):
            need = math.ceil(measure(token))
            if need > box.w and (worst is None or need - box.w > worst.need - worst.room):
                worst = Misfit(part.field, plain(token).replace(NBSP, " "), size, need, box.w)
    if worst is not None:
        return worst
    group = set_group(parts, smallest, box.w, fonts_, *PASSES[-1]) or ()
    return Misfit("", "", smallest, height(group) if group else 0, box.h,
                  sum(len(s.lines) for s in group))


def _pieces(text: str, width: int, measure: Callable[[str], float]) -> list[str]:
    """The pieces a text breaks into at its loosest (words, web addresses cut up)."""
    return [t.text for t in tokens(split_words(text), lambda w: measure(w) <= width, True)]


def place(group: Sequence[Setting], x: int, y: int, background: str,
          width: int | None = None) -> list[TextBlock]:
    """Set blocks at a position: each block's box spans its lines' ascent to descent.

    Given the `width` they were set in, a block written right to left (Urdu, Arabic) has
    its lines flush with the right edge, where its lines begin."""
    top = min(s.top for s in group)
    out = []
    for s in group:
        lines = []
        rtl = width is not None and s.part.rtl
        for t, w, b in zip(s.lines, s.widths, s.baselines, strict=True):
            left = x + width - w if rtl and width is not None else x
            # a fallback face for what the part's face lacks (Latin letters in an Urdu line)
            if rtl:
                pieces = _from_the_right(_directed(runs(t), s.font, s.bold_font), s.size, w)
            else:
                chunks = [chunk for text, heavy in runs(t)
                          for chunk in covered(s.bold_font if heavy else s.font, text)]
                pieces, at = [], 0.0
                for drawn_in, piece in chunks:
                    pieces.append(Span(piece.replace(NBSP, " "), drawn_in, round(at)))
                    at += measurer(drawn_in, s.size)(piece)
            lines.append(Line(plain(t).replace(NBSP, " "), left, y - top + b, w,
                              tuple(pieces)))
        box = Box(min(line.x for line in lines), y - top + s.top, max(s.widths),
                  s.bottom - s.top)
        out.append(TextBlock(s.part.field, plain(s.part.text), tuple(lines), s.font,
                             s.part.bold, s.size, box, s.part.colour, background))
    return out


def _directed(marked: list[tuple[str, bool]], regular: str, bold: str
              ) -> list[tuple[str, str, bool]]:
    """A right-to-left line's (text, bold) runs as (face, text, right to left?) chunks in
    logical order: each character's direction resolved across the whole line first (so that
    a face's fallback cannot split "24/7" or join "7" to the Urdu word after it), then each
    run of one direction and weight in its faces."""
    flat = directions("".join(text for text, _ in marked))
    out: list[tuple[str, str, bool]] = []
    at = 0
    for text, heavy in marked:
        start = 0
        for i in range(1, len(text) + 1):
            if i == len(text) or flat[at + i] != flat[at + start]:
                rtl = flat[at + start]
                out += [(face, chunk, rtl) for face, chunk in
                        covered(bold if heavy else regular, text[start:i])]
                start = i
        at += len(text)
    return out


def _from_the_right(chunks: list[tuple[str, str, bool]], size: int, width: int) -> list[Span]:
    """A right-to-left line's chunks (face, text, right to left?: in logical order) placed
    from its right edge: each right-to-left chunk in turn leftwards (raqm orders the letters
    inside it), and left-to-right chunks next to each other (a Latin word, then its digits)
    kept in their own order, as Unicode's bidirectional rules place them."""
    groups: list[tuple[bool, list[tuple[str, str]]]] = []  # (left to right?, its chunks)
    for face, text, rtl in chunks:
        if not rtl and groups and groups[-1][0]:
            groups[-1][1].append((face, text))
        else:
            groups.append((not rtl, [(face, text)]))
    out: list[Span] = []
    at = float(width)
    for _, group in groups:
        at -= sum(measurer(face, size)(text) for face, text in group)
        x = at
        for face, text in group:
            out.append(Span(text.replace(NBSP, " "), face, round(x)))
            x += measurer(face, size)(text)
    return sorted(out, key=lambda span: span.x)


@dataclass(frozen=True)
class Style:
    """How a layout sets its words: the parts, and the largest base size (x canvas width)."""

    parts: tuple[Part, ...]
    largest: float


def style_of(post: Post, text: str, accent: str, faces: FontFiles,
             rtl: bool = False) -> Style:
    """The parts of a post's words, with the hierarchy its layout calls for; a part in a
    script the brand's `faces` lack (Urdu, Arabic) set in a shipped face for it; every part
    set right to left in a post written so (`rtl`), else a part whose words begin so."""
    glyphs = fonts.cmap(Path(faces[True]))
    heading, items, closing = (together(typeset(post.heading, glyphs)),
                               [together(typeset(i, glyphs)) for i in post.items],
                               together(typeset(post.closing, glyphs)))
    parts: list[Part] = []
    short = len(closing.split()) <= 3  # a punchline of a few words reads best on one line

    def add(field: str, words: str, **kw: object) -> None:
        if words.strip():
            own = faces_for(words, *faces)
            parts.append(Part(field, words, **kw,  # type: ignore[arg-type]
                              faces=None if own == faces else own,
                              rtl=rtl or is_rtl(plain(words))))

    if post.layout == "list":
        add("heading", heading, bold=True, colour=text, scale=0.62, lead=1.15)
        for i, item in enumerate(items):
            add(f"items[{i}]", item, bold=True, colour=text, scale=1.0, lead=1.08,
                space=0.42 if i == 0 else 0.0, nowrap=True)
        add("closing", closing, bold=True, colour=accent, scale=0.62, lead=1.15, space=0.5,
            nowrap=short)
        return Style(tuple(parts), 0.16)
    if post.layout == "questions":
        for i, item in enumerate(items):
            add(f"items[{i}]", item, bold=False, colour=text, scale=1.0, lead=1.18,
                space=0.0 if i == 0 else 0.42)
        add("closing", closing, bold=True, colour=accent, scale=1.3, lead=1.05, space=0.55,
            nowrap=short)
        return Style(tuple(parts), 0.078)
    if post.layout == "stack":
        add("heading", heading, bold=True, colour=text, scale=0.62, lead=1.0)
        for i, item in enumerate(items):
            add(f"items[{i}]", item, bold=True, colour=text, scale=1.0, lead=1.0,
                space=0.06 if i == 0 else 0.0, nowrap=True)
        add("closing", closing, bold=True, colour=accent, scale=1.45, lead=1.0, space=0.12,
            nowrap=short)
        return Style(tuple(parts), 0.1)
    # statement
    add("heading", heading, bold=True, colour=text, scale=1.0, lead=1.1)
    add("closing", closing, bold=True, colour=accent, scale=1.2, lead=1.05, space=0.45,
        nowrap=short)
    return Style(tuple(parts), 0.14)


def smallest_base(parts: Sequence[Part], smallest: int) -> int:
    """The least base size at which every part is at least `smallest` px."""
    return max((math.ceil(smallest / p.scale - 1e-9) for p in parts), default=smallest)


def fits_at(parts: tuple[Part, ...], base: int, box: Box, faces: FontFiles) -> bool:
    """Whether the parts fit `box` at a base size, however loosely set (`PASSES`)."""
    return any(_fitted(parts, base, box, faces, split, loose) is not None
               for split, loose in PASSES)
