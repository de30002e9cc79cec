"""STUB so the bundle branch can be developed: a tiny valid PDF per variant (drop at merge)."""

from __future__ import annotations

from packpack import paths
from packpack.build import BuildContext, Output, key
from packpack.model import Campaign


def plan(campaign: Campaign) -> list[Output]:
    """The screen and print editions of the stakeholder pack (stub)."""
    name = campaign.spec.pack.filename
    return [Output(path=paths.pdf(name, v), kind="pdf", make=_make, meta={"variant": v},
                   key=key("pdf-stub", v, campaign.sha256)) for v in ("screen", "print")]


def _make(ctx: BuildContext, output: Output) -> bytes:
    """A one-page PDF naming the campaign (stub)."""
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.drawString(72, 720, f"{ctx.campaign.spec.campaign.title} ({output.meta['variant']})")
    c.showPage()
    c.save()
    return buf.getvalue()
