"""Line-ups as a person types them (issue 18 item 4)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from entries.home_selectors import manager_todo
from entries.models import EntryStatus, Nomination
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def _crew(entry: Any) -> dict[str, list[str]]:
    crews: dict[str, list[str]] = {}
    for n in Nomination.objects.filter(entry=entry, removed_at__isnull=True).order_by("added_at"):
        crews.setdefault(n.event.name, []).append(n.driver.last_name)
    return crews


def test_it_finds_a_driver_written_first_name_first(paddock: Any) -> None:
    entry = paddock.entry()
    paddock.driver("bronze", "POR", first_name="Rui", last_name="Carvalho")
    paddock.driver("gold", "JPN", first_name="Chris", last_name="Lulham")  # the crew's Asian driver
    response = client_for(paddock.manager_a).post(
        f"/my/entries/{entry.pk}/lineups/",
        {"same_crew": "on", "all-1-driver": "Rui Carvalho", "all-2-driver": "chris lulham (jpn)"},
    )
    assert response.status_code == 302
    assert _crew(entry) == {"Sepang": ["Carvalho", "Lulham"], "Suzuka": ["Carvalho", "Lulham"]}


def test_it_asks_which_one_when_two_drivers_share_the_name(paddock: Any) -> None:
    entry = paddock.entry()
    paddock.driver("bronze", "POR", first_name="Rui", last_name="Carvalho")
    paddock.driver("bronze", "BRA", first_name="Rui", last_name="Carvalho")
    response = client_for(paddock.manager_a).post(
        f"/my/entries/{entry.pk}/lineups/", {"same_crew": "on", "all-1-driver": "Rui Carvalho"}
    )
    assert response.status_code == 400
    assert "Several drivers are named" in response.content.decode() and not _crew(entry)


def test_it_keeps_the_crew_typed_when_a_new_driver_is_added(paddock: Any) -> None:
    entry = paddock.entry()
    paddock.driver("gold", "GBR", first_name="Chris", last_name="Lulham")
    response = client_for(paddock.manager_a).post(
        f"/my/entries/{entry.pk}/lineups/",
        {
            "same_crew": "on",
            "all-1-driver": "LULHAM Chris (GBR)",
            "add_driver": "1",
            "first_name": "Kenji",
            "last_name": "Arakawa",
            "nationality": "JPN",
            "category": "bronze",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "ARAKAWA Kenji (JPN) can now be picked." in body
    assert 'value="LULHAM Chris (GBR)"' in body  # what was typed is still there
    assert '<option value="ARAKAWA Kenji (JPN)">' in body


def test_it_suggests_drivers_known_from_other_seasons(paddock: Any) -> None:
    entry = paddock.entry()
    paddock.driver("silver", "THA", season=paddock.aslms, first_name="Tanart", last_name="Sathienthirakul")
    body = client_for(paddock.manager_a).get(f"/my/entries/{entry.pk}/lineups/").content.decode()
    assert '<option value="SATHIENTHIRAKUL Tanart (THA)">' in body


def test_it_never_wipes_a_crew_from_an_empty_form_without_confirmation(paddock: Any) -> None:
    entry = paddock.entry()
    paddock.nominate(entry, paddock.driver("bronze", last_name="Arakawa"), event=paddock.sepang)
    client = client_for(paddock.manager_a)
    response = client.post(f"/my/entries/{entry.pk}/lineups/", {"same_crew": "on"})
    assert response.status_code == 400
    assert "tick" in response.content.decode() and _crew(entry) == {"Sepang": ["Arakawa"]}
    response = client.post(f"/my/entries/{entry.pk}/lineups/", {"same_crew": "on", "remove_whole_crews": "on"})
    assert response.status_code == 302 and _crew(entry) == {}


def test_it_lists_every_future_event_where_an_accepted_entry_lacks_a_complete_crew(paddock: Any) -> None:
    entry = paddock.entry(status=EntryStatus.ACCEPTED)
    paddock.nominate(entry, paddock.driver("bronze", last_name="Arakawa"), event=paddock.sepang)
    actions = [a for item in manager_todo(paddock.manager_a, today=date(2022, 5, 1)) for a in item.actions]
    assert any("Sepang" in a for a in actions)  # one driver where two are needed
    assert "Nominate the drivers for Suzuka." in actions
