"""The season's iCalendar feed, parsed back: CRLF, folding, escaping, dates, cancellations."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from championships.ical import escape_text, fold
from tests import factories

pytestmark = pytest.mark.django_db


def unfold(text: str) -> list[str]:
    """RFC 5545 §3.1: a CRLF followed by one space or tab continues the previous line."""
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", ""), "bare LF"
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def vevents(lines: list[str]) -> list[dict[str, str]]:
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT" and current is not None:
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return events


@pytest.fixture
def calendar(db: None) -> Any:
    series = factories.SeriesFactory(code="gtwc-asia", name="GT World Challenge Asia")
    season = factories.SeasonFactory(series=series, name="2022")
    suzuka = factories.CircuitFactory(name="Suzuka", country="Japan", time_zone="Asia/Tokyo")
    mandalika = factories.CircuitFactory(name="Mandalika", country="Indonesia", time_zone="Asia/Makassar")
    event = factories.EventFactory(
        season=season,
        name="Suzuka; round 2, the long one with a very long name that will need folding – 鈴鹿サーキット",
        circuit=suzuka,
        start_date=date(2022, 7, 15),
        end_date=date(2022, 7, 17),
    )
    r1 = factories.RaceFactory(event=event, round=3, name="Race 1", race_date=date(2022, 7, 16))
    r2 = factories.RaceFactory(event=event, round=4, name="Race 2", race_date=None)
    cancelled = factories.EventFactory(
        season=season,
        name="Mandalika",
        circuit=mandalika,
        start_date=date(2022, 10, 14),
        end_date=date(2022, 10, 16),
        cancelled=True,
    )
    r3 = factories.RaceFactory(event=cancelled, round=9, name="Race 1", race_date=date(2022, 10, 15))
    return season, event, cancelled, r1, r2, r3


def test_it_serves_an_ics_attachment(client: Client, calendar: Any, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(3):
        response = client.get("/seasons/gtwc-asia/2022/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="gtwc-asia-2022.ics"'


def test_it_writes_a_valid_calendar(client: Client, calendar: Any) -> None:
    _, event, cancelled, r1, r2, r3 = calendar
    text = client.get("/seasons/gtwc-asia/2022/calendar.ics").content.decode("utf-8")
    raw_lines = text.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in raw_lines)
    assert any(line.startswith(" ") for line in raw_lines), "the long summary is folded"
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and "PRODID:-//Paddock//Championship calendar//EN" in lines
    assert "X-WR-CALNAME:GT World Challenge Asia 2022" in lines

    events = {e["UID"]: e for e in vevents(lines)}
    # One per event, one per dated race: Race 2 has no date.
    assert set(events) == {
        f"event-{event.pk}@paddock",
        f"race-{r1.pk}@paddock",
        f"event-{cancelled.pk}@paddock",
        f"race-{r3.pk}@paddock",
    }
    suzuka = events[f"event-{event.pk}@paddock"]
    assert suzuka["DTSTART;VALUE=DATE"] == "20220715"
    assert suzuka["DTEND;VALUE=DATE"] == "20220718"  # exclusive: the day after the last day
    assert unescape(suzuka["SUMMARY"]) == f"GT World Challenge Asia 2022: {event.name}"
    assert "\\;" in suzuka["SUMMARY"] and "\\," in suzuka["SUMMARY"]
    assert unescape(suzuka["LOCATION"]) == "Suzuka, Japan"
    assert suzuka["STATUS"] == "CONFIRMED"
    assert len(suzuka["DTSTAMP"]) == 16 and suzuka["DTSTAMP"].endswith("Z")

    race = events[f"race-{r1.pk}@paddock"]
    assert (race["DTSTART;VALUE=DATE"], race["DTEND;VALUE=DATE"]) == ("20220716", "20220717")
    assert unescape(race["SUMMARY"]).startswith("GT World Challenge Asia 2022 R3: Suzuka; round 2")

    assert events[f"event-{cancelled.pk}@paddock"]["STATUS"] == "CANCELLED"
    assert events[f"race-{r3.pk}@paddock"]["STATUS"] == "CANCELLED"


def test_it_keeps_uids_stable_between_downloads(client: Client, calendar: Any) -> None:
    first = vevents(unfold(client.get("/seasons/gtwc-asia/2022/calendar.ics").content.decode()))
    second = vevents(unfold(client.get("/seasons/gtwc-asia/2022/calendar.ics").content.decode()))
    assert [e["UID"] for e in first] == [e["UID"] for e in second]


def test_it_escapes_text_values() -> None:
    assert escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    assert unescape(escape_text("Spa, 24 h; night\nrace")) == "Spa, 24 h; night\nrace"


def test_it_folds_on_octets_without_splitting_characters() -> None:
    line = "SUMMARY:" + "é" * 80
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert folded.replace("\r\n ", "") == line
    assert fold("SHORT:x") == "SHORT:x"
