"""The campaign as typed, immutable values: what `campaign.yaml` means once it has been checked.

Every field carries its own documentation (`doc`) and, where the loader must check more
than the type, a named `check`. The loader (`spec.py`), the JSON Schema and the README's
spec reference are all generated from these declarations.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterator
from dataclasses import MISSING, dataclass, field
from pathlib import Path
from typing import Any, Literal

from packpack.core import markup
from packpack.core.web import display_url


class Check(enum.Enum):
    """What a field's value must be beyond its type: the loader applies each (`loader.CHECKS`),
    the lints read prose and leave the rest alone, the JSON Schema gives some a pattern."""

    SLUG = "slug"
    SLUG_KEYS = "slug-keys"  # a mapping whose keys are slugs
    URL = "url"
    COLOUR = "colour"
    EMAIL = "email"
    PHONE = "phone"
    PIXELS = "pixels"
    NONNEG = "nonneg"
    PLATFORMS = "platforms"
    PROSE = "prose"  # words with {phone:ID}, {link:ID}, [words](link:ID) and **bold**
    FONT = "font"
    IMAGE = "image"
    TIMEZONE = "timezone"  # an IANA time zone name
    LANGUAGE = "language"  # a BCP 47 language tag (e.g. en-GB, cy, ur)


class Ref(enum.Enum):
    """A field that names entries of another part of the spec by id (the part's name)."""

    LINKS = "links"
    PHONES = "phones"
    ORGANISATIONS = "organisations"
    SIZES = "sizes"
    POSTS = "posts"


def f(doc: str, default: Any = MISSING, *, check: Check | Ref | None = None,
      example: Any = None) -> Any:
    """Declare a spec field: its documentation, default and extra check."""
    meta = {"doc": doc, "check": check, "example": example}
    if isinstance(default, list | dict):
        factory = default.copy
        return field(default_factory=factory, metadata=meta)
    if default is MISSING:
        return field(metadata=meta)
    return field(default=default, metadata=meta)


# ---------------------------------------------------------------------------------------------
# campaign


@dataclass(frozen=True, kw_only=True)
class Overview:
    """The campaign overview: how it runs, on what, for whom and why."""

    format: str = f("How the campaign runs (channels, press support).")
    subject: str = f("The subject matter, in a few words.")
    audience: str = f("Whom the campaign speaks to.")
    aims: list[str] = f("What the campaign sets out to do, one aim a line.")
    summary: list[Block] = f("The campaign summary: paragraphs and lists.", [])
    get_involved: list[Block] = f("What partners are asked to do: paragraphs and lists.", [])
    integrity: str = f(
        "The instruction that keeps graphics and their copy together; printed in the pack, "
        "every bundle's README and its preview page.",
        "Please do not mix and match graphics and copy, or amend them in any way.",
    )
    posts_link: str | None = f(
        "Id of the link where all the posts can be found (in `links`).", None, check=Ref.LINKS
    )


@dataclass(frozen=True, kw_only=True)
class CampaignInfo:
    """Who runs the campaign, when, and what it is called."""

    id: str = f("The campaign's slug: names the output and tags links.", check=Check.SLUG,
                example="stalking-awareness-week-2025")
    title: str = f("The campaign's title, as on the pack's cover.")
    titles: dict[str, str] = f(
        "The title in other languages, by BCP 47 tag (e.g. cy: Wythnos ...); the cover and each "
        "bundle's page show each under the title, marked with its language.", {},
        check=Check.LANGUAGE)
    subtitle: str = f("The line under the title (e.g. 'Stakeholder Pack').", "")
    organiser: str = f("The organisation that runs the campaign.")
    area: str = f("Where the campaign runs.", "")
    starts: dt.date = f("First day of the campaign (YYYY-MM-DD).")
    ends: dt.date = f("Last day of the campaign (YYYY-MM-DD).")
    timezone: str = f("IANA time zone of the posting schedule.", "Europe/London",
                      check=Check.TIMEZONE)
    language: str = f("Language of the campaign's text (BCP 47).", "en-GB",
                      check=Check.LANGUAGE)
    contact: str = f("Whom partners contact with questions: a name, with an email address or "
                     "phone number; every bundle's README and page give it.", "")
    sizes: list[str] | None = f(
        "Ids of the sizes to render; when left out, the six standard sizes (instagram-square, "
        "instagram-portrait, story, facebook, x, linkedin), any other built-in size a partner "
        "names, and the spec's own.",
        None, check=Ref.SIZES,
    )
    overview: Overview | None = f("The campaign overview, aims and summary.", None)


# ---------------------------------------------------------------------------------------------
# prose


@dataclass(frozen=True, kw_only=True)
class Term:
    """One entry of a definition list: a term in bold, then its text."""

    term: str = f("The term, shown in bold.")
    text: str = f("What follows the term.", check=Check.PROSE)


@dataclass(frozen=True, kw_only=True)
class Block:
    """A block of prose: a paragraph (`text`), a bulleted list (`bullets`) or a list of `terms`.

    Written as a plain string it is a paragraph.
    """

    text: str = f("A paragraph.", "", check=Check.PROSE)
    bullets: list[str] = f("A bulleted list, one item a line.", [], check=Check.PROSE)
    terms: list[Term] = f("A list of terms with their text.", [])

    SHORTHAND = "text"


@dataclass(frozen=True, kw_only=True)
class Section:
    """A titled part of the stakeholder pack's background."""

    title: str = f("The section's heading.")
    body: list[Block] = f("The section's paragraphs and lists, in order.")


@dataclass(frozen=True, kw_only=True)
class Partnership:
    """The partnership behind the campaign, for the pack's background chapter."""

    name: str = f("The partnership's full name.")
    short_name: str = f("Its short name or acronym.", "")
    sections: list[Section] = f("The background sections, in order.", [])


# ---------------------------------------------------------------------------------------------
# brand


@dataclass(frozen=True, kw_only=True)
class Fonts:
    """The brand's typefaces: TrueType (.ttf) files, relative to the spec's folder."""

    regular: str = f("Body text font file.", check=Check.FONT)
    bold: str = f("Headline font file (a bold weight).", check=Check.FONT)


@dataclass(frozen=True, kw_only=True)
class Colours:
    """The brand's colours, as #RRGGBB."""

    background: str = f("Background of the graphics.", check=Check.COLOUR)
    text: str = f("Main text on the background.", check=Check.COLOUR)
    accent: str = f("Emphasised words on the background.", check=Check.COLOUR)
    callout: str = f("Background of the help callout.", check=Check.COLOUR)
    callout_text: str = f("Text of the help callout.", check=Check.COLOUR)
    band: str = f("Background of the logo strip.", "#FFFFFF", check=Check.COLOUR)
    ink: str = f("Body text in the PDF pack.", "#1A1A1A", check=Check.COLOUR)


@dataclass(frozen=True, kw_only=True)
class Brand:
    """How everything looks: fonts, colours and the logo strip's order."""

    fonts: Fonts = f("The typefaces.")
    colours: Colours = f("The colours.")
    logos: list[str] = f("Ids of the organisations whose logos make the logo strip, in order.",
                         [], check=Ref.ORGANISATIONS)


@dataclass(frozen=True, kw_only=True)
class Organisation:
    """An organisation named in the campaign, with its logo."""

    name: str = f("The organisation's name, as in its logo.")
    logo: str | None = f("Its logo: a PNG (transparent background), relative to the spec.",
                         None, check=Check.IMAGE)
    link: str | None = f("Id of its website in `links`.", None, check=Ref.LINKS)


# ---------------------------------------------------------------------------------------------
# sizes, links, phones


@dataclass(frozen=True, kw_only=True)
class SafeZone:
    """Insets in pixels that a platform's interface covers; text and logos stay clear."""

    top: int = f("Pixels kept clear at the top.", 0, check=Check.NONNEG)
    right: int = f("Pixels kept clear at the right.", 0, check=Check.NONNEG)
    bottom: int = f("Pixels kept clear at the bottom.", 0, check=Check.NONNEG)
    left: int = f("Pixels kept clear at the left.", 0, check=Check.NONNEG)


@dataclass(frozen=True, kw_only=True)
class Size:
    """A graphic size. Built-in presets exist; a spec entry overrides or adds one."""

    width: int = f("Width in pixels (required for a new size).", 0, check=Check.PIXELS)
    height: int = f("Height in pixels (required for a new size).", 0, check=Check.PIXELS)
    label: str = f("What the size is for.", "")
    platforms: list[str] = f(
        "Platforms it is posted to (instagram, facebook, x, linkedin, threads, bluesky, "
        "tiktok, whatsapp, nextdoor): their caption, alt-text and file limits apply.", [],
        check=Check.PLATFORMS)
    safe: SafeZone = f("The safe zone.", SafeZone())


@dataclass(frozen=True, kw_only=True)
class Link:
    """A web address. Written as a plain string, it is the `url`."""

    url: str | None = f("The address (https://...). Leave out only with `missing: true`.", None,
                        check=Check.URL)
    title: str = f("What the link is called, e.g. the page's title.", "")
    kind: Literal["help", "booking", "info"] = f(
        "help and booking links get QR codes; info links do not.", "info")
    missing: bool = f("The address is not known yet: the text is kept, `check` reports it.",
                      False)
    http: bool = f("The site has no https: its http:// address is allowed (addresses are "
                   "https only otherwise).", False)

    SHORTHAND = "url"

    @property
    def qr(self) -> bool:
        """Whether this link gets a QR code."""
        return self.url is not None and self.kind in ("help", "booking")


@dataclass(frozen=True, kw_only=True)
class Phone:
    """A phone number, stored once. Written as a plain string, it is the `number`."""

    number: str = f("The number in the standard UK format, e.g. '0300 020 2525'.",
                    check=Check.PHONE)
    label: str = f("What the number is for.", "")
    hours: str = f("When it is answered.", "")
    free: bool = f("Calls are free.", False)

    SHORTHAND = "number"

    @property
    def tel(self) -> str:
        """The number as a `tel:` URI in international form."""
        digits = "".join(c for c in self.number if c.isdigit())
        if len(digits) <= 5:
            return f"tel:{digits}"
        return "tel:+44" + digits.removeprefix("0")


# ---------------------------------------------------------------------------------------------
# posts


Layout = Literal["list", "questions", "stack", "statement"]


def _own(platform: str) -> Any:
    return f(f"The approved caption for {platform}, when the main one is too long for it.", "",
             check=Check.PROSE)


@dataclass(frozen=True, kw_only=True)
class Captions:
    """Approved captions for particular platforms, in place of the main caption there (for
    one that is too long: X allows 280 weighted characters, Bluesky 300, Threads 500). A
    platform without its own gets the main caption, as a numbered thread if it is too long."""

    instagram: str = _own("Instagram")
    facebook: str = _own("Facebook")
    x: str = _own("X")
    linkedin: str = _own("LinkedIn")
    threads: str = _own("Threads")
    bluesky: str = _own("Bluesky")
    tiktok: str = _own("TikTok")
    whatsapp: str = _own("WhatsApp")
    nextdoor: str = _own("Nextdoor")


@dataclass(frozen=True, kw_only=True)
class Post:
    """A social post: its graphic's words, its approved caption and its alt text.

    The `layout` decides how `heading`, `items` and `closing` are set on the graphic:
    `list`, a heading over a list with a closing line; `questions`, stacked questions
    (`items`) with a punchline (`closing`); `stack`, a lead-in (`heading`), a stack of
    words (`items`) and an emphasised last word (`closing`); `statement`, a two-part
    statement (`heading`, then `closing`).
    """

    id: str = f("The post's slug: names its folder.", check=Check.SLUG)
    title: str = f("A short name for listings.", "")
    layout: Layout = f("How the graphic is composed: list, questions, stack or statement.")
    heading: str = f("The graphic's first line or lead-in.", "")
    items: list[str] = f("The graphic's list, questions or stacked words.", [])
    closing: str = f("The graphic's closing line, punchline or emphasised word.", "")
    caption: str = f("The approved caption, posted with the graphic.", check=Check.PROSE)
    captions: Captions | None = f("Shorter approved captions for particular platforms (x, "
                                  "bluesky, threads, ...), by platform id.", None)
    alt: str = f("Alt text: every word on the graphic, for screen readers.", check=Check.PROSE)
    schedule: dt.datetime | None = f("When to post it (YYYY-MM-DD HH:MM, campaign time zone).",
                                     None)
    logos: list[str] | None = f("Ids of organisations for this post's logo strip; the brand's "
                                "when left out.", None, check=Ref.ORGANISATIONS)
    callout: str | None = f("The help callout on this post's graphic, e.g. in the post's "
                            "language; the campaign's when left out.", None, check=Check.PROSE)
    language: str | None = f("Language of the post's words, caption and alt text (BCP 47, e.g. "
                             "cy or ur); the campaign's when left out.", None,
                             check=Check.LANGUAGE)

    @property
    def graphic_text(self) -> list[str]:
        """Every line of words on the graphic, in reading order (callout and logos aside)."""
        return [t for t in (self.heading, *self.items, self.closing) if t]


# ---------------------------------------------------------------------------------------------
# partners, resources, events, pack


@dataclass(frozen=True, kw_only=True)
class Partner:
    """A partner organisation that gets a bundle."""

    id: str = f("The partner's slug: names its bundle.", check=Check.SLUG)
    name: str = f("The partner's name.")
    sizes: list[str] = f("Ids of the sizes (platforms) it posts to.", check=Ref.SIZES)
    posts: list[str] | None = f("Ids of the posts it gets; all posts when left out.", None,
                                check=Ref.POSTS)
    tag_links: bool = f("Tag its links and QR codes with utm_source, utm_medium and "
                        "utm_campaign, to see which partner's posts brought people in.", False)


@dataclass(frozen=True, kw_only=True)
class Resource:
    """A support service listed in the pack: what it offers and how to reach it."""

    id: str = f("The resource's slug.", check=Check.SLUG)
    name: str = f("The service's name.")
    scope: Literal["local", "national"] = f("local or national.")
    summary: str = f("What it offers.", "", check=Check.PROSE)
    phones: list[str] = f("Ids of its phone numbers (in `phones`).", [], check=Ref.PHONES)
    emails: list[str] = f("Its email addresses.", [], check=Check.EMAIL)
    links: list[str] = f("Ids of its links (in `links`).", [], check=Ref.LINKS)
    hours: list[str] = f("When it is open.", [])
    notes: list[str] = f("Anything else a reader should know.", [], check=Check.PROSE)


@dataclass(frozen=True, kw_only=True)
class Event:
    """An event during or about the campaign."""

    id: str = f("The event's slug.", check=Check.SLUG)
    title: str = f("The event's title.")
    host: str = f("Who runs it.")
    date: dt.date = f("The day it happens (YYYY-MM-DD); the weekday is derived, never typed.")
    end_date: dt.date | None = f("The last day, for an event of several days.", None)
    start: dt.time | None = f("Start time (HH:MM, 24-hour).", None)
    end: dt.time | None = f("End time (HH:MM, 24-hour).", None)
    where: str = f("Where it happens ('Online', a venue).", "")
    description: str = f("What it is and who it is for.", "", check=Check.PROSE)
    booking: str | None = f("Id of its booking link (in `links`).", None, check=Ref.LINKS)
    booking_text: str = f("The words before the booking link.", "To book")


@dataclass(frozen=True, kw_only=True)
class PackColours:
    """The pack's own colours, each #RRGGBB; any left out is derived from the brand's so that
    its text reads (WCAG AA, 4.5:1) on its ground."""

    cover: str | None = f("Ground of the cover and the chapter bands.", None, check=Check.COLOUR)
    cover_text: str | None = f("Titles and dates on the cover and chapter bands.", None,
                               check=Check.COLOUR)
    cover_accent: str | None = f("The subtitle and area on the cover.", None,
                                 check=Check.COLOUR)
    ink: str | None = f("Body text on paper.", None, check=Check.COLOUR)
    heading: str | None = f("Headings, post titles and labels on paper.", None,
                            check=Check.COLOUR)
    link: str | None = f("Links, phone numbers and addresses on paper.", None,
                         check=Check.COLOUR)
    panel: str | None = f("Ground of the caption and callout panels.", None, check=Check.COLOUR)
    panel_text: str | None = f("Text on the caption and callout panels.", None,
                               check=Check.COLOUR)


@dataclass(frozen=True, kw_only=True)
class Pack:
    """The stakeholder pack PDF."""

    filename: str = f("The PDF's file name, without '.pdf'.", "stakeholder-pack", check=Check.SLUG)
    author: str = f("The PDF's author (metadata); the organiser when left out.", "")
    subject: str = f("The PDF's subject (metadata).", "")
    keywords: list[str] = f("The PDF's keywords (metadata).", [])
    bleed_mm: float = f("Bleed of the print edition in millimetres.", 3.0, check=Check.NONNEG)
    colours: PackColours | None = f("The pack's own colours; derived from the brand's when left "
                                    "out, so that every word reads.", None)


# ---------------------------------------------------------------------------------------------
# the whole spec


@dataclass(frozen=True, kw_only=True)
class Spec:
    """The whole of `campaign.yaml`."""

    campaign: CampaignInfo = f("What the campaign is, who runs it, and when.")
    brand: Brand = f("Fonts, colours and the logo strip.")
    sizes: dict[str, Size] = f("Sizes to add, or built-in presets to override (by id).", {},
                               check=Check.SLUG_KEYS)
    links: dict[str, Link] = f("Web addresses by id: a URL, or a mapping with `url:` and more.",
                               {}, check=Check.SLUG_KEYS)
    phones: dict[str, Phone] = f("Phone numbers by id, each written once.", {},
                                 check=Check.SLUG_KEYS)
    organisations: dict[str, Organisation] = f("Organisations by id, with their logos.", {},
                                               check=Check.SLUG_KEYS)
    callout: str = f("The help callout under every graphic, written once.", check=Check.PROSE)
    posts: list[Post] = f("The social posts, in posting order.")
    partners: list[Partner] = f("The partner organisations that get bundles.")
    pack: Pack = f("The stakeholder pack PDF.", Pack())
    partnership: Partnership | None = f("The partnership's background, for the pack.", None)
    resources: list[Resource] = f("Support services, local and national.", [])
    events: list[Event] = f("Events, with their booking links.", [])


def walk(obj: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """Every field below a spec value, depth first: (its path, its dataclass field, its value).

    Paths read as in error messages: `posts[1].caption`, `links.vcas.url`.
    """
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from walk(item, f"{path}[{i}]")
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from walk(item, f"{path}.{key}")
    elif dataclasses.is_dataclass(obj):
        for fl in dataclasses.fields(obj):
            value = getattr(obj, fl.name)
            sub = f"{path}.{fl.name}" if path else fl.name
            yield sub, fl, value
            yield from walk(value, sub)


def nearest(positions: dict[str, tuple[int, int]], path: str) -> tuple[int, int]:
    """The position of a field path, or of its nearest parent that has one; (1, 1) if none."""
    while path:
        if path in positions:
            return positions[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return (1, 1)


@dataclass(frozen=True, kw_only=True)
class Campaign:
    """A checked spec with everything a build needs to know about where it came from."""

    spec: Spec
    path: Path  # the spec file
    sha256: str  # of the spec file's bytes
    sizes: dict[str, Size]  # presets merged with the spec's own, in order
    positions: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False,
                                                  repr=False)
    # each phone number as written -> its standard UK form ('' if invalid), as the loader
    # found it (so the lints need not load phonenumbers again)
    standard_phones: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def root(self) -> Path:
        """The spec's folder: file paths in the spec are relative to it."""
        return self.path.parent

    @property
    def id(self) -> str:
        """The campaign's slug."""
        return self.spec.campaign.id

    @property
    def target_sizes(self) -> list[str]:
        """Ids of the sizes every post is rendered in (each once, however often listed)."""
        return list(dict.fromkeys(self.spec.campaign.sizes or self.sizes))

    def file(self, relative: str) -> Path:
        """A path from the spec, resolved against the spec's folder."""
        return self.root / relative

    def named_files(self) -> list[str]:
        """Every file the spec names (fonts, logos), as written: with the spec's own bytes,
        everything a build reads."""
        s = self.spec
        return [s.brand.fonts.regular, s.brand.fonts.bold,
                *(o.logo for o in s.organisations.values() if o.logo)]

    def where(self, path: str) -> tuple[int, int]:
        """Line and column of a field (e.g. 'posts[1].caption'), or of its nearest parent."""
        return nearest(self.positions, path)

    def logos_for(self, post: Post) -> list[Organisation]:
        """The organisations in a post's logo strip, in order (each once)."""
        ids = post.logos if post.logos is not None else self.spec.brand.logos
        return [self.spec.organisations[i] for i in dict.fromkeys(ids)]

    def callout_of(self, post: Post) -> str:
        """The help callout on a post's graphic: its own, or the campaign's."""
        return post.callout if post.callout is not None else self.spec.callout

    def language_of(self, post: Post) -> str:
        """The language a post is written in: its own, or the campaign's (a BCP 47 tag)."""
        return post.language or self.spec.campaign.language

    def posts_for(self, partner: Partner) -> list[Post]:
        """The posts a partner receives, in posting order."""
        wanted = set(partner.posts) if partner.posts is not None else None
        return [p for p in self.spec.posts if wanted is None or p.id in wanted]

    def alt_text(self, post: Post) -> str:
        """A post's alt text as plain text, addresses written as the graphic shows them."""
        return self.plain(post.alt, url=lambda _id, link: display_url(link.url))

    def plain(self, source: str, url: Any = None) -> str:
        """Prose as plain text: references expanded, bold marks dropped.

        `url(link_id, link)` may rewrite addresses (e.g. to tag them for a partner).
        """
        out = []
        for run in markup.parse(source):
            if run.kind == "phone":
                out.append(self.spec.phones[run.ref].number)
            elif run.kind == "link":
                link = self.spec.links[run.ref]
                address = (url(run.ref, link) if url else link.url) if link.url else None
                if run.label:
                    out.append(f"{run.label} ({address})" if address else run.label)
                else:
                    out.append(address or link.title)
            else:
                out.append(run.text)
        return "".join(out)
