"""Drawing primitives the graphics and the contact sheet share: a run of text as a coverage
mask, and an image reduced to a thumbnail."""

from __future__ import annotations

import functools
from typing import Any

from packpack.plan import typeset


@functools.lru_cache(maxsize=256)
def text_mask(font: str, size: int, text: str) -> tuple[Any, tuple[int, int]]:
    """A run of text as a coverage mask, and where its corner lies from the run's baseline
    origin: the same pixels `ImageDraw.text` draws (cached: the help callout and much else
    recurs on every post, and rasterising glyphs is most of the cost of drawing)."""
    from PIL import Image

    # the mask and offset `ImageDraw.text` draws from, without laying the text out twice
    # (once for its box) or copying the mask into an image of that box
    mask, offset = typeset.font(font, size).getmask2(text, mode="L", anchor="ls")
    return Image.Image()._new(mask), offset


def thumbnail(im: Any, row: int) -> Any:
    """An image reduced to `row` pixels high, as RGB."""
    from PIL import Image

    w = round(row * im.width / im.height)
    # a box filter by a whole factor, then bilinear the rest of the way (less than 2x):
    # cheaper than Lanczos from full size, and as good at thumbnail size
    small = (im if im.mode == "RGB" else im.convert("RGB")).reduce(max(1, im.height // row))
    return small.resize((w, row), Image.Resampling.BILINEAR)


# ---------------------------------------------------------------------------------------------
# contact sheet
