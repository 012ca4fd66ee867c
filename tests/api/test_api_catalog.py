"""Series, season, calendar and entry-list endpoints: shape, values and flat query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from championships.models import PointsRules, Race, Season
from entries.models import EntryKind, EntryStatus
from tests import factories

pytestmark = pytest.mark.django_db

SEASON_URL = "/api/v1/series/gtwc-asia/seasons/2022/"


def test_it_lists_series_with_governing_bodies_and_seasons(client: Client, gtwc: Season) -> None:
    response = client.get("/api/v1/series/")
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "code": "gtwc-asia",
                "name": "GT World Challenge Asia",
                "governing_bodies": ["sro"],
                "seasons": [{"name": "2023", "code": "gtwc-asia-2023"}, {"name": "2022", "code": "gtwc-asia-2022"}],
            }
        ],
    }


def test_it_lists_series_in_constant_queries(client: Client, gtwc: Season, django_assert_num_queries: Any) -> None:
    # count, series, governing bodies, seasons
    with django_assert_num_queries(4):
        client.get("/api/v1/series/")
    for code in ("aslms", "gtwc-europe", "elms"):
        series = factories.SeriesFactory(code=code, governing_bodies=[factories.OrganisationFactory(code="aco")])
        factories.SeasonFactory(series=series, name="2024")
    with django_assert_num_queries(4):
        assert client.get("/api/v1/series/").json()["count"] == 4


def test_it_pages_the_series_list(client: Client, gtwc: Season) -> None:
    factories.SeriesFactory(code="aslms", name="Asian Le Mans Series")
    body = client.get("/api/v1/series/?limit=1&offset=1").json()
    assert body["count"] == 2 and [s["code"] for s in body["results"]] == ["gtwc-asia"]
    assert body["previous"].endswith("/api/v1/series/?limit=1")


def test_it_shows_one_series(client: Client, gtwc: Season, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(3):
        response = client.get("/api/v1/series/gtwc-asia/")
    assert response.json()["seasons"] == [
        {"name": "2023", "code": "gtwc-asia-2023"},
        {"name": "2022", "code": "gtwc-asia-2022"},
    ]


def test_it_shows_a_season_with_classes_cups_and_points_rules(
    client: Client, gtwc: Season, django_assert_num_queries: Any
) -> None:
    PointsRules.objects.create(season=gtwc, scale="25 18 15 12 10 8 6 4 2 1", beyond_scale=0, pole=0)
    PointsRules.objects.create(season=gtwc, race=Race.objects.get(season=gtwc, round=2), points_factor="0.5")
    # season, classes, cups, points rules
    with django_assert_num_queries(4):
        body = client.get(SEASON_URL).json()
    assert body["series"] == "gtwc-asia" and body["name"] == "2022" and body["code"] == "gtwc-asia-2022"
    assert body["classes"] == [{"code": "GT3", "name": "GT3", "order": 1}]
    assert body["cups"] == [{"code": "PRO-AM", "name": "Pro-Am", "racing_class": "GT3", "order": 0}]
    rules = body["points_rules"]
    assert rules["round"] is None and rules["scale"][:3] == ["25", "18", "15"]
    assert (rules["beyond_scale"], rules["pole"], rules["points_factor"]) == ("0", "0", "1")
    assert (rules["classification_min_share"], rules["team_scoring"], rules["tie_break"]) == (
        "0.7",
        "per_car",
        "countback",
    )
    assert [(r["round"], r["points_factor"]) for r in body["race_points_rules"]] == [(2, "0.5")]


def test_it_shows_a_season_without_points_rules(client: Client, gtwc: Season) -> None:
    body = client.get(SEASON_URL).json()
    assert body["points_rules"] is None and body["race_points_rules"] == []


def test_it_lists_the_calendar(client: Client, gtwc: Season) -> None:
    body = client.get(SEASON_URL + "events/").json()
    assert body["count"] == 1
    [event] = body["results"]
    assert {k: v for k, v in event.items() if k != "races"} == {
        "name": "Suzuka 1",
        "circuit": "Suzuka Circuit",
        "country": "Japan",
        "time_zone": "Asia/Tokyo",
        "start_date": "2022-05-20",
        "end_date": "2022-05-22",
        "cancelled": False,
    }
    races = [{k: v for k, v in race.items() if k != "id"} for race in event["races"]]
    assert races == [
        {
            "round": 1,
            "name": "Race 1",
            "date": "2022-05-21",
            "start_time": None,
            "starts_at": None,
            "scheduled_duration_min": 60,
        },
        {
            "round": 2,
            "name": "Race 2",
            "date": "2022-05-22",
            "start_time": None,
            "starts_at": None,
            "scheduled_duration_min": 60,
        },
    ]
    assert event["races"][0]["id"] == Race.objects.get(season=gtwc, round=1).pk


def test_it_lists_the_calendar_in_constant_queries(
    client: Client, gtwc: Season, django_assert_num_queries: Any
) -> None:
    # season, count, events with circuits, races
    with django_assert_num_queries(4):
        client.get(SEASON_URL + "events/")
    factories.add_events(gtwc, 4)
    with django_assert_num_queries(4):
        body = client.get(SEASON_URL + "events/").json()
    assert body["count"] == 5 and [r["round"] for r in body["results"][-1]["races"]] == [9, 10]


def test_it_lists_accepted_and_reserve_entries_with_their_drivers(client: Client, gtwc: Season) -> None:
    [entry] = factories.add_entries(gtwc, 1)
    entry.number, entry.kind, entry.cup = "7", EntryKind.GUEST, gtwc.cups.get()
    entry.save()
    [reserve] = factories.add_entries(gtwc, 1, status=EntryStatus.RESERVE)
    reserve.number = "88"
    reserve.save()
    factories.add_entries(gtwc, 1, status=EntryStatus.WITHDRAWN)
    body = client.get(SEASON_URL + "entries/").json()
    assert body["count"] == 2
    first, second = body["results"]
    drivers = list(entry.nominations.order_by("pk").values_list("driver__first_name", "driver__last_name"))
    assert first == {
        "number": "7",
        "status": "accepted",
        "reserve": False,
        "racing_class": "GT3",
        "cup": "PRO-AM",
        "team": entry.team.name,
        "team_country": "JPN",
        "car": str(entry.car_model),
        "kind": "guest",
        "drivers": [
            {
                "first_name": drivers[0][0],
                "last_name": drivers[0][1],
                "name": f"{drivers[0][0]} {drivers[0][1]}",
                "nationality": "JPN",
                "category": "silver",
            },
            {
                "first_name": drivers[1][0],
                "last_name": drivers[1][1],
                "name": f"{drivers[1][0]} {drivers[1][1]}",
                "nationality": "JPN",
                "category": "bronze",
            },
        ],
    }
    assert (second["number"], second["status"], second["reserve"], second["cup"]) == ("88", "reserve", True, None)


def test_it_orders_entries_by_car_number_as_a_number(client: Client, gtwc: Season) -> None:
    for entry, number in zip(factories.add_entries(gtwc, 3), ["10", "2", "007"], strict=True):
        entry.number = number
        entry.save()
    numbers = [e["number"] for e in client.get(SEASON_URL + "entries/").json()["results"]]
    assert numbers == ["2", "007", "10"]


def test_it_lists_entries_in_constant_queries(client: Client, gtwc: Season, django_assert_num_queries: Any) -> None:
    factories.add_entries(gtwc, 1)
    # season, entries (team, class, cup, car), nominations with drivers, FIA categories
    with django_assert_num_queries(4):
        client.get(SEASON_URL + "entries/")
    factories.add_entries(gtwc, 6)
    with django_assert_num_queries(4):
        body = client.get(SEASON_URL + "entries/?limit=5").json()
    assert body["count"] == 7 and len(body["results"]) == 5


def test_it_gives_a_timed_race_its_local_and_utc_start(client: Client, gtwc: Season) -> None:
    from datetime import time

    from championships.models import Race

    race = Race.objects.get(season=gtwc, round=1)
    race.start_time = time(15, 0)
    race.save()
    [event] = client.get(SEASON_URL + "events/").json()["results"]
    timed = next(r for r in event["races"] if r["round"] == 1)
    assert (timed["start_time"], timed["starts_at"]) == ("15:00:00", "2022-05-21T06:00:00Z")
