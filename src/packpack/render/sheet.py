"""The contact sheet: every post in every size, labelled, on one PNG; drawn and compressed one
band at a time (the header, each post's row, the bottom margin), so memory stays that of one
band however many posts there are."""

from __future__ import annotations

import io
from typing import Any

from packpack.core import paths
from packpack.core.outputs import BuildContext, Output
from packpack.core.png import PngStream
from packpack.plan import typeset
from packpack.render.raster import text_mask, thumbnail
from packpack.spec.model import Campaign, Post

SHEET_ROW = 320  # thumbnail height, for campaigns of a few posts
SHEET_PIXELS = 30_000_000  # larger campaigns get smaller thumbnails, to bound its size
SHEET_GAP = 40
SHEET_BACKGROUND = "#EDEBF0"
SHEET_INK = "#1F1A24"
SHEET_MUTED = "#5C5566"
LABEL_W = 300  # the column of post names
HEADER = 150
CAPTION = 70  # under each row of thumbnails, for the sizes' labels


def thumb_name(key: str, width: int, height: int) -> str:
    """The scratch file holding a graphic's contact-sheet thumbnail as raw RGB pixels."""
    return f"thumb-{key}-{width}x{height}.rgb"


def row_height(campaign: Campaign) -> int:
    """The thumbnail height of a campaign's contact sheet."""
    return thumbnail_height(len(campaign.spec.posts),
                            [campaign.sizes[s].width / campaign.sizes[s].height
                             for s in campaign.target_sizes])


def thumbnail_height(posts: int, aspects: list[float]) -> int:
    """The thumbnail height for so many posts in sizes of these aspect ratios: SHEET_ROW, less
    for a campaign whose sheet would be too big."""
    row = SHEET_ROW
    while row > 48:
        width = 300 + sum(row * a for a in aspects) + SHEET_GAP * (len(aspects) + 1)
        if width * (150 + posts * (row + 110)) <= SHEET_PIXELS:
            break
        row -= 16
    return row


def make(ctx: BuildContext, output: Output, *, keys: dict[tuple[str, str], str]) -> None:
    """Write the contact sheet; `keys`: each graphic's output key, which names its thumbnail
    (made as the graphic was made, or else decoded from the graphic in the build)."""
    c = ctx.campaign
    sizes = c.target_sizes
    row = row_height(c)
    widths = [round(row * c.sizes[s].width / c.sizes[s].height) for s in sizes]
    width = LABEL_W + sum(widths) + SHEET_GAP * (len(sizes) + 1)
    row_h = row + CAPTION + SHEET_GAP
    png = PngStream(width, HEADER + row_h * len(c.spec.posts) + SHEET_GAP)
    png.add(_header(c, width))
    for post in c.spec.posts:
        png.add(_post_band(ctx, post, keys, row, widths, width))
    from PIL import Image

    png.add(Image.new("RGB", (width, SHEET_GAP + 1), SHEET_BACKGROUND))
    with ctx.path(output.path).open("wb") as out:
        png.write(out)


def _header(c: Campaign, width: int) -> Any:
    """The title and the counts (a pixel short: a post's band starts a pixel above its
    thumbnails, for their frames)."""
    from PIL import Image, ImageDraw

    bold, regular = str(c.file(c.spec.brand.fonts.bold)), str(c.file(c.spec.brand.fonts.regular))
    band = Image.new("RGB", (width, HEADER - 1), SHEET_BACKGROUND)
    pen = ImageDraw.Draw(band)
    title = typeset.drawable(c.spec.campaign.title, bold)
    pen.text((SHEET_GAP, 60), title, font=typeset.font(bold, 44), fill=SHEET_INK, anchor="ls")
    counts = typeset.drawable(f"Contact sheet: {len(c.spec.posts)} posts × "
                              f"{len(c.target_sizes)} sizes", regular, "x")
    pen.text((SHEET_GAP, 106), counts, font=typeset.font(regular, 28), fill=SHEET_MUTED,
             anchor="ls")
    return band


def _post_band(ctx: BuildContext, post: Post, keys: dict[tuple[str, str], str], row: int,
               widths: list[int], width: int) -> Any:
    """One post's row: its name and id, then its thumbnail in every size, labelled."""
    from PIL import Image, ImageDraw

    c = ctx.campaign
    bold, regular = str(c.file(c.spec.brand.fonts.bold)), str(c.file(c.spec.brand.fonts.regular))
    band = Image.new("RGB", (width, row + CAPTION + SHEET_GAP), SHEET_BACKGROUND)
    pen = ImageDraw.Draw(band)
    top = 1
    name = typeset.drawable(typeset.typeset(post.title or post.id), bold)
    lines = typeset.wrap(name, LABEL_W - SHEET_GAP, typeset.font(bold, 30).getlength) or [name]
    for i, line in enumerate(lines):
        pen.text((SHEET_GAP, top + 40 + 36 * i), line, font=typeset.font(bold, 30),
                 fill=SHEET_INK, anchor="ls")
    pen.text((SHEET_GAP, top + 40 + 36 * len(lines)), post.id, font=typeset.font(regular, 22),
             fill=SHEET_MUTED, anchor="ls")
    x = LABEL_W + SHEET_GAP
    for size_id, w in zip(c.target_sizes, widths, strict=True):
        made = ctx.scratch(thumb_name(keys[(post.id, size_id)], w, row))
        if made.is_file():  # the graphic was made in this build: its thumbnail is here
            thumb = Image.frombytes("RGB", (w, row), made.read_bytes())
        else:  # reused from the cache
            with Image.open(io.BytesIO(ctx.read(paths.graphic(post.id, size_id)))) as im:
                thumb = thumbnail(im, row)
        pen.rectangle((x - 1, top - 1, x + w, top + row), fill="#C9C4D1")
        band.paste(thumb, (x, top))
        size = c.sizes[size_id]
        # the same labels under every post: drawn from cached masks
        mask, (dx, dy) = text_mask(bold, 22, size_id)
        pen.bitmap((x + dx, top + row + 30 + dy), mask, fill=SHEET_INK)
        dims = typeset.drawable(f"{size.width}×{size.height}", regular, "x")
        mask, (dx, dy) = text_mask(regular, 22, dims)
        pen.bitmap((x + dx, top + row + 58 + dy), mask, fill=SHEET_MUTED)
        x += w + SHEET_GAP
    return band
