"""A season's calendar as iCalendar (RFC 5545), built with the `icalendar` library.

Events are all-day (the event's days); a race is timed (DTSTART/DTEND with the circuit's TZID
and a VTIMEZONE for it) when its start time is known, all-day on its race date otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

import icalendar

from championships.models import Race, Season
from championships.selectors import CalendarEvent

PRODID = "-//Paddock//Championship calendar//EN"


def uid(kind: str, pk: int, host: str) -> str:
    """Globally unique and stable between downloads: the record's id at the site's host name."""
    return f"{kind}-{pk}@{host}"


def _event(uid_value: str, summary: str, stamp: datetime, *, location: str, cancelled: bool) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", uid_value)
    item.add("dtstamp", stamp)
    item.add("summary", summary)
    item.add("location", location)
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    item.add("transp", "TRANSPARENT")
    return item


def _all_day(item: icalendar.Event, start: date, end: date) -> None:
    """DTEND of an all-day event is exclusive, so it is the day after the last day."""
    item.add("dtstart", start)
    item.add("dtend", end + timedelta(days=1))


def _race_times(item: icalendar.Event, race: Race) -> None:
    starts_at = race.starts_at
    if starts_at is None:
        _all_day(item, race.day, race.day)
        return
    item.add("dtstart", starts_at)
    item.add("dtend", starts_at + timedelta(minutes=race.scheduled_duration_min))


def season_ical(season: Season, calendar: Iterable[CalendarEvent], now: datetime, *, host: str) -> str:
    """The VCALENDAR text (CRLF, folded, escaped by the library); `now` (UTC) stamps every event."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", str(season))
    for entry in calendar:
        event = entry.event
        location = f"{event.circuit.name}, {event.circuit.country}"
        item = _event(
            uid("event", event.pk, host),
            f"{season}: {event.name}",
            now,
            location=location,
            cancelled=event.cancelled,
        )
        _all_day(item, event.start_date, event.end_date)
        cal.add_component(item)
        for race in entry.races:
            if race.race_date is None:
                continue
            item = _event(
                uid("race", race.pk, host),
                f"{season} R{race.round}: {event.name} – {race.name} ({race.scheduled_duration_min} min)",
                now,
                location=location,
                cancelled=event.cancelled,
            )
            _race_times(item, race)
            cal.add_component(item)
    # One VTIMEZONE per circuit zone used by a timed race (from the tz database).
    cal.add_missing_timezones()
    return cal.to_ical().decode("utf-8")
