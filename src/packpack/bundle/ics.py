"""The bundle's `schedule.ics`: one event per scheduled post and one per campaign event (its
time, place and booking link), importable into Outlook and Google.

Every event has a UID that stays the same from one build to the next (post or event id,
partner, campaign), a DTSTAMP from the build's moment and a SEQUENCE that grows with it
(`sequence`), so a reissued calendar updates what a partner imported.

The time zone is described the way Outlook reads it: a STANDARD and a DAYLIGHT observance,
each with a yearly RRULE (e.g. the last Sunday of March). Outlook ignores RDATE lists, which is
what generic generators write, and would then shift every summer-time post by an hour. Zones
whose changes follow no yearly rule fall back to icalendar's own description.

The file is written directly, line by line, exactly as icalendar 7 would write it (the same
property order, escaping and folding): importing icalendar and building its objects cost more
than the rest of a bundle's text. icalendar still writes the rare calendars this module does
not describe itself: zones without a yearly rule, and zones at UTC+0 all year (which
icalendar writes in UTC, by its own table of equivalent zones).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from packpack import __version__
from packpack.core.errors import RenderError

if TYPE_CHECKING:
    import icalendar

    from packpack.bundle.contents import Contents, PostEntry

EVENT_MINUTES = 15  # how long a posting reminder lasts in the calendar
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Change:
    """One clock change: the local time it happens (before it), offsets and the new name."""

    wall: dt.datetime  # naive local time, in the offset before the change
    before: dt.timedelta
    after: dt.timedelta
    name: str
    dst: bool  # summer time after the change

    @property
    def rule(self) -> tuple[int, int, int, dt.time]:
        """(month, weekday, nth, time): nth is 1-4, or -1 for the month's last such weekday."""
        w = self.wall
        last = w.day + 7 > calendar.monthrange(w.year, w.month)[1]
        return (w.month, w.weekday(), -1 if last else (w.day - 1) // 7 + 1, w.time())


def changes(zone: dt.tzinfo, year: int) -> list[Change]:
    """The clock changes of a zone in one year, found day by day, then to the second."""

    def offset(second: int) -> dt.timedelta | None:
        return dt.datetime.fromtimestamp(second, zone).utcoffset()

    out = []
    day = 86_400
    t = int(dt.datetime(year, 1, 1, tzinfo=dt.UTC).timestamp())
    end = int(dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC).timestamp())
    while t < end:
        a, b = offset(t), offset(t + day)
        if a != b and a is not None and b is not None:
            lo, hi = t, t + day  # the offset is `a` at lo and `b` at hi
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (mid, hi) if offset(mid) == a else (lo, mid)
            after = dt.datetime.fromtimestamp(hi, zone)
            wall = dt.datetime.fromtimestamp(hi, dt.UTC).replace(tzinfo=None) + a
            out.append(Change(wall=wall, before=a, after=b, name=after.tzname() or "",
                              dst=bool(after.dst())))
        t += day
    return out


@dataclass(frozen=True)
class Observance:
    """A STANDARD or DAYLIGHT part of a VTIMEZONE, as plain values."""

    dst: bool  # DAYLIGHT (summer time) or STANDARD
    start: dt.datetime  # naive local time of its first onset
    before: dt.timedelta  # TZOFFSETFROM
    after: dt.timedelta  # TZOFFSETTO
    name: str  # TZNAME
    rule: tuple[int, int, int] | None  # (month, weekday, nth) of its yearly onset; None: once


@functools.lru_cache(maxsize=16)
def observances(tzid: str, first_year: int, last_year: int) -> tuple[Observance, ...] | None:
    """A VTIMEZONE's parts for `tzid` from `first_year` to `last_year`, in Outlook's style: a
    DAYLIGHT and a STANDARD part with yearly rules, or one STANDARD part for a zone whose
    clocks never change; None when the changes follow no yearly rule."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(tzid)
    per_year = [changes(zone, y) for y in range(first_year, last_year + 1)]
    if not any(per_year):
        moment = dt.datetime(first_year, 1, 1, 12, tzinfo=zone)
        offset = moment.utcoffset()
        assert offset is not None
        return (Observance(dst=False, start=dt.datetime(1970, 1, 1), before=offset,
                           after=offset, name=moment.tzname() or tzid, rule=None),)
    shapes = {tuple((c.rule, c.before, c.after, c.dst) for c in year) for year in per_year}
    if len(shapes) != 1 or len(per_year[0]) != 2:
        return None
    return tuple(Observance(dst=c.dst, start=c.wall, before=c.before, after=c.after,
                            name=c.name, rule=c.rule[:3])
                 for c in sorted(per_year[0], key=lambda c: not c.dst))


@functools.lru_cache(maxsize=16)
def vtimezone(tzid: str, first_year: int, last_year: int) -> icalendar.Timezone:
    """A VTIMEZONE for `tzid` valid from `first_year` to `last_year`, as an icalendar object:
    `observances`, or icalendar's own description where they follow no yearly rule."""
    import icalendar

    parts = observances(tzid, first_year, last_year)
    if parts is None:
        return icalendar.Timezone.from_tzid(tzid, first_date=dt.date(first_year, 1, 1),
                                            last_date=dt.date(last_year + 1, 1, 1))
    tz = icalendar.Timezone()
    tz.add("tzid", tzid)
    for p in parts:
        part = icalendar.TimezoneDaylight() if p.dst else icalendar.TimezoneStandard()
        part.add("dtstart", p.start)
        if p.rule:
            month, weekday, nth = p.rule
            part.add("rrule", {"freq": "yearly", "bymonth": month,
                               "byday": f"{nth}{DAYS[weekday]}"})
        part.add("tzoffsetfrom", p.before)
        part.add("tzoffsetto", p.after)
        part.add("tzname", p.name)
        tz.add_component(part)
    return tz


_PLAIN_TZID = re.compile(r"[A-Za-z0-9/_+-]+")  # needs no quoting as a TZID parameter


@dataclass(frozen=True)
class Happening:
    """One of the campaign's events as the calendar holds it, as plain values."""

    uid: str
    summary: str
    start: dt.date | dt.datetime  # a date: all day; a datetime: wall time in the zone
    end: dt.date | dt.datetime | None  # all day: the day after the last; None: no end time
    location: str
    description: str
    url: str | None


def happenings(c: Contents) -> list[Happening]:
    """The campaign's events (`events:`), with their times, places and booking links."""
    spec = c.campaign.spec
    out = []
    for event in spec.events:
        last = event.end_date or event.date
        start: dt.date | dt.datetime
        end: dt.date | dt.datetime | None
        if event.start is None:
            start, end = event.date, last + dt.timedelta(days=1)
        else:
            start = dt.datetime.combine(event.date, event.start)
            end = dt.datetime.combine(last, event.end) if event.end else None
            if end is not None and end <= start:
                end = None  # (check reports an end before the start)
        link = spec.links.get(event.booking) if event.booking else None
        url = link.url if link else None
        words = [c.campaign.plain(event.description)] if event.description else []
        words.append(f"Hosted by {event.host}.")
        if link is not None:
            words.append(f"{event.booking_text}: {url}" if url else
                         f"{event.booking_text}: {link.title or event.booking} (the address "
                         "is not known yet)")
        out.append(Happening(uid=f"event-{event.id}.{c.partner.id}.{c.campaign.id}@packpack",
                             summary=event.title, start=start, end=end,
                             location=event.where, description="\n\n".join(words), url=url))
    return out


SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def sequence(c: Contents) -> int:
    """Every event's SEQUENCE: the minutes from 2020 to the build's moment (SOURCE_DATE_EPOCH,
    else the campaign's first day). A calendar reissued with a later SOURCE_DATE_EPOCH (for
    example the time of the spec's last commit) has a larger one, so calendar programs
    replace what a partner imported; the same inputs always give the same number."""
    return max(0, int((c.moment - SEQUENCE_EPOCH).total_seconds()) // 60)


def _span(c: Contents) -> tuple[list[PostEntry], list[Happening], tuple[int, int]]:
    """A calendar's scheduled posts, its events, and the first and last years they and the
    campaign touch (its time zone's rules are written for those, a year either side)."""
    info = c.campaign.spec.campaign
    posts = [p for p in c.posts if p.schedule is not None]
    events = happenings(c)
    years = [info.starts.year, info.ends.year] + [p.schedule.year for p in posts
                                                   if p.schedule is not None]
    years += [e.start.year for e in events]
    return posts, events, (min(years), max(years))


def schedule_ics(c: Contents) -> bytes:
    """The posting schedule and the campaign's events, in the campaign's time zone."""
    info = c.campaign.spec.campaign
    _zone(info.timezone)
    posts, events, (first, last) = _span(c)
    parts = observances(info.timezone, first - 1, last + 1)
    tzid = info.timezone
    name = calendar_name(c)
    if (parts is None or not _PLAIN_TZID.fullmatch(tzid)
            or (len(parts) == 1 and not parts[0].after)):  # icalendar may write it in UTC
        return _schedule_ics_icalendar(c)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0",
             f"PRODID:{_text(f'-//packpack//packpack {__version__}//EN')}",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{name}", f"X-WR-TIMEZONE:{tzid}",
             "BEGIN:VTIMEZONE", f"TZID:{_text(tzid)}"]
    for part in parts:
        kind = "DAYLIGHT" if part.dst else "STANDARD"
        lines += [f"BEGIN:{kind}", f"DTSTART:{_time(part.start)}"]
        if part.rule:
            month, weekday, nth = part.rule
            lines.append(f"RRULE:FREQ=YEARLY;BYDAY={nth}{DAYS[weekday]};BYMONTH={month}")
        lines += [f"TZNAME:{_text(part.name)}", f"TZOFFSETFROM:{_offset(part.before)}",
                  f"TZOFFSETTO:{_offset(part.after)}", f"END:{kind}"]
    lines.append("END:VTIMEZONE")
    dtstamp = _time(c.moment) + "Z"
    seq = sequence(c)
    for post in posts:
        assert post.schedule is not None
        start = post.schedule.replace(tzinfo=None)  # wall time in the zone
        lines += [
            "BEGIN:VEVENT",
            f"SUMMARY:{_text(f'Post: {post.title} (folder {post.id})')}",
            f"DTSTART;TZID={tzid}:{_time(start)}",
            f"DTEND;TZID={tzid}:{_time(start + dt.timedelta(minutes=EVENT_MINUTES))}",
            f"DTSTAMP:{dtstamp}",
            f"UID:{_text(f'{post.id}.{c.partner.id}.{c.campaign.id}@packpack')}",
            f"SEQUENCE:{seq}",
            f"DESCRIPTION:{_text(post.caption)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    for e in events:
        lines += ["BEGIN:VEVENT", f"SUMMARY:{_text(e.summary)}", *_when(e, tzid),
                  f"DTSTAMP:{dtstamp}", f"UID:{_text(e.uid)}", f"SEQUENCE:{seq}",
                  f"DESCRIPTION:{_text(e.description)}"]
        if e.location:
            lines.append(f"LOCATION:{_text(e.location)}")
        if e.url:
            lines.append(f"URL:{e.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) + b"\r\n" for line in lines)


def _when(e: Happening, tzid: str) -> list[str]:
    """An event's DTSTART and DTEND lines: dates for a whole day, else wall times."""
    if not isinstance(e.start, dt.datetime):
        assert e.end is not None
        return [f"DTSTART;VALUE=DATE:{e.start:%Y%m%d}", f"DTEND;VALUE=DATE:{e.end:%Y%m%d}"]
    out = [f"DTSTART;TZID={tzid}:{_time(e.start)}"]
    if isinstance(e.end, dt.datetime):
        out.append(f"DTEND;TZID={tzid}:{_time(e.end)}")
    return out


def calendar_name(c: Contents) -> str:
    """The calendar's name, on one line: an X- property's value is written as it is, so a
    line break in the title or the partner's name (a label, never meant as two lines)
    becomes a space."""
    info = c.campaign.spec.campaign
    return " ".join(f"{info.title}: posting schedule ({c.partner.name})".split())


def _zone(tzid: str) -> dt.tzinfo:
    """The campaign's time zone, or a RenderError naming the field."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(tzid)
    except (ZoneInfoNotFoundError, ValueError):
        raise RenderError(f"campaign.timezone: {tzid!r} is not a known time zone; use "
                          "an IANA name such as Europe/London") from None


def _text(value: str) -> str:
    """An iCalendar TEXT value, escaped (RFC 5545 3.3.11) as icalendar escapes it, but for
    one thing: icalendar first turns a backslash and N (`\\N`, a line break in iCalendar's
    own escaping) into a line break, so a caption that holds those two characters would
    lose them; here every backslash is escaped and survives."""
    return (value.replace("\\", "\\\\").replace(";", "\\;")
            .replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
            .replace("\r", "\\n"))


def _time(moment: dt.datetime) -> str:
    """A DATE-TIME value without its zone: 20250422T100000."""
    return (f"{moment.year:04}{moment.month:02}{moment.day:02}"
            f"T{moment.hour:02}{moment.minute:02}{moment.second:02}")


def _offset(offset: dt.timedelta) -> str:
    """A UTC-OFFSET value: +0100, -0330, or +HHMMSS when it has seconds."""
    sign = "-" if offset < dt.timedelta(0) else "+"
    seconds = abs(int(offset.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02}{minutes:02}" + (f"{seconds:02}" if seconds else "")


def fold(line: str) -> bytes:
    """A content line in UTF-8, folded as icalendar folds it: at most 74 octets a line, never
    inside a character, and never just after a backslash or caret (kept with what follows)."""
    data = line.encode()
    if len(data) <= 74:
        return data
    out = []
    start = 0
    while len(data) - start > 74:
        end = start + 74
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to the character
            end -= 1
        if data[end - 1] in b"\\^":
            end -= 1
        out.append(data[start:end])
        start = end
    out.append(data[start:])
    return b"\r\n ".join(out)


def _schedule_ics_icalendar(c: Contents) -> bytes:
    """`schedule_ics` written by icalendar, for the zones `observances` leaves to it."""
    import icalendar

    info = c.campaign.spec.campaign
    zone = _zone(info.timezone)
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//packpack//packpack {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar_name(c))
    cal.add("x-wr-timezone", info.timezone)
    posts, events, (first, last) = _span(c)
    cal.add_component(vtimezone(info.timezone, first - 1, last + 1))
    seq = sequence(c)
    text = _escaped_text()
    for post in posts:
        assert post.schedule is not None
        start = post.schedule.replace(tzinfo=zone)
        event = icalendar.Event()
        event.add("uid", f"{post.id}.{c.partner.id}.{c.campaign.id}@packpack")
        event.add("dtstamp", c.moment)
        event.add("sequence", seq)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=EVENT_MINUTES))
        event.add("summary", text(f"Post: {post.title} (folder {post.id})"))
        event.add("description", text(post.caption))
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    for e in events:
        event = icalendar.Event()
        event.add("uid", e.uid)
        event.add("dtstamp", c.moment)
        event.add("sequence", seq)
        if isinstance(e.start, dt.datetime):
            event.add("dtstart", e.start.replace(tzinfo=zone))
            if isinstance(e.end, dt.datetime):
                event.add("dtend", e.end.replace(tzinfo=zone))
        else:
            event.add("dtstart", e.start)
            event.add("dtend", e.end)
        event.add("summary", text(e.summary))
        event.add("description", text(e.description))
        if e.location:
            event.add("location", text(e.location))
        if e.url:
            event.add("url", icalendar.vUri(e.url))
        cal.add_component(event)
    return cal.to_ical()


@functools.cache
def _escaped_text() -> type:
    """icalendar's TEXT value, escaped by `_text` (so that a backslash and N survive)."""
    import icalendar

    class Text(icalendar.vText):
        def to_ical(self) -> bytes:
            return _text(str(self)).encode()

    return Text
