"""The bundle's `index.html`: one offline page that previews every graphic with its copy.

Everything it shows from the spec is HTML-escaped; it loads nothing from the network (a
Content-Security-Policy with hashes of its own style and script says so to the browser),
and refers only to files inside the bundle.
"""

from __future__ import annotations

import datetime as dt

from packpack.bundle.contents import Contents, PostEntry, contact, integrity, when
from packpack.core.colour import contrast
from packpack.core.dates import MONTHS
from packpack.core.webpage import csp_hash, e, head, isolated, lang_attributes
from packpack.spec.platforms import PLATFORMS

INK = "#1F1A24"
PAPER = "#FFFFFF"

STYLE = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,
sans-serif;color:var(--ink);background:#F6F4F8}
header{background:var(--brand);color:var(--on-brand);padding:1.5rem 1rem}
header>div,main,footer{max-width:70rem;margin:0 auto}
header h1{margin:0 0 .25rem;font-size:1.75rem;line-height:1.2}
header p{margin:.25rem 0}
main,footer{padding:0 1rem}
h2{font-size:1.35rem;margin:0 0 .25rem;line-height:1.25}
h3{font-size:1rem;margin:1rem 0 .5rem}
.notice{background:#FFF;border-left:.4rem solid var(--brand);padding:.75rem 1rem;margin:1.5rem 0;
font-weight:600}
section,article{background:#FFF;border:1px solid #D5CEDD;border-radius:.5rem;padding:1rem;
margin:1.5rem 0}
.when{color:#4A4356;margin:0 0 1rem}
.pictures{display:flex;flex-wrap:wrap;gap:1rem 1.25rem;align-items:flex-start}
figure{margin:0;max-width:100%;width:min-content;min-width:9rem}
figure a{display:block}
figure img{display:block;height:11rem;width:auto}
@media (max-width:40rem){figure{width:calc(50% - .625rem);min-width:0}
figure img{height:auto;width:100%;max-width:100%}}
figcaption{font-size:.875rem;color:#4A4356;margin-top:.35rem;overflow-wrap:anywhere}
.platform{border:0;border-top:1px solid #D5CEDD;border-radius:0;padding:0;margin:1rem 0 0}
.platform ol{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem;
padding-left:1.25rem}
.copy{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem}
.text{white-space:pre-wrap;overflow-wrap:anywhere;background:#F6F4F8;border:1px solid #D5CEDD;
border-radius:.35rem;padding:.75rem;margin:0 0 .5rem}
button{font:inherit;font-weight:600;background:var(--brand);color:var(--on-brand);border:0;
border-radius:.35rem;padding:.6rem 1rem;min-height:2.75rem;cursor:pointer}
button:hover{text-decoration:underline}
a{color:var(--link)}
a:focus-visible,button:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.codes{display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:1rem;
list-style:none;padding:0;margin:0}
.codes img{width:9rem;height:9rem;display:block}
.codes p{margin:.25rem 0;overflow-wrap:anywhere}
dt{font-weight:600}
dd{margin:0 0 .5rem}
footer{padding-bottom:4rem}
#status{position:fixed;left:50%;bottom:1rem;transform:translateX(-50%);margin:0;
background:var(--ink);color:#FFF;border-radius:.35rem;padding:.5rem 1rem}
#status:empty{display:none}
"""

SCRIPT = """
(function () {
  var status = document.getElementById("status"), timer;
  function say(message) {
    status.textContent = message;
    clearTimeout(timer);
    timer = setTimeout(function () { status.textContent = ""; }, 4000);
  }
  function fallback(text) {
    var area = document.createElement("textarea"), ok = false;
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-100rem";
    document.body.appendChild(area);
    area.select();
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) { return; }
    var text = document.getElementById(button.getAttribute("data-copy")).textContent;
    var what = button.getAttribute("data-what");
    function done(ok) {
      button.setAttribute("data-copied", ok ? "yes" : "no");
      say(ok ? what + " copied." : "Could not copy: select the text and copy it.");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { done(true); }, function () { done(fallback(text)); });
    } else {
      done(fallback(text));
    }
  });
})();
"""


def palette(brand: str, on_brand: str) -> dict[str, str]:
    """The page's colours: the brand's where they read well (AA, 4.5:1), dark ink otherwise."""
    if contrast(brand, on_brand) < 4.5:
        brand, on_brand = INK, PAPER
    link = brand if contrast(brand, PAPER) >= 4.5 else INK
    return {"brand": brand, "on-brand": on_brand, "ink": INK, "link": link,
            "focus": "#B35C00" if contrast("#B35C00", PAPER) >= 3 else INK}


def page(c: Contents) -> bytes:
    """The whole index.html for one partner's bundle."""
    out = [*_head(c), *_how_to_post(c)]
    for n, post in enumerate(c.posts, 1):
        out += _post(n, post, c.campaign.spec.campaign.timezone, c.campaign.spec.campaign.language)
    out += [*_codes(c), *_files(c)]
    return ("\n".join(line for line in out if line) + "\n").encode()


def _head(c: Contents) -> list[str]:
    """The document's head (its policy: nothing from the network), and the page's header."""
    info = c.campaign.spec.campaign
    colours = c.campaign.spec.brand.colours
    style = ":root{" + ";".join(f"--{k}:{v}" for k, v in
                                palette(colours.background, colours.text).items()) + "}" + STYLE
    csp = (f"default-src 'none'; img-src 'self'; style-src {csp_hash(style)}; "
           f"script-src {csp_hash(SCRIPT)}; base-uri 'none'; form-action 'none'")
    title = f"{info.title}: {c.partner.name}"
    return [
        *head(info.language, title, csp, style),
        "<header><div>",
        f"<h1>{e(info.title)}</h1>",
        *(f'<p{lang_attributes(tag)}><strong>{e(title)}</strong></p>'
          for tag, title in info.titles.items()),
        f"<p>{e(info.subtitle)}</p>" if info.subtitle else "",
        f"<p>Bundle for <strong>{e(c.partner.name)}</strong> from {e(info.organiser)}. "
        f"Campaign dates: {_day(info.starts)} to {_day(info.ends)}.</p>",
        "</div></header>",
    ]


def _how_to_post(c: Contents) -> list[str]:
    """The integrity notice and the steps to post."""
    info = c.campaign.spec.campaign
    return [
        "<main>",
        f'<p class="notice">{e(integrity(c))}</p>',
        "<section aria-labelledby=\"how\">",
        '<h2 id="how">How to post</h2>',
        "<ol>",
        "<li>Pick the graphic made for the platform you post to (each is named after its "
        "size; select one to open it full size).</li>",
        "<li>Copy the text for that platform and paste it, unchanged, as the post's text. "
        "Where a caption is too long for one post on a platform, it is cut into a numbered "
        "thread: post part 1 with the graphic, then each next part as a reply.</li>",
        "<li>Copy the alt text and add it as the image description.</li>",
        "<li>Post it on its date: <a href=\"schedule.ics\">schedule.ics</a> adds the dates to "
        "your calendar.</li>",
        "</ol>",
        (f"<p>The web addresses in your captions and QR codes carry tracking tags "
         f"(utm_source={e(c.partner.id)}) so {e(info.organiser)} can see how many people "
         "your posts brought in. Please keep them as they are.</p>") if c.tagged else "",
        "</section>",
    ]


def _post(n: int, post: PostEntry, timezone: str, language: str) -> list[str]:
    """One post: its graphics in every size, its caption and alt text with copy buttons."""
    pid, alt = e(post.id), e(post.alt)  # each used many times
    # the post's own words (caption, alt text) in their language; the page's words around them
    lang = lang_attributes(post.language, language)
    out = [
        f'<article id="post-{pid}" aria-labelledby="title-{pid}">',
        f'<h2 id="title-{pid}">{n}. {isolated(post.title)}</h2>',
        f'<p class="when">Post on {e(when(post.schedule))} ({e(timezone)} time). '
        f"Folder: <code>{pid}/</code></p>" if post.schedule else
        f'<p class="when">Post any time during the campaign. Folder: '
        f"<code>{pid}/</code></p>",
        '<div class="pictures">',
    ]
    for pic in post.pictures:
        name = e(pic.name)
        label = f"{pic.size} · {pic.width} × {pic.height}"
        goes = ", ".join(PLATFORMS[p].name for p in pic.platforms)
        out.append(
            f'<figure><a href="{name}"><img src="{name}"{lang} alt="{alt}" '
            f'width="{pic.width}" height="{pic.height}" loading="lazy"></a>'
            f"<figcaption><strong>{e(label)}</strong>"
            + (f"<br>{e(pic.label)}" if pic.label else "")
            + (f"<br>Post to: {e(goes)}" if goes else "") + "</figcaption></figure>")
    used = [t.platform for t in post.texts if post.whole(t)]
    out += [
        "</div>",
        '<div class="copy">',
        f'<div><h3 id="caption-h-{pid}">Caption</h3>'
        + (f"<p>For {e(_names(used))}.</p>" if used else
           "<p>The whole approved caption; post the text for each platform below.</p>")
        + f'<p class="text" id="caption-{pid}"{lang}>{e(post.caption)}</p>'
        f'<button type="button" data-copy="caption-{pid}" data-what="Caption" '
        f'aria-describedby="title-{pid}">Copy caption</button></div>',
        f'<div><h3 id="alt-h-{pid}">Alt text</h3>'
        f'<p class="text" id="alt-{pid}"{lang}>{alt}</p>'
        f'<button type="button" data-copy="alt-{pid}" data-what="Alt text" '
        f'aria-describedby="title-{pid}">Copy alt text</button></div>',
        "</div>",
        *_platform_texts(post, lang),
        "</article>",
    ]
    return out


def _names(platforms: list[str]) -> str:
    """Platforms' names in words: 'Instagram, Facebook and LinkedIn'."""
    names = [PLATFORMS[p].name for p in platforms]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _platform_texts(post: PostEntry, lang: str) -> list[str]:
    """The text of each platform that does not take the caption whole: its own caption, or
    a thread's parts, each with a copy button; and which graphic goes with it."""
    pid = e(post.id)
    out = []
    for t in post.texts:
        if post.whole(t):
            continue
        name = PLATFORMS[t.platform].name
        graphics = ", ".join(p.name.split("/", 1)[1] for p in post.pictures
                             if t.platform in p.platforms)
        key = f"{pid}-{e(t.platform)}"
        if t.thread:
            intro = (f"A thread of {len(t.parts)} posts (the caption is too long for one "
                     f"{name} post): post part 1 with {graphics}, then each part as a reply "
                     "to the one before.")
        else:
            intro = f"{name}'s own caption: post it with {graphics}."
        out += [f'<section class="platform" aria-labelledby="h-{key}">',
                f'<h3 id="h-{key}">{e(name)}</h3>', f"<p>{e(intro)}</p>", "<ol>"]
        for k, part in enumerate(t.parts, 1):
            what = f"{name} part {k} of {len(t.parts)}" if t.thread else f"{name} caption"
            out.append(
                f'<li><p class="text" id="text-{key}-{k}"{lang}>{e(part)}</p>'
                f'<button type="button" data-copy="text-{key}-{k}" data-what="{e(what)}" '
                f'aria-describedby="title-{pid} h-{key}">Copy '
                + (f"part {k}" if t.thread else "caption") + "</button></li>")
        out += ["</ol>", "</section>"]
    return out


def _codes(c: Contents) -> list[str]:
    """The QR codes, if the bundle has any."""
    if not c.codes:
        return []
    out = ['<section aria-labelledby="qr">', '<h2 id="qr">QR codes</h2>',
           "<p>For posters and print: the PNG suits Word and most tools, the SVG scales to "
           "any size.</p>", '<ul class="codes">']
    for code in c.codes:
        out.append(
            f'<li><img src="{e(code.svg)}" alt="QR code for {e(code.title)}: '
            f'{e(code.url)}" width="144" height="144">'
            f"<p><strong>{e(code.title)}</strong></p><p>{e(code.url)}</p>"
            f'<p><a href="{e(code.png)}">PNG</a> · <a href="{e(code.svg)}">SVG</a></p></li>')
    out += ["</ul>", "</section>"]
    return out


def _files(c: Contents) -> list[str]:
    """The bundle's other files, the footer and the script."""
    return [
        '<section aria-labelledby="files">',
        '<h2 id="files">Also in this folder</h2>',
        "<dl>",
        f'<dt><a href="{e(c.pdf_name)}">{e(c.pdf_name)}</a></dt>'
        "<dd>The stakeholder pack: background, aims and where to find support.</dd>",
        f'<dt><a href="{e(c.html_name)}">{e(c.html_name)}</a></dt>'
        "<dd>The same pack as one web page, to read in a browser or publish.</dd>",
        '<dt><a href="schedule.ics">schedule.ics</a></dt>'
        "<dd>The posting schedule" + (" and the campaign's events" if c.campaign.spec.events
                                      else "") + ", for Outlook or Google Calendar.</dd>",
        '<dt><a href="README.txt">README.txt</a></dt>'
        "<dd>What is in this bundle and how to check it has not been changed.</dd>",
        '<dt><a href="MANIFEST.sha256">MANIFEST.sha256</a></dt>'
        "<dd>A checksum of every file.</dd>",
        "</dl>",
        "</section>",
        "</main>",
        f"<footer><p>Questions? Contact {e(contact(c))}.</p></footer>",
        '<p id="status" role="status" aria-live="polite"></p>',
        f"<script>{SCRIPT}</script>",
        "</body>",
        "</html>",
    ]


def _day(d: dt.date) -> str:
    """A date in words, e.g. '22 April 2025'."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
