"""Built-in platform presets: canvas size, safe zone, caption and alt-text limits, file limit.

A campaign gets these without writing them; its `sizes:` may override any field of a
preset or add sizes of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MB = 1_000_000


@dataclass(frozen=True)
class Safe:
    """Insets in pixels that a platform's interface may cover; nothing important goes there."""

    top: int = 0
    right: int = 0
    bottom: int = 0
    left: int = 0


@dataclass(frozen=True)
class Platform:
    """What a platform accepts in a post: caption length and how it is counted, alt text, files."""

    name: str
    caption_limit: int
    caption_count: str = "chars"  # chars | x-weighted | graphemes
    alt_limit: int | None = None
    max_bytes: int = 5 * MB
    max_links: int | None = None
    max_hashtags: int | None = None


PLATFORMS: dict[str, Platform] = {
    "instagram": Platform("Instagram", 2200, alt_limit=1000, max_bytes=8 * MB, max_hashtags=5),
    "facebook": Platform("Facebook", 63206, max_bytes=8 * MB),
    "x": Platform("X", 280, caption_count="x-weighted", alt_limit=1000, max_bytes=5 * MB),
    "linkedin": Platform("LinkedIn", 3000, max_bytes=5 * MB),
    "threads": Platform("Threads", 500, max_bytes=8 * MB, max_links=5),
    "bluesky": Platform("Bluesky", 300, caption_count="graphemes", alt_limit=2000,
                        max_bytes=1 * MB),
}


@dataclass(frozen=True)
class Preset:
    """A built-in size: the canvas, the platforms it is posted to, and its safe zone."""

    width: int
    height: int
    label: str
    platforms: tuple[str, ...]
    safe: Safe = field(default_factory=Safe)


PRESETS: dict[str, Preset] = {
    "instagram-square": Preset(1080, 1080, "Instagram, Threads and Bluesky square",
                               ("instagram", "threads", "bluesky")),
    "instagram-portrait": Preset(1080, 1350, "Instagram portrait feed post", ("instagram",)),
    "story": Preset(1080, 1920, "Stories and reels (Instagram, Facebook)",
                    ("instagram", "facebook"), Safe(top=250, bottom=340)),
    "facebook": Preset(1200, 630, "Facebook link and feed post", ("facebook",)),
    "x": Preset(1600, 900, "X (Twitter) in-stream image", ("x",)),
    "linkedin": Preset(1200, 627, "LinkedIn shared image", ("linkedin",)),
}
