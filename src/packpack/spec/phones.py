"""UK phone numbers: valid or not, and how they are written in the standard format."""

from __future__ import annotations

import phonenumbers
from phonenumbers import shortnumberinfo


def standard(number: str) -> str | None:
    """The number in the standard UK national format ('0300 020 2525'), or None if invalid."""
    digits = "".join(c for c in number if c.isdigit() or c == "+")
    try:
        parsed = phonenumbers.parse(digits, "GB")
    except phonenumbers.NumberParseException:
        return None
    if len(digits) <= 6 and shortnumberinfo.is_valid_short_number_for_region(parsed, "GB"):
        return digits
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


# why the loader refuses a number that `standard` finds invalid
INVALID = ("{number!r} is not a valid UK phone number; check the digits "
           "(e.g. '0300 020 2525', or a short code such as '101')")

