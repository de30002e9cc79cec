"""Languages as BCP 47 tags: which way a language's script runs."""

from __future__ import annotations

# Primary subtags of languages written right to left (in their usual script).
RIGHT_TO_LEFT = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr",
                           "ug", "ur", "yi"})


def primary(tag: str) -> str:
    """A tag's language subtag, lower case: 'cy' for 'cy-GB'."""
    return tag.split("-", 1)[0].lower()


def direction(tag: str) -> str:
    """'rtl' for a language written right to left, else 'ltr' (HTML's `dir` values)."""
    return "rtl" if primary(tag) in RIGHT_TO_LEFT else "ltr"
