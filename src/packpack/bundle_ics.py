"""The bundle's `schedule.ics`: one event per scheduled post, importable into Outlook and Google.

The time zone is described the way Outlook reads it: a STANDARD and a DAYLIGHT observance,
each with a yearly RRULE (e.g. the last Sunday of March). Outlook ignores RDATE lists, which is
what generic generators write, and would then shift every summer-time post by an hour. Zones
whose changes follow no yearly rule fall back to icalendar's own description.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from packpack import __version__
from packpack.errors import RenderError

if TYPE_CHECKING:
    import icalendar

    from packpack.bundle import Contents

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


@functools.lru_cache(maxsize=16)
def vtimezone(tzid: str, first_year: int, last_year: int) -> icalendar.Timezone:
    """A VTIMEZONE for `tzid` valid from `first_year` to `last_year`, in Outlook's style."""
    from zoneinfo import ZoneInfo

    import icalendar

    zone = ZoneInfo(tzid)
    years = range(first_year, last_year + 1)
    per_year = [changes(zone, y) for y in years]
    tz = icalendar.Timezone()
    tz.add("tzid", tzid)
    if not any(per_year):
        moment = dt.datetime(first_year, 1, 1, 12, tzinfo=zone)
        standard = icalendar.TimezoneStandard()
        standard.add("dtstart", dt.datetime(1970, 1, 1))
        standard.add("tzoffsetfrom", moment.utcoffset())
        standard.add("tzoffsetto", moment.utcoffset())
        standard.add("tzname", moment.tzname() or tzid)
        tz.add_component(standard)
        return tz
    shapes = {tuple((c.rule, c.before, c.after, c.dst) for c in year) for year in per_year}
    if len(shapes) != 1 or len(per_year[0]) != 2:
        return icalendar.Timezone.from_tzid(tzid, first_date=dt.date(first_year, 1, 1),
                                            last_date=dt.date(last_year + 1, 1, 1))
    for change in sorted(per_year[0], key=lambda c: not c.dst):
        month, weekday, nth, _ = change.rule
        part = icalendar.TimezoneDaylight() if change.dst else icalendar.TimezoneStandard()
        part.add("dtstart", change.wall)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": f"{nth}{DAYS[weekday]}"})
        part.add("tzoffsetfrom", change.before)
        part.add("tzoffsetto", change.after)
        part.add("tzname", change.name)
        tz.add_component(part)
    return tz


def schedule_ics(c: Contents) -> bytes:
    """The posting schedule: one event per scheduled post, in the campaign's time zone."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    import icalendar

    info = c.campaign.spec.campaign
    try:
        zone = ZoneInfo(info.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise RenderError(f"campaign.timezone: {info.timezone!r} is not a known time zone; use "
                          "an IANA name such as Europe/London") from None
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//packpack//packpack {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{info.title}: posting schedule ({c.partner.name})")
    cal.add("x-wr-timezone", info.timezone)
    posts = [p for p in c.posts if p.schedule is not None]
    years = [info.starts.year, info.ends.year] + [p.schedule.year for p in posts
                                                   if p.schedule is not None]
    cal.add_component(vtimezone(info.timezone, min(years) - 1, max(years) + 1))
    for post in posts:
        assert post.schedule is not None
        start = post.schedule.replace(tzinfo=zone)
        event = icalendar.Event()
        event.add("uid", f"{post.id}.{c.partner.id}.{c.campaign.id}@packpack")
        event.add("dtstamp", c.stamp)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=EVENT_MINUTES))
        event.add("summary", f"Post: {post.title} (folder {post.id})")
        event.add("description", post.caption)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
