"""Holes of issue 18 in the team pages, probed from the outside as the people who would use them."""

from __future__ import annotations

from typing import Any

import pytest

from entries.models import Driver, DriverCategory, Nomination
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def _hidden_driver(paddock: Any) -> Any:
    """A driver team B added for its draft: none of team A's business."""
    draft = paddock.entry(team=paddock.team_b)
    client_for(paddock.manager_b).post(
        f"/my/entries/{draft.pk}/lineups/",
        {"add_driver": "1", "first_name": "Secret", "last_name": "Hidden", "nationality": "ITA", "category": "gold"},
    )
    return Driver.objects.get(last_name="Hidden")


def test_it_refuses_a_driver_the_nominate_form_does_not_offer(paddock: Any) -> None:
    entry = paddock.entry()
    hidden = _hidden_driver(paddock)
    client = client_for(paddock.manager_a)
    page = client.get(f"/my/entries/{entry.pk}/").content.decode()
    assert "HIDDEN" not in page and "Hidden" not in page
    response = client.post(
        f"/my/entries/{entry.pk}/nominate/",
        {"event": paddock.sepang.pk, "driver": hidden.pk, "category": "bronze"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    # Neither the name of the driver behind the id nor any write.
    assert "Hidden" not in body and "HIDDEN" not in body and "Select a valid choice" in body
    assert not Nomination.objects.filter(driver=hidden).exists()
    assert DriverCategory.objects.get(driver=hidden).category == "gold"  # team B's, unchanged


def test_it_refuses_a_hidden_driver_typed_in_the_season_form(paddock: Any) -> None:
    entry = paddock.entry()
    hidden = _hidden_driver(paddock)
    response = client_for(paddock.manager_a).post(
        f"/my/entries/{entry.pk}/lineups/",
        {"same_crew": "on", "all-1-driver": "HIDDEN Secret (ITA)", "all-1-category": "bronze"},
    )
    assert response.status_code == 400
    assert "No driver &#x27;HIDDEN Secret (ITA)&#x27; is known" in response.content.decode()
    assert not Nomination.objects.filter(driver=hidden).exists()


def _new_driver_for_draft(paddock: Any) -> Any:
    entry = paddock.entry(team=paddock.team_b)
    client_for(paddock.manager_b).post(
        f"/my/entries/{entry.pk}/lineups/",
        {"add_driver": "1", "first_name": "Newt", "last_name": "Rookie", "nationality": "NZL", "category": "silver"},
    )
    return entry


def test_it_shows_a_drafts_new_driver_only_to_its_team_and_the_series_officials(paddock: Any) -> None:
    _new_driver_for_draft(paddock)
    other_team_entry = paddock.entry(team=paddock.team_a)
    other_team = client_for(paddock.manager_a).get(f"/my/entries/{other_team_entry.pk}/lineups/")
    assert "ROOKIE" not in other_team.content.decode()
    # Another organisation's staff find nothing in the drivers' admin (its search included).
    aco = client_for(paddock.world.aco_staff)
    assert ">Rookie<" not in aco.get("/admin/entries/driver/?q=Rookie").content.decode()
    # The officials of the series entered do.
    assert ">Rookie<" in client_for(paddock.world.sro_staff).get("/admin/entries/driver/?q=Rookie").content.decode()
    assert ">Rookie<" in client_for(paddock.sro_steward).get("/admin/entries/driver/?q=Rookie").content.decode()


def test_it_shares_the_new_driver_once_the_draft_is_submitted(paddock: Any) -> None:
    entry = _new_driver_for_draft(paddock)
    entry.status = "submitted"
    entry.save()
    assert ">Rookie<" in client_for(paddock.world.aco_staff).get("/admin/entries/driver/?q=Rookie").content.decode()
