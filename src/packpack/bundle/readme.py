"""A bundle's README.txt: what is inside, how to post it, how to check it, whom to contact."""

from __future__ import annotations

from packpack.bundle.contents import QR_DIR, Contents, contact, integrity, when


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
             *_inside(c), "", "", *_how_to_post(c), "", "", *_schedule(c)]
    lines += ["", "", "CHECKING THE FILES", "------------------", "",
              fill("MANIFEST.sha256 lists a checksum for every file. To check that nothing "
                   "was changed, open a terminal in this folder and run:"), "",
              "  Linux:    sha256sum -c MANIFEST.sha256",
              "  macOS:    shasum -a 256 -c MANIFEST.sha256",
              "  Windows:  Get-FileHash -Algorithm SHA256 <file>   (in PowerShell; compare",
              "            the hash with the file's line in MANIFEST.sha256)", "",
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
               + ", caption.txt, alt.txt") for p in c.posts]
    files += [(c.pdf_name, "The stakeholder pack, with the campaign's background, aims and "
                           "where to find support.")]
    if c.codes:
        files += [(f"{QR_DIR}/", "QR codes for the help and booking links, as PNG and SVG.")]
    files += [("schedule.ics", f"When to post each one ({info.timezone} time); import it into "
                               "Outlook or Google Calendar."),
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
        "Paste caption.txt, unchanged, as the post's text.",
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
