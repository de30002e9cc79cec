"""Logo files decoded once per process: their visible part (transparent margins trimmed) and
its pixels, for the loader's check, the layout and every size the graphics draw."""

from __future__ import annotations

import functools
import os
import threading
from collections import OrderedDict
from typing import Any


@functools.lru_cache(maxsize=64)
def _visible(path: str, identity: tuple[int, int]) -> tuple[int, int, int, int]:
    """The visible part of a logo (transparent margins trimmed), in its own pixels."""
    return logo_art(path, identity)[0]


LOGOS_KEPT = 32 << 20  # bytes of decoded logos kept per process, for every size they are drawn
_LOGOS: OrderedDict[tuple[str, tuple[int, int]], tuple[tuple[int, int, int, int], Any]] = \
    OrderedDict()
_LOGOS_LOCK = threading.Lock()


def logo_art(path: str, identity: tuple[int, int]) -> tuple[tuple[int, int, int, int], Any]:
    """A logo file's visible part (its box, transparent margins trimmed) and its pixels there,
    RGBA with the alpha premultiplied (so transparent edges keep their colour when scaled).

    Decoded once per process for the loader's check, the layout and every size the graphics
    draw it at, while the logos decoded so far fit in LOGOS_KEPT (`identity`: the file's
    modification time and size, so a changed file is read again).
    """
    from PIL import Image

    key = (os.path.abspath(path), identity)  # (the loader's path is absolute, the spec's not)
    with _LOGOS_LOCK:
        if key in _LOGOS:
            _LOGOS.move_to_end(key)
            return _LOGOS[key]
    with Image.open(path) as source:
        pixels = source.convert("RGBA")  # (an opaque image gets an opaque alpha: all visible)
    box = pixels.getchannel("A").getbbox() or (0, 0, pixels.width, pixels.height)
    found = box, pixels.crop(box).convert("RGBa")
    with _LOGOS_LOCK:
        _LOGOS[key] = found
        while sum(4 * a.width * a.height for _, a in _LOGOS.values()) > LOGOS_KEPT:
            _LOGOS.popitem(last=False)
    return found


def identity(path: str) -> tuple[int, int]:
    """What changes when a file changes (modification time, size): a cache key part."""
    st = os.stat(path)
    return (st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=64)
def _ink(path: str, identity: tuple[int, int]) -> float:
    """The share of a logo's visible part that carries ink (opaque, not white)."""
    from PIL import ImageChops

    _, art = logo_art(path, identity)
    opaque = art.getchannel("a").point(lambda a: 255 if a >= 128 else 0)
    light = art.convert("RGB").convert("L").point(lambda v: 255 if v >= 235 else 0)
    inked = ImageChops.subtract(opaque, light)  # opaque and not (nearly) white
    return max(1, inked.histogram()[255]) / (art.width * art.height)


def ink(path: str) -> float:
    """The share (0 to 1) of a logo's visible part that carries ink: a solid crest nearly 1,
    a wordmark's thin letters far less. Its visual weight is its area times this."""
    return _ink(path, identity(path))


def visible(path: str) -> tuple[int, int, int, int]:
    """The visible part of a logo file (re-read when the file changes)."""
    return _visible(path, identity(path))
