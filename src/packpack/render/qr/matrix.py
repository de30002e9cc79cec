"""A QR code's modules as plain values: byte mode at level M, the mask pinned, the quiet zone
included, so the same address always gives the same code."""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable

QUIET_ZONE = 4  # modules of white around the code, as the standard asks
MASK = 2  # pinned so the same URL always gives the same code
ERROR_CORRECTION = "M"  # recovers about 15 % damage: a printed code survives a fold

Matrix = tuple[tuple[bool, ...], ...]


@functools.lru_cache(maxsize=256)
def matrix(payload: str) -> Matrix:
    """The QR code's dark (True) and light modules, quiet zone included, row by row.

    The same modules qrcode makes (byte mode, level M, the smallest version, mask `MASK`),
    drawn by `_encode` (much quicker than qrcode); qrcode itself for payloads it would put
    in another mode (digits only, upper-case letters only) or that do not fit."""
    return _encode(payload, MASK) or _qrcode_matrix(payload, MASK)


def _qrcode_matrix(payload: str, mask: int) -> Matrix:
    """`matrix` as the qrcode library makes it."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE,
                         mask_pattern=mask)
    code.add_data(payload, optimize=0)
    code.make(fit=True)
    return tuple(tuple(bool(m) for m in row) for row in code.get_matrix())


# ---------------------------------------------------------------------------------------------
# the encoder: byte mode at level M (ISO/IEC 18004), module for module as qrcode makes it

# Level M's blocks for versions 1 to 40: error-correction codewords per block, how many blocks
# of `data` codewords, then how many of `data + 1` (those come last).
_BLOCKS_M = (
    (10, 1, 16, 0), (16, 1, 28, 0), (26, 1, 44, 0), (18, 2, 32, 0), (24, 2, 43, 0),
    (16, 4, 27, 0), (18, 4, 31, 0), (22, 2, 38, 2), (22, 3, 36, 2), (26, 4, 43, 1),
    (30, 1, 50, 4), (22, 6, 36, 2), (22, 8, 37, 1), (24, 4, 40, 5), (24, 5, 41, 5),
    (28, 7, 45, 3), (28, 10, 46, 1), (26, 9, 43, 4), (26, 3, 44, 11), (26, 3, 41, 13),
    (26, 17, 42, 0), (28, 17, 46, 0), (28, 4, 47, 14), (28, 6, 45, 14), (28, 8, 47, 13),
    (28, 19, 46, 4), (28, 22, 45, 3), (28, 3, 45, 23), (28, 21, 45, 7), (28, 19, 47, 10),
    (28, 2, 46, 29), (28, 10, 46, 23), (28, 14, 46, 21), (28, 14, 46, 23), (28, 12, 47, 26),
    (28, 6, 47, 34), (28, 29, 46, 14), (28, 13, 46, 32), (28, 40, 47, 7), (28, 18, 47, 31),
)
_LEVEL_M = 0b00  # the level's two bits in the format information
_MASKS = (  # (row, column) -> whether the mask inverts a data module there
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i * j) % 3 + (i + j) % 2) % 2 == 0,
)
_OTHER_MODES = re.compile(rb"[0-9]+|[0-9A-Z $%*+\-./:]*")  # what qrcode encodes otherwise
_BITS = bytes.maketrans(b"01", b"\x00\x01")


def _galois() -> tuple[list[int], list[int]]:
    """Powers and logarithms of 2 in GF(256) modulo x^8 + x^4 + x^3 + x^2 + 1."""
    exp, log = [0] * 510, [0] * 256
    x = 1
    for i in range(255):
        exp[i] = exp[i + 255] = x
        log[x] = i
        x = x << 1 ^ (0x11D if x & 0x80 else 0)
    return exp, log


_EXP, _LOG = _galois()


def _times(a: int, b: int) -> int:
    """a × b in GF(256)."""
    return _EXP[_LOG[a] + _LOG[b]] if a and b else 0


@functools.cache
def _ec_table(ec: int) -> tuple[int, ...]:
    """For each byte f: f × the generator polynomial of degree `ec` (its leading 1 dropped), as
    one `ec`-byte integer, so that a Reed-Solomon remainder takes a shift and an XOR a byte."""
    gen = [1]
    for i in range(ec):  # (x - 2^0)(x - 2^1)...(x - 2^(ec-1))
        gen = [a ^ _times(b, _EXP[i]) for a, b in zip([*gen, 0], [0, *gen], strict=True)]
    return tuple(int.from_bytes(bytes(_times(f, g) for g in gen[1:]), "big") for f in range(256))


def _ec(block: bytes, ec: int) -> bytes:
    """The `ec` error-correction codewords of a block of data codewords."""
    table, top, keep = _ec_table(ec), 8 * (ec - 1), (1 << 8 * ec) - 1
    rem = 0
    for byte in block:
        rem = (rem << 8 & keep) ^ table[rem >> top ^ byte]
    return rem.to_bytes(ec, "big")


def _bch(data: int, generator: int) -> int:
    """`data` followed by the remainder of its division by `generator`, bits as GF(2) terms."""
    n = generator.bit_length() - 1
    rem = data << n
    while rem.bit_length() > n:
        rem ^= generator << (rem.bit_length() - 1 - n)
    return data << n | rem


@functools.cache
def _layout(version: int, mask: int) -> tuple[Callable[[bytes], tuple[int, ...]], int, int,
                                              int]:
    """A version's fixed patterns and data path, worked out once: a gather that takes the
    masked data bits (0/1 bytes in placement order, then a light and a dark byte) to every
    module of the code with its quiet zone, row by row; the code's width with the quiet zone;
    how many data modules it has; and the mask over them as an integer, first module highest.
    """
    size = version * 4 + 17
    grid: list[list[bool | None]] = [[None] * size for _ in range(size)]
    for row, col in ((0, 0), (size - 7, 0), (0, size - 7)):  # finders and their separators
        for r in range(max(-1, -row), min(8, size - row)):
            for c in range(max(-1, -col), min(8, size - col)):
                grid[row + r][col + c] = ((0 <= r <= 6 and c in (0, 6))
                                          or (0 <= c <= 6 and r in (0, 6))
                                          or (2 <= r <= 4 and 2 <= c <= 4))
    places = _alignment(version)
    for row in places:
        for col in places:
            if grid[row][col] is None:
                for r in range(-2, 3):
                    for c in range(-2, 3):
                        grid[row + r][col + c] = max(abs(r), abs(c)) != 1
    for i in range(8, size - 8):  # timing
        if grid[i][6] is None:
            grid[i][6] = i % 2 == 0
        if grid[6][i] is None:
            grid[6][i] = i % 2 == 0
    info = _bch(_LEVEL_M << 3 | mask, 0b10100110111) ^ 0b101010000010010
    for i in range(15):
        dark = bool(info >> i & 1)
        grid[i if i < 6 else i + 1 if i < 8 else size - 15 + i][8] = dark
        grid[8][size - 1 - i if i < 8 else 15 - i if i < 9 else 14 - i] = dark
    grid[size - 8][8] = True
    if version >= 7:
        number = _bch(version, 0b1111100100101)
        for i in range(18):
            dark = bool(number >> i & 1)
            grid[i // 3][i % 3 + size - 11] = grid[i % 3 + size - 11][i // 3] = dark
    path = []  # two columns at a time from the right, up then down, skipping the timing column
    for right in range(size - 1, 0, -2):
        col = right - 1 if right <= 6 else right
        rows = range(size - 1, -1, -1) if (size - 1 - right) // 2 % 2 == 0 else range(size)
        path += [(r, c) for r in rows for c in (col, col - 1) if grid[r][c] is None]
    invert = _MASKS[mask]
    mask_bits = int("".join("1" if invert(r, c) else "0" for r, c in path), 2)
    n = len(path)
    where = {cell: k for k, cell in enumerate(path)}
    width = size + 2 * QUIET_ZONE
    index = []
    for y in range(-QUIET_ZONE, size + QUIET_ZONE):
        for x in range(-QUIET_ZONE, size + QUIET_ZONE):
            fixed = grid[y][x] if 0 <= x < size and 0 <= y < size else False
            index.append(where[y, x] if fixed is None else n + fixed)
    return operator.itemgetter(*index), width, n, mask_bits


def _alignment(version: int) -> list[int]:
    """The rows (and columns) of a version's alignment patterns' centres."""
    if version == 1:
        return []
    count = version // 7 + 2
    step = 26 if version == 32 else (version * 4 + count * 2 + 1) // (count * 2 - 2) * 2
    last = version * 4 + 10
    return [6] + [last - step * i for i in range(count - 2, -1, -1)]


def _encode(payload: str, mask: int) -> Matrix | None:
    """`matrix` for a payload qrcode puts in byte mode; None for the rest (see `matrix`)."""
    data = payload.encode()
    if _OTHER_MODES.fullmatch(data):
        return None
    for version, (_, short, length, long) in enumerate(_BLOCKS_M, 1):
        capacity = short * length + long * (length + 1)  # data codewords
        count_bits = 8 if version < 10 else 16
        used = 4 + count_bits + 8 * len(data)
        if used <= 8 * capacity:
            break
    else:
        return None  # too long: qrcode says so
    bits = (0b0100 << count_bits | len(data)) << 8 * len(data) | int.from_bytes(data, "big")
    end = min(8 * capacity - used, 4)  # the terminator, then zeros to a whole codeword
    end += -(used + end) % 8
    head = (bits << end).to_bytes((used + end) // 8, "big")
    codewords = head + (b"\xec\x11" * capacity)[:capacity - len(head)]
    ec = _BLOCKS_M[version - 1][0]
    blocks, start = [], 0
    for i in range(short + long):
        size = length + (i >= short)
        blocks.append(codewords[start:start + size])
        start += size
    checks = [_ec(block, ec) for block in blocks]
    stream = bytes(block[i] for i in range(length + 1) for block in blocks if i < len(block))
    stream += bytes(check[i] for i in range(ec) for check in checks)  # interleaved
    gather, width, n, mask_bits = _layout(version, mask)
    value = int.from_bytes(stream, "big") << (n - 8 * len(stream)) ^ mask_bits
    cells = bytes(gather(format(value, f"0{n}b").encode().translate(_BITS) + b"\x00\x01"))
    dark = memoryview(cells).cast("?")  # the 0/1 bytes read as bools, in C
    return tuple(tuple(dark[i:i + width].tolist()) for i in range(0, width * width, width))
