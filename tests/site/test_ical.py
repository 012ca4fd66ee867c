"""The season's iCalendar feed, parsed back with icalendar: folding, dates, timed races, zones, UIDs."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.test import Client

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
    cal = icalendar.Calendar.from_ical(text)
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"]) == "-//Paddock//Championship calendar//EN"
    assert str(cal["X-WR-CALNAME"]) == "GT World Challenge Asia 2022"

    events = {str(e["UID"]): e for e in cal.events}
    # One per event, one per dated race: Race 2 has no date. UIDs name the site's host.
    assert set(events) == {
        f"event-{event.pk}@testserver",
        f"race-{r1.pk}@testserver",
        f"event-{cancelled.pk}@testserver",
        f"race-{r3.pk}@testserver",
    }
    suzuka = events[f"event-{event.pk}@testserver"]
    assert suzuka.decoded("DTSTART") == date(2022, 7, 15)
    assert suzuka.decoded("DTEND") == date(2022, 7, 18)  # exclusive: the day after the last day
    assert str(suzuka["SUMMARY"]) == f"GT World Challenge Asia 2022: {event.name}"
    assert str(suzuka["LOCATION"]) == "Suzuka, Japan"
    assert str(suzuka["STATUS"]) == "CONFIRMED"
    assert suzuka.decoded("DTSTAMP").utcoffset() == timedelta(0)

    race = events[f"race-{r1.pk}@testserver"]
    assert (race.decoded("DTSTART"), race.decoded("DTEND")) == (date(2022, 7, 16), date(2022, 7, 17))
    assert str(race["SUMMARY"]).startswith("GT World Challenge Asia 2022 R3: Suzuka; round 2")

    assert str(events[f"event-{cancelled.pk}@testserver"]["STATUS"]) == "CANCELLED"
    assert str(events[f"race-{r3.pk}@testserver"]["STATUS"]) == "CANCELLED"
    assert cal.timezones == [], "no timed race, no VTIMEZONE"


def test_it_writes_timed_races_in_the_circuit_zone(client: Client, calendar: Any) -> None:
    _, _, _, r1, _, _ = calendar
    r1.start_time = time(15, 30)
    r1.save()
    text = client.get("/seasons/gtwc-asia/2022/calendar.ics").content.decode("utf-8")
    assert "DTSTART;TZID=Asia/Tokyo:20220716T153000" in text
    cal = icalendar.Calendar.from_ical(text)
    race = next(e for e in cal.events if str(e["UID"]) == f"race-{r1.pk}@testserver")
    start = race.decoded("DTSTART")
    assert start == datetime(2022, 7, 16, 15, 30, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert start.astimezone(UTC) == datetime(2022, 7, 16, 6, 30, tzinfo=UTC)
    assert race.decoded("DTEND") - start == timedelta(minutes=r1.scheduled_duration_min)
    assert race["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert [str(tz["TZID"]) for tz in cal.timezones] == ["Asia/Tokyo"]
    # The event itself stays all-day.
    assert all(isinstance(e.decoded("DTSTART"), date) for e in cal.events if str(e["UID"]).startswith("event-"))


def test_it_keeps_uids_stable_between_downloads(client: Client, calendar: Any) -> None:
    first = vevents(unfold(client.get("/seasons/gtwc-asia/2022/calendar.ics").content.decode()))
    second = vevents(unfold(client.get("/seasons/gtwc-asia/2022/calendar.ics").content.decode()))
    assert [e["UID"] for e in first] == [e["UID"] for e in second]


def test_it_shows_start_times_in_circuit_and_utc_time_on_the_season_page(client: Client, calendar: Any) -> None:
    _, _, _, r1, r2, _ = calendar
    r1.start_time = time(15, 30)
    r1.save()
    body = client.get("/seasons/gtwc-asia/2022/").content.decode()
    assert "15:30 local" in body
    # The instant in UTC for the browser's script; the server's fallback text says UTC.
    assert '<time class="visitor-time" datetime="2022-07-16T06:30:00+00:00">(06:30 UTC)</time>' in body
    assert body.count("<time ") == 1  # Race 2 has no time


def test_it_refuses_a_start_time_without_a_race_date(calendar: Any) -> None:
    from django.core.exceptions import ValidationError

    _, _, _, _, r2, _ = calendar
    r2.start_time = time(11, 0)
    with pytest.raises(ValidationError, match="race date"):
        r2.full_clean()


def test_it_keeps_the_season_page_title_plain(client: Client, calendar: Any) -> None:
    # A script once ended up inside <title> (a merge slip): the tab showed JavaScript.
    body = client.get("/seasons/gtwc-asia/2022/").content.decode()
    title = body[body.index("<title>") + len("<title>") : body.index("</title>")]
    assert title == "GT World Challenge Asia 2022 – Paddock"
