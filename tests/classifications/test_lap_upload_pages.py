"""The steward's lap-file uploads (race page, event qualifying page) and drive-time infringements decided.

Through the HTTP client as the personas: preview, confirm, the drive times per car on the race
page, an infringement proposed as a decision, confirmed through the normal decision form, and
the driver's points gone from the standings.
"""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from championships.models import AuditEntry, PointsRules
from results.classifications.lap_models import DriveTimeRule, LapFileKind, LapRecord, LapUpload
from results.classifications.models import Decision, PenaltyKind
from results.classifications.services import classification_publish
from results.classifications.services import classification_upload_preview as classification_preview
from results.standings.models import StandingRow
from results.standings.store import season_standings_write
from tests import factories
from tests.helpers import absent_withdrawn, checked_value, client_for, confirm
from tests.scenarios import ASLMS, RACE_FILES, Aslms, build_aslms

pytestmark = pytest.mark.django_db

SEPANG = ASLMS / "01-sepang"
RACE_1_LAPS = SEPANG / "202312021400-race-201-hour-4-laps.csv"
GT_QUALIFYING_LAPS = SEPANG / "202312020950-qualifying-20gt-laps.csv"


@pytest.fixture
def aslms(world: Any) -> Aslms:
    return build_aslms(world.aco_series)


def post_file(client: Client, url: str, data: bytes, name: str = "laps.csv") -> Any:
    return client.post(url, {"laps-file": SimpleUploadedFile(name, data)})


def confirm_fields(body: str) -> dict[str, str]:
    return {
        name: re.search(rf'name="{name}" value="([^"]+)"', body).group(1)  # type: ignore[union-attr]
        for name in ("pending", "sha256")
    }


def upload_race_laps(client: Client, race: Any, data: bytes) -> Any:
    preview = post_file(client, f"/steward/races/{race.pk}/laps/", data)
    assert preview.status_code == 200, preview.content.decode()[:2000]
    fields = confirm_fields(preview.content.decode())
    return client.post(f"/steward/races/{race.pk}/laps/confirm/", fields, follow=True)


def test_it_previews_the_race_lap_file_then_stores_it_on_confirm(aslms: Aslms, world: Any) -> None:
    race = aslms.races[1]
    client = client_for(world.aco_steward)

    preview = post_file(client, f"/steward/races/{race.pk}/laps/", RACE_1_LAPS.read_bytes())

    body = preview.content.decode()
    assert "3572 laps of 39 cars" in body and "Ilya Gorbatsky" in body
    assert not LapRecord.objects.exists()
    page = client.post(f"/steward/races/{race.pk}/laps/confirm/", confirm_fields(body), follow=True)
    assert "Race lap file saved: 3572 laps of 39 cars." in page.content.decode()
    assert LapRecord.objects.count() == 3572
    assert 'id="drive-times"' in page.content.decode()
    assert AuditEntry.objects.filter(action="results.laps.race.confirm").count() == 1


def test_it_shows_every_problem_of_a_bad_lap_file_and_saves_nothing(aslms: Aslms, world: Any) -> None:
    race = aslms.races[1]
    lines = RACE_1_LAPS.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("2:25.377", "2:2x.377", 1)
    lines[5] = "777" + lines[5][2:]  # car 11 -> 777, not entered
    response = post_file(client_for(world.aco_steward), f"/steward/races/{race.pk}/laps/", "\n".join(lines).encode())

    body = unescape(response.content.decode())
    assert response.status_code == 400
    assert "row 2, column LAP_TIME: '2:2x.377' is not a time" in body
    assert "row 6, column NUMBER: car 777 is not on the entry list" in body
    assert not LapUpload.objects.exists()


def test_it_hides_the_upload_from_other_series_and_the_public(aslms: Aslms, world: Any) -> None:
    race = aslms.races[1]
    sro_staff = client_for(world.sro_staff)
    assert post_file(sro_staff, f"/steward/races/{race.pk}/laps/", RACE_1_LAPS.read_bytes()).status_code == 404
    anonymous = post_file(client_for(None), f"/steward/races/{race.pk}/laps/", RACE_1_LAPS.read_bytes())
    assert anonymous.status_code == 302
    assert not LapUpload.objects.exists()


def test_it_refuses_to_confirm_another_stewards_preview(aslms: Aslms, world: Any) -> None:
    race = aslms.races[1]
    preview = post_file(client_for(world.aco_steward), f"/steward/races/{race.pk}/laps/", RACE_1_LAPS.read_bytes())
    other = factories.UserFactory(steward=True, organisation=world.aco_series.governing_bodies.first())
    fields = confirm_fields(preview.content.decode())

    assert client_for(other).post(f"/steward/races/{race.pk}/laps/confirm/", fields).status_code == 404
    assert not LapRecord.objects.exists()


def test_it_stores_a_qualifying_lap_file_named_after_its_classes(aslms: Aslms, world: Any) -> None:
    event = aslms.races[1].event
    client = client_for(world.aco_steward)
    preview = post_file(client, f"/steward/events/{event.pk}/qualifying/laps/", GT_QUALIFYING_LAPS.read_bytes())
    assert "161 laps of 23 cars" in preview.content.decode()

    page = client.post(
        f"/steward/events/{event.pk}/qualifying/laps/confirm/", confirm_fields(preview.content.decode()), follow=True
    )

    assert "Qualifying lap file saved: 161 laps" in page.content.decode()
    assert LapUpload.objects.get(kind=LapFileKind.QUALIFYING, confirmed_at__isnull=False).label == "gt"


def _driver_row(aslms: Aslms, driver_id: int) -> StandingRow:
    row = StandingRow.objects.filter(
        season=aslms.season, championship="drivers", competitor_key=f"driver-{driver_id}"
    ).first()
    assert row is not None
    return row


def _driver_points(aslms: Aslms, driver_id: int) -> Decimal:
    return _driver_row(aslms, driver_id).points


def test_it_proposes_the_infringements_and_the_confirmed_decision_takes_the_points(aslms: Aslms, world: Any) -> None:
    race = aslms.races[1]
    PointsRules.objects.create(season=aslms.season)
    data = RACE_FILES[1].read_bytes()
    checked = classification_preview(race=race, user=world.aco_steward, filename="r1.csv", data=data)
    # Cars of the season that did not race at this round: withdrawn, as the steward would choose.
    version = confirm(checked, world.aco_steward, absent_withdrawn(checked))
    classification_publish(version=version, user=world.aco_steward, status="provisional")
    client = client_for(world.aco_steward)
    upload_race_laps(client, race, RACE_1_LAPS.read_bytes())
    DriveTimeRule.objects.create(season=aslms.season, racing_class=aslms.classes["LMP3"], minimum_min=70)

    page = client.get(f"/steward/races/{race.pk}/").content.decode()

    assert 'id="drive-time-proposals"' in page
    links = re.findall(r'href="([^"]*/decisions/new/\?[^"]*)"', page)
    assert links, "an LMP3 driver drove under 70 minutes in the real race"
    proposal = dict(parse_qsl(urlsplit(unescape(links[0])).query))
    assert proposal["kind"] == PenaltyKind.DRIVER_NO_POINTS and "below minimum 1:10:00.000" in proposal["offence"]
    driver_id = int(proposal["driver"])
    season_standings_write(aslms.season.id)
    before = _driver_points(aslms, driver_id)
    assert before > 0
    form = client.get(unescape(links[0])).content.decode()
    assert "below minimum 1:10:00.000" in form  # the decision form comes filled in

    terms = {**proposal, "number": "14", "reason": ""}
    # The race is published: the decision goes through its check page before it applies.
    check = client.post(f"/steward/races/{race.pk}/decisions/new/", terms)
    assert check.status_code == 200
    response = client.post(
        f"/steward/races/{race.pk}/decisions/new/", {**terms, "checked": checked_value(check.content.decode())}
    )

    assert response.status_code == 302
    assert Decision.objects.get(number="14").driver_id == driver_id
    season_standings_write(aslms.season.id)
    assert _driver_points(aslms, driver_id) == 0
    # The explanation of the total says why: the driver drove but does not score.
    races = _driver_row(aslms, driver_id).breakdown["races"]
    assert [race["note"] for race in races if race["round"] == 1] == ["drove but does not score"]
    assert "Decided: Decision 14" in client.get(f"/steward/races/{race.pk}/").content.decode()
