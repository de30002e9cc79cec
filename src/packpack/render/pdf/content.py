"""The stakeholder pack's content, in the seed's order, as ReportLab flowables.

Cover, contents, about the partnership, about the campaign, the social posts, the resources
(local, then national) and the events. Prose goes through `markup.parse()` and is escaped before
it becomes paragraph markup; links are live on screen and written out in print.
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
from packpack.core.nobreak import together
from packpack.core.scripts import is_rtl
from packpack.core.web import display_url
from packpack.plan import pack
from packpack.plan.graphic import Box
from packpack.plan.logos import TALLEST, logo_strip
from packpack.plan.pack import day, day_range, paragraphs, short_range
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
from packpack.render.pdf.style import Faces, Palette, draw_string
from packpack.render.qr import matrix
from packpack.spec.logos import visible
from packpack.spec.model import Block, Campaign, Event, Post, Resource

NBSP = "\u00a0"
PAGE_ROOM = 220 * mm  # the most a post's side column may take (the text frame, less headings)
QR_MM = 26  # printed size of a QR code, quiet zone included
LOGO_MM = 16  # height of a logo on the cover (less if the strip would be too wide)
LOGO_MARGIN = 18 * mm  # the logo strip may run wider than the text, this close to the edge
COVER_TOP = 95 * mm  # from the top edge to the cover's first line
COVER_BAND = 48 * mm  # the logo strip's band at the foot of the cover


class Content:
    """One edition of the pack laid out as flowables and page templates: its styles, the
    headings' pages as they are drawn, and the contents made from them."""

    def __init__(self, campaign: Campaign, geometry: Geometry, fonts: Faces, palette: Palette,
                 graphics: Mapping[str, bytes], memo: images.Memo | None = None):
        self.campaign = campaign
        self.spec = campaign.spec
        self.geometry = geometry
        self.fonts = fonts
        self.palette = palette
        self.graphics = graphics
        self.memo = memo
        self.keys = 0
        self.repeated: dict[tuple[str, str], Para] = {}  # (markup, style) -> the first one
        self.pages: dict[str, int] = {}  # heading key -> page, filled in as pages are drawn
        self.toc: list[tuple[int, str, str]] = []  # (level, markup, key) for the contents
        self.titles: dict[str, str] = {}  # heading key -> its words
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

    def prose(self, source: str, style: str = "body", lang: str = "") -> list[Flowable]:
        """Prose as paragraphs, one per blank-line-separated block (in language `lang`, if
        not the document's); a paragraph in a language written right to left (or that
        starts with such letters) is shaped and set flush right (`rtl.RightToLeft`), its
        links as plain addresses; on the caption panel, links in the panel's link colour."""
        panel = style in ("caption", "callout")
        out: list[Flowable] = []
        for p in paragraphs(source):
            if (lang and direction(lang) == "rtl") or is_rtl(p):
                text = self.campaign.plain(p, url=lambda _ref, link: display_url(link.url))
                font = self.styles[style].fontName
                out.append(rtl.RightToLeft(together(text), self.styles[style],
                                           rtl.register(font), lang))
            else:
                para = Para(self.rich(p, panel), self.styles[style])
                para.lang = lang
                out.append(para)
        return out

    def line(self, text: str, style: str) -> str:
        """A short line's markup (a heading, a contents line, a table cell): escaped, its
        Arabic-script words, where the brand font lacks them, in the shipped face and in
        visual order (`rtl.inline`), for the style `shaped` gives."""
        brand = (str(self.campaign.file(self.spec.brand.fonts.regular)),
                 str(self.campaign.file(self.spec.brand.fonts.bold)))
        if scripts.faces_for(text, *brand) == brand:
            return escape(text)
        weight = "bold" if self.styles[style].fontName == self.fonts.bold else "regular"
        return rtl.inline(text, rtl.register(self.fonts.regular, weight))

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

    def blocks(self, blocks: list[Block]) -> list[Flowable]:
        """Paragraphs, bulleted lists and term lists."""
        out: list[Flowable] = []
        for block in blocks:
            if block.text:
                out += self.prose(block.text)
            out += [Para(self.rich(b), self.styles["bullet"], bulletText="•")
                    for b in block.bullets]
            out += [Para(f"<b>{escape(t.term)}:</b> {self.rich(t.text)}",
                         self.styles["bullet"], bulletText="•") for t in block.terms]
            if block.bullets or block.terms:
                out.append(Spacer(1, 4))
        return out

    def image(self, data: bytes, max_width: int) -> images.Embedded:
        """Image bytes ready to place in this edition (CMYK in print), at most `max_width`
        pixels across."""
        return images.embed(data, cmyk=not self.geometry.screen, max_width=max_width,
                                memo=self.memo)

    # -- headings -----------------------------------------------------------------------------

    def _key(self, level: int, title: str, contents: bool) -> str:
        self.keys += 1
        key = f"h{self.keys}"
        self.titles[key] = title
        if contents and level <= 1:
            self.toc.append((level, self.line(title, f"toc{level}"), key))
        return key

    def chapter(self, title: str, contents: bool = True) -> list[Flowable]:
        """A new page opening with the chapter's band."""
        key = self._key(0, title, contents)
        return [PageBreak(), ChapterHeading(escape(title), self.styles["chapter"], key, title,
                                            self.pages, self.geometry, self.palette("cover")),
                Spacer(1, 8 * mm)]

    def heading(self, title: str, level: int = 1) -> Heading:
        """A section (level 1) or sub-section (level 2) heading."""
        name = "h2" if level == 1 else "h3"
        markup = self.line(title, name)
        return Heading(markup, self.shaped(markup, name), level,
                       self._key(level, title, True), title, self.pages)

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
        logos = [self.spec.organisations[o] for o in dict.fromkeys(self.spec.brand.logos)]
        files = [(o.name, str(self.campaign.file(o.logo))) for o in logos if o.logo]
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
        info = self.spec.campaign
        draw_string(canvas, left, y, " · ".join(t for t in (info.title, info.subtitle) if t),
                    self.fonts.regular, 8.5)
        canvas.setFont(self.fonts.bold, 8.5)
        canvas.drawRightString(right, y, str(doc.page))
        canvas.restoreState()

    # -- the story ----------------------------------------------------------------------------

    def story(self) -> list[Flowable]:
        """Every flowable of the pack, in the seed's order."""
        cover = self.cover()
        body = [*self.partnership(), *self.about_campaign(), *self.posts(), *self.resources(),
                *self.events()]
        return [*cover, *self.contents(), *body]

    def cover(self) -> list[Flowable]:
        """Title, subtitle, dates and organiser, white on the brand colour."""
        info = self.spec.campaign
        s = self.styles
        out: list[Flowable] = []
        if info.area:
            out += [Para(escape(info.area), s["cover-area"]), Spacer(1, 8 * mm)]
        out.append(Heading(escape(info.title), s["cover-title"], 0,
                           self._key(0, info.title, False), info.title, self.pages))
        for lang, title in info.titles.items():  # each marked with its language (tagged)
            out.append(Para(escape(title), s["cover-other-title"]))
            out[-1].lang = lang
        if info.subtitle:
            out.append(Para(escape(info.subtitle), s["cover-subtitle"]))
        out.append(Para(escape(short_range(info.starts, info.ends)), s["cover-dates"]))
        out.append(Para(escape(info.organiser), s["cover-line"]))
        return [*out, Placed(self.logos), NextPageTemplate("body")]

    def contents(self) -> list[Flowable]:
        """The contents page: chapters and their sections, with page numbers.

        The story is made first (`story()` calls this last), so every heading is known.
        """
        lines = [ContentsLine(markup, key, self.shaped(markup, f"toc{level}"), leaders=level > 0,
                              link=self.geometry.screen, title=self.titles[key])
                 for level, markup, key in self.toc]
        return [*self.chapter("Contents", contents=False), *lines]

    def partnership(self) -> list[Flowable]:
        """About the partnership: its background sections."""
        part = self.spec.partnership
        if part is None:
            return []
        out = self.chapter(f"About the {part.name}")
        for section in part.sections:
            out += [self.heading(section.title), *self.blocks(section.body)]
        return out

    def about_campaign(self) -> list[Flowable]:
        """About the campaign: overview table, aims, summary, get involved, the integrity rule."""
        info = self.spec.campaign
        ov = info.overview
        out = self.chapter("About the campaign")
        rows = [("Campaign dates", escape(day_range(info.starts, info.ends)))]
        if ov:
            rows += [("Format", escape(ov.format)), ("Subject matter", escape(ov.subject)),
                     ("Target audience", escape(ov.audience))]
        out += [self.heading("Campaign overview"), self.table(rows, 42 * mm)]
        if ov is None:
            return out
        out += [self.heading("Aims"),
                *[Para(self.rich(a), self.styles["bullet"], bulletText="•") for a in ov.aims]]
        if ov.summary:
            out += [self.heading("Summary"), *self.blocks(ov.summary)]
        out.append(KeepTogether([
            self.heading("Get involved"), *self.blocks(ov.get_involved),
            self.panel([Para(self.rich(ov.integrity, True), self.styles["callout"])],
                       bar=True)]))
        return out

    def table(self, rows: list[tuple[str, str]], label_width: float,
              width: float | None = None) -> Table:
        """A two-column table of labels and values (markup); rows never split."""
        data = [[Para(escape(k), self.styles["cell-label"]), Para(v, self.styles["cell"])]
                for k, v in rows]
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

    # -- posts ----------------------------------------------------------------------------

    def posts(self) -> list[Flowable]:
        """The posting schedule, then each post on a page of its own."""
        out = self.chapter("Social posts")
        ov = self.spec.campaign.overview
        intro = ("Each graphic and its caption are approved together. Post them as they are, "
                 "with the alt text in the platform's image description field. Every size of "
                 "every graphic is in your bundle, beside its caption and alt text.")
        out.append(Para(escape(intro), self.styles["body"]))
        if ov and ov.integrity:
            out.append(self.panel([Para(self.rich(ov.integrity, True), self.styles["callout"])],
                                  bar=True))
        out += [self.heading("Posting schedule"), self.schedule()]
        for n, post in enumerate(self.spec.posts, 1):
            out += [PageBreak(), *self.post(n, post)]
        return out

    def schedule(self) -> Table:
        """Posts in order with their suggested posting times."""
        head = [Para(h, self.styles["cell-label"]) for h in ("Post", "Title", "Suggested posting")]
        rows = [head]
        for n, post in enumerate(self.spec.posts, 1):
            when = (f"{day(post.schedule.date())} at {post.schedule:%H:%M}" if post.schedule
                    else "Any time during the campaign")
            rows.append([Para(str(n), self.styles["cell"]),
                         Para(self.line(post.title or post.heading or post.id, "cell"),
                              self.shaped(self.line(post.title or post.heading or post.id,
                                                    "cell"), "cell")),
                         Para(escape(when), self.styles["cell"])])
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

    def post(self, n: int, post: Post) -> list[Flowable]:
        """One post's block."""
        title = f"Post {n}: {post.title or post.heading or post.id}"
        out: list[Flowable] = [self.heading(title)]
        if post.schedule:
            out.append(Para(escape(f"Suggested posting: {day(post.schedule.date())} at "
                                   f"{post.schedule:%H:%M}"), self.styles["meta"]))
        size = self.campaign.sizes[pack.graphic_size(self.campaign)]
        width = pack.graphic_width(self.campaign)
        height = width * size.height / size.width
        data = self.graphics[post.id]
        image = self.image(data, pack.max_pixels(width)) if self.geometry.screen else \
            copies.print_graphic(self.campaign, post, data, self.memo)
        lang = self.campaign.language_of(post)
        lang = "" if lang == self.spec.campaign.language else lang  # (the document's: unsaid)
        picture = Figure(image, width, height, self.palette("rule"), alt=post.alt, lang=lang)
        callout = [self.again("HELP CALLOUT ON THE GRAPHIC", "label"),
                   *[self.again(self.rich(p), "small")
                     for p in paragraphs(self.campaign.callout_of(post))]]
        if post.callout is not None:  # the post's own callout, in the post's language
            for para in callout[1:]:
                para.lang = lang
        alt = [Spacer(1, 4), self.again("ALT TEXT", "label"), *self.prose(post.alt, "small", lang)]
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
        out += [t, *below, Spacer(1, 6 * mm), self.again("CAPTION", "label"),
                self.panel(self.prose(post.caption, "caption", lang))]
        return out

    # -- resources ------------------------------------------------------------------------

    def resources(self) -> list[Flowable]:
        """Support services, local then national, each kept whole on a page."""
        if not self.spec.resources:
            return []
        out = self.chapter("Resources")
        for scope, title in (("local", "Local services"), ("national", "National services")):
            group = [r for r in self.spec.resources if r.scope == scope]
            if group:
                out.append(self.heading(title))
                out += [KeepTogether(self.resource(r)) for r in group]
        return out

    def resource(self, r: Resource) -> list[Flowable]:
        """A service: name, what it offers, phones with hours, emails, links and notes."""
        out: list[Flowable] = [self.heading(r.name, level=2)]
        if r.summary:
            out += self.prose(r.summary)
        rows = []
        for c in pack.contacts(self.spec, r):  # the rules, shared with the HTML edition
            if c.label == "Phone":
                value = self.phone(c.lines[0], c.href) + escape(c.note)
            elif c.label == "Hours":
                value = "<br/>".join(escape(h) for h in c.lines)
            elif c.to_follow:
                value = escape(c.lines[0]) + " <i>(address to follow)</i>"
            else:
                value = self.link(c.href, c.lines[0])
            rows.append((c.label, value))
        if rows:
            out.append(self.table(rows, 20 * mm))
        out += [Para(self.rich(note), self.styles["note"]) for note in r.notes]
        return [*out, Spacer(1, 2 * mm)]

    # -- events ---------------------------------------------------------------------------

    def events(self) -> list[Flowable]:
        """Each event: when (weekday from the date), host, where, what, how to book, QR code."""
        if not self.spec.events:
            return []
        out = self.chapter("Events")
        for event in self.spec.events:
            out.append(KeepTogether([self.heading(event.title), *self.event(event)]))
        return out

    def event(self, e: Event) -> list[Flowable]:
        """The event's details, beside its booking QR code when the link has an address."""
        when = day_range(e.date, e.end_date)
        if e.start:
            when += f", {e.start:%H:%M}" + (f"–{e.end:%H:%M}" if e.end else "")
        rows = [("When", escape(when)), ("Host", escape(e.host))]
        if e.where:
            rows.append(("Where", escape(e.where)))
        link = self.spec.links[e.booking] if e.booking else None
        qr_cell: list[Flowable] = []
        details: list[Flowable] = []
        if link is not None:
            shown_link = (self.link(link.url, display_url(link.url)) if link.url
                          else escape(link.title))
            details.append(Para(f"<b>{escape(e.booking_text)}:</b> {shown_link}",
                                self.styles["body"]))
            if link.url:
                size = QR_MM * mm
                qr_cell = [QRCode(matrix.matrix(link.url), size, link.url, self.palette("black"),
                                  self.palette("white"), self.geometry.screen),
                           Spacer(1, 2), Para("Scan to book", self.styles["qr"])]
        qr_w = QR_MM * mm
        if not qr_cell:
            return [self.table(rows, 18 * mm), Spacer(1, 3 * mm), *self.prose(e.description),
                    *details]
        body_w = self.geometry.text_width - qr_w
        details = [self.table(rows, 18 * mm, body_w - 8 * mm), Spacer(1, 3 * mm),
                   *self.prose(e.description), *details]
        t = Table([[details, qr_cell]], colWidths=[body_w, qr_w], hAlign="LEFT",
                  renderCB=tags.TableTags())
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
