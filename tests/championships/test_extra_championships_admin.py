"""Extra championships in the admin, by HTTP as a persona: staff of the series add, change and
delete them (checked, audited, standings marked stale); staff of another organisation cannot."""

from __future__ import annotations

from typing import Any

import pytest

from championships.models import AuditEntry, ExtraChampionship
from results.standings.models import SeasonStandingsState
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

ADMIN = "/admin/championships/extrachampionship/"


@pytest.fixture
def gtwc(world: Any) -> Any:
    """GT World Challenge Asia 2022 (SRO): class GT3, cup Pro-Am, rounds 1 to 4."""
    gt3 = factories.RacingClassFactory(season=world.sro_season, code="GT3")
    factories.CupFactory(season=world.sro_season, code="Pro-Am", racing_class=gt3)
    for rnd in range(1, 5):
        factories.RaceFactory(event=factories.EventFactory(season=world.sro_season, name=f"Event {rnd}"), round=rnd)
    return world


def form(season: Any, **changes: str) -> dict[str, str]:
    return {
        "season": str(season.pk),
        "name": "Japan Cup",
        "order": "0",
        "competitors": "drivers",
        "classes": "gt3",
        "cups": "",
        "rounds": "3, 4",
        "numbers": "",
        **changes,
    }


def generation(season: Any) -> int:
    state = SeasonStandingsState.objects.filter(season=season).first()
    return state.generation if state else 0


def test_it_lets_staff_of_the_series_add_a_championship_audited_and_marking_the_standings_stale(gtwc: Any) -> None:
    response = client_for(gtwc.sro_staff).post(f"{ADMIN}add/", form(gtwc.sro_season))
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = ExtraChampionship.objects.get()
    assert (stored.season, stored.classes, stored.round_numbers) == (gtwc.sro_season, "GT3", (3, 4))
    record = AuditEntry.objects.get(action="championships.championship.created")
    assert (record.actor, record.series_id, record.after["name"]) == (gtwc.sro_staff, gtwc.sro_series.pk, "Japan Cup")
    assert generation(gtwc.sro_season) == 1


def test_it_audits_a_change_and_a_deletion(gtwc: Any) -> None:
    cup = ExtraChampionship.objects.create(season=gtwc.sro_season, name="Japan Cup", classes="GT3", rounds="3 4")
    client = client_for(gtwc.sro_staff)
    response = client.post(f"{ADMIN}{cup.pk}/change/", form(gtwc.sro_season, cups="pro-am", classes=""))
    assert response.status_code == 302, response.content.decode()[:3000]
    record = AuditEntry.objects.get(action="championships.championship.updated")
    assert (record.before, record.after) == ({"classes": "GT3", "cups": ""}, {"classes": "", "cups": "Pro-Am"})
    assert client.post(f"{ADMIN}{cup.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not ExtraChampionship.objects.exists()
    assert AuditEntry.objects.get(action="championships.championship.deleted").before["name"] == "Japan Cup"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"classes": "GT3, GT4"}, "has no class GT4 (known: GT3)"),
        ({"cups": "Silver"}, "has no cup Silver (known: Pro-Am)"),
        ({"rounds": "4 9"}, "has no round 9 (rounds: 1, 2, 3, 4)"),
        ({"rounds": "R4"}, "Not a round number: R4"),
        ({"numbers": "7 #23"}, "Not a car number: #23"),
        ({"name": "Drivers"}, "is the name of a standard table"),
    ],
)
def test_it_refuses_a_championship_that_would_score_nothing_or_clash(
    gtwc: Any, changes: dict[str, str], message: str
) -> None:
    response = client_for(gtwc.sro_staff).post(f"{ADMIN}add/", form(gtwc.sro_season, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ExtraChampionship.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="championships.championship").exists()


def test_it_refuses_a_second_championship_of_the_same_name(gtwc: Any) -> None:
    ExtraChampionship.objects.create(season=gtwc.sro_season, name="Japan Cup")
    response = client_for(gtwc.sro_staff).post(f"{ADMIN}add/", form(gtwc.sro_season))
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert ExtraChampionship.objects.count() == 1


def test_staff_of_another_organisation_can_neither_add_nor_change_nor_see_one(gtwc: Any) -> None:
    cup = ExtraChampionship.objects.create(season=gtwc.sro_season, name="Japan Cup", classes="GT3")
    client = client_for(gtwc.aco_staff)
    # The SRO season is not among the seasons ACO staff may attach a championship to.
    response = client.post(f"{ADMIN}add/", form(gtwc.sro_season, name="Other"))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    response = client.post(f"{ADMIN}{cup.pk}/change/", form(gtwc.sro_season, rounds="1"))
    assert response.status_code in (302, 403, 404)
    assert ExtraChampionship.objects.get().rounds == ""
    assert "Japan Cup" not in client.get(ADMIN).content.decode()
    for user in (gtwc.team_manager, gtwc.outsider):
        assert client_for(user).post(f"{ADMIN}add/", form(gtwc.sro_season)).status_code in (302, 403)
    assert ExtraChampionship.objects.count() == 1
    assert not AuditEntry.objects.filter(action__startswith="championships.championship").exists()
