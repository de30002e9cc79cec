"""The stakeholder pack's two outputs, the screen and the print edition, as plain values:
planning imports no ReportLab (`document` draws them, with the content from `content`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from packpack.core import paths
from packpack.core.outputs import BuildContext, Output, key
from packpack.plan.pack import VARIANTS, graphic_size
from packpack.spec.model import Campaign


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
    from packpack.render.pdf import document

    graphics = _Graphics(ctx, {post.id: path for post, path in zip(
        ctx.campaign.spec.posts, output.needs, strict=True)})
    with ctx.path(output.path).open("wb") as out:  # written as it is made: never held whole
        document.render(ctx.campaign, output.meta["variant"], graphics, memo=ctx.memo, out=out)
    return None
