"""Signals while building: SIGTERM and SIGHUP stop a build as Ctrl-C does, and none may
interrupt the cleaning up or the swap."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from typing import Any


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")

@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into KeyboardInterrupt while building (main thread only),
    so `kill` cleans up exactly like Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = [s for s in ("SIGTERM", "SIGHUP") if hasattr(signal, s)]
    before = {s: signal.signal(getattr(signal, s), _raise_interrupt) for s in names}
    try:
        yield
    finally:
        for s, handler in before.items():
            signal.signal(getattr(signal, s), handler)

@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Ignore Ctrl-C and SIGTERM for a moment (cleaning up, swapping), so a second one
    cannot leave a mess; the build is stopping, or about to succeed, anyway."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    names = [s for s in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, s)]
    before = {s: signal.signal(getattr(signal, s), lambda n, f: caught.append(n))
              for s in names}
    try:
        yield
    finally:
        for s, handler in before.items():
            signal.signal(getattr(signal, s), handler)
