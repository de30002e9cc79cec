"""Post graphics and the contact sheet: draw what `compose.compose` planned, encode it as PNG.

One graphic per post and target size (`graphics/<post>/<size>.png`), and a contact sheet
(`contact-sheet.png`) with every post in every size, labelled. The drawing code makes no
decisions of its own: every position, size and colour comes from the layout plan.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Callable
from typing import Any

from packpack.check.legibility import problems
from packpack.core import paths
from packpack.core.colour import ink, to_cmyk
from packpack.core.errors import RenderError
from packpack.core.outputs import BuildContext, Output, key
from packpack.core.png import encode
from packpack.plan import compose, graphic
from packpack.render import sheet
from packpack.render.raster import text_mask, thumbnail
from packpack.spec.logos import identity, logo_art
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
    callout = campaign.spec.callout  # (a post's own callout is in its own key)
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
        make=functools.partial(sheet.make, keys={
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
            "items": post.items, "closing": post.closing, "logos": post.logos,
            "callout": post.callout}


def legible(campaign: Campaign, post: Post, size_id: str) -> graphic.Plan:
    """The plan of a post's graphic in one size; RenderError if it cannot be made legibly."""
    drawing = compose.compose(campaign, post, size_id)
    found = [p for p in problems(campaign, drawing) if p.severity == "error"]
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
                mask, (dx, dy) = text_mask(run.font, block.size, run.text)
                pen.bitmap((line.x + run.x + dx, line.baseline + dy), mask,
                           fill=paint(block.colour))
    for logo in plan.logos:
        where = (logo.file, identity(logo.file), logo.box.w, logo.box.h)
        art, alpha = _cmyk_logo(*where) if cmyk else (_scaled_logo(*where),) * 2
        im.paste(art, (logo.box.x, logo.box.y), alpha)
    return im


@functools.lru_cache(maxsize=64)
def _ink(colour: str) -> tuple[int, int, int, int]:
    """A plan's colour as the print copy paints it."""
    from PIL import ImageColor

    return ink(ImageColor.getrgb(colour)[:3])


@functools.lru_cache(maxsize=128)
def _cmyk_logo(path: str, identity: tuple[int, int], w: int, h: int) -> tuple[Any, Any]:
    """A scaled logo's colours in CMYK and its alpha, for the print copy (cached as
    `_scaled_logo` is)."""
    art = _scaled_logo(path, identity, w, h)
    return to_cmyk(art), art.getchannel("A")




@functools.lru_cache(maxsize=128)
def _scaled_logo(path: str, identity: tuple[int, int], w: int, h: int) -> Any:
    """A logo's visible part (as the layout trimmed and decoded it, alpha premultiplied)
    scaled to w x h, its colours untouched (cached: every post in a size uses the same
    logos)."""
    from PIL import Image

    return logo_art(path, identity)[1].resize((w, h), Image.Resampling.LANCZOS,
                                                  reducing_gap=3.0).convert("RGBA")


def _make(ctx: BuildContext, output: Output, also: Also | None = None) -> bytes:
    c = ctx.campaign
    post = next(p for p in c.spec.posts if p.id == output.meta["post"])
    plan = legible(c, post, output.meta["size"])
    im = draw(plan)
    # the contact sheet's thumbnail, made now (in parallel, from the image in memory) rather
    # than by decoding the PNG again later; named by the output's key, so it is this image
    thumb = thumbnail(im, sheet.row_height(c))
    ctx.scratch(sheet.thumb_name(output.key, *thumb.size)).write_bytes(thumb.tobytes())
    data = encode(im)
    check_file_size(c, post.id, output.meta["size"], len(data))
    if also is not None:
        also(ctx, post, output.meta["size"], plan, data)
    return data




def check_file_size(campaign: Campaign, post: str, size_id: str, size_bytes: int) -> None:
    """RenderError if a graphic is larger than a platform it is posted to accepts."""
    for name in campaign.sizes[size_id].platforms:
        platform = PLATFORMS.get(name)
        if platform and size_bytes > platform.max_bytes:
            raise RenderError(
                f"post '{post}', size '{size_id}': the graphic is {size_bytes:,} bytes, over "
                f"{platform.name}'s limit of {platform.max_bytes:,}; use logos with fewer "
                "colours and detail (flat PNGs), or leave this size out of campaign.sizes")
