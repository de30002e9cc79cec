"""Text per platform: counted as each platform counts it (checked against twitter-text and
the Unicode grapheme rules), and cut into numbered threads without changing a word."""

from __future__ import annotations

import re

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st
from twitter_text import parse_tweet

from packpack.plan import posting
from packpack.spec.platforms import PLATFORMS

X, BLUESKY, THREADS = PLATFORMS["x"], PLATFORMS["bluesky"], PLATFORMS["threads"]
EMOJI = r"\p{Extended_Pictographic}|\p{Regional_Indicator}"


def independent(platform: str, text: str) -> int:
    """The platform's count by an implementation that is not packpack's."""
    if platform == "x":
        return parse_tweet(text).weightedLength
    clusters = regex.findall(r"\X", text)
    if platform == "bluesky":
        return len(clusters)
    return sum(len(c.encode()) if regex.search(EMOJI, c) else len(c)
               for c in clusters)


def bodies(parts: tuple[str, ...]) -> list[str]:
    """The parts without their numbers, checking the numbers run 1/n to n/n."""
    if len(parts) == 1:
        return list(parts)
    out = []
    for k, part in enumerate(parts, 1):
        m = re.fullmatch(r"(?s)(.*)\n\n(\d+)/(\d+)", part)
        assert m and (int(m[2]), int(m[3])) == (k, len(parts)), part
        out.append(m[1])
    return out


WORDS = st.sampled_from([
    "stalking", "is", "a", "crime.", "Call", "101,", "or", "999", "now!", "Help", "is",
    "available;", "you", "are", "not", "alone?", "—", "https://www.example.org/a-page",
    "https://www.victimcareandadvice.service.uk/?utm_source=p&utm_medium=social&utm_campaign=c",
    "www.example.co.uk", "café", "naïve", "👍🏽", "🇬🇧", "日本語", "e\u0301", "(see", "below).",
    "support@protectionagainststalking.org", "16-25", "•", "\n", "\n\n", "it's", "“quoted.”",
])
TEXTS = st.lists(WORDS, min_size=1, max_size=260).map(
    lambda ws: re.sub(r" ?(\n+) ?", r"\1", " ".join(ws)).strip()).filter(bool)


@settings(max_examples=150, deadline=None)
@example("Stalking is... " * 40, "x")
@example("日" * 400, "x")
@example(" ".join(["https://example.org/x"] * 12), "threads")
@given(TEXTS, st.sampled_from(["x", "bluesky", "threads"]))
def test_every_part_fits_as_the_platform_counts_and_no_word_changes(text, platform):
    p = PLATFORMS[platform]
    parts = posting.split(p, text)
    assert " ".join(bodies(parts)).split() == text.split() or (  # (CJK: cut between letters)
        "".join("".join(bodies(parts)).split()) == "".join(text.split()))
    for part in parts:
        ours, theirs = posting.length(p, part), independent(platform, part)
        assert ours == theirs or (platform == "x" and ours > theirs)  # (x: never undercounts)
        assert independent(platform, part) <= p.caption_limit, (platform, part)
        if p.max_links:
            assert posting.link_count(part) <= p.max_links
    if posting.fits(p, text):
        assert parts == (text.strip(),)


@given(TEXTS)
@settings(max_examples=200, deadline=None)
def test_x_count_is_twitter_texts_or_more_never_less(text):
    """Where packpack cannot be sure what X takes for a link, it counts the larger."""
    assert posting.x_weighted_length(text) >= parse_tweet(text).weightedLength


def test_x_counts_the_seed_kind_of_text_exactly():
    text = ("For support visit https://www.victimcareandadvice.service.uk/?utm_source=vcas&"
            "utm_medium=social&utm_campaign=stalking-awareness-week-2025 or call 0800 138 2020."
            " Find out more at https://www.paladinservice.co.uk/.")
    assert posting.x_weighted_length(text) == parse_tweet(text).weightedLength == 106


def test_threads_are_cut_at_sentence_ends_before_clauses_and_words():
    one = "First sentence is short. " + "Second, a long clause with many words, " * 8
    parts = posting.split(X, one.strip())
    assert parts[0] == "First sentence is short.\n\n1/3"  # the sentence end, though early
    assert parts[1].endswith(",\n\n2/3")  # then after a clause
    assert bodies(parts)[1].startswith("Second,")
    words = "word " * 120
    assert [len(b.split()) for b in bodies(posting.split(X, words.strip()))] == [55, 55, 10]


def test_a_paragraph_break_is_a_place_to_cut_and_is_kept_inside_parts():
    text = "Line one.\n\nLine two is here.\n\n" + "More words here. " * 20
    parts = posting.split(X, text.strip())
    assert parts[0].startswith("Line one.\n\nLine two is here.")


def test_a_text_that_fits_is_one_post_without_a_number():
    assert posting.split(X, "Short. https://example.org/" + "a" * 400) == (
        "Short. https://example.org/" + "a" * 400,)


@pytest.mark.parametrize("text", ["a" * 281, "x" * 1000])
def test_a_word_too_long_for_a_post_stays_whole(text):
    parts = posting.split(X, "Hello there. " + text)
    assert bodies(parts) == ["Hello there.", text]
    assert not posting.fits(X, parts[1])  # check reports it as an error
