"""Lints: mistakes a valid spec can still hold, found before the public sees them.

`lint(campaign)` runs every lint and returns its findings as `Problem`s, each naming the
file, line, column and field, what is wrong and how to fix it. A finding is an "error" where
an output would be broken (it stops `build`), a "warning" where something is probably wrong
(fatal under `--strict`), or a "note": what `check` tells the designer once about what the
partners get (a caption sent as a thread), never fatal and not repeated by `build`.
Every lint is a plain function of the campaign, so tests can run each one alone.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from packpack.core import dates, markup, paths
from packpack.core.errors import Problem
from packpack.plan import posting
from packpack.spec.model import Campaign, Check, Post, Ref, walk
from packpack.spec.platforms import PLATFORMS

EVENT_DAYS_BEFORE = 30  # an event this long before the campaign starts is probably a wrong year
EVENT_DAYS_AFTER = 365  # ... and this long after it ends
NOT_TEXT = {Check.SLUG, Check.URL, Check.COLOUR, Check.FONT, Check.IMAGE, Check.PHONE,
            Check.EMAIL, Check.PLATFORMS, Check.TIMEZONE, Check.LANGUAGE}
WEEKDAYS = [d.lower() for d in dates.WEEKDAYS]
MONTHS = [m.lower() for m in dates.MONTHS]
_DAY = r"(?P<day>\d{1,2})(?P<suffix>st|nd|rd|th)?"
_WEEKDAY = r"(?P<weekday>(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?)\.?"
_MONTH = r"(?P<month>(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*)\.?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
WRITTEN_DATE = re.compile(
    rf"\b{_WEEKDAY},?\s+(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}\b"
    rf"|\b{_WEEKDAY.replace('weekday', 'weekday2')},?\s+{_MONTH.replace('month', 'month2')}"
    rf"\s+{_DAY.replace('day', 'day2').replace('suffix', 'suffix2')}"
    rf"{_YEAR.replace('year', 'year2')}\b",
    re.IGNORECASE)
ORDINAL = re.compile(r"\b(?P<day>\d{1,2})(?P<suffix>st|nd|rd|th)\b", re.IGNORECASE)
HASHTAG = re.compile(r"(?<![\w&#])#[^\W\d_]\w*")
WORD = re.compile(r"[\w']+")


def lint(campaign: Campaign, cache: bool = True, layout: bool = True) -> list[Problem]:
    """Every finding of every lint, in file order, layout findings included unless `layout`
    is False (a build leaves those to the graphics it draws, which refuse the same way).

    The findings depend only on the spec's bytes, the files it names and packpack itself,
    so they are kept in the build cache and a rebuild after no edit skips the work.
    """
    key = _lint_key(campaign, layout) if cache else ""
    kept = _lint_cache(campaign, key) if key else None
    if kept is not None:
        try:
            return [Problem(**p) for p in json.loads(kept.read_text())]
        except (OSError, ValueError, TypeError):
            pass
    found = [p for each in LINTS for p in each(campaign)]
    if layout:
        from packpack.check.legibility import findings

        found += findings(campaign)
    found = sorted(set(found), key=lambda p: (p.file, p.line, p.col, p.field, p.message))
    if kept is not None:
        with contextlib.suppress(OSError):
            kept.parent.mkdir(parents=True, exist_ok=True)
            olds = sorted(kept.parent.glob("*.json"), key=lambda f: f.stat().st_mtime)
            for old in olds[:-3]:
                old.unlink(missing_ok=True)  # only the latest findings are worth keeping
            from packpack.core.cache import write_whole

            write_whole(kept, json.dumps([dataclasses.asdict(p) for p in found]).encode())
    return found


def _lint_key(campaign: Campaign, layout: bool) -> str:
    """What the findings depend on: packpack, the spec's bytes and path, the files it names."""
    from packpack.core.cache import fingerprint

    h = hashlib.sha256(f"{fingerprint()}\n{campaign.sha256}\n{campaign.path}\n{layout}".encode())
    for name in campaign.named_files():
        try:
            st = campaign.file(name).stat()
        except OSError:
            return ""
        h.update(f"\n{name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


def _lint_cache(campaign: Campaign, key: str) -> Path:
    from packpack.core.cache import FOLDER

    return campaign.root / FOLDER / "lint" / f"{key}.json"


def errors(found: list[Problem]) -> list[Problem]:
    """The findings that stop a build."""
    return [p for p in found if p.severity == "error"]


def notes(found: list[Problem]) -> list[Problem]:
    """The findings that only inform (`check` shows them; a build leaves them out)."""
    return [p for p in found if p.severity == "note"]


def _at(campaign: Campaign, path: str, message: str, severity: str = "warning") -> Problem:
    line, col = campaign.where(path)
    return Problem(str(campaign.path), line, col, path, message, severity)


def _at_text(campaign: Campaign, path: str, snippet: str, message: str) -> Problem:
    """A finding about words inside a field, placed at the line and column where they stand.

    Long prose spans lines; the words are looked for in the field's own lines (those indented
    under its first), falling back to the field's position.
    """
    line, col = campaign.where(path)
    try:
        lines = campaign.path.read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        lines = []
    if 0 < line <= len(lines):
        first = lines[line - 1]
        indent = len(first) - len(first.lstrip(" -"))
        block = [line]
        for n in range(line + 1, len(lines) + 1):
            here = lines[n - 1]
            if here.strip() and len(here) - len(here.lstrip(" ")) < indent:
                break
            block.append(n)
        words = snippet.split()
        for cut in range(len(words), 0, -1):
            part = " ".join(words[:cut])
            for n in block:
                start = col - 1 if n == line else 0
                found = lines[n - 1].find(part, start)
                if found >= 0:
                    return Problem(str(campaign.path), n, found + 1, path, message, "warning")
    return Problem(str(campaign.path), line, col, path, message, "warning")


def _texts(campaign: Campaign) -> Iterator[tuple[str, Check | None, str]]:
    """(path, check, value) of every string in the spec a person wrote as words."""

    def walk(obj: Any, path: str, check: Check | Ref | None
             ) -> Iterator[tuple[str, Check | None, str]]:
        if isinstance(obj, str):
            if check not in NOT_TEXT and not isinstance(check, Ref):
                yield path, check, obj
        elif isinstance(obj, list):
            for i, item in enumerate(obj):
                yield from walk(item, f"{path}[{i}]", check)
        elif isinstance(obj, dict):
            for key, item in obj.items():
                yield from walk(item, f"{path}.{key}", None)
        elif dataclasses.is_dataclass(obj):
            for fl in dataclasses.fields(obj):
                sub = f"{path}.{fl.name}" if path else fl.name
                yield from walk(getattr(obj, fl.name), sub, fl.metadata.get("check"))

    yield from walk(campaign.spec, "", None)


def _plain_runs(source: str) -> str:
    """The words of prose a reader sees typed out: text, bold and link labels, not references."""
    return " ".join(r.text or r.label for r in markup.parse(source))


# ---------------------------------------------------------------------------------------------
# references


def unknown_references(campaign: Campaign) -> list[Problem]:
    """{phone:ID} / {link:ID} in fields the loader does not treat as prose (e.g. alt text)."""
    s = campaign.spec
    found = []
    for path, check, value in _texts(campaign):
        if check is Check.PROSE:
            continue  # the loader has checked these
        for kind, ref in markup.references(value):
            known = s.phones if kind == "phone" else s.links
            if ref not in known:
                name = "phones" if kind == "phone" else "links"
                found.append(_at(campaign, path, f"{{{kind}:{ref}}} is not one of the {name} "
                                 f"in the spec; use one of: {', '.join(sorted(known))}",
                                 "error"))
    return found


# ---------------------------------------------------------------------------------------------
# captions and alt text


def _platforms_of(campaign: Campaign, post: Post) -> dict[str, tuple[list[str], list[str]]]:
    """Platform id → (sizes, partner ids) through which a post reaches that platform."""
    rendered = set(campaign.target_sizes)
    out: dict[str, tuple[list[str], list[str]]] = {}
    for partner in campaign.spec.partners:
        if partner.posts is not None and post.id not in partner.posts:
            continue  # (as `posts_for` chooses, by id: comparing whole posts is slow)
        for size_id in partner.sizes:
            if size_id not in rendered:
                continue
            for platform in campaign.sizes[size_id].platforms:
                sizes, partners = out.setdefault(platform, ([], []))
                if size_id not in sizes:
                    sizes.append(size_id)
                if partner.id not in partners:
                    partners.append(partner.id)
    return {k: out[k] for k in PLATFORMS if k in out}


def _of(name: str) -> str:
    """The possessive of a platform's name: X's, Threads'."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _reach(sizes: list[str], partners: list[str]) -> str:
    who = partners[0] if len(partners) == 1 else f"{len(partners)} partners"
    return f"size{'s' * (len(sizes) > 1)} {', '.join(sizes)}, for {who}"


UNITS = {"x-weighted": "weighted characters", "graphemes": "characters (graphemes)"}


def captions(campaign: Campaign) -> list[Problem]:
    """What each platform a post reaches gets: a thread where the caption is too long (a
    note, once per post and platform, counted with each partner's tagged links), a caption
    of a platform's own that is still too long, a word no thread can hold, too many
    hashtags; and own captions for platforms no partner posts the post to."""
    found = []
    partners = {p.id: p for p in campaign.spec.partners}
    for i, post in enumerate(campaign.spec.posts):
        reached = _platforms_of(campaign, post)
        for pid, (sizes, partner_ids) in reached.items():
            p = PLATFORMS[pid]
            source, own = posting.caption_source(post, pid)
            path = f"posts[{i}].captions.{pid}" if own else f"posts[{i}].caption"
            unit = UNITS.get(p.caption_count, "characters")
            counts: dict[int, list[str]] = {}
            longest = (0, "")
            for partner_id in partner_ids:
                text = campaign.plain(source, url=posting.social_url(campaign,
                                                                     partners[partner_id]))
                parts = posting.split(p, text)
                counts.setdefault(len(parts), []).append(partner_id)
                if (n_text := posting.length(p, text)) > longest[0]:
                    longest = (n_text, partner_id)
                over = [k for k, part in enumerate(parts, 1) if not posting.fits(p, part)]
                if over:
                    found.append(_at(campaign, path, f"part {over[0]} of its thread on "
                                     f"{p.name} is over the limit of {p.caption_limit:,} "
                                     f"{unit} however it is cut (a word or address too long "
                                     f"for one post, for {partner_id}); shorten it", "error"))
                    break
            most = max(counts)
            if most > 1:
                fewest = min(counts)
                n = f"{most}-part" if fewest == most else f"{fewest}- to {most}-part"
                n_long, who = longest
                tagged = " with its tagged links" if partners[who].tag_links else ""
                if n_long > p.caption_limit:
                    why = f"{n_long:,} {unit} for {who}{tagged}, over {p.caption_limit:,}"
                    fix = f"shorten it by {n_long - p.caption_limit:,}"
                else:
                    links = posting.link_count(campaign.plain(source))
                    why = f"{links} links, over {p.max_links}"
                    fix = f"remove {links - (p.max_links or 0)} links"
                if own:
                    found.append(_at(campaign, path, f"reaches {p.name} as a {n} thread "
                                     f"({_reach(sizes, partner_ids)}: {why}); {fix} for a "
                                     "single post"))
                else:
                    found.append(_at(campaign, path, f"reaches {p.name} as a {n} thread "
                                     f"({_reach(sizes, partner_ids)}: {why}); give "
                                     f"`captions.{pid}` for a single post", "note"))
            tags = len(HASHTAG.findall(campaign.plain(source)))
            if p.max_hashtags is not None and tags > p.max_hashtags:
                found.append(_at(campaign, path, f"{tags} hashtags, over {_of(p.name)} limit "
                                 f"of {p.max_hashtags} ({_reach(sizes, partner_ids)}); remove "
                                 f"{tags - p.max_hashtags}"))
        for pid in PLATFORMS:
            if posting.caption_source(post, pid)[1] and pid not in reached:
                found.append(_at(campaign, f"posts[{i}].captions.{pid}", f"no partner posts "
                                 f"{post.id} to {PLATFORMS[pid].name} (no partner's sizes "
                                 "reach it); remove it, or give a partner a size for it"))
    return found


def _words(source: str) -> list[str]:
    return WORD.findall(source.replace("’", "'").casefold())


def alt_text(campaign: Campaign) -> list[Problem]:
    """Alt text that is missing, too long, starts 'image of', or leaves out the graphic's words."""
    found = []
    from packpack.plan.compose import callout_text

    for i, post in enumerate(campaign.spec.posts):
        callout = callout_text(campaign, post)  # as the graphics show it
        path = f"posts[{i}].alt"
        alt = campaign.alt_text(post).strip()
        if not alt:
            found.append(_at(campaign, path, "empty; write every word on the graphic, and "
                             "what it shows, for people using screen readers", "error"))
            continue
        for pid, (sizes, partners) in _platforms_of(campaign, post).items():
            p = PLATFORMS[pid]
            if p.alt_limit is not None and len(alt) > p.alt_limit:
                found.append(_at(campaign, path, f"{len(alt):,} characters, over {_of(p.name)} "
                                 f"alt-text limit of {p.alt_limit:,} ({_reach(sizes, partners)}"
                                 f"); shorten it by {len(alt) - p.alt_limit:,}"))
        opening = re.match(r"(an? )?(image|picture|photo|graphic) of\b", alt, re.IGNORECASE)
        if opening:
            found.append(_at(campaign, path, f"starts with {opening[0]!r}; screen readers "
                             "already say it is an image, so start with what it shows"))
        have = set(_words(alt))
        shown = [*post.graphic_text, callout]
        missing = list(dict.fromkeys(w for line in shown for w in _words(line)
                                     if w not in have))
        if missing:
            listed = ", ".join(f"'{w}'" for w in missing[:8]) + (", ..." * (len(missing) > 8))
            found.append(_at(campaign, path, f"leaves out words that are on the graphic: "
                             f"{listed}; include every word of the graphic and its callout"))
    return found


# ---------------------------------------------------------------------------------------------
# dates


def _month(name: str) -> int | None:
    name = name.lower().rstrip(".")
    return next((n for n, m in enumerate(MONTHS, 1) if m.startswith(name[:3])
                 and (len(name) == 3 or m.startswith(name) or name == "sept")), None)


def _weekday(name: str) -> int:
    return next(n for n, w in enumerate(WEEKDAYS) if w.startswith(name.lower()[:3]))


def _suffix(day: int) -> str:
    return "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def weekdays(campaign: Campaign) -> list[Problem]:
    """A weekday written beside a date that falls on another day; a wrong ordinal ('22st')."""
    found = []
    default_year = campaign.spec.campaign.starts.year
    for path, _check, value in _texts(campaign):
        for m in ORDINAL.finditer(value):
            day, suffix = int(m["day"]), m["suffix"].lower()
            if suffix != _suffix(day):
                found.append(_at_text(campaign, path, m[0], f"{m[0]!r} has the wrong "
                                      f"ending; write '{day}{_suffix(day)}'"))
        for m in WRITTEN_DATE.finditer(value):
            g = {k.rstrip("2"): v for k, v in m.groupdict().items() if v}
            month = _month(g["month"])
            if month is None:
                continue
            year = int(g.get("year", default_year))
            written = " ".join(m[0].split())
            try:
                date = dt.date(year, month, int(g["day"]))
            except ValueError:
                found.append(_at_text(campaign, path, m[0], f"{written!r} is not a date; "
                                      "check the day and month"))
                continue
            if date.weekday() == _weekday(g["weekday"]):
                continue
            said = WEEKDAYS[_weekday(g["weekday"])].title()
            fix = f"correct the weekday to {date:%A}, or the date"
            for near in (default_year, default_year + 1, default_year - 1):
                try:
                    other = date.replace(year=near)
                except ValueError:
                    continue
                if near != year and other.weekday() == _weekday(g["weekday"]):
                    fix = f"{fix} (in {near} it is a {said}: is the year wrong?)"
                    break
            found.append(_at_text(campaign, path, m[0], f"{written!r}: {date.day} "
                                  f"{date:%B %Y} is a {date:%A}, not a {said}; {fix}"))
    return found


def dates(campaign: Campaign) -> list[Problem]:
    """Events far from the campaign (a wrong year?) and posting times outside it."""
    c = campaign.spec.campaign
    window = f"the campaign runs {c.starts} to {c.ends}"
    found = []
    for i, event in enumerate(campaign.spec.events):
        last = event.end_date or event.date
        if (c.starts - last).days > EVENT_DAYS_BEFORE:
            found.append(_at(campaign, f"events[{i}].date", f"{event.date} is "
                             f"{(c.starts - last).days} days before the campaign starts "
                             f"({window}); check the year"))
        elif (event.date - c.ends).days > EVENT_DAYS_AFTER:
            found.append(_at(campaign, f"events[{i}].date", f"{event.date} is "
                             f"{(event.date - c.ends).days} days after the campaign ends "
                             f"({window}); check the year"))
    for i, post in enumerate(campaign.spec.posts):
        if post.schedule and not c.starts <= post.schedule.date() <= c.ends:
            found.append(_at(campaign, f"posts[{i}].schedule", f"{post.schedule:%Y-%m-%d %H:%M}"
                             f" is outside the campaign ({window}); move it into those days"))
    return found


# ---------------------------------------------------------------------------------------------
# phones and links


DIGIT_RUN = re.compile(r"\d[\d\s()./\-]*\d")  # digits with what may separate a number's groups


def phones(campaign: Campaign) -> list[Problem]:
    """Numbers not in the standard format; numbers typed into prose instead of {phone:ID}."""
    found = []
    by_standard: dict[str, str] = {}
    for pid, phone in campaign.spec.phones.items():
        std = campaign.standard_phones.get(phone.number)
        if std is None:  # a campaign not made by the loader
            from packpack.spec.phones import standard

            std = standard(phone.number) or ""
        if not std:
            continue  # the loader reports invalid numbers
        by_standard.setdefault(std, pid)
        if std != phone.number:
            found.append(_at(campaign, f"phones.{pid}.number", f"{phone.number!r} is not in "
                             f"the standard format; write it as '{std}'"))
    for path, _check, value in _texts(campaign):
        if path.startswith("phones.") or path == "campaign.contact":
            continue  # (the contact is not prose: {phone:ID} is not written out there)
        words = _plain_runs(value)
        if not any(sum(ch.isdigit() for ch in m) >= 9 for m in DIGIT_RUN.findall(words)):
            continue  # no run of digits long enough for a number (phonenumbers is slow to load)
        import phonenumbers

        from packpack.spec.phones import standard

        for m in phonenumbers.PhoneNumberMatcher(words, "GB",
                                                 leniency=phonenumbers.Leniency.POSSIBLE):
            if sum(ch.isdigit() for ch in m.raw_string) < 9:
                continue  # '16-25', '2024', times: not phone numbers
            std = standard(m.raw_string)
            raw = m.raw_string
            if std is None:
                why = "looks like a phone number but is not a valid UK number; check the digits"
            elif std in by_standard:
                why = f"is typed out; write {{phone:{by_standard[std]}}} so the number is " \
                    "written once"
            else:
                why = f"is typed out; add it under phones (as '{std}') and write {{phone:ID}}"
            found.append(_at_text(campaign, path, raw, f"{raw!r} {why}"))
    return found


def _uses(campaign: Campaign) -> dict[str, dict[str, list[str]]]:
    """Where each link, phone and organisation is used: kind → id → paths."""
    uses: dict[str, dict[str, list[str]]] = {"links": {}, "phones": {}, "organisations": {}}

    for sub, fl, value in walk(campaign.spec):
        check = fl.metadata.get("check")
        many = isinstance(value, list)
        for j, item in enumerate(value if many else [value]):
            where = f"{sub}[{j}]" if many else sub
            if isinstance(check, Ref) and check.value in uses and item is not None:
                uses[check.value].setdefault(item, []).append(where)
            elif isinstance(item, str):
                for kind, ref in markup.references(item):
                    uses["phones" if kind == "phone" else "links"].setdefault(ref, []).append(
                        where)
    return uses


def links(campaign: Campaign) -> list[Problem]:
    """Links with no address, on http (an error unless the link says `http: true`), or one
    address under two ids."""
    found = []
    uses = _uses(campaign)["links"]
    seen: dict[str, str] = {}
    for lid, link in campaign.spec.links.items():
        path = f"links.{lid}"
        if link.missing or link.url is None:
            where = uses.get(lid, [])
            used = (f"used in {', '.join(where[:3])}" + (f" and {len(where) - 3} more"
                                                         * (len(where) > 3))
                    if where else "not used anywhere")
            found.append(_at(campaign, path, f"no address yet ({used}); add its url before "
                             "the pack goes out"))
            continue
        if link.url.lower().startswith("http://") and not link.http:
            found.append(_at(campaign, f"{path}.url", f"{link.url!r} is not secure; write "
                             f"'https://{link.url[7:]}' (check the site opens over https), or, "
                             f"if the site has no https, say so with links.{lid}.http: true",
                             "error"))
        parts = urlsplit(link.url)
        same = (parts.netloc.lower().removeprefix("www."), parts.path.rstrip("/"),
                parts.query, parts.fragment)
        key = repr(same)
        if key in seen:
            found.append(_at(campaign, f"{path}.url", f"the same address as links.{seen[key]}; "
                             f"use {{link:{seen[key]}}} and remove links.{lid}"))
        else:
            seen[key] = lid
    return found


def unused(campaign: Campaign) -> list[Problem]:
    """Links, phones and organisations defined and never used."""
    s = campaign.spec
    uses = _uses(campaign)
    found = []
    for kind, defined, how in (("links", s.links, "{link:ID} or [words](link:ID)"),
                               ("phones", s.phones, "{phone:ID}"),
                               ("organisations", s.organisations, "brand.logos or a post's "
                                                                   "logos")):
        for ident in defined:
            if ident not in uses[kind]:
                found.append(_at(campaign, f"{kind}.{ident}", f"defined but never used; use it "
                                 f"({how}) or remove it"))
    return found


def bundles(campaign: Campaign) -> list[Problem]:
    """What would make a broken bundle (errors): a partner's size that is not rendered, a
    partner with no sizes, a post named like a bundle's QR-code folder. The bundles' planner
    refuses by this same rule, so check and build cannot disagree."""
    rendered = campaign.target_sizes
    found = []
    for i, partner in enumerate(campaign.spec.partners):
        for j, size_id in enumerate(partner.sizes):
            if size_id not in rendered:
                found.append(_at(campaign, f"partners[{i}].sizes[{j}]", f"{size_id!r} is not "
                                 f"rendered (campaign.sizes leaves it out), so the bundle would "
                                 f"lack it; add it to campaign.sizes or remove it here",
                                 "error"))
        if not partner.sizes:
            found.append(_at(campaign, f"partners[{i}].sizes", f"{partner.id} receives no "
                             f"sizes, so its bundle would hold no graphics; give it one of "
                             f"{', '.join(rendered)}, or remove the partner", "error"))
    for i, post in enumerate(campaign.spec.posts):
        if post.id == paths.BUNDLE_QR:
            found.append(_at(campaign, f"posts[{i}].id", f"a post may not be called "
                             f"{paths.BUNDLE_QR!r} (each bundle's QR-code folder has that name); "
                             "rename the post", "error"))
    return found


def reach(campaign: Campaign) -> list[Problem]:
    """Posts no partner receives; partners who receive no posts."""
    s = campaign.spec
    found = []
    received: set[str] = set()
    for i, partner in enumerate(s.partners):
        posts = campaign.posts_for(partner)
        received |= {p.id for p in posts}
        if partner.sizes and not posts:
            found.append(_at(campaign, f"partners[{i}]", f"{partner.id} receives nothing "
                             "(no posts); give it posts, or remove it"))
    for i, post in enumerate(s.posts):
        if post.id not in received:
            found.append(_at(campaign, f"posts[{i}]", f"no partner receives {post.id}; add it "
                             "to a partner's posts, or remove it"))
    return found


def repeated(campaign: Campaign) -> list[Problem]:
    """An id listed twice in one list (a partner's sizes or posts, a logo strip, the
    campaign's sizes...): the build takes each once, so the second is a slip."""
    found = []
    for sub, fl, value in walk(campaign.spec):
        if not isinstance(fl.metadata.get("check"), Ref) or not isinstance(value, list):
            continue
        first: dict[str, int] = {}
        for j, item in enumerate(value):
            if item in first:
                found.append(_at(campaign, f"{sub}[{j}]", f"{item!r} is listed twice (first "
                                 f"as {sub}[{first[item]}]); remove this one"))
            first.setdefault(item, j)
    return found


CONTACT_EMAIL = re.compile(r"[^@\s]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
CONTACT_PHONE = re.compile(r"\+?\d[\d ()-]{4,}\d")


def contact(campaign: Campaign) -> list[Problem]:
    """Whom partners ask: every bundle's README and page name campaign.contact; without
    one (or without an email or phone number in it) a partner with a question is stuck."""
    given = campaign.spec.campaign.contact.strip()
    example = "e.g. 'Jo Bloggs, comms@example.org, 0191 000 0000'"
    if not given:
        return [_at(campaign, "campaign", "no contact for partners: add campaign.contact, a "
                    f"name with an email address or phone number ({example}); bundles name "
                    f"only the organiser until then")]
    if not CONTACT_EMAIL.search(given) and not CONTACT_PHONE.search(given):
        return [_at(campaign, "campaign.contact", f"{given!r} gives no email address or phone "
                    f"number; add one, so partners can reach a person ({example})")]
    return []


GRAPHIC_TEXT = re.compile(r"callout|posts\[\d+\]\.(heading|items\[\d+\]|closing|callout)")


def glyphs(campaign: Campaign) -> list[Problem]:
    """Characters that no font can draw: not the brand's (both weights) nor a shipped fallback
    (the PDFs fill the brand font's gaps from those; graphics are checked on their own)."""
    from packpack.core import fonts

    brand = campaign.spec.brand.fonts
    try:
        have = (fonts.cmap(campaign.file(brand.regular))
                & fonts.cmap(campaign.file(brand.bold)))
    except (OSError, ValueError):
        return []  # the loader reports a font it cannot read
    found = []
    for path, _, text in _texts(campaign):
        if GRAPHIC_TEXT.fullmatch(path):
            continue  # the graphics' legibility check names these, per size
        if text.isascii() and all(ord(c) in have for c in text if not c.isspace()):
            continue
        for char in fonts.undrawable(text, have):
            message = (f"{char!r} (U+{ord(char):04X}) cannot be drawn: neither the brand's "
                       "fonts nor packpack's fallbacks (Noto Sans, Symbola's emoji up to "
                       "Unicode 9) have it, so it would print as an empty box; write it "
                       "another way")
            found.append(dataclasses.replace(_at_text(campaign, path, char, message),
                                             severity="error"))
    return found


def pack_colours(campaign: Campaign) -> list[Problem]:
    """Pack colours the spec sets that its text would not read on (WCAG AA), before drawing."""
    from packpack.plan.palette import problems

    brand = campaign.spec.brand.colours
    return [_at(campaign, f"pack.colours.{role}", message, "error")
            for role, message in problems(brand, campaign.spec.pack.colours)]


LINTS: list[Callable[[Campaign], list[Problem]]] = [
    unknown_references, captions, alt_text, weekdays, dates, phones, links, unused, bundles,
    reach, repeated, contact, pack_colours, glyphs,
]
