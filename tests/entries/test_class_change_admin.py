"""Staff record a car's class change in the admin (through entries.class_changes): audited, scoped,
and the standings of the season marked for recalculation; the per-race rules offer the classes that
do not score there."""

from __future__ import annotations

from typing import Any

import pytest

from championships.models import AuditEntry, PointsRules
from entries.models import EntryClassChange, EntryStatus
from results.standings.models import SeasonStandingsState
from tests import factories
from tests.championships.test_points_check import GOOD_FORM
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

ADMIN = "/admin/entries/entryclasschange/"


@pytest.fixture
def season(world: Any) -> Any:
    """Two classes and three rounds of the SRO season, one accepted car in Pro-Am."""
    season = world.sro_season
    season.pro_am = factories.RacingClassFactory(season=season, code="GT3 Pro-Am", order=0)
    season.pro = factories.RacingClassFactory(season=season, code="GT3", order=1)
    event = factories.EventFactory(season=season)
    for round_number in (1, 2, 3):
        factories.RaceFactory(event=event, round=round_number)
    season.car = factories.EntryFactory(
        season=season, number="77", racing_class=season.pro_am, status=EntryStatus.ACCEPTED
    )
    return season


def test_it_records_a_class_change_in_the_admin_audited(world: Any, season: Any) -> None:
    SeasonStandingsState.objects.filter(season=season).delete()
    data = {"entry": season.car.pk, "from_round": "3", "racing_class": season.pro.pk, "reason": "Bulletin 4"}
    response = client_for(world.sro_staff).post(f"{ADMIN}add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    change = EntryClassChange.objects.get()
    assert (change.entry, change.from_round, change.racing_class) == (season.car, 3, season.pro)
    record = AuditEntry.objects.get(action="entries.class_change.recorded")
    assert record.actor == world.sro_staff and record.after["class"] == "GT3" and record.after["from_round"] == 3
    assert SeasonStandingsState.objects.get(season=season).pending


def test_it_refuses_a_round_the_season_does_not_have_and_the_first_round(world: Any, season: Any) -> None:
    client = client_for(world.sro_staff)
    for round_number, message in (("9", "The season has no round 9."), ("1", "change the entry&#x27;s own class")):
        data = {"entry": season.car.pk, "from_round": round_number, "racing_class": season.pro.pk}
        response = client.post(f"{ADMIN}add/", data)
        assert response.status_code == 200 and message in response.content.decode()
    assert not EntryClassChange.objects.exists()


def test_staff_of_another_series_cannot_record_one(world: Any, season: Any) -> None:
    data = {"entry": season.car.pk, "from_round": "3", "racing_class": season.pro.pk}
    response = client_for(world.aco_staff).post(f"{ADMIN}add/", data)
    assert response.status_code in (200, 403)
    assert not EntryClassChange.objects.exists()


def test_the_race_rules_offer_classes_that_do_not_score_there(world: Any, season: Any) -> None:
    race = season.races.get(round=2)
    client = client_for(world.sro_staff)
    data = {**GOOD_FORM, "season": str(season.pk), "race": str(race.pk), "non_scoring_classes": "gt3 pro-am"}
    assert client.post("/admin/championships/pointsrules/add/", data).status_code == 302
    assert PointsRules.objects.get(race=race).non_scoring_classes == "GT3 Pro-Am"
    data["non_scoring_classes"] = "LMP9"
    response = client.post("/admin/championships/pointsrules/add/", data)
    assert "Unknown class(es) LMP9" in response.content.decode()
