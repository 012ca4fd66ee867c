"""Public pages: home, series, season calendar, printable classification; query counts and bad URLs."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from bench.synthetic import SyntheticSeason
from championships.models import Event, Race
from championships.selectors import zone_label
from entries.models import Entry
from results.classifications.models import ClassificationVersion, Decision
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def dubai(db: None) -> Any:
    """Asian Le Mans 2023 at Dubai: two races, one published (official), one only uploaded."""
    series = factories.SeriesFactory(code="aslms", name="Asian Le Mans Series")
    season = factories.SeasonFactory(series=series, name="2023")
    circuit = factories.CircuitFactory(name="Dubai Autodrome", country="UAE", time_zone="Asia/Dubai")
    event = factories.EventFactory(
        season=season,
        name="4 Hours of Dubai",
        circuit=circuit,
        start_date=date(2023, 2, 10),
        end_date=date(2023, 2, 12),
    )
    r1 = factories.RaceFactory(event=event, round=1, name="Race 1", race_date=date(2023, 2, 11))
    r2 = factories.RaceFactory(event=event, round=2, name="Race 2", race_date=date(2023, 2, 12))
    factories.ClassificationVersionFactory(race=r1, version=1, status="official", filename="f.csv")
    factories.ClassificationVersionFactory(race=r2, version=1, status="draft", filename="f.csv")
    return season, r1, r2


def test_it_lists_series_and_seasons_on_home(client: Client, dubai: Any, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(3):
        response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="/series/aslms/"' in body and 'href="/seasons/aslms/2023/"' in body
    assert '<nav aria-label="Site"><a href="/">Series</a></nav>' in body


def test_it_shows_a_series_with_its_seasons(client: Client, dubai: Any, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(3):
        response = client.get("/series/aslms/")
    assert response.status_code == 200
    assert 'href="/seasons/aslms/2023/"' in response.content.decode()


def test_it_shows_the_calendar_in_the_circuit_time_zone(
    client: Client, dubai: Any, django_assert_num_queries: Any
) -> None:
    season, r1, r2 = dubai
    # Season, calendar with races, and the events with a qualifying (one query for the season).
    with django_assert_num_queries(4):
        response = client.get("/seasons/aslms/2023/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "10 Feb – 12 Feb 2023" in body
    assert "Asia/Dubai (UTC+4)" in body
    assert "R1 Race 1 (240 min), Sat 11 Feb" in body
    # Only the race with a published version links to its classification.
    assert f'href="/races/{r1.pk}/classification/"' in body
    assert f'href="/races/{r2.pk}/classification/"' not in body
    assert f'href="/races/{r1.pk}/classification/print/"' in body
    assert 'href="/seasons/aslms/2023/calendar.ics"' in body


def test_it_keeps_the_query_count_whatever_the_number_of_races(
    client: Client, synthetic: SyntheticSeason, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(4):
        response = client.get("/seasons/synth/2023/")
    assert response.content.decode().count("/classification/print/") == 4


def test_it_shows_the_season_sub_navigation(client: Client, dubai: Any) -> None:
    body = client.get("/seasons/aslms/2023/standings/").content.decode()
    nav = body[body.index('id="season-nav"') : body.index("</nav>", body.index('id="season-nav"'))]
    for label, url in [
        ("Calendar", "/seasons/aslms/2023/"),
        ("Entry list", "/seasons/aslms/2023/entries/"),
        ("Results", "/seasons/aslms/2023/#results"),
        ("Standings", "/seasons/aslms/2023/standings/"),
        ("Invitations", "/seasons/aslms/2023/invitations/"),
    ]:
        assert f'href="{url}"' in nav and label in nav
    assert 'href="/seasons/aslms/2023/standings/" aria-current="page"' in nav
    assert 'id="season-nav"' in client.get("/seasons/aslms/2023/entries/").content.decode()


@pytest.mark.parametrize(
    ("time_zone", "label"),
    [
        ("Asia/Tokyo", "Asia/Tokyo (JST, UTC+9)"),
        ("Asia/Dubai", "Asia/Dubai (UTC+4)"),
        ("Asia/Kolkata", "Asia/Kolkata (IST, UTC+5:30)"),
        ("Europe/London", "Europe/London (BST, UTC+1)"),
        ("America/Sao_Paulo", "America/Sao_Paulo (UTC-3)"),
        ("UTC", "UTC"),
        ("Mars/Olympus", "Mars/Olympus"),
    ],
)
def test_it_labels_time_zones_with_their_offset_on_the_day(time_zone: str, label: str) -> None:
    assert zone_label(time_zone, date(2023, 7, 15)) == label


@pytest.mark.parametrize(
    "url",
    [
        "/series/nope/",
        "/seasons/nope/2023/",
        "/seasons/aslms/1999/",
        "/seasons/aslms/1999/calendar.ics",
        "/seasons/nope/2023/standings/",
        "/seasons/aslms/1999/invitations/",
        "/races/999999/classification/",
        "/races/999999/classification/print/",
        "/rankings/nope/",
        "/races/abc/classification/print/",
        "/seasons/aslms/2023%00/",
        "/seasons/aslms/%00/calendar.ics",
        "/seasons/aslms/2023%00/standings/",
    ],
)
def test_it_answers_unknown_things_in_urls_with_404(client: Client, dubai: Any, url: str) -> None:
    assert client.get(url).status_code == 404


def test_it_prints_a_published_classification(
    client: Client, synthetic: SyntheticSeason, django_assert_num_queries: Any
) -> None:
    race = Race.objects.get(season=synthetic.season, round=2)
    entry = Entry.objects.get(season=synthetic.season, number="3")
    Decision.objects.create(race=race, number="7", entry=entry, offence="Track limits; 4 times", kind="time")
    # +1: the season's cup and class names (one union query)
    with django_assert_num_queries(6):
        response = client.get(f"/races/{race.pk}/classification/print/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Synthetic series synth · 2023" in body and "Event 2 – R2 Race" in body
    assert 'id="status">Official</span>' in body and "Classification version 1" in body
    assert "@media print" in body and "Generated " in body
    assert "Decision 7: car #3, Track limits; 4 times – Time added" in body
    # Overall order, one line per car, class positions shown.
    table = body[body.index('id="classification"') :]
    assert table.count("<tr data-number=") == 9
    positions = [int(chunk.split('"num">', 1)[1].split("<", 1)[0]) for chunk in table.split("<tr data-number=")[1:]]
    assert positions == sorted(positions)


def test_it_does_not_print_an_unpublished_classification(client: Client, dubai: Any) -> None:
    _, r1, r2 = dubai
    assert client.get(f"/races/{r2.pk}/classification/print/").status_code == 404
    response = client.get(f"/races/{r1.pk}/classification/print/")
    assert response.status_code == 200 and "Official" in response.content.decode()


def test_it_marks_an_amended_classification_on_paper(client: Client, dubai: Any) -> None:
    _, r1, _ = dubai
    ClassificationVersion.objects.filter(race=r1).update(status="amended")
    assert 'id="status">Amended</span>' in client.get(f"/races/{r1.pk}/classification/print/").content.decode()


def test_it_shows_a_cancelled_event_as_cancelled(client: Client, dubai: Any) -> None:
    Event.objects.update(cancelled=True)
    assert '<span class="badge">cancelled</span>' in client.get("/seasons/aslms/2023/").content.decode()
