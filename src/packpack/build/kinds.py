"""The kinds of output a build makes, as a table: each kind's planner, in manifest order.

The build is given this table (`planners()`); tests give it their own. The graphics' planner
is handed the pack's print-copy maker here, so that graphics make the print edition's copies
as they are drawn without knowing of the pack.
"""

from __future__ import annotations

import functools

import packpack.bundle.outputs
import packpack.render.edition
import packpack.render.graphics
import packpack.render.pdf.copies
import packpack.render.pdf.outputs
import packpack.render.qr.outputs
from packpack.core.outputs import Planner


def planners() -> list[Planner]:
    """Each kind of output's planner, in the order their outputs are listed: the graphics
    (which make the pack's print copies as they go), the QR codes, the pack (PDF, then HTML),
    the bundles."""
    render = packpack.render
    return [functools.partial(render.graphics.plan, also=render.pdf.copies.print_copy),
            render.qr.outputs.plan, render.pdf.outputs.plan, render.edition.plan,
            packpack.bundle.outputs.plan]


def warm() -> None:
    """Import what the makers draw with (Pillow, ReportLab and the modules on them): what a new
    worker process does while the build's own process loads and lints the spec."""
    from packpack.bundle import html, ics  # noqa: F401
    from packpack.render.pdf import content, document, images  # noqa: F401
