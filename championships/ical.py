"""A season's calendar as iCalendar (RFC 5545), written by hand: all-day events and race days."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from championships.models import Season
from championships.selectors import CalendarEvent

PRODID = "-//Paddock//Championship calendar//EN"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, never inside a UTF-8 character."""
    if len(line.encode()) <= MAX_OCTETS:
        return line
    chunks: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            chunks.append(current)
            # Continuation lines start with a space, which counts toward their 75 octets.
            current, size, limit = "", 0, MAX_OCTETS - 1
        current += char
        size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def _date(value: date) -> str:
    return value.strftime("%Y%m%d")


def _all_day(
    uid: str, start: date, end: date, summary: str, stamp: str, *, location: str, cancelled: bool
) -> list[str]:
    """One VEVENT over whole days; DTEND is exclusive, so it is the day after the last day."""
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_date(start)}",
        f"DTEND;VALUE=DATE:{_date(end + timedelta(days=1))}",
        f"SUMMARY:{escape_text(summary)}",
        f"LOCATION:{escape_text(location)}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def season_ical(season: Season, calendar: Iterable[CalendarEvent], now: datetime) -> str:
    """The VCALENDAR text with CRLF line endings; `now` (UTC) is the DTSTAMP of every event."""
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(str(season))}",
    ]
    for item in calendar:
        event = item.event
        location = f"{event.circuit.name}, {event.circuit.country}"
        lines += _all_day(
            f"event-{event.pk}@paddock",
            event.start_date,
            event.end_date,
            f"{season}: {event.name}",
            stamp,
            location=location,
            cancelled=event.cancelled,
        )
        for race in item.races:
            if race.race_date is None:
                continue
            lines += _all_day(
                f"race-{race.pk}@paddock",
                race.race_date,
                race.race_date,
                f"{season} R{race.round}: {event.name} – {race.name} ({race.scheduled_duration_min} min)",
                stamp,
                location=location,
                cancelled=event.cancelled,
            )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
