"""ReportLab's paragraph module, imported with one costly regular expression deferred.

Import this before anything from `reportlab.platypus`. At import, ReportLab's paragraph module
compiles a pattern for breaking long web addresses (`uri_pat`: case-insensitive, with ranges
over the whole of Unicode) that is slow to compile, in every process that imports it.
ReportLab uses it only when a paragraph style asks for hyphenation or
`uriWasteReduce`, and the pack's styles ask for neither; here it compiles when first used.
Should a ReportLab release spell the pattern differently, it is simply compiled at import.
"""

from __future__ import annotations

import re
import sys
from typing import Any

URI_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"  # how ReportLab's pattern begins


class Deferred:
    """A regular expression that is compiled when it is first used."""

    def __init__(self, compile_: Any, pattern: str, flags: int):
        self._compile, self._args, self._compiled = compile_, (pattern, flags), None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = self._compile(*self._args)
        return getattr(self._compiled, name)


def _import_paragraph() -> None:
    if "reportlab.platypus.paragraph" in sys.modules:
        return
    real = re.compile

    def compile_(pattern: Any, flags: int = 0) -> Any:
        if isinstance(pattern, str) and pattern.startswith(URI_PATTERN_START):
            return Deferred(real, pattern, flags)
        return real(pattern, flags)

    re.compile = compile_  # type: ignore[assignment]
    try:
        import reportlab.platypus.paragraph  # noqa: F401
    finally:
        re.compile = real


_import_paragraph()
