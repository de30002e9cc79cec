"""What every HTML page packpack writes shares: spec text escaped for HTML, the hashes its
Content-Security-Policy allows its own inline style and script by, and its head."""

from __future__ import annotations

import base64
import hashlib
import unicodedata
from html import escape

from packpack.core.language import direction


def e(value: object) -> str:
    """Spec text made safe for HTML text and attribute values."""
    return escape(str(value), quote=True)


def isolated(value: str) -> str:
    """Text of unknown direction (a post's title) inside a left-to-right line, escaped; in
    `<bdi>` when it has right-to-left letters, so that the line's order (a number before it,
    punctuation after it) is not turned around by the browser's bidi rules."""
    text = e(value)
    if any(unicodedata.bidirectional(c) in ("R", "AL") for c in value):
        return f"<bdi>{text}</bdi>"
    return text


def lang_attributes(tag: str, page: str = "") -> str:
    """The attributes that mark text written in a language other than its page's (`page`),
    with its direction: ` lang="cy" dir="ltr"`, or '' where it is the page's (or none)."""
    return f' lang="{e(tag)}" dir="{direction(tag)}"' if tag and tag != page else ""


def csp_hash(source: str) -> str:
    """The policy's source expression allowing exactly this inline style or script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def head(language: str, title: str, csp: str, style: str, attributes: str = "") -> list[str]:
    """A page's lines up to its <body>: language and direction, the policy, the title and
    the inline style (`attributes`: more for the <html> element, e.g. ' data-version="3"')."""
    return [
        "<!DOCTYPE html>",
        f'<html lang="{e(language)}" dir="{direction(language)}"{attributes}>',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{e(title)}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
    ]
