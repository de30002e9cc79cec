"""A post's graphic as plain frozen values: every box, line, font, colour and logo on it.

`plan.compose` makes a `Plan`; `render.graphics` draws exactly what it says; tests check
plans without pixels.
"""

from __future__ import annotations

from dataclasses import dataclass


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
class Span:
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
    runs: tuple[Span, ...]


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
    """Where one organisation's logo goes: its file and its box. The logo's visible part
    (transparent margins trimmed: `spec.logos.visible`) is scaled into `box` without
    distortion."""

    name: str
    file: str
    box: Box


@dataclass(frozen=True)
class Issue:
    """A rule a plan breaks: the spec field to change, what is wrong, and how to fix it."""

    field: str
    what: str
    fix: str
    warning: bool = False  # a finding to weigh, not a broken output


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
