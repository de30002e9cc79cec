"""Partner bundles: one zip per partner, ready to unzip and post from.

A bundle is planned as plain values first (`contents`), then its text files are written
(`schedule.ics`, `index.html`, `README.txt`, `posts.json`, `MANIFEST.sha256`) and everything
is streamed into a reproducible zip (`zip`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from packpack.bundle import html, ics, posts
from packpack.bundle.archive import file_digests, write_zip
from packpack.bundle.contents import Contents, contents
from packpack.bundle.readme import readme
from packpack.check import lints
from packpack.core import paths
from packpack.core.errors import SpecError
from packpack.core.outputs import BuildContext, Output, Written, key
from packpack.render.qr import writers
from packpack.spec.model import Campaign


def plan(campaign: Campaign) -> list[Output]:
    """One zip per partner, needing the graphics, screen PDF and QR codes it includes."""
    refused = lints.bundles(campaign)  # the rule `check` applies
    if refused:
        raise SpecError(refused)
    outputs = []
    for partner in campaign.spec.partners:
        c = contents(campaign, partner)
        needs = [p.source for post in c.posts for p in post.pictures] + [c.pdf_source,
                                                                         c.html_source]
        needs += [paths.qr(code.link, fmt) for code in c.codes if code.built
                  for fmt in writers.FORMATS]
        outputs.append(Output(
            path=paths.bundle(partner.id), kind="bundle", make=_make,
            meta={"partner": partner.id}, needs=tuple(needs),
            key=key("bundle", partner.id, campaign.sha256, c.moment.isoformat(), needs),
            cpu=True, cost=1 + len(campaign.spec.posts) / 10))
    return outputs


def manifest_sha256(hashes: dict[str, str]) -> bytes:
    """MANIFEST.sha256 in `sha256sum` format: '<hash>  <path>', sorted by path."""
    return "".join(f"{h}  {name}\n" for name, h in sorted(hashes.items())).encode()


def files(ctx: BuildContext, c: Contents) -> dict[str, bytes | Path]:
    """Every file of the bundle (name inside its folder → bytes or built file), manifest aside."""
    out: dict[str, bytes | Path] = {}
    for post in c.posts:
        for pic in post.pictures:
            out[pic.name] = ctx.staging / pic.source
        out[f"{post.id}/caption.txt"] = (post.caption + "\n").encode()
        out[f"{post.id}/alt.txt"] = (post.alt + "\n").encode()
        for t in post.texts:
            for name, part in zip(post.files(t), t.parts, strict=True):
                out[name] = (part + "\n").encode()
    out[c.pdf_name] = ctx.staging / c.pdf_source
    out[c.html_name] = ctx.staging / c.html_source
    for code in c.codes:
        if code.built:
            out[code.png] = ctx.staging / paths.qr(code.link, "png")
            out[code.svg] = ctx.staging / paths.qr(code.link, "svg")
        else:
            out[code.png] = writers.remembered(ctx, code.url, "png")
            out[code.svg] = writers.remembered(ctx, code.url, "svg")
    out["schedule.ics"] = ics.schedule_ics(c)
    out["index.html"] = html.page(c)
    out["README.txt"] = readme(c)
    out["posts.json"] = posts.posts_json(c)
    out["posts.schema.json"] = posts.schema_json()
    return out


def _make(ctx: BuildContext, output: Output) -> Written:
    campaign = ctx.campaign
    partner = next(p for p in campaign.spec.partners if p.id == output.meta["partner"])
    c = contents(campaign, partner)
    content = files(ctx, c)
    hashes = {name: (hashlib.sha256(v).hexdigest() if isinstance(v, bytes) else file_digests(v)[0])
              for name, v in content.items()}
    content["MANIFEST.sha256"] = manifest_sha256(hashes)
    return write_zip(ctx.path(output.path), c.folder, content, c.moment)
