"""What a partner's bundle holds, as plain values, before any file is written: its posts with
their captions expanded (and tagged, for partners whose links carry tracking tags), the
graphics and QR codes it holds, where they come from, and the schedule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from packpack.core import dates, paths
from packpack.core.outputs import timestamp
from packpack.plan.posting import Text, partner_url, social_url, tag, texts  # noqa: F401 (tag: for callers)
from packpack.spec.model import Campaign, Partner

QR_DIR = paths.BUNDLE_QR


@dataclass(frozen=True)
class Picture:
    """One graphic in the bundle: where it comes from in the build and where it goes."""

    size: str
    label: str
    width: int
    height: int
    name: str  # path inside the bundle's folder
    source: str  # output path in the build
    platforms: tuple[str, ...] = ()  # the platforms it is posted to (ids, as in PLATFORMS)


@dataclass(frozen=True)
class PostEntry:
    """A post as the partner gets it: its words expanded (and tagged) and its graphics."""

    id: str
    title: str
    schedule: dt.datetime | None
    caption: str
    alt: str
    pictures: tuple[Picture, ...]
    language: str  # BCP 47: the post's own, or the campaign's
    texts: tuple[Text, ...] = ()  # what to post on each platform the partner's sizes reach

    def text(self, platform: str) -> Text:
        """What to post on one of the partner's platforms."""
        return next(t for t in self.texts if t.platform == platform)

    def whole(self, t: Text) -> bool:
        """Whether a platform's text is the main caption, posted whole (caption.txt)."""
        return len(t.parts) == 1 and not t.own and t.parts[0] == self.caption

    def files(self, t: Text) -> list[str]:
        """The text files of one platform's text, inside the bundle's folder: caption.txt
        for the main caption posted whole, else caption-<platform>.txt, one a part."""
        if self.whole(t):
            return [f"{self.id}/caption.txt"]
        if len(t.parts) == 1:
            return [f"{self.id}/caption-{t.platform}.txt"]
        return [f"{self.id}/caption-{t.platform}-{k}.txt" for k in range(1, len(t.parts) + 1)]


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
    moment: dt.datetime  # UTC: zip timestamps and the calendar's DTSTAMP

    @property
    def html_source(self) -> str:
        """The pack's HTML edition, in the build."""
        return paths.html_edition(self.campaign.spec.pack.filename)

    @property
    def html_name(self) -> str:
        """The HTML edition's name in the bundle."""
        return Path(self.html_source).name

    @property
    def tagged(self) -> bool:
        """Whether the partner's links carry utm tags."""
        return self.partner.tag_links

    @property
    def sizes(self) -> list[str]:
        """The sizes the partner receives."""
        return sizes_for(self.campaign, self.partner)


def sizes_for(campaign: Campaign, partner: Partner) -> list[str]:
    """The partner's sizes that the campaign renders, in the partner's order (each once)."""
    targets = set(campaign.target_sizes)
    return [s for s in dict.fromkeys(partner.sizes) if s in targets]


def contents(campaign: Campaign, partner: Partner) -> Contents:
    """What a partner's bundle holds, as plain values (captions tagged for tag_links)."""
    cid = campaign.id

    social = social_url(campaign, partner)
    posts = []
    for post in campaign.posts_for(partner):
        pictures = tuple(
            Picture(size=s, label=campaign.sizes[s].label, width=campaign.sizes[s].width,
                    height=campaign.sizes[s].height, name=f"{post.id}/{s}.png",
                    source=paths.graphic(post.id, s),
                    platforms=tuple(dict.fromkeys(campaign.sizes[s].platforms)))
            for s in sizes_for(campaign, partner))
        reached = [pl for pic in pictures for pl in pic.platforms]
        posts.append(PostEntry(id=post.id, title=post.title or post.id, schedule=post.schedule,
                               caption=campaign.plain(post.caption, url=social),
                               alt=campaign.alt_text(post), pictures=pictures,
                               language=campaign.language_of(post),
                               texts=tuple(texts(campaign, post, reached, url=social))))
    codes = tuple(
        Code(link=lid, title=link.title or lid,
             url=partner_url(campaign, partner, link, "qr"),
             built=not partner.tag_links)
        for lid, link in campaign.spec.links.items() if link.qr and link.url)
    pdf = paths.pdf(campaign.spec.pack.filename, "screen")
    return Contents(campaign=campaign, partner=partner, folder=f"{cid}-{partner.id}",
                    posts=tuple(posts), codes=codes, pdf_name=Path(pdf).name, pdf_source=pdf,
                    moment=timestamp(campaign))


def when(moment: dt.datetime) -> str:
    """A posting time in words, e.g. 'Tuesday 22 April 2025 at 10:00' (English, any locale)."""
    day, month = dates.WEEKDAYS[moment.weekday()], dates.MONTHS[moment.month - 1]
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
