"""Post graphics and the contact sheet: draw what `compose.compose` planned, encode it as PNG.

One graphic per post and target size (`graphics/<post>/<size>.png`), and a contact sheet
(`contact-sheet.png`) with every post in every size, labelled. The drawing code makes no
decisions of its own: every position, size and colour comes from the layout plan.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
from collections.abc import Callable
from typing import Any

from packpack.check.legibility import problems
from packpack.core import paths
from packpack.core.colour import ink, to_cmyk
from packpack.core.errors import RenderError
from packpack.core.outputs import BuildContext, Output, key
from packpack.core.png import PngStream, encode
from packpack.plan import compose, graphic, typeset
from packpack.spec.logos import logo_art, stamp
from packpack.spec.model import Campaign, Post
from packpack.spec.platforms import PLATFORMS

Also = Callable[[BuildContext, Post, str, "graphic.Plan", bytes], None]


def plan(campaign: Campaign, also: Also | None = None) -> list[Output]:
    """One graphic per post and target size, then the contact sheet that shows them all.

    `also(ctx, post, size_id, plan, png)` is called as each graphic is made, while its plan
    and drawing are at hand: another stage may make what it needs from them (the pack's print
    copies), spread over every worker, without the graphics knowing of it."""
    make = functools.partial(_make, also=also) if also else _make
    outputs = []
    callout = compose.callout_marked(campaign)  # its words, and which of them are bold
    brand = dataclasses.asdict(campaign.spec.brand)
    digests: dict[str, str] = {}  # each font and logo file hashed once, not once per output

    def digest(relative: str) -> str:
        if relative not in digests:
            digests[relative] = hashlib.sha256(campaign.file(relative).read_bytes()).hexdigest()
        return digests[relative]

    fonts_digest = [digest(campaign.spec.brand.fonts.regular),
                    digest(campaign.spec.brand.fonts.bold)]
    # what every graphic shares, hashed once (a campaign of hundreds of posts has thousands)
    shared = key("graphics", callout, brand, fonts_digest)
    sizes = {s: dataclasses.asdict(campaign.sizes[s]) for s in campaign.target_sizes}
    organisations: dict[int, tuple[dict[str, Any], str]] = {}  # by the object's identity
    for post in campaign.spec.posts:
        logos = []
        for o in campaign.logos_for(post):
            if o.logo:
                if id(o) not in organisations:
                    organisations[id(o)] = (dataclasses.asdict(o), digest(o.logo))
                logos.append(organisations[id(o)])
        for size_id in campaign.target_sizes:
            size = campaign.sizes[size_id]
            outputs.append(Output(
                path=paths.graphic(post.id, size_id), kind="graphic", make=make,
                meta={"post": post.id, "size": size_id, "width": size.width,
                      "height": size.height},
                key=key("graphic", _drawn(post), shared, size_id, sizes[size_id], logos),
                cpu=True))
    graphics = [o.path for o in outputs]
    outputs.append(Output(
        path=paths.CONTACT_SHEET, kind="contact-sheet",
        make=functools.partial(_make_sheet, keys={
            (o.meta["post"], o.meta["size"]): o.key for o in outputs}),
        meta={"posts": [p.id for p in campaign.spec.posts], "sizes": campaign.target_sizes},
        key=key("contact-sheet", campaign.spec.campaign.title,
                [(p.id, p.title) for p in campaign.spec.posts],
                [(s, campaign.sizes[s].width, campaign.sizes[s].height, campaign.sizes[s].label)
                 for s in campaign.target_sizes],
                [o.key for o in outputs], fonts_digest),
        # about two graphics' work for a few posts (it is measured in graphics): enough to
        # start before the bundles, so that no single sheet is left to make at the end
        needs=tuple(graphics), cpu=True, cost=2 + len(campaign.spec.posts) / 5))
    return outputs


def _drawn(post: Post) -> dict[str, Any]:
    """The fields of a post that shape its graphic (not its caption, alt text or schedule)."""
    return {"id": post.id, "layout": post.layout, "heading": post.heading,
            "items": post.items, "closing": post.closing, "logos": post.logos}


def render(campaign: Campaign, post: Post, size_id: str) -> bytes:
    """A post's graphic in one size as PNG bytes; RenderError if it cannot be made legibly."""
    return encode(draw(legible(campaign, post, size_id)))


def legible(campaign: Campaign, post: Post, size_id: str) -> graphic.Plan:
    """The plan of a post's graphic in one size; RenderError if it cannot be made legibly."""
    drawing = compose.compose(campaign, post, size_id)
    found = problems(campaign, drawing)
    if found:
        raise RenderError("\n".join(str(p) for p in found))
    return drawing


def draw(plan: graphic.Plan, cmyk: bool = False) -> Any:
    """The plan drawn into an RGB image, exactly as planned; or, with `cmyk`, its print copy:
    a CMYK image painted with the same colours converted as `colour.to_cmyk` converts
    them (edges of text and logos are blended in ink rather than converted)."""
    from PIL import Image, ImageDraw

    paint: Any = _ink if cmyk else str
    im = Image.new("CMYK" if cmyk else "RGB", (plan.width, plan.height),
                   paint(plan.background))
    pen = ImageDraw.Draw(im)
    for panel in plan.panels:
        b = panel.box
        box = (b.x, b.y, b.right - 1, b.bottom - 1)
        if panel.radius:
            pen.rounded_rectangle(box, panel.radius, fill=paint(panel.colour))
        else:
            pen.rectangle(box, fill=paint(panel.colour))
    for block in plan.blocks:
        for line in block.lines:
            for run in line.runs:
                mask, (dx, dy) = _text_mask(run.font, block.size, run.text)
                pen.bitmap((line.x + run.x + dx, line.baseline + dy), mask,
                           fill=paint(block.colour))
    for logo in plan.logos:
        where = (logo.file, stamp(logo.file), logo.box.w, logo.box.h)
        art, alpha = _cmyk_logo(*where) if cmyk else (_scaled_logo(*where),) * 2
        im.paste(art, (logo.box.x, logo.box.y), alpha)
    return im


@functools.lru_cache(maxsize=64)
def _ink(colour: str) -> tuple[int, int, int, int]:
    """A plan's colour as the print copy paints it."""
    from PIL import ImageColor

    return ink(ImageColor.getrgb(colour)[:3])


@functools.lru_cache(maxsize=128)
def _cmyk_logo(path: str, stamp: tuple[int, int], w: int, h: int) -> tuple[Any, Any]:
    """A scaled logo's colours in CMYK and its alpha, for the print copy (cached as
    `_scaled_logo` is)."""
    art = _scaled_logo(path, stamp, w, h)
    return to_cmyk(art), art.getchannel("A")


@functools.lru_cache(maxsize=256)
def _text_mask(font: str, size: int, text: str) -> tuple[Any, tuple[int, int]]:
    """A run of text as a coverage mask, and where its corner lies from the run's baseline
    origin: the same pixels `ImageDraw.text` draws (cached: the help callout and much else
    recurs on every post, and rasterising glyphs is most of the cost of drawing)."""
    from PIL import Image

    # the mask and offset `ImageDraw.text` draws from, without laying the text out twice
    # (once for its box) or copying the mask into an image of that box
    mask, offset = typeset.font(font, size).getmask2(text, mode="L", anchor="ls")
    return Image.Image()._new(mask), offset


@functools.lru_cache(maxsize=128)
def _scaled_logo(path: str, stamp: tuple[int, int], w: int, h: int) -> Any:
    """A logo's visible part (as the layout trimmed and decoded it, alpha premultiplied)
    scaled to w x h, its colours untouched (cached: every post in a size uses the same
    logos)."""
    from PIL import Image

    return logo_art(path, stamp)[1].resize((w, h), Image.Resampling.LANCZOS,
                                                  reducing_gap=3.0).convert("RGBA")


def _make(ctx: BuildContext, output: Output, also: Also | None = None) -> bytes:
    c = ctx.campaign
    post = next(p for p in c.spec.posts if p.id == output.meta["post"])
    plan = legible(c, post, output.meta["size"])
    im = draw(plan)
    # the contact sheet's thumbnail, made now (in parallel, from the image in memory) rather
    # than by decoding the PNG again later; named by the output's key, so it is this image
    row = _sheet_row(len(c.spec.posts), [c.sizes[s].width / c.sizes[s].height
                                         for s in c.target_sizes])
    thumb = _thumbnail(im, row)
    ctx.scratch(_thumb_name(output.key, *thumb.size)).write_bytes(thumb.tobytes())
    data = encode(im)
    check_file_size(c, post.id, output.meta["size"], len(data))
    if also is not None:
        also(ctx, post, output.meta["size"], plan, data)
    return data


def _thumb_name(key: str, width: int, height: int) -> str:
    """The scratch file holding a graphic's contact-sheet thumbnail as raw RGB pixels."""
    return f"thumb-{key}-{width}x{height}.rgb"


def check_file_size(campaign: Campaign, post: str, size_id: str, size_bytes: int) -> None:
    """RenderError if a graphic is larger than a platform it is posted to accepts."""
    for name in campaign.sizes[size_id].platforms:
        platform = PLATFORMS.get(name)
        if platform and size_bytes > platform.max_bytes:
            raise RenderError(
                f"post '{post}', size '{size_id}': the graphic is {size_bytes:,} bytes, over "
                f"{platform.name}'s limit of {platform.max_bytes:,}; use logos with fewer "
                "colours and detail (flat PNGs), or leave this size out of campaign.sizes")


def _thumbnail(im: Any, row: int) -> Any:
    from PIL import Image

    w = round(row * im.width / im.height)
    # a box filter by a whole factor, then bilinear the rest of the way (less than 2x):
    # a third of the cost of Lanczos from full size, and as good at thumbnail size
    small = (im if im.mode == "RGB" else im.convert("RGB")).reduce(max(1, im.height // row))
    return small.resize((w, row), Image.Resampling.BILINEAR)


# ---------------------------------------------------------------------------------------------
# contact sheet

SHEET_ROW = 320  # thumbnail height, for campaigns of a few posts
SHEET_PIXELS = 30_000_000  # larger campaigns get smaller thumbnails, to bound its size
SHEET_GAP = 40
SHEET_BACKGROUND = "#EDEBF0"
SHEET_INK = "#1F1A24"
SHEET_MUTED = "#5C5566"


def _make_sheet(ctx: BuildContext, output: Output, *,
                keys: dict[tuple[str, str], str]) -> None:
    from PIL import Image, ImageDraw

    c = ctx.campaign
    posts = c.spec.posts
    sizes = c.target_sizes
    bold = str(c.file(c.spec.brand.fonts.bold))
    regular = str(c.file(c.spec.brand.fonts.regular))
    row = _sheet_row(len(posts), [c.sizes[s].width / c.sizes[s].height for s in sizes])
    widths = [round(row * c.sizes[s].width / c.sizes[s].height) for s in sizes]
    label_w = 300
    header = 150
    caption = 70
    width = label_w + sum(widths) + SHEET_GAP * (len(sizes) + 1)
    row_h = row + caption + SHEET_GAP
    height = header + row_h * len(posts) + SHEET_GAP
    # drawn and compressed one band at a time (the header, each post's row, the bottom
    # margin), so memory stays that of one band however many posts there are; a post's band
    # starts a pixel above its thumbnails, for their frames
    png = PngStream(width, height)
    band = Image.new("RGB", (width, header - 1), SHEET_BACKGROUND)
    pen = ImageDraw.Draw(band)
    title = typeset.drawable(c.spec.campaign.title, bold)
    pen.text((SHEET_GAP, 60), title, font=typeset.font(bold, 44), fill=SHEET_INK, anchor="ls")
    counts = typeset.drawable(f"Contact sheet: {len(posts)} posts × {len(sizes)} sizes",
                             regular, "x")
    pen.text((SHEET_GAP, 106), counts, font=typeset.font(regular, 28), fill=SHEET_MUTED,
             anchor="ls")
    png.add(band)
    small = typeset.font(regular, 22)
    top = 1
    for post in posts:
        band = Image.new("RGB", (width, row_h), SHEET_BACKGROUND)
        pen = ImageDraw.Draw(band)
        name = typeset.drawable(typeset.typeset(post.title or post.id), bold)
        lines = typeset.wrap(name, label_w - SHEET_GAP, typeset.font(bold, 30).getlength) or \
            [name]
        for i, line in enumerate(lines):
            pen.text((SHEET_GAP, top + 40 + 36 * i), line, font=typeset.font(bold, 30),
                     fill=SHEET_INK, anchor="ls")
        pen.text((SHEET_GAP, top + 40 + 36 * len(lines)), post.id, font=small,
                 fill=SHEET_MUTED, anchor="ls")
        x = label_w + SHEET_GAP
        for size_id, w in zip(sizes, widths, strict=True):
            made = ctx.scratch(_thumb_name(keys[(post.id, size_id)], w, row))
            if made.is_file():  # the graphic was made in this build: its thumbnail is here
                thumb = Image.frombytes("RGB", (w, row), made.read_bytes())
            else:  # reused from the cache
                with Image.open(io.BytesIO(ctx.read(paths.graphic(post.id, size_id)))) as im:
                    thumb = _thumbnail(im, row)
            pen.rectangle((x - 1, top - 1, x + w, top + row), fill="#C9C4D1")
            band.paste(thumb, (x, top))
            size = c.sizes[size_id]
            # the same labels under every post: drawn from cached masks
            mask, (dx, dy) = _text_mask(bold, 22, size_id)
            pen.bitmap((x + dx, top + row + 30 + dy), mask, fill=SHEET_INK)
            dims = typeset.drawable(f"{size.width}×{size.height}", regular, "x")
            mask, (dx, dy) = _text_mask(regular, 22, dims)
            pen.bitmap((x + dx, top + row + 58 + dy), mask, fill=SHEET_MUTED)
            x += w + SHEET_GAP
        png.add(band)
    png.add(Image.new("RGB", (width, SHEET_GAP + 1), SHEET_BACKGROUND))
    with ctx.path(output.path).open("wb") as out:
        png.write(out)


def _sheet_row(posts: int, aspects: list[float]) -> int:
    """The thumbnail height: SHEET_ROW, less for a campaign whose sheet would be too big."""
    row = SHEET_ROW
    while row > 48:
        width = 300 + sum(row * a for a in aspects) + SHEET_GAP * (len(aspects) + 1)
        if width * (150 + posts * (row + 110)) <= SHEET_PIXELS:
            break
        row -= 16
    return row
