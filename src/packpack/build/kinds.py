"""The kinds of output a build makes, as a table: each kind's planner, in manifest order.

The build is given this table (`planners()`); tests give it their own. The graphics' planner
is handed the pack's print-copy maker here, so that graphics make the print edition's copies
as they are drawn without knowing of the pack.
"""

from __future__ import annotations

import functools

from packpack.bundle import outputs as bundles
from packpack.core.outputs import Planner
from packpack.render import graphics
from packpack.render.pdf import copies
from packpack.render.pdf import outputs as pack
from packpack.render.qr import outputs as qr


def planners() -> list[Planner]:
    """Each kind of output's planner, in the order their outputs are listed."""
    return [functools.partial(graphics.plan, also=copies.print_copy), qr.plan, pack.plan,
            bundles.plan]


def warm() -> None:
    """Import what the makers draw with (Pillow, ReportLab and the modules on them): what a new
    worker process does while the build's own process loads and lints the spec."""
    from packpack.bundle import html, ics  # noqa: F401
    from packpack.render.pdf import content, document, images  # noqa: F401
