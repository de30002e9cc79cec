"""Built-in platform presets: canvas size, safe zone, caption and alt-text limits, file limit.

A campaign gets these without writing them; its `sizes:` may override any field of a
preset or add sizes of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from packpack.spec.model import SafeZone, Size

MB = 1_000_000


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


PRESETS: dict[str, Size] = {  # what a spec's `sizes:` may override, field by field
    "instagram-square": Size(width=1080, height=1080,
                             label="Instagram, Threads and Bluesky square",
                             platforms=["instagram", "threads", "bluesky"]),
    "instagram-portrait": Size(width=1080, height=1350, label="Instagram portrait feed post",
                               platforms=["instagram"]),
    "story": Size(width=1080, height=1920, label="Stories and reels (Instagram, Facebook)",
                  platforms=["instagram", "facebook"], safe=SafeZone(top=250, bottom=340)),
    "facebook": Size(width=1200, height=630, label="Facebook link and feed post",
                     platforms=["facebook"]),
    "x": Size(width=1600, height=900, label="X (Twitter) in-stream image", platforms=["x"]),
    "linkedin": Size(width=1200, height=627, label="LinkedIn shared image",
                     platforms=["linkedin"]),
}
