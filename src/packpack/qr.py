"""QR codes for the help and booking links: payload and module matrix as plain values first."""

from __future__ import annotations

import functools

QUIET_ZONE = 4  # modules of white around the code, as the standard asks
MASK = 2  # pinned so the same URL always gives the same code
ERROR_CORRECTION = "M"  # recovers about 15 % damage: a printed code survives a fold


@functools.lru_cache(maxsize=256)
def matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code's dark (True) and light modules, quiet zone included, row by row."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE,
                         mask_pattern=MASK)
    code.add_data(payload, optimize=0)
    code.make(fit=True)
    return tuple(tuple(bool(m) for m in row) for row in code.get_matrix())


def plan(campaign: object) -> list:
    """PLACEHOLDER until the QR outputs land: no files yet."""
    return []
