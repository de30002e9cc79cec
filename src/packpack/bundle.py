"""Partner bundles: one zip per partner, ready to unzip and post from.

A bundle is planned as plain values first (`contents`: the posts with their tagged captions,
the images and QR codes it holds, the schedule), then its text files are written
(`schedule.ics`, `index.html`, `README.txt`, `MANIFEST.sha256`) and everything is streamed
into a reproducible zip: sorted entries, fixed timestamps and permissions, PNG and PDF
stored, text deflated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import struct
import threading
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit, urlunsplit

from packpack.core import paths
from packpack.core.cache import sha256_file
from packpack.core.errors import RenderError
from packpack.core.outputs import BuildContext, Output, Written, key, timestamp
from packpack.render.qr import writers
from packpack.spec.model import Campaign, Link, Partner

UTM = ("utm_source", "utm_medium", "utm_campaign")
QR_DIR = "qr"
FILE_MODE = 0o644
DIR_MODE = 0o755
STORED = (".png", ".pdf")  # already compressed: deflating them costs time for nothing


# ---------------------------------------------------------------------------------------------
# link tagging


def tag(url: str, source: str, medium: str, campaign: str) -> str:
    """`url` with utm_source, utm_medium and utm_campaign appended (any old ones replaced).

    The existing query is kept as written, in order; the fragment stays last.
    """
    parts = urlsplit(url)
    kept = [p for p in parts.query.split("&") if p and p.split("=", 1)[0] not in UTM]
    added = [f"{k}={v}" for k, v in zip(UTM, (source, medium, campaign), strict=True)]
    return urlunsplit(parts._replace(path=parts.path or "/", query="&".join(kept + added)))


# ---------------------------------------------------------------------------------------------
# the plan: plain values


@dataclass(frozen=True)
class Picture:
    """One graphic in the bundle: where it comes from in the build and where it goes."""

    size: str
    label: str
    width: int
    height: int
    name: str  # path inside the bundle's folder
    source: str  # output path in the build


@dataclass(frozen=True)
class PostEntry:
    """A post as the partner gets it: its words expanded (and tagged) and its graphics."""

    id: str
    title: str
    schedule: dt.datetime | None
    caption: str
    alt: str
    pictures: tuple[Picture, ...]


@dataclass(frozen=True)
class Code:
    """A QR code in the bundle: the link, the address it encodes and where its files come from."""

    link: str
    title: str
    url: str
    built: bool  # True: copy the build's qr/ files; False: draw them for the tagged address

    @property
    def png(self) -> str:
        """The PNG's path inside the bundle's folder."""
        return f"{QR_DIR}/{self.link}.png"

    @property
    def svg(self) -> str:
        """The SVG's path inside the bundle's folder."""
        return f"{QR_DIR}/{self.link}.svg"


@dataclass(frozen=True)
class Contents:
    """Everything one partner's bundle holds, before any file is written."""

    campaign: Campaign
    partner: Partner
    folder: str  # the one top folder: <campaign-id>-<partner-id>
    posts: tuple[PostEntry, ...]
    codes: tuple[Code, ...]
    pdf_name: str
    pdf_source: str
    stamp: dt.datetime  # UTC: zip timestamps and the calendar's DTSTAMP

    @property
    def tagged(self) -> bool:
        """Whether the partner's links carry utm tags."""
        return self.partner.tag_links

    @property
    def sizes(self) -> list[str]:
        """The sizes the partner receives."""
        return sizes_for(self.campaign, self.partner)


def sizes_for(campaign: Campaign, partner: Partner) -> list[str]:
    """The partner's sizes that the campaign renders, in the partner's order."""
    targets = set(campaign.target_sizes)
    return [s for s in partner.sizes if s in targets]


def contents(campaign: Campaign, partner: Partner) -> Contents:
    """What a partner's bundle holds, as plain values (captions tagged for tag_links)."""
    cid = campaign.id

    def social(_link_id: str, link: Link) -> str:
        assert link.url is not None
        return tag(link.url, partner.id, "social", cid) if partner.tag_links else link.url

    posts = []
    for post in campaign.posts_for(partner):
        pictures = tuple(
            Picture(size=s, label=campaign.sizes[s].label, width=campaign.sizes[s].width,
                    height=campaign.sizes[s].height, name=f"{post.id}/{s}.png",
                    source=paths.graphic(post.id, s))
            for s in sizes_for(campaign, partner))
        posts.append(PostEntry(id=post.id, title=post.title or post.id, schedule=post.schedule,
                               caption=campaign.plain(post.caption, url=social),
                               alt=campaign.alt_text(post), pictures=pictures))
    codes = tuple(
        Code(link=lid, title=link.title or lid,
             url=tag(link.url, partner.id, "qr", cid) if partner.tag_links else link.url,
             built=not partner.tag_links)
        for lid, link in campaign.spec.links.items() if link.qr and link.url)
    pdf = paths.pdf(campaign.spec.pack.filename, "screen")
    return Contents(campaign=campaign, partner=partner, folder=f"{cid}-{partner.id}",
                    posts=tuple(posts), codes=codes, pdf_name=Path(pdf).name, pdf_source=pdf,
                    stamp=timestamp(campaign))


def plan(campaign: Campaign) -> list[Output]:
    """One zip per partner, needing the graphics, screen PDF and QR codes it includes."""
    outputs = []
    for i, partner in enumerate(campaign.spec.partners):
        _check(campaign, partner, i)
        c = contents(campaign, partner)
        needs = [p.source for post in c.posts for p in post.pictures] + [c.pdf_source]
        needs += [paths.qr(code.link, fmt) for code in c.codes if code.built
                  for fmt in writers.FORMATS]
        outputs.append(Output(
            path=paths.bundle(partner.id), kind="bundle", make=_make,
            meta={"partner": partner.id}, needs=tuple(needs),
            key=key("bundle", partner.id, campaign.sha256, c.stamp.isoformat(), needs),
            cpu=True, cost=1 + len(campaign.spec.posts) / 10))
    return outputs


def _check(campaign: Campaign, partner: Partner, index: int) -> None:
    """Refuse what would make a broken bundle, naming the field to change."""
    where = f"partners[{index}]"
    if not sizes_for(campaign, partner):
        raise RenderError(
            f"{where}.sizes: partner {partner.id!r} receives none of the sizes the campaign "
            f"renders ({', '.join(campaign.target_sizes)}); add one of them to its sizes, or "
            f"add its sizes to campaign.sizes")
    if any(p.id == QR_DIR for p in campaign.posts_for(partner)):
        raise RenderError(f"posts: a post may not be called {QR_DIR!r} (the bundle's QR-code "
                          "folder has that name); rename the post")


# ---------------------------------------------------------------------------------------------
# the text files


def when(moment: dt.datetime) -> str:
    """A posting time in words, e.g. 'Tuesday 22 April 2025 at 10:00' (English, any locale)."""
    day = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
           "Sunday")[moment.weekday()]
    month = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")[moment.month - 1]
    return f"{day} {moment.day} {month} {moment.year} at {moment:%H:%M}"


def contact(c: Contents) -> str:
    """Whom partners ask: the campaign's contact, or its organiser."""
    info = c.campaign.spec.campaign
    return info.contact or info.organiser


def integrity(c: Contents) -> str:
    """The instruction to keep graphics and copy together."""
    overview = c.campaign.spec.campaign.overview
    return overview.integrity if overview else (
        "Please do not mix and match graphics and copy, or amend them in any way.")


def fill(text: str, indent: str = "", first: str | None = None, width: int = 78) -> str:
    """`text` wrapped to `width` columns as README.txt wraps it (`textwrap.fill`, words never
    broken), `indent` before each line (`first` before the first, if given). Text that fits on
    its first line with no tab, newline or edge space is simply indented: textwrap would
    give the same, slowly, and a 200-post README has hundreds of such lines."""
    lead = indent if first is None else first
    if (text and len(lead) + len(text) <= width and text.isprintable()
            and text[0] != " " and text[-1] != " "):
        return lead + text
    import textwrap

    return textwrap.fill(text, width, initial_indent=lead, subsequent_indent=indent,
                         break_on_hyphens=False, break_long_words=False)


def readme(c: Contents) -> bytes:
    """README.txt: what is inside, how to post it, how to check it, whom to contact."""
    info = c.campaign.spec.campaign

    title = f"{info.title}: {info.subtitle}" if info.subtitle else info.title
    lines = [title, "=" * len(title), "",
             fill(f"Bundle for {c.partner.name}, from {info.organiser}."),
             fill(f"Campaign dates: {info.starts:%d/%m/%Y} to {info.ends:%d/%m/%Y}"
                  + (f", {info.area}." if info.area else ".")), "",
             fill(integrity(c)), "", "",
             "WHAT IS INSIDE", "--------------", ""]
    files = [("index.html", "Open this first: every graphic with its caption and alt text, "
                            "and buttons to copy them.")]
    files += [(f"{p.id}/", f"{p.title}: " + ", ".join(f"{q.size}.png" for q in p.pictures)
               + ", caption.txt, alt.txt") for p in c.posts]
    files += [(c.pdf_name, "The stakeholder pack, with the campaign's background, aims and "
                           "where to find support.")]
    if c.codes:
        files += [(f"{QR_DIR}/", "QR codes for the help and booking links, as PNG and SVG.")]
    files += [("schedule.ics", f"When to post each one ({info.timezone} time); import it into "
                               "Outlook or Google Calendar."),
              ("README.txt", "This file."),
              ("MANIFEST.sha256", "Checksums of every other file (see CHECKING THE FILES).")]
    for name, what in files:
        lines += [f"  {name}", fill(what, "      ")]
    lines += ["", "", "HOW TO POST", "-----------", ""]
    steps = [
        "Open the post's folder and pick the graphic made for the platform you post to "
        "(each file is named after its size; see the list below).",
        "Paste caption.txt, unchanged, as the post's text.",
        "Add alt.txt as the image description (alt text), so people using screen readers "
        "get the words on the graphic.",
        "Post it on its date (see POSTING SCHEDULE, or import schedule.ics into your "
        "calendar).",
    ]
    lines += [fill(step, "     ", f"  {i}. ") for i, step in enumerate(steps, 1)]
    lines += ["", fill(integrity(c))]
    if c.tagged:
        lines += ["", fill(
            f"The web addresses in your captions and QR codes end with tracking tags "
            f"(utm_source={c.partner.id}), so {info.organiser} can see how many people your "
            "posts brought in. Please keep them as they are.")]
    lines += ["", "Sizes in this bundle:"]
    for size in c.sizes:
        s = c.campaign.sizes[size]
        lines.append(fill(f"{size}.png: {s.width} x {s.height} px"
                          + (f", {s.label}" if s.label else ""), "  "))
    lines += ["", "", "POSTING SCHEDULE", "----------------", ""]
    for p in c.posts:
        lines += [f"  {when(p.schedule) if p.schedule else 'Any time during the campaign'}",
                  fill(f"{p.title} (folder {p.id}/)", "      ")]
    if c.codes:
        lines += ["", "", "QR CODES", "--------", ""]
    for code in c.codes:
        lines += [f"  {code.png}, {code.svg}", fill(f"{code.title}: {code.url}", "      ")]
    lines += ["", "", "CHECKING THE FILES", "------------------", "",
              fill("MANIFEST.sha256 lists a checksum for every file. To check that nothing "
                   "was changed, open a terminal in this folder and run:"), "",
              "  Linux:    sha256sum -c MANIFEST.sha256",
              "  macOS:    shasum -a 256 -c MANIFEST.sha256",
              "  Windows:  Get-FileHash -Algorithm SHA256 <file>   (in PowerShell; compare",
              "            the hash with the file's line in MANIFEST.sha256)", "",
              fill("Every line should end in OK."), "", "",
              "CONTACT", "-------", "",
              fill(f"Questions about this campaign: {contact(c)}."), ""]
    return "\n".join(lines).encode()


def manifest_sha256(hashes: dict[str, str]) -> bytes:
    """MANIFEST.sha256 in `sha256sum` format: '<hash>  <path>', sorted by path."""
    return "".join(f"{h}  {name}\n" for name, h in sorted(hashes.items())).encode()


# ---------------------------------------------------------------------------------------------
# the zip


_digest_cache: dict[tuple[str, int, int, int], tuple[str, int, int]] = {}
_digest_lock = threading.Lock()


def file_digests(path: Path) -> tuple[str, int, int]:
    """A built file's sha256 (hex, for the manifest), CRC-32 (for the zip) and size, read
    once and remembered while the file is unchanged: bundles share graphics, and CRC-32
    costs more than copying the bytes."""
    st = path.stat()
    k = (str(path), st.st_ino, st.st_mtime_ns, st.st_size)
    with _digest_lock:
        if k in _digest_cache:
            return _digest_cache[k]
    from zlib_ng import zlib_ng  # the same CRC-32 as zlib's, five times as fast

    sha, crc = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            sha.update(block)
            crc = zlib_ng.crc32(block, crc)
    digests = sha.hexdigest(), crc, st.st_size
    with _digest_lock:
        if len(_digest_cache) > 50_000:
            _digest_cache.clear()
        _digest_cache[k] = digests
    return digests


def zip_time(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """A zip entry's timestamp (zip cannot hold dates before 1980 or after 2107)."""
    moment = min(max(moment, dt.datetime(1980, 1, 1, tzinfo=dt.UTC)),
                 dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.UTC))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute,
            moment.second)


def _info(name: str, when_: tuple[int, ...], is_dir: bool = False) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when_)  # type: ignore[arg-type]
    info.create_system = 3  # Unix, so unzip applies the permissions below
    if is_dir:
        info.external_attr = (0o040000 | DIR_MODE) << 16 | 0x10
        info.compress_type = zipfile.ZIP_STORED
    else:
        info.external_attr = (0o100000 | FILE_MODE) << 16
        stored = name.endswith(STORED)
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    return info


def _entries(folder: str, files: dict[str, bytes | Path]) -> list[str]:
    """The zip's entry names: the top folder, then every file and folder, sorted."""
    names = set()
    for name in files:
        parts = name.split("/")
        names.update("/".join(parts[:i]) + "/" for i in range(1, len(parts)))
        names.add(name)
    return [f"{folder}/", *sorted(f"{folder}/{n}" for n in names)]


# The zip records, laid out as Python's zipfile writes them (version 2.0, made on Unix).
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_UTF8_NAME = 0x800
_SMALL_ZIP = (1 << 31) - 1  # beyond this (or 65535 entries) a zip needs ZIP64 records


def write_zip(target: Path, folder: str, files: dict[str, bytes | Path],
              moment: dt.datetime) -> Written:
    """Stream `files` (name inside `folder` → bytes, or a file to copy) into a zip; the
    zip's SHA-256 and size, hashed as it is written.

    Entries are sorted, directories listed before what they hold, every timestamp and
    permission fixed; PNG and PDF stored, the rest deflated. The records are those Python's
    zipfile writes for the same entries, but written directly: a stored file's CRC-32 comes
    from `file_digests` (computed once however many bundles hold it) and its bytes are
    copied in blocks, so memory stays small. Text is deflated by zlib-ng at zlib's default
    level (in a third of zlib's time: a bundle has a score of small files). Zips that need
    ZIP64 go through zipfile.
    """
    entries = _entries(folder, files)
    known = {n: file_digests(v) for n, v in files.items()
             if isinstance(v, Path) and n.endswith(STORED)}  # copied as they are
    sizes = {n: len(v) if isinstance(v, bytes) else known[n][2] if n in known
             else v.stat().st_size for n, v in files.items()}
    if sum(sizes.values()) * 1.05 + 1024 * len(entries) > _SMALL_ZIP or len(entries) > 60_000:
        _write_zip_zipfile(target, folder, files, moment, entries)
        return Written(*sha256_file(target))
    from zlib_ng import zlib_ng

    year, month, day, hour, minute, second = zip_time(moment)
    dosdate = (year - 1980) << 9 | month << 5 | day
    dostime = hour << 11 | minute << 5 | second // 2
    central = []
    offset = 0
    with open(target, "wb") as raw:
        out = _Hashing(raw)
        for entry in entries:
            try:
                name_bytes, flags = entry.encode("ascii"), 0
            except UnicodeEncodeError:
                name_bytes, flags = entry.encode(), _UTF8_NAME
            name = entry[len(folder) + 1:]
            source = files.get(name) if name and not name.endswith("/") else None
            if source is None:  # a folder
                method, crc, size, packed = zipfile.ZIP_STORED, 0, 0, 0
                attr = (0o040000 | DIR_MODE) << 16 | 0x10
                data: bytes | Path = b""
            else:
                attr = (0o100000 | FILE_MODE) << 16
                method = zipfile.ZIP_STORED if name.endswith(STORED) else zipfile.ZIP_DEFLATED
                size = sizes[name]
                if name in known:
                    crc, data, packed = known[name][1], source, size
                else:
                    data = source if isinstance(source, bytes) else source.read_bytes()
                    size, crc = len(data), zlib.crc32(data)
                    if method == zipfile.ZIP_DEFLATED:
                        deflate = zlib_ng.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED,
                                                      -15)
                        data = deflate.compress(data) + deflate.flush()
                    packed = len(data)
            header = _LOCAL.pack(b"PK\x03\x04", 20, 0, flags, method, dostime, dosdate, crc,
                                 packed, size, len(name_bytes), 0) + name_bytes
            out.write(header)
            if isinstance(data, Path):
                _copy(data, out, size)
            else:
                out.write(data)
            central.append(_CENTRAL.pack(b"PK\x01\x02", 20, 3, 20, 0, flags, method, dostime,
                                         dosdate, crc, packed, size, len(name_bytes), 0, 0, 0,
                                         0, attr, offset) + name_bytes)
            offset += len(header) + packed
        directory = b"".join(central)
        out.write(directory)
        out.write(_END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), len(directory),
                            offset, 0))
    return Written(out.sha.hexdigest(), out.size)


class _Hashing:
    """A file being written, hashed (SHA-256) and counted as it goes."""

    def __init__(self, raw: BinaryIO):
        self.raw, self.sha, self.size = raw, hashlib.sha256(), 0

    def write(self, data: bytes) -> None:
        """Write `data` to the file and add it to the hash."""
        self.raw.write(data)
        self.sha.update(data)
        self.size += len(data)


def _copy(source: Path, out: _Hashing, size: int) -> None:
    """Copy a built file's bytes into the zip in blocks; it must still have `size` bytes."""
    copied = 0
    with open(source, "rb", buffering=0) as src:  # (whole blocks: no buffer between)
        while block := src.read(1 << 20):
            out.write(block)
            copied += len(block)
    if copied != size:
        raise RenderError(f"{source} changed while it was being zipped; build again")


def _write_zip_zipfile(target: Path, folder: str, files: dict[str, bytes | Path],
                       moment: dt.datetime, entries: list[str]) -> None:
    """`write_zip` by Python's zipfile, which adds ZIP64 records where a zip needs them."""
    stamp_ = zip_time(moment)
    with zipfile.ZipFile(target, "w") as zf:
        for entry in entries:
            name = entry[len(folder) + 1:]
            if not name or name.endswith("/"):
                zf.writestr(_info(entry, stamp_, is_dir=True), b"")
                continue
            info = _info(entry, stamp_)
            source = files[name]
            if isinstance(source, bytes):
                zf.writestr(info, source)
            else:
                info.file_size = source.stat().st_size
                with source.open("rb") as src, zf.open(info, "w") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)


def files(ctx: BuildContext, c: Contents) -> dict[str, bytes | Path]:
    """Every file of the bundle (name inside its folder → bytes or built file), manifest aside."""
    from packpack import bundle_html, bundle_ics

    out: dict[str, bytes | Path] = {}
    for post in c.posts:
        for pic in post.pictures:
            out[pic.name] = ctx.staging / pic.source
        out[f"{post.id}/caption.txt"] = (post.caption + "\n").encode()
        out[f"{post.id}/alt.txt"] = (post.alt + "\n").encode()
    out[c.pdf_name] = ctx.staging / c.pdf_source
    for code in c.codes:
        if code.built:
            out[code.png] = ctx.staging / paths.qr(code.link, "png")
            out[code.svg] = ctx.staging / paths.qr(code.link, "svg")
        else:
            out[code.png] = writers.remembered(ctx, code.url, "png")
            out[code.svg] = writers.remembered(ctx, code.url, "svg")
    out["schedule.ics"] = bundle_ics.schedule_ics(c)
    out["index.html"] = bundle_html.page(c)
    out["README.txt"] = readme(c)
    return out


def _make(ctx: BuildContext, output: Output) -> Written:
    campaign = ctx.campaign
    partner = next(p for p in campaign.spec.partners if p.id == output.meta["partner"])
    c = contents(campaign, partner)
    content = files(ctx, c)
    hashes = {name: (hashlib.sha256(v).hexdigest() if isinstance(v, bytes) else file_digests(v)[0])
              for name, v in content.items()}
    content["MANIFEST.sha256"] = manifest_sha256(hashes)
    return write_zip(ctx.path(output.path), c.folder, content, c.stamp)
