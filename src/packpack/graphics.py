"""Post graphics. PLACEHOLDER: a plain card per post and size, until the real layouts land."""

from __future__ import annotations

import io

from packpack import paths
from packpack.build import BuildContext, Output, key
from packpack.model import Campaign


def plan(campaign: Campaign) -> list[Output]:
    """One graphic per post and target size."""
    outputs = []
    for post in campaign.spec.posts:
        for size_id in campaign.target_sizes:
            size = campaign.sizes[size_id]
            outputs.append(Output(
                path=paths.graphic(post.id, size_id), kind="graphic", make=_make,
                meta={"post": post.id, "size": size_id, "width": size.width,
                      "height": size.height},
                key=key("graphic", post.id, size_id)))
    return outputs


def _make(ctx: BuildContext, output: Output) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    c = ctx.campaign
    post = next(p for p in c.spec.posts if p.id == output.meta["post"])
    w, h = output.meta["width"], output.meta["height"]
    im = Image.new("RGB", (w, h), c.spec.brand.colours.background)
    font = ImageFont.truetype(str(c.file(c.spec.brand.fonts.bold)), w // 16)
    ImageDraw.Draw(im).multiline_text((w // 12, h // 8), "\n".join(post.graphic_text),
                                      font=font, fill=c.spec.brand.colours.text)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()
