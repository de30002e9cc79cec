"""What a partner posts on each platform: text counted as the platform counts it, and split
into a numbered thread where the approved copy is too long for one post.

Counting: X by its weighted count (twitter-text configuration v3: links 23, emoji 2, wide
scripts 2), Bluesky by graphemes, Threads by characters with emoji as their UTF-8 bytes,
the rest by characters. Where a count cannot be sure (an address without https:// that X
may or may not take for a link), it takes the larger reading, so nothing counted as
fitting is refused.

Splitting never changes a word: a thread's parts are the approved text cut at sentence
ends (or, where a sentence is too long, after a clause, or between words), each with its
number ('1/3') on a line of its own at the end. The graphic goes with part 1.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from packpack.spec.model import Campaign, Link, Partner, Post
from packpack.spec.platforms import PLATFORMS, Platform

# X's weighted count (twitter-text configuration v3): a code point in these ranges weighs 1,
# any other 2; a web address weighs 23 whatever its length; an emoji sequence weighs 2.
X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
X_URL_WEIGHT = 23
TLDS = ("com|org|net|uk|gov|edu|io|co|info|biz|me|ly|app|dev|scot|wales|cymru|eu|ie|us|nhs|"
        "police|london|online|site")
URL = re.compile(rf"(?:https?://|www\.)[^\s<>\"]+|(?<![@\w.\-/])\b(?:[a-z0-9-]+\.)+"
                 rf"(?:{TLDS})\b(?:/[^\s<>\"]*)?", re.IGNORECASE)
# what ends a link written in prose is the prose's, not the link's (as twitter-text reads it)
TRAILING = ".,;:!?'\")]}’”"
HOST_TLD = re.compile(rf"^(?:https?://)?[^/?#\s]*\.(?:{TLDS})(?::\d+)?(?:[/?#]|$)", re.IGNORECASE)


def urls(text: str) -> list[tuple[int, int]]:
    """(start, end) of each web address in a text, trailing punctuation left out."""
    out = []
    for m in URL.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in TRAILING:
            end -= 1
        if end > m.start():
            out.append((m.start(), end))
    return out


@functools.lru_cache(maxsize=1024)  # a preview re-counts the same captions at every edit
def length(platform: Platform, text: str) -> int:
    """A text's length as the platform counts it."""
    if platform.caption_count == "x-weighted":
        return x_weighted_length(text)
    if platform.caption_count == "graphemes":
        return graphemes(text)
    if platform.caption_count == "utf8-emoji":
        return _utf8_emoji_length(text)
    return len(text)


@functools.cache
def _unicode() -> tuple[Any, Any]:
    """Compiled patterns: a user-perceived character (grapheme cluster), and an emoji."""
    import regex

    return (regex.compile(r"\X"),
            regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}"))


# Characters that never join a grapheme cluster (nor make an emoji), but for CR LF: Latin
# letters and the punctuation of ordinary prose (dashes, typographic quotes, the ellipsis),
# without the (C) and (R) signs, which are emoji. A text of only these is counted directly,
# without the slow-to-load `regex` module.
SIMPLE = re.compile("[\x00-\xa8\xaa-\xad\xaf-\u02ff\u2010-\u2027]*")


def graphemes(text: str) -> int:
    """How many user-perceived characters (grapheme clusters) a text has."""
    if SIMPLE.fullmatch(text):  # each character is one, but CR LF together are one
        return len(text) - text.count("\r\n")
    return len(_unicode()[0].findall(text))


def _utf8_emoji_length(text: str) -> int:
    """Characters, an emoji counted as its UTF-8 bytes (as the Threads API counts)."""
    if SIMPLE.fullmatch(text):
        return len(text)
    cluster_pattern, emoji = _unicode()
    return sum(len(c.encode()) if emoji.search(c) else len(c)
               for c in cluster_pattern.findall(text))


def x_weighted_length(text: str) -> int:
    """X's weighted length of a post: NFC text, web addresses 23, emoji 2, wide scripts 2.

    An address written without https:// whose ending X may not know counts as the larger
    of 23 and its own weight."""
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    total = 0
    pos = 0
    for start, end in urls(text):
        address = text[start:end]
        weight = X_URL_WEIGHT
        if not HOST_TLD.match(address):
            weight = max(weight, x_text_weight(address))
        total += x_text_weight(text[pos:start]) + weight
        pos = end
    return total + x_text_weight(text[pos:])


def x_text_weight(text: str) -> int:
    """X's weight of text that holds no web address."""
    if text.isascii():  # all light, none an emoji
        return len(text)
    if SIMPLE.fullmatch(text):  # no emoji: each character by its own weight
        return sum(map(_x_char_weight, text))
    cluster_pattern, emoji = _unicode()
    total = 0
    for cluster in cluster_pattern.findall(text):
        if emoji.search(cluster):
            total += 2  # one emoji, however many code points make it
            continue
        total += sum(map(_x_char_weight, cluster))
    return total


def _x_char_weight(ch: str) -> int:
    """What one character weighs on X: 1 in the light ranges (Latin and the like), else 2."""
    code = ord(ch)
    return 1 if any(lo <= code <= hi for lo, hi in X_LIGHT) else 2


def link_count(text: str) -> int:
    """How many different web addresses a text holds (with or without https://)."""
    return len({text[s:e] for s, e in urls(text)})


def fits(platform: Platform, text: str) -> bool:
    """Whether a text may be posted as it is: within the length and link limits."""
    if length(platform, text) > platform.caption_limit:
        return False
    return platform.max_links is None or link_count(text) <= platform.max_links


# ---------------------------------------------------------------------------------------------
# a partner's addresses


UTM = ("utm_source", "utm_medium", "utm_campaign")


def tag(url: str, source: str, medium: str, campaign: str) -> str:
    """`url` with utm_source, utm_medium and utm_campaign appended (any old ones replaced).

    The existing query is kept as written, in order; the fragment stays last.
    """
    parts = urlsplit(url)
    kept = [p for p in parts.query.split("&") if p and p.split("=", 1)[0] not in UTM]
    added = [f"{k}={v}" for k, v in zip(UTM, (source, medium, campaign), strict=True)]
    return urlunsplit(parts._replace(path=parts.path or "/", query="&".join(kept + added)))


def partner_url(campaign: Campaign, partner: Partner, link: Link, medium: str) -> str:
    """A link's address as a partner gives it out in `medium` (social, qr): tagged with
    the partner, the medium and the campaign if it asks (`tag_links`), else as written."""
    assert link.url is not None
    return tag(link.url, partner.id, medium, campaign.id) if partner.tag_links else link.url


def social_url(campaign: Campaign, partner: Partner) -> Callable[[str, Link], str]:
    """How a partner's captions write addresses: tagged (utm_medium=social) if it asks."""

    def url(_link_id: str, link: Link) -> str:
        return partner_url(campaign, partner, link, "social")

    return url


# ---------------------------------------------------------------------------------------------
# threads


# after a sentence (its closing quote or bracket kept with it); a line break
SENTENCE = re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…][\"')\]’”])\s+|\s*\n\s*")
CLAUSE = re.compile(r"(?<=[,;:])\s+|\s+(?=[–—-]\s)")  # after a clause; before a dash
WORD = re.compile(r"\s+")
# scripts written without spaces between words (Chinese, Japanese): between two characters
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
UNSPACED = re.compile(f"(?<=[{_CJK}])(?=[{_CJK}])")


def label(k: int, n: int) -> str:
    """What follows part k of n: its number on a line of its own."""
    return f"\n\n{k}/{n}"


@functools.lru_cache(maxsize=2048)  # a preview re-checks the same captions at every edit
def split(platform: Platform, text: str) -> tuple[str, ...]:
    """The text as one post if it fits, else as a numbered thread whose parts each fit.

    Parts are cut at the last sentence end that fits, else the last clause, else the last
    space (or, in Chinese and Japanese, between two characters); the words and their order
    never change, only the spaces at a cut. A word too
    long for a post on its own stays whole (its part is over the limit; `check` says so).
    """
    text = text.strip()
    if fits(platform, text):
        return (text,)
    n = 9
    while True:
        bodies = _cut(platform, text, n)
        if len(bodies) <= n:
            count = len(bodies)
            return tuple(body + label(k, count) for k, body in enumerate(bodies, 1))
        n = n * 10 + 9  # more parts than the numbers' width allowed for: allow wider ones


def _cut(platform: Platform, text: str, n: int) -> list[str]:
    """The parts' texts, each fitting with the widest label of at most `n` parts."""
    widest = label(n, n)
    bodies: list[str] = []
    start = 0
    while start < len(text):
        rest = text[start:]
        if fits(platform, rest + widest):
            bodies.append(rest)
            break
        cut = None
        for pattern in (SENTENCE, CLAUSE, WORD, UNSPACED):
            for m in pattern.finditer(text, start):
                if m.start() <= start:
                    continue
                if not fits(platform, text[start:m.start()] + widest):
                    break
                cut = m
            if cut is not None:
                break
        if cut is None:  # a word longer than a post: it stays whole
            m = WORD.search(text, start)
            cut_start, cut_end = (m.start(), m.end()) if m else (len(text), len(text))
        else:
            cut_start, cut_end = cut.start(), cut.end()
        bodies.append(text[start:cut_start])
        start = cut_end
    return bodies


@dataclass(frozen=True)
class Text:
    """What to post on one platform with a post's graphic: one text, or a thread's parts."""

    platform: str
    parts: tuple[str, ...]
    own: bool  # the spec gives this platform its own caption (`captions.<platform>`)

    @property
    def thread(self) -> bool:
        """Whether it goes as a thread of several posts."""
        return len(self.parts) > 1

    @property
    def words(self) -> str:
        """What it is, in words: 'a thread of 3 posts' or 'one post'."""
        return f"a thread of {len(self.parts)} posts" if self.thread else "one post"


def caption_source(post: Post, platform: str) -> tuple[str, bool]:
    """The caption as written for a platform: its own (`captions.<id>`), else the main one;
    and whether it is its own."""
    own = getattr(post.captions, platform, "") if post.captions else ""
    return (own, True) if own else (post.caption, False)


def texts(campaign: Campaign, post: Post, platforms: list[str],
          url: Callable[[str, Any], str] | None = None) -> list[Text]:
    """What to post on each of `platforms` (in PLATFORMS' order), addresses as `url` writes
    them (e.g. tagged for a partner)."""
    out = []
    for pid in PLATFORMS:
        if pid in platforms:
            source, own = caption_source(post, pid)
            out.append(Text(platform=pid, parts=split(PLATFORMS[pid],
                                                      campaign.plain(source, url=url)),
                            own=own))
    return out
