"""The pack's document plan (`plan.document`): plain values, planned once from the campaign,
which both editions draw: the plan itself, then the PDF and the HTML edition read back
(pikepdf, pypdf, the HTML's own markup) as following it."""

from __future__ import annotations

import dataclasses
import html
import io
import re
from pathlib import Path

import pikepdf
import pypdf
import pytest

from packpack.build import pipeline
from packpack.core import paths
from packpack.plan import document, pack
from packpack.plan.document import Bullets, Code, Facts, Graphic, Heading, Labelled, Panel, Section
from packpack.plan.pack import paragraphs
from packpack.render import edition
from packpack.render.pdf import document as pdf_document
from packpack.spec import loader
from test_pack import element_text, marked_text, squash, structure

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def campaign():
    return loader.load(ROOT / "campaign.yaml")


@pytest.fixture(scope="module")
def plan(campaign):
    return document.plan(campaign)


def sections(blocks, kind=None):
    """Every section among `blocks` and inside them, in reading order."""
    out = []
    for b in blocks:
        if isinstance(b, Section):
            out += [b] if kind in (None, b.kind) else []
            out += sections(b.blocks, kind)
    return out


def test_the_plan_is_plain_values_made_the_same_every_time(campaign, plan):
    assert plan == document.plan(campaign)
    hash(plan)  # frozen all the way down: nothing a renderer could change


def test_the_seeds_chapters_and_sections_are_in_the_packs_order(campaign, plan):
    spec = campaign.spec
    assert [c.heading.text for c in plan.chapters] == [
        f"About the {spec.partnership.name}", "About the campaign", "Social posts",
        "Resources", "Events"]
    assert all(c.kind == "chapter" and c.heading.level == 0 for c in plan.chapters)
    about = [s.heading.text for s in plan.chapters[1].blocks if isinstance(s, Section)]
    assert about == ["Campaign overview", "Aims", "Summary", "Get involved"]
    posts = [s.heading.text for s in plan.chapters[2].blocks if isinstance(s, Section)]
    assert posts == ["Posting schedule", *[f"Post {n}: {p.title or p.heading or p.id}"
                                           for n, p in enumerate(spec.posts, 1)]]
    assert [s.heading.text for s in sections(plan.chapters, "event")] == [
        e.title for e in spec.events]
    assert plan.cover.title.text == spec.campaign.title
    assert [logo.name for logo in plan.cover.logos] == [
        o.name for o in dict.fromkeys(spec.organisations[i] for i in spec.brand.logos)
        if o.logo]


def test_headings_have_unique_anchors_and_the_contents_list_chapters_and_sections(plan):
    headings = plan.headings()
    assert headings[:2] == [plan.cover.title, plan.contents]
    keys = [h.key for h in headings]
    assert len(set(keys)) == len(keys) and all(k and " " not in k for k in keys)
    listed = [h for h in headings if h.contents]
    assert listed == [h for h in headings[2:] if h.level <= 1]
    assert plan.contents == Heading(0, "Contents", "contents")
    services = [s.heading for s in sections(plan.chapters, "service")]
    assert services and all(h.level == 2 and not h.contents for h in services)


def test_every_post_has_its_graphic_alt_text_callout_and_caption(campaign, plan):
    spec = campaign.spec
    posts = sections(plan.chapters, "post")
    assert len(posts) == len(spec.posts)
    for n, (section, post) in enumerate(zip(posts, spec.posts, strict=True), 1):
        (graphic,) = [b for b in section.blocks if isinstance(b, Graphic)]
        assert graphic == Graphic(post.id, pack.graphic_size(campaign), campaign.alt_text(post),
                                  "", f"The graphic for post {n}")
        assert "{" not in graphic.alt and "{" in post.alt  # words, not the spec's markup
        parts = {b.kind: b for b in section.blocks if isinstance(b, Labelled)}
        assert list(parts) == ["callout", "alt", "caption"]
        assert [p.source for p in parts["callout"].blocks] == paragraphs(
            campaign.callout_of(post))
        assert [p.source for p in parts["alt"].blocks] == paragraphs(post.alt)
        (panel,) = parts["caption"].blocks
        assert isinstance(panel, Panel) and panel.kind == "caption"
        assert [p.source for p in panel.paras] == paragraphs(post.caption)


def test_a_post_in_another_language_is_planned_in_it(campaign):
    urdu = loader.load(ROOT / "tests/campaigns/urdu/campaign.yaml")
    plan = document.plan(urdu)
    posts = sections(plan.chapters, "post")
    for section, lang in zip(posts, ("", "cy", "ur"), strict=True):  # English, Welsh, Urdu
        (graphic,) = [b for b in section.blocks if isinstance(b, Graphic)]
        alt, caption = [b for b in section.blocks if isinstance(b, Labelled)][1:]
        assert graphic.lang == lang
        assert {p.lang for p in alt.blocks} == {lang}
        assert {p.lang for p in caption.blocks[0].paras} == {lang}
    assert [s.heading.text for s in plan.chapters] == ["About the campaign", "Social posts"]


def test_every_service_has_its_contact_rows(campaign, plan):
    spec = campaign.spec
    services = sections(plan.chapters, "service")
    local = [r for r in spec.resources if r.scope == "local"]
    national = [r for r in spec.resources if r.scope == "national"]
    assert [s.heading.text for s in services] == [r.name for r in local + national]
    for section, resource in zip(services, local + national, strict=True):
        (facts,) = [b for b in section.blocks if isinstance(b, Facts)]
        assert facts.kind == "contacts" and facts.caption == f"How to reach {resource.name}"
        assert list(facts.rows) == pack.contacts(spec, resource)
        assert [b.source for b in section.blocks if getattr(b, "role", "") == "note"] == \
            resource.notes
        assert section.keep
    phones = [r for s in services for b in s.blocks if isinstance(b, Facts) for r in b.rows
              if r.label == "Phone"]
    assert phones and all(r.href.startswith("tel:") for r in phones)


def test_the_campaign_chapter_has_its_overview_aims_and_the_integrity_rule(campaign, plan):
    ov = campaign.spec.campaign.overview
    overview, aims, _, involved = [s for s in plan.chapters[1].blocks if isinstance(s, Section)]
    (facts,) = overview.blocks
    assert [r.label for r in facts.rows] == ["Campaign dates", "Format", "Subject matter",
                                              "Target audience"]
    assert facts.rows[1].lines == (ov.format,)
    (bullets,) = aims.blocks
    assert isinstance(bullets, Bullets) and not bullets.ends_passage
    assert [i.source for i in bullets.items] == ov.aims
    assert involved.keep and involved.blocks[-1] == Panel(
        (document.Para(ov.integrity, "callout"),), "callout")


# -- both editions follow the plan -------------------------------------------------------------


@pytest.fixture(scope="module")
def editions(campaign, tmp_path_factory):
    """The seed's graphics built once, and both editions drawn from them: (graphics, the
    screen PDF, the HTML edition)."""
    out = tmp_path_factory.mktemp("seed") / "dist"
    pipeline.build(campaign, out, jobs=2)
    size = pack.graphic_size(campaign)
    graphics = {p.id: (out / paths.graphic(p.id, size)).read_bytes()
                for p in campaign.spec.posts}
    return graphics, (out / f"{campaign.spec.pack.filename}.pdf").read_bytes(), \
        (out / paths.html_edition(campaign.spec.pack.filename)).read_bytes()


def figures_of(plan) -> list[str]:
    """What each figure of the plan says, in reading order: logos by their organisations'
    names, graphics and QR codes by their alt text."""
    out = [logo.name for logo in plan.cover.logos]

    def walk(blocks):
        for b in blocks:
            if isinstance(b, Section | Labelled):
                walk(b.blocks)
            elif isinstance(b, Graphic | Code):
                out.append(b.alt)

    walk(plan.chapters)
    return out


def pdf_reading(data: bytes) -> tuple[list[tuple[int, str]], list[str]]:
    """A tagged PDF's headings (level from 0, words) and figures (alt text, a logo's without
    'Logo: ') in the structure tree's order."""
    pdf = pikepdf.open(io.BytesIO(data))
    pages = {page.objgen: n for n, page in enumerate(pdf.pages)}
    texts = marked_text(pypdf.PdfReader(io.BytesIO(data)))
    headings, figures = [], []
    for _, e in structure(pdf):
        if re.fullmatch(r"/H\d", str(e.S)):
            headings.append((int(str(e.S)[2:]) - 1, squash(element_text(e, pages, texts))))
        elif e.S == "/Figure":
            figures.append(str(e.Alt).removeprefix("Logo: "))
    return headings, figures


def html_reading(data: bytes) -> tuple[list[tuple[int, str]], list[str]]:
    """A page's headings (level from 0: h1 and h2 are 0, h3 1, h4 2) and figures (img alt,
    an SVG's aria-label) in document order."""
    page = data.decode()
    headings = [(max(int(n) - 2, 0), squash(html.unescape(re.sub(r"<[^>]+>", "", words))))
                for n, words in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", page)]
    figures = [html.unescape(a or b) for a, b in re.findall(
        r'<img [^>]*?alt="([^"]*)"|<svg [^>]*?aria-label="([^"]*)"', page)]
    return headings, figures


def test_both_editions_have_the_plans_headings_and_figures_in_its_order(campaign, plan,
                                                                         editions):
    _, pdf, page = editions
    planned = [(min(h.level, 2), squash(h.text)) for h in plan.headings()]
    assert len(planned) > 20
    in_pdf, pdf_figures = pdf_reading(pdf)
    in_html, html_figures = html_reading(page)
    assert in_pdf == in_html == planned
    assert pdf_figures == html_figures == figures_of(plan)
    first = pdf_figures[len(plan.cover.logos)]  # read out as words: no markup, the numbers
    assert "{" not in first and "Durham Constabulary on 101 or 999" in first
    assert len(pdf_figures) == len(plan.cover.logos) + len(campaign.spec.posts) + sum(
        1 for e in campaign.spec.events if e.booking and campaign.spec.links[e.booking].url)


def test_a_section_added_to_the_plan_is_in_both_editions(campaign, plan, editions,
                                                         monkeypatch):
    graphics, _, _ = editions
    added = Section(Heading(0, "Glossary", "glossary", True), (
        Section(Heading(1, "Words we use", "words-we-use", True), (
            document.Para("Stalking is **fixated**, obsessive and unwanted."),
            Bullets((document.Item("repeated", "Pattern"),)),
            document.Words("Written once, drawn twice."))),), "chapter")
    more = dataclasses.replace(plan, chapters=(*plan.chapters, added))
    monkeypatch.setattr(document, "plan", lambda _campaign: more)
    pdf = pdf_document.render(campaign, "screen", graphics)
    page = edition.page(campaign, graphics)
    in_pdf, _ = pdf_reading(pdf)
    in_html, _ = html_reading(page)
    assert in_pdf[-2:] == in_html[-2:] == [(0, "Glossary"), (1, "Wordsweuse")]
    pdf_text = squash("".join(marked_text(pypdf.PdfReader(io.BytesIO(pdf))).values()))
    html_text = squash(html.unescape(re.sub(r"<[^>]+>", "", page.decode())))
    for words in ("Stalkingisfixated,obsessiveandunwanted.", "Pattern:repeated",
                  "Writtenonce,drawntwice."):
        assert words in html_text and words in pdf_text
