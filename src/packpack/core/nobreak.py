"""Where a line must not break: inside a date ("27 November"), a time or a time range
("10:00 – 13:00", "9 am"), a phone number ("0300 123 4567"), or between a number and its
unit ("15 minutes", "£5 a week" is not one). `together` joins such words with no-break
spaces, which every line breaker here (the graphics' and ReportLab's) keeps whole.
"""

from __future__ import annotations

import functools
import re

from packpack.core.dates import MONTHS

NBSP = "\u00a0"

_MONTH = "|".join(m for name in MONTHS for m in dict.fromkeys((name, name[:3])))
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
_TIME = r"\d{1,2}(?:[:.]\d{2})?(?:\s?[ap]\.?m\.?)?"
UNITS = ("%", "am", "pm", "a.m.", "p.m.", "km", "m", "cm", "mm", "kg", "g", "mph", "ml",
         "mile", "miles", "min", "mins", "minute", "minutes", "hour", "hours", "hr", "hrs",
         "day", "days", "week", "weeks", "month", "months", "year", "years", "mg", "kB", "MB",
         "GB", "px", "pt")
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))

# each pattern matches a phrase whose inner spaces must not break
_PHRASES = re.compile("|".join(f"(?:{p})" for p in (
    # 27 November 2025, 27 November, 27th Nov 2025, 22–25 April
    rf"\b(?:{_ORDINAL}\s?[–—-]\s?)?{_ORDINAL}\s(?-i:{_MONTH})\b\.?(?:\s\d{{4}}\b)?",
    # November 27, November 27, 2025, November 2025
    rf"\b(?-i:{_MONTH})\s\d{{1,2}}(?:st|nd|rd|th)?\b(?:,\s\d{{4}}\b)?",
    rf"\b(?-i:{_MONTH})\s\d{{4}}\b",
    # 10:00 – 13:00, 9am – 5pm, 9 am to 5 pm
    rf"\b{_TIME}\s?[–—-]\s?{_TIME}(?![\w:])",
    # a phone number: 0300 123 4567, +44 20 7946 0000, (01234) 567 890
    r"(?:\+\d{1,3}\s?|\b0|\(0)[\d()]*(?:\s\d{2,6}){1,4}\b",
    # a number and its unit: 15 minutes, 9 am, 50 %
    rf"\b\d+(?:[.,]\d+)*\s(?:{_UNIT})(?![\w])",
)), re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def together(text: str) -> str:
    """Text with the spaces inside dates, times, time ranges, phone numbers and a number
    and its unit made no-break spaces (nothing else changes)."""
    return _PHRASES.sub(lambda m: re.sub(r"[ \t]", NBSP, m.group(0)), text)
