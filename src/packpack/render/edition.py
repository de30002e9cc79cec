"""The stakeholder pack as one accessible HTML file: the HTML edition, which GOV.UK asks
public bodies to publish first.

Drawn from the same plan as the PDF (`plan.document`: cover, contents, the partnership, the
campaign, the posts with their graphics, alt text and captions, the resources, the events
with their QR codes), so in the same order and words; this module only says how each block
looks in HTML. One file: the graphics and logos are inside
it as data, the QR codes drawn in SVG; it loads nothing from the network and runs no script,
which its Content-Security-Policy tells the browser; everything from the spec is escaped.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from pathlib import Path

from packpack.core import markup, paths
from packpack.core.colour import contrast
from packpack.core.outputs import BuildContext, Output, key
from packpack.core.scripts import is_rtl
from packpack.core.webpage import csp_hash, e, head, lang_attributes
from packpack.plan import document, pack
from packpack.plan.pack import Row
from packpack.render.pdf.outputs import inputs
from packpack.render.qr.matrix import matrix
from packpack.render.qr.writers import runs
from packpack.spec.model import Campaign

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
th,td{text-align:start;vertical-align:top;padding:.4rem .6rem;border-bottom:1px solid #C8C2D0}
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
    path = "".join(f"M{x} {y}h{w}v1h-{w}z" for x, y, w in runs(modules))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" role="img" '
            f'aria-label="{e(label)}" shape-rendering="crispEdges">'
            f'<rect width="{n}" height="{n}" fill="#FFF"/>'
            f'<path fill="#000" d="{path}"/></svg>')


class Edition:
    """The HTML edition drawn from the pack's plan (`plan.document`): what each block looks
    like in HTML."""

    def __init__(self, campaign: Campaign, graphics: Mapping[str, bytes]):
        self.campaign, self.spec, self.graphics = campaign, campaign.spec, graphics
        self.plan = document.plan(campaign)

    # -- words ----------------------------------------------------------------------------

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

    def para(self, p: document.Para) -> str:
        """A paragraph, marked with its language where it has one."""
        cls = {"note": "meta", "callout": "callout"}.get(p.role)
        attrs = (f' class="{cls}"' if cls else "") + (lang_attributes(p.lang) or _dir(p.source))
        return f"<p{attrs}>{self.rich(p.source)}</p>"

    def value(self, row: Row) -> str:
        """A table row's value: its link (and what a phone's label adds), or its lines."""
        if row.href:
            return self.link(row.href, row.lines[0]) + e(row.note)
        if row.to_follow:
            return e(row.lines[0]) + " <em>(address to follow)</em>"
        return "<br>".join(e(line) for line in row.lines)

    # -- blocks -----------------------------------------------------------------------------

    def heading(self, h: document.Heading) -> str:
        """h2 for a chapter, h3 for a section, h4 for a service (h1 is the pack's title)."""
        return f'<h{h.level + 2} id="{e(h.key)}">{e(h.text)}</h{h.level + 2}>'

    def block(self, b: document.Block) -> list[str]:
        """One block of the plan as lines of HTML."""
        if isinstance(b, document.Section):
            return [self.heading(b.heading), *[line for x in b.blocks for line in self.block(x)]]
        if isinstance(b, document.Para):
            return [self.para(b)]
        if isinstance(b, document.Words):
            return [f'<p class="meta">{e(b.text)}</p>' if b.role == "meta"
                    else f"<p>{e(b.text)}</p>"]
        if isinstance(b, document.Bullets):
            items = [(_dir(i.source), (f"<strong>{e(i.term)}:</strong> " if i.term else "")
                      + self.rich(i.source)) for i in b.items]
            return ["<ul>", *[f"<li{d}>{i}</li>" for d, i in items], "</ul>"]
        if isinstance(b, document.Facts):
            return [f'<table><caption class="vh">{e(b.caption)}</caption>',
                    *[f'<tr><th scope="row">{e(r.label)}</th>'
                      f'<td{"" if r.href else _dir(*r.lines)}>{self.value(r)}</td></tr>'
                      for r in b.rows], "</table>"]
        if isinstance(b, document.Table):
            return ["<table>", f'<caption class="vh">{e(b.caption)}</caption>',
                    "<tr>" + "".join(f'<th scope="col">{e(h)}</th>' for h in b.head) + "</tr>",
                    *["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>"
                      for row in b.rows], "</table>"]
        if isinstance(b, document.Graphic):
            return [f'<figure><img src="{_data_uri(self.graphics[b.post])}" '
                    f'alt="{e(b.alt)}"{lang_attributes(b.lang)}>',
                    f"<figcaption>{e(b.caption)}</figcaption></figure>"]
        if isinstance(b, document.Labelled):
            return [f'<p class="label">{e(b.label)}</p>',
                    *[line for x in b.blocks for line in self.block(x)]]
        if isinstance(b, document.Panel):
            return ['<div class="panel">', *[self.para(p) for p in b.paras], "</div>"]
        if isinstance(b, document.LinkLine):
            shown = self.link(b.href, b.shown) if b.href else e(b.shown)
            return [f"<p><strong>{e(b.lead)}:</strong> {shown}</p>"]
        if isinstance(b, document.Code):
            return [f'<div class="qr">{qr_svg(b.url, b.alt)}<p>{e(b.label)}</p></div>']
        raise TypeError(f"no HTML for {type(b).__name__}")

    def contents(self) -> list[str]:
        """The contents: each chapter, with its sections nested under it."""
        heading = self.plan.contents
        toc = [f'<nav aria-labelledby="{e(heading.key)}">',
               f'<h2 id="{e(heading.key)}">{e(heading.text)}</h2>', "<ol>"]
        chapters: list[tuple[document.Heading, list[str]]] = []
        for h in self.plan.headings():
            if not h.contents:
                continue
            if h.level == 0 or not chapters:
                chapters.append((h, []))
            else:
                chapters[-1][1].append(f'<li><a href="#{e(h.key)}">{e(h.text)}</a></li>')
        for h, sections in chapters:
            inner = f"<ol>{''.join(sections)}</ol>" if sections else ""
            toc.append(f'<li><a href="#{e(h.key)}">{e(h.text)}</a>{inner}</li>')
        return [*toc, "</ol>", "</nav>"]

    def cover(self) -> list[str]:
        """The cover: titles, dates, organiser and the partners' logos."""
        c = self.plan.cover
        logos = [f'<li><img src="{_data_uri(Path(logo.file).read_bytes(), logo.file)}"'
                 f' alt="{e(logo.name)}"></li>' for logo in c.logos]
        return [
            '<header class="cover"><div>',
            f"<p><strong>{e(c.area)}</strong></p>" if c.area else "",
            f"<h1>{e(c.title.text)}</h1>",
            *[f'<p class="sub"{lang_attributes(lang)}>{e(title)}</p>' for lang, title in c.titles],
            f'<p class="sub">{e(c.subtitle)}</p>' if c.subtitle else "",
            f"<p><strong>{e(c.dates)}</strong></p>",
            f"<p>{e(c.organiser)}</p>",
            f'<ul class="logos" aria-label="Partners">{"".join(logos)}</ul>' if logos else "",
            "</div></header>"]

    # -- the page ---------------------------------------------------------------------------

    def page(self) -> bytes:
        """The whole file."""
        doc = self.plan
        body = [line for chapter in doc.chapters for line in self.block(chapter)]
        style = ":root{" + ";".join(f"--{k}:{v}" for k, v in palette(self.campaign).items()) \
            + "}" + STYLE
        csp = (f"default-src 'none'; img-src data:; style-src {csp_hash(style)}; "
               "base-uri 'none'; form-action 'none'")
        out = [
            *head(doc.language, doc.title, csp, style),
            '<a class="skip" href="#main">Skip to the contents</a>',
            *self.cover(),
            '<main id="main">', *self.contents(), *body, "</main>",
            f"<footer><p>{e(doc.title)}. {e(doc.author)}.</p></footer>",
            "</body>", "</html>"]
        return ("\n".join(line for line in out if line) + "\n").encode()


def _dir(*texts: str) -> str:
    """The attribute that sets text written right to left (Urdu in an English pack) from
    the right, or ''."""
    return ' dir="rtl"' if any(is_rtl(t) for t in texts) else ""


def page(campaign: Campaign, graphics: Mapping[str, bytes]) -> bytes:
    """The HTML edition of a campaign's pack (`graphics`: post id -> its PNG at the pack's
    size)."""
    return Edition(campaign, graphics).page()
