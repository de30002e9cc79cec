"""The stakeholder pack PDF, in a screen edition and a print edition.

`plan` lists the two PDFs as plain values (no ReportLab import, so planning stays quick);
`pack_pdf` draws them, with the content laid out by `pack_story`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from packpack import paths
from packpack.build import BuildContext, Output, key
from packpack.model import Campaign

VARIANTS = ("screen", "print")
PREFERRED_SIZE = "instagram-square"  # one shape for every post keeps the pages alike


def graphic_size(campaign: Campaign) -> str:
    """The size each post's graphic is placed from: square if rendered, else the largest."""
    sizes = campaign.target_sizes
    if PREFERRED_SIZE in sizes:
        return PREFERRED_SIZE
    return max(sizes, key=lambda s: (campaign.sizes[s].width * campaign.sizes[s].height, s))


def inputs(campaign: Campaign) -> list:
    """The files (fonts, logos) whose bytes shape the pack."""
    spec = campaign.spec
    files = [campaign.file(spec.brand.fonts.regular), campaign.file(spec.brand.fonts.bold)]
    for org_id in spec.brand.logos:
        logo = spec.organisations[org_id].logo
        if logo:
            files.append(campaign.file(logo))
    return files


def plan(campaign: Campaign) -> list[Output]:
    """The screen and print editions of the stakeholder pack."""
    size = graphic_size(campaign)
    needs = tuple(paths.graphic(p.id, size) for p in campaign.spec.posts)
    files = inputs(campaign)
    return [Output(path=paths.pdf(campaign.spec.pack.filename, variant), kind="pdf",
                   make=_make, meta={"variant": variant},
                   key=key("pack", variant, repr(campaign.spec), needs, files=files),
                   needs=needs, cpu=True, cost=5 + len(campaign.spec.posts),
                   exclusive="pdf")
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


def _make(ctx: BuildContext, output: Output) -> bytes:
    from packpack import pack_pdf

    graphics = _Graphics(ctx, {post.id: path for post, path in zip(
        ctx.campaign.spec.posts, output.needs, strict=True)})
    return pack_pdf.render(ctx.campaign, output.meta["variant"], graphics, memo=ctx.memo)
