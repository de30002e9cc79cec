"""Typographic care: no line breaks inside a date, a time, a phone number or between a number
and its unit (in the graphics and in the pack); paragraphs set to the width they have;
headings that do not end on a lone short word when another break exists."""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

import pytest

from packpack.core.nobreak import NBSP, together
from packpack.plan import compose, typeset
from packpack.spec import loader
from packpack.spec.model import Campaign

SEED = Path(__file__).resolve().parent.parent / "campaign.yaml"
BOLD = str(Path(__file__).resolve().parent.parent / "fonts/AtkinsonHyperlegible-Bold.ttf")
REGULAR = str(Path(__file__).resolve().parent.parent / "fonts/AtkinsonHyperlegible-Regular.ttf")


@pytest.fixture(scope="module")
def seed() -> Campaign:
    return loader.load(SEED)


def _seed_phrases(seed: Campaign) -> list[str]:
    """The seed's own dates, times and phone numbers, as the pack writes them."""
    from packpack.plan.pack import day, day_range, short_range

    info = seed.spec.campaign
    out = [day(info.starts), day_range(info.starts, info.ends),
           short_range(info.starts, info.ends)]
    out += [p.number for p in seed.spec.phones.values()]
    out += [f"{e.start:%H:%M} – {e.end:%H:%M}" for e in seed.spec.events if e.start and e.end]
    return [o.replace(NBSP, " ") for o in out]


def test_the_seeds_dates_times_and_numbers_are_held_together(seed):
    joined = {p: together(p).replace(NBSP, "~") for p in _seed_phrases(seed)}
    assert joined == {
        "Tuesday 22 April 2025": "Tuesday 22~April~2025",
        "Tuesday 22 April to Friday 25 April 2025": "Tuesday 22~April to Friday 25~April~2025",
        "22–25 April 2025": "22–25~April~2025",
        "101": "101", "999": "999", "18000": "18000",
        "0800 138 2020": "0800~138~2020", "0300 020 2525": "0300~020~2525",
        "0808 802 0300": "0808~802~0300", "020 3866 4107": "020~3866~4107",
        "01642 683045": "01642~683045", "0808 200 0247": "0808~200~0247",
        "01823 334244": "01823~334244", "0800 999 5428": "0800~999~5428",
        "0808 802 4040": "0808~802~4040", "0800 599 9247": "0800~599~9247",
        "12:00 – 13:00": "12:00~–~13:00", "10:00 – 13:00": "10:00~–~13:00"}
    hours = [h for p in seed.spec.phones.values() for h in ([p.hours] if p.hours else [])]
    assert "24 hours" in hours and together("24 hours") == f"24{NBSP}hours"
    assert together("Book by 27 November.") == f"Book by 27{NBSP}November."
    assert together("It takes 15 minutes, 9 am to 5 pm") == (
        f"It takes 15{NBSP}minutes, 9{NBSP}am to 5{NBSP}pm")
    assert together("50 % of victims") == f"50{NBSP}% of victims"
    # words that only look like one stay breakable
    assert together("you may 5 things") == "you may 5 things"
    assert together("In 2025 2 people") == "In 2025 2 people"


def test_a_graphic_never_breaks_a_date_or_a_phone_number(seed):
    post = dataclasses.replace(seed.spec.posts[3], heading="Book your place by 27 November",
                               closing="CALL 0300 020 2525")
    for size in seed.target_sizes:
        plan = compose.compose(seed, post, size)
        assert not plan.issues
        for block in plan.blocks:
            lines = [line.text for line in block.lines]
            for a, b in itertools.pairwise(lines):
                assert not (re.search(r"\d$", a) and re.match(r"[A-Z][a-z]+|\d", b)), lines


def test_the_pack_never_breaks_a_date(seed):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.platypus import Paragraph

    from packpack.plan.pack import day

    when = day(seed.spec.campaign.starts)
    text = f"Book your place by {when} at the library."
    style = ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=12)
    for cut in ("Book your place by Tuesday 22", "Book your place by Tuesday 22 April"):
        para = Paragraph(text, style)
        para.wrap(pdfmetrics.stringWidth(cut, "Helvetica", 10) + 1, 1000)
        lines = [" ".join(line[1]) for line in para.blPara.lines]
        assert not any(re.search(r"\b22$|April$", line) for line in lines), lines


def test_a_paragraph_runs_the_width_of_its_box():
    measure = typeset.measurer(REGULAR, 28)
    text = ("If you need help with this please call the helpline or visit the website at any "
            "time today ok")
    width = measure(text) / 2.15
    lines = typeset.wrap(text, width, measure, paragraph=True)
    assert lines is not None and len(lines) == 3
    assert all(measure(line) >= 0.9 * width for line in lines[:-1])  # not balanced to ~70 %
    assert " " in lines[-1]  # and still no lone last word


def test_a_heading_is_balanced_without_a_lone_short_last_word(seed):
    post = dataclasses.replace(seed.spec.posts[3], heading="Love shouldn’t be scary. It is.",
                               closing="")
    for size in seed.target_sizes:
        plan = compose.compose(seed, post, size)
        heading = next(b for b in plan.blocks if b.field == "heading")
        lines = [line.text for line in heading.lines]
        assert not typeset.widow(lines), (size, lines)
