"""Classification and standings endpoints on the real ELMS 2014 round 1 (4 Hours of Silverstone)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from championships.models import Race, Season
from entries.models import Entry
from results.classifications.models import ClassificationStatus, ClassificationVersion, PenaltyKind
from results.classifications.services.decisions import Penalty, decision_record, decision_withdraw
from results.standings.models import StandingRow
from tests import factories

pytestmark = pytest.mark.django_db

STANDINGS = "/api/v1/series/elms/seasons/2014/standings/"


def url(race: Race) -> str:
    return f"/api/v1/races/{race.pk}/classification/"


def test_it_shows_the_published_classification(client: Client, elms: Season) -> None:
    race = Race.objects.get(season=elms)
    body = client.get(url(race)).json()
    version = ClassificationVersion.objects.get(race=race)
    assert body["race"] == {
        "id": race.pk,
        "round": 1,
        "name": race.name,
        "date": "2014-04-12",
        "event": "4 Hours of Silverstone",
        "circuit": "Silverstone Circuit",
        "series": "elms",
        "season": "2014",
    }
    assert (body["version"], body["status"]) == (1, "official")
    assert body["published_at"] == version.published_at.isoformat().replace("+00:00", "Z")
    assert len(body["rows"]) == 38 and body["decisions"] == []
    assert body["rows"][0] == {
        "overall_position": 1,
        "class_position": 1,
        "class_code": "LMP2",
        "class_name": "LMP2",
        "cup_code": "",
        "cup": "",
        "cup_position": None,
        "number": "46",
        "team": "Thiriet By TDS Racing",
        "vehicle": "Morgan - Nissan",
        "drivers": ["Pierre THIRIET", "Ludovic BADEY", "Tristan GOMMENDY"],
        "status": "classified",
        "status_label": "Classified",
        "laps": 118,
        "total_time_ms": 14429711,
        "total_time": "4:00'29.711",
        "gap": "",
        "best_lap_ms": 111631,
        "best_lap": "1'51.631",
        "penalties": [],
    }
    last = body["rows"][-1]
    assert (last["number"], last["team"], last["status"], last["laps"]) == ("71", "SMP Racing", "dns", 0)
    assert [r["overall_position"] for r in body["rows"]] == list(range(1, 39))


def test_it_shows_active_decisions_and_their_penalties(client: Client, elms: Season) -> None:
    race = Race.objects.get(season=elms)
    steward = get_user_model().objects.get(username="root")
    entry = Entry.objects.get(season=elms, number="34")
    decision_record(
        race=race,
        user=steward,
        number="7",
        entry=entry,
        penalty=Penalty(kind=PenaltyKind.TIME, offence="Speeding in the pit lane", time_added_ms=30_000),
    )
    withdrawn = decision_record(
        race=race,
        user=steward,
        number="8",
        entry=Entry.objects.get(season=elms, number="43"),
        penalty=Penalty(kind=PenaltyKind.TIME, offence="Track limits", time_added_ms=10_000),
    )
    decision_withdraw(decision=withdrawn, user=steward, reason="Video showed no gain")
    body = client.get(url(race)).json()
    assert body["decisions"] == [
        {
            "number": "7",
            "car": "34",
            "offence": "Speeding in the pit lane",
            "kind": "time",
            "penalty": "D7: +30.000 s",
        }
    ]
    car_34 = next(r for r in body["rows"] if r["number"] == "34")
    assert car_34["penalties"] == ["D7: +30.000 s"] and car_34["total_time_ms"] == 14433539 + 30_000
    assert body["status"] == ClassificationVersion.objects.get(race=race).status


def test_it_shows_the_latest_published_version_not_a_newer_draft(client: Client, elms: Season) -> None:
    race = Race.objects.get(season=elms)
    published = ClassificationVersion.objects.get(race=race)
    factories.ClassificationVersionFactory(race=race, version=2, status=ClassificationStatus.DRAFT)
    assert client.get(url(race)).json()["version"] == published.version == 1


def test_it_answers_404_for_a_race_without_a_published_classification(client: Client, elms: Season) -> None:
    event = factories.EventFactory(season=elms, name="4 Hours of Imola")
    race = factories.RaceFactory(event=event, round=2)
    factories.ClassificationVersionFactory(race=race, version=1, status=ClassificationStatus.DRAFT)
    response = client.get(url(race))
    assert response.status_code == 404
    assert response.json() == {"detail": "No published classification for this race"}
    assert client.get("/api/v1/races/999999/classification/").json() == {"detail": "No such race"}


def test_it_reads_a_classification_in_constant_queries(
    client: Client, elms: Season, django_assert_num_queries: Any
) -> None:
    race = Race.objects.get(season=elms)
    # The cache's validator (latest version, decisions aggregate), then on a miss race, version,
    # derived rows, their drivers, decisions, cup and class names: 38 cars cost what 2 cars cost
    with django_assert_num_queries(8):
        assert len(client.get(url(race)).json()["rows"]) == 38
    version = ClassificationVersion.objects.get(race=race)
    version.derived_rows.exclude(overall_position__in=[1, 2]).delete()
    cache.clear()  # Why: rows deleted behind the services' back do not move the validator
    with django_assert_num_queries(8):
        assert len(client.get(url(race)).json()["rows"]) == 2


def test_it_shows_a_standings_table(client: Client, elms: Season) -> None:
    body = client.get(STANDINGS + "?championship=teams&class=LMP2").json()
    assert {k: body[k] for k in ("season", "championship", "class_code", "cup_code", "after_round", "last_round")} == {
        "season": "elms-2014",
        "championship": "teams",
        "class_code": "LMP2",
        "cup_code": "",
        "after_round": 1,
        "last_round": 1,
    }
    assert body["recalculation_pending"] is False and body["computed_at"]
    assert {"championship": "drivers", "class_code": "GTC", "cup_code": ""} in body["tables"]
    winner = body["rows"][0]
    assert {k: winner[k] for k in ("position", "name", "number", "points", "results", "wins", "tied", "status")} == {
        "position": 1,
        "name": "Thiriet By TDS Racing",
        "number": "46",
        "points": "25",
        "results": "1",
        "wins": 1,
        "tied": False,
        "status": "",
    }
    assert winner["breakdown"]["total"] == "25" and winner["breakdown"]["races"][0]["race_points"] == "25"


def test_it_gives_each_row_its_title_status(client: Client, elms: Season) -> None:
    body = client.get(STANDINGS + "?championship=teams&class=LMP2").json()
    # One race, the whole calendar: the winner is champion, nothing is left on offer.
    assert body["points_on_offer"] == "0"
    winner, second = body["rows"][:2]
    assert (winner["title"], winner["title_available"], winner["title_needs"]) == ("champion", "0", "Champion.")
    assert (second["title"], second["title_needs"]) == ("out", "Out of contention: 18 points at most.")


def test_it_writes_half_points_as_exact_text(client: Client, elms: Season) -> None:
    rows = client.get(STANDINGS + "?championship=teams&class=GTC").json()["rows"]
    assert rows[0]["name"] == "Team Ukraine" and rows[0]["points"] == "25"
    # Why: beyond the 10th classified car each one scores 0.5; never 0.50 or a float.
    assert "0.5" in {r["points"] for r in rows}


def test_it_defaults_to_the_drivers_table_of_the_first_class(client: Client, elms: Season) -> None:
    body = client.get(STANDINGS).json()
    assert (body["championship"], body["class_code"], body["after_round"]) == ("drivers", "GTC", 1)
    drivers = client.get(STANDINGS + "?class=LMP2&after_round=1").json()["rows"]
    winners = {r["name"] for r in drivers if r["position"] == 1}
    assert winners == {"Pierre THIRIET", "Ludovic BADEY", "Tristan GOMMENDY"}
    assert {r["points"] for r in drivers if r["position"] == 1} == {"25"}


def test_it_filters_a_cup_table(client: Client, elms: Season) -> None:
    row = StandingRow.objects.filter(season=elms, championship="teams", class_code="GTC").first()
    assert row is not None
    row.pk, row.cup_code, row.position = None, "AM", 1
    row.save()
    body = client.get(STANDINGS + "?championship=teams&class=GTC&cup=AM").json()
    assert body["cup_code"] == "AM" and [r["name"] for r in body["rows"]] == [row.competitor_name]


def test_it_reads_standings_in_constant_queries(client: Client, elms: Season, django_assert_num_queries: Any) -> None:
    # validator (season + state), then season, tables, rounds, standings state, rows: the 4-row
    # table costs what the 20-row one does (each class is its own cache entry: all are misses)
    for cls in ("LMP2", "GTC", "LMGTE"):
        with django_assert_num_queries(6):
            client.get(f"{STANDINGS}?championship=teams&class={cls}")


def test_it_answers_an_empty_table_before_any_standings(client: Client, gtwc: Season) -> None:
    body = client.get("/api/v1/series/gtwc-asia/seasons/2022/standings/").json()
    assert (body["after_round"], body["rows"], body["tables"], body["computed_at"]) == (None, [], [], None)
    response = client.get("/api/v1/series/gtwc-asia/seasons/2022/standings/?class=GT3")
    assert response.status_code == 404 and "detail" in response.json()
