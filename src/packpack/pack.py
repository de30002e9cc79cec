"""The stakeholder pack PDF, in a screen edition and a print edition.

`plan` lists the two PDFs as plain values (no ReportLab import, so planning stays quick);
`pack_pdf` draws them, with the content laid out by `pack_story`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from packpack.core import paths
from packpack.core.outputs import BuildContext, Output, key
from packpack.spec.model import Campaign, Post

if TYPE_CHECKING:  # (planning imports neither Pillow nor the pack's drawing code)
    from PIL.Image import Image

    from packpack.pack_image import Embedded, Memo

VARIANTS = ("screen", "print")
PREFERRED_SIZE = "instagram-square"  # one shape for every post keeps the pages alike
PRINT_PPI = 300
GRAPHIC_MM = 80  # printed width of a post's graphic: 1080 px is 343 ppi at this size
POINTS_PER_MM = 72 / 25.4


def graphic_size(campaign: Campaign) -> str:
    """The size each post's graphic is placed from: square if rendered, else the largest."""
    sizes = campaign.target_sizes
    if PREFERRED_SIZE in sizes:
        return PREFERRED_SIZE
    return max(sizes, key=lambda s: (campaign.sizes[s].width * campaign.sizes[s].height, s))


def max_pixels(width_pt: float) -> int:
    """The most pixels across worth embedding for a printed width (2 x 300 ppi)."""
    return round(width_pt / 72 * PRINT_PPI * 2)


def graphic_width(campaign: Campaign) -> float:
    """How wide (in points) each post's graphic is placed: GRAPHIC_MM, or less if that would
    print it under 300 ppi."""
    size = campaign.sizes[graphic_size(campaign)]
    return min(GRAPHIC_MM * POINTS_PER_MM, size.width / PRINT_PPI * 72)


def print_graphic(campaign: Campaign, post: Post, data: bytes, memo: Memo | None,
                  image: Image | None = None) -> Embedded:
    """A post's graphic (`data`: its PNG) as the print edition places it, kept in `memo`.

    It is drawn again from its plan in CMYK (`image`: the drawing, if the graphic's maker has
    it at hand), not converted from the PNG: the flat colours come out the same as converted,
    text and logo edges are blended in ink, and drawing takes a fifth of the time converting
    did. Graphics make it as they are made, spread over every worker, so the print edition
    finds it in the memo; without a cache, the edition draws it itself.
    """
    from packpack import pack_image

    width = max_pixels(graphic_width(campaign))

    def drawn() -> bytes:
        im = image
        if im is None:
            from packpack import graphics

            im = graphics.draw(graphics.legible(campaign, post, graphic_size(campaign)),
                               cmyk=True)
        return pack_image.decoded(data, True, width, im).to_bytes()

    if memo is None:
        return pack_image.Embedded.from_bytes(drawn())
    parts = {"graphic": hashlib.sha256(data).hexdigest(), "max_width": width}
    return pack_image.Embedded.from_bytes(memo("print-graphic", parts, drawn))


def inputs(campaign: Campaign) -> list:
    """The files (fonts, logos) whose bytes shape the pack."""
    spec = campaign.spec
    files = [campaign.file(spec.brand.fonts.regular), campaign.file(spec.brand.fonts.bold)]
    for org_id in spec.brand.logos:
        logo = spec.organisations[org_id].logo
        if logo:
            files.append(campaign.file(logo))
    return files


# Packs of up to this many posts may be made at the same time; larger ones one after the
# other: each holds every image it places, and two at once would double the build's peak.
TOGETHER_UP_TO = 24


def plan(campaign: Campaign) -> list[Output]:
    """The screen and print editions of the stakeholder pack."""
    size = graphic_size(campaign)
    needs = tuple(paths.graphic(p.id, size) for p in campaign.spec.posts)
    files = inputs(campaign)
    return [Output(path=paths.pdf(campaign.spec.pack.filename, variant), kind="pdf",
                   make=_make, meta={"variant": variant},
                   key=key("pack", variant, repr(campaign.spec), needs, files=files),
                   needs=needs, cpu=True, cost=5 + len(campaign.spec.posts),
                   exclusive="pdf" if len(campaign.spec.posts) > TOGETHER_UP_TO else "")
            for variant in VARIANTS]


class _Graphics(Mapping[str, bytes]):
    """Each post's graphic, read from the build only when the pack places it: a campaign of
    hundreds of posts never holds every PNG at once."""

    def __init__(self, ctx: BuildContext, paths_by_post: dict[str, str]):
        self.ctx, self.paths = ctx, paths_by_post

    def __getitem__(self, post_id: str) -> bytes:
        return self.ctx.read(self.paths[post_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


def _make(ctx: BuildContext, output: Output) -> None:
    from packpack import pack_pdf

    graphics = _Graphics(ctx, {post.id: path for post, path in zip(
        ctx.campaign.spec.posts, output.needs, strict=True)})
    with ctx.path(output.path).open("wb") as out:  # written as it is made: never held whole
        pack_pdf.render(ctx.campaign, output.meta["variant"], graphics, memo=ctx.memo, out=out)
    return None
