"""Every lint run on a crafted spec, asserting the whole finding."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from packpack.check import lints
from packpack.plan import posting
from packpack.spec import loader
from packpack.spec.example import HERE as EXAMPLE_DIR
from packpack.spec.platforms import PLATFORMS

EXAMPLE = EXAMPLE_DIR
ROOT = Path(__file__).parent.parent

BASE = """\
campaign:
  id: test
  title: Test
  organiser: Org
  contact: Jo Bloggs, jo@example.org
  starts: 2025-04-22
  ends: 2025-04-25
  sizes: [x, instagram-square]
brand:
  fonts:
    regular: fonts/AtkinsonHyperlegible-Regular.ttf
    bold: fonts/AtkinsonHyperlegible-Bold.ttf
  colours:
    background: "#3B1F5C"
    text: "#FFFFFF"
    accent: "#FFD166"
    callout: "#F3EEF9"
    callout_text: "#2A1540"
  logos: [org]
organisations:
  org:
    name: Org
    logo: logos/riverside.png
callout: Call {phone:help}.
phones:
  help: 0300 020 2525
links:
  site: https://www.example.org/
posts:
  - id: one
    layout: statement
    heading: Hello there.
    closing: GOODBYE.
    schedule: 2025-04-22 10:00
    caption: Hello there. See {link:site}
    alt: Hello there. GOODBYE. Call {phone:help}.
partners:
  - id: p
    name: P
    sizes: [x, instagram-square]
"""


def lint(tmp_path: Path, text: str) -> list[str]:
    """The findings for a spec, as printed, with their severity."""
    for folder in ("fonts", "logos"):
        shutil.copytree(EXAMPLE / folder, tmp_path / folder, dirs_exist_ok=True)
    path = tmp_path / "campaign.yaml"
    path.write_text(text)
    found = lints.lint(loader.load(path))
    return [f"{p.severity}: {str(p).removeprefix(str(path) + ':')}" for p in found]


def edit(*pairs: str) -> str:
    """BASE with each (old, new) pair replaced once."""
    text = BASE
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_the_base_spec_is_clean(tmp_path):
    assert lint(tmp_path, BASE) == []


@pytest.mark.parametrize(("contact", "want"), [
    (None, ["warning: 2:3: campaign: no contact for partners: add campaign.contact, a name "
            "with an email address or phone number (e.g. 'Jo Bloggs, comms@example.org, 0191 "
            "000 0000'); bundles name only the organiser until then"]),
    ("Jo Bloggs", ["warning: 5:12: campaign.contact: 'Jo Bloggs' gives no email address or "
                   "phone number; add one, so partners can reach a person (e.g. 'Jo Bloggs, "
                   "comms@example.org, 0191 000 0000')"]),
    ("Jo Bloggs, +44 191 000 0000", []),
    ("jo@example.org", []),
])
def test_a_spec_without_a_contact_for_partners_is_warned(tmp_path, contact, want):
    text = BASE.replace("  contact: Jo Bloggs, jo@example.org\n",
                        f"  contact: {contact}\n" if contact else "")
    assert lint(tmp_path, text) == want


# -- captions -----------------------------------------------------------------------------------


def test_caption_length_counts_as_each_platform_does():
    x, bluesky, threads = PLATFORMS["x"], PLATFORMS["bluesky"], PLATFORMS["threads"]
    assert posting.length(x, "hello") == 5
    assert posting.length(x, "日本語") == 6  # CJK counts 2
    assert posting.length(x, "👍🏽 ok") == 5  # an emoji with its skin tone counts 2
    assert posting.length(x, "👨\u200d👩\u200d👧") == 2  # a family is one emoji
    assert posting.length(x, "see https://example.org/" + "a" * 80) == 4 + 23
    assert posting.length(x, "e\u0301" * 10) == 10  # NFC: é is one character
    assert posting.length(bluesky, "e\u0301" * 10 + "🇬🇧") == 11  # graphemes
    assert posting.length(threads, "e\u0301" * 10) == 20  # code points
    assert posting.link_count("www.example.org and https://a.example.org/x") == 2


@example("cafe\u0301")
@example("\u2019quoted\u2019\u2026\r\n")
@example("\xa9 \xae")
@given(st.text(alphabet=st.characters(max_codepoint=127))
       | st.text(alphabet=st.characters(max_codepoint=0x2030))
       | st.text(alphabet="a\r\n\xa9\xae\u2019\u2026\u0301\u200d\u2764\ufe0f"))
def test_plain_text_is_counted_as_the_full_unicode_rules_count_it(text_):
    """The shortcuts for ASCII and other plain text (most captions) agree with the grapheme
    rules."""
    import regex

    clusters = regex.findall(r"\X", text_)
    assert posting.graphemes(text_) == len(clusters)
    light = posting.X_LIGHT
    assert posting.x_text_weight(text_) == sum(
        2 if regex.search(r"\p{Extended_Pictographic}|\p{Regional_Indicator}", c)
        else sum(1 if any(lo <= ord(ch) <= hi for lo, hi in light) else 2 for ch in c)
        for c in clusters)


def test_a_caption_too_long_for_x_is_a_note_that_it_goes_as_a_thread(tmp_path):
    found = lint(tmp_path, edit("caption: Hello there. See {link:site}",
                                "caption: " + "日" * 141 + " {link:site}"))
    found = [f for f in found if "cannot be drawn" not in f]  # (no shipped font has CJK)
    assert found == [
        "note: 35:14: posts[0].caption: reaches X as a 2-part thread (size x, for p: 306 "
        "weighted characters for p, over 280); give `captions.x` for a single post",
    ]


def test_caption_over_bluesky_and_threads_limits(tmp_path):
    caption = "e\u0301" * 301
    found = lint(tmp_path, edit("caption: Hello there. See {link:site}",
                                f"caption: {caption} {{link:site}}",
                                "sizes: [x, instagram-square]\n", "sizes: [instagram-square]\n",
                                "  sizes: [x, instagram-square]", "  sizes: [instagram-square]"))
    assert found == [  # one word of 301 letters: no thread can hold it
        "error: 35:14: posts[0].caption: part 1 of its thread on Bluesky is over the limit of "
        "300 characters (graphemes) however it is cut (a word or address too long for one "
        "post, for p); shorten it",
        "error: 35:14: posts[0].caption: part 1 of its thread on Threads is over the limit of "
        "500 characters however it is cut (a word or address too long for one post, for p); "
        "shorten it",
        "note: 35:14: posts[0].caption: reaches Bluesky as a 2-part thread (size "
        "instagram-square, for p: 326 characters (graphemes) for p, over 300); give "
        "`captions.bluesky` for a single post",
        "note: 35:14: posts[0].caption: reaches Threads as a 2-part thread (size "
        "instagram-square, for p: 627 characters for p, over 500); give `captions.threads` "
        "for a single post",
    ]


def test_too_many_links_for_threads_go_as_a_thread(tmp_path):
    links = " ".join(f"https://example.org/{n}" for n in range(5))
    found = lint(tmp_path, edit("caption: Hello there. See {link:site}",
                                f"caption: Hello there. See {{link:site}} {links}"))
    assert found == [
        "note: 35:14: posts[0].caption: reaches Threads as a 3-part thread (size "
        "instagram-square, for p: 6 links, over 5); give `captions.threads` for a single post",
    ]


def test_caption_with_too_many_hashtags_for_instagram(tmp_path):
    found = lint(tmp_path, edit("caption: Hello there. See {link:site}",
                                "caption: 'Hello there. See {link:site} #a #b #c #d #e #f #1 "
                                "C# &#39;'"))
    assert found == [
        "warning: 35:14: posts[0].caption: 6 hashtags, over Instagram's limit of 5 (size "
        "instagram-square, for p); remove 1",
    ]


def test_caption_not_bundled_for_a_platform_is_not_held_to_its_limit(tmp_path):
    found = lint(tmp_path, edit("caption: Hello there. See {link:site}",
                                "caption: " + "a " * 200 + "{link:site}",
                                "  sizes: [x, instagram-square]", "  sizes: [instagram-square]",
                                "    sizes: [x, instagram-square]",
                                "    sizes: [instagram-square]"))
    assert found == [  # (X is not reached)
        "note: 35:14: posts[0].caption: reaches Bluesky as a 2-part thread (size "
        "instagram-square, for p: 424 characters (graphemes) for p, over 300); give "
        "`captions.bluesky` for a single post",
    ]


def test_a_platforms_own_caption_replaces_the_thread_and_is_checked_itself(tmp_path):
    long = "Hello there. " * 30 + "See {link:site}"
    found = lint(tmp_path, edit("caption: Hello there. See {link:site}",
                                f"caption: {long}\n    captions:\n      x: Hello. See "
                                "{link:site}\n      bluesky: " + "word " * 70 + "{link:site}"
                                "\n      tiktok: Hello"))
    assert found == [
        "warning: 38:16: posts[0].captions.bluesky: reaches Bluesky as a 2-part thread (size "
        "instagram-square, for p: 374 characters (graphemes) for p, over 300); shorten it by "
        "74 for a single post",
        "warning: 39:15: posts[0].captions.tiktok: no partner posts one to TikTok (no "
        "partner's sizes reach it); remove it, or give a partner a size for it",
    ]


# -- alt text -----------------------------------------------------------------------------------


def test_alt_text_empty(tmp_path):
    found = lint(tmp_path, edit("alt: Hello there. GOODBYE. Call {phone:help}.", "alt: ' '"))
    assert found == [
        "error: 36:10: posts[0].alt: empty; write every word on the graphic, and what it shows, "
        "for people using screen readers",
    ]


def test_alt_text_starting_image_of_and_leaving_out_words(tmp_path):
    found = lint(tmp_path, edit("alt: Hello there. GOODBYE. Call {phone:help}.",
                                "alt: An image of a purple card. Hello. Call {phone:help}."))
    assert found == [
        "warning: 36:10: posts[0].alt: leaves out words that are on the graphic: 'there', "
        "'goodbye'; include every word of the graphic and its callout",
        "warning: 36:10: posts[0].alt: starts with 'An image of'; screen readers already say it "
        "is an image, so start with what it shows",
    ]


def test_alt_text_over_a_platform_limit(tmp_path):
    found = lint(tmp_path, edit("alt: Hello there. GOODBYE. Call {phone:help}.",
                                "alt: Hello there. GOODBYE. Call {phone:help}. " + "a" * 970))
    assert found == [
        "warning: 36:10: posts[0].alt: 1,012 characters, over Instagram's alt-text limit of "
        "1,000 (size instagram-square, for p); shorten it by 12",
        "warning: 36:10: posts[0].alt: 1,012 characters, over X's alt-text limit of 1,000 "
        "(size x, for p); shorten it by 12",
    ]


def test_reference_in_a_field_that_is_not_prose(tmp_path):
    """Alt text and captions are checked by the loader; a label is not prose, so it is linted."""
    found = lint(tmp_path, edit("help: 0300 020 2525",
                                "help:\n    number: 0300 020 2525\n    label: Call {phone:helpp}"))
    assert found == [
        "error: 28:12: phones.help.label: {phone:helpp} is not one of the phones in the spec; "
        "use one of: help",
    ]


# -- dates --------------------------------------------------------------------------------------


def test_weekday_that_contradicts_its_date(tmp_path):
    found = lint(tmp_path, edit(
        "    caption: Hello there. See {link:site}",
        "    caption: |-\n      Hello there. See {link:site}\n"
        "      Join us on Thursday 24th April 2024, or Tuesday 22nd April, or Friday, April 25.\n"
        "      Not Monday, April 25, 2025, nor Mon 31st Feb, nor the 22st."))
    assert found == [
        "warning: 37:18: posts[0].caption: 'Thursday 24th April 2024': 24 April 2024 is a "
        "Wednesday, not a Thursday; correct the weekday to Wednesday, or the date (in 2025 it "
        "is a Thursday: is the year wrong?)",
        "warning: 38:11: posts[0].caption: 'Monday, April 25, 2025': 25 April 2025 is a "
        "Friday, not a Monday; correct the weekday to Friday, or the date",
        "warning: 38:39: posts[0].caption: 'Mon 31st Feb' is not a date; check the day and "
        "month",
        "warning: 38:61: posts[0].caption: '22st' has the wrong ending; write '22nd'",
    ]


def test_event_far_from_the_campaign_and_posting_time_outside_it(tmp_path):
    events = """events:
  - id: old
    title: Old
    host: Org
    date: 2024-04-24
  - id: late
    title: Late
    host: Org
    date: 2026-05-01
  - id: soon
    title: Soon
    host: Org
    date: 2025-11-06
"""
    found = lint(tmp_path, edit("schedule: 2025-04-22 10:00", "schedule: 2025-04-26 09:30")
                 + events)
    assert found == [
        "warning: 34:15: posts[0].schedule: 2025-04-26 09:30 is outside the campaign (the "
        "campaign runs 2025-04-22 to 2025-04-25); move it into those days",
        "warning: 45:11: events[0].date: 2024-04-24 is 363 days before the campaign starts "
        "(the campaign runs 2025-04-22 to 2025-04-25); check the year",
        "warning: 49:11: events[1].date: 2026-05-01 is 371 days after the campaign ends (the "
        "campaign runs 2025-04-22 to 2025-04-25); check the year",
    ]


# -- phones and links ---------------------------------------------------------------------------


def test_phone_numbers_in_odd_formats_or_typed_into_prose(tmp_path):
    found = lint(tmp_path, edit(
        "help: 0300 020 2525", "help: '03000202525'",
        "caption: Hello there. See {link:site}",
        "caption: See {link:site}, 0300 020 2525, 0203 866 4107 or 01234 56789 (aged 16-25, "
        "09:30-20:00, 2024)."))
    assert found == [
        "warning: 26:9: phones.help.number: '03000202525' is not in the standard format; "
        "write it as '0300 020 2525'",
        "warning: 35:31: posts[0].caption: '0300 020 2525' is typed out; write {phone:help} so "
        "the number is written once",
        "warning: 35:46: posts[0].caption: '0203 866 4107' is typed out; add it under phones "
        "(as '020 3866 4107') and write {phone:ID}",
        "warning: 35:63: posts[0].caption: '01234 56789' looks like a phone number but is not "
        "a valid UK number; check the digits",
    ]


def test_links_missing_insecure_duplicated_and_unused(tmp_path):
    found = lint(tmp_path, edit(
        "  site: https://www.example.org/\n",
        "  site: https://www.example.org/\n"
        "  again: https://example.org\n"
        "  old: http://example.net/page\n"
        "  lost:\n    title: Lost\n    missing: true\n",
        "caption: Hello there. See {link:site}",
        "caption: Hello there. See {link:site}, {link:old}, [this](link:lost), {link:again}"))
    assert found == [
        "warning: 29:10: links.again.url: the same address as links.site; use {link:site} and "
        "remove links.again",
        "error: 30:8: links.old.url: 'http://example.net/page' is not secure; write "
        "'https://example.net/page' (check the site opens over https), or, if the site has "
        "no https, say so with links.old.http: true",
        "warning: 32:5: links.lost: no address yet (used in posts[0].caption); add its url "
        "before the pack goes out",
    ]


def test_links_phones_and_organisations_never_used(tmp_path):
    found = lint(tmp_path, edit(
        "  site: https://www.example.org/\n",
        "  site: https://www.example.org/\n  spare: https://example.com/spare\n",
        "  help: 0300 020 2525\n", "  help: 0300 020 2525\n  spare: 0808 802 0300\n",
        "    logo: logos/riverside.png\n",
        "    logo: logos/riverside.png\n  other:\n    name: Other\n"))
    assert found == [
        "warning: 25:5: organisations.other: defined but never used; use it (brand.logos or a "
        "post's logos) or remove it",
        "warning: 29:10: phones.spare: defined but never used; use it ({phone:ID}) or remove it",
        "warning: 32:10: links.spare: defined but never used; use it ({link:ID} or "
        "[words](link:ID)) or remove it",
    ]


# -- who receives what --------------------------------------------------------------------------


def test_what_the_build_would_refuse_check_reports_as_errors(tmp_path):
    """A partner without sizes, and a post named like a bundle's QR-code folder: errors that
    `check` reports with their place, as `build` refuses them."""
    found = lint(tmp_path, BASE.replace("    sizes: [x, instagram-square]\n",
                                        "    sizes: []\n", 1).replace("  - id: one\n",
                                                                     "  - id: qr\n", 1))
    errors = [f for f in found if f.startswith("error")]
    assert any("partners[0].sizes:" in f and "receives no sizes" in f for f in errors), found
    assert any("posts[0].id: a post may not be called 'qr'" in f for f in errors), found


def test_posts_partners_and_sizes_that_reach_nobody(tmp_path):
    found = lint(tmp_path, BASE.replace(
        "    sizes: [x, instagram-square]\n",
        "    sizes: [x, instagram-square]\n    posts: [one]\n"
        "  - id: q\n    name: Q\n    sizes: [story]\n    posts: []\n", 1)
        .replace("  - id: one\n", "  - id: two\n    layout: statement\n    heading: Two.\n"
                 "    closing: TWO.\n    caption: Two.\n    alt: Two. TWO. Call {phone:help}.\n"
                 "  - id: one\n"))
    assert found == [
        "warning: 30:5: posts[0]: no partner receives two; add it to a partner's posts, or "
        "remove it",
        "warning: 48:5: partners[1]: q receives nothing (no posts); give it posts, or remove it",
        "error: 50:13: partners[1].sizes[0]: 'story' is not rendered (campaign.sizes leaves it "
        "out), so the bundle would lack it; add it to campaign.sizes or remove it here",
    ]


# -- the layout's findings and the bundled campaign ---------------------------------------------


def test_lint_includes_the_layout_findings(tmp_path):
    found = lint(tmp_path, edit('accent: "#FFD166"', 'accent: "#6A4F90"'))
    assert [f for f in found if "contrast" in f] == [
        "error: 16:13: brand.colours.accent: in every post and size: accent #6A4F90 on "
        "background #3B1F5C has a contrast of 2.04:1, below the 3:1 WCAG AA needs for large "
        "text; make brand.colours.accent or brand.colours.background lighter or darker until "
        "the contrast is at least 3:1"]


def test_findings_are_cached_until_the_spec_or_its_files_change(tmp_path, monkeypatch):
    first = lint(tmp_path, BASE)
    calls = []
    real = lints.LINTS[0]
    monkeypatch.setattr(lints, "LINTS", [lambda c: calls.append(c) or real(c),
                                         *lints.LINTS[1:]])
    assert lint(tmp_path, BASE) == first and calls == []  # from the cache
    assert lint(tmp_path, BASE.replace("title: Test", "title: Test 2")) == first
    assert len(calls) == 1  # the spec changed, so it was linted again
    c = loader.load(tmp_path / "campaign.yaml")
    lints.lint(c, cache=False)
    assert len(calls) == 2  # --no-cache lints afresh


def test_bundled_campaign_has_only_the_expected_warnings():
    found = lints.lint(loader.load(ROOT / "campaign.yaml"))
    assert lints.errors(found) == []
    missing = [p.field for p in found if "no address yet" in p.message]
    assert missing == ["links.super-complaint", "links.emergency-sms", "links.vcas-referrals",
                       "links.stalking-helpline-enquiry", "links.slt-conference",
                       "links.art-conference", "links.all-posts"]
    threads = [(p.field, p.severity, p.message.split(" thread ")[0]) for p in found
               if " thread " in p.message]
    parts = {"X": "3", "Bluesky": ["3- to 4", "3- to 5", "2- to 3", "3"], "Threads":
             ["2", "2- to 3", "2", "2"]}  # with the partners' tagged links
    assert threads == [
        (f"posts[{i}].caption", "note",
         f"reaches {name} as a {n if isinstance(n, str) else n[i]}-part")
        for i in range(4) for name, n in sorted(parts.items())]
    assert [p.field for p in found if "contact" in p.message] == ["campaign"]
    assert len(found) == len(missing) + len(threads) + 1


@pytest.mark.parametrize("path", ["src/packpack/spec/example/campaign.yaml"])
def test_example_campaign_is_clean(path):
    assert lints.lint(loader.load(ROOT / path)) == []


def test_the_seeds_own_slips_are_caught(tmp_path):
    """The seed document's slips, written into an event: each is found where it stands."""
    events = """events:
  - id: seminar
    title: Seminar
    host: Paladin
    date: 2025-04-24
    description: >-
      Running between 22st- 25th April 2025. On Thursday 24th April 2024 at 12-1pm, Paladin
      are offering a seminar; or call Harbour on 03000 20 25 25, or Paladin on 0203 866 4107.
      The Helpline is open: 09:30 - 20:00, Monday and Wednesday.
"""
    assert lint(tmp_path, BASE + events) == [
        "warning: 47:23: events[0].description: '22st' has the wrong ending; write '22nd'",
        "warning: 47:49: events[0].description: 'Thursday 24th April 2024': 24 April 2024 is a "
        "Wednesday, not a Thursday; correct the weekday to Wednesday, or the date (in 2025 it "
        "is a Thursday: is the year wrong?)",
        "warning: 48:50: events[0].description: '03000 20 25 25' is typed out; write "
        "{phone:help} so the number is written once",
        "warning: 48:80: events[0].description: '0203 866 4107' is typed out; add it under "
        "phones (as '020 3866 4107') and write {phone:ID}",
    ]


def test_an_id_listed_twice_is_reported_where_it_is_written(tmp_path):
    found = lint(tmp_path, BASE.replace("    sizes: [x, instagram-square]\n",
                                        "    sizes: [x, instagram-square, x]\n", 1))
    assert any(f.startswith("warning: ") and "partners[0].sizes[2]: 'x' is listed twice "
               "(first as partners[0].sizes[0]); remove this one" in f for f in found), found
