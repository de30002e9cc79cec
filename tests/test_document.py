"""The pack's document plan (`plan.document`): plain values, planned once from the campaign,
which both editions draw. These tests read the plan itself; tests/test_editions.py checks that
the PDF and the HTML edition both follow it."""

from __future__ import annotations

from pathlib import Path

import pytest

from packpack.plan import document, pack
from packpack.plan.document import Bullets, Facts, Graphic, Heading, Labelled, Panel, Section
from packpack.plan.pack import paragraphs
from packpack.spec import loader

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
        assert graphic == Graphic(post.id, pack.graphic_size(campaign), post.alt, "",
                                  f"The graphic for post {n}")
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
