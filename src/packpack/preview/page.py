"""The preview page: every post in every size with its caption and alt text, the check's
findings (each linked to what it concerns), the pack, the QR codes and each partner's view,
drawn on the server as plain HTML so that it reads without JavaScript.

It keeps the bundle page's guarantees (`bundle.html`): everything from the spec is escaped,
nothing is loaded from the network, and a Content-Security-Policy with the hashes of its own
style and script says so to the browser. Its one script listens for the server's "changed"
events (same origin only) and reloads the page.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import quote

from packpack.bundle.contents import sizes_for, when
from packpack.bundle.html import INK, PAPER, palette
from packpack.core import paths
from packpack.core.errors import Problem
from packpack.core.webpage import csp_hash, e, head, isolated, lang_attributes
from packpack.plan.posting import partner_url, texts
from packpack.preview.view import Snapshot, View
from packpack.spec.model import Campaign, Link, Partner, Post
from packpack.spec.platforms import PLATFORMS

STYLE = """
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
color:var(--ink);background:#F6F4F8}
header{background:var(--brand);color:var(--on-brand);padding:1rem}
header>div,main{max-width:90rem;margin:0 auto}
header h1{margin:0;font-size:1.5rem;line-height:1.2}
header p{margin:.25rem 0 0}
nav ul{list-style:none;padding:0;margin:.5rem 0 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
header a{color:inherit}
main{padding:0 1rem 4rem}
h2{font-size:1.3rem;margin:0 0 .5rem;line-height:1.25}
h3{font-size:1rem;margin:1rem 0 .35rem}
section,article{background:#FFF;border:1px solid #D5CEDD;border-radius:.5rem;padding:1rem;
margin:1.25rem 0}
.errors{border:3px solid #B00020;background:#FFF5F6}
.errors h2{color:#B00020}
.failure{white-space:pre-wrap}
.status{font-weight:600}
.findings{padding-left:1.25rem;margin:0}
.findings li{margin:.35rem 0;overflow-wrap:anywhere}
.where{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9rem}
.error-tag{color:#B00020;font-weight:700}
.warning-tag{color:#7A4B00;font-weight:700}
.note-tag{color:#4A4356;font-weight:700}
details{margin:.35rem 0}
summary{cursor:pointer}
.parts{padding-left:1.5rem;margin:.35rem 0}
.parts li{margin:.35rem 0}
.pictures{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}
figure{margin:0;width:min-content;min-width:8rem}
figure img{display:block;height:14rem;width:auto;border:1px solid #D5CEDD}
figcaption{font-size:.85rem;color:#4A4356;margin-top:.25rem}
.copy{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem}
.text{white-space:pre-wrap;overflow-wrap:anywhere;background:#F6F4F8;border:1px solid #D5CEDD;
border-radius:.35rem;padding:.75rem;margin:0}
.meta{color:#4A4356;margin:0 0 .75rem}
.codes{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:1rem;
list-style:none;padding:0;margin:0}
.codes img{width:9rem;height:9rem;display:block}
.codes p,.partner p,.partner li{margin:.2rem 0;overflow-wrap:anywhere}
.sheet{max-width:100%;height:auto;border:1px solid #D5CEDD}
a{color:var(--link)}
a:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
:target{outline:3px solid var(--focus);outline-offset:3px}
"""

SCRIPT = """
(function () {
  var shown = document.documentElement.getAttribute("data-version");
  function check(version) {
    if (version && version !== shown) { shown = version; location.reload(); }
  }
  if (window.EventSource) {
    var events = new EventSource("/events"), root = document.documentElement;
    events.onmessage = function (event) { check(event.data); };
    events.onopen = function () { root.setAttribute("data-live", "yes"); };
    events.onerror = function () { root.setAttribute("data-live", "no"); };
  } else {
    setInterval(function () {
      var request = new XMLHttpRequest();
      request.onload = function () { check(request.responseText); };
      request.open("GET", "/version");
      request.send();
    }, 1000);
  }
})();
"""



def policy(style: str) -> str:
    """The page's Content-Security-Policy: its own style and script (by hash), images and
    the change events from this server, nothing else."""
    return (f"default-src 'none'; img-src 'self'; style-src {csp_hash(style)}; "
            f"script-src {csp_hash(SCRIPT)}; connect-src 'self'; base-uri 'none'; "
            "form-action 'none'")


class Page(NamedTuple):
    """The page's HTML, and the policy it declares (the server sends it as a header too)."""

    html: bytes
    policy: str


def page(view: View) -> Page:
    """The whole preview page for one moment of the preview."""
    good = view.good
    title = f"Preview: {good.campaign.spec.campaign.title}" if good else "packpack preview"
    colours = good.campaign.spec.brand.colours if good else None
    style = ":root{" + ";".join(f"--{k}:{v}" for k, v in (
        palette(colours.background, colours.text) if colours else palette(INK, PAPER)
    ).items()) + "}" + STYLE
    language = good.campaign.spec.campaign.language if good else "en"
    csp = policy(style)
    out = [
        *head(language, title, csp, style, f' data-version="{view.version}"'),
        *_header(view, title),
        "<main>",
        *_errors(view),
    ]
    if good is not None:
        c = good.campaign
        out += _findings("Findings", good.found, c, "findings")
        receivers: dict[str, list[Partner]] = {post.id: [] for post in c.spec.posts}
        for partner in c.spec.partners:
            for post in c.posts_for(partner):
                receivers[post.id].append(partner)
        for n, post in enumerate(c.spec.posts, 1):
            out += _post(n, post, good, receivers[post.id])
        out += [*_pack(good), *_codes(good)]
        out += ['<section id="partners" aria-labelledby="partners-h">',
                '<h2 id="partners-h">Partners</h2>',
                "<p>What each partner's bundle holds: its posts, in its sizes, with its "
                "addresses.</p>", "</section>"]
        for partner in c.spec.partners:
            out += _partner(partner, c)
    out += ["</main>", f"<script>{SCRIPT}</script>", "</body>", "</html>"]
    return Page(("\n".join(line for line in out if line) + "\n").encode(), csp)


def _header(view: View, title: str) -> list[str]:
    good = view.good
    if view.busy:
        status = view.busy
    elif view.errors or view.failure:
        status = "The spec has errors: the last good preview is shown below." if good else \
            "The spec has errors: nothing to show yet."
    elif good is not None:
        status = f"Up to date (built {good.built})." if good.complete else \
            f"Graphics up to date (built {good.built}); making the PDFs."
    else:
        status = "Starting."
    sections = [("findings", "Findings")] if good else []
    if good:
        sections += [(f"post-{p.id}", p.title or p.id) for p in good.campaign.spec.posts]
        sections += [("pack", "The pack"), ("qr", "QR codes"), ("partners", "Partners")]
    return [
        "<header><div>",
        f"<h1>{e(title)}</h1>",
        f'<p>{e(view.spec)}: <span class="status" id="status" role="status">{e(status)}'
        "</span> The page refreshes itself when you save the spec or a file it uses.</p>",
        ('<nav aria-label="On this page"><ul>'
         + "".join(f'<li><a href="#{e(anchor)}">{isolated(name)}</a></li>'
                 for anchor, name in sections)
         + "</ul></nav>") if sections else "",
        "</div></header>",
    ]


def _errors(view: View) -> list[str]:
    """The current spec's errors, at the top, until it is valid again."""
    if not view.errors and not view.failure:
        return []
    c = view.good.campaign if view.good else None
    out = ['<section class="errors" id="errors" aria-labelledby="errors-h" role="alert">']
    if view.errors:
        n = len(view.errors)
        out.append(f'<h2 id="errors-h">{n} error{"s" * (n != 1)} in the spec</h2>')
        out.append("<p>Nothing below changes until the spec is fixed: it shows the last "
                   "good preview.</p>" if view.good else
                   "<p>Fix the spec and save it: the preview appears here.</p>")
        out += _list(view.errors, c)
    if view.failure:
        if not view.errors:
            out.append('<h2 id="errors-h">The preview could not be built</h2>')
        out.append(f'<p class="failure">{e(view.failure)}</p>')
    out.append("</section>")
    return out


def _findings(title: str, found: list[Problem], c: Campaign, anchor: str) -> list[str]:
    """The lints' findings (warnings and notes, once the spec has no errors) with links to
    their posts; the heading counts each kind."""
    counted = " and ".join(f"{n} {kind}{'s' * (n != 1)}" for kind in ("warning", "note")
                           if (n := sum(1 for p in found if p.severity == kind))) or "none"
    out = [f'<section id="{anchor}" aria-labelledby="{anchor}-h">',
           f'<h2 id="{anchor}-h">{title}: {counted}</h2>']
    out += _list(found, c) if found else ["<p>packpack check finds nothing to mend.</p>"]
    out.append("</section>")
    return out


def _list(found: list[Problem], c: Campaign | None) -> list[str]:
    out = ['<ol class="findings">']
    for p in found:
        where = f"{p.file}:{p.line}:{p.col}" if p.line else p.file
        target = _anchor(p.field, c)
        field = (f'<a href="#{e(target)}">{e(p.field)}</a>' if target else e(p.field)) \
            if p.field else ""
        out.append(f'<li><span class="where">{e(where)}</span> {field}'
                   f'{": " if field else " "}{e(p.message)} '
                   f'<span class="{e(p.severity)}-tag">({e(p.severity)})</span></li>')
    out.append("</ol>")
    return out


FIELD = re.compile(r"^(posts|partners)\[(\d+)\](?:\.(\w+))?")


def _anchor(field: str, c: Campaign | None) -> str:
    """The id of the part of the page a finding's field concerns, or '' if none shows it."""
    if c is None:
        return ""
    if (m := FIELD.match(field)) is not None:
        items = c.spec.posts if m[1] == "posts" else c.spec.partners
        i = int(m[2])
        if i >= len(items):
            return ""
        if m[1] == "partners":
            return f"partner-{items[i].id}"
        part = {"caption": "caption", "alt": "alt"}.get(m[3] or "", "post")
        return f"{part}-{items[i].id}"
    if field.startswith("links."):
        link = field.split(".")[1].split("[")[0]
        found = c.spec.links.get(link)
        return f"qr-{link}" if found is not None and found.qr and found.url else ""
    if field.startswith(("pack", "partnership", "resources", "events", "campaign.overview")):
        return "pack"
    return ""


def _url(good: Snapshot, path: str) -> str:
    """A built file's address: its path, and its hash so that the browser fetches it again
    only when it changed."""
    return f"/out/{quote(path)}?v={good.files[path][1][:16]}"


def _post(n: int, post: Post, good: Snapshot, receivers: list[Partner]) -> list[str]:
    """One post: its graphics in every size, its words, and what goes on each platform
    (`receivers`: the partners whose bundles hold it)."""
    c = good.campaign
    pid = e(post.id)
    caption, alt = c.plain(post.caption), c.alt_text(post)
    language = c.language_of(post)
    lang = lang_attributes(language, c.spec.campaign.language)
    partners = [p.name for p in receivers]
    tz = c.spec.campaign.timezone
    timing = f"Post on {when(post.schedule)} ({tz} time)" if post.schedule else \
        "Post any time during the campaign"
    out = [
        f'<article id="post-{pid}" aria-labelledby="title-{pid}">',
        f'<h2 id="title-{pid}">{n}. {isolated(post.title or post.id)}</h2>',
        f'<p class="meta">{e(timing)}. Layout: {e(post.layout)}. For {len(partners)} '
        f"partner{'s' * (len(partners) != 1)}{': ' + e(', '.join(partners)) if partners else ''}"
        ".</p>",
        '<div class="pictures">',
    ]
    for size_id in c.target_sizes:
        size = c.sizes[size_id]
        path = paths.graphic(post.id, size_id)
        label = f"{size_id} · {size.width} × {size.height}"
        if path in good.files:
            picture = (f'<a href="{e(_url(good, path))}"><img src="{e(_url(good, path))}"'
                       f'{lang} alt="{e(alt)}" width="{size.width}" height="{size.height}">'
                       "</a>")
        else:
            picture = "<p>(not made)</p>"
        out.append(f'<figure id="graphic-{pid}-{e(size_id)}">{picture}'
                   f"<figcaption><strong>{e(label)}</strong>"
                   + (f"<br>{e(size.label)}" if size.label else "") + "</figcaption></figure>")
    out += [
        "</div>",
        '<div class="copy">',
        f'<div><h3>Caption</h3><p class="text" id="caption-{pid}"{lang}>{e(caption)}</p></div>',
        f'<div><h3>Alt text</h3><p class="text" id="alt-{pid}"{lang}>{e(alt)}</p></div>',
        "</div>",
        *_platforms(post, c, lang, receivers),
        "</article>",
    ]
    return out


def _platforms(post: Post, c: Campaign, lang: str, receivers: list[Partner]) -> list[str]:
    """What goes on each platform the post reaches (through any partner's sizes): one post,
    or a thread and its parts, as the bundles split it; addresses as written (a partner
    with tagged links posts the same words with its own addresses)."""
    reached = {name for partner in receivers for s in sizes_for(c, partner)
               for name in c.sizes[s].platforms}
    found = texts(c, post, sorted(reached))
    if not found:
        return []
    pid = e(post.id)
    out = [f'<div id="platforms-{pid}"><h3>On each platform</h3>',
           '<p class="meta">As the bundles split it, with the addresses as written. Partners '
           "whose links are tagged post the same words with longer addresses, which can make "
           "a thread one part longer.</p>"]
    for text in found:
        name = PLATFORMS[text.platform].name
        n = len(text.parts)
        own = f" (its own caption, <code>captions.{e(text.platform)}</code>)" if text.own else ""
        body = (f'<p class="text"{lang}>{e(text.parts[0])}</p>' if n == 1 else
                '<ol class="parts">' + "".join(f'<li><p class="text"{lang}>{e(part)}</p></li>'
                                               for part in text.parts) + "</ol>")
        out.append(f"<details><summary>{e(name)}: {text.words}{own}</summary>{body}</details>")
    out.append("</div>")
    return out


def _pack(good: Snapshot) -> list[str]:
    """The stakeholder pack's two editions and the contact sheet, once made."""
    c = good.campaign
    out = ['<section id="pack" aria-labelledby="pack-h">', '<h2 id="pack-h">The pack</h2>']
    made = [(variant, paths.pdf(c.spec.pack.filename, variant)) for variant in
            ("screen", "print")]
    if not good.complete:
        out.append("<p>The PDFs and the contact sheet are being made; this page refreshes "
                   "when they are ready.</p>")
    out.append("<ul>")
    for variant, path in made:
        what = "screen edition (links, bookmarks)" if variant == "screen" else \
            "print edition (A4, bleed and crop marks, CMYK)"
        if path in good.files:
            out.append(f'<li><a href="{e(_url(good, path))}">{e(path)}</a>: the {what}</li>')
        else:
            out.append(f"<li>{e(path)}: the {what} (being made)</li>")
    out.append("</ul>")
    if paths.CONTACT_SHEET in good.files:
        url = e(_url(good, paths.CONTACT_SHEET))
        out.append(f'<h3>Contact sheet</h3><p><a href="{url}"><img class="sheet" src="{url}" '
                   'alt="Every post in every size, labelled."></a></p>')
    out.append("</section>")
    return out


def _codes(good: Snapshot) -> list[str]:
    """The QR codes of the help and booking links."""
    c = good.campaign
    links = [(lid, link) for lid, link in c.spec.links.items() if link.qr and link.url]
    out = ['<section id="qr" aria-labelledby="qr-h">', '<h2 id="qr-h">QR codes</h2>']
    if not links:
        out.append("<p>No help or booking link has an address, so there are no QR codes.</p>")
    else:
        out.append('<ul class="codes">')
        for lid, link in links:
            svg, png = paths.qr(lid, "svg"), paths.qr(lid, "png")
            image = (f'<img src="{e(_url(good, svg))}" alt="QR code for {e(link.title or lid)}:'
                     f' {e(link.url)}" width="144" height="144">') if svg in good.files else ""
            files = " · ".join(f'<a href="{e(_url(good, p))}">{p.rsplit(".", 1)[1].upper()}</a>'
                               for p in (png, svg) if p in good.files)
            out.append(f'<li id="qr-{e(lid)}">{image}<p><strong>{e(link.title or lid)}</strong>'
                       f"</p><p>{e(link.url)}</p><p>{files}</p></li>")
        out.append("</ul>")
    out.append("</section>")
    return out


def _partner(partner: Partner, c: Campaign) -> list[str]:
    """What one partner gets: which posts, in which sizes, with which (tagged) addresses.

    (From the spec, by the rules `bundle.contents` applies, without its per-platform copy:
    the page is drawn after every edit, and that copy would cost more than the rest.)"""
    posts = c.posts_for(partner)
    out = [f'<section class="partner" id="partner-{e(partner.id)}" '
           f'aria-labelledby="partner-{e(partner.id)}-h">',
           f'<h2 id="partner-{e(partner.id)}-h">Partner: {e(partner.name)}</h2>',
           f"<p>Bundle <code>{e(paths.bundle(partner.id))}</code> · sizes: "
           f"{e(', '.join(sizes_for(c, partner))) or 'none'} · links "
           + ("tagged (utm_source=" + e(partner.id) + ")" if partner.tag_links
              else "as written") + "</p>",
           "<h3>Posts</h3>", "<ul>"]
    for post in posts:
        out.append(f'<li><a href="#post-{e(post.id)}">{isolated(post.title or post.id)}</a>'
                   + (f" ({e(when(post.schedule))})" if post.schedule else "") + "</li>")
    out.append("</ul>")
    addresses = _addresses(c, partner)
    if addresses:
        out += ["<h3>Addresses in its captions and QR codes</h3>", "<ul>"]
        out += [f"<li>{e(where)}: {e(url)}</li>" for where, url in addresses]
        out.append("</ul>")
    if not posts:
        out.append("<p>This partner receives no posts.</p>")
    out.append("</section>")
    return out


def _addresses(c: Campaign, partner: Partner) -> list[tuple[str, str]]:
    """Every address a partner posts, as they get it: (which link, and in what), the URL;
    tagged with utm_medium=social in captions and qr in QR codes, as the bundle tags them."""
    found: dict[tuple[str, str], str] = {}

    def social(link_id: str, link: Link) -> str:
        url = partner_url(c, partner, link, "social")
        found.setdefault((f"{link_id} (captions)", url), url)
        return url

    for post in c.posts_for(partner):
        c.plain(post.caption, url=social)
    for link_id, link in c.spec.links.items():
        if link.qr and link.url:
            url = partner_url(c, partner, link, "qr")
            found.setdefault((f"{link_id} (QR code)", url), url)
    return [(where, url) for (where, _), url in found.items()]
