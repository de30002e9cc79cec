"""A bundle's README.txt: what is inside, how to post it, how to check it, whom to contact."""

from __future__ import annotations

from packpack.bundle.contents import QR_DIR, Contents, PostEntry, contact, integrity, when
from packpack.plan.posting import Text
from packpack.spec.platforms import PLATFORMS


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
             *_inside(c), "", "", *_how_to_post(c), "", "", *_where(c), "", "",
             *_schedule(c)]
    lines += ["", "", "CHECKING THE FILES", "------------------", "",
              fill("MANIFEST.sha256 lists a checksum for every file. To check that nothing "
                   "was changed, open a terminal in this folder and run:"), "",
              "  Linux:    sha256sum -c MANIFEST.sha256",
              "  macOS:    shasum -a 256 -c MANIFEST.sha256",
              "  Windows (PowerShell, in this folder):",
              "    Get-Content MANIFEST.sha256 | ForEach-Object { $h, $f = $_ -split '  ', 2;",
              "      if ((Get-FileHash -Algorithm SHA256 -LiteralPath $f).Hash -eq $h)",
              "      { \"${f}: OK\" } else { \"${f}: FAILED\" } }", "",
              fill("Every line should end in OK."), "", "",
              "CONTACT", "-------", "",
              fill(f"Questions about this campaign: {contact(c)}."), ""]
    return "\n".join(lines).encode()


def _inside(c: Contents) -> list[str]:
    """WHAT IS INSIDE: every file and folder of the bundle, and what it is for."""
    info = c.campaign.spec.campaign
    files = [("index.html", "Open this first: every graphic with its caption and alt text, "
                            "and buttons to copy them.")]
    files += [(f"{p.id}/", f"{p.title}: " + ", ".join(f"{q.size}.png" for q in p.pictures)
               + ", caption.txt, alt.txt" + "".join(
                   f", {name.split('/', 1)[1]}" for t in p.texts if not p.whole(t)
                   for name in p.files(t))) for p in c.posts]
    files += [(c.pdf_name, "The stakeholder pack, with the campaign's background, aims and "
                           "where to find support."),
              (c.html_name, "The same pack as one web page, to read in any browser or "
                            "publish on your website.")]
    if c.codes:
        files += [(f"{QR_DIR}/", "QR codes for the help and booking links, as PNG and SVG.")]
    files += [("schedule.ics", f"When to post each one ({info.timezone} time)"
                               + (", and the campaign's events with their times, places and "
                                  "booking links" if c.campaign.spec.events else "")
                               + "; import it into Outlook or Google Calendar (importing a "
                                 "newer one updates the events)."),
              ("posts.json", "What to post where, for scheduling tools: every post's "
                             "graphics, their platforms, alt text and the text to post, in "
                             "order (its format: posts.schema.json, a JSON Schema)."),
              ("posts.schema.json", "The JSON Schema of posts.json."),
              ("README.txt", "This file."),
              ("MANIFEST.sha256", "Checksums of every other file (see CHECKING THE FILES).")]
    lines = ["WHAT IS INSIDE", "--------------", ""]
    for name, what in files:
        lines += [f"  {name}", fill(what, "      ")]
    return lines


def _how_to_post(c: Contents) -> list[str]:
    """HOW TO POST: the steps, the integrity notice, the tracking tags and the sizes."""
    steps = [
        "Open the post's folder and pick the graphic made for the platform you post to "
        "(each file is named after its size; see the list below).",
        "Paste the text for that platform, unchanged, as the post's text (see WHAT TO POST "
        "WHERE: caption.txt, or the platform's own file). Where the text is too long for "
        "one post on a platform, it is cut into a numbered thread (caption-x-1.txt, "
        "caption-x-2.txt, ...): post part 1 with the graphic, then each next part as a "
        "reply to the one before.",
        "Add alt.txt as the image description (alt text), so people using screen readers "
        "get the words on the graphic.",
        "Post it on its date (see POSTING SCHEDULE, or import schedule.ics into your "
        "calendar).",
    ]
    lines = ["HOW TO POST", "-----------", ""]
    lines += [fill(step, "     ", f"  {i}. ") for i, step in enumerate(steps, 1)]
    lines += ["", fill(integrity(c))]
    if c.tagged:
        lines += ["", fill(
            f"The web addresses in your captions and QR codes end with tracking tags "
            f"(utm_source={c.partner.id}), so {c.campaign.spec.campaign.organiser} can see how "
            "many people your posts brought in. Please keep them as they are.")]
    lines += ["", "Sizes in this bundle:"]
    for size in c.sizes:
        s = c.campaign.sizes[size]
        lines.append(fill(f"{size}.png: {s.width} x {s.height} px"
                          + (f", {s.label}" if s.label else ""), "  "))
    return lines


def _where(c: Contents) -> list[str]:
    """WHAT TO POST WHERE: for every post and graphic, each platform's text files."""
    lines = ["WHAT TO POST WHERE", "------------------", "",
             fill("Each graphic with the text for its platform; every text is within the "
                  "platform's limit as the platform counts it, with your links as they are. "
                  "Add alt.txt as the image description wherever the graphic goes."), ""]
    for n, post in enumerate(c.posts, 1):
        lines.append(fill(f"{n}. {post.title} (folder {post.id}/)", "   ", ""))
        for pic in post.pictures:
            lines.append(fill(f"{pic.name}:", "     "))
            for pid in pic.platforms:
                lines.append(_platform_line(post, post.text(pid)))
        lines.append("")
    return lines[:-1]


def _platform_line(post: PostEntry, t: Text) -> str:
    """One platform's text for a graphic, in words."""
    names = [name.split("/", 1)[1] for name in post.files(t)]
    if t.thread:
        said = (f"{t.words}: {names[0]} with the graphic, then "
                + ", ".join(names[1:])
                + (" as a reply to it" if len(names) == 2 else " as replies, each to the one "
                   "before"))
    else:
        said = names[0] + (" (its own caption)" if t.own else "")
    return fill(f"{PLATFORMS[t.platform].name}: {said}", "         ", "       ")


def _schedule(c: Contents) -> list[str]:
    """POSTING SCHEDULE, then QR CODES if there are any."""
    lines = ["POSTING SCHEDULE", "----------------", ""]
    for p in c.posts:
        lines += [f"  {when(p.schedule) if p.schedule else 'Any time during the campaign'}",
                  fill(f"{p.title} (folder {p.id}/)", "      ")]
    if c.codes:
        lines += ["", "", "QR CODES", "--------", ""]
    for code in c.codes:
        lines += [f"  {code.png}, {code.svg}", fill(f"{code.title}: {code.url}", "      ")]
    return lines
