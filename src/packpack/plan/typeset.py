"""Setting text: typography, fonts and measuring, line breaking, bold marks.

Lines break at word boundaries (web addresses, which have none, may break before a `.` or
`/`) and are balanced, so no paragraph ends on a lone word where a better break exists.
"""

from __future__ import annotations

import functools
import itertools
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from packpack.core import fonts
from packpack.core.nobreak import NBSP  # holds a phone number's digits together

if TYPE_CHECKING:  # Pillow is imported where it measures: the lints need none of it
    from PIL import ImageFont

_QUOTES = [
    (re.compile(r"\.\.\."), "…"),
    (re.compile(r"(?<=\w)'"), "’"),  # don't, STALKING'S, dogs'
    (re.compile(r"'(?=\d0s)"), "’"),  # '90s
    (re.compile(r"'"), "‘"),  # an opening quote
    (re.compile(r'(?<![\w.,!?…])"'), "“"),
    (re.compile(r'"'), "”"),
]


def typeset(text: str, glyphs: frozenset[int] | None = None) -> str:
    """Text as a designer sets it: curly apostrophes and quotes, a real ellipsis.

    Given a font's `glyphs`, a character is only swapped for one the font can draw.
    """
    for pattern, replacement in _QUOTES:
        if glyphs is None or ord(replacement) in glyphs:
            text = pattern.sub(replacement, text)
    return text


def drawable(text: str, path: str, fallback: str = "?") -> str:
    """Text with every character the font cannot draw replaced (for labels, never for the
    campaign's own words, which are checked instead)."""
    have = fonts.cmap(Path(path))
    return "".join(c if c.isspace() or ord(c) in have else fallback for c in text)


_local = threading.local()


FONT_CACHE = 64  # faces kept per thread (about 60 KB each)


def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """A font at a size; the least recently used are let go.

    Cached per thread: FreeType faces are not shared across threads.
    """
    cache: OrderedDict[tuple[str, int], ImageFont.FreeTypeFont] = \
        _local.__dict__.setdefault("faces", OrderedDict())
    found = cache.get((path, size))
    if found is None:
        from PIL import ImageFont

        found = cache[(path, size)] = ImageFont.truetype(path, size)
        if len(cache) > FONT_CACHE:
            cache.popitem(last=False)
    else:
        cache.move_to_end((path, size))
    return found


WIDTHS_KEPT = 1 << 14  # text widths remembered per process (about 250 bytes each)


@functools.lru_cache(maxsize=WIDTHS_KEPT)
def width(path: str, size: int, text: str) -> float:
    """The width of a text in a font at a size (remembered apart from the faces, which
    are let go sooner: the same words recur across sizes, posts and the lint).

    FreeType measures the same in every thread, so one memo serves them all.
    """
    pieces = covered(path, text)
    if len(pieces) == 1 and pieces[0][0] == path:
        return font(path, size).getlength(text.replace(NBSP, " "))
    return sum(font(face, size).getlength(t.replace(NBSP, " ")) for face, t in pieces)


@functools.lru_cache(maxsize=64)
def _fallbacks(path: str) -> tuple[frozenset[int], dict[str, str]]:
    """A brand face's code points, and the shipped faces of its weight, by `fonts.source`."""
    weight = "bold" if "bold" in font(path, 12).getname()[1].lower() else "regular"
    return fonts.cmap(Path(path)), {"brand": path, "fallback": str(fonts.FALLBACK[weight]),
                                    "arabic": str(fonts.ARABIC[weight]),
                                    "emoji": str(fonts.EMOJI), "": path}


def covered(path: str, text: str) -> list[tuple[str, str]]:
    """A text as (font file, text) runs: the brand face `path` where it has the characters,
    else the shipped fallback of its weight (letters) or emoji face; invisible joiners and
    selectors left out. One run in `path` when the brand face draws it all (most text)."""
    have, faces = _fallbacks(path)
    if all(ord(c) in have or c.isspace() for c in text):
        return [(path, text)]
    out: list[tuple[str, str]] = []
    for ch in text:
        kind = "brand" if ch.isspace() else fonts.source(ord(ch), have)
        if kind == "none":
            continue
        face = faces[kind]
        if out and out[-1][0] == face:
            out[-1] = (face, out[-1][1] + ch)
        else:
            out.append((face, ch))
    return out


@functools.lru_cache(maxsize=1024)
def metrics(path: str, size: int) -> tuple[int, int]:
    """A font's ascent and descent at a size."""
    return font(path, size).getmetrics()


@dataclass(frozen=True)
class _Token:
    text: str
    glued: bool  # joins the previous token without a space (a piece of a web address)


SPACES = re.compile(r"[ \t\r\n]+")  # not U+00A0: a no-break space keeps words together


@functools.lru_cache(maxsize=4096)
def split_words(text: str) -> tuple[str, ...]:
    """The words of a text, split at white space (other than no-break spaces)."""
    return tuple(SPACES.split(text.strip()))


def tokens(words: Sequence[str], fits: Callable[[str], bool], split: bool) -> list[_Token]:
    """The words of a text; with `split`, a web address too wide for the line is cut
    before a `.` or `/`."""
    out: list[_Token] = []
    for word in words:
        if not split or fits(word) or not re.search(r"\w[./]\w", word):
            out.append(_Token(word, False))
            continue
        pieces = _remark([p for p in re.split(r"(?<=\w)(?=[./]\w)", word) if p])
        out.extend(_Token(p, i > 0) for i, p in enumerate(pieces))
    return out


def _join(tokens: Sequence[_Token]) -> str:
    return "".join(("" if t.glued or i == 0 else " ") + t.text for i, t in enumerate(tokens))


def _line_starts(widths: list[float], glued: list[bool], space: float, width: float,
                 ) -> Iterator[int]:
    """Where lines start when filled up to `width` (token widths added up), one at a time;
    -1, and no more, at a token wider than `width` alone."""
    used = -1.0
    for i, (w, g) in enumerate(zip(widths, glued, strict=True)):
        if w > width:
            yield -1
            return
        extra = w if g else w + space
        if used >= 0 and used + extra <= width:
            used += extra
            continue
        yield i
        used = w


def _greedy(widths: list[float], glued: list[bool], space: float, width: float,
            ) -> list[int] | None:
    """Where lines start when filled up to `width`; None if a token alone is wider."""
    starts = list(_line_starts(widths, glued, space, width))
    return None if -1 in starts else starts


def _fills(widths: list[float], glued: list[bool], space: float, width: float,
           count: int) -> bool:
    """Whether the tokens fill no more than `count` lines of `width` (as `_greedy` fills
    them), stopping as soon as they need more."""
    for n, start in enumerate(_line_starts(widths, glued, space, width), 1):
        if start < 0 or n > count:
            return False
    return True


def measurer(path: str, size: int) -> Callable[[str], float]:
    """The width of a text in a font at a size, remembered per string."""
    return functools.partial(width, path, size)


BOLD_ON, BOLD_OFF = "\ue000", "\ue001"  # private-use marks around a bold word, while setting
_BOLD = re.compile(f"({BOLD_ON}[^{BOLD_OFF}]*{BOLD_OFF})")


def plain(text: str) -> str:
    """Text without bold marks."""
    return text.replace(BOLD_ON, "").replace(BOLD_OFF, "")


def bold(words: str) -> str:
    """Words marked bold, each on its own, so that every word measures on its own."""
    return " ".join(f"{BOLD_ON}{w}{BOLD_OFF}" if w else w for w in words.split(" "))


def runs(text: str) -> list[tuple[str, bool]]:
    """A marked text as (text, bold) pieces, in order."""
    return list(_runs(text))


@functools.lru_cache(maxsize=4096)
def _runs(text: str) -> tuple[tuple[str, bool], ...]:
    """`runs`, remembered: every width and every line drawn asks for them."""
    out = []
    for piece in _BOLD.split(text):
        if piece.startswith(BOLD_ON):
            out.append((piece[1:-1], True))
        elif piece:
            out.append((piece, False))
    return tuple(out)


def rich_measurer(regular: str, heavy: str, size: int) -> Callable[[str], float]:
    """The width of a marked text, its bold words measured in the bold font."""
    return functools.partial(rich_width, regular, heavy, size)


@functools.lru_cache(maxsize=WIDTHS_KEPT)
def rich_width(regular: str, heavy: str, size: int, text: str) -> float:
    """The width of a marked text (what `rich_measurer` measures), remembered."""
    if BOLD_ON not in text:
        return width(regular, size, text)
    return sum(width(heavy if b else regular, size, t) for t, b in _runs(text))


def _remark(pieces: list[str]) -> list[str]:
    """Pieces of a split word, each closed and reopened where a bold mark spans a break."""
    out, open_ = [], False
    for piece in pieces:
        start = BOLD_ON if open_ and not piece.startswith(BOLD_ON) else ""
        for c in piece:
            open_ = True if c == BOLD_ON else False if c == BOLD_OFF else open_
        out.append(start + piece + (BOLD_OFF if open_ else ""))
    return out


def wrap(text: str, width: float, measure: Callable[[str], float], nowrap: bool = False,
         split: bool = False, paragraph: bool = False) -> list[str] | None:
    """Balanced lines of at most `width`, breaking at spaces; None if the text cannot fit.

    First the fewest lines that fit, then the narrowest width that still needs no more
    lines: so the lines come out of even length and the last one is no lone word. A
    `paragraph` keeps its lines nearly full (a short last line is fine, a lone word is
    not). With `split`, web addresses too long for a line may break before a `.` or `/`.
    """
    words = split_words(text)
    text = " ".join(words)
    if nowrap:
        return [text] if measure(text) <= width else None
    tokens_ = tokens(words, lambda w: measure(w) <= width, split)
    widths = [measure(t.text) for t in tokens_]
    glued = [t.glued for t in tokens_]
    space = measure(" ")
    # the widths are added up, so allow a hair for kerning and check each line exactly
    for slack in (0.0, 0.01, 0.03):
        limit = width * (1 - slack)
        starts = _greedy(widths, glued, space, limit)
        if starts is None:
            return None
        count = len(starts)
        if count > 1:
            lo, hi = max(widths), limit
            while hi - lo > 0.5:
                mid = (lo + hi) / 2
                if _fills(widths, glued, space, mid, count):
                    hi = mid
                else:
                    lo = mid
            balanced = _greedy(widths, glued, space, hi) or starts
            if paragraph:
                full = _greedy(widths, glued, space, limit) or balanced
                lone = full[-1] == len(tokens_) - 1 and widths[-1] < limit * 0.3
                starts = _unlonely(widths, glued, space, hi, limit, count) if lone else full
            else:
                starts = balanced
        bounds = [*starts, len(tokens_)]
        lines = [_join(tokens_[a:b]) for a, b in itertools.pairwise(bounds)]
        if all(measure(line) <= width for line in lines):
            return lines
    return None


def _unlonely(widths: list[float], glued: list[bool], space: float, narrow: float,
              wide: float, count: int) -> list[int]:
    """Lines as full as they can be (up to `wide`) while the last holds more than one
    word: the widest filling width between `narrow` (the balanced width, where it does)
    and `wide` (where it does not) that keeps `count` lines, so a paragraph runs the
    width of its box rather than being balanced down to even, shorter lines."""
    def ok(w: float) -> bool:
        starts = _greedy(widths, glued, space, w)
        return starts is not None and len(starts) == count and starts[-1] < len(widths) - 1

    lo, hi = narrow, wide
    while hi - lo > 0.5:
        mid = (lo + hi) / 2
        if ok(mid):
            lo = mid
        else:
            hi = mid
    return _greedy(widths, glued, space, lo) or []


def widow(lines: Sequence[str]) -> bool:
    """Whether the words end on a lone short word ("STALKING / IS."), which reads badly."""
    last = plain(lines[-1])
    return len(lines) > 1 and " " not in last and len(last) <= 4


def _spans(pieces: Sequence[_Token], width: float, measure: Callable[[str], float],
           ) -> list[list[float]]:
    """The measured width of every run of tokens that fits on one line: `w[a][b]` for the
    tokens a..b-1 (infinite where they do not fit)."""
    n = len(pieces)
    inf = float("inf")
    w = [[inf] * (n + 1) for _ in range(n + 1)]
    for a in range(n):
        for b in range(a + 1, n + 1):
            got = measure(_join(pieces[a:b]))
            if got > width:
                break
            w[a][b] = got
    return w


def _arranged(pieces: Sequence[_Token], width: float, measure: Callable[[str], float],
              accept: Callable[[list[str]], bool]) -> list[str] | None:
    """The fewest lines, each measured whole within `width`, that `accept` takes; of
    those, the most even (the narrowest widest line). Every way to break the pieces is
    weighed, so if one exists it is found."""
    n = len(pieces)
    if n == 0:
        return None
    w = _spans(pieces, width, measure)
    inf = float("inf")
    # best[k][i]: the narrowest widest line setting pieces[:i] in k lines, and where the
    # last of those lines starts
    best: list[list[tuple[float, int]]] = [[(inf, -1)] * (n + 1)]
    best[0][0] = (0.0, -1)
    for k in range(1, n + 1):
        row = [(inf, -1)] * (n + 1)
        for i in range(1, n + 1):
            for a in range(i):
                if best[k - 1][a][0] < inf and w[a][i] < inf:
                    worst = max(best[k - 1][a][0], w[a][i])
                    if worst < row[i][0]:
                        row[i] = (worst, a)
        best.append(row)
        # the most even arrangement in k lines whose last line `accept` takes: try each
        # start of the last line, narrowest first
        starts = sorted((max(best[k - 1][a][0], w[a][n]), a) for a in range(n)
                        if best[k - 1][a][0] < inf and w[a][n] < inf)
        for _, a in starts:
            lines = [*_unwind(best, pieces, k - 1, a), _join(pieces[a:n])]
            if accept(lines):
                return lines
    return None


def _unwind(best: list[list[tuple[float, int]]], pieces: Sequence[_Token], k: int,
            i: int) -> list[str]:
    lines: list[str] = []
    while k > 0:
        a = best[k][i][1]
        lines.append(_join(pieces[a:i]))
        k, i = k - 1, a
    return lines[::-1]


def unwidowed(text: str, width: float, measure: Callable[[str], float],
              split: bool = False) -> list[str] | None:
    """The fewest, most even lines within `width` that do not end on a lone short word;
    None if no way of breaking the text avoids one (or a word is too wide)."""
    pieces = tokens(split_words(text), lambda w: measure(w) <= width, split)
    return _arranged(pieces, width, measure, lambda lines: not widow(lines))


def wrap_exact(text: str, width: float, measure: Callable[[str], float],
               split: bool = False) -> list[str] | None:
    """The fewest, most even lines within `width`, each measured whole (where `wrap`, which
    adds up word widths, gives up on a hair of kerning); None if a word is too wide."""
    pieces = tokens(split_words(text), lambda w: measure(w) <= width, split)
    return _arranged(pieces, width, measure, lambda lines: True)
