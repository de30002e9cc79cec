"""The stakeholder pack's plan (`plan.document`) drawn as ReportLab flowables.

The plan says the words, their order and the structure (cover, contents, about the
partnership, about the campaign, the social posts, the resources, the events), the same plan
the HTML edition draws; this module says how each block looks on the page: styles, tables,
a post's graphic beside its callout and alt text, an event's QR code beside its details,
what is kept on one page. Prose goes through `markup.parse()` and is escaped before it
becomes paragraph markup; links are live on screen and written out in print.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from packpack.render.pdf import platypus  # noqa: F401 (before any of reportlab)

# isort: split

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from packpack.core import markup, scripts
from packpack.core.language import direction
from packpack.core.markup import escape
from packpack.core.nobreak import NBSP, together
from packpack.core.scripts import is_rtl
from packpack.core.web import display_url
from packpack.plan import document, pack
from packpack.plan.document import Block, Code, Facts, Graphic, Labelled, LinkLine, Section
from packpack.plan.graphic import Box
from packpack.plan.logos import TALLEST, logo_strip
from packpack.plan.pack import Row
from packpack.render.pdf import copies, images, rtl, tags
from packpack.render.pdf.flowables import (
    ChapterHeading,
    ContentsLine,
    Figure,
    Heading,
    Para,
    Placed,
    QRCode,
    define_page_numbers,
)
from packpack.render.pdf.geometry import A4_H, MARGIN, Geometry, sheet_marks
from packpack.render.pdf.style import Faces, Palette, arabic_face, draw_string
from packpack.render.qr import matrix
from packpack.spec.logos import visible
from packpack.spec.model import Campaign

LABEL_WIDTH = {"overview": 42 * mm, "contacts": 20 * mm, "event": 18 * mm}  # by `Facts.kind`
PAGE_ROOM = 220 * mm  # the most a post's side column may take (the text frame, less headings)
QR_MM = 26  # printed size of a QR code, quiet zone included
LOGO_MM = 16  # height of a logo on the cover (less if the strip would be too wide)
LOGO_MARGIN = 18 * mm  # the logo strip may run wider than the text, this close to the edge
COVER_TOP = 95 * mm  # from the top edge to the cover's first line
COVER_BAND = 48 * mm  # the logo strip's band at the foot of the cover


class Content:
    """One edition of the pack laid out as flowables and page templates from the pack's plan:
    its styles, the headings' pages as they are drawn, and the contents made from them."""

    def __init__(self, campaign: Campaign, geometry: Geometry, fonts: Faces, palette: Palette,
                 graphics: Mapping[str, bytes], memo: images.Memo | None = None):
        self.campaign = campaign
        self.spec = campaign.spec
        self.geometry = geometry
        self.fonts = fonts
        self.palette = palette
        self.graphics = graphics
        self.memo = memo
        self.plan = document.plan(campaign)
        self.posts = {post.id: post for post in self.spec.posts}
        self.repeated: dict[tuple[str, str], Para] = {}  # (markup, style) -> the first one
        self.pages: dict[str, int] = {}  # heading key -> page, filled in as pages are drawn
        self.toc: list[tuple[int, str, str]] = []  # (level, markup, key) for the contents
        self.titles: dict[str, str] = {}  # heading key (h1, h2... as drawn) -> its words
        self.described: dict[str, str] = {}  # link address -> what the link does, if not
        # the address itself (a phone number as written)
        self.styles = self._styles()

    # -- styles and markup ------------------------------------------------------------------

    def _styles(self) -> dict[str, ParagraphStyle]:
        f, p = self.fonts, self.palette
        base = ParagraphStyle("body", fontName=f.regular, fontSize=11, leading=16.5,
                              textColor=p("ink"), spaceAfter=7, alignment=TA_LEFT,
                              bulletFontName=f.regular, allowWidows=0, allowOrphans=0,
                              hyphenationLang="", embeddedHyphenation=0, splitLongWords=1)

        def s(name: str, **kw) -> ParagraphStyle:
            return ParagraphStyle(name, parent=base, **kw)

        return {
            "body": base,
            "bullet": s("bullet", leftIndent=16, bulletIndent=4, spaceAfter=4,
                        bulletColor=p("heading")),
            "chapter": s("chapter", fontName=f.bold, fontSize=24, leading=29,
                         textColor=p("cover_text"), spaceAfter=0),
            "h2": s("h2", fontName=f.bold, fontSize=15, leading=19, textColor=p("heading"),
                    spaceBefore=14, spaceAfter=6, keepWithNext=1),
            "h3": s("h3", fontName=f.bold, fontSize=11.5, leading=15, spaceBefore=12,
                    spaceAfter=3, keepWithNext=1),
            "small": s("small", fontSize=9, leading=13, spaceAfter=5),
            "label": s("label", fontName=f.bold, fontSize=8.5, leading=11,
                       textColor=p("heading"), spaceAfter=3, keepWithNext=1),
            "note": s("note", fontSize=9.5, leading=13.5, spaceBefore=5, spaceAfter=0),
            "cell": s("cell", fontSize=9.5, leading=13.5, spaceAfter=0),
            "cell-label": s("cell-label", fontName=f.bold, fontSize=9.5, leading=13.5,
                            spaceAfter=0, textColor=p("heading")),
            "callout": s("callout", fontName=f.bold, textColor=p("panel_text"), spaceAfter=0),
            "caption": s("caption", spaceAfter=0, textColor=p("panel_text")),
            "meta": s("meta", fontSize=9.5, leading=13, textColor=p("muted"), spaceAfter=8),
            "qr": s("qr", fontSize=8, leading=10, textColor=p("muted"), alignment=1),
            "toc0": s("toc0", fontName=f.bold, fontSize=12, leading=16, spaceBefore=12,
                      spaceAfter=3),
            "toc1": s("toc1", fontSize=10.5, leading=14, leftIndent=14, spaceAfter=3),
            "footer": s("footer", fontSize=8.5, leading=10, textColor=p("muted")),
            "cover-area": s("cover-area", fontName=f.bold, fontSize=13, leading=17,
                            textColor=p("cover_accent"), spaceAfter=0),
            "cover-title": s("cover-title", fontName=f.bold, fontSize=40, leading=46,
                             textColor=p("cover_text"), spaceAfter=10),
            "cover-other-title": s("cover-other-title", fontSize=24, leading=29,
                                   textColor=p("cover_text"), spaceBefore=-4, spaceAfter=12),
            "cover-subtitle": s("cover-subtitle", fontName=f.bold, fontSize=24, leading=30,
                                textColor=p("cover_accent"), spaceAfter=26),
            "cover-dates": s("cover-dates", fontName=f.bold, fontSize=17, leading=22,
                             textColor=p("cover_text"), spaceAfter=6),
            "cover-line": s("cover-line", fontSize=12.5, leading=17, textColor=p("cover_text"),
                            spaceAfter=0),
        }

    def style(self, commands: list) -> TableStyle:
        """A table style in the pack's font and ink (ReportLab's defaults: Helvetica, RGB)."""
        return TableStyle([("FONT", (0, 0), (-1, -1), self.fonts.regular, 9.5),
                           ("TEXTCOLOR", (0, 0), (-1, -1), self.palette("ink")), *commands])

    def link(self, href: str, label: str, panel: bool = False) -> str:
        """A link's markup: live (in the link colour of its ground, on paper or on a panel,
        underlined) on screen, plain in print."""
        if not self.geometry.screen:
            return escape(label)
        colour = self.palette.markup("panel_link" if panel else "link")
        return (f'<a href="{escape(href, {chr(34): "&quot;"})}" color="{colour}">'
                f"<u>{escape(label)}</u></a>")

    def phone(self, number: str, tel: str, panel: bool = False) -> str:
        """A phone number that never breaks across lines, linked on screen."""
        self.described[tel] = f"Call {number}"  # (the link's description, as it is written)
        return self.link(tel, number.replace(" ", NBSP), panel)

    def rich(self, source: str, panel: bool = False) -> str:
        """Prose as paragraph markup: text escaped, phones and links resolved, bold kept;
        `panel` for prose set on the caption panel (its links in the panel's link colour)."""
        out = []
        for run in markup.parse(source):
            if run.kind == "text":
                out.append(escape(together(run.text)).replace("\n", "<br/>"))
            elif run.kind == "bold":
                out.append(f"<b>{escape(together(run.text))}</b>")
            elif run.kind == "phone":
                phone = self.spec.phones[run.ref]
                out.append(self.phone(phone.number, phone.tel, panel))
            else:
                out.append(self.link_ref(run.ref, run.label, panel))
        return "".join(out)

    def link_ref(self, ref: str, label: str = "", panel: bool = False) -> str:
        """A link by id: its words (or address) linked; a missing address shows its title only."""
        link = self.spec.links[ref]
        if link.url is None:
            return escape(label or link.title)
        if not label:
            return self.link(link.url, link.url, panel)
        if self.geometry.screen:
            return self.link(link.url, label, panel)
        return f"{escape(label)} ({escape(display_url(link.url))})"

    def para(self, p: document.Para, repeated: bool = False) -> Flowable:
        """A paragraph of the plan in its role's style (in language `lang`, if not the
        document's); one in a language written right to left (or that starts with such
        letters) is shaped and set flush right (`rtl.RightToLeft`), its links as plain
        addresses; on a panel (callout, caption), links in the panel's link colour;
        `repeated`: the same on many pages (see `again`)."""
        style = self.styles[p.role]
        if (p.lang and direction(p.lang) == "rtl") or is_rtl(p.source):
            return self.right_to_left(p.source, style, p.lang)
        markup = self.rich(p.source, panel=p.role in ("caption", "callout"))
        para = self.again(markup, p.role) if repeated else Para(markup, style)
        para.lang = p.lang
        return para

    def line(self, text: str, style: str) -> str:
        """A short line's markup (a heading, a contents line, a table cell): escaped, its
        Arabic-script words, where the brand font lacks them, in the shipped face and in
        visual order (`rtl.inline`), for the style `shaped` gives."""
        brand = (str(self.campaign.file(self.spec.brand.fonts.regular)),
                 str(self.campaign.file(self.spec.brand.fonts.bold)))
        if scripts.faces_for(text, *brand) == brand:
            return escape(text)
        weight = "bold" if self.styles[style].fontName == self.fonts.bold else "regular"
        return rtl.inline(text, arabic_face(self.fonts.regular, weight))

    def shaped(self, markup: str, style: str) -> ParagraphStyle:
        """The style for a line's markup: HarfBuzz shaping on where `line` set words in the
        shipped Arabic-script face (elsewhere left as it was)."""
        if "-arabic-" not in markup:
            return self.styles[style]
        return ParagraphStyle(f"{style}-shaped", parent=self.styles[style], shaping=1)

    def again(self, markup: str, style: str) -> Para:
        """A paragraph that recurs on many pages (labels, the help callout): made and broken
        into lines once, each use a copy of the first."""
        first = self.repeated.get((markup, style))
        if first is None:
            first = self.repeated[markup, style] = Para(markup, self.styles[style])
        return first.copy()

    def right_to_left(self, source: str, style: ParagraphStyle, lang: str = "",
                      bullet: str = "") -> rtl.RightToLeft:
        """Prose written right to left, shaped and set flush right (`rtl.RightToLeft`): its
        phone numbers and addresses written out, and linked on screen (in the link colour of
        its ground, underlined, as in any paragraph)."""
        text = self.campaign.plain(source, url=lambda _ref, link: display_url(link.url))
        links = []
        for run in markup.parse(source) if self.geometry.screen else ():
            if run.kind == "phone":
                phone = self.spec.phones[run.ref]
                self.described[phone.tel] = f"Call {phone.number}"
                links.append((phone.number, phone.tel))
            elif run.kind == "link" and self.spec.links[run.ref].url:
                url = self.spec.links[run.ref].url
                links.append((display_url(url), url))
        colour = self.palette("panel_link" if style.name in ("caption", "callout") else "link")
        arabic = arabic_face(style.fontName, "regular")
        return rtl.RightToLeft(together(text), style, arabic, lang, bullet, tuple(links), colour)

    def item(self, item: document.Item) -> Flowable:
        """A bulleted list's item; one written right to left has its bullet at the right."""
        style = self.styles["bullet"]
        if is_rtl(item.source):
            return self.right_to_left(f"{item.term}: {item.source}" if item.term
                                      else item.source, style, bullet="•")
        return Para((f"<b>{escape(item.term)}:</b> " if item.term else "")
                    + self.rich(item.source), style, bulletText="•")

    def cell(self, row: Row) -> str | list[Flowable]:
        """A table row's value: markup (`value`), or, for words written right to left, a
        shaped paragraph per line."""
        if not row.href and not row.to_follow and any(is_rtl(line) for line in row.lines):
            return [self.right_to_left(line, self.styles["cell"]) for line in row.lines]
        return self.value(row)

    def value(self, row: Row) -> str:
        """A table row's value as markup: a phone number (with what its label adds), an
        address linked, one to follow, or the row's lines."""
        if row.href.startswith("tel:"):
            return self.phone(row.lines[0], row.href) + escape(row.note)
        if row.href:
            return self.link(row.href, row.lines[0]) + escape(row.note)
        if row.to_follow:
            return escape(row.lines[0]) + " <i>(address to follow)</i>"
        return "<br/>".join(escape(line) for line in row.lines)

    def image(self, data: bytes, max_width: int) -> images.Embedded:
        """Image bytes ready to place in this edition (CMYK in print), at most `max_width`
        pixels across."""
        return images.embed(data, cmyk=not self.geometry.screen, max_width=max_width,
                                memo=self.memo)

    # -- headings -----------------------------------------------------------------------------

    def _key(self, heading: document.Heading) -> str:
        """The name of a heading's place in this PDF (h1, h2... in the order drawn), which
        its bookmark, outline entry and contents line use."""
        key = f"h{len(self.titles) + 1}"
        self.titles[key] = heading.text
        if heading.contents:
            self.toc.append((heading.level, self.line(heading.text, f"toc{heading.level}"), key))
        return key

    def chapter(self, heading: document.Heading) -> list[Flowable]:
        """A new page opening with the chapter's band."""
        key = self._key(heading)
        return [PageBreak(), ChapterHeading(escape(heading.text), self.styles["chapter"], key,
                                            heading.text, self.pages, self.geometry,
                                            self.palette("cover")),
                Spacer(1, 8 * mm)]

    def heading(self, heading: document.Heading) -> Heading:
        """A section (level 1) or sub-section (level 2) heading."""
        name = "h2" if heading.level == 1 else "h3"
        markup = self.line(heading.text, name)
        return Heading(markup, self.shaped(markup, name), heading.level, self._key(heading),
                       heading.text, self.pages)

    def finish(self, canvas) -> None:
        """After the last page: write the page numbers the contents refer to."""
        styles = {}
        for level, _, key in self.toc:
            style = self.styles[f"toc{level}"]
            styles[key] = (style.fontName, style.fontSize, style.textColor)
        define_page_numbers(canvas, self.pages, styles)

    # -- page templates -----------------------------------------------------------------------

    def templates(self) -> list[PageTemplate]:
        """The cover, then ordinary pages with the running footer."""
        g = self.geometry
        cover_frame = g.frame(top=COVER_TOP, bottom=COVER_BAND + 10 * mm)
        return [PageTemplate("cover", [cover_frame], onPage=self.draw_cover),
                PageTemplate("body", [g.frame()], onPage=self.draw_page)]

    def _artifact(self, canvas, kind: str, draw, doc) -> None:
        with tags.artifact(canvas, kind):
            draw(canvas, doc)
        self._sheet(canvas, doc)

    def _sheet(self, canvas, doc) -> None:
        g = self.geometry
        if not g.screen:
            canvas.setTrimBox(g.trim)
            canvas.setBleedBox(g.bleed_box)
            sheet_marks(canvas, g, f"{self.spec.pack.filename} (print) · page {doc.page} · "
                        f"A4 trim, {self.spec.pack.bleed_mm:g} mm bleed", self.fonts.regular)

    def draw_cover(self, canvas, doc) -> None:
        """Brand background to the bleed edge, and a band at the foot for the logo strip (drawn
        after the cover's words, in reading order: `logos`); decoration."""
        self._artifact(canvas, "Page", self._cover_ground, doc)

    def _cover_ground(self, canvas, doc) -> None:
        g = self.geometry
        x0, y0, x1, y1 = g.trim
        band_h = COVER_BAND
        canvas.saveState()
        canvas.setFillColor(self.palette("cover"))
        canvas.rect(x0 - g.bleed, y0 + band_h, x1 - x0 + 2 * g.bleed,
                    y1 + g.bleed - (y0 + band_h), stroke=0, fill=1)
        canvas.setFillColor(self.palette("band"))
        canvas.rect(x0 - g.bleed, y0 - g.bleed, x1 - x0 + 2 * g.bleed, band_h + g.bleed,
                    stroke=0, fill=1)
        canvas.setFillColor(self.palette("accent"))
        canvas.rect(x0 + MARGIN["left"], y1 - COVER_TOP + 14 * mm, 24 * mm, 2.2 * mm, stroke=0,
                    fill=1)
        canvas.restoreState()

    def logos(self, canvas) -> None:
        """The logo strip, centred on the cover's band; each logo a figure named by its
        organisation."""
        self._logo_strip(canvas, self.geometry.trim[1] + COVER_BAND / 2)

    def _logo_strip(self, canvas, centre_y: float) -> None:
        """The brand's logos at equal visual weight (`plan.logos.logo_strip`, planned in
        tenths of a point) across the cover's band."""
        files = [(logo.name, logo.file) for logo in self.plan.cover.logos]
        if not files:
            return
        tenth = 10  # the plan's boxes are whole units
        band_h = round(LOGO_MM * mm / TALLEST * tenth)
        x0, x1 = self.geometry.trim[0] + LOGO_MARGIN, self.geometry.trim[2] - LOGO_MARGIN
        strip = logo_strip(files, Box(0, 0, round((x1 - x0) * tenth), band_h), 0,
                           round((x1 - x0) * tenth))
        for logo in strip:
            b = logo.box  # where the logo's visible part goes; its transparent margin is
            left, _, right, bottom = visible(logo.file)  # drawn around it
            data = Path(logo.file).read_bytes()
            width, height = images.size_of(data)
            scale = b.w / tenth / (right - left)
            image = self.image(data, pack.max_pixels(width * scale))
            with tags.content(canvas, "Figure", alt=f"Logo: {logo.name}"):
                images.draw(canvas, image, x0 + b.x / tenth - left * scale,
                            centre_y + band_h / 2 / tenth - (b.y + b.h) / tenth
                            - (height - bottom) * scale, width * scale, height * scale)

    def draw_page(self, canvas, doc) -> None:
        """The running footer (title left, page number right) under a hairline; pagination."""
        self._artifact(canvas, "Pagination", self._footer, doc)

    def _footer(self, canvas, doc) -> None:
        g = self.geometry
        x0, y0, x1, _ = g.trim
        left, right = x0 + MARGIN["left"], x1 - MARGIN["right"]
        y = y0 + 12 * mm
        canvas.saveState()
        canvas.setStrokeColor(self.palette("rule"))
        canvas.setLineWidth(0.5)
        canvas.line(left, y + 4.5 * mm, right, y + 4.5 * mm)
        canvas.setFillColor(self.palette("muted"))
        cover = self.plan.cover
        draw_string(canvas, left, y, " · ".join(t for t in (cover.title.text, cover.subtitle)
                                                 if t),
                    self.fonts.regular, 8.5)
        canvas.setFont(self.fonts.bold, 8.5)
        canvas.drawRightString(right, y, str(doc.page))
        canvas.restoreState()

    # -- the story ----------------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        """Every flowable of the pack, in the plan's order (the contents, made last, know
        every heading)."""
        cover = self.cover()
        body = self.blocks(self.plan.chapters)
        return [*cover, *self.contents(), *body]

    def cover(self) -> list[Flowable]:
        """Title, subtitle, dates and organiser, white on the brand colour."""
        c = self.plan.cover
        s = self.styles
        out: list[Flowable] = []
        if c.area:
            out += [Para(escape(c.area), s["cover-area"]), Spacer(1, 8 * mm)]
        out.append(Heading(escape(c.title.text), s["cover-title"], 0, self._key(c.title),
                           c.title.text, self.pages))
        for lang, title in c.titles:  # each marked with its language (tagged)
            out.append(Para(escape(title), s["cover-other-title"]))
            out[-1].lang = lang
        if c.subtitle:
            out.append(Para(escape(c.subtitle), s["cover-subtitle"]))
        out.append(Para(escape(c.dates), s["cover-dates"]))
        out.append(Para(escape(c.organiser), s["cover-line"]))
        return [*out, Placed(self.logos), NextPageTemplate("body")]

    def contents(self) -> list[Flowable]:
        """The contents page: chapters and their sections, with page numbers.

        The story is made first (`story()` calls this last), so every heading is known.
        """
        lines = [ContentsLine(markup, key, self.shaped(markup, f"toc{level}"), leaders=level > 0,
                              link=self.geometry.screen, title=self.titles[key])
                 for level, markup, key in self.toc]
        return [*self.chapter(self.plan.contents), *lines]

    # -- blocks ---------------------------------------------------------------------------

    def blocks(self, blocks: tuple[Block, ...]) -> list[Flowable]:
        """Blocks of the plan, in order."""
        return [f for b in blocks for f in self.block(b)]

    def block(self, b: Block) -> list[Flowable]:
        """One block of the plan as flowables."""
        if isinstance(b, Section):
            return self.section(b)
        if isinstance(b, document.Para):
            return [self.para(b)]
        if isinstance(b, document.Words):
            return [Para(escape(b.text), self.styles[b.role])]
        if isinstance(b, document.Bullets):
            items = [self.item(i) for i in b.items]
            return [*items, Spacer(1, 4)] if b.ends_passage else items
        if isinstance(b, Facts):
            return [self.table([(r.label, self.cell(r)) for r in b.rows], LABEL_WIDTH[b.kind])]
        if isinstance(b, document.Table):
            return [self.schedule(b)]
        if isinstance(b, document.Panel):
            return [self.panel([self.para(p) for p in b.paras], bar=b.kind == "callout")]
        if isinstance(b, LinkLine):
            shown = self.link(b.href, b.shown) if b.href else escape(b.shown)
            return [Para(f"<b>{escape(b.lead)}:</b> {shown}", self.styles["body"])]
        if isinstance(b, Graphic):
            return [self.figure(b)]
        if isinstance(b, Labelled):
            return self.labelled(b)
        if isinstance(b, Code):
            return self.code(b)
        raise TypeError(f"no flowables for {type(b).__name__}")

    def section(self, s: Section) -> list[Flowable]:
        """A chapter on a new page; a post on a page of its own; a service, an event or a
        section to be read as one kept whole on a page."""
        if s.kind == "chapter":
            return [*self.chapter(s.heading), *self.blocks(s.blocks)]
        if s.kind == "post":
            return [PageBreak(), self.heading(s.heading), *self.post(s.blocks)]
        if s.kind == "event":
            return [KeepTogether([self.heading(s.heading), *self.event(s.blocks)])]
        out = [self.heading(s.heading), *self.blocks(s.blocks)]
        if s.kind == "service":
            out.append(Spacer(1, 2 * mm))
        return [KeepTogether(out)] if s.keep else out

    def labelled(self, b: Labelled) -> list[Flowable]:
        """A small label over its blocks (the help callout's paragraphs, the same on every
        post's page, made once: `again`)."""
        return [self.again(escape(b.label.upper()), "label"),
                *[f for x in b.blocks for f in ([self.para(x, repeated=b.kind == "callout")]
                                                 if isinstance(x, document.Para)
                                                 else self.block(x))]]

    def table(self, rows: list[tuple[str, str | list[Flowable]]], label_width: float,
              width: float | None = None) -> Table:
        """A two-column table of labels and values (markup, or flowables); rows never split."""
        data = [[Para(escape(k), self.styles["cell-label"]),
                 Para(v, self.styles["cell"]) if isinstance(v, str) else v] for k, v in rows]
        width = width or self.geometry.text_width
        t = Table(data, colWidths=[label_width, width - label_width], hAlign="LEFT",
                  renderCB=tags.TableTags(header="row"))
        t.setStyle(self.style([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (0, -1), self.palette("tint")),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, self.palette("rule")),
            ("LINEABOVE", (0, 0), (-1, 0), 0.5, self.palette("rule")),
            ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ("LEFTPADDING", (0, 0), (-1, -1), 7), ("RIGHTPADDING", (0, 0), (-1, -1), 7),
        ]))
        return t

    def panel(self, flowables: list[Flowable], bar: bool = False) -> Table:
        """Flowables on the pale brand colour, one row each so a long panel may break (a
        paragraph taller than half a page is cut into rows of its lines: a row cannot)."""
        inner = self.geometry.text_width - 24  # less the padding
        rows = [[part] for f in flowables for part in _pieces(f, inner, PAGE_ROOM / 2)]
        t = Table(rows, colWidths=[self.geometry.text_width], hAlign="LEFT",
                  renderCB=tags.TableTags())  # (layout: its panel is decoration)
        commands = [
            ("BACKGROUND", (0, 0), (-1, -1), self.palette("panel")),
            ("LEFTPADDING", (0, 0), (-1, -1), 12), ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ("TOPPADDING", (0, 0), (-1, 0), 9), ("BOTTOMPADDING", (0, -1), (-1, -1), 9),
        ]
        if bar:
            commands.append(("LINEBEFORE", (0, 0), (0, -1), 3, self.palette("heading")))
        t.setStyle(self.style(commands))
        return t

    def schedule(self, table: document.Table) -> Table:
        """A table with a header row repeated on each page it runs on (the posting schedule:
        a narrow first column, the second under half of the rest)."""
        rows = [[Para(escape(h), self.styles["cell-label"]) for h in table.head]]
        for row in table.rows:
            markups = [self.line(cell, "cell") for cell in row]
            rows.append([Para(m, self.shaped(m, "cell")) for m in markups])
        widths = [16 * mm, 0.45 * (self.geometry.text_width - 16 * mm)]
        widths.append(self.geometry.text_width - sum(widths))
        t = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1,
                  renderCB=tags.TableTags(header="column"))
        t.setStyle(self.style([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), self.palette("tint")),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, self.palette("rule")),
            ("LINEABOVE", (0, 0), (-1, 0), 0.5, self.palette("rule")),
            ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ("LEFTPADDING", (0, 0), (-1, -1), 7), ("RIGHTPADDING", (0, 0), (-1, -1), 7),
        ]))
        return t

    # -- posts ----------------------------------------------------------------------------

    def figure(self, g: Graphic) -> Figure:
        """A post's graphic at the pack's width (in CMYK, at 300 ppi or more, in print)."""
        size = self.campaign.sizes[g.size]
        width = pack.graphic_width(self.campaign)
        height = width * size.height / size.width
        data = self.graphics[g.post]
        image = self.image(data, pack.max_pixels(width)) if self.geometry.screen else \
            copies.print_graphic(self.campaign, self.posts[g.post], data, self.memo)
        return Figure(image, width, height, self.palette("rule"), alt=g.alt, lang=g.lang)

    def post(self, blocks: tuple[Block, ...]) -> list[Flowable]:
        """A post's blocks: what comes before its graphic, then the graphic with the help
        callout and alt text beside it (what fits), then the rest below (the caption)."""
        at = next(i for i, b in enumerate(blocks) if isinstance(b, Graphic))
        out = self.blocks(blocks[:at])
        picture = self.figure(blocks[at])
        callout: list[Flowable] = []
        alt: list[Flowable] = []
        after: list[Flowable] = []
        for b in blocks[at + 1:]:
            if isinstance(b, Labelled) and b.kind == "callout":
                callout = self.labelled(b)
            elif isinstance(b, Labelled) and b.kind == "alt":
                alt = [Spacer(1, 4), *self.labelled(b)]
            elif isinstance(b, Labelled):
                after += [Spacer(1, 6 * mm), *self.labelled(b)]
            else:
                after += self.block(b)
        width = picture.width
        gutter = 7 * mm
        side_w = self.geometry.text_width - width - gutter
        # beside the graphic if it fits on the page; an alt text too long for that follows
        # the graphic at full width, where it may run on to the next page
        arrangements = (([*callout, *alt], []), (callout, alt), ([], [*callout, *alt]))
        side, below = next((a for a in arrangements if sum(
            f.wrap(side_w, A4_H)[1] + f.getSpaceAfter() for f in a[0]) <= PAGE_ROOM),
            arrangements[-1])
        t = Table([[picture, side]], colWidths=[width + gutter, self.geometry.text_width - width -
                                                 gutter], hAlign="LEFT",
                  renderCB=tags.TableTags())
        t.setStyle(self.style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        return [*out, t, *below, *after]

    # -- events ---------------------------------------------------------------------------

    def code(self, c: Code) -> list[Flowable]:
        """A QR code at its printed size (linked on screen), over its label."""
        return [QRCode(matrix.matrix(c.url), QR_MM * mm, c.url, self.palette("black"),
                       self.palette("white"), self.geometry.screen, c.alt),
                Spacer(1, 2), Para(escape(c.label), self.styles["qr"])]

    def event(self, blocks: tuple[Block, ...]) -> list[Flowable]:
        """An event's details (its table, then a little space), beside its booking QR code
        when it has one."""
        codes = [b for b in blocks if isinstance(b, Code)]
        qr_w = QR_MM * mm
        width = self.geometry.text_width - qr_w - 8 * mm if codes else None
        details: list[Flowable] = []
        for b in blocks:
            if isinstance(b, Facts):
                details += [self.table([(r.label, self.cell(r)) for r in b.rows],
                                       LABEL_WIDTH[b.kind], width), Spacer(1, 3 * mm)]
            elif not isinstance(b, Code):
                details += self.block(b)
        if not codes:
            return details
        body_w = self.geometry.text_width - qr_w
        t = Table([[details, [f for c in codes for f in self.code(c)]]],
                  colWidths=[body_w, qr_w], hAlign="LEFT", renderCB=tags.TableTags())
        t.setStyle(self.style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (0, -1), 8 * mm),
                               ("RIGHTPADDING", (1, 0), (1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                               ("ALIGN", (1, 0), (1, -1), "RIGHT")]))
        return [t]


def _pieces(flowable: Flowable, width: float, most: float) -> list[Flowable]:
    """A paragraph taller than `most` at `width`, split into paragraphs no taller (whole
    lines each); anything else as it is."""
    if not isinstance(flowable, Para) or flowable.wrap(width, A4_H)[1] <= most:
        return [flowable]
    out: list[Flowable] = []
    rest: Flowable = flowable
    while rest.wrap(width, A4_H)[1] > most:
        parts = rest.split(width, most)
        if len(parts) < 2:
            break
        out.append(parts[0])
        rest = parts[1]
    return [*out, rest]
