"""The role home: where login lands, what each role has to act on, and the header's links."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from championships.rules import PointsRules
from config.roles import header_links
from entries.home_selectors import manager_todo
from results.classifications.home_selectors import events_without_qualifying, steward_todo
from results.classifications.qualifying_models import QualifyingUpload
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

TODAY = date(2023, 3, 1)


@pytest.fixture
def manager_entries(world: Any) -> dict[str, Any]:
    """Entries of the manager's team in a season still running on TODAY, one per situation."""
    team = factories.TeamFactory(name="Manager Racing", managers=[world.team_manager])
    season = world.sro_season
    factories.EventFactory(season=season, name="Past round", start_date=date(2023, 2, 10), end_date=date(2023, 2, 12))
    upcoming = factories.EventFactory(
        season=season, name="Sepang", start_date=date(2023, 4, 1), end_date=date(2023, 4, 2)
    )
    entry = factories.EntryFactory
    made = {
        "draft": entry(season=season, team=team, number="1", status="draft"),
        "refused": entry(season=season, team=team, number="2", status="rejected", status_reason="Grid is full"),
        "reserve": entry(season=season, team=team, number="3", status="reserve", status_reason="First reserve"),
        "ready": entry(season=season, team=team, number="4", status="accepted"),
        "withdrawn": entry(season=season, team=team, number="5", status="withdrawn"),
    }
    driver = factories.DriverFactory()
    factories.DriverCategoryFactory(driver=driver, season=season, category="silver")
    factories.NominationFactory(entry=made["ready"], event=upcoming, driver=driver)
    # Another team's draft: none of this manager's business.
    entry(season=season, number="9", status="draft")
    return made


def test_it_lists_what_needs_action_on_the_managers_entries(world: Any, manager_entries: dict[str, Any]) -> None:
    todo = {item.entry.number: item.actions for item in manager_todo(world.team_manager, today=TODAY)}
    assert todo == {
        "1": ["Draft: complete it and submit it for review.", "Nominate the drivers for Sepang."],
        "2": ["Refused: Grid is full."],
        "3": ["On the reserve list: First reserve.", "Nominate the drivers for Sepang."],
    }


def test_it_says_what_the_line_up_check_needs(world: Any, manager_entries: dict[str, Any]) -> None:
    manager_entries["ready"].nominations.update(driver=factories.DriverFactory(first_name="Ann", last_name="Uncat"))
    todo = {item.entry.number: item.actions for item in manager_todo(world.team_manager, today=TODAY)}
    assert todo["4"] == [
        "Line-up for Sepang: Ann Uncat has no FIA category for this season;"
        " it must be set before the line-up can be checked."
    ]


def test_it_leaves_out_entries_of_finished_seasons(world: Any, manager_entries: dict[str, Any]) -> None:
    assert manager_todo(world.team_manager, today=date(2023, 5, 1)) == []


@pytest.fixture
def races(world: Any) -> dict[str, Any]:
    """Races of both series on the ACO steward's side of things, in every state."""
    made: dict[str, Any] = {}
    for code, season in (("aco", world.aco_season), ("sro", world.sro_season)):
        run = factories.EventFactory(season=season, name=f"{code} run", start_date=date(2023, 2, 10))
        future = factories.EventFactory(
            season=season, name=f"{code} future", start_date=date(2023, 6, 1), end_date=date(2023, 6, 2)
        )
        made[f"{code}_event"] = run
        made[f"{code}_none"] = factories.RaceFactory(event=run, round=1, name="No file")
        made[f"{code}_draft"] = factories.RaceFactory(event=run, round=2, name="Draft")
        made[f"{code}_provisional"] = factories.RaceFactory(event=run, round=3, name="Provisional")
        made[f"{code}_official"] = factories.RaceFactory(event=run, round=4, name="Official")
        factories.RaceFactory(event=future, round=5, name="Not run yet")
        version = factories.ClassificationVersionFactory
        version(race=made[f"{code}_draft"], version=1, status="draft")
        version(race=made[f"{code}_provisional"], version=1, status="provisional")
        version(race=made[f"{code}_official"], version=1, status="official")
    return made


def test_it_lists_the_stewards_races_by_what_they_wait_for(world: Any, races: dict[str, Any]) -> None:
    todo = steward_todo(world.aco_steward, today=TODAY)
    assert todo.to_upload == [races["aco_none"]]
    assert todo.to_publish == [races["aco_draft"]]
    assert todo.to_make_official == [races["aco_provisional"]]


def test_it_lists_started_events_without_qualifying(world: Any, races: dict[str, Any]) -> None:
    assert events_without_qualifying(world.aco_steward, today=TODAY) == [races["aco_event"]]
    QualifyingUpload.objects.create(
        event=races["aco_event"], filename="q.csv", source=b"", sha256="0", confirmed_at=timezone.now()
    )
    assert events_without_qualifying(world.aco_steward, today=TODAY) == []


def test_it_wants_no_qualifying_where_poles_score_nothing(world: Any, races: dict[str, Any]) -> None:
    PointsRules.objects.create(season=world.aco_season, pole=0)
    assert events_without_qualifying(world.aco_steward, today=TODAY) == []


def test_it_lands_every_user_on_their_home_after_login(world: Any) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"login": world.team_manager.email, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/home/"


def _home(user: Any) -> str:
    response = client_for(user).get("/home/")
    assert response.status_code == 200
    return response.content.decode()


def _freeze_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    monkeypatch.setattr(timezone, "now", lambda: timezone.make_aware(datetime(2023, 3, 1, 12)))


def test_it_shows_each_role_its_own_sections(
    world: Any, races: dict[str, Any], manager_entries: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _freeze_today(monkeypatch)
    manager = _home(world.team_manager)
    assert 'id="manager-todo"' in manager and "Grid is full" in manager
    assert 'id="steward-todo"' not in manager and 'id="staff-dashboard"' not in manager

    steward = _home(world.aco_steward)
    assert 'id="steward-todo"' in steward and "aco run" in steward and "sro run" not in steward
    assert 'id="manager-todo"' not in steward and 'id="staff-dashboard"' not in steward

    staff = _home(world.aco_staff)
    assert 'id="staff-dashboard"' in staff and 'id="steward-todo"' in staff

    assert 'id="no-role"' in _home(world.outsider)


def test_it_shows_a_user_with_several_roles_every_section(
    world: Any, races: dict[str, Any], manager_entries: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _freeze_today(monkeypatch)
    # The ACO steward also manages the team.
    manager_entries["draft"].team.managers.add(world.aco_steward)
    body = _home(world.aco_steward)
    assert 'id="manager-todo"' in body and 'id="steward-todo"' in body


@pytest.mark.parametrize(
    ("persona", "labels"),
    [
        ("team_manager", ["My home", "My entries", "My teams"]),
        ("aco_steward", ["My home", "Steward"]),
        ("aco_staff", ["My home", "Steward", "Team requests", "People", "Admin"]),
        ("outsider", ["My home", "My teams"]),  # where a person joins or registers a team
    ],
)
def test_it_gives_each_user_their_own_header_links(world: Any, persona: str, labels: list[str]) -> None:
    factories.TeamFactory(name="Managed", managers=[world.team_manager])
    user = getattr(world, persona)
    assert [link.label for link in header_links(user)] == labels
    body = client_for(user).get("/").content.decode()
    for label in labels:
        assert f">{label}</a>" in body
    assert ">Log out</a>" in body


def test_it_tells_a_manager_without_a_team_whom_to_ask(world: Any) -> None:
    body = _home(world.team_manager)
    assert 'id="manager-todo"' in body and 'id="no-team"' in body and 'id="no-role"' not in body
