"""What every HTML page packpack writes shares: spec text escaped for HTML, and the hashes
its Content-Security-Policy allows its own inline style and script by."""

from __future__ import annotations

import base64
import hashlib
from html import escape


def e(value: object) -> str:
    """Spec text made safe for HTML text and attribute values."""
    return escape(str(value), quote=True)


def csp_hash(source: str) -> str:
    """The policy's source expression allowing exactly this inline style or script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"
