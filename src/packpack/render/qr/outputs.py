"""The QR codes a build writes: a PNG and an SVG for every help and booking link with an
address."""

from __future__ import annotations

from packpack.core import paths
from packpack.core.outputs import BuildContext, Output, key
from packpack.render.qr.matrix import ERROR_CORRECTION, MASK, QUIET_ZONE
from packpack.render.qr.writers import FORMATS, MIN_PIXELS, draw
from packpack.spec.model import Campaign


def plan(campaign: Campaign) -> list[Output]:
    """A PNG and an SVG for every help and booking link that has an address."""
    return [
        Output(path=paths.qr(link_id, fmt), kind="qr", make=_make,
               meta={"link": link_id, "url": link.url, "format": fmt},
               key=key("qr", link.url, fmt, QUIET_ZONE, MASK, ERROR_CORRECTION, MIN_PIXELS),
               cost=0.2)
        for link_id, link in campaign.spec.links.items() if link.qr and link.url
        for fmt in FORMATS
    ]


def _make(ctx: BuildContext, output: Output) -> bytes:
    return draw(output.meta["url"], output.meta["format"])
