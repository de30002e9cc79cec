"""The spec loader: the bundled campaigns load, and each kind of mistake gets its exact message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import ROOT, edit
from packpack.core.errors import SpecError
from packpack.spec import loader


def problems(path: Path | str) -> str:
    """The whole error text the loader gives for a spec (which must fail)."""
    with pytest.raises(SpecError) as info:
        loader.load(path)
    return str(info.value)


def test_seed_campaign_loads_with_every_part() -> None:
    c = loader.load(ROOT / "campaign.yaml")
    s = c.spec
    assert c.id == "stalking-awareness-week-2025"
    assert [p.id for p in s.posts] == ["stalking-is", "its-all-stalking", "its-stalking",
                                       "love-shouldnt-be-scary"]
    assert s.posts[0].items == ["Fixated", "Obsessive", "Unwanted", "Repeated"]
    assert s.campaign.starts == dt.date(2025, 4, 22)
    assert s.events[0].date.strftime("%A") == "Thursday"  # derived, never typed
    assert len(s.partnership.sections) == 4
    assert {r.scope for r in s.resources} == {"local", "national"}
    assert c.target_sizes == ["instagram-square", "instagram-portrait", "story", "facebook",
                              "x", "linkedin"]


def test_seed_keeps_every_phone_email_and_address_of_the_source() -> None:
    """Every number, email and web address in the seed document is in the campaign."""
    c = loader.load(ROOT / "campaign.yaml")
    s = c.spec
    numbers = {p.number for p in s.phones.values()}
    for n in ["101", "999", "18000", "0800 138 2020", "0300 020 2525", "0808 802 0300",
              "020 3866 4107", "01642 683045", "0808 200 0247", "01823 334244",
              "0800 999 5428", "0808 802 4040", "0800 599 9247"]:
        assert n in numbers, n
    emails = {e for r in s.resources for e in r.emails}
    assert emails == {"victimcare@durham-pcc.gov.uk", "support@protectionagainststalking.org"}
    urls = {link.url for link in s.links.values()}
    for url in ["https://www.victimcareandadvice.service.uk", "https://www.myharbour.org.uk/",
                "https://www.suzylamplugh.org/am-i-being-stalked-tool",
                "https://www.paladinservice.co.uk/", "https://forms.office.com/e/xusxyNUR0P",
                "https://www.thecyberhelpline.com/gethelp",
                "https://www.suzylamplugh.org/Pages/Category/national-stalking-helpline",
                "https://www.actionagainststalking.org"]:
        assert url in urls, url
    # the seed's links that lost their address stay marked as missing, with their text
    missing = {k for k, link in s.links.items() if link.missing}
    assert {"super-complaint", "emergency-sms", "vcas-referrals", "stalking-helpline-enquiry",
            "slt-conference", "art-conference", "all-posts"} == missing


def test_callout_is_written_once_and_expands() -> None:
    c = loader.load(ROOT / "campaign.yaml")
    assert c.plain(c.spec.callout) == (
        "If you are a victim of stalking, call Durham Constabulary on 101 or 999 in an "
        "emergency. For support in dealing with stalking visit the Victim Care and Advice "
        "Service at https://www.victimcareandadvice.service.uk or call Harbour on "
        "0300 020 2525.")


def test_seed_slips_are_corrected() -> None:
    text = (ROOT / "campaign.yaml").read_text()
    for slip in ["Fixed,", "22st", "Harrassment", "laws of protect", "a increased",
                 "03000202525", "0203 866 4107", "2024 at 12"]:
        assert slip not in text, slip
    assert "Fixated, Obsessive, Unwanted, Repeated" in text


def test_example_campaign_loads(example: Path) -> None:
    c = loader.load(example)
    assert c.id == "my-campaign-2026"
    assert c.plain(c.spec.posts[0].caption).endswith(
        "Need help? Call 0300 123 4567 or visit https://www.example.org/riverside.")


def test_links_may_be_plain_strings(example: Path) -> None:
    edit(example, "  riverside:\n    url: https://www.example.org/riverside\n",
         "  riverside: https://www.example.org/riverside\n  unused:\n"
         "    url: https://www.example.org/x\n")
    c = loader.load(example)
    assert c.spec.links["riverside"].url == "https://www.example.org/riverside"
    assert c.spec.links["riverside"].kind == "info"


def test_sizes_override_presets_field_by_field_and_add_new(example: Path) -> None:
    edit(example, "links:\n", "sizes:\n  story:\n    safe: {top: 300, bottom: 400}\n"
         "  poster:\n    width: 1000\n    height: 1500\n    label: A poster\n"
         "campaign_x: 1\nlinks:\n".replace("campaign_x: 1\n", ""))
    c = loader.load(example)
    assert (c.sizes["story"].width, c.sizes["story"].safe.top) == (1080, 300)
    assert c.sizes["story"].platforms == ["instagram", "facebook"]
    assert (c.sizes["poster"].width, c.sizes["poster"].height) == (1000, 1500)
    assert c.target_sizes[-1] == "poster"


# -- each kind of mistake, with its whole message ----------------------------------------------

MISTAKES = {
    "syntax error": (
        "  title: Look Out For Each Other\n", "  title: [Look Out\n",
        "campaign.yaml:9:11: YAML syntax error: did not find expected ',' or ']'"),
    "unknown key": (
        "  subtitle: Partner Pack", "  subtitel: Partner Pack",
        "campaign.yaml:9:13: campaign.subtitel: unknown key; did you mean 'subtitle'?"),
    "wrong type": (
        "    schedule: 2026-05-11 09:00", "    schedule: [monday]",
        "campaign.yaml:68:15: posts[0].schedule: expected a date and time (YYYY-MM-DD HH:MM), "
        "got a list"),
    "missing file": (
        "logo: logos/riverside.png", "logo: logos/riversid.png",
        "campaign.yaml:40:11: organisations.riverside.logo: no file 'logos/riversid.png' next "
        "to the spec; did you mean 'logos/riverside.png'?"),
    "dangling reference": (
        "  logos: [riverside]", "  logos: [riverside, harbour]",
        "campaign.yaml:35:22: brand.logos[1]: 'harbour' is not one of the organisations in the "
        "spec; known organisations: riverside"),
    "dangling reference in prose": (
        "callout: Need help? Call {phone:helpline}", "callout: Need help? Call {phone:helpine}",
        "campaign.yaml:43:10: callout: {phone:helpine} is not one of the phones in the spec; "
        "did you mean 'helpline'?"),
    "bad URL": (
        "url: https://www.example.org/riverside\n", "url: www.example.org/riverside\n",
        "campaign.yaml:53:10: links.riverside.url: 'www.example.org/riverside' has no scheme; "
        "write 'https://www.example.org/riverside'"),
    "bad colour": (
        'accent: "#FFD166"', 'accent: "#FFD16"',
        "campaign.yaml:32:13: brand.colours.accent: '#FFD16' is not a colour; write #RRGGBB, "
        "e.g. #3B1F5C"),
    "impossible date": (
        "ends: 2026-05-15", "ends: 2026-02-30",
        "campaign.yaml:13:9: campaign.ends: '2026-02-30' is not a real date: day is out of "
        "range for month"),
    "duplicate id": (
        "  - id: say-hello", "  - id: check-in",
        "campaign.yaml:76:9: posts[1].id: duplicate id 'check-in'; posts[0] has it already"),
    "bad slug": (
        "  id: my-campaign-2026", "  id: My Campaign",
        "campaign.yaml:7:7: campaign.id: 'My Campaign' is not a valid id; use lower-case "
        "letters, digits and hyphens, e.g. 'my-campaign'"),
    "invalid phone number": (
        "number: 0300 123 4567", "number: 0300 123 456",
        "campaign.yaml:47:13: phones.helpline.number: '0300 123 456' is not a valid UK phone "
        "number; check the digits (e.g. '0300 020 2525', or a short code such as '101')"),
    "missing required field": (
        "    alt: >-\n      A neighbour", "    alts: >-\n      A neighbour",
        "campaign.yaml:62:5: posts[0].alt: missing; add alt: (alt text: every word on the "
        "graphic, for screen readers)\n"
        "campaign.yaml:73:11: posts[0].alts: unknown key; did you mean 'alt'?"),
    "bad choice": (
        "    layout: statement", "    layout: statment",
        "campaign.yaml:78:13: posts[1].layout: expected one of list, questions, stack, "
        "statement, got 'statment'; did you mean 'statement'?"),
    "campaign ends before it starts": (
        "ends: 2026-05-15", "ends: 2026-05-01",
        "campaign.yaml:13:9: campaign.ends: 2026-05-01 is before campaign.starts (2026-05-11); "
        "the campaign ends on or after the day it starts"),
    "python tag": (
        "  area: Riverside", "  area: !!python/object/apply:os.system [echo hi]",
        "campaign.yaml:11:9: campaign.area: the tag tag:yaml.org,2002:python/object/apply:"
        "os.system is not allowed; write plain values"),
    "layout needs its fields": (
        "    closing: IT MEANS A LOT.\n", "",
        "campaign.yaml:76:5: posts[1]: the statement layout needs closing: add it, or choose "
        "another layout"),
}


@pytest.mark.parametrize("name", list(MISTAKES))
def test_mistake_is_reported_with_line_field_and_fix(name: str, example: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    old, new, expected = MISTAKES[name]
    edit(example, old, new)
    monkeypatch.chdir(example.parent)
    assert problems("campaign.yaml") == expected


def test_every_problem_is_reported_in_one_go(example: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    edit(example, 'accent: "#FFD166"', 'accent: "yellow"')
    edit(example, "  subtitle: Partner Pack", "  subtitel: Partner Pack")
    edit(example, "url: https://www.example.org/riverside\n", "url: ftp://example.org\n")
    monkeypatch.chdir(example.parent)
    assert problems("campaign.yaml").splitlines() == [
        "campaign.yaml:9:13: campaign.subtitel: unknown key; did you mean 'subtitle'?",
        "campaign.yaml:32:13: brand.colours.accent: 'yellow' is not a colour; write #RRGGBB, "
        "e.g. #3B1F5C",
        "campaign.yaml:53:10: links.riverside.url: 'ftp://example.org' is not a web address; "
        "write it as https://host/path",
    ]


def test_a_mistake_in_one_field_never_hides_the_mistakes_in_others(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """#15: a bad colour hid an unknown size and an unknown {phone:…} id (three runs)."""
    edit(example, 'accent: "#FFD166"', "accent: #FFD166")  # unquoted: YAML reads a comment
    edit(example, 'text: "#FFFFFF"', 'text: "#FFFFF"')
    edit(example, "sizes: [facebook, x]", "sizes: [facebook, x, tiktok-ish]")
    edit(example, "Need help? Call {phone:helpline}", "Need help? Call {phone:helpine}")
    edit(example, "  subtitle: Partner Pack", "  subtitel: Partner Pack")
    monkeypatch.chdir(example.parent)
    assert problems("campaign.yaml").splitlines() == [
        "campaign.yaml:9:13: campaign.subtitel: unknown key; did you mean 'subtitle'?",
        "campaign.yaml:31:11: brand.colours.text: '#FFFFF' is not a colour; write #RRGGBB, "
        "e.g. #3B1F5C",
        "campaign.yaml:32:12: brand.colours.accent: expected text, got nothing (null); YAML "
        'reads everything after an unquoted # as a comment: quote the value, as in accent: '
        '"#FFD166"',
        "campaign.yaml:43:10: callout: {phone:helpine} is not one of the phones in the spec; "
        "did you mean 'helpline'?",
        "campaign.yaml:94:26: partners[1].sizes[2]: 'tiktok-ish' is not one of the sizes in the "
        "spec; known sizes: facebook, instagram-portrait, instagram-square, linkedin, story, x",
    ]


def test_a_tab_in_the_indentation_says_to_indent_with_spaces(
        example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(example, "  subtitle: Partner Pack", "\tsubtitle: Partner Pack")
    monkeypatch.chdir(example.parent)
    assert problems("campaign.yaml") == (
        "campaign.yaml:9:1: YAML syntax error: found a tab character that violates indentation; "
        "a tab is there: indent with spaces (two per level), never tabs")


def test_missing_spec_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert problems("campaign.yaml") == (
        "campaign.yaml: no such file; give the path of a campaign spec, or run "
        "`packpack init DIR` to start one")


def test_empty_spec(tmp_path: Path) -> None:
    (tmp_path / "campaign.yaml").write_text("# nothing yet\n")
    assert problems(tmp_path / "campaign.yaml").endswith(
        "campaign.yaml: the spec is empty; it needs at least campaign, brand, posts and "
        "partners (see `packpack init`)")


def test_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "campaign.yaml").write_bytes(b"campaign:\n  title: caf\xe9\n")
    assert problems(tmp_path / "campaign.yaml").endswith(
        "campaign.yaml:2:13: the file is not UTF-8 text; save it with UTF-8 encoding")


def test_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    """A billion-laughs spec: few bytes, but aliases that expand to millions of values."""
    words = "&w [" + ", ".join(["lol"] * 1000) + "]"
    post = "&p {id: x, layout: list, heading: h, items: *w, caption: c, alt: a}"
    lines = [f"words: {words}", f"post: {post}", "posts: [" + ", ".join(["*p"] * 1000) + "]"]
    (tmp_path / "campaign.yaml").write_text("\n".join(lines) + "\n")
    message = problems(tmp_path / "campaign.yaml")
    assert f"more than {loader.MAX_NODES:,} values (are YAML aliases repeating a value many " \
        "times?)" in message


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    (tmp_path / "campaign.yaml").write_text("posts: " + "[" * 2000 + "]" * 2000 + "\n")
    message = problems(tmp_path / "campaign.yaml")
    assert "nested" in message and "deep" in message


def test_paths_may_not_leave_the_spec_folder(example: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    edit(example, "logo: logos/riverside.png", "logo: ../../etc/passwd")
    monkeypatch.chdir(example.parent)
    assert problems("campaign.yaml") == (
        "campaign.yaml:40:11: organisations.riverside.logo: '../../etc/passwd' leads outside "
        "the spec's folder; keep fonts and logos in it")


def test_logo_that_is_not_an_image(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (example.parent / "logos" / "riverside.png").write_bytes(b"<html>not a png</html>")
    monkeypatch.chdir(example.parent)
    assert problems("campaign.yaml").startswith(
        "campaign.yaml:40:11: organisations.riverside.logo: 'logos/riverside.png' is not a "
        "readable image")


def test_font_that_is_not_a_font(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (example.parent / "fonts" / "AtkinsonHyperlegible-Bold.ttf").write_bytes(b"hello")
    monkeypatch.chdir(example.parent)
    assert problems("campaign.yaml") == (
        "campaign.yaml:28:11: brand.fonts.bold: 'fonts/AtkinsonHyperlegible-Bold.ttf' is not a "
        "TrueType font (.ttf)")


def test_cff_font_gets_advice(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (example.parent / "fonts" / "AtkinsonHyperlegible-Bold.ttf").write_bytes(b"OTTO" + b"\0" * 64)
    monkeypatch.chdir(example.parent)
    assert problems("campaign.yaml") == (
        "campaign.yaml:28:11: brand.fonts.bold: 'fonts/AtkinsonHyperlegible-Bold.ttf' is an "
        "OpenType font with PostScript (CFF) outlines, which PDFs cannot embed here; use the "
        "TrueType (.ttf) version of the font")


def test_values_keep_their_positions() -> None:
    c = loader.load(ROOT / "campaign.yaml")
    line, _col = c.where("posts[2].caption")
    assert (ROOT / "campaign.yaml").read_text().splitlines()[line - 1].strip() == "caption: |-"
    assert c.where("posts[2].nonexistent") == c.where("posts[2]")


def test_times_are_read_as_times_not_sexagesimal(example: Path) -> None:
    edit(example, '    start: "10:00"', "    start: 10:00")
    assert loader.load(example).spec.events[0].start == dt.time(10, 0)


# -- verdicts remembered between loads --------------------------------------------------------


def _load_in_fresh_python(spec_path: Path) -> list[str]:
    """Load and lint a spec (as a build does) in a new interpreter, with the cache; which slow
    libraries that imported."""
    import subprocess
    import sys

    code = ("import sys; from packpack.check import lints; from packpack.spec import loader; "
            "lints.lint(loader.load(sys.argv[1], cache=True), cache=False, layout=False); "
            "print(' '.join(m for m in ('phonenumbers', 'PIL.Image') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(spec_path)], capture_output=True,
                          text=True, check=True, env={"PYTHONPATH": str(ROOT / "src")})
    return done.stdout.split()


def test_slow_checks_are_remembered_and_not_repeated(example: Path) -> None:
    assert _load_in_fresh_python(example) == ["phonenumbers", "PIL.Image"]
    assert _load_in_fresh_python(example) == []  # phones and logos judged before
    assert (example.parent / ".packpack-cache" / "verdicts.json").is_file()


def test_a_remembered_verdict_is_the_same_finding_and_a_changed_logo_is_judged_again(
        example: Path) -> None:
    edit(example, "0300 123 4567", "0300 123 456")
    for _ in range(2):  # judged, then remembered: the same words
        with pytest.raises(SpecError, match="'0300 123 456' is not a valid UK phone number"):
            loader.load(example, cache=True)
    edit(example, "0300 123 456", "0300 123 4567")
    loader.load(example, cache=True)
    logo = next((example.parent / "logos").glob("*.png"))
    logo.write_bytes(logo.read_bytes()[:200])  # truncated after it was judged readable
    with pytest.raises(SpecError, match="is not a readable image"):
        loader.load(example, cache=True)


def test_an_unknown_time_zone_is_a_spec_error_not_a_failed_build(example: Path) -> None:
    """Regression: `timezone: Mars/Base` passed check, and the calendar writer refused it
    while building; the loader names it now."""
    edit(example, "  starts: 2026-05-11\n", "  starts: 2026-05-11\n  timezone: Mars/Base\n")
    with pytest.raises(SpecError, match=r"campaign\.timezone: 'Mars/Base' is not a known time "
                                        r"zone; use an IANA name such as Europe/London"):
        loader.load(example)


def test_a_blank_required_text_is_a_spec_error(example: Path) -> None:
    """Regression (found by fuzzing): an event titled ' ' passed check, and the pack's
    contents line for it failed with a traceback while building."""
    edit(example, "    title: Coffee morning\n", "    title: ' '\n")
    with pytest.raises(SpecError, match=r"events\[0\]\.title: is empty; write it out"):
        loader.load(example)


def test_a_title_too_long_to_set_is_a_spec_error(example: Path) -> None:
    """Regression (found by fuzzing): an event titled with 5,000 letters passed check, then
    the pack could not set its heading on a page."""
    edit(example, "    title: Coffee morning\n", f"    title: {'x' * 5000}\n")
    with pytest.raises(SpecError, match=r"events\[0\]\.title: is 5,000 characters; a name, "
                                        r"title or line is at most 1,000"):
        loader.load(example)


def test_a_font_path_too_long_for_the_system_is_a_spec_error(example: Path) -> None:
    """Regression (found by fuzzing): a font named by 900 letters made check show a
    traceback (the system refuses so long a file name)."""
    text = example.read_text()
    bold = next(line for line in text.splitlines() if line.strip().startswith("bold:"))
    edit(example, bold, bold.split(":")[0] + ": " + "x" * 900)
    with pytest.raises(SpecError, match=r"brand\.fonts\.bold: 'x+'\.\.\. cannot be a file's "
                                        r"path \(File name too long\)"):
        loader.load(example)


@pytest.mark.parametrize(("url", "why"), [
    ('https://www.example.org/"><script>', "holds a double quote (character 25), which a web "
     "address may not; remove it, or percent-encode it (a space is %20)"),
    ("https://www.example.org/<x>", "holds '<' (character 25)"),
    ("https://www.example.org/a b", "holds a space (character 26)"),
    ("https://www.example.org/a\u0007b", "contains the invisible control character U+0007"),
    ("https://www.example.org/100%", "is not a valid web address (RFC 3986): check for a "
     "stray '%', '#' or a character that must be percent-encoded"),
    ("https://www.example.org/a#b#c", "is not a valid web address (RFC 3986)"),
    ("https://www.example.org:70000/", "has port 70000, which cannot exist (ports go up to "
     "65535)"),
    ("https://ex\u00e4mple.org/", "holds letters a web address must percent-encode (or, in "
     "a host name, write in its xn-- form)"),
    ("javascript:alert(1)", "is not a web address; write it as https://host/path"),
])
def test_link_addresses_are_rfc_3986_uris_reported_at_their_place(
        url: str, why: str, example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hostile or careless addresses never reach a PDF link, a QR code or a README: check
    names the file, line, column and field."""
    import json

    edit(example, "url: https://www.example.org/riverside\n", f"url: {json.dumps(url)}\n")
    monkeypatch.chdir(example.parent)
    got = problems("campaign.yaml")
    assert got.startswith("campaign.yaml:53:10: links.riverside.url: ") and why in got, got
    assert got.count("\n") == 0  # one problem, one line


def test_an_http_address_is_an_error_unless_the_link_says_the_site_has_no_https(
        example: Path) -> None:
    from packpack.check import lints

    edit(example, "url: https://www.example.org/riverside\n",
         "url: http://www.example.org/riverside\n")
    found = [p for p in lints.lint(loader.load(example)) if p.field.startswith("links.")]
    assert [(p.severity, p.line, p.field) for p in found] == [
        ("error", 53, "links.riverside.url")]
    edit(example, "url: http://www.example.org/riverside\n",
         "url: http://www.example.org/riverside\n    http: true\n")
    assert not [p for p in lints.lint(loader.load(example)) if p.field.startswith("links.")]


@pytest.mark.parametrize(("zone", "said"), [
    ("Europe/Londn", "did you mean Europe/London, Europe/Lisbon or Europe/Oslo?"),
    ("europe/london", "did you mean Europe/London?"),
    ("Mars/Base", "use an IANA name such as Europe/London"),
])
def test_a_misspelt_time_zone_is_reported_at_its_place_with_the_nearest_names(
        zone: str, said: str, example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(example, "  starts: 2026-05-11\n", f"  timezone: {zone}\n  starts: 2026-05-11\n")
    monkeypatch.chdir(example.parent)
    assert problems("campaign.yaml") == (
        f"campaign.yaml:12:13: campaign.timezone: {zone!r} is not a known time zone; {said}")
