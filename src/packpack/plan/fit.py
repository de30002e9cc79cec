"""Fitting a group of text blocks into a box: the largest legible size at which it fits,
with the hierarchy each layout calls for."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from packpack.core import fonts
from packpack.plan.graphic import Box, Line, Span, TextBlock
from packpack.plan.typeset import NBSP, measurer, metrics, plain, rich_measurer, runs, typeset, wrap
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


@functools.lru_cache(maxsize=2048)
def set_group(parts: tuple[Part, ...], base: int, width: int, fonts_: FontFiles,
               split: bool = False) -> tuple[Setting, ...] | None:
    """The parts set at a base size inside `width`, stacked from y = 0; None if a word is
    too wide.

    Remembered: composing searches over sizes and tries the same ones again, the callout
    is set alike on every post, and the lint composes every graphic before the build does.
    """
    out: list[Setting] = []
    previous = 0
    for part in parts:
        size = max(1, round(base * part.scale))
        path = fonts_[part.bold]
        measure = rich_measurer(path, fonts_[True], size)
        lines = wrap(part.text, width, measure, part.nowrap, split,
                     paragraph=part.field == "callout")
        if lines is None or (part.field != "callout" and _widow(lines)):
            return None
        ascent, descent = metrics(path, size)
        pitch = round(size * part.lead)
        first = previous + pitch + round(part.space * base) if out else ascent
        baselines = tuple(first + i * pitch for i in range(len(lines)))
        widths = tuple(math.ceil(measure(line)) for line in lines)
        out.append(Setting(part, path, fonts_[True], size, tuple(lines), widths, baselines,
                        ascent, descent))
        previous = baselines[-1]
    return tuple(out)


def _widow(lines: list[str]) -> bool:
    """Whether the words end on a lone short word ("STALKING / IS."), which reads badly."""
    return len(lines) > 1 and " " not in lines[-1] and len(lines[-1]) <= 4


def height(group: Sequence[Setting]) -> int:
    return max(s.bottom for s in group) - min(s.top for s in group)


def fit_group(parts: tuple[Part, ...], box: Box, fonts_: FontFiles, smallest: int,
               largest: int) -> tuple[Sequence[Setting], bool]:
    """The group at the largest base size (at most `largest`) that fits `box`.

    Web addresses stay whole if any legible size allows it. `smallest` is the least base
    size at which every part is legible; if even that does not fit, the group is set at it
    on one unbounded line each, and the second value is False.
    """
    for split in (False, True):
        def fits(base: int, split: bool = split) -> Sequence[Setting] | None:
            group = set_group(parts, base, box.w, fonts_, split)
            return group if group is not None and height(group) <= box.h else None

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
    return set_group(parts, smallest, 10**6, fonts_) or (), False


def place(group: Sequence[Setting], x: int, y: int, background: str) -> list[TextBlock]:
    """Set blocks at a position: each block's box spans its lines' ascent to descent."""
    top = min(s.top for s in group)
    out = []
    for s in group:
        light, dark = measurer(s.font, s.size), measurer(s.bold_font, s.size)
        lines = []
        for t, w, b in zip(s.lines, s.widths, s.baselines, strict=True):
            pieces, at = [], 0.0
            for text, heavy in runs(t):
                shown = text.replace(NBSP, " ")
                pieces.append(Span(shown, s.bold_font if heavy else s.font, round(at)))
                at += (dark if heavy else light)(text)
            lines.append(Line(plain(t).replace(NBSP, " "), x, y - top + b, w, tuple(pieces)))
        box = Box(x, y - top + s.top, max(s.widths), s.bottom - s.top)
        out.append(TextBlock(s.part.field, plain(s.part.text), tuple(lines), s.font,
                             s.part.bold, s.size, box, s.part.colour, background))
    return out


@dataclass(frozen=True)
class Style:
    """How a layout sets its words: the parts, and the largest base size (x canvas width)."""

    parts: tuple[Part, ...]
    largest: float


def style_of(post: Post, text: str, accent: str, bold: str) -> Style:
    """The parts of a post's words, with the hierarchy its layout calls for."""
    glyphs = fonts.cmap(Path(bold))
    heading, items, closing = (typeset(post.heading, glyphs),
                               [typeset(i, glyphs) for i in post.items],
                               typeset(post.closing, glyphs))
    parts: list[Part] = []
    short = len(closing.split()) <= 3  # a punchline of a few words reads best on one line

    def add(field: str, words: str, **kw: object) -> None:
        if words.strip():
            parts.append(Part(field, words, **kw))  # type: ignore[arg-type]

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
    group = set_group(parts, base, box.w, faces)
    return group is not None and height(group) <= box.h
