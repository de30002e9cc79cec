"""Partner bundles, opened the way a partner would: unzip, check, decode, import, preview."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import shutil
import stat
import subprocess
import zipfile
import zlib
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from zlib_ng import zlib_ng

from packpack.build import pipeline
from packpack.bundle import archive, contents, outputs, readme
from packpack.bundle.posts import posts_json
from packpack.check import lints
from packpack.core.colour import contrast
from packpack.core.errors import BuildError, RenderError, SpecError
from packpack.render.qr import matrix
from packpack.spec import loader
from packpack.spec.model import Campaign

ROOT = Path(__file__).resolve().parents[1]
STAMP = (2025, 4, 22, 0, 0, 0)  # the seed campaign starts 2025-04-22
SEED_PARTNERS = len(yaml.safe_load((ROOT / "campaign.yaml").read_text())["partners"])


# ---------------------------------------------------------------------------------------------
# fixtures and helpers


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    """The seed campaign built once: (campaign, output folder, manifest outputs by path)."""
    campaign = loader.load(ROOT / "campaign.yaml")
    out = tmp_path_factory.mktemp("seed") / "dist"
    pipeline.build(campaign, out, jobs=2)
    doc = json.loads((out / "manifest.json").read_text())
    return campaign, out, {e["path"]: e for e in doc["outputs"]}


def crafted(change) -> Campaign:
    """The seed spec after `change(data)`, loaded as if it sat beside the seed's fonts and logos."""
    data = yaml.safe_load((ROOT / "campaign.yaml").read_text())
    change(data)
    return loader.loads(yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode(),
                      ROOT / "campaign.yaml")


def small(data: dict) -> None:
    """Narrow the seed to one size and two partners (one tagged, one not), for fast builds."""
    data["campaign"]["sizes"] = ["x"]
    data["partners"] = [
        {"id": "plain", "name": "Plain Partner", "sizes": ["x"]},
        {"id": "tagged", "name": "Tagged Partner", "sizes": ["x"], "tag_links": True,
         "posts": ["stalking-is", "love-shouldnt-be-scary"]},
    ]


def members(zf: zipfile.ZipFile, folder: str) -> dict[str, bytes]:
    """The zip's files by their path inside the top folder."""
    return {i.filename[len(folder) + 1:]: zf.read(i) for i in zf.infolist() if not i.is_dir()}


class Refs(HTMLParser):
    """Collects what a page refers to and how it is built."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        for name in ("src", "href", "srcset", "data", "poster", "action", "formaction"):
            if a.get(name) is not None:
                self.refs.append(a[name])


def decode(data: bytes) -> str:
    import zxingcpp

    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))
    assert len(found) == 1
    return found[0].text


def svg_decode(data: bytes) -> str:
    """Rasterise an SVG QR code from its path, then decode it."""
    import zxingcpp

    from test_qr import rasterise, svg_matrix

    found = zxingcpp.read_barcodes(rasterise(svg_matrix(data)))
    assert len(found) == 1
    return found[0].text


def tagged(url: str, partner: str, medium: str, campaign: str) -> bool:
    query = dict(parse_qsl(urlsplit(url).query))
    return (query.get("utm_source"), query.get("utm_medium"), query.get("utm_campaign")) == (
        partner, medium, campaign)


# ---------------------------------------------------------------------------------------------
# every seed bundle, opened


def test_every_partner_has_one_bundle_listed_in_the_manifest(seed):
    campaign, out, listed = seed
    bundles = {e["partner"]: p for p, e in listed.items() if e["kind"] == "bundle"}
    assert set(bundles) == {p.id for p in campaign.spec.partners}
    for partner, path in bundles.items():
        assert path == f"bundles/{partner}.zip"
        data = (out / path).read_bytes()
        assert len(data) == listed[path]["bytes"]
        assert hashlib.sha256(data).hexdigest() == listed[path]["sha256"]


@pytest.mark.parametrize("partner_index", range(SEED_PARTNERS))
def test_bundle_contents_match_the_build_and_the_spec(seed, partner_index):
    campaign, out, listed = seed
    partner = campaign.spec.partners[partner_index]
    folder = f"{campaign.id}-{partner.id}"
    with zipfile.ZipFile(out / f"bundles/{partner.id}.zip") as zf:
        assert zf.testzip() is None
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names), "entries sorted"
        assert names[0] == f"{folder}/"
        assert all(n.startswith(f"{folder}/") for n in names), "one top folder"
        files = members(zf, folder)
    posts = campaign.posts_for(partner)
    sizes = [s for s in partner.sizes if s in campaign.target_sizes]
    expected = {f"{p.id}/{s}.png" for p in posts for s in sizes}
    expected |= {f"{p.id}/{f}" for p in posts for f in ("caption.txt", "alt.txt")}
    codes = [lid for lid, link in campaign.spec.links.items() if link.qr]
    expected |= {f"qr/{lid}.{ext}" for lid in codes for ext in ("png", "svg")}
    expected |= {"stakeholder-pack.pdf", "stakeholder-pack.html", "schedule.ics", "index.html",
                 "README.txt",
                 "posts.json", "posts.schema.json", "MANIFEST.sha256"}
    listed_texts = {part["path"] for post in json.loads(files["posts.json"])["posts"]
                    for g in post["graphics"] for pl in g["platforms"] for part in pl["parts"]}
    expected |= listed_texts
    assert set(files) == expected
    assert all(re.fullmatch(r"[a-z0-9-]+/caption(-[a-z]+(-\d+)?)?\.txt", n)
               for n in listed_texts)

    # graphics and the PDF are the build's own files, byte for byte
    for p in posts:
        for s in sizes:
            entry = listed[f"graphics/{p.id}/{s}.png"]
            assert hashlib.sha256(files[f"{p.id}/{s}.png"]).hexdigest() == entry["sha256"]
    assert hashlib.sha256(files["stakeholder-pack.pdf"]).hexdigest() == listed[
        "stakeholder-pack.pdf"]["sha256"]

    # MANIFEST.sha256 covers every other file, in sha256sum format
    lines = files["MANIFEST.sha256"].decode().splitlines()
    sums = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        assert len(digest) == 64
        sums[name] = digest
    assert set(sums) == expected - {"MANIFEST.sha256"}
    for name, digest in sums.items():
        assert hashlib.sha256(files[name]).hexdigest() == digest, name

    # captions: the spec's, expanded; tagged for social only when the partner asks
    for p in posts:
        caption = files[f"{p.id}/caption.txt"].decode()
        urls = [w.rstrip(".,") for w in caption.split() if w.startswith("https://")]
        assert urls, "every seed caption has a link"
        for url in urls:
            assert tagged(url, partner.id, "social", campaign.id) == partner.tag_links, url
        assert files[f"{p.id}/alt.txt"].decode() == campaign.alt_text(p) + "\n"
        assert "{link:" not in caption and "{phone:" not in caption

    # QR codes decode to the link, tagged for qr when the partner asks
    for lid in codes:
        url = campaign.spec.links[lid].url
        want = contents.tag(url, partner.id, "qr", campaign.id) if partner.tag_links else url
        assert decode(files[f"qr/{lid}.png"]) == want
        assert svg_decode(files[f"qr/{lid}.svg"]) == want

    # the schedule imports: one event per scheduled post, at its time in the campaign's zone,
    # then the campaign's events with their times, places and booking links
    cal = icalendar.Calendar.from_ical(files["schedule.ics"])
    events = list(cal.walk("VEVENT"))
    scheduled = [p for p in posts if p.schedule]
    assert len(events) == len(scheduled) + len(campaign.spec.events)
    zone = ZoneInfo(campaign.spec.campaign.timezone)
    for event, e in zip(events[len(scheduled):], campaign.spec.events, strict=True):
        assert str(event["summary"]) == e.title
        assert str(event["uid"]) == f"event-{e.id}.{partner.id}.{campaign.id}@packpack"
        assert str(event.get("location", "")) == e.where
        start = event.decoded("dtstart")
        if e.start:
            assert start == dt.datetime.combine(e.date, e.start, zone)
            if e.end:
                assert event.decoded("dtend") == dt.datetime.combine(e.end_date or e.date,
                                                                     e.end, zone)
        else:  # all day, to the day after the last
            assert start == e.date
            assert event.decoded("dtend") == (e.end_date or e.date) + dt.timedelta(days=1)
        booking = campaign.spec.links.get(e.booking or "")
        if booking and booking.url:
            assert str(event["url"]) == booking.url and booking.url in str(event["description"])
        assert event.decoded("dtstamp") == dt.datetime(*STAMP, tzinfo=dt.UTC)
    assert any("url" in ev for ev in events)  # (the seed's seminar has its booking address)
    for event, p in zip(events[:len(scheduled)], scheduled, strict=True):
        start = event.decoded("dtstart")
        assert start == p.schedule.replace(tzinfo=zone)
        assert str(event["dtstart"].params["TZID"]) == campaign.spec.campaign.timezone
        assert str(event["description"]) + "\n" == files[f"{p.id}/caption.txt"].decode()
        assert event.decoded("dtstamp") == dt.datetime(*STAMP, tzinfo=dt.UTC)
    assert len({str(e["uid"]) for e in events}) == len(events)
    (vtz,) = cal.walk("VTIMEZONE")
    assert b"RDATE" not in files["schedule.ics"], "Outlook ignores RDATE in a VTIMEZONE"
    own = vtz.to_tz(lookup_tzid=False)  # the time zone as the file alone describes it
    for event in events:
        start = event.decoded("dtstart")
        if not isinstance(start, dt.datetime):
            continue  # (a whole day)
        assert start.replace(tzinfo=own).utcoffset() == start.utcoffset()

    # the page refers only to files in the bundle, and shows every graphic with its alt text
    page = files["index.html"].decode()
    refs = Refs()
    refs.feed(page)
    for ref in refs.refs:
        assert ref in files, f"index.html refers to {ref!r}, not a file in the bundle"
    imgs = [a for tag, a in refs.tags if tag == "img"]
    for p in posts:
        for s in sizes:
            hit = [a for a in imgs if a["src"] == f"{p.id}/{s}.png"]
            assert hit and hit[0]["alt"] == campaign.alt_text(p)
    assert all(a.get("alt") for a in imgs), "every image has alt text"
    assert not [a for tag, a in refs.tags if tag in ("link", "iframe", "object", "embed")]
    assert all("src" not in a for tag, a in refs.tags if tag == "script"), "inline script only"
    assert "Content-Security-Policy" in page and "default-src 'none'" in page

    # README: what is inside, the integrity instruction, whom to contact
    readme = files["README.txt"].decode()
    assert campaign.spec.campaign.overview.integrity in " ".join(readme.split())
    assert "sha256sum -c MANIFEST.sha256" in readme
    assert campaign.spec.campaign.organiser in " ".join(readme.split())
    for p in posts:
        assert f"{p.id}/" in readme


def test_zip_entries_have_fixed_times_permissions_and_compression(seed):
    _, out, _ = seed
    for path in sorted((out / "bundles").glob("*.zip")):
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                assert info.date_time == STAMP
                assert info.create_system == 3
                mode = info.external_attr >> 16
                assert not stat.S_ISLNK(mode), "no links"
                assert not info.filename.startswith("/") and ".." not in info.filename.split("/")
                if info.is_dir():
                    assert stat.S_IMODE(mode) == 0o755 and stat.S_ISDIR(mode)
                else:
                    assert stat.S_IMODE(mode) == 0o644 and stat.S_ISREG(mode)
                    stored = info.filename.endswith((".png", ".pdf"))
                    assert info.compress_type == (
                        zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED), info.filename


@pytest.mark.skipif(not shutil.which("unzip"), reason="unzip is not installed")
def test_unzip_accepts_every_bundle_and_sha256sum_checks_it(seed, tmp_path):
    _, out, _ = seed
    for path in sorted((out / "bundles").glob("*.zip")):
        subprocess.run(["unzip", "-tq", str(path)], check=True, capture_output=True)
    path = out / "bundles/durham-constabulary.zip"
    subprocess.run(["unzip", "-q", str(path), "-d", str(tmp_path)], check=True)
    (folder,) = tmp_path.iterdir()
    assert stat.S_IMODE((folder / "README.txt").stat().st_mode) == 0o644
    if shutil.which("sha256sum"):
        done = subprocess.run(["sha256sum", "-c", "--strict", "MANIFEST.sha256"], cwd=folder,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        (folder / "stalking-is" / "caption.txt").write_text("amended\n")
        done = subprocess.run(["sha256sum", "-c", "MANIFEST.sha256"], cwd=folder,
                              capture_output=True, text=True)
        assert done.returncode != 0 and "caption.txt: FAILED" in done.stdout


# ---------------------------------------------------------------------------------------------
# crafted campaigns


def test_spec_text_is_escaped_in_the_page(tmp_path):
    evil = '<script>alert("x")</script> & <b onmouseover="y">'

    def change(data):
        small(data)
        data["posts"][0]["caption"] = evil + " {link:vcas}"
        data["posts"][0]["title"] = evil
        data["posts"][0]["alt"] = evil
        data["partners"][1]["name"] = evil
        data["campaign"]["title"] = evil

    campaign = crafted(change)
    pipeline.build(campaign, tmp_path / "dist", jobs=2, partner=["tagged"])
    with zipfile.ZipFile(tmp_path / "dist/bundles/tagged.zip") as zf:
        files = members(zf, f"{campaign.id}-tagged")
    page = files["index.html"].decode()
    assert "<script>alert" not in page and "<b onmouseover" not in page
    assert page.count("<script>") == 1, "only the page's own script"
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b" in page
    refs = Refs()
    refs.feed(page)
    assert not any(a.get("onmouseover") for _, a in refs.tags)
    # plain text files keep the words as written
    assert files["stalking-is/caption.txt"].decode().startswith(evil)


def test_zips_rebuild_identically_and_follow_source_date_epoch(tmp_path, monkeypatch):
    campaign = crafted(small)
    first = pipeline.build(campaign, tmp_path / "a", jobs=2)
    second = pipeline.build(campaign, tmp_path / "b", jobs=1)
    zips = sorted(e["path"] for e in first.entries if e["kind"] == "bundle")
    assert zips == ["bundles/plain.zip", "bundles/tagged.zip"]
    for z in zips:
        assert (tmp_path / "a" / z).read_bytes() == (tmp_path / "b" / z).read_bytes()
    assert first.entries == second.entries

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1745000000")  # 2025-04-18 18:13:20 UTC
    pipeline.build(campaign, tmp_path / "c", jobs=2, partner=["plain"])
    with zipfile.ZipFile(tmp_path / "c/bundles/plain.zip") as zf:
        assert {i.date_time for i in zf.infolist()} == {(2025, 4, 18, 18, 13, 20)}
        cal = icalendar.Calendar.from_ical(zf.read(f"{campaign.id}-plain/schedule.ics"))
    stamps = {e.decoded("dtstamp") for e in cal.walk("VEVENT")}
    assert stamps == {dt.datetime(2025, 4, 18, 18, 13, 20, tzinfo=dt.UTC)}

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(BuildError, match="SOURCE_DATE_EPOCH"):
        outputs.plan(campaign)


def test_partner_selection_and_sizes(tmp_path):
    campaign = crafted(small)
    result = pipeline.build(campaign, tmp_path / "d", jobs=2, partner=["tagged"], cache=False)
    paths = set(result.made)
    assert "bundles/tagged.zip" in paths and "bundles/plain.zip" not in paths
    assert not any(p.startswith("qr/") for p in paths), "tagged bundles draw their own codes"
    with zipfile.ZipFile(tmp_path / "d/bundles/tagged.zip") as zf:
        files = members(zf, f"{campaign.id}-tagged")
    assert sorted(n for n in files if n.endswith(".png") and not n.startswith("qr/")) == [
        "love-shouldnt-be-scary/x.png", "stalking-is/x.png"]


def test_a_partner_size_not_rendered_is_refused_by_the_rule_check_applies():
    def change(data):
        small(data)
        data["partners"][1]["sizes"] = ["x", "linkedin"]

    campaign = crafted(change)
    with pytest.raises(SpecError) as refused:
        outputs.plan(campaign)
    assert [str(p) for p in refused.value.problems] == [
        str(p) for p in lints.lint(campaign, cache=False) if p.severity == "error"]
    assert "partners[1].sizes[1]: 'linkedin' is not rendered" in str(refused.value)


@pytest.mark.parametrize(("url", "want"), [
    ("https://example.org", "https://example.org/?utm_source=p&utm_medium=qr&utm_campaign=c"),
    ("https://example.org/a?x=1&y=%20z#top",
     "https://example.org/a?x=1&y=%20z&utm_source=p&utm_medium=qr&utm_campaign=c#top"),
    ("https://example.org/a?utm_medium=old&x=1",
     "https://example.org/a?x=1&utm_source=p&utm_medium=qr&utm_campaign=c"),
])
def test_tag_keeps_the_query_and_orders_the_parameters(url, want):
    assert contents.tag(url, "p", "qr", "c") == want
    assert matrix.matrix(want)  # still encodable


def test_stored_png_and_pdf_deflated_text(tmp_path):
    target = tmp_path / "t.zip"
    src = tmp_path / "big.png"
    src.write_bytes(b"\x89PNG" + bytes(range(256)) * 4000)
    archive.write_zip(target, "top", {"b/x.png": src, "a.txt": b"hello\n" * 100},
                     dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    with zipfile.ZipFile(target) as zf:
        assert [i.filename for i in zf.infolist()] == ["top/", "top/a.txt", "top/b/",
                                                       "top/b/x.png"]
        assert zf.getinfo("top/b/x.png").compress_type == zipfile.ZIP_STORED
        assert zf.getinfo("top/a.txt").compress_type == zipfile.ZIP_DEFLATED
        assert zf.read("top/b/x.png") == src.read_bytes()
        assert zf.getinfo("top/a.txt").date_time == (1980, 1, 1, 0, 0, 0), "zip's earliest"


def test_zips_are_written_as_zipfile_writes_them(tmp_path, monkeypatch):
    big = tmp_path / "big.pdf"
    big.write_bytes(bytes(range(256)) * 9000)  # more than one copy block
    svg = tmp_path / "code.svg"
    svg.write_bytes(b"<svg/>" * 500)
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    files: dict[str, bytes | Path] = {
        "z/deep/big.pdf": big, "qr/code.svg": svg, "empty.png": empty, "blank.txt": b"",
        "caf\u00e9/l\u00e9gende.txt": "Fran\u00e7ais ✓\n".encode(), "a.txt": b"hello\n" * 1000}
    moment = dt.datetime(2025, 4, 22, 13, 7, 31, tzinfo=dt.UTC)  # an odd second: zip halves it
    ours, theirs = tmp_path / "ours.zip", tmp_path / "theirs.zip"
    written = archive.write_zip(ours, "top", files, moment)
    assert written == (hashlib.sha256(ours.read_bytes()).hexdigest(), ours.stat().st_size)
    # zipfile, deflating text with zlib-ng as packpack does (at zlib's default level)
    monkeypatch.setattr(zipfile, "zlib", SimpleNamespace(
        **{k: getattr(zlib, k) for k in ("DEFLATED", "Z_DEFAULT_COMPRESSION", "crc32",
                                         "decompressobj", "error")},
        compressobj=zlib_ng.compressobj))
    archive._write_zip_zipfile(theirs, "top", files, moment, archive._entries("top", files))
    monkeypatch.undo()
    assert ours.read_bytes() == theirs.read_bytes()
    with zipfile.ZipFile(ours) as zf:
        assert zf.testzip() is None
        assert zf.read("top/z/deep/big.pdf") == big.read_bytes()
        assert zf.getinfo("top/caf\u00e9/l\u00e9gende.txt").flag_bits & 0x800, "UTF-8 name"
    # a stored file's CRC comes from the remembered digests, which follow the file
    big.write_bytes(b"changed")
    archive.write_zip(ours, "top", files, moment)
    with zipfile.ZipFile(ours) as zf:
        assert zf.testzip() is None and zf.read("top/z/deep/big.pdf") == b"changed"


def test_a_file_that_shrinks_while_it_is_zipped_is_an_error(tmp_path, monkeypatch):
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * 5000)
    archive.file_digests(big)  # its size as the bundle knows it
    monkeypatch.setattr(archive, "file_digests", lambda p: ("0" * 64, 0, 9000))
    with pytest.raises(RenderError, match="changed while it was being zipped"):
        archive.write_zip(tmp_path / "t.zip", "top", {"big.pdf": big},
                         dt.datetime(2025, 4, 22, tzinfo=dt.UTC))


def test_a_campaign_without_qr_links_or_schedule_still_makes_a_whole_bundle(tmp_path):
    def change(data):
        small(data)
        for link in data["links"].values():
            if isinstance(link, dict):
                link["kind"] = "info"
        for post in data["posts"]:
            post.pop("schedule", None)
        data.pop("events")

    campaign = crafted(change)
    pipeline.build(campaign, tmp_path / "e", jobs=2, partner=["plain"])
    with zipfile.ZipFile(tmp_path / "e/bundles/plain.zip") as zf:
        files = members(zf, f"{campaign.id}-plain")
    assert not any(n.startswith("qr/") for n in files)
    assert "QR CODES" not in files["README.txt"].decode()
    assert 'id="qr"' not in files["index.html"].decode()
    cal = icalendar.Calendar.from_ical(files["schedule.ics"])
    assert not cal.walk("VEVENT")
    assert "Any time during the campaign" in files["README.txt"].decode()


def test_page_colours_keep_readable_contrast():
    from packpack.bundle import html

    assert contrast("#000000", "#FFFFFF") == pytest.approx(21)
    kept = html.palette("#3B1F5C", "#FFFFFF")
    assert kept["brand"] == "#3B1F5C"
    weak = html.palette("#FFD166", "#FFFFFF")  # yellow under white text: too faint
    assert contrast(weak["brand"], weak["on-brand"]) >= 4.5
    assert contrast(weak["link"], "#FFFFFF") >= 4.5


@pytest.mark.parametrize("tzid", ["Europe/London", "America/New_York", "Australia/Sydney",
                                  "Asia/Dubai"])
def test_vtimezone_uses_yearly_rules_that_match_the_time_zone_database(tzid):
    from packpack.bundle import ics

    vtz = ics.vtimezone(tzid, 2024, 2026)
    text = vtz.to_ical().decode()
    assert "RDATE" not in text
    parts = vtz.subcomponents
    assert any(p.name == "STANDARD" for p in parts), "Outlook reads the STANDARD part"
    for p in parts:
        if "RRULE" in p:
            rule = p["RRULE"]
            assert str(rule["FREQ"]).upper() == "YEARLY" and rule["BYDAY"] and rule["BYMONTH"]
    own, zone = vtz.to_tz(lookup_tzid=False), ZoneInfo(tzid)
    start = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
    for hours in range(0, 2 * 365 * 24, 3):
        moment = start + dt.timedelta(hours=hours)
        assert moment.astimezone(own).utcoffset() == moment.astimezone(zone).utcoffset(), moment


@pytest.mark.parametrize("tzid", [
    "Europe/London", "America/New_York", "Australia/Sydney", "Asia/Dubai", "Asia/Kolkata",
    "America/St_Johns", "Pacific/Chatham", "Etc/GMT+5",
    "UTC", "Atlantic/Reykjavik", "Africa/Casablanca",  # left to icalendar
])
def test_schedule_is_written_byte_for_byte_as_icalendar_writes_it(tzid):
    from packpack.bundle import ics

    def change(data):
        small(data)
        data["campaign"]["timezone"] = tzid
        data["campaign"]["title"] = "Week; of, action \\ à la “carte”"
        data["posts"][0]["caption"] = (  # escapes and multi-byte characters at fold points
            "a\\b; c, d\n\ne \\N f ^g " + "é" * 40 + "x" * 33 + "\\" + "y" * 100
            + "😀" * 30 + "^" * 80 + "," * 75)
        data["posts"][1]["schedule"] = "2025-04-23 23:50"  # ends the next day

    campaign = crafted(change)
    for partner in campaign.spec.partners:
        c = contents.contents(campaign, partner)
        assert ics.schedule_ics(c) == ics._schedule_ics_icalendar(c)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
               max_size=300)
       | st.text("ab\\^é😀", max_size=300))
def test_fold_matches_icalendar(line):
    from icalendar.parser import Contentline

    from packpack.bundle import ics

    assert ics.fold(line) == Contentline(line).to_ical()


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("ab -\t\n\u00a0é"), max_size=120), st.sampled_from(["", "  "]),
       st.sampled_from([None, "  1. "]))
def test_readme_lines_wrap_as_textwrap_wraps_them(text, indent, first):
    import textwrap

    want = textwrap.fill(text, 78, initial_indent=indent if first is None else first,
                         subsequent_indent=indent, break_on_hyphens=False,
                         break_long_words=False)
    assert readme.fill(text, indent, first) == want


def test_a_line_break_in_a_partners_name_still_makes_its_calendar(tmp_path):
    """Regression: `name: "a\\nb"` passed check, then the calendar writer failed with a
    traceback. The calendar's name is one line; the calendar parses; the page shows the name."""
    import icalendar

    def broken_name(data: dict) -> None:
        small(data)
        data["partners"][0]["name"] = "Plain\nPartner"

    campaign = crafted(broken_name)
    pipeline.build(campaign, tmp_path / "dist", partner=["plain"], cache=False)
    with zipfile.ZipFile(tmp_path / "dist" / "bundles" / "plain.zip") as zf:
        files = members(zf, f"{campaign.id}-plain")
    cal = icalendar.Calendar.from_ical(files["schedule.ics"])
    assert str(cal["X-WR-CALNAME"]).endswith("posting schedule (Plain Partner)")
    assert "Plain\nPartner" in files["index.html"].decode()


# ---------------------------------------------------------------------------------------------
# what to post where: posts.json, the text files, the page's copy buttons, the README


def _x_length(text: str) -> int:
    """X's weighted length by twitter-text (an implementation independent of packpack's)."""
    from twitter_text import parse_tweet

    return parse_tweet(text).weightedLength


EMOJI = r"\p{Extended_Pictographic}|\p{Regional_Indicator}"


def _threads_length(text: str) -> int:
    """Threads' count: characters, an emoji as its UTF-8 bytes (as its API documents)."""
    import regex

    return sum(len(c.encode()) if regex.search(EMOJI, c) else len(c)
               for c in regex.findall(r"\X", text))


def _bluesky_length(text: str) -> int:
    import regex

    return len(regex.findall(r"\X", text))


COUNT = {"x": (_x_length, 280), "bluesky": (_bluesky_length, 300),
         "threads": (_threads_length, 500)}


def _numbering(part: str) -> tuple[str, int, int] | None:
    m = re.fullmatch(r"(?s)(.*)\n\n(\d+)/(\d+)", part)
    return (m[1], int(m[2]), int(m[3])) if m else None


@pytest.mark.parametrize("partner_index", range(SEED_PARTNERS))
def test_posts_json_says_what_to_post_where_and_every_text_fits(seed, partner_index):
    import jsonschema

    campaign, out, _ = seed
    partner = campaign.spec.partners[partner_index]
    folder = f"{campaign.id}-{partner.id}"
    with zipfile.ZipFile(out / f"bundles/{partner.id}.zip") as zf:
        files = members(zf, folder)
    doc = json.loads(files["posts.json"])
    schema = json.loads(files["posts.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(doc)
    # every graphic in the zip is listed, with the platforms its size is for
    pngs = {n for n in files if n.endswith(".png") and not n.startswith("qr/")}
    listed = [g["path"] for p in doc["posts"] for g in p["graphics"]]
    assert sorted(listed) == sorted(pngs)
    checked = 0
    for post, spec_post in zip(doc["posts"], campaign.posts_for(partner), strict=True):
        assert post["id"] == spec_post.id
        assert post["time"] == dt.datetime.combine(
            spec_post.schedule.date(), spec_post.schedule.time(),
            ZoneInfo("Europe/London")).isoformat()
        caption = files[f"{post['id']}/caption.txt"].decode().strip()
        for g in post["graphics"]:
            size = g["path"].split("/")[1].removesuffix(".png")
            assert [pl["platform"] for pl in g["platforms"]] == campaign.sizes[size].platforms
            assert files[g["alt"]] == files[f"{post['id']}/alt.txt"]
            for pl in g["platforms"]:
                parts = [p["text"] for p in pl["parts"]]
                for part in pl["parts"]:  # each text file holds its part
                    assert files[part["path"]].decode() == part["text"] + "\n"
                count, limit = COUNT.get(pl["platform"], (len, pl["limit"]))
                assert all(count(p) <= limit for p in parts), (pl["platform"], parts)
                checked += len(parts)
                if len(parts) == 1:
                    assert parts[0] == caption  # the seed gives no platform its own caption
                    continue
                numbered = [_numbering(p) for p in parts]
                assert [(k, n) for _, k, n in numbered] == [
                    (k, len(parts)) for k in range(1, len(parts) + 1)]
                # not a word changed, added or lost: only the spaces at each cut
                assert " ".join(b for b, _, _ in numbered).split() == caption.split()
                if partner.tag_links:
                    assert "utm_source=" + partner.id in "".join(parts)
    assert checked


def test_seed_x_captions_go_as_threads_of_parts_within_280(seed):
    """The issue's case: X captions of 532-712 weighted characters; every bundle with x.png
    tells the partner a thread whose parts fit."""
    campaign, out, _ = seed
    lengths = []
    for partner in campaign.spec.partners:
        if "x" not in partner.sizes:
            continue
        with zipfile.ZipFile(out / f"bundles/{partner.id}.zip") as zf:
            files = members(zf, f"{campaign.id}-{partner.id}")
        for post in json.loads(files["posts.json"])["posts"]:
            lengths.append(_x_length(files[f"{post['id']}/caption.txt"].decode().strip()))
            (x,) = [g for g in post["graphics"] if g["size"] == "x"]
            (pl,) = x["platforms"]
            assert len(pl["parts"]) >= 2
            assert all(_x_length(p["text"]) <= 280 for p in pl["parts"])
    assert min(lengths) >= 532 and max(lengths) <= 712


def test_the_page_gives_a_copy_button_for_every_part(seed):
    campaign, out, _ = seed
    partner = campaign.spec.partners[1]  # tagged, with x and instagram-square
    with zipfile.ZipFile(out / f"bundles/{partner.id}.zip") as zf:
        files = members(zf, f"{campaign.id}-{partner.id}")

    class Copies(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.text: dict[str, str] = {}
            self.buttons: list[str] = []
            self._id: str | None = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "button" and a.get("data-copy"):
                self.buttons.append(a["data-copy"])
            if a.get("id") and "text" in (a.get("class") or "").split():
                self._id = a["id"]
                self.text[self._id] = ""

        def handle_endtag(self, tag):
            if tag == "p":
                self._id = None

        def handle_data(self, data):
            if self._id:
                self.text[self._id] += data

    page = Copies()
    page.feed(files["index.html"].decode())
    copied = [page.text[b] for b in page.buttons]
    for post in json.loads(files["posts.json"])["posts"]:
        for g in post["graphics"]:
            for pl in g["platforms"]:
                for part in pl["parts"]:
                    assert part["text"] in copied  # a button copies exactly each part
    readme_text = files["README.txt"].decode()
    assert "WHAT TO POST WHERE" in readme_text and "posts.json" in readme_text
    assert "caption-x-1.txt with the graphic" in " ".join(readme_text.split())


def test_a_platforms_own_caption_goes_with_its_graphic_and_new_sizes_only_when_named():
    def change(data):
        small(data)
        data["posts"][0]["captions"] = {
            "x": "Stalking is fixated, obsessive, unwanted and repeated. Help: {link:vcas}"}
        data["partners"][0]["sizes"] = ["x", "tiktok"]
    campaign = crafted(change)
    assert campaign.target_sizes == ["x"]  # campaign.sizes decides
    c = contents.contents(campaign, campaign.spec.partners[1])  # tagged
    post = c.posts[0]
    (x,) = post.texts
    assert x.own and x.parts == (
        "Stalking is fixated, obsessive, unwanted and repeated. Help: https://www."
        "victimcareandadvice.service.uk/?utm_source=tagged&utm_medium=social&utm_campaign="
        "stalking-awareness-week-2025",)
    assert post.files(x) == ["stalking-is/caption-x.txt"]
    doc = json.loads(posts_json(c))
    assert doc["posts"][0]["graphics"][0]["platforms"][0]["parts"] == [
        {"text": x.parts[0], "path": "stalking-is/caption-x.txt"}]
    assert doc["posts"][1]["graphics"][0]["platforms"][0]["parts"][0]["path"] == \
        "love-shouldnt-be-scary/caption-x-1.txt"  # no own caption: a thread

    # a new preset is made when a partner names it and campaign.sizes is left out
    def named(data):
        change(data)
        del data["campaign"]["sizes"]
    campaign = crafted(named)
    assert campaign.target_sizes == ["instagram-square", "instagram-portrait", "story",
                                     "facebook", "x", "linkedin", "tiktok"]
    seed_sizes = loader.load(ROOT / "campaign.yaml").target_sizes
    from packpack.spec.example import HERE

    assert seed_sizes == loader.load(HERE / "campaign.yaml").target_sizes == [
        "instagram-square", "instagram-portrait", "story", "facebook", "x", "linkedin"]


def test_a_reissued_calendar_keeps_its_uids_and_raises_its_sequence(monkeypatch):
    """Stable UIDs; DTSTAMP is the build's moment (SOURCE_DATE_EPOCH) and SEQUENCE grows with
    it, so importing a reissued schedule updates the events instead of adding copies."""
    from packpack.bundle import ics

    def build_at(epoch: str | None, change=None) -> icalendar.Calendar:
        if epoch is None:
            monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)

        def edit(data):
            small(data)
            if change:
                change(data)
        campaign = crafted(edit)
        return icalendar.Calendar.from_ical(
            ics.schedule_ics(contents.contents(campaign, campaign.spec.partners[0])))

    def moved(data):
        data["events"][0]["start"] = "14:00"
        data["events"][0]["end"] = "15:00"

    assert build_at(None).to_ical() == build_at(None).to_ical()  # reproducible
    first = build_at("1744000000")  # 7 April 2025
    later = build_at("1745000000", moved)  # 18 April 2025, 18:13 UTC: the seminar moved
    uids = [str(e["uid"]) for e in first.walk("VEVENT")]
    assert uids == [str(e["uid"]) for e in later.walk("VEVENT")]
    for old, new in zip(first.walk("VEVENT"), later.walk("VEVENT"), strict=True):
        assert int(new["sequence"]) > int(old["sequence"])
        assert new.decoded("dtstamp") == dt.datetime.fromtimestamp(1745000000, dt.UTC)
    seminar = next(e for e in later.walk("VEVENT") if "seminar" in str(e["uid"]))
    assert seminar.decoded("dtstart").hour == 14


def test_a_backslash_and_backslash_n_in_a_caption_survive_the_calendar():
    from packpack.bundle import ics

    caption = "C:\\Users\\N and \\N not a line break; a, b\nsecond line \\"

    def change(data):
        small(data)
        data["posts"][0]["caption"] = caption
        data["events"][0]["where"] = "Room \\N2; Hall, B"
    campaign = crafted(change)
    c = contents.contents(campaign, campaign.spec.partners[0])
    data = ics.schedule_ics(c)
    assert data == ics._schedule_ics_icalendar(c)  # both writers escape alike
    cal = icalendar.Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert str(events[0]["description"]) == caption
    assert str(events[-3]["location"]) == "Room \\N2; Hall, B"
    # unfolded and unescaped by RFC 5545's rules, read left to right
    unfolded = data.decode().replace("\r\n ", "")
    line = next(x for x in unfolded.split("\r\n") if x.startswith("DESCRIPTION:C:"))
    value = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1],
                   line.removeprefix("DESCRIPTION:"))
    assert value == caption
