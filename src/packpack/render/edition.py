"""The stakeholder pack as one accessible HTML file: the HTML edition, which GOV.UK asks
public bodies to publish first.

The same chapters in the same order as the PDF (cover, contents, the partnership, the
campaign, the posts with their graphics, alt text and captions, the resources, the events
with their QR codes), in the same words (`plan.pack` says the dates, phone labels and
paragraphs for both; `core.markup` the prose). One file: the graphics and logos are inside
it as data, the QR codes drawn in SVG; it loads nothing from the network and runs no script,
which its Content-Security-Policy tells the browser; everything from the spec is escaped.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping

from packpack.core import markup, paths
from packpack.core.colour import contrast
from packpack.core.language import direction
from packpack.core.outputs import BuildContext, Output, key
from packpack.core.web import display_url
from packpack.core.webpage import csp_hash, e, head
from packpack.plan import pack
from packpack.plan.pack import contacts, day, day_range, paragraphs, short_range
from packpack.render.pdf.outputs import inputs
from packpack.render.qr.matrix import matrix
from packpack.spec.model import Block, Campaign, Event, Resource

INK = "#1F1A24"
PAPER = "#FFFFFF"
MUTED = "#4A4356"

STYLE = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",
Arial,sans-serif;color:var(--ink);background:#FFF}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);
white-space:nowrap}
.skip{position:absolute;left:-100rem}
.skip:focus{left:1rem;top:1rem;background:#FFF;color:var(--ink);padding:.5rem 1rem;z-index:1}
header.cover{background:var(--brand);color:var(--on-brand);padding:3rem 1rem 2rem}
header.cover>div,main,footer{max-width:48rem;margin:0 auto}
header.cover h1{font-size:2.25rem;line-height:1.15;margin:.5rem 0}
header.cover .sub{font-size:1.4rem;font-weight:700;margin:0 0 1rem}
.logos{display:flex;flex-wrap:wrap;gap:1rem 2rem;align-items:center;list-style:none;
background:#FFF;padding:1rem;margin:2rem 0 0;border-radius:.4rem}
.logos img{height:3rem;width:auto;display:block}
main,footer{padding:0 1rem}
h2{font-size:1.6rem;line-height:1.2;margin:3rem 0 1rem;padding-top:1rem;
border-top:.35rem solid var(--brand)}
h3{font-size:1.25rem;line-height:1.25;margin:2rem 0 .5rem}
h4{font-size:1.05rem;margin:1.5rem 0 .4rem}
a{color:var(--link)}
a:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.panel{background:#F3EEF9;border-left:.35rem solid var(--brand);padding:.75rem 1rem;
margin:1rem 0}
.callout{font-weight:700}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{text-align:left;vertical-align:top;padding:.4rem .6rem;border-bottom:1px solid #C8C2D0}
th{background:#F3EEF9}
th[scope=row]{width:8rem}
.meta{color:var(--muted);font-size:.95rem}
figure{margin:1rem 0}
figure img{display:block;width:100%;max-width:24rem;height:auto;border:1px solid #C8C2D0}
figcaption,.label{font-weight:700;font-size:.85rem;letter-spacing:.02em;margin:.75rem 0 .25rem}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
.qr{display:flex;gap:1rem;align-items:center}
.qr svg{width:8rem;height:8rem;flex:none}
nav ol{padding-left:1.25rem}
footer{margin-top:3rem;padding-bottom:3rem;color:var(--muted);font-size:.95rem}
"""


def plan(campaign: Campaign) -> list[Output]:
    """The HTML edition: one file, needing the posts' graphics at the pack's size."""
    size = pack.graphic_size(campaign)
    needs = tuple(paths.graphic(p.id, size) for p in campaign.spec.posts)
    return [Output(path=paths.html_edition(campaign.spec.pack.filename), kind="html",
                   make=_make, needs=needs,
                   key=key("pack-html", repr(campaign.spec), needs, files=inputs(campaign)),
                   cost=1 + len(campaign.spec.posts) / 20)]


def _make(ctx: BuildContext, output: Output) -> bytes:
    graphics = {post.id: ctx.read(path) for post, path in zip(
        ctx.campaign.spec.posts, output.needs, strict=True)}
    return page(ctx.campaign, graphics)


def palette(campaign: Campaign) -> dict[str, str]:
    """The page's colours: the brand's where they read well (AA), dark ink otherwise."""
    colours = campaign.spec.brand.colours
    brand, on_brand = colours.background, "#FFFFFF"
    if contrast(brand, on_brand) < 4.5:
        brand, on_brand = INK, PAPER
    return {"brand": brand, "on-brand": on_brand, "ink": INK, "muted": MUTED,
            "link": brand if contrast(brand, PAPER) >= 4.5 else INK,
            "focus": "#B35C00"}


def _data_uri(data: bytes, name: str = ".png") -> str:
    kind = {"svg": "image/svg+xml", "jpg": "image/jpeg", "jpeg": "image/jpeg"}.get(
        name.rsplit(".", 1)[-1].lower(), "image/png")
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def qr_svg(url: str, label: str) -> str:
    """A QR code as inline SVG: one path of its dark modules on white, named for what it
    opens."""
    modules = matrix(url)
    n = len(modules)
    runs = []
    for y, row in enumerate(modules):
        x = 0
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h{start - x}z")
            else:
                x += 1
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" role="img" '
            f'aria-label="{e(label)}" shape-rendering="crispEdges">'
            f'<rect width="{n}" height="{n}" fill="#FFF"/>'
            f'<path fill="#000" d="{"".join(runs)}"/></svg>')


class Edition:
    """The HTML edition's parts, in the PDF's order."""

    def __init__(self, campaign: Campaign, graphics: Mapping[str, bytes]):
        self.campaign, self.spec, self.graphics = campaign, campaign.spec, graphics
        self.ids: dict[str, int] = {}
        self.toc: list[tuple[int, str, str]] = []

    # -- words ----------------------------------------------------------------------------

    def anchor(self, title: str, level: int, contents: bool = True) -> str:
        """A heading's id, listed in the contents (chapters and their sections)."""
        base = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-") or "part"
        self.ids[base] = self.ids.get(base, 0) + 1
        ident = base if self.ids[base] == 1 else f"{base}-{self.ids[base]}"
        if contents:
            self.toc.append((level, title, ident))
        return ident

    def heading(self, title: str, level: int, contents: bool = True) -> str:
        """h2 for a chapter, h3 for a section, h4 for a service (h1 is the pack's title)."""
        ident = self.anchor(title, level, contents and level <= 1)
        return f'<h{level + 2} id="{ident}">{e(title)}</h{level + 2}>'

    def link(self, href: str, label: str) -> str:
        """A link with its words."""
        return f'<a href="{e(href)}">{e(label)}</a>'

    def rich(self, source: str) -> str:
        """Prose as HTML: text escaped, phones and links resolved, bold kept."""
        out = []
        for run in markup.parse(source):
            if run.kind == "text":
                out.append(e(run.text).replace("\n", "<br>"))
            elif run.kind == "bold":
                out.append(f"<strong>{e(run.text)}</strong>")
            elif run.kind == "phone":
                phone = self.spec.phones[run.ref]
                out.append(self.link(phone.tel, phone.number))
            else:
                link = self.spec.links[run.ref]
                if link.url is None:
                    out.append(e(run.label or link.title))
                else:
                    out.append(self.link(link.url, run.label or link.url))
        return "".join(out)

    def prose(self, source: str, cls: str = "", lang: str = "") -> list[str]:
        """Paragraphs, one per blank-line-separated block."""
        attrs = (f' class="{cls}"' if cls else "") + (
            f' lang="{e(lang)}" dir="{direction(lang)}"' if lang else "")
        return [f"<p{attrs}>{self.rich(p)}</p>" for p in paragraphs(source)]

    def blocks(self, blocks: list[Block]) -> list[str]:
        """Paragraphs, bulleted lists and term lists."""
        out: list[str] = []
        for block in blocks:
            if block.text:
                out += self.prose(block.text)
            items = [self.rich(b) for b in block.bullets] + [
                f"<strong>{e(t.term)}:</strong> {self.rich(t.text)}" for t in block.terms]
            if items:
                out += ["<ul>", *[f"<li>{i}</li>" for i in items], "</ul>"]
        return out

    def table(self, rows: list[tuple[str, str]], caption: str) -> list[str]:
        """Labels and values, each label the header of its row."""
        return [f'<table><caption class="vh">{e(caption)}</caption>',
                *[f'<tr><th scope="row">{e(k)}</th><td>{v}</td></tr>' for k, v in rows],
                "</table>"]

    # -- chapters ---------------------------------------------------------------------------

    def partnership(self) -> list[str]:
        """About the partnership: its background sections."""
        part = self.spec.partnership
        if part is None:
            return []
        out = [self.heading(f"About the {part.name}", 0)]
        for section in part.sections:
            out += [self.heading(section.title, 1), *self.blocks(section.body)]
        return out

    def about_campaign(self) -> list[str]:
        """The overview, aims, summary, how to get involved and the rule about the graphics."""
        info = self.spec.campaign
        ov = info.overview
        rows = [("Campaign dates", e(day_range(info.starts, info.ends)))]
        if ov:
            rows += [("Format", e(ov.format)), ("Subject matter", e(ov.subject)),
                     ("Target audience", e(ov.audience))]
        out = [self.heading("About the campaign", 0), self.heading("Campaign overview", 1),
               *self.table(rows, "The campaign at a glance")]
        if ov is None:
            return out
        out += [self.heading("Aims", 1), "<ul>",
                *[f"<li>{self.rich(a)}</li>" for a in ov.aims], "</ul>"]
        if ov.summary:
            out += [self.heading("Summary", 1), *self.blocks(ov.summary)]
        out += [self.heading("Get involved", 1), *self.blocks(ov.get_involved)]
        if ov.integrity:
            out.append(f'<div class="panel"><p class="callout">{self.rich(ov.integrity)}</p>'
                       "</div>")
        return out

    def posts(self) -> list[str]:
        """The posting schedule, then each post: its graphic, alt text and caption."""
        ov = self.spec.campaign.overview
        out = [self.heading("Social posts", 0),
               "<p>Each graphic and its caption are approved together. Post them as they are, "
               "with the alt text in the platform's image description field. Every size of "
               "every graphic is in your bundle, beside its caption and alt text.</p>"]
        if ov and ov.integrity:
            out.append(f'<div class="panel"><p class="callout">{self.rich(ov.integrity)}</p>'
                       "</div>")
        out += [self.heading("Posting schedule", 1), "<table>",
                '<caption class="vh">When to post each graphic</caption>',
                '<tr><th scope="col">Post</th><th scope="col">Title</th>'
                '<th scope="col">Suggested posting</th></tr>']
        for n, post in enumerate(self.spec.posts, 1):
            when = (f"{day(post.schedule.date())} at {post.schedule:%H:%M}" if post.schedule
                    else "Any time during the campaign")
            out.append(f"<tr><td>{n}</td><td>{e(post.title or post.heading or post.id)}</td>"
                       f"<td>{e(when)}</td></tr>")
        out.append("</table>")
        for n, post in enumerate(self.spec.posts, 1):
            lang = self.campaign.language_of(post)
            lang = "" if lang == self.spec.campaign.language else lang
            langs = f' lang="{e(lang)}" dir="{direction(lang)}"' if lang else ""
            own = langs if post.callout is not None else ""  # its own callout, in its language
            callout = [f"<p{own}>{self.rich(p)}</p>"
                       for p in paragraphs(self.campaign.callout_of(post))]
            out.append(self.heading(f"Post {n}: {post.title or post.heading or post.id}", 1))
            if post.schedule:
                out.append(f'<p class="meta">Suggested posting: {e(day(post.schedule.date()))}'
                           f" at {post.schedule:%H:%M}</p>")
            out += [f'<figure><img src="{_data_uri(self.graphics[post.id])}" '
                    f'alt="{e(post.alt)}"{langs}>',
                    f"<figcaption>The graphic for post {n}</figcaption></figure>",
                    '<p class="label">Help callout on the graphic</p>',
                    *callout,
                    '<p class="label">Alt text</p>', *self.prose(post.alt, lang=lang),
                    '<p class="label">Caption</p>', '<div class="panel">',
                    *self.prose(post.caption, lang=lang), "</div>"]
        return out

    def resources(self) -> list[str]:
        """Support services, local then national."""
        if not self.spec.resources:
            return []
        out = [self.heading("Resources", 0)]
        for scope, title in (("local", "Local services"), ("national", "National services")):
            group = [r for r in self.spec.resources if r.scope == scope]
            if group:
                out.append(self.heading(title, 1))
                for r in group:
                    out += self.resource(r)
        return out

    def resource(self, r: Resource) -> list[str]:
        """A service: what it offers, phones with hours, emails, links and notes."""
        out = [self.heading(r.name, 2)]
        if r.summary:
            out += self.prose(r.summary)
        rows = []
        for c in contacts(self.spec, r):  # the rules, shared with the PDF
            if c.label == "Phone":
                value = self.link(c.href, c.lines[0]) + e(c.note)
            elif c.label == "Hours":
                value = "<br>".join(e(h) for h in c.lines)
            elif c.to_follow:
                value = e(c.lines[0]) + " <em>(address to follow)</em>"
            else:
                value = self.link(c.href, c.lines[0])
            rows.append((c.label, value))
        if rows:
            out += self.table(rows, f"How to reach {r.name}")
        out += [f'<p class="meta">{self.rich(note)}</p>' for note in r.notes]
        return out

    def events(self) -> list[str]:
        """Each event: when, host, where, what, how to book, and its booking QR code."""
        if not self.spec.events:
            return []
        out = [self.heading("Events", 0)]
        for event in self.spec.events:
            out += [self.heading(event.title, 1), *self.event(event)]
        return out

    def event(self, ev: Event) -> list[str]:
        """The event's details and its booking link, with a QR code when it has an address."""
        when = day_range(ev.date, ev.end_date)
        if ev.start:
            when += f", {ev.start:%H:%M}" + (f"–{ev.end:%H:%M}" if ev.end else "")
        rows = [("When", e(when)), ("Host", e(ev.host))]
        if ev.where:
            rows.append(("Where", e(ev.where)))
        out = [*self.table(rows, f"{ev.title}: when and where"), *self.prose(ev.description)]
        link = self.spec.links[ev.booking] if ev.booking else None
        if link is not None:
            shown = (self.link(link.url, display_url(link.url)) if link.url
                     else e(link.title))
            out.append(f"<p><strong>{e(ev.booking_text)}:</strong> {shown}</p>")
            if link.url:
                label = f"QR code: scan to open {display_url(link.url)}"
                out.append(f'<div class="qr">{qr_svg(link.url, label)}'
                           "<p>Scan to book</p></div>")
        return out

    # -- the page ---------------------------------------------------------------------------

    def page(self) -> bytes:
        """The whole file."""
        spec = self.spec
        info = spec.campaign
        body = [*self.partnership(), *self.about_campaign(), *self.posts(), *self.resources(),
                *self.events()]
        style = ":root{" + ";".join(f"--{k}:{v}" for k, v in palette(self.campaign).items()) \
            + "}" + STYLE
        csp = (f"default-src 'none'; img-src data:; style-src {csp_hash(style)}; "
               "base-uri 'none'; form-action 'none'")
        title = f"{info.title}: {info.subtitle}" if info.subtitle else info.title
        orgs = [spec.organisations[o] for o in dict.fromkeys(spec.brand.logos)]
        logos = [f'<li><img src="{_data_uri(self.campaign.file(o.logo).read_bytes(), o.logo)}"'
                 f' alt="{e(o.name)}"></li>' for o in orgs if o.logo]
        toc = ['<nav aria-labelledby="contents">', '<h2 id="contents">Contents</h2>', "<ol>"]
        chapters: list[tuple[str, str, list[str]]] = []
        for lvl, words, ident in self.toc:
            if lvl == 0 or not chapters:
                chapters.append((words, ident, []))
            else:
                chapters[-1][2].append(f'<li><a href="#{ident}">{e(words)}</a></li>')
        for words, ident, sections in chapters:
            inner = f"<ol>{''.join(sections)}</ol>" if sections else ""
            toc.append(f'<li><a href="#{ident}">{e(words)}</a>{inner}</li>')
        toc += ["</ol>", "</nav>"]
        out = [
            *head(info.language, title, csp, style),
            '<a class="skip" href="#main">Skip to the contents</a>',
            '<header class="cover"><div>',
            f"<p><strong>{e(info.area)}</strong></p>" if info.area else "",
            f"<h1>{e(info.title)}</h1>",
            *[f'<p class="sub" lang="{e(lang)}" dir="{direction(lang)}">{e(title)}</p>'
              for lang, title in info.titles.items()],
            f'<p class="sub">{e(info.subtitle)}</p>' if info.subtitle else "",
            f"<p><strong>{e(short_range(info.starts, info.ends))}</strong></p>",
            f"<p>{e(info.organiser)}</p>",
            f'<ul class="logos" aria-label="Partners">{"".join(logos)}</ul>' if logos else "",
            "</div></header>",
            '<main id="main">', *toc, *body, "</main>",
            f"<footer><p>{e(title)}. {e(spec.pack.author or info.organiser)}.</p></footer>",
            "</body>", "</html>"]
        return ("\n".join(line for line in out if line) + "\n").encode()


def page(campaign: Campaign, graphics: Mapping[str, bytes]) -> bytes:
    """The HTML edition of a campaign's pack (`graphics`: post id -> its PNG at the pack's
    size)."""
    return Edition(campaign, graphics).page()
