"""The print edition's copies of the post graphics: drawn again from their plans in CMYK.

A copy is drawn from the graphic's plan, not converted from its PNG: the flat colours come out
the same as converted, text and logo edges are blended in ink, and drawing is much quicker
than converting. Graphics make the copies as they are made (`print_copy`, which the
build's table of kinds hands to the graphics' planner), spread over every worker, and keep
them in the build's memo, where the print edition finds them; without a cache, the edition
draws each itself.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from packpack.core.outputs import BuildContext
from packpack.plan.pack import graphic_size, graphic_width, max_pixels
from packpack.spec.model import Campaign, Post

if TYPE_CHECKING:  # (planning imports neither Pillow nor the pack's drawing code)
    from PIL.Image import Image

    from packpack.plan.graphic import Plan
    from packpack.render.pdf.images import Embedded, Memo


def print_graphic(campaign: Campaign, post: Post, data: bytes, memo: Memo | None,
                  image: Image | None = None) -> Embedded:
    """A post's graphic (`data`: its PNG) as the print edition places it, kept in `memo`;
    `image`: its CMYK drawing, if the caller has it at hand."""
    from packpack.render.pdf import images

    width = max_pixels(graphic_width(campaign))

    def drawn() -> bytes:
        im = image
        if im is None:
            from packpack.render import graphics

            im = graphics.draw(graphics.legible(campaign, post, graphic_size(campaign)),
                               cmyk=True)
        return images.decoded(data, True, width, im).to_bytes()

    if memo is None:
        return images.Embedded.from_bytes(drawn())
    parts = {"graphic": hashlib.sha256(data).hexdigest(), "max_width": width}
    return images.Embedded.from_bytes(memo("print-graphic", parts, drawn))


def print_copy(ctx: BuildContext, post: Post, size_id: str, plan: Plan, data: bytes) -> None:
    """As a post's graphic is made (`plan`, `data`: its plan and PNG), its print copy, if it is
    the size the pack places and the build keeps a cache to hand it on in (see
    `print_graphic`); the graphics' planner is given this by the build's table of kinds."""
    if ctx.cache is None or size_id != graphic_size(ctx.campaign):
        return
    from packpack.render import graphics

    print_graphic(ctx.campaign, post, data, ctx.memo, graphics.draw(plan, cmyk=True))
