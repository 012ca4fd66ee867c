"""Season set-up forms that cannot crash or mislead (issue 20): every constraint is a form error
on the page (never a 500), and choices are limited to the season being edited, labelled with it.
Driven by HTTP as series staff in the admin."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from championships.models import Cup, Event, Race
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

EVENTS = "/admin/championships/event/"


def event_form(season: Any, circuit: Any, *races: dict[str, str], **changes: str) -> dict[str, str]:
    data = {
        "season": str(season.pk),
        "name": "Sepang",
        "circuit": str(circuit.pk),
        "start_date": "2023-02-10",
        "end_date": "2023-02-12",
        "races-TOTAL_FORMS": str(len(races)),
        "races-INITIAL_FORMS": "0",
        "races-MIN_NUM_FORMS": "0",
        "races-MAX_NUM_FORMS": "1000",
        **changes,
    }
    for index, race in enumerate(races):
        fields = {"round": "1", "name": "Race", "race_date": "", "start_time": "", "scheduled_duration_min": "240"}
        data.update({f"races-{index}-{key}": value for key, value in {**fields, **race}.items()})
    return data


@pytest.fixture
def calendar(world: Any) -> Any:
    """The SRO season with round 1 at an existing event."""
    factories.RaceFactory(event=factories.EventFactory(season=world.sro_season, name="Buriram"), round=1)
    world.circuit = factories.CircuitFactory(name="Sepang International Circuit")
    return world


def test_it_shows_a_duplicate_round_of_the_season_as_a_form_error(calendar: Any) -> None:
    client = client_for(calendar.sro_staff)
    response = client.post(f"{EVENTS}add/", event_form(calendar.sro_season, calendar.circuit, {"round": "1"}))
    assert response.status_code == 200
    assert "Round 1 is already used in this season" in response.content.decode()
    assert not Event.objects.filter(name="Sepang").exists()


def test_it_shows_the_same_round_twice_in_one_event_as_a_form_error(calendar: Any) -> None:
    client = client_for(calendar.sro_staff)
    form = event_form(calendar.sro_season, calendar.circuit, {"round": "2"}, {"round": "2", "name": "Race 2"})
    response = client.post(f"{EVENTS}add/", form)
    assert response.status_code == 200
    assert "Round 2 is given twice" in response.content.decode()
    assert not Event.objects.filter(name="Sepang").exists()


def test_it_refuses_a_race_dated_outside_its_new_event(calendar: Any) -> None:
    client = client_for(calendar.sro_staff)
    form = event_form(calendar.sro_season, calendar.circuit, {"round": "2", "race_date": "2023-02-14"})
    response = client.post(f"{EVENTS}add/", form)
    assert response.status_code == 200
    assert "must fall within the event&#x27;s dates" in response.content.decode()
    assert not Event.objects.filter(name="Sepang").exists()


def test_it_refuses_event_dates_that_leave_one_of_its_races_outside(calendar: Any) -> None:
    event = factories.EventFactory(season=calendar.sro_season, name="Fuji")
    race = factories.RaceFactory(event=event, round=2, race_date=date(2023, 2, 12))
    client = client_for(calendar.sro_staff)
    form = event_form(calendar.sro_season, calendar.circuit, name="Fuji", end_date="2023-02-11")
    form.update(
        {
            "races-TOTAL_FORMS": "1",
            "races-INITIAL_FORMS": "1",
            "races-0-id": str(race.pk),
            "races-0-event": str(event.pk),
            "races-0-round": "2",
            "races-0-name": "Race",
            "races-0-race_date": "2023-02-12",
            "races-0-start_time": "",
            "races-0-scheduled_duration_min": "240",
        }
    )
    response = client.post(f"{EVENTS}{event.pk}/change/", form)
    assert response.status_code == 200
    assert "must fall within the event&#x27;s dates" in response.content.decode()
    event.refresh_from_db()
    assert event.end_date == date(2023, 2, 12)


def test_it_shows_a_duplicate_round_in_the_race_form_as_a_form_error(calendar: Any) -> None:
    event = factories.EventFactory(season=calendar.sro_season, name="Fuji")
    client = client_for(calendar.sro_staff)
    form = {"event": str(event.pk), "round": "1", "name": "Race", "scheduled_duration_min": "240"}
    response = client.post("/admin/championships/race/add/", form)
    assert response.status_code == 200
    assert "Round 1 is already used in this season" in response.content.decode()
    assert Race.objects.filter(season=calendar.sro_season).count() == 1


def test_it_refuses_a_cup_whose_class_belongs_to_another_season(world: Any) -> None:
    other = factories.SeasonFactory(series=world.sro_series, name="2023")
    elsewhere = factories.RacingClassFactory(season=other, code="GT3")
    client = client_for(world.sro_staff)
    form = {"season": str(world.sro_season.pk), "racing_class": str(elsewhere.pk), "code": "AM", "name": "Am"}
    response = client.post("/admin/championships/cup/add/", form)
    assert response.status_code == 200
    assert "belongs to another season" in response.content.decode()
    assert not Cup.objects.exists()


def test_it_offers_only_the_seasons_own_classes_for_a_cup_labelled_with_the_season(world: Any) -> None:
    factories.RacingClassFactory(season=world.sro_season, code="GT3", name="GT3")
    other = factories.SeasonFactory(series=world.sro_series, name="2023")
    factories.RacingClassFactory(season=other, code="GT3", name="GT3")
    client = client_for(world.sro_staff)

    season_page = client.get(f"/admin/championships/season/{world.sro_season.pk}/change/").content.decode()
    # The cup inline of the season: its own class only.
    assert season_page.count(">GT3 · GT World Challenge Asia 2022<") >= 1
    assert "GT World Challenge Asia 2023" not in season_page

    add_page = client.get("/admin/championships/cup/add/").content.decode()
    # A cup added on its own: every season's classes, each labelled with its season.
    assert ">GT3 · GT World Challenge Asia 2022<" in add_page and ">GT3 · GT World Challenge Asia 2023<" in add_page


def test_it_labels_each_race_of_a_rules_override_with_its_season(calendar: Any) -> None:
    page = client_for(calendar.sro_staff).get("/admin/championships/pointsrules/add/").content.decode()
    assert "R1 Buriram – Race · GT World Challenge Asia 2022<" in page
