"""The stakeholder pack as plain values: its blocks in reading order, planned once from the
campaign. Both editions draw this one plan, the PDF (`render.pdf.content`) and the HTML
edition (`render.edition`), each deciding only how a block looks; the words, their order and
the structure are said here, so a section added here is in both.

A document is its cover, its contents heading and its chapters. A chapter is a `Section`
(level 0) whose blocks are paragraphs, lists, tables, figures, panels and more sections
(level 1, and level 2 for a service). Prose stays in `core.markup` source, one paragraph per
`Para`, with its language where it is not the document's.
"""

from __future__ import annotations

from dataclasses import dataclass

from packpack.core.web import display_url
from packpack.plan import pack
from packpack.plan.pack import Row, day, day_range, paragraphs, short_range
from packpack.spec.model import Block as SpecBlock
from packpack.spec.model import Campaign, Event, Post, Resource

SERVICES = (("local", "Local services"), ("national", "National services"))
POSTS_INTRO = ("Each graphic and its caption are approved together. Post them as they are, "
               "with the alt text in the platform's image description field. Every size of "
               "every graphic is in your bundle, beside its caption and alt text.")


@dataclass(frozen=True)
class Heading:
    """A heading: level 0 a chapter (or the cover's title), 1 a section, 2 a sub-section;
    `key` its anchor, unique in the pack; `contents` whether the contents list it."""

    level: int
    text: str
    key: str
    contents: bool = False


@dataclass(frozen=True)
class Para:
    """One paragraph of prose (`core.markup` source). `role`: body, small (beside a post's
    graphic), note (after a service's contacts), callout or caption (on a panel); `lang`
    its language where not the document's."""

    source: str
    role: str = "body"
    lang: str = ""


@dataclass(frozen=True)
class Words:
    """A paragraph of plain words, no markup: `role` body or meta (a post's posting time)."""

    text: str
    role: str = "body"


@dataclass(frozen=True)
class Item:
    """A list item (`core.markup` source), after its `term` in bold where it has one."""

    source: str
    term: str = ""


@dataclass(frozen=True)
class Bullets:
    """A bulleted list; `ends_passage`: it closes a passage of body text (a little space
    follows it in print), rather than standing alone under its heading."""

    items: tuple[Item, ...]
    ends_passage: bool = True


@dataclass(frozen=True)
class Facts:
    """A table of labels and values, each label its row's header: `kind` overview, contacts
    (a service's) or event (an event's details); `caption` names it for screen readers."""

    rows: tuple[Row, ...]
    caption: str
    kind: str


@dataclass(frozen=True)
class Table:
    """A table with a header row (the posting schedule); `caption` names it."""

    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str


@dataclass(frozen=True)
class Graphic:
    """A post's graphic at the pack's `size`, with its alternative text as plain words (phone
    numbers and addresses written out as the graphic shows them; in `lang` where not the
    document's) and the caption that names it."""

    post: str  # the post's id
    size: str
    alt: str
    lang: str
    caption: str


@dataclass(frozen=True)
class Logo:
    """An organisation's logo (`file`: its path), named by the organisation."""

    name: str
    file: str


@dataclass(frozen=True)
class Code:
    """A QR code that opens `url`, described by `alt`, over its `label`."""

    url: str
    alt: str
    label: str


@dataclass(frozen=True)
class LinkLine:
    """Words in bold, then a link: its address as shown (`shown`) to `href`, or, without an
    address, its title (`href` '')."""

    lead: str
    href: str
    shown: str


@dataclass(frozen=True)
class Panel:
    """Paragraphs set apart on a panel: `kind` callout (the rule about the graphics) or
    caption (a post's approved caption)."""

    paras: tuple[Para, ...]
    kind: str


@dataclass(frozen=True)
class Labelled:
    """A part of a post under its small label: `kind` callout (the help callout on the
    graphic), alt (its alt text) or caption."""

    label: str
    blocks: tuple[Para | Panel, ...]
    kind: str


@dataclass(frozen=True)
class Section:
    """A heading and what follows it, up to the next heading of its level. `kind`: chapter,
    section, post, service or event; `keep`: read as one (kept on one page in print)."""

    heading: Heading
    blocks: tuple[Block, ...]
    kind: str = "section"
    keep: bool = False


Block = (Para | Words | Bullets | Facts | Table | Graphic | Code | LinkLine | Panel | Labelled
         | Section)


@dataclass(frozen=True)
class Cover:
    """The cover's words (titles in other languages as (language, title)) and logos."""

    area: str
    title: Heading
    titles: tuple[tuple[str, str], ...]
    subtitle: str
    dates: str
    organiser: str
    logos: tuple[Logo, ...]


@dataclass(frozen=True)
class Document:
    """The whole pack: `title` the document's (title: subtitle), in `language`, by `author`."""

    title: str
    language: str
    author: str
    cover: Cover
    contents: Heading  # the contents' own heading (not listed in them)
    chapters: tuple[Section, ...]

    def headings(self) -> list[Heading]:
        """Every heading in reading order: the cover's title, the contents', the chapters'."""
        out = [self.cover.title, self.contents]
        stack = list(reversed(self.chapters))
        while stack:
            section = stack.pop()
            out.append(section.heading)
            stack += reversed([b for b in section.blocks if isinstance(b, Section)])
        return out


class _Keys:
    """Anchors made from headings' words: lower case, '-' between words, '-2', '-3'... for a
    repeat."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, text: str) -> str:
        base = "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-") or "part"
        self.seen[base] = self.seen.get(base, 0) + 1
        return base if self.seen[base] == 1 else f"{base}-{self.seen[base]}"


def plan(campaign: Campaign) -> Document:
    """The pack's document plan."""
    return _Planner(campaign).document()


class _Planner:
    """Builds one campaign's plan: headings get their anchors in reading order."""

    def __init__(self, campaign: Campaign):
        self.campaign, self.spec = campaign, campaign.spec
        self.key = _Keys()

    def heading(self, level: int, text: str, contents: bool = True) -> Heading:
        return Heading(level, text, self.key(text), contents and level <= 1)

    def section(self, level: int, title: str, blocks: list[Block], kind: str = "section",
                keep: bool = False) -> Section:
        return Section(self.heading(level, title), tuple(blocks), kind, keep)

    def document(self) -> Document:
        spec = self.spec
        info = spec.campaign
        contents = Heading(0, "Contents", self.key("Contents"))
        cover = self.cover()
        chapters = [c for c in (self.partnership(), self.about_campaign(), self.posts(),
                                self.resources(), self.events()) if c is not None]
        return Document(title=f"{info.title}: {info.subtitle}" if info.subtitle else info.title,
                        language=info.language, author=spec.pack.author or info.organiser,
                        cover=cover, contents=contents, chapters=tuple(chapters))

    def cover(self) -> Cover:
        info = self.spec.campaign
        orgs = [self.spec.organisations[o] for o in dict.fromkeys(self.spec.brand.logos)]
        return Cover(area=info.area, title=self.heading(0, info.title, contents=False),
                     titles=tuple(info.titles.items()), subtitle=info.subtitle,
                     dates=short_range(info.starts, info.ends), organiser=info.organiser,
                     logos=tuple(Logo(o.name, str(self.campaign.file(o.logo)))
                                 for o in orgs if o.logo))

    # -- prose --------------------------------------------------------------------------------

    def prose(self, source: str, role: str = "body", lang: str = "") -> list[Para]:
        return [Para(p, role, lang) for p in paragraphs(source)]

    def blocks(self, blocks: list[SpecBlock]) -> list[Block]:
        """The spec's paragraphs, bulleted lists and term lists."""
        out: list[Block] = []
        for block in blocks:
            out += self.prose(block.text)
            items = [Item(b) for b in block.bullets] + [Item(t.text, t.term) for t in block.terms]
            if items:
                out.append(Bullets(tuple(items)))
        return out

    # -- chapters -----------------------------------------------------------------------------

    def partnership(self) -> Section | None:
        part = self.spec.partnership
        if part is None:
            return None
        chapter = self.heading(0, f"About the {part.name}")
        return Section(chapter, tuple(self.section(1, s.title, self.blocks(s.body))
                                      for s in part.sections), "chapter")

    def about_campaign(self) -> Section:
        info = self.spec.campaign
        ov = info.overview
        chapter = self.heading(0, "About the campaign")
        rows = [Row("Campaign dates", (day_range(info.starts, info.ends),))]
        if ov:
            rows += [Row("Format", (ov.format,)), Row("Subject matter", (ov.subject,)),
                     Row("Target audience", (ov.audience,))]
        out: list[Block] = [self.section(1, "Campaign overview", [
            Facts(tuple(rows), "The campaign at a glance", "overview")])]
        if ov is not None:
            out.append(self.section(1, "Aims", [Bullets(tuple(Item(a) for a in ov.aims),
                                                        ends_passage=False)]))
            if ov.summary:
                out.append(self.section(1, "Summary", self.blocks(ov.summary)))
            involved = self.blocks(ov.get_involved)
            if ov.integrity:
                involved.append(Panel((Para(ov.integrity, "callout"),), "callout"))
            out.append(self.section(1, "Get involved", involved, keep=True))
        return Section(chapter, tuple(out), "chapter")

    def posts(self) -> Section:
        chapter = self.heading(0, "Social posts")
        ov = self.spec.campaign.overview
        out: list[Block] = [Words(POSTS_INTRO)]
        if ov and ov.integrity:
            out.append(Panel((Para(ov.integrity, "callout"),), "callout"))
        rows = []
        for n, post in enumerate(self.spec.posts, 1):
            rows.append((str(n), _title(post), _when(post) or "Any time during the campaign"))
        out.append(self.section(1, "Posting schedule", [
            Table(("Post", "Title", "Suggested posting"), tuple(rows),
                  "When to post each graphic")]))
        out += [self.post(n, post) for n, post in enumerate(self.spec.posts, 1)]
        return Section(chapter, tuple(out), "chapter")

    def post(self, n: int, post: Post) -> Section:
        """A post: when to post it, its graphic, the help callout on it, its alt text and its
        caption."""
        lang = self.campaign.language_of(post)
        lang = "" if lang == self.spec.campaign.language else lang  # (the document's: unsaid)
        own = lang if post.callout is not None else ""  # its own callout, in its language
        out: list[Block] = []
        if post.schedule:
            out.append(Words(f"Suggested posting: {_when(post)}", "meta"))
        out += [
            Graphic(post.id, pack.graphic_size(self.campaign), self.campaign.alt_text(post),
                    lang, f"The graphic for post {n}"),
            Labelled("Help callout on the graphic",
                     tuple(self.prose(self.campaign.callout_of(post), "small", own)), "callout"),
            Labelled("Alt text", tuple(self.prose(post.alt, "small", lang)), "alt"),
            Labelled("Caption", (Panel(tuple(self.prose(post.caption, "caption", lang)),
                                       "caption"),), "caption"),
        ]
        return self.section(1, f"Post {n}: {_title(post)}", out, "post")

    def resources(self) -> Section | None:
        if not self.spec.resources:
            return None
        chapter = self.heading(0, "Resources")
        out: list[Block] = []
        for scope, title in SERVICES:
            group = [r for r in self.spec.resources if r.scope == scope]
            if group:
                heading = self.heading(1, title)
                out.append(Section(heading, tuple(self.service(r) for r in group)))
        return Section(chapter, tuple(out), "chapter")

    def service(self, r: Resource) -> Section:
        """A service: what it offers, how to reach it (phones with hours, emails, links), and
        notes."""
        heading = self.heading(2, r.name)
        out: list[Block] = list(self.prose(r.summary))
        rows = pack.contacts(self.spec, r)
        if rows:
            out.append(Facts(tuple(rows), f"How to reach {r.name}", "contacts"))
        out += [Para(note, "note") for note in r.notes]
        return Section(heading, tuple(out), "service", keep=True)

    def events(self) -> Section | None:
        if not self.spec.events:
            return None
        chapter = self.heading(0, "Events")
        return Section(chapter, tuple(self.event(e) for e in self.spec.events), "chapter")

    def event(self, e: Event) -> Section:
        """An event: when (weekday from the date), host, where; what; how to book, and the
        booking link's QR code when it has an address."""
        heading = self.heading(1, e.title)
        when = day_range(e.date, e.end_date)
        if e.start:
            when += f", {e.start:%H:%M}" + (f"–{e.end:%H:%M}" if e.end else "")
        rows = [Row("When", (when,)), Row("Host", (e.host,))]
        if e.where:
            rows.append(Row("Where", (e.where,)))
        out: list[Block] = [Facts(tuple(rows), f"{e.title}: when and where", "event"),
                            *self.prose(e.description)]
        link = self.spec.links[e.booking] if e.booking else None
        if link is not None:
            out.append(LinkLine(e.booking_text, link.url or "",
                                display_url(link.url) if link.url else link.title))
            if link.url:
                out.append(Code(link.url, f"QR code: scan to open {display_url(link.url)}",
                                "Scan to book"))
        return Section(heading, tuple(out), "event", keep=True)


def _when(post: Post) -> str:
    """When to post it, in words ('Tuesday 22 April 2025 at 10:00'), or '' if any time."""
    return f"{day(post.schedule.date())} at {post.schedule:%H:%M}" if post.schedule else ""


def _title(post: Post) -> str:
    """A post's short name: its title, else its graphic's heading, else its id."""
    return post.title or post.heading or post.id
