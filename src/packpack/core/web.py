"""Web addresses as people read them."""

from __future__ import annotations

import re


def display_url(address: str) -> str:
    """A web address as people read it: without `https://` and without a lone trailing slash."""
    shown = re.sub(r"^https?://", "", address)
    return shown[:-1] if shown.endswith("/") and shown.count("/") == 1 else shown
