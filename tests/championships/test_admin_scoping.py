"""The admin shows and changes only the series a user's organisations govern."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from championships.models import Season
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def test_it_lists_only_governed_seasons_for_sro_staff(world: Any) -> None:
    response = client_for(world.sro_staff).get("/admin/championships/season/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "GT World Challenge Asia 2022" in body
    assert "European Le Mans Series" not in body


def test_it_hides_another_series_season_detail(world: Any) -> None:
    response = client_for(world.sro_staff).get(f"/admin/championships/season/{world.aco_season.pk}/change/")
    # The admin redirects to its index with a "doesn't exist" message: never shows the row.
    assert response.status_code == 302
    assert world.aco_season.name not in response.get("Location", "")


def test_it_lets_staff_change_their_own_season(world: Any) -> None:
    client = client_for(world.sro_staff)
    url = f"/admin/championships/season/{world.sro_season.pk}/change/"
    assert client.get(url).status_code == 200
    data = {
        "series": world.sro_series.pk,
        "name": "2022-23",
        "classes-TOTAL_FORMS": 0,
        "classes-INITIAL_FORMS": 0,
        "cups-TOTAL_FORMS": 0,
        "cups-INITIAL_FORMS": 0,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    world.sro_season.refresh_from_db()
    assert world.sro_season.name == "2022-23"


def test_it_refuses_a_season_in_a_series_not_governed(world: Any) -> None:
    client = client_for(world.sro_staff)
    response = client.post(
        "/admin/championships/season/add/",
        {
            "series": world.aco_series.pk,
            "name": "2030",
            "classes-TOTAL_FORMS": 0,
            "classes-INITIAL_FORMS": 0,
            "cups-TOTAL_FORMS": 0,
            "cups-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Season.objects.filter(name="2030").exists()


def test_it_gives_steward_read_only_access(world: Any) -> None:
    client = client_for(world.aco_steward)
    url = f"/admin/championships/season/{world.aco_season.pk}/change/"
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    response = client.post(url, {"series": world.aco_series.pk, "name": "hacked"})
    assert response.status_code == 403
    world.aco_season.refresh_from_db()
    assert world.aco_season.name == "2023"


def test_it_keeps_team_manager_and_outsider_out_of_the_admin(world: Any) -> None:
    for user in (world.team_manager, world.outsider):
        response = client_for(user).get("/admin/championships/season/")
        assert response.status_code in (302, 403)
        assert b"European Le Mans Series" not in response.content


def test_it_sends_anonymous_admin_visitors_to_the_allauth_login() -> None:
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_a_readable_error_for_a_duplicate_round(world: Any) -> None:
    event = factories.EventFactory(season=world.sro_season)
    factories.RaceFactory(event=event, round=1)
    response = client_for(world.sro_staff).post(
        "/admin/championships/race/add/",
        {
            "event": event.pk,
            "round": 1,
            "name": "Race 2",
            "scheduled_duration_min": 60,
        },
    )
    assert response.status_code == 200
    assert "Round 1 is already used in this season" in response.content.decode()
    assert event.races.count() == 1


def test_it_shows_a_readable_error_for_a_duplicate_season(world: Any) -> None:
    response = client_for(world.sro_staff).post(
        "/admin/championships/season/add/",
        {
            "series": world.sro_series.pk,
            "name": "2022",
            "classes-TOTAL_FORMS": 0,
            "classes-INITIAL_FORMS": 0,
            "cups-TOTAL_FORMS": 0,
            "cups-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "Season with this Series and Name already exists" in response.content.decode()
